"""Emulator-only commands: a namespace that can never collide with netsh.

A line whose first character is ``:`` is an emulator command (``:help``,
``:restart``, ``:tree`` ...). They exist in every front end (REPL, plain
reader, scripts, transcripts, the Python API) and print plain text; the REPL
may render richer output. Areas of netshpy contribute commands from their own
modules, listed in ``EXTENSIONS`` and imported on first use.
"""

from __future__ import annotations

import importlib
import shlex
from collections.abc import Callable

from .records import dataclass
from .session import EMULATOR_PREFIX as PREFIX

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from .session import Session

EXTENSIONS = (
    "netshpy.snapshots",
    "netshpy.dynamic.emulator",
    "netshpy.repl.emulator",
    "netshpy.transcript.emulator",
    "netshpy.lab.emulator",
    "netshpy.capture.emulator",
    "netshpy.computer.emulator",
)
UNKNOWN = "netshpy: unknown emulator command ':{name}'. Type :help for the list."
BAD_USAGE = "netshpy: usage: {usage}"


class EmulatorUsageError(Exception):
    """Raised by an emulator command whose arguments are wrong."""


@dataclass(frozen=True)
class EmulatorCommand:
    """One ``:name`` command."""

    name: str
    summary: str
    usage: str
    func: Callable[[Session, list[str]], str | None]


_REGISTRY: dict[str, EmulatorCommand] = {}
_loaded = False


def command(name: str, summary: str, usage: str = "") -> Callable:
    """Register the decorated ``func(session, argv) -> text`` as ``:name``."""

    def wrap(func: Callable[[Session, list[str]], str | None]) -> Callable:
        _REGISTRY[name] = EmulatorCommand(name, summary, usage or f":{name}", func)
        return func

    return wrap


def commands() -> dict[str, EmulatorCommand]:
    """Every registered emulator command (extension modules imported once)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in EXTENSIONS:
            try:
                importlib.import_module(module)
            except ImportError:
                continue
    return _REGISTRY


def is_emulator_line(line: str) -> bool:
    """True when *line* is an emulator command rather than a netsh command."""
    return line.lstrip().startswith(PREFIX)


def split_words(text: str) -> list[str]:
    """*text* split into words: blanks separate, double or single quotes group,
    backslashes are kept (``C:\\Policies`` and Windows host paths stay whole)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""
    try:
        return list(lexer)
    except ValueError:
        return text.split()


def run(session: Session, line: str) -> tuple[str, bool]:
    """Run an emulator command line; return (output, ok)."""
    text = line.lstrip()[len(PREFIX) :].replace("\x00", "")  # as for netsh lines
    argv = split_words(text)
    if not argv:
        argv = ["help"]
    name = argv[0].lower()
    table = commands()
    found = table.get(name)
    if found is None:
        hits = [n for n in table if n.startswith(name)]
        found = table[hits[0]] if len(hits) == 1 else None
    if found is None:
        return UNKNOWN.format(name=name), False
    try:
        return found.func(session, argv[1:]) or "", True
    except EmulatorUsageError as exc:
        return str(exc) or BAD_USAGE.format(usage=found.usage), False


@command("help", "Lists the emulator commands, or shows one.", ":help [command]")
def _help(session: Session, argv: list[str]) -> str:
    table = commands()
    if argv:
        found = table.get(argv[0].lstrip(PREFIX).lower())
        if found is None:
            raise EmulatorUsageError(UNKNOWN.format(name=argv[0]))
        return f"{found.usage}\n  {found.summary}"
    lines = ["Emulator commands (netshpy only; never part of netsh):"]
    lines += [f"  :{c.name:<12} {c.summary}" for c in sorted(table.values(), key=lambda c: c.name)]
    return "\n".join(lines)


@command("context", "Shows the current context and the pushd stack.", ":context")
def _context(session: Session, argv: list[str]) -> str:
    stack = " <- ".join(c.prompt_path for c in reversed(session.stack))
    return session.context.prompt_path + (f"  (stack: {stack})" if stack else "")
