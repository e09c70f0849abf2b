"""The fuzzer's generators and targets, shared by ``tests/test_fuzz.py`` and ``benchmarks/fuzz.py``.

Each *target* takes what its strategy drew, drives one entry point of
netshpy and raises :class:`InternalError` when netshpy failed in itself: a
Python exception escaped, the exit status was 70, or a text shows a
traceback or netshpy's internal-error line (``messages.INTERNAL_ERROR``,
``messages.TRANSCRIPT_CRASH``). Anything else, however wrong the input, is a
pass: the bar is "never an internal error", not "the right answer".

The entry points: the Python API (:class:`netshpy.Emulator` on every Windows
version: netsh lines in every context, ``:`` commands, the ``C:\\>`` prompt
with ``ipseccmd``/``ipsecpol``), the command line (``cli.main`` in process,
and ``python -m netshpy`` for undecodable argv and stdin), transcripts (real
ones, mutated, replayed through ``--replay``) and lab files (shipped ones,
mutated, loaded and started).

Mutated transcripts attack the replay's confinement (issue 12 item 6):
they add ``:save``, ``:record``, ``:script``, ``:copy``, ``:capture save``
and ``:result`` lines naming ``{canary}`` paths, a folder of the fuzz run
outside the replay's scratch folder, and ``#! lab:`` headers naming files
there; a file appearing in it is a failure. They add ``(re)`` lines too
(replay bounds a pattern's time). A lab header otherwise names a shipped lab,
so nothing is written outside the fuzz run's temporary folders.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from netshpy import colon_commands, messages, spec

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = sorted((ROOT / "transcripts").glob("*.txt"))
LABS = sorted((ROOT / "labs").glob("*.toml"))
SPEC = spec.load()

_INTERNAL_MARKS = (
    "Traceback (most recent call last)",
    messages.INTERNAL_ERROR.split("{", 1)[0],
    messages.TRANSCRIPT_CRASH.split("{", 1)[0],
)


class InternalError(AssertionError):
    """netshpy failed in itself (the input is in the message)."""


def check_text(text: str, where: str) -> None:
    """Raise :class:`InternalError` when *text* shows a traceback or netshpy's internal error."""
    for mark in _INTERNAL_MARKS:
        if mark in text:
            at = text.index(mark)
            raise InternalError(f"{where}: {text[max(0, at - 200) : at + 400]}")


# ---- generators ----------------------------------------------------------------

NETSH_WORDS = sorted(
    {w for c in SPEC.commands() for w in c.context + c.words}
    | {p.tag + "=" for c in SPEC.commands() for p in c.params}
    | {"me", "any", "yes", "no", "all", '"x y"', "=", "?", "/?", "..", "enable", "disable"}
    | {"local", "domain", "persistent", "10.0.0.1", "255.255.255.0", "*", "-1", "1", "0"}
    | {"99999999999999999999", "3DES-SHA1-3", "ESP[3DES,SHA1]:100k/300s", "psk:k", "P1"}
    | {"9" * 4400, "\u00b2", "\u0663", "\udcff", "\x00", "\t", "C:\\x.ipsec", "FL", "FA"}
    | {"DNS", "WINS", "DHCP", "GATEWAY", "TCP", "UDP", "ICMP", "kerberos", "cert:CN=x"}
)
"""Words of real commands and values, with the values that broke netshpy before."""

COLON_NAMES = sorted(colon_commands.commands())
COLON_ARGS = [
    *["", "x", "-1", "0", "1", "2", "99999999999", "9" * 4400, "\u00b2", "clear", "P1", "SRV2"]
    + ["on", "off", "list", "save", "restore", "delete", "show", "start", "stop", "a b", "\x00"]
    + ["SRV1", "SRV2", "XP1", "WEB1", "DC1", "CL1", "NODE1", "LAPTOP", "tcp", "udp", "icmp"]
    + ["445", "80", "500", "4500"]
    + ["10.0.0.2", "192.168.1.1", "65536", "-5", "\u00b2", "\u0663", "9" * 4400, "all", "clear"]
]
"""Arguments of ``:`` commands; never a path (``:save``, ``:record`` write host files)."""

