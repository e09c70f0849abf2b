"""The netshpy command as netsh.exe: one-shot, -c, -f, -a, piped input, --cmd, exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netshpy import messages
from netshpy.command_line import UsageError, parse_args

ROOT = Path(__file__).resolve().parent.parent


def netshpy(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NETSHPY_STATE_DIR=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "netshpy", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_one_shot_context_listing(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "ipsec", "static")
    assert proc.returncode == 0
    assert proc.stdout.startswith("\nThe following commands are available:\n")
    assert proc.stderr == ""


def test_one_shot_failure_exits_zero_like_netsh(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "bogus")
    assert proc.returncode == 0
    assert proc.stdout == "The following command was not found: bogus.\n"


def test_strict_exit_status(tmp_path: Path) -> None:
    assert netshpy(tmp_path, "--strict", "bogus").returncode == 1
    assert netshpy(tmp_path, "--strict", "show", "mode").returncode == 0


def test_quoted_argv_words_stay_one_value(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "alias", "x y")
    # alias is interactive-only: not available from the command line
    assert proc.stdout == "The following command was not found: alias x y.\n"


def test_context_option(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "-c", "ipsec static", "show", "mode")
    assert proc.stdout == "online\n"


def test_script_file(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("ipsec static\nshow mode\nbogus\n")
    proc = netshpy(tmp_path, "-f", str(script))
    assert proc.stdout == "online\nThe following command was not found: bogus.\n"
    assert (
        netshpy(tmp_path, "-f", str(tmp_path / "none")).stdout == messages.SCRIPT_NOT_FOUND + "\n"
    )


def test_alias_file_then_interactive(tmp_path: Path) -> None:
    aliases = tmp_path / "a.txt"
    aliases.write_text('alias st "ipsec static"\n')
    proc = netshpy(tmp_path, "-a", str(aliases), stdin="st\nshow alias\nexit\n")
    assert proc.stdout == "netsh>netsh ipsec static>st ipsec static\nnetsh ipsec static>"


def test_piped_stdin_reads_commands_with_prompts(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, stdin="ipsec\nstatic\nshow mode\n")
    assert proc.stdout == "netsh>netsh ipsec>netsh ipsec static>online\nnetsh ipsec static>\n"
    assert proc.returncode == 0


def test_netsh_usage(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "/?")
    assert proc.stdout.startswith(
        "\nUsage: netsh [-a AliasFile] [-c Context] [-r RemoteMachine] \n"
        "             [Command | -f ScriptFile]\n"
    )
    assert "pushd" not in proc.stdout and "exec " in proc.stdout


def test_remote_machine_is_answered(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "-r", "FARAWAY", "show", "mode")
    assert "FARAWAY" in proc.stdout
    assert "online" not in proc.stdout  # not run on this computer instead


def test_cmd_prompt_line(tmp_path: Path) -> None:
    assert netshpy(tmp_path, "--cmd", "netsh show mode").stdout == "online\n"
    assert netshpy(tmp_path, "--cmd", "echo hello").stdout == "hello\n"
    assert netshpy(tmp_path, "--cmd", "rem nothing").stdout == ""
    assert netshpy(tmp_path, "--cmd", "frob x").stdout == (
        "'frob' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n"
    )


def test_cmd_prompt_interactive(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "--cmd", stdin="hostname\nexit\n")
    assert proc.stdout == "C:\\>WIN2003\n\nC:\\>"


def test_computer_name_option(tmp_path: Path) -> None:
    assert netshpy(tmp_path, "--computer-name", "LAB1", "--cmd", "hostname").stdout == "LAB1\n"


def test_emulator_help_and_bad_options(tmp_path: Path) -> None:
    assert "--state-dir" in netshpy(tmp_path, "--help").stdout
    proc = netshpy(tmp_path, "--no-such-option")
    assert (
        proc.returncode == 2 and "unknown option" in proc.stderr and "Traceback" not in proc.stderr
    )
    proc = netshpy(tmp_path, "--clock", "yesterday", "show", "mode")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("argv", "field", "value"),
    [
        (["-c", "ipsec static"], "context", "ipsec static"),
        (["/C", "ipsec"], "context", "ipsec"),
        (["-f", "x.txt"], "script", "x.txt"),
        (["--state-dir", "d", "show", "mode"], "state_dir", "d"),
        (["--state-dir=d"], "state_dir", "d"),
        (["ipsec", "static", "show", "all"], "command", ["ipsec", "static", "show", "all"]),
        (["--cmd"], "cmd_mode", True),
        (["--cmd", "net start"], "cmd", "net start"),
    ],
)
def test_parse_args(argv: list[str], field: str, value) -> None:
    assert getattr(parse_args(argv), field) == value


def test_parse_args_needs_values() -> None:
    with pytest.raises(UsageError):
        parse_args(["--state-dir"])


def test_argv_values_with_blanks_keep_their_tag(tmp_path: Path) -> None:
    netshpy(tmp_path, "ipsec", "static", "add", "filterlist", "name=Two Words", "description=a b")
    out = netshpy(tmp_path, "ipsec", "static", "show", "filterlist", "Two Words").stdout
    assert "Two Words" in out and "a b" in out


def test_cmd_prompt_enters_interactive_netsh(tmp_path: Path) -> None:
    proc = netshpy(tmp_path, "--cmd", stdin="netsh\nipsec\nexit\nhostname\nexit\n")
    assert proc.stdout == "C:\\>netsh>netsh ipsec>\nC:\\>WIN2003\n\nC:\\>"


def test_emulator_help_fits_80_columns() -> None:
    # Four lines of `netshpy --help` were 81-88 columns wide.
    from netshpy.cli import EMULATOR_HELP

    assert max(len(line) for line in EMULATOR_HELP.splitlines()) < 80


def test_out_of_memory_says_so_not_internal_error(tmp_path: Path) -> None:
    # A limit (ulimit -v, the classroom's --memory) is not a bug to report.
    pytest.importorskip("resource")  # RLIMIT_AS: POSIX only

    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))\n"
        "from netshpy.cli import main\n"
        "import netshpy.session as s\n"
        "def hog(self, *args, **kwargs):\n"
        "    return [bytearray(2**20) for _ in range(10**6)]\n"
        "s.Session.execute = hog\n"
        "sys.exit(main(['--state-dir', sys.argv[1], 'show', 'mode']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 71
    assert done.stderr.strip() == messages.OUT_OF_MEMORY
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_a_bad_computer_name_is_a_usage_error(tmp_path: Path, capsys) -> None:
    from netshpy.cli import main

    assert main(["--state-dir", str(tmp_path), "--computer-name", "a b", "show", "mode"]) == 2
    assert "--computer-name: not a valid computer name: a b" in capsys.readouterr().err
