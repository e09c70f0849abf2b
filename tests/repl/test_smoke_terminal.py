"""Smoke tests in a real terminal: a pty, and tmux when it is installed."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PYTHONPATH=os.getcwd(),
        TERM="xterm",
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        PROMPT_TOOLKIT_NO_CPR="1",
        NO_COLOR="1",
    )


def _read_until(fd: int, pattern: str, timeout: float = 30.0) -> str:
    data = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            if pattern in ANSI.sub("", data.decode("utf-8", "replace")):
                break
    return ANSI.sub("", data.decode("utf-8", "replace"))


def test_pty_session(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "netshpy", "--state-dir", str(tmp_path / "s")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(tmp_path),
        close_fds=True,
    )
    os.close(slave)
    try:
        assert "netsh>" in _read_until(master, "netsh>")
        os.write(master, b"ipsec static\r")
        assert "netsh ipsec static>" in _read_until(master, "netsh ipsec static>")
        os.write(master, b":context\r")
        screen = _read_until(master, "netsh ipsec static\n")
        assert "netsh ipsec static\n" in screen.replace("\r", "")
        os.write(master, b"exit\r")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert (tmp_path / "cfg" / "netshpy" / "config.toml").exists()
    assert "+ipsec static" in (tmp_path / "s" / "history").read_text()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_screen(tmp_path: Path) -> None:
    socket = f"netshpy-test-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    env = _env(tmp_path)
    del env["PROMPT_TOOLKIT_NO_CPR"]  # tmux answers cursor position requests: toolbar shows
    command = f"{sys.executable} -m netshpy --state-dir {tmp_path / 's'}; sleep 5"
    subprocess.run(
        tmux + ["new-session", "-d", "-x", "100", "-y", "30", command], env=env, check=True
    )

    def screen() -> str:
        return subprocess.run(
            tmux + ["capture-pane", "-p", "-S", "-"], capture_output=True, text=True, env=env
        ).stdout

    def wait_for(text: str) -> str:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        return screen()

    try:
        assert "netsh>" in wait_for("netsh>")
        subprocess.run(tmux + ["send-keys", "ipsec static", "Enter"], env=env, check=True)
        assert "WIN2003 | netsh ipsec static | store: local" in wait_for("netsh ipsec static |")
        subprocess.run(tmux + ["send-keys", "add filter "], env=env, check=True)
        wait_for("static>add filter")
        subprocess.run(tmux + ["send-keys", "?"], env=env, check=True)
        shown = wait_for("Examples:")
        assert "netsh ipsec static>add filter ?\n\nUsage:" in shown
        # the line typed before "?" is back at the prompt below the help, toolbar under it
        end = time.monotonic() + 30
        while time.monotonic() < end:
            last = [line for line in screen().splitlines() if line.strip()][-2:]
            if last and last[0] == "netsh ipsec static>add filter":
                break
            time.sleep(0.1)
        assert last[0] == "netsh ipsec static>add filter"
        assert last[1].startswith(" WIN2003 | netsh ipsec static")
        subprocess.run(tmux + ["send-keys", "srcaddr=", "Tab"], env=env, check=True)
        assert "this computer's addresses" in wait_for("this computer's addresses")
    finally:
        subprocess.run(tmux + ["kill-server"], env=env, capture_output=True)
