"""The ``:`` commands: emulator-only commands, in a namespace that never collides with netsh.

A line whose first character is ``:`` is an emulator command (``:help``,
``:restart``, ``:tree`` ...). They exist in every front end (REPL, plain
reader, scripts, transcripts, the Python API) and print plain text; the REPL
may render richer output.

The registry is the session's (:func:`netshpy.session.colon_commands`). Every
module named ``colon_commands`` registers its commands with :func:`command`:
this one the core's own (``:help``, ``:context``, ``:snapshot``), an area's
``netshpy/<area>/colon_commands.py`` that area's. The registry imports them by
that name on the first ``:`` line; to add an area's commands, create its
``colon_commands.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import EmulatorUsageError
from .session import EMULATOR_PREFIX as PREFIX
from .session import UNKNOWN_COLON as UNKNOWN
from .session import EmulatorCommand, Session, register_colon_command
from .session import colon_commands as commands
from .session import run_colon as run

__all__ = [
    "PREFIX",
    "EmulatorCommand",
    "EmulatorUsageError",
    "command",
    "commands",
    "is_emulator_line",
    "run",
]


def command(name: str, summary: str, usage: str = "") -> Callable:
    """Register the decorated ``func(session, argv) -> text`` as ``:name``."""

    def wrap(func: Callable[[Session, list[str]], str | None]) -> Callable:
        register_colon_command(EmulatorCommand(name, summary, usage or f":{name}", func))
        return func

    return wrap


def is_emulator_line(line: str) -> bool:
    """True when *line* is an emulator command rather than a netsh command."""
    return line.lstrip().startswith(PREFIX)


@command("help", "Lists the emulator commands, or shows one.", ":help [command]")
def _help(session: Session, argv: list[str]) -> str:
    table = commands()
    if argv:
        found = table.get(argv[0].lstrip(PREFIX).lower())
        if found is None:
            raise EmulatorUsageError(UNKNOWN.format(name=argv[0]))
        return f"{found.usage}\n  {found.summary}"
    lines = ["Emulator commands (netshpy only; never part of netsh):"]
    width = _terminal_width(session)
    for c in sorted(table.values(), key=lambda c: c.name):
        line = f"  :{c.name:<12} {c.summary}"
        if width is None or len(line) < width:
            lines.append(line)
            continue
        import textwrap

        lines += textwrap.wrap(line, width=width - 1, subsequent_indent=" " * 16)
    return "\n".join(lines)


def _terminal_width(session: Session) -> int | None:
    """The REPL's width (or a lab's terminal), None off a terminal: as the lab's layout."""
    repl = session.state("repl").get("repl")
    if repl is not None:
        try:
            return max(40, int(repl.terminal_width()))
        except Exception:
            return 80
    if getattr(session, "lab_rich", False):
        import shutil

        return max(40, shutil.get_terminal_size((80, 24)).columns)
    return None


@command("context", "Shows the current context and the pushd stack.", ":context")
def _context(session: Session, argv: list[str]) -> str:
    stack = " <- ".join(c.prompt_path for c in reversed(session.stack))
    return session.context.prompt_path + (f"  (stack: {stack})" if stack else "")


@command(
    "snapshot",
    "Saves this computer's whole state under a name, or puts a saved state back.",
    ":snapshot save NAME | restore NAME | delete NAME | list",
)
def _snapshot(session: Session, argv: list[str]) -> str:
    from .snapshots import snapshot_command

    return snapshot_command(session, argv)