TOOL_WORDS = [
    *["ipseccmd", "ipsecpol", "show", "filters", "policies", "auth", "stats", "sas", "all"]
    + ["gpo", "-f", "-n", "-t", "-a", "-1s", "-1k", "-1p", "-1f", "-1e", "-soft", "-confirm"]
    + ["-dialup", "-lan", "-u", "-w", "-p", "-r", "-x", "-y", "-o", "-?", "/?", "REG", "DS"]
    + ["0+*", "*=0:1434:UDP", "[*=0:1434:UDP]", "(0+10.0.0.0/255.0.0.0:445:TCP)", "0=*::6"]
    + ["BLOCK", "PASS", "INPASS", "ESP[3DES,SHA]3600S/100000KPFS", "AH[MD5]+ESP[DES,MD5]"]
    + ['PRESHARE:"k"', "KERBEROS", 'CERT:"CN=x"', "3DES-SHA-2", "DES-MD5-1", '"P x:30"']
    + ["10.0.0.1", "300S", "99999999999999999999K", "1", "-1", "\u00b2", "*=*", "+", "=", ":"]
]
"""Words of ``ipseccmd`` (XP) and ``ipsecpol`` (2000) command lines."""

CMD_WORDS = [
    *["net", "sc", "shutdown", "netsh", "echo", "ver", "hostname", "start", "stop", "query"]
    + ["config", "policyagent", "start=", "auto", "disabled", "/r", "/s", "/t", "/a", "-r"]
    + ["0", "/?", "-c", '"', "ipsec", "static", "show", "all", "\x00", "type", "dir", "cd"]
    + ["ipconfig", "/all", "ping", "gpresult", "gpupdate", "/force", "cls", "rem", "set", "@"]
    + ["C:\\", "C:\\WINDOWS", "%SystemRoot%", "hosts", "&", "|", ">", "nul", "exit", "netdiag"]
    + ["--", "--state-dir", "--cmd", "--bogus=1", "-a", "-f", "-r", "XP1", "netsh.exe"]
]
"""Words of lines at the ``C:\\>`` prompt (``>`` and ``type`` stay on the emulated drives)."""

OSES = ("2003", "xp-sp2", "xp", "2000")

JUNK_NUMBERS = [
    *["\u00b2", "\u0663", "9" * 4400, "-1", "0", "4294967296", "99999999999999999999", "1e3"]
    + ["0x10", " 1", "+1", "", "\udcff", "1.5", "65536", "256", "-0", "00000000000000000001"]
]
"""Numbers that are no numbers: superscripts, Arabic digits, 4,400 digits, overflows."""
NUMBER_HOLES = [
    *["ESP[3DES,SHA1]:{n}k/300s", "ESP[DES,MD5]:100k/{n}s", "3DES-SHA1-{n}", "3DES-MD5-{n}"]
    + ["10.0.0.{n}", "{n}.0.0.1", "255.255.{n}.0", "{n}", "10.0.0.1:{n}", "{n}:{n}"]
]
"""Real values of netsh tags with a hole for a junk number."""
junk_values = st.builds(
    lambda hole, n: hole.replace("{n}", n),
    st.sampled_from(NUMBER_HOLES),
    st.sampled_from(JUNK_NUMBERS) | st.integers(-5, 70000).map(str),
)


def _words(words: list[str], size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words) | st.text(max_size=8), max_size=size).map(" ".join)


@st.composite
def _real_command(draw: st.DrawFn) -> str:
    """A real netsh command with tags from anywhere and junk values."""
    command = draw(st.sampled_from(SPEC.commands()))
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(NETSH_WORDS),
                st.text(max_size=12) | st.sampled_from(NETSH_WORDS) | junk_values,
            ),
            max_size=5,
        )
    )
    args = " ".join(f"{t}{'' if t.endswith('=') else '='}{v}" for t, v in pairs)
    return f"{command.full_name} {args}"


