"""Front ends that read lines: the plain line reader and the command prompt.

The prompt_toolkit REPL (``netshpy.repl``) is only imported for a real
terminal; pipes, dumb terminals and ``--plain`` use the plain reader, which
prints exactly the same text.
"""

from __future__ import annotations

import os
import sys

from . import messages
from .command_line import Options, prepare, write
from .host import Host
from .inputs import MAX_LINE_CHARS, LineTooLong, clean, read_line
from .session import Session

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO


def use_plain_reader(
    opts: Options, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> bool:
    """True unless both ends are a terminal that can take a full-screen prompt."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if opts.plain or os.environ.get("TERM") == "dumb":
        return True
    try:
        return not (stdin.isatty() and stdout.isatty())
    except (AttributeError, ValueError):
        return True


def interactive(host: Host, opts: Options) -> int:
    """``netshpy`` with no command: the interactive netsh prompt."""
    return run_interactive(Session(host, interactive=True), opts)


def run_interactive(
    session: Session,
    opts: Options,
    banner: str = "",
    on_terminal: Callable[[Session], None] | None = None,
) -> int:
    """Apply ``-a``/``-r``/``-c``, print *banner*, then read commands until the end.

    A real terminal gets the REPL (after *on_terminal*), anything else the plain
    reader. Returns the exit status.
    """
    from .transcript.record import attach_log

    attach_log(session)  # for :save
    out: list[str] = []
    failed = prepare(session, opts, out)
    write(banner + "".join(out))
    if not use_plain_reader(opts):
        if on_terminal is not None:
            on_terminal(session)
        try:
            from .repl.app import run_repl
        except ImportError:
            pass  # no REPL in this installation: the plain reader serves
        else:
            return run_repl(session, opts)
    failed |= plain_reader(session, sys.stdin, record=opts.record)
    return 1 if (failed and opts.strict) else 0


def plain_reader(session: Session, stream: TextIO, record: str | None = None) -> bool:
    """Read lines from *stream* as netsh does, printing its prompt; True if any failed."""
    from .transcript.record import open_recorder

    failed = False
    recorder = open_recorder(record)
    while not session.finished:
        write(session.prompt)
        try:
            line = read_line(stream)
        except LineTooLong as error:
            write(messages.LINE_TOO_LONG.format(limit=MAX_LINE_CHARS) + "\n")
            failed = True
            if error.endless:
                break
            continue
        if not line:
            write("\n")
            break
        line = clean(line.rstrip("\r\n"))
        prompt = session.prompt
        result = session.execute(line)
        failed |= not result.ok
        if recorder is not None:
            recorder.add(session, line, result.output, prompt=prompt)
        write(result.output)
    session.close()
    if recorder is not None:
        recorder.close()
    return failed


def cmd_mode(host: Host, opts: Options) -> int:
    """``--cmd LINE`` runs one command prompt line; ``--cmd`` alone starts the prompt."""
    from .cmdprompt import CommandPrompt, interactive_netsh_options

    prompt = CommandPrompt(host)
    if opts.cmd is not None:
        result = prompt.run(opts.cmd)
        write(result.output)
        return result.errorlevel if opts.strict else 0

    def netsh_line(line: str, _prompt: str) -> bool:
        netsh_opts = interactive_netsh_options(line)
        if netsh_opts is None:
            return False
        # "netsh" alone: interactive netsh until its exit, then this prompt again
        netsh_opts.plain = netsh_opts.plain or opts.plain
        run_interactive(Session(host, interactive=True), netsh_opts)
        write("\n")
        return True

    return cmd_loop(prompt, opts, netsh_line)


def cmd_loop(
    at: Any,
    opts: Options,
    netsh_line: Callable[[str, str], bool],
    after: Callable[[str, str, str], None] | None = None,
) -> int:
    """Read ``C:\\>`` lines at *at* (a ``CommandPrompt`` or a lab's prompt) until ``exit``
    or the end: the prompt_toolkit prompt on a terminal, else the plain reader.

    *netsh_line(line, prompt)* gets each line first and returns True when it ran it
    (a bare ``netsh``); *after(prompt, line, shown)* gets every other line (``--record``).
    """
    from .cmdprompt import blank_after

    if not use_plain_reader(opts):
        try:
            from .repl.cmd_app import run_cmd_repl
        except ImportError:
            pass  # no REPL in this installation: the plain reader serves
        else:
            return run_cmd_repl(at, lambda line: netsh_line(line, at.prompt), after=after)
    while not at.finished:
        prompt = at.prompt
        write(prompt)
        try:  # bounded: '< /dev/zero' would end in MemoryError
            line = read_line(sys.stdin)
        except LineTooLong as error:
            write(messages.LINE_TOO_LONG.format(limit=MAX_LINE_CHARS) + "\n\n")
            if error.endless:
                break
            continue
        if not line:
            write("\n")
            break
        line = line.rstrip("\r\n")
        if netsh_line(line, prompt):
            continue
        shown = at.run(line).output + blank_after(at, line)
        write(shown)
        if after is not None:
            after(prompt, line, shown)
    return 0
