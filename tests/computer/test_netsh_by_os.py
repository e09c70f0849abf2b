"""netsh by Windows version: no ``ipsec`` on Windows 2000 and XP, in every front end."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.api import Emulator, EmulatorError
from netshpy.command_line import run_netsh_argv
from netshpy.host import Host
from netshpy.osinfo import os_from_name
from netshpy.session import Session

NOT_FOUND = "The following command was not found: ipsec static show all.\n"
OLD = ("2000", "xp", "xp-sp2")


@pytest.mark.parametrize("os_id", OLD)
def test_session_has_no_ipsec(tmp_path: Path, os_id: str) -> None:
    session = Session(Host(tmp_path, os=os_id, deterministic=True))
    assert session.execute("ipsec static show all").output == NOT_FOUND
    assert session.execute("ipsec").output == "The following command was not found: ipsec.\n"
    listing = session.execute("?").output
    assert "ipsec" not in listing and "interface      - Changes to" in listing


def test_server_2003_keeps_ipsec(tmp_path: Path) -> None:
    session = Session(Host(tmp_path, os="2003", deterministic=True))
    assert "ipsec" in session.execute("?").output
    assert session.execute("ipsec static show all").ok


@pytest.mark.parametrize(
    ("os_id", "contexts"),
    [
        ("2000", "interface ras routing"),
        ("xp", "bridge diag interface ras routing"),
        ("xp-sp2", "bridge diag firewall interface lan ras routing winsock"),  # R2 verbatim
    ],
)
def test_root_lists_the_versions_helpers(tmp_path: Path, os_id: str, contexts: str) -> None:
    session = Session(Host(tmp_path, os=os_id))
    assert f"sub-contexts are available:\n {contexts}\n" in session.execute("help").output


def test_a_stub_context_says_it_is_not_emulated(tmp_path: Path) -> None:
    session = Session(Host(tmp_path, os="xp-sp2"))
    result = session.execute("interface ip show address")
    assert not result.ok and "does not emulate the `netsh interface' context" in result.output
    assert session.prompt == "netsh>"
    assert "HNETMON.DLL   bridge" in session.execute("show helper").output
    assert "cannot be removed" in session.execute("delete helper ifmon.dll").output


def test_os_is_kept_in_the_state_folder(tmp_path: Path) -> None:
    Host(tmp_path, os="xp")
    assert Host(tmp_path).os == "xp"
    (tmp_path / "host.json").write_text('{"os": 7}')
    assert Host(tmp_path).os == "2003"
    with pytest.raises(ValueError):
        Host(tmp_path, os="vista")


def test_one_shot_and_script(tmp_path: Path) -> None:
    host = Host(tmp_path / "s", os="xp", deterministic=True)
    out, status = run_netsh_argv(["ipsec", "static", "show", "all"], host)
    assert out == NOT_FOUND and status == 0
    script = tmp_path / "x.txt"
    script.write_text("ipsec static show all\n")
    out, _ = run_netsh_argv(["-f", str(script)], host)
    assert out == NOT_FOUND


def test_api_and_command_prompt() -> None:
    with Emulator(os="2000") as pc:
        assert pc.os == "2000"
        assert pc.run("ipsec static show all").output == NOT_FOUND
        assert pc.netsh("ipsec", "static", "show", "all").output == NOT_FOUND
        assert pc.cmd("netsh ipsec static show all").output == NOT_FOUND
    with pytest.raises(EmulatorError):
        Emulator(os="nt4")


@pytest.mark.netshpy(os="xp-sp2")
def test_plugin_marker_chooses_the_os(netsh: Emulator) -> None:
    assert netsh.os == "xp-sp2"
    assert not netsh.run("ipsec dynamic show all").ok


@pytest.mark.parametrize(
    ("name", "os_id"),
    [
        ("Windows Server 2003 SP1", "2003"),
        ("Windows XP", "xp"),
        ("Windows XP SP2", "xp-sp2"),
        ("Windows XP Service Pack 2", "xp-sp2"),
        ("windows 2000", "2000"),
        ("xp-sp2", "xp-sp2"),
        ("Windows Vista", None),
    ],
)
def test_os_names(name: str, os_id: str | None) -> None:
    assert os_from_name(name) == os_id


def test_lab_sessions_follow_the_computer_sat_at(tmp_path: Path) -> None:
    from tests.lab.labkit import RESPOND, make_lab

    lab = make_lab(tmp_path, {"os": "xp-sp2", "setup": RESPOND}, {"setup": RESPOND})
    try:
        # A's setup (netsh ipsec lines, the trainer's) ran; at A itself there is no netsh ipsec.
        assert lab.run("A", "ipsec static show all").output.startswith("The following command")
        session = lab.session("B")
        assert session.execute("ipsec static").ok and session.prompt == "netsh ipsec static>"
        # set machine only changes the target: B's netsh (2003) reaches A's store.
        assert session.execute("set machine A").ok
        assert "Client (Respond Only)" in session.execute("show policy all").output
        lab.connect(session, "A")
        assert session.prompt == "netsh>"
        assert not session.execute("ipsec static show all").ok
    finally:
        lab.close()


def test_transcript_header_os(tmp_path: Path) -> None:
    from netshpy.transcript.format import TranscriptError, parse

    text = "#! os: Windows XP SP2\nnetsh>ipsec\nThe following command was not found: ipsec.\nnetsh>exit\n"
    assert parse(text, "t.txt").header.os == "Windows XP SP2"
    with pytest.raises(TranscriptError):
        parse("#! os: Windows 95\nnetsh>exit\n", "t.txt")


def test_the_os_option(tmp_path: Path, capsys) -> None:
    from netshpy.cli import main

    state = str(tmp_path / "s")
    assert main(["--state-dir", state, "--os", "xp", "ipsec", "static", "show", "all"]) == 0
    assert capsys.readouterr().out == NOT_FOUND
    assert main(["--state-dir", state, "--cmd", "ver"]) == 0  # kept in the state folder
    assert "Windows XP" in capsys.readouterr().out
    assert main(["--state-dir", state, "--os", "vista", "show", "mode"]) == 2


@pytest.mark.parametrize(
    ("os_id", "name"),
    [("2003", "WIN2003"), ("xp-sp2", "WINXPSP2"), ("xp", "WINXP"), ("2000", "WIN2000")],
)
def test_default_computer_name_follows_the_version(tmp_path: Path, os_id: str, name: str) -> None:
    # An XP computer called WIN2003 would teach a false fact; a given name still wins.
    with Emulator(tmp_path / "a", os=os_id) as emulator:
        assert emulator.computer_name == name
        assert emulator.cmd("hostname").output == f"{name}\n"
    assert Host(tmp_path / "b", os=os_id).computer_name == name
    with Emulator(tmp_path / "c", os=os_id, computer_name="LAB1") as emulator:
        assert emulator.cmd("hostname").output == "LAB1\n"
