"""A minimal Windows command prompt in which ``netsh`` is a command.

Enough of cmd.exe for the emulator: ``netsh ...``, ``exit``, ``rem``,
``echo``, ``cls``, ``ver``, ``hostname``, and commands that other parts of
netshpy register (the IPsec service's ``net``/``sc``/``shutdown`` commands).
Anything else gets cmd.exe's "is not recognized" answer.

The prompt shows the working directory of the computer's drives
(:mod:`netshpy.computer.drives`); ``> FILE`` and ``>> FILE`` send a command's
output to a file on those drives (``2>&1`` and ``2>nul`` are accepted), and
``netsh -f FILE`` reads its script from them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from . import messages
from .host import Host
from .inputs import clean
from .records import dataclass, field

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

PROMPT = "C:\\>"
VERSION = "Microsoft Windows [Version 5.2.3790]"

CmdHandler = Callable[["CommandPrompt", list[str], str], "str | tuple[str, int]"]


@dataclass
class CmdResult:
    """Output of one command prompt line, and its ERRORLEVEL."""

    output: str
    errorlevel: int = 0


@dataclass
class CommandPrompt:
    """A ``C:\\>`` prompt on *host*."""

    host: Host
    extra: dict[str, CmdHandler] = field(default_factory=dict)
    finished: bool = False
    errorlevel: int = 0  # of the last program, for %ERRORLEVEL%
    # Makes the netsh sessions of `netsh ...` lines (a lab's reach its other computers).
    netsh_session: Callable[[], Any] | None = None

    def __post_init__(self) -> None:
        for name, handler in _registered(self.host).items():
            self.extra.setdefault(name, handler)

    @property
    def prompt(self) -> str:
        """``C:\\>``: the drives' working directory and ``>``."""
        if "drives" not in self.host.parts:
            return PROMPT  # the drives are made on first use
        from .computer.drives import drives

        return drives(self.host).cwd() + ">"

    @prompt.setter
    def prompt(self, text: str) -> None:
        """Start at the prompt *text* (``C:\\Documents and Settings\\Administrator>``):
        its folder becomes the working directory, created if missing."""
        from .computer.drives import DriveError, drives

        folder = text[:-1] if text.endswith(">") else text
        disk = drives(self.host)
        try:
            disk.makedirs(folder)
            disk.chdir(folder)
        except DriveError:
            pass

    def run(self, line: str) -> CmdResult:
        """Run one line as cmd.exe would (with ``>``/``>>`` to a file on the drives)."""
        result = self._line(self._expand(line))
        word = line.strip().lstrip("@").split(" ", 1)[0].lower()
        if word and not word.startswith(("echo", "rem", "::")):
            self.errorlevel = result.errorlevel  # echo and rem leave ERRORLEVEL alone
        return result

    def _expand(self, line: str) -> str:
        """cmd.exe's %VARIABLE% expansion for the variables a lesson uses; others stay."""
        values = {
            "errorlevel": str(self.errorlevel),
            "computername": self.host.computer_name,
            "os": "Windows_NT",
        }

        def one(match: re.Match[str]) -> str:
            return values.get(match.group(1).lower(), match.group(0))

        return re.sub(r"%([A-Za-z_]+)%", one, line) if "%" in line else line

    def _line(self, line: str) -> CmdResult:
        stripped = clean(line).replace("\x00", "").strip()  # a console line never holds NUL
        if stripped.startswith("@"):
            stripped = stripped[1:].lstrip()
        if not stripped:
            return CmdResult("")
        stripped, target, append = _redirection(stripped)
        if target is None:
            return self._run(stripped)
        from .computer.drives import DriveError, drives

        disk = drives(self.host)
        try:
            full = disk.full_path(target)
            if not disk.is_dir(disk.parent(full)):
                raise DriveError(3, target)
        except DriveError as error:
            return CmdResult(error.text + "\n", 1)
        result = self._run(stripped)
        try:
            disk.write_text(full, result.output, append=append)
        except DriveError as error:
            return CmdResult(error.text + "\n", 1)
        return CmdResult("", result.errorlevel)

    def _run(self, stripped: str) -> CmdResult:
        if not stripped:
            return CmdResult("")
        name, _, rest = stripped.partition(" ")
        low = name.lower()
        if low.endswith(".exe"):
            low = low[:-4]
        if low == "netsh":
            return self._netsh(rest)
        if low in ("exit",):
            self.finished = True
            return CmdResult("")
        if low == "rem" or low.startswith("::"):
            return CmdResult("")
        if low == "echo" or low.startswith("echo."):
            text = rest if low == "echo" else stripped[5:]
            if low == "echo" and not rest.strip():
                return CmdResult(messages.CMD_ECHO_ON + "\n")
            return CmdResult(text + "\n")
        if low == "ver":
            from .osinfo import os_info

            return CmdResult("\n" + os_info(getattr(self.host, "os", None)).version + "\n")
        if low == "hostname":
            return CmdResult(self.host.computer_name + "\n")
        if low == "cls":
            return CmdResult("")
        handler = self.extra.get(low)
        if handler is not None:
            said = handler(self, _split(rest), rest)
            if isinstance(said, tuple):  # (text, ERRORLEVEL)
                return CmdResult(said[0], said[1])
            return CmdResult(said)
        return CmdResult(messages.CMD_NOT_RECOGNIZED.format(name=name) + "\n", 9009)

    def _read_script(self, path: str) -> str:
        """A ``netsh -f``/``-a`` file, from this computer's drives."""
        from .command_line import ScriptUnreadable
        from .computer.drives import DriveError, drives

        try:
            return drives(self.host).read_text(path)
        except DriveError as error:
            raise ScriptUnreadable(error.text) from None

    def _netsh(self, rest: str) -> CmdResult:
        from .command_line import run_netsh_argv

        if self.netsh_session is not None:
            from .command_line import parse_args, run_noninteractive

            session = self.netsh_session()
            session.interactive = False
            opts = parse_args(_split(rest), netsh_only=True)
            out, _failed = run_noninteractive(session, opts, read_script=self._read_script)
            return CmdResult(out, 0)
        out, status = run_netsh_argv(_split(rest), self.host, read_script=self._read_script)
        return CmdResult(out, status)