netsh_lines = st.one_of(st.text(max_size=120), _words(NETSH_WORDS, 10), _real_command())
"""Lines for the ``netsh>`` prompt."""

colon_lines = st.builds(
    lambda name, args: f":{name} {' '.join(args)}".rstrip(),
    st.sampled_from([*COLON_NAMES, "", "zz", "HISTORY"]),
    st.lists(st.sampled_from(COLON_ARGS) | st.text(alphabet="abcXYZ019 -", max_size=6), max_size=3),
)
"""``:`` emulator commands with random arguments."""

FLAG_VALUES = {
    "-f": ["0+*", "*=0:1434:UDP", "[0+*:{n}]", "(0+*::{n})", "0+*:{n}", "*=0::{n}", "{n}+*"]
    + ["0+10.0.0.0/{n}", "10.0.0.0/255.255.{n}.0=*", "0+1{n}.0.0.*", "0+host.example:{n}"],
    "-n": ["BLOCK", "PASS", "ESP[DES,MD5]", "ESP[3DES,SHA]{n}S/100KPFS", "AH[MD5]{n}K"],
    "-1s": ["3DES-SHA-2", "DES-MD5-{n}", "3DES-SHA-{n}"],
    "-1k": ["10Q/28800S", "{n}Q", "{n}S", "{n}Q/{n}S"],
    "-1p": ["", "{n}"],
    "-p": ["P", '"P x:30"', "P:{n}", "x:{n}"],
    "-r": ["R", "R{n}"],
    "-a": ["KERBEROS", "PRESHARE:k", 'PRESHARE:"{n}"', "CERT:{n}"],
    "-t": ["10.0.0.{n}", "{n}"],
    "-w": ["REG", "DS", "DS:{n}"],
    "-1e": ["{n}"],
    "-1f": ["0+*", "0+*:{n}"],
}
"""ipseccmd's flags, each with its kind of value (``{n}``: a junk or a real number)."""


@st.composite
def _tool_line(draw: st.DrawFn) -> str:
    """An ipseccmd/ipsecpol line: flags with their kind of value, some holding junk numbers."""
    words = [draw(st.sampled_from(["ipseccmd", "ipsecpol"]))]
    number = st.sampled_from(JUNK_NUMBERS) | st.integers(-5, 70000).map(str)
    for _ in range(draw(st.integers(1, 6))):
        flag = draw(st.sampled_from([*sorted(FLAG_VALUES), "-x", "-y", "-o", "-u", "-soft"]))
        values = FLAG_VALUES.get(flag)
        if values:
            words += [flag, draw(st.sampled_from(values)).replace("{n}", draw(number))]
        else:
            words.append(flag)
    if draw(st.booleans()):
        words.append(draw(st.sampled_from(["show", "show all", "show filters", "-?"])))
    return " ".join(words)


prompt_lines = st.one_of(_words(TOOL_WORDS, 9), _words(CMD_WORDS, 7), _tool_line(), _tool_line())
"""Lines for the ``C:\\>`` prompt: the IPsec tools and the other programs."""


@dataclass
class ApiCase:
    """One call of the Python API: the computer's version, where, and what."""

    os: str
    how: str  # run | cmd | netsh | snapshot (run between snapshot and restore) | reboot
    context: str
    line: str

    def __str__(self) -> str:
        return f"Emulator(os={self.os!r}) {self.how} in {self.context!r}: {self.line!r}"


CONTEXTS = sorted({" ".join(c.path) for c in SPEC.contexts.values()})


@st.composite
def _api_case(draw: st.DrawFn) -> ApiCase:
    os_name = draw(st.sampled_from([*OSES, "2003 shared"]))
    how = draw(st.sampled_from(["run", "run", "cmd", "cmd", "netsh", "snapshot", "reboot"]))
    if how == "cmd":
        line = draw(prompt_lines)
    elif how in ("run", "snapshot", "reboot"):
        line = draw(st.one_of(netsh_lines, netsh_lines, colon_lines))
    else:
        line = draw(netsh_lines)
    return ApiCase(os_name, how, draw(st.sampled_from(CONTEXTS)), line)


