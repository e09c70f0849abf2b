"""Undecodable bytes and endless lines from argv, stdin and import files (issue 12).

Python turns a byte that is not UTF-8 into a lone surrogate, which SQLite and
a UTF-8 stdout refuse: ``add policy name=$'\\xff'`` ended in an internal
error. ``netshpy < /dev/zero`` read one endless line into memory.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netshpy import Emulator, cli
from netshpy.inputs import MAX_LINE_CHARS, LineTooLong, clean, read_line
from netshpy.static import portable

ROOT = Path(__file__).resolve().parents[2]


def _netshpy(args: list[bytes], tmp: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = dict(os.environ, NETSHPY_STATE_DIR=str(tmp / "state"), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"netshpy", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=tmp,
        timeout=60,
    )


def test_clean_replaces_lone_surrogates_only() -> None:
    assert clean("a\udcffb\ud800") == "a\ufffdb\ufffd"
    assert clean("é😀 plain") == "é😀 plain"


def test_undecodable_argv_bytes(tmp_path: Path) -> None:
    done = _netshpy([b"ipsec", b"static", b"add", b"policy", b"name=\xff"], tmp_path)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    done = _netshpy([b"ipsec", b"static", b"show", b"policy", b"name=\xef\xbf\xbd"], tmp_path)
    assert re.search(r"Policy Name +: \ufffd\n", done.stdout.decode())


def test_undecodable_stdin_bytes(tmp_path: Path) -> None:
    done = _netshpy([b"--plain"], tmp_path, stdin=b"ipsec static add policy name=\xfe\x80\n")
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    done = _netshpy([b"--cmd"], tmp_path, stdin=b"echo \xff\nnetsh show \xff\n")
    assert done.stderr == b"", done.stderr


def test_surrogates_through_the_api() -> None:
    with Emulator() as emu:
        assert emu.run("ipsec static add policy name=\udcff description=\ud800").ok
        assert not emu.run("alias \udcff show mode").output.startswith("netshpy: internal")
        assert "\ufffd" in emu.run("ipsec static show policy name=\ufffd").output


def test_an_import_file_with_a_surrogate_escape_is_refused(tmp_path: Path) -> None:
    with Emulator() as emu:
        emu.run("ipsec static add policy name=P").check()
        emu.run("ipsec static exportpolicy file=C:\\p").check()
        file = emu.drives.copy_to_host("C:\\p.ipsec", tmp_path)
        document = json.loads(file.read_text())
        document["data"]["policies"][0]["description"] = "\udcff"
        document["sha256"] = portable._digest(document["data"])  # a well-made hostile file
        file.write_text(json.dumps(document))  # ensure_ascii: written as "\udcff"
        emu.drives.copy_from_host(file, "C:\\p.ipsec")
        result = emu.run("ipsec static importpolicy file=C:\\p.ipsec")
    assert result.error_code == 5041, result.output


class Endless(io.TextIOBase):
    """``/dev/zero`` as text: NULs for ever, with no line end."""

    def readline(self, size: int | None = -1) -> str:
        return "\0" * (size if size and size > 0 else 8192)


def test_read_line_skips_a_long_line_and_stops_an_endless_one() -> None:
    stream = io.StringIO("x" * (MAX_LINE_CHARS + 5) + "\nshow mode\n")
    with pytest.raises(LineTooLong) as caught:
        read_line(stream)
    assert not caught.value.endless
    assert read_line(stream) == "show mode\n"
    with pytest.raises(LineTooLong) as caught:
        read_line(Endless())
    assert caught.value.endless


def test_the_plain_reader_survives_dev_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", Endless())
    status = cli.main(["--plain", "--strict", "--state-dir", str(tmp_path / "s")])
    out = capsys.readouterr().out
    assert status == 1
    assert "netshpy: line skipped: longer than" in out


def test_a_long_stdin_line_is_skipped_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "=" * (MAX_LINE_CHARS + 1) + "\nshow mode\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    cli.main(["--plain", "--state-dir", str(tmp_path / "s")])
    out = capsys.readouterr().out
    assert "netshpy: line skipped" in out and "online" in out


def test_a_lab_computers_command_prompt_bounds_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The lab's C:\\> prompt read stdin without a limit: '< /dev/zero' was a MemoryError."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("=" * (MAX_LINE_CHARS + 1) + "\nver\n"))
    argv = ["--lab", "block-445", "--connect", "XP1", "--state-dir", str(tmp_path / "lab")]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "netshpy: line skipped: longer than" in out
    assert "Microsoft Windows XP [Version 5.1.2600]" in out.split("line skipped")[1]
    monkeypatch.setattr(sys, "stdin", Endless())
    assert cli.main(argv) == 0  # stops after skipping 32 MB of one line
