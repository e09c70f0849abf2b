"""The Python API: results, context navigation, command prompt, snapshots, strict mode."""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import netshpy
from netshpy import Emulator, RunResult


def test_run_returns_plain_output_and_success() -> None:
    with Emulator() as emu:
        result = emu.run("show mode")
    assert result == RunResult("show mode", "online\n", True, None, None, None)
    assert result.lines == ["online"]
    assert str(result) == "online\n"
    assert result


def test_failed_line_carries_error_text() -> None:
    with Emulator() as emu:
        result = emu.run("frobnicate now")
    assert not result.ok
    assert result.error_text == "The following command was not found: frobnicate now."
    assert result.error_code is None
    assert result.output == result.error_text + "\n"


def test_context_navigation() -> None:
    with Emulator() as emu:
        assert (emu.context, emu.prompt) == ("", "netsh>")
        emu.run("ipsec static")
        assert (emu.context, emu.prompt) == ("ipsec static", "netsh ipsec static>")
        emu.run("..")
        assert emu.context == "ipsec"
        assert emu.enter("ipsec dynamic") is emu
        assert emu.prompt == "netsh ipsec dynamic>"
        emu.enter()
        assert emu.prompt == "netsh>"
        with pytest.raises(netshpy.EmulatorError, match="no such context"):
            emu.enter("ipsec nowhere")


def test_session_state_lives_across_lines() -> None:
    with Emulator() as emu:
        emu.run("alias sm show mode")
        assert emu.run("sm").output == "online\n"


def test_cmd_runs_command_prompt_lines() -> None:
    with Emulator(computer_name="FILESRV") as emu:
        assert emu.cmd("hostname").output == "FILESRV\n"
        assert emu.cmd("netsh show mode").output == "online\n"
        bad = emu.cmd("notepad hosts.txt")  # ipconfig is emulated now
        assert (bad.ok, bad.errorlevel) == (False, 9009)
        assert bad.error_text is not None and "is not recognized" in bad.error_text


def test_netsh_runs_one_shot_argv() -> None:
    with Emulator() as emu:
        assert emu.netsh("show", "mode").output == "online\n"
        assert not emu.netsh("nonsense").ok


def test_run_script_skips_comments_and_blank_lines() -> None:
    with Emulator() as emu:
        results = emu.run_script("# setup\n\nipsec static\n\nshow mode\n")
    assert [r.line for r in results] == ["ipsec static", "show mode"]


def test_temporary_state_dir_is_removed_on_close() -> None:
    emu = Emulator()
    state = emu.state_dir
    emu.run("add helper extra.dll")
    assert state.is_dir()
    emu.close()
    assert not state.exists()
    emu.close()  # twice is harmless
    with pytest.raises(netshpy.EmulatorError, match="closed"):
        emu.run("show mode")


def test_given_state_dir_is_kept_and_reopened(tmp_path: Path) -> None:
    with Emulator(tmp_path / "pc") as emu:
        emu.run("add helper extra.dll")
    assert (tmp_path / "pc").is_dir()
    with Emulator(tmp_path / "pc") as again:
        assert "EXTRA.DLL" in again.run("show helper").output


def test_two_emulators_never_share_state() -> None:
    with Emulator() as one, Emulator() as two:
        one.run("add helper extra.dll")
        assert "EXTRA.DLL" in one.run("show helper").output
        assert "EXTRA.DLL" not in two.run("show helper").output
        assert one.state_dir != two.state_dir


def test_snapshot_and_restore_bring_back_the_state_and_context() -> None:
    with Emulator() as emu:
        emu.run("add helper before.dll")
        emu.run("ipsec static")
        snap = emu.snapshot("baseline")
        assert snap.label == "baseline" and snap.path.is_dir()
        emu.run("..")
        emu.run("add helper after.dll")
        emu.run("delete helper before.dll")
        emu.restore(snap)
        helpers = emu.run("show helper").output
        assert "BEFORE.DLL" in helpers and "AFTER.DLL" not in helpers
        assert emu.prompt == "netsh ipsec static>"
        emu.restore(snap)  # a snapshot can be restored again
        path = snap.path
    assert not path.exists()  # snapshots go away with the emulator


def test_restore_of_a_removed_snapshot_is_an_error() -> None:
    with Emulator() as emu:
        snap = emu.snapshot()
        other = Emulator()
        other.close()
    with Emulator() as emu2, pytest.raises(netshpy.EmulatorError, match="no longer exists"):
        emu2.restore(snap)
    del other


def test_fixed_clock_and_sequential_guids_by_default() -> None:
    with Emulator() as emu:
        assert emu.host.clock() == datetime(2005, 3, 1, 10, 0, 0)
        assert emu.host.new_guid() == "{00000000-0000-0000-0000-000000000001}"
    with Emulator(clock="2010-01-02T03:04:05") as emu:
        assert emu.host.clock() == datetime(2010, 1, 2, 3, 4, 5)
        assert emu.shim_env()["NETSHPY_CLOCK"] == "2010-01-02T03:04:05"
    with Emulator(clock=lambda: datetime(2001, 1, 1)) as emu:
        assert emu.host.clock() == datetime(2001, 1, 1)
        assert "NETSHPY_CLOCK" not in emu.shim_env()
    with Emulator(deterministic=False) as emu:
        assert emu.host.clock().year >= 2024
        assert emu.host.new_guid() != emu.host.new_guid()