api_cases = _api_case()
"""Calls of :class:`netshpy.Emulator`."""


# ---- the Python API ----------------------------------------------------------------


class Emulators:
    """One long-lived :class:`~netshpy.Emulator` per Windows version (their state grows)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._emulators: dict[str, Any] = {}

    def get(self, os_name: str) -> Any:
        from netshpy import Emulator

        if os_name not in self._emulators:  # "2003 shared": reopened around every call
            base, _, shared = os_name.partition(" ")
            self._emulators[os_name] = Emulator(
                self.root / os_name.replace(" ", "-"), os=base, shared=bool(shared)
            )
        return self._emulators[os_name]

    def close(self) -> None:
        for emu in self._emulators.values():
            emu.close()
        self._emulators.clear()


def run_api(emulators: Emulators, case: ApiCase) -> int:
    """Run *case*; the number of lines it ran."""
    from netshpy import EmulatorError

    emu = emulators.get(case.os)
    try:
        emu.enter(case.context)
    except EmulatorError:  # no ipsec contexts on XP and 2000
        pass
    try:
        with inside(emulators.root / "cwd"):  # ':save x', ':record x' write relative names
            result = _call(emu, case)
    except EmulatorError:
        return 1
    except Exception as exc:
        raise InternalError(f"{case}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(result.output, str):
        raise InternalError(f"{case}: output is {type(result.output).__name__}")
    check_text(result.output, str(case))
    emu.session.finished = False  # keep going after "exit"
    if emu._prompt is not None:
        emu._prompt.finished = False
    return 1


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[Path]:
    """Run with *folder* (created) as the current directory."""
    folder.mkdir(parents=True, exist_ok=True)
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(here)


def _call(emu: Any, case: ApiCase) -> Any:
    if case.how == "snapshot":  # a line between a snapshot and its restore
        snapshot = emu.snapshot(case.line[:20])
        result = emu.run(case.line)
        emu.restore(snapshot)
        return result
    if case.how == "reboot":
        emu.run(case.line)
        return emu.reboot()
    if case.how == "run":
        return emu.run(case.line)
    if case.how == "cmd":
        return emu.cmd(case.line)
    return emu.netsh(*case.line.split())


# ---- the command line --------------------------------------------------------------

ARGV_WORDS = [
    *["-a", "-c", "-r", "-f", "-u", "-p", "/?", "-?", "/a", "--state-dir", "--computer-name"]
    + ["--clock", "--deterministic", "--strict", "--plain", "--cmd", "--no-color", "--os"]
    + ["--lab", "--connect", "--results", "--csv", "--help", "--version", "--bogus", "--"]
    + ["--clock=9999-12-31T23:59:59", "--os=xp", "--os=2000", "--os=junk", "--state-dir="]
    + ["--computer-name=" + "x" * 300, "--clock=\u00b2", "--os=\udcff", "--lab=\udcff"]
    + ["ipsec", "static", "show", "all", "dynamic", "exec", "..", "set", "mode", "offline"]
    + ["add", "policy", "name=\udcff", "name=\u00e9", "value=" + "9" * 4400, "nat-t", "dh2048"]
    + ["{dir}", "{file}", "{binary}", "{empty}", "{dir}/new", "", "\udcff\udcfe", "\U0001f600"]
    + ["--lab=block-445", "--connect=XP1", "--connect=W2K", "--connect", "--record", "rec.txt"]
    + ["--export-cast", "{dir}/new.cast", "--results", "{dir}", "--csv", "--update", "-f"]
]
"""argv words: every option, junk values, undecodable bytes (as Python hands them over)."""

STDIN_LINES = [
    "show mode",
    "ipsec static",
    "add policy name=P",
    "show all",
    "..",
    "exit",
    "ver",
    "?",
] + ["netsh", "ipseccmd show all", ":history", ":tree", "set mode offline", "\x00", "\t"]

stdin_data = st.one_of(
    st.binary(max_size=200),
    st.lists(
        st.sampled_from(STDIN_LINES).map(str.encode)
        | st.binary(max_size=20)
        | st.sampled_from([b"\xff\xfe", b"\x00" * 50, b"a" * 5000, b"\r", b"\x1b[A"])
        | st.just(b"=" * (1024 * 1024 + 1)),  # over the line limit
        max_size=8,
    ).map(b"\n".join),
)
"""What is piped into netshpy: random bytes, real lines, NULs, long lines."""


@dataclass
class CliCase:
    """``netshpy <argv>`` with *stdin* piped in."""

    argv: list[str]
    stdin: bytes
    env: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"netshpy {self.argv!r} < {self.stdin[:300]!r} env={self.env}"


cli_cases = st.builds(
    CliCase,
    st.lists(st.sampled_from(ARGV_WORDS) | st.text(max_size=8), max_size=6),
    stdin_data,
)
"""Command lines of ``netshpy`` run in process."""

process_cases = st.builds(
    CliCase,
    st.lists(
        st.sampled_from([w for w in ARGV_WORDS if "{" not in w])
        | st.binary(min_size=1, max_size=6).map(os.fsdecode),
        max_size=5,
    ),
    stdin_data,
    st.sampled_from([{}, {"PYTHONIOENCODING": "utf-8:strict"}, {"PYTHONIOENCODING": "ascii"}]),
)
"""Command lines of ``python -m netshpy``: raw argv bytes, strict and ASCII streams."""


@contextlib.contextmanager
def _argv_files(work: Path) -> Iterator[dict[str, str]]:
    (work / "dir").mkdir(exist_ok=True)
    (work / "file").write_text("show mode\n")
    (work / "binary").write_bytes(bytes(range(256)) * 8)
    (work / "empty").write_bytes(b"")
    yield {name: str(work / name) for name in ("dir", "file", "binary", "empty")}


WRITING_OPTIONS = ("--state-dir", "--record", "--export-cast", "--csv", "--results")


def confine_argv(argv: list[str]) -> list[str]:
    """*argv* with every value of an option that writes (``--state-dir /a``, ``--record ..``)
    made a name in the working folder: a fuzz run writes nowhere else."""
    out = []
    for i, arg in enumerate(argv):
        key, eq, value = arg.partition("=")
        after = i > 0 and argv[i - 1] in WRITING_OPTIONS
        if eq and key in WRITING_OPTIONS:
            arg = f"{key}={_relative(value)}"
        elif after or (i > 1 and argv[i - 2] == "--export-cast"):
            arg = _relative(arg)
        out.append(arg)
    return out


def _relative(value: str) -> str:
    if value.startswith("{"):  # a placeholder of the working folder's files
        return value
    parts = [p for p in re.split(r"[/\\]+", value) if p not in ("", ".", "..")]
    return "/".join(parts) or "p"


def fill(arg: str, files: dict[str, str]) -> str:
    """*arg* with ``{dir}``, ``{file}``... replaced by those files (other braces stay)."""
    for name, path in files.items():
        arg = arg.replace("{" + name + "}", path)
    return arg


def run_cli(work: Path, case: CliCase) -> int:
    """``cli.main(argv)`` in process, in folder *work*, stdin from bytes; lines run."""
    from netshpy import cli

    argv = confine_argv(list(case.argv))
    if "--cmd" in argv or "-f" in argv or "exec" in argv:  # never a real host path to run
        argv = [a for a in argv if not a.startswith("{")]
    with _argv_files(work) as files:
        argv = [fill(a, files) for a in argv]
    if not any(a == "--state-dir" or a.startswith("--state-dir=") for a in argv):
        argv = ["--state-dir", str(work / "state"), *argv]
    stdin = io.TextIOWrapper(io.BytesIO(case.stdin), encoding="utf-8", errors="surrogateescape")
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    saved = sys.stdin, sys.stdout, sys.stderr
    os.chdir(work)  # relative names (--record x, --state-dir x) land here
    sys.stdin, sys.stdout, sys.stderr = stdin, out, err
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # argparse-style exits are fine; a traceback is not
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:
        raise InternalError(f"{case}: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(here)
    if status == 70:
        raise InternalError(f"{case}: status 70: {err.getvalue()[-500:]}")
    check_text(err.getvalue(), str(case))
    check_text(out.getvalue(), str(case))
    return 1 + case.stdin.count(b"\n")


def run_process(work: Path, case: CliCase) -> int:
    """``python -m netshpy`` with raw argv bytes and stdin bytes; lines run."""
    env = dict(os.environ, NETSHPY_STATE_DIR=str(work / "state"), PYTHONPATH=str(ROOT))
    env.update(case.env)
    argv = [os.fsencode(a) for a in confine_argv(case.argv) if "\x00" not in a]
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"netshpy", *argv],
        input=case.stdin,
        capture_output=True,
        env=env,
        cwd=work,
        timeout=120,
        check=False,
    )
    if done.returncode == 70:
        raise InternalError(f"{case}: status 70: {done.stderr[-500:]!r}")
    check_text(done.stderr.decode("utf-8", "replace"), str(case))
    check_text(done.stdout.decode("utf-8", "replace"), str(case))
    return 1 + case.stdin.count(b"\n")


# ---- transcripts -------------------------------------------------------------------

_CORPUS = {path.name: path.read_text(encoding="utf-8").splitlines() for path in TRANSCRIPTS}
_PROMPT = re.compile(r"^(?:\[[^\]]+\] )?netsh(?: [A-Za-z]+)*>|^[A-Za-z]:\\[^<>|\"*?]*>")
_CORPUS_INPUTS = sorted(
    {line for lines in _CORPUS.values() for line in lines if _PROMPT.match(line)}
)
_CORPUS_OUTPUTS = sorted(
    {line for lines in _CORPUS.values() for line in lines if line and not _PROMPT.match(line)}
)
HEADERS = [
    *["#! os: xp", "#! os: 2000", "#! os: junk", "#! clock: 2005-01-01T00:00:00"]
    + ["#! clock: 9999-12-31T23:59:59", "#! clock: \u00b2", "#! computer-name: SRV9"]
    + ["#! computer-name: " + "x" * 40, "#! domain: corp.example", "#! psk: k", "#! psk:"]
    + [f"#! lab: {path.stem}" for path in LABS]
    + ["#! lab: no-such-lab", "#! junk: 1", "#!", "#| a comment", "..."]
]


CANARY = "{canary}"
"""Stands for a folder of the fuzz run outside the replay's scratch folder."""
HOST_PATH_LINES = [
    *[":save {p}", ":record {p}", ":record off", ":script {p}", ":copy host:{p} C:\\x"]
    + [":copy C:\\boot.ini host:{p}", ":capture start", ":capture save {p}", ":result {p}"]
    + [":config", ":snapshot save {p}", ":snapshot restore {p}", ":history", ":tree"]
]
HOST_PATHS = [
    *[CANARY + "/x.txt", CANARY, CANARY + "/../canary/y", "../x", "x", "sub/../../z"]
    + ["/dev/null", CANARY + "/\x00", "a" * 300, CANARY + "/link"]
]
REGEX_LINES = [
    *[".* (re)", "[[ANY]]", "(a+)+b (re)", "[ (re)", "\\d+ (re)", "(?P<x (re)", "x* (glob)"]
    + ["[[GUID]] (re)", "Policy Name *: .* (re)", "(.*)* (re)", "[[NUMBER]]", "... (re)"]
]


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[str, str]:
    """(name, text): a real transcript with one to four mutations."""
    name = draw(st.sampled_from(sorted(_CORPUS)))
    lines = list(_CORPUS[name])
    where = draw(st.randoms(use_true_random=False))  # positions spread over the whole file
    for _ in range(draw(st.integers(1, 4))):
        i = where.randrange(max(1, len(lines)))
        action = draw(
            st.sampled_from(
                ["drop", "dup", "swap", "input", "output", "word", "header", "text", "host"]
                + ["host", "regex", "lablink"]
            )
        )
        if not lines:
            lines.append(draw(st.sampled_from(_CORPUS_INPUTS)))
        elif action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = where.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "input":
            lines.insert(i, draw(st.sampled_from(_CORPUS_INPUTS)))
        elif action == "output":
            lines.insert(i, draw(st.sampled_from(_CORPUS_OUTPUTS)))
        elif action == "lablink":  # a lab header naming a file outside the transcript's tree
            lines.insert(
                0, "#! lab: " + draw(st.sampled_from([CANARY + "/lab.toml", "/etc/passwd"]))
            )
        elif action == "word":  # one word of an input line replaced
            match = _PROMPT.match(lines[i])
            if match:
                words = lines[i][match.end() :].split(" ")
                k = where.randrange(len(words))
                words[k] = draw(
                    st.sampled_from(NETSH_WORDS + TOOL_WORDS + CMD_WORDS) | st.text(max_size=6)
                )
                new = match.group() + " ".join(words)
                lines[i] = new
        elif action == "header":
            lines.insert(0, draw(st.sampled_from(HEADERS)))
        elif action == "host":  # a ':' line naming a host path, at the prompt before it
            line = draw(st.sampled_from(HOST_PATH_LINES))
            prompt = next((m.group() for m in map(_PROMPT.match, lines[:i]) if m), "netsh>")
            lines.insert(i, prompt + line.replace("{p}", draw(st.sampled_from(HOST_PATHS))))
        elif action == "regex":
            lines.insert(i, draw(st.sampled_from(REGEX_LINES)))
        else:
            new = draw(st.text(max_size=20))
            if not new.startswith("#! lab"):
                lines[i] = new
    return name, "\n".join(lines) + "\n"


