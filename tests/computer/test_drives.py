"""The emulated computer's drives: Windows paths, Windows' errors, host copies, the prompt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from netshpy import Emulator
from netshpy.api_errors import EmulatorError
from netshpy.cmdprompt import CommandPrompt
from netshpy.computer.drives import DriveError, Drives, drives
from netshpy.host import Host
from netshpy.session import Session


@pytest.fixture
def disk(tmp_path: Path) -> Drives:
    return Drives(tmp_path / "state")


@pytest.mark.parametrize(
    ("path", "full"),
    [
        ("C:\\Policies\\x.ipsec", "C:\\Policies\\x.ipsec"),
        ("c:/policies/./a/../x.ipsec", "C:\\policies\\x.ipsec"),
        ("x.ipsec", "C:\\x.ipsec"),
        ("\\WINDOWS\\system32", "C:\\WINDOWS\\system32"),
        ("C:..\\..\\x", "C:\\x"),
        ("name. ", "C:\\name"),
        ("C:\\", "C:\\"),
    ],
)
def test_full_paths(disk: Drives, path: str, full: str) -> None:
    assert disk.full_path(path) == full


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("Q:\\x", 15),
        ("C:\\a<b", 123),
        ('C:\\a"b', 123),
        ("C:\\a|b", 123),
        ("\\\\server\\share\\x", 53),
        ("C:\\" + "a" * 300, 206),
    ],
)
def test_paths_windows_refuses(disk: Drives, path: str, code: int) -> None:
    with pytest.raises(DriveError) as caught:
        disk.full_path(path)
    assert caught.value.code == code


def test_reading_and_writing_with_windows_errors(disk: Drives, tmp_path: Path) -> None:
    assert disk.write_text("C:\\note.txt", "a\nb\n") == "C:\\note.txt"
    assert (tmp_path / "state" / "drives" / "C" / "note.txt").read_bytes() == b"a\r\nb\r\n"
    assert disk.read_text("c:\\NOTE.TXT") == "a\nb\n"  # any case
    disk.write_text("C:\\note.txt", "c\n", append=True)
    assert disk.read_text("C:\\note.txt") == "a\nb\nc\n"
    with pytest.raises(DriveError, match="The system cannot find the file specified."):
        disk.read_text("C:\\nope.txt")
    with pytest.raises(DriveError, match="The system cannot find the path specified."):
        disk.read_text("C:\\nowhere\\nope.txt")
    with pytest.raises(DriveError, match="The system cannot find the path specified."):
        disk.write_text("C:\\Policies\\x.ipsec", "x")
    with pytest.raises(DriveError, match="Access is denied."):
        disk.read_text("C:\\WINDOWS")
    assert disk.write_text("C:\\nul", "gone") == "NUL" and disk.read_text("nul") == ""
    disk.mkdir("C:\\Policies")
    with pytest.raises(DriveError, match="Cannot create a file when that file already exists."):
        disk.mkdir("c:\\policies")
    assert "Policies" in disk.listdir("C:\\")
    disk.remove("C:\\note.txt")
    assert not disk.exists("C:\\note.txt")


def test_the_working_directory(disk: Drives) -> None:
    disk.makedirs("C:\\Documents and Settings\\Administrator")
    disk.chdir("c:\\documents and settings\\administrator")
    assert disk.cwd() == "C:\\Documents and Settings\\Administrator"  # spelled as stored
    assert disk.full_path("x.txt") == "C:\\Documents and Settings\\Administrator\\x.txt"
    with pytest.raises(DriveError, match="path specified"):
        disk.chdir("C:\\nowhere")


def test_copies_between_host_and_drive(disk: Drives, tmp_path: Path) -> None:
    source = tmp_path / "policy.ipsec"
    source.write_text("data")
    assert disk.copy_from_host(source, "C:\\WINDOWS\\Temp") == "C:\\WINDOWS\\Temp\\policy.ipsec"
    out = tmp_path / "out"
    out.mkdir()
    assert disk.copy_to_host("C:\\windows\\temp\\policy.ipsec", out) == out / "policy.ipsec"
    assert (out / "policy.ipsec").read_text() == "data"


def test_copy_emulator_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.txt").write_text("show mode\n")
    session = Session(Host(tmp_path / "state", deterministic=True))
    result = session.execute(":copy host:s.txt C:\\s.txt")
    assert result.output == "netshpy: copied s.txt to C:\\s.txt\n"
    assert session.execute("exec C:\\s.txt").output == "online\n"
    assert session.execute(":copy C:\\s.txt host:back.txt").ok
    assert (tmp_path / "back.txt").read_bytes() == b"show mode\n"  # copied byte for byte
    bad = session.execute(":copy host:nope.txt C:\\x")
    assert not bad.ok and "cannot copy nope.txt" in bad.output
    assert not session.execute(":copy C:\\a C:\\b").ok  # one side must be host:
    assert (
        "Q:\\x: The system cannot find the drive specified."
        in session.execute(":copy host:s.txt Q:\\x").output
    )


def test_emulator_api_copies(tmp_path: Path) -> None:
    with Emulator() as emu:
        emu.run("ipsec static exportpolicy file=C:\\mine").check()
        host_file = emu.copy_from_drive("C:\\mine.ipsec", tmp_path)
        assert host_file == tmp_path / "mine.ipsec" and host_file.is_file()
        with pytest.raises(EmulatorError, match="path specified"):
            emu.copy_to_drive(host_file, "C:\\nowhere\\x.ipsec")
        with pytest.raises(EmulatorError):
            emu.copy_from_drive("C:\\nope.ipsec", tmp_path)


def test_the_prompt_redirects_to_the_drive_and_shows_the_directory(tmp_path: Path) -> None:
    host = Host(tmp_path / "state", deterministic=True)
    prompt = CommandPrompt(host)
    assert prompt.prompt == "C:\\>"
    assert prompt.run("netsh ipsec static dump > C:\\dump.txt").output == ""
    assert prompt.run("echo more>> C:\\dump.txt").output == ""
    text = drives(host).read_text("C:\\dump.txt")
    assert text.startswith("# ---") and text.endswith("more\n")
    assert prompt.run("netsh ipsec static show policy all 2>&1 > nul").output == ""
    out = prompt.run("netsh ipsec dump > C:\\Users\\Admin\\x.txt")
    assert out.output == "The system cannot find the path specified.\n" and out.errorlevel == 1
    # netsh -f at the prompt reads the drive
    drives(host).write_text("C:\\s.txt", "show mode\n")
    assert prompt.run("netsh -f C:\\s.txt").output == "online\n"
    assert prompt.run('netsh -f "C:\\s.txt"').output == "online\n"
    prompt.prompt = "C:\\Documents and Settings\\Administrator>"
    assert prompt.prompt == "C:\\Documents and Settings\\Administrator>"
    assert drives(host).cwd() == "C:\\Documents and Settings\\Administrator"
    host.close()


def test_host_command_line_f_reads_the_host_file(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("show mode\n")
    proc = subprocess.run(
        [sys.executable, "-m", "netshpy", "--state-dir", str(tmp_path / "st"), "-f", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout == "online\n"
