"""A minimal Windows command prompt in which ``netsh`` is a command.

Enough of cmd.exe for the emulator: ``netsh ...``, ``exit``, ``rem``,
``echo``, ``cls``, ``ver``, ``hostname``, and commands that other parts of
netshpy register (the IPsec service's ``net``/``sc``/``shutdown`` commands).
Anything else gets cmd.exe's "is not recognized" answer.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from . import messages
from .host import Host
from .inputs import clean
from .records import dataclass, field

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
    prompt: str = PROMPT

    def __post_init__(self) -> None:
        for name, handler in _registered(self.host).items():
            self.extra.setdefault(name, handler)

    def run(self, line: str) -> CmdResult:
        """Run one line as cmd.exe would."""
        stripped = clean(line).replace("\x00", "").strip()  # a console line never holds NUL
        if stripped.startswith("@"):
            stripped = stripped[1:].lstrip()
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

    def _netsh(self, rest: str) -> CmdResult:
        from .cli import run_netsh_argv

        out, status = run_netsh_argv(_split(rest), self.host)
        return CmdResult(out, status)


def interactive_netsh_options(line: str):
    """The options of a ``netsh [-a F] [-c C] [-r M]`` line that starts interactive
    netsh (no command, script or ``/?``); None for any other line."""
    from .cli import UsageError, parse_args

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
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


def _registered(host: Host) -> dict[str, CmdHandler]:
    """Commands contributed by other modules: the IPsec service's, and the
    programs of :mod:`netshpy.prompt` that this computer has."""
    found: dict[str, CmdHandler] = {}
    try:
        from .service_commands import COMMANDS
    except ImportError:
        pass
    else:
        found.update(COMMANDS)
    try:
        from .prompt import programs_on
    except ImportError:
        return found
    for name, program in programs_on(host).items():
        found.setdefault(name, program.run)
    return found
