"""Dumb terminals and pipes use the plain reader; one-shot use never imports the REPL."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from netshpy.command_line import Options
from netshpy.modes import use_plain_reader


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("term", "plain", "stdin", "stdout", "expected"),
    [
        ("xterm", False, Tty(), Tty(), False),
        ("dumb", False, Tty(), Tty(), True),
        ("xterm", True, Tty(), Tty(), True),
        ("xterm", False, io.StringIO(), Tty(), True),
        ("xterm", False, Tty(), io.StringIO(), True),
    ],
)
def test_use_plain_reader(monkeypatch, term, plain, stdin, stdout, expected) -> None:
    monkeypatch.setenv("TERM", term)
    assert use_plain_reader(Options(plain=plain), stdin, stdout) is expected


def test_real_pty_takes_the_repl(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    master, slave = pty.openpty()
    try:
        with os.fdopen(os.dup(slave), "r") as ends:
            assert use_plain_reader(Options(), ends, ends) is False
    finally:
        os.close(master)
        os.close(slave)


def test_one_shot_path_stays_light(tmp_path) -> None:
    code = (
        "import sys, io\n"
        "from netshpy.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        "main(['--state-dir', sys.argv[1], 'ipsec', 'static', 'show', 'mode'])\n"
        "heavy = [m for m in ('prompt_toolkit', 'rich', 'pygments', 'netshpy.repl') if m in sys.modules]\n"
        "sys.__stdout__.write(repr(heavy))\n"
    )
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.stdout == "[]", out.stderr


def test_piped_interactive_session_uses_the_plain_reader(tmp_path) -> None:
    env = dict(os.environ, PYTHONPATH=os.getcwd(), TERM="xterm")
    out = subprocess.run(
        [sys.executable, "-m", "netshpy", "--state-dir", str(tmp_path / "s")],
        input="ipsec static\n:context\nexit\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.stdout == "netsh>netsh ipsec static>netsh ipsec static\nnetsh ipsec static>"