@pytest.mark.parametrize("clock", ["yesterday", 42])
def test_bad_clock_is_an_emulator_error(clock: object) -> None:
    with pytest.raises(netshpy.EmulatorError, match="clock"):
        Emulator(clock=clock)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "error", "code"),
    [
        ("frobnicate", netshpy.CommandNotFound, None),
        ("set mode mode=sideways", netshpy.InvalidValue, 5027),
        ("set mode bogus=1", netshpy.InvalidArgument, None),
        ("popd", netshpy.NetshCommandError, None),
    ],
)
def test_strict_mode_raises_typed_errors(line: str, error: type, code: int | None) -> None:
    with Emulator(strict=True) as emu:
        failing = Emulator(strict=False)
        expected = failing.run(line)
        failing.close()
        assert not expected.ok
        with pytest.raises(error) as info:
            emu.run(line)
    assert info.value.code == code
    assert info.value.output == expected.output
    assert info.value.line == line
    assert type(info.value) is error
    assert isinstance(info.value, netshpy.NetshCommandError)


def test_strict_errors_family_tree() -> None:
    assert issubclass(netshpy.InvalidValue, netshpy.IpsecError)
    assert issubclass(netshpy.InvalidValue, netshpy.InvalidArgument)
    assert issubclass(netshpy.ObjectNotFound, LookupError)
    assert issubclass(netshpy.AreaNotAvailable, NotImplementedError)
    assert issubclass(netshpy.NetshCommandError, netshpy.EmulatorError)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (5021, netshpy.ObjectNotFound),
        (5005, netshpy.ObjectExists),
        (5052, netshpy.ObjectInUse),
        (5028, netshpy.InvalidValue),
        (5077, netshpy.ServiceNotRunning),
        (5076, netshpy.IpsecError),
    ],
)
def test_ipsec_codes_map_to_families(code: int, error: type) -> None:
    from netshpy.api_errors import error_for

    result = RunResult("x", "ERR IPsec\n", False, code, "ERR IPsec")
    raised = error_for(result)
    assert type(raised) is error


def test_check_raises_only_on_failure() -> None:
    with Emulator() as emu:
        assert emu.run("show mode").check().ok
        with pytest.raises(netshpy.CommandNotFound):
            emu.run("nothing here").check()


def test_strict_cmd_raises_command_prompt_error() -> None:
    with Emulator(strict=True) as emu:
        with pytest.raises(netshpy.CommandPromptError) as info:
            emu.cmd("format c:")
        assert info.value.errorlevel == 9009


def test_service_control_needs_the_service_area() -> None:
    with Emulator() as emu:
        try:
            importlib.import_module("netshpy.service_commands")
        except ImportError:
            with pytest.raises(netshpy.AreaNotAvailable, match="service"):
                emu.service.stop()
            with pytest.raises(netshpy.AreaNotAvailable):
                emu.reboot()
        else:
            assert emu.service.running
            emu.service.stop()
            assert not emu.service.running
            emu.service.start()
            assert emu.service.running
            emu.reboot()
            assert emu.prompt == "netsh>"


def test_importing_the_api_stays_light() -> None:
    code = (
        "import sys, netshpy\n"
        "netshpy.Emulator, netshpy.IpsecError\n"
        "import netshpy.shim, netshpy.api_errors\n"
        "netshpy.Emulator().close()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in"
        " ('prompt_toolkit', 'rich', 'pygments', 'lark') or m.startswith('netshpy.repl')]\n"
        "print(heavy)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_netsh_one_shot_error_code_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    import netshpy.command_line

    monkeypatch.setattr(
        netshpy.command_line,
        "run_netsh_argv",
        lambda argv, host, strict: ("ERR IPsec[05072] : x\n", 1),
    )
    with Emulator() as emu:
        result = emu.netsh("ipsec", "static", "show", "policy", "all")
    assert (result.ok, result.error_code, result.error_text) == (
        False,
        5072,
        "ERR IPsec[05072] : x",
    )
    assert result.line == "netsh ipsec static show policy all"


@pytest.mark.parametrize("kwargs", [{"computer_name": 5}, {"domain": ["corp"]}])
def test_names_that_are_not_strings_are_refused(kwargs) -> None:
    """A number as computer name raised TypeError from deep inside the host."""
    with pytest.raises(netshpy.EmulatorError, match="expected a string"):
        Emulator(**kwargs)


@pytest.mark.parametrize("name", ["", "a b", "LAB\x00", "-lead", "x" * 16, "Ä1"])
def test_computer_names_are_netbios_names(tmp_path, name: str) -> None:
    # A NUL or a blank in a computer name reached prompts, stores and the shim's env.
    from netshpy import Emulator, EmulatorError

    with pytest.raises(EmulatorError, match="not a valid computer name"):
        Emulator(tmp_path / "s", computer_name=name)
    with Emulator(tmp_path / "t", computer_name="LAB-1_x") as emu:
        assert emu.cmd("hostname").output == "LAB-1_x\n"
