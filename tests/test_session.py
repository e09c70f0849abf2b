"""Navigation, inheritance and the root commands through the session core."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy import help as helptext
from netshpy import messages
from netshpy.computer.drives import drives
from netshpy.session import Session

NAVIGATION = [
    # lines typed in order, and the prompt after the last one
    (["ipsec"], "netsh ipsec>"),
    (["ipsec static"], "netsh ipsec static>"),
    (["ipsec", "static"], "netsh ipsec static>"),
    (["ipsec static", ".."], "netsh ipsec>"),
    (["ipsec static", "..", ".."], "netsh>"),
    ([".."], "netsh>"),
    (["ipsec static", "ipsec dynamic"], "netsh ipsec dynamic>"),
    (["ipsec static", "dynamic"], "netsh ipsec dynamic>"),
    (["ipsec static", "pushd ..", "pushd ..", "popd"], "netsh ipsec>"),
    (["ipsec static", "pushd ..", "pushd ..", "popd", "popd"], "netsh ipsec static>"),
    (["pushd ipsec dynamic"], "netsh ipsec dynamic>"),
    (["pushd ipsec dynamic", "popd"], "netsh>"),
    (["IPSEC STATIC"], "netsh ipsec static>"),
]


@pytest.mark.parametrize(("lines", "prompt"), NAVIGATION)
def test_navigation(session: Session, lines: list[str], prompt: str) -> None:
    for line in lines:
        assert session.execute(line).ok, line
    assert session.prompt == prompt


@pytest.mark.parametrize("word", ["exit", "quit", "bye", "EXIT", "qui"])
def test_leaving(session: Session, word: str) -> None:
    session.execute("ipsec static")
    session.execute(word)
    assert session.finished


def test_popd_on_an_empty_stack(session: Session) -> None:
    result = session.execute("popd")
    assert not result.ok and result.output == messages.STACK_EMPTY + "\n"


def test_help_lists_the_current_context(session: Session) -> None:
    session.execute("ipsec static")
    for word in ("?", "help", "/?", "-?", "HELP"):
        assert session.execute(word).output == helptext.context_listing(
            session.context, session.spec.root
        )


def test_command_without_required_arguments_prints_usage(session: Session) -> None:
    out = session.execute("ipsec static add filter").output
    assert out.startswith("\nUsage:\n  filter [ filterlist = ] <string>\n")


def test_bad_syntax_prints_the_usage_after_a_blank_line(session: Session) -> None:
    out = session.execute("ipsec static add filterlist x name=y").output
    assert out.startswith(messages.BAD_SYNTAX + "\n\nUsage:\n  filterlist [ name = ] <string>\n")


def test_not_found_keeps_netsh_echo(session: Session) -> None:
    result = session.execute('ipsec static frobnicate "all of it"')
    assert (
        result.output == "The following command was not found: ipsec static frobnicate all of it.\n"
    )
    assert not result.ok


def test_interactive_only_commands_are_refused_one_shot(session: Session) -> None:
    result = session.execute("exit", one_shot=True)
    assert result.output == "The following command was not found: exit.\n"
    assert not session.finished


def test_context_alone_one_shot_prints_its_listing(session: Session) -> None:
    out = session.execute("ipsec static", one_shot=True).output
    assert out.startswith("\nThe following commands are available:\n")
    assert session.prompt == "netsh>"


def test_alias_round_trip(session: Session) -> None:
    session.execute('alias ss "ipsec static"')
    assert session.execute("show alias").output == "ss ipsec static\n"
    assert session.execute("alias ss").output == "ipsec static\n"
    session.execute("ss")
    assert session.prompt == "netsh ipsec static>"
    session.execute("unalias ss")
    assert session.execute("show alias").output == ""
    assert not session.execute("unalias ss").ok


def test_modes_and_offline_queue(session: Session) -> None:
    assert session.execute("show mode").output == "online\n"
    session.execute("offline")
    assert session.execute("show mode").output == "offline\n"
    session.execute("set mode online")
    assert session.execute("show mode").output == "online\n"
    session.execute("set mode offline")
    session.execute("ipsec static add filterlist Queued")
    assert len(session.offline_queue) == 1
    session.execute("abort")
    assert session.offline_queue == []


def test_exec_runs_a_script_from_the_computers_drive(session: Session, tmp_path: Path) -> None:
    disk = drives(session.host)
    disk.write_text("C:\\s.netsh", "# a comment\n\nipsec static\nshow mode\n")
    assert session.execute('exec "c:\\S.netsh"').output == "online\n"
    assert session.prompt == "netsh ipsec static>"
    missing = session.execute("exec nope")
    assert missing.output == messages.SCRIPT_NOT_FOUND + "\n" and not missing.ok
    no_folder = session.execute("exec C:\\Scripts\\s.netsh")
    assert no_folder.output == "The system cannot find the path specified.\n"
    # a host file of the same name is not what exec reads
    (tmp_path / "host.netsh").write_text("show mode\n")
    assert not session.execute(f"exec {tmp_path / 'host.netsh'}").ok


def test_show_helper_lists_the_ipsec_helper(session: Session) -> None:
    out = session.execute("show helper").output
    assert "NSHIPSEC.DLL  ipsec" in out and "    static" in out


def test_set_machine(session: Session) -> None:
    assert session.execute("set machine").ok
    assert session.execute("set machine WIN2003").ok
    result = session.execute("set machine OTHERBOX")
    assert not result.ok and "OTHERBOX" in result.output


def test_nul_and_control_characters_do_not_crash(session: Session) -> None:
    for line in ("\x00", "ipsec\x00 static", "\x1b[A", "a\rb", "ipsec static add filterlist \x07"):
        assert isinstance(session.execute(line).output, str)


def test_the_session_finds_every_colon_commands_module_by_name() -> None:
    from netshpy.session import colon_modules

    found = colon_modules()
    assert found[0] == "netshpy.colon_commands"  # the core's own
    for area in ("lab", "repl", "transcript"):
        assert f"netshpy.{area}.colon_commands" in found
    assert all(name.endswith(".colon_commands") for name in found)