def run_transcript(work: Path, name: str, text: str, *, cast: bool = False) -> int:
    """Replay *text* through ``netshpy --replay`` in process (*cast*: and export it with
    ``--export-cast``, rewrite it with ``--update`` and replay that); the lines it ran."""
    canary = work / "canary"
    canary.mkdir(exist_ok=True)
    (canary / "lab.toml").write_text((LABS[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (canary / "link").unlink(missing_ok=True)
    (canary / "link").symlink_to(work)
    before = sorted(p.name for p in canary.iterdir())
    transcripts_dir = work / "t"
    transcripts_dir.mkdir(exist_ok=True)
    path = transcripts_dir / name
    text = text.replace(CANARY, str(canary))
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _main_quietly(["--replay", "--no-color", str(path)], f"replay of mutated {name}")
    after = sorted(p.name for p in canary.iterdir())
    if after != before:
        raise InternalError(f"replay of mutated {name} wrote outside its folder: {after}")
    if cast:  # and the other two readers of a transcript: cast export, --update
        argv = ["--export-cast", str(path), str(work / "out.cast")]
        _main_quietly(argv, f"cast export of mutated {name}")
        _main_quietly(["--replay", "--update", str(path)], f"--update of mutated {name}")
        _main_quietly(["--replay", str(path)], f"replay of updated mutated {name}")
    return sum(1 for line in text.splitlines() if _PROMPT.match(line))


def _main_quietly(argv: list[str], where: str, stdin: bytes = b"") -> None:
    """``cli.main(argv)`` with its output captured; InternalError if it failed in itself."""
    from netshpy import cli

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape")
    sys.stdout, sys.stderr = out, err
    try:
        status = cli.main(argv)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:
        raise InternalError(f"{where}: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    if status == 70:
        raise InternalError(f"{where}: status 70: {err.getvalue()[-500:]}")
    check_text(out.getvalue(), where)
    check_text(err.getvalue(), where)


# ---- lab files -----------------------------------------------------------------------

LAB_VALUES = [
    *['""', "1", "-1", "0", "true", "[]", "{}", '["x"]', '"10.0.0.999"', '"2003"', '"XP"']
    + ['"lan"', '"SRV1"', '"SRV2"', '"10.0.0.0/33"', '"junk"', "1e400", '"\\u0000"', "[[1]]"]
    + ["{a = 1}", '"' + "9" * 4400 + '"', "9" * 4400, '"\u00b2"', '["ipsec static show all"]']
    + ['"xp"', '"2000"', '"xp-sp2"', '["support-tools"]', '"10.0.0.1"', '["10.0.0.1"]']
    + ['"config"', '"policy"', '"traffic"', '"ikelogging"', '"PHYSICAL"', '"..\\\\x"', '"/x"']
]
"""Values a mutated lab key gets: wrong types, out-of-range and real values of other keys."""
_LAB_KEY = re.compile(r"^\s*[A-Za-z_-]+\s*=")
_LAB_LINES = sorted(
    {line for path in LABS for line in path.read_text().splitlines() if _LAB_KEY.match(line)}
)


@st.composite
def lab_files(draw: st.DrawFn) -> tuple[str, str]:
    """(name, text): a shipped lab file with one to three mutations, mostly of values."""
    source = draw(st.sampled_from(LABS))
    lines = source.read_text(encoding="utf-8").splitlines()
    where = draw(st.randoms(use_true_random=False))  # positions spread over the whole file
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value"] * 6 + ["drop", "dup", "line", "line", "text"]))
        keyed = [i for i, line in enumerate(lines) if _LAB_KEY.match(line)]
        if action == "value" and keyed:
            i = where.choice(keyed)
            lines[i] = _LAB_KEY.match(lines[i]).group() + " " + draw(st.sampled_from(LAB_VALUES))
            continue
        i = where.randrange(len(lines))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "line":
            lines.insert(i, draw(st.sampled_from(_LAB_LINES)))
        elif action == "text":
            lines[i] = draw(st.text(max_size=10))
    return source.name, "\n".join(lines) + "\n"


LAB_LINES = st.one_of(netsh_lines, colon_lines, st.sampled_from([":check", ":lab", ":hint"]))


def run_lab(work: Path, name: str, text: str, lines: list[str], *, cli: bool = False) -> int:
    """Load a lab file, start the lab, run *lines* at its first computer; the lines run.

    *cli*: through ``netshpy --lab FILE --state-dir DIR`` with the lines on stdin, twice
    (the second run resumes the lab folder, or rebuilds it after a failed set-up).
    """
    from netshpy.lab.model import LabError, load_lab
    from netshpy.lab.runtime import Lab

    path = work / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    where = f"mutated lab {name}"
    if cli:
        stdin = "".join(line.replace("\n", " ") + "\n" for line in lines).encode("utf-8", "replace")
        state = work / "lab-cli"
        with inside(work / "cwd"):
            for _ in range(2):
                argv = ["--lab", str(path), "--state-dir", str(state), "--plain"]
                _main_quietly(argv, f"netshpy --lab {where}", stdin=stdin)
        return 2 * (1 + len(lines))
    try:
        spec_ = load_lab(path)
    except LabError:
        return 0
    except Exception as exc:
        raise InternalError(f"{where}: load: {type(exc).__name__}: {exc}") from exc
    try:
        lab = Lab(spec_, work / "lab", fresh=True, deterministic=True)
    except LabError:
        return 1
    except Exception as exc:
        raise InternalError(f"{where}: start: {type(exc).__name__}: {exc}") from exc
    try:
        session = lab.session()
        for line in lines:
            with inside(work / "cwd"):  # ':save x' writes relative names
                result = _execute(session, line, where)
            check_text(result.output, f"{where}: {line!r}")
            session.finished = False
    finally:
        lab.close()
    return 1 + len(lines)


def _execute(session: Any, line: str, where: str) -> Any:
    try:
        return session.execute(line)
    except Exception as exc:
        raise InternalError(f"{where}: {line!r}: {type(exc).__name__}: {exc}") from exc


# ---- a scratch folder per run ----------------------------------------------------------


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"netshpy-fuzz-{prefix}-") as tmp:
        yield Path(tmp)


Target = Callable[..., int]
