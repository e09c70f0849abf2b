"""The ``netshpy`` command line: no argument, stream state or damaged install gives a traceback."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netshpy import cli

from .fuzzkit import confine_argv, fill
from .kit import FAST, INTERNAL

pytestmark = pytest.mark.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]

OPTIONS = st.sampled_from(
    ["-a", "-c", "-r", "-f", "-u", "-p", "/?", "-?", "/a", "--state-dir", "--computer-name"]
    + ["--clock", "--deterministic", "--strict", "--plain", "--cmd", "--replay", "--no-color"]
    + ["--record", "--export-cast", "--lab", "--help", "--version", "--bogus", "--cmd=", "--"]
    + ["--clock=9999-12-31T23:59:59", "--clock=2005-01-01T00:00:00+05:00", "--state-dir="]
    + ["ipsec", "static", "show", "all", "dynamic", "exec", "..", "set", "mode", "offline"]
    + ["{dir}", "{file}", "{file}/sub", "{binary}", "{empty}", "nat-t", "", "é", "\U0001f600"]
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("argv")
    (base / "dir").mkdir()
    (base / "file").write_text("show mode\n")
    (base / "binary").write_bytes(bytes(range(256)) * 8)
    (base / "empty").write_bytes(b"")
    return {name: str(base / name) for name in ("dir", "file", "binary", "empty")}


@FAST
@given(argv=st.lists(OPTIONS | st.text(max_size=8), max_size=6))
def test_main_with_random_argv(
    files: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    work = tmp_path_factory.getbasetemp() / "argv-cwd"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)  # relative names (--record x, --state-dir x) land here
    monkeypatch.setattr(sys, "stdin", io.StringIO("show mode\nexit\n"))
    argv = [fill(a, files) for a in confine_argv(argv)]
    if "--replay" in argv:  # never rewrite a real transcript
        argv = [a for a in argv if a != "--update"]
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert isinstance(status, int)
    assert "Traceback" not in captured.err and INTERNAL not in captured.err, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--clock", "9999-12-31T23:59:59", "ipsec", "static", "add", "policy", "name=x"],
        ["--clock", "0001-01-01"],
        ["--clock", "junk", "show", "mode"],
        ["--state-dir", "{file}", "show", "mode"],
        ["--state-dir", "{file}/sub", "show", "mode"],
        ["-f", "{dir}"],
        ["-f", "{binary}"],
        ["-f", "a\x00b"],
        ["-a", "{dir}"],
        ["--lab", "{dir}"],
        ["--lab", "{binary}"],
        ["--replay", "{dir}"],
        ["--replay", "{binary}"],
        ["--replay", "{empty}"],
        ["--export-cast", "{file}", "{file}/sub/out.cast"],
        ["--export-cast", "{binary}", "{dir}"],
        ["--record", "{file}/sub", "--plain"],
        ["--cmd", "netsh -f a\x00b"],
    ],
)
def test_main_regressions(
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("show mode\n"))
    status = cli.main([a.format(**files) for a in argv])
    captured = capsys.readouterr()
    assert isinstance(status, int)
    assert "Traceback" not in captured.err and INTERNAL not in captured.err, captured.err


def test_the_clock_stops_at_the_end_of_the_calendar() -> None:
    from datetime import datetime

    from netshpy.host import FixedClock, parse_clock

    clock = FixedClock(datetime.max)
    assert clock() == clock() == datetime.max
    with pytest.raises(ValueError, match="outside the dates"):
        parse_clock("9999-12-31T23:59:59")
    assert parse_clock("2005-01-01T00:00:00+05:00").tzinfo is None


def test_keyboard_interrupt_in_the_plain_reader_keeps_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Interrupted(io.StringIO):
        def readline(self, *args: object) -> str:
            line = super().readline()
            if not line:
                raise KeyboardInterrupt
            return line

    monkeypatch.setattr(sys, "stdin", Interrupted("ipsec static add policy name=kept\n"))
    state = str(tmp_path / "state")
    assert cli.main(["--plain", "--state-dir", state]) == 130
    assert "Traceback" not in capsys.readouterr().err
    cli.main(["--state-dir", state, "ipsec", "static", "show", "policy", "name=kept"])
    assert "Policy Name            : kept" in capsys.readouterr().out


def test_keyboard_interrupt_inside_a_command_rolls_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from netshpy.static import policy_commands as commands

    real = commands.add_rule

    def interrupted(env, args):  # Ctrl+C while the rule is half written
        with env.store.write() as conn:
            conn.execute("DELETE FROM policy")
            raise KeyboardInterrupt

    monkeypatch.setattr(commands, "add_rule", interrupted)
    lines = (
        "ipsec static add policy name=P\n"
        "ipsec static add rule name=R policy=P filterlist=x filteraction=y\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    state = str(tmp_path / "state")
    assert cli.main(["--plain", "--state-dir", state]) == 130
    monkeypatch.setattr(commands, "add_rule", real)
    capsys.readouterr()
    cli.main(["--state-dir", state, "ipsec", "static", "show", "policy", "name=P"])
    assert "Policy Name            : P" in capsys.readouterr().out


def test_eof_in_the_middle_of_a_line_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("show mode"))
    assert cli.main(["--plain", "--state-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "netsh>online\nnetsh>\n"


# ---- real processes: pipes, closed streams, a damaged installation -----------------


def _netshpy(args: list[str], tmp: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, NETSHPY_STATE_DIR=str(tmp / "state"))
    env.setdefault("PYTHONPATH", str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "netshpy", *args],
        capture_output=kwargs.pop("capture", True),
        env={**env, **kwargs.pop("env", {})},
        cwd=tmp,  # python -m puts the working folder first on sys.path
        timeout=60,
        **kwargs,
    )


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = dict(os.environ, NETSHPY_STATE_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    script = f"{sys.executable} -m netshpy ipsec static show all | head -c 10 >/dev/null"
    done = subprocess.run(["sh", "-c", script], capture_output=True, env=env, timeout=60)
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("args", "stdin_text", "redirect"),
    [
        (["ipsec", "static", "show", "all"], "", ">&-"),
        (["--plain"], "show mode\n", ">&-"),
        (["--cmd"], "ver\n", ">&-"),
        (["--plain"], "", "<&-"),
        (["--plain"], "show mode\n", "2>&- >&-"),
    ],
)
def test_closed_standard_streams(tmp_path: Path, args, stdin_text, redirect) -> None:
    env = dict(os.environ, NETSHPY_STATE_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    line = f"{sys.executable} -m netshpy {' '.join(args)} {redirect}"
    done = subprocess.run(
        ["sh", "-c", line], input=stdin_text.encode(), capture_output=True, env=env, timeout=60
    )
    assert b"Traceback" not in done.stderr and b"Traceback" not in done.stdout
    assert done.returncode in (0, 130, 141)


def test_a_huge_script_file_is_refused(tmp_path: Path) -> None:
    done = _netshpy(["-f", "/dev/zero"], tmp_path)
    assert done.stdout.decode() == "The system cannot find the file specified.\n"


@pytest.fixture
def installed_copy(tmp_path: Path) -> Path:
    """netshpy as a wheel lays it out (data in netshpy/_data), to be damaged."""
    target = tmp_path / "site"
    shutil.copytree(
        ROOT / "netshpy", target / "netshpy", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("grammar", "contexts"):
        shutil.copytree(ROOT / name, target / "netshpy" / "_data" / name)
    return target


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("junk-key", "netshpy: the installed command specs (contexts/) are damaged: ipsec.toml: "),
        ("folder", "netshpy: the installed command specs (contexts/) are damaged: ipsec.toml: "),
        ("missing", "netshpy: netshpy data folder 'contexts' is missing"),
    ],
)
def test_a_damaged_spec_gives_one_clear_line(
    installed_copy: Path, tmp_path: Path, damage: str, expected: str
) -> None:
    contexts = installed_copy / "netshpy" / "_data" / "contexts"
    if damage == "junk-key":
        with (contexts / "ipsec.toml").open("a") as handle:
            handle.write("\npath = 1\n")
    elif damage == "folder":
        (contexts / "ipsec.toml").unlink()
        (contexts / "ipsec.toml").mkdir()
    else:
        shutil.rmtree(contexts)
    env = {"PYTHONPATH": str(installed_copy), "NETSHPY_CACHE_DIR": str(tmp_path / "cache")}
    done = _netshpy(["show", "mode"], tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr.decode().startswith(expected), done.stderr


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"NETSHPY_CACHE_DIR": str(cache)}
    assert _netshpy(["show", "mode"], tmp_path, env=env).stdout == b"online\n"
    for junk in (b"{}", b"[1", b"\x00\xff"):
        for path in cache.glob("*.json"):
            path.write_bytes(junk)
        done = _netshpy(["show", "mode"], tmp_path, env=env)
        assert (done.stdout, done.stderr) == (b"online\n", b"")


@pytest.mark.parametrize("args", [["--plain"], ["--cmd"]])
def test_undecodable_stdin_with_strict_streams(tmp_path: Path, args: list[str]) -> None:
    """Outside the C locale Python reads stdin strictly: a \\xff byte was status 70."""
    done = _netshpy(args, tmp_path, input=b"ver\n\xff\n", env={"PYTHONIOENCODING": "utf-8:strict"})
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert "\ufffd" in done.stdout.decode()  # shown as a console shows a byte it cannot map


def test_a_character_the_terminal_cannot_show(tmp_path: Path) -> None:
    """An ASCII terminal printing 'é' raised UnicodeEncodeError (status 70); Windows prints '?'."""
    assert _netshpy(["ipsec", "static", "add", "policy", "name=é"], tmp_path).returncode == 0
    done = _netshpy(
        ["ipsec", "static", "show", "policy", "name=é"],
        tmp_path,
        env={"PYTHONIOENCODING": "ascii"},
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Policy Name            : ?\n" in done.stdout


def test_the_shim_on_an_ascii_terminal(tmp_path: Path) -> None:
    """The netsh shim printed a traceback for the same reason."""
    _netshpy(["ipsec", "static", "add", "policy", "name=é"], tmp_path)
    env = dict(
        os.environ,
        NETSHPY_STATE_DIR=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
        PYTHONIOENCODING="ascii",
    )
    code = "from netshpy import shim; shim.main(['ipsec', 'static', 'show', 'policy', 'name=é'])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, cwd=tmp_path, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Policy Name            : ?\n" in done.stdout


@pytest.mark.parametrize("argv", [["--"], ["--state-dir"], ["--bogus", "x"], ["--cmd", "ver"]])
def test_netsh_itself_has_no_long_options(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``netsh --`` at the emulated prompt, through the API and the shim raised netshpy's own
    UsageError (status 70 at ``netshpy --cmd``); netsh reads such words as a command."""
    from netshpy import Emulator
    from netshpy.cmdprompt import CommandPrompt
    from netshpy.host import Host
    from netshpy.shim import run

    expected = f"The following command was not found: {' '.join(argv)}.\n"
    with Emulator(tmp_path / "api") as emu:
        assert emu.netsh(*argv).output == expected
        assert emu.cmd("netsh " + " ".join(argv)).output == expected
    host = Host(tmp_path / "prompt", deterministic=True)
    assert CommandPrompt(host).run("netsh " + " ".join(argv)).output == expected
    host.close()
    monkeypatch.setenv("NETSHPY_STATE_DIR", str(tmp_path / "shim"))
    assert run(argv) == (expected, 0)
