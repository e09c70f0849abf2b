"""Sitting at a lab computer's prompt: --lab --connect --cmd, :connect, netsh in the lab."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from netshpy.cli import main
from netshpy.lab.at_prompt import LabPrompt
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file


def _run(capsys, tmp_path: Path, *argv: str) -> tuple[int, str]:
    status = main(["--lab", "dh2048", "--state-dir", str(tmp_path), "--deterministic", *argv])
    return status, capsys.readouterr().out


def test_connect_cmd_runs_one_prompt_line(capsys, tmp_path: Path) -> None:
    status, out = _run(capsys, tmp_path, "--connect", "XP1", "--cmd", "ver")
    assert (status, out) == (0, "\nMicrosoft Windows XP [Version 5.1.2600]\n")
    _, out = _run(capsys, tmp_path, "--connect", "xp1", "--cmd", "netsh ipsec static show all")
    assert out == "The following command was not found: ipsec static show all.\n"
    # netsh -r from a Server 2003 computer reaches XP1's store.
    _, out = _run(
        capsys, tmp_path, "--connect", "SRV1", "--cmd", "netsh -r XP1 ipsec static show policy all"
    )
    assert "Client (Respond Only)" in out
    status, _ = _run(capsys, tmp_path, "--connect", "NOPE", "--cmd", "ver")
    assert status == 2


def test_an_xp_start_computer_opens_at_its_prompt(capsys, tmp_path: Path, monkeypatch) -> None:
    lab_file = tmp_path / "xp.toml"
    lab_file.write_text(
        '[lab]\nname = "x"\nstart = "XP1"\n\n[[computer]]\nname = "XP1"\nos = "xp"\n'
        'addresses = ["10.0.0.10"]\ntools = ["support-tools"]\n'
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("ipseccmd show gpo\nexit\n"))
    status = main(["--lab", str(lab_file), "--state-dir", str(tmp_path / "s"), "--plain"])
    out = capsys.readouterr().out
    assert status == 0
    assert "\n\nC:\\>No IPSec policy is assigned.\n\nC:\\>" in out


def test_colon_connect_moves_the_prompt(tmp_path: Path) -> None:
    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path, fresh=True, deterministic=True)
    try:
        at = LabPrompt(lab, "XP1")
        assert at.run("hostname").output == "XP1\n"
        assert at.run(":connect SRV2").output == "Now at SRV2.\n"
        assert at.run("hostname").output == "SRV2\n"
        assert at.run("netsh ipsec static show gpoassignedpolicy").output.startswith("ERR IPsec")
        assert "Reply from 10.0.0.10" in at.run("ping XP1").output
    finally:
        lab.close()


@pytest.mark.parametrize("line", ["", "   ", ":nosuch"])
def test_odd_lines(tmp_path: Path, line: str) -> None:
    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path, fresh=True, deterministic=True)
    try:
        LabPrompt(lab, "XP1").run(line)
    finally:
        lab.close()


def test_connect_from_netsh_to_xp_says_where_its_tool_is(tmp_path: Path) -> None:
    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path, fresh=True, deterministic=True)
    try:
        session = lab.session()
        out = session.execute(":connect XP1").output
        assert "Windows XP SP2 has no netsh ipsec: its IPsec tool is ipseccmd" in out
        assert session.execute(":connect SRV2").output == "Now at SRV2.\n"
        assert LabPrompt(lab, "SRV1").run(":connect XP1").output == "Now at XP1.\n"
    finally:
        lab.close()