def blank_after(prompt: Any, line: str) -> str:
    """The blank line cmd.exe prints after a command, before its next prompt (none after
    ``exit`` or an empty line). *prompt*: anything with ``finished``."""
    return "\n" if line.strip() and not prompt.finished else ""


def interactive_netsh_options(line: str):
    """The options of a ``netsh [-a F] [-c C] [-r M]`` line that starts interactive
    netsh (no command, script or ``/?``); None for any other line."""
    from .command_line import UsageError, parse_args

    stripped = line.strip()
    if stripped.startswith("@"):
        stripped = stripped[1:].lstrip()
    name, _, rest = stripped.partition(" ")
    if name.lower() not in ("netsh", "netsh.exe"):
        return None
    argv = _split(rest)
    if any(arg.startswith("--") for arg in argv):
        return None
    try:
        opts = parse_args(argv)
    except UsageError:
        return None
    if opts.command or opts.script or opts.netsh_help:
        return None
    return opts


def _split(text: str) -> list[str]:
    """Words as a Windows program sees them: double quotes group, backslashes and
    single quotes stay (``name=Michael's`` is one word)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""
    lexer.quotes = '"'
    try:
        return list(lexer)
    except ValueError:
        return text.split()


_REDIRECT = re.compile(r'\s*(\d?)(>>?)\s*(&\d|"[^"]*"|[^\s<>|&"]+)')


def _redirection(line: str) -> tuple[str, str | None, bool]:
    """*line* without its output redirections, the file ``>`` names and whether ``>>``.

    Redirections of other streams (``2>nul``, ``2>&1``) are dropped: netsh
    prints everything on standard output.
    """
    target: str | None = None
    append = False
    kept: list[str] = []
    pos = 0
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        if ch != ">" or in_quotes or i < pos:
            continue
        start = i - 1 if i > 0 and line[i - 1].isdigit() else i
        found = _REDIRECT.match(line, start)
        if found is None:
            continue
        kept.append(line[pos:start])
        pos = found.end()
        stream, arrows, name = found.groups()
        if stream in ("", "1") and not name.startswith("&"):
            target, append = name.strip('"'), arrows == ">>"
    if pos == 0:
        return line, None, False
    kept.append(line[pos:])
    return "".join(kept).strip(), target, append


def _registered(host: Host) -> dict[str, CmdHandler]:
    """Commands contributed by other modules: the IPsec service's, and the
    programs of :mod:`netshpy.prompt` that this computer has."""
    found: dict[str, CmdHandler] = {}
    try:
        from .service_commands import commands_on
    except ImportError:
        pass
    else:
        found.update(commands_on(host))
    try:
        from .prompt import programs_on
    except ImportError:
        return found
    for name, program in programs_on(host).items():
        found.setdefault(name, program.run)
    return found
