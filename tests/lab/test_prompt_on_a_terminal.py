"""The lab's C:\\> prompt on a terminal: ':' output fits it, as at a netsh prompt."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from netshpy.command_line import Options
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file
from netshpy.lab_cli import run_lab_prompt


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lab_output_at_the_prompt_is_wrapped_to_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At W2K's C:\> prompt a :send explanation was one 100-column line that the
    # terminal broke inside an address, and :check's title broke mid-phrase.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("TERM", raising=False)
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from netshpy.repl import cmd_app
    from netshpy.repl.config import Config

    monkeypatch.setattr("sys.stdin", _Tty(""))
    out = _Tty()
    monkeypatch.setattr("sys.stdout", out)
    real = cmd_app.run_cmd_repl

    def typed(at, on_netsh, **kwargs):  # the terminal's keys, through prompt_toolkit
        with create_pipe_input() as pipe:
            pipe.send_text(":send INTRUDER W2K tcp 445\r:check\rexit\r")
            config = Config(path=tmp_path / "config.toml")
            return real(at, on_netsh, input=pipe, output=DummyOutput(), config=config, **kwargs)

    monkeypatch.setattr(cmd_app, "run_cmd_repl", typed)
    lab = Lab.from_file(find_lab_file("block-445"), tmp_path / "lab", fresh=True)
    try:
        run_lab_prompt(lab, "W2K", Options())
    finally:
        lab.close()
    # (the prompt is followed by the echo of the typed line on a real terminal)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).replace("C:\\>", "")
    assert "Result: INTRUDER -> W2K TCP port 445: clear" in text
    assert "┃" in text  # :check as a table, as on a netsh prompt
    assert max(len(line) for line in text.splitlines()) < 80
