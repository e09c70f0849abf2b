"""The ``netsh`` shim: a real executable on PATH sharing state with the Emulator."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from netshpy import Emulator
from netshpy.shim import write_shim

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the POSIX shim script")


def test_netsh_on_path_is_found_by_subprocess(netsh_on_path: Emulator) -> None:
    assert shutil.which("netsh") is not None
    done = subprocess.run(["netsh", "show", "mode"], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "online\n", "")


def test_subprocess_changes_are_seen_by_the_emulator(netsh_on_path: Emulator) -> None:
    done = subprocess.run(["netsh", "add", "helper", "tool.dll"], capture_output=True, text=True)
    assert done.stdout == "Ok.\n"
    assert "TOOL.DLL" in netsh_on_path.run("show helper").output


def test_emulator_changes_are_seen_by_the_subprocess(netsh_on_path: Emulator) -> None:
    netsh_on_path.run("add helper mine.dll")
    done = subprocess.run(["netsh", "show", "helper"], capture_output=True, text=True)
    assert "MINE.DLL" in done.stdout


def test_failing_command_exits_zero_like_netsh(netsh_on_path: Emulator) -> None:
    done = subprocess.run(["netsh", "frobnicate"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout == "The following command was not found: frobnicate.\n"


def test_strict_env_makes_failures_exit_one(
    netsh_on_path: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSHPY_STRICT", "1")
    assert subprocess.run(["netsh", "frobnicate"], capture_output=True).returncode == 1
    assert subprocess.run(["netsh", "show", "mode"], capture_output=True).returncode == 0


def test_context_option_and_script_file(netsh_on_path: Emulator, tmp_path: Path) -> None:
    script = tmp_path / "setup.txt"
    script.write_text("add helper scripted.dll\nshow mode\n", encoding="utf-8")
    done = subprocess.run(["netsh", "-f", str(script)], capture_output=True, text=True)
    assert done.stdout == "Ok.\nonline\n"
    assert "SCRIPTED.DLL" in netsh_on_path.run("show helper").output


@pytest.mark.netshpy(computer_name="EDGE01")
def test_computer_name_reaches_the_shim(netsh_on_path: Emulator) -> None:
    assert os.environ["NETSHPY_COMPUTER_NAME"] == "EDGE01"
    done = subprocess.run(["netsh", "set", "machine", "EDGE01"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "")


def test_shim_without_emulator_env_uses_the_given_state(tmp_path: Path) -> None:
    script = write_shim(tmp_path / "bin")
    env = {"PATH": os.environ.get("PATH", ""), "NETSHPY_STATE_DIR": str(tmp_path / "st")}
    done = subprocess.run([str(script), "add", "helper", "x.dll"], env=env, capture_output=True)
    assert done.returncode == 0
    with Emulator(tmp_path / "st") as emu:
        assert "X.DLL" in emu.run("show helper").output


def test_bad_clock_in_env_is_reported_without_traceback(tmp_path: Path) -> None:
    script = write_shim(tmp_path / "bin")
    env = {"NETSHPY_STATE_DIR": str(tmp_path / "st"), "NETSHPY_CLOCK": "soon"}
    done = subprocess.run([str(script), "show", "mode"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "NETSHPY_CLOCK" in done.stdout and "Traceback" not in done.stderr


def test_shim_script_is_minimal(tmp_path: Path) -> None:
    text = write_shim(tmp_path / "bin").read_text(encoding="utf-8")
    assert text.splitlines()[0].endswith(" -S")
    assert "from netshpy.shim import main" in text
