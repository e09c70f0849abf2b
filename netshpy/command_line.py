"""The command line the front ends share: options, the computer they describe, netsh run once.

``netshpy`` takes netsh.exe's command line (``-a``, ``-c``, ``-r``, ``-f``,
a command to run once) plus emulator options, which are ``--long`` options
that no netsh word can be. This module parses them (:func:`parse_args` into
:class:`Options`), makes the emulated computer they describe
(:func:`make_host`) and runs netsh without a prompt (:func:`run_noninteractive`:
``-a``/``-r``/``-c``, then ``/?``, ``-f`` or the command), as ``netshpy
<command>``, the lab's one-shot mode, the ``netsh`` shim and the command
prompt's ``netsh`` do. :func:`write` and :func:`error` print so that a closed
pipe ends the output quietly.

It sits below the areas (the command prompt runs ``netsh`` through it) and
must stay light: one-shot commands never import prompt_toolkit, rich or
pygments. The entry point that dispatches to the front ends is
:mod:`netshpy.cli`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .host import FixedClock, Host, parse_clock
from .records import dataclass, field

NETSH_USAGE = (
    "Usage: netsh [-a AliasFile] [-c Context] [-r RemoteMachine] \n"
    "             [Command | -f ScriptFile]"
)


class UsageError(Exception):
    """Bad emulator options."""


@dataclass
class Options:
    """Parsed command line."""

    alias_file: str | None = None
    context: str | None = None
    remote: str | None = None
    script: str | None = None
    command: list[str] = field(default_factory=list)
    state_dir: str | None = None
    computer_name: str | None = None
    os: str | None = None  # the computer's Windows version (--os)
    clock: str | None = None
    deterministic: bool = False
    strict: bool = False
    plain: bool = False
    cmd: str | None = None
    cmd_mode: bool = False
    replay: list[str] = field(default_factory=list)
    update: bool = False
    record: str | None = None
    no_color: bool = False
    export_cast: list[str] = field(default_factory=list)
    lab: str | None = None
    connect: str | None = None
    results: str | None = None
    csv: str | None = None
    show_help: bool = False
    version: bool = False
    netsh_help: bool = False


LONG_VALUE = {
    "--state-dir",
    "--computer-name",
    "--os",
    "--clock",
    "--record",
    "--lab",
    "--connect",
    "--results",
    "--csv",
}
LONG_FLAG = {
    "--deterministic",
    "--strict",
    "--plain",
    "--update",
    "--help",
    "--version",
    "--no-color",
}


def parse_args(argv: list[str], *, netsh_only: bool = False) -> Options:
    """Split *argv* into netsh options, emulator options and the command.

    *netsh_only*: *argv* is what ``netsh.exe`` itself was given (at the
    emulated prompt, by the shim, ``Emulator.netsh``): netsh has no ``--``
    options, so such words are part of the command, as netsh reads them.
    """
    opts = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and not netsh_only:
            key, eq, inline = arg.partition("=")
            if key in LONG_VALUE:
                if eq:
                    value = inline
                else:
                    i += 1
                    if i >= len(argv):
                        raise UsageError(f"{key} needs a value")
                    value = argv[i]
                setattr(opts, key[2:].replace("-", "_"), value)
            elif key in LONG_FLAG:
                attr = {"--help": "show_help"}.get(key, key[2:].replace("-", "_"))
                setattr(opts, attr, True)
            elif key == "--cmd":
                opts.cmd_mode = True
                if eq:
                    opts.cmd = inline
                elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                    i += 1
                    opts.cmd = argv[i]
            elif key == "--export-cast":
                if i + 2 >= len(argv):
                    raise UsageError("--export-cast needs IN.txt and OUT.cast")
                opts.export_cast = argv[i + 1 : i + 3]
                i += 2
            elif key == "--replay":
                opts.replay.extend(argv[i + 1 :])
                break
            else:
                raise UsageError(f"unknown option {arg}")
            i += 1
            continue
        if opts.command:
            opts.command.append(arg)
            i += 1
            continue
        low = arg.lower()
        if low in ("-a", "/a", "-c", "/c", "-r", "/r", "-f", "/f", "-u", "/u", "-p", "/p"):
            if i + 1 >= len(argv):
                opts.netsh_help = True
                i += 1
                continue
            value = argv[i + 1]
            name = {"a": "alias_file", "c": "context", "r": "remote", "f": "script"}.get(low[1])
            if name:
                setattr(opts, name, value)
            i += 2
            continue
        if low in ("-?", "/?", "-h", "/h"):
            opts.netsh_help = True
            i += 1
            continue
        opts.command.append(arg)
        i += 1
    return opts


def make_host(opts: Options) -> Host:
    """The emulated computer the options describe."""
    clock = None
    if opts.clock:
        try:
            clock = FixedClock(parse_clock(opts.clock))
        except ValueError as exc:
            raise UsageError(f"--clock: {exc}") from None
    from . import messages
    from .host import valid_computer_name

    if opts.computer_name is not None and not valid_computer_name(opts.computer_name):
        name = opts.computer_name
        raise UsageError(f"--computer-name: {messages.TRANSCRIPT_BAD_COMPUTER.format(name=name)}")
    try:
        return Host(
            opts.state_dir,
            computer_name=opts.computer_name,
            clock=clock,
            deterministic=opts.deterministic or clock is not None,
            os=opts.os,
        )
    except ValueError as exc:  # --os names no Windows version netshpy has
        raise UsageError(f"--os: {exc}") from None
    except OSError as exc:
        folder = opts.state_dir or "the state folder"
        raise UsageError(messages.STATE_DIR_FAILED.format(path=folder, error=exc)) from None


def _join_command(words: list[str]) -> str:
    """Rebuild a command line from argv words.

    Windows hands netsh its command line as typed, quotes included; a POSIX
    shell has already removed them. Put them back where a value holds blanks:
    ``psk=my key`` becomes ``psk="my key"``, ``my key`` becomes ``"my key"``.
    """
    return " ".join(_requote(w) for w in words)


def _requote(word: str) -> str:
    if not word:
        return '""'
    if '"' in word or not any(c.isspace() for c in word):
        return word
    tag, eq, value = word.partition("=")
    if eq and tag and not any(c.isspace() for c in tag):
        return f'{tag}="{value}"'
    return f'"{word}"'


class ScriptUnreadable(Exception):
    """A script file (``-f``, ``-a``) a :data:`ScriptReader` cannot read; ``text`` is printed."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


# Reads a script file named by -f or -a: its text, or ScriptUnreadable.
ScriptReader = Callable[[str], str]


def run_netsh_argv(
    argv: list[str], host: Host, *, strict: bool = False, read_script: ScriptReader | None = None
) -> tuple[str, int]:
    """Run ``netsh <argv>`` non-interactively on *host*; return (output, exit status).

    Used by the simulated command prompt (whose *read_script* reads ``-f``/``-a``
    files from the computer's drives) and the ``netsh`` shim (host files).
    An argv that would start interactive netsh reads nothing and returns at once.
    """
    opts = parse_args(argv, netsh_only=True)
    return run_netsh(opts, host, strict=strict, read_script=read_script)


def run_netsh(
    opts: Options, host: Host, *, strict: bool = False, read_script: ScriptReader | None = None
) -> tuple[str, int]:
    """Run the netsh part of *opts* (no interactive prompt) on *host*."""
    from .session import Session

    session = Session(host, interactive=False)
    output, failed = run_noninteractive(session, opts, read_script=read_script)
    return output, 1 if (failed and strict) else 0


def run_noninteractive(
    session, opts: Options, *, read_script: ScriptReader | None = None
) -> tuple[str, bool]:
    """``-a``/``-r``/``-c``, then ``/?``, ``-f`` or the one-shot command, on *session*.

    ``-f`` and ``-a`` read host files, or what *read_script* reads (the command
    prompt: files on the computer's drives).
    Returns what was printed and whether a command failed; closes the session.
    """
    out: list[str] = []
    session.read_script = read_script
    failed = prepare(session, opts, out)
    if session.unreachable:
        pass  # -r named a computer that cannot be reached: the command is not run here
    elif opts.netsh_help:
        out.append(_netsh_help(session))
    elif opts.script:
        failed |= run_file(session, opts.script, out)
    elif opts.command:
        result = session.execute(_join_command(opts.command), one_shot=True)
        out.append(result.output)
        failed |= not result.ok
    session.close()
    return "".join(out), failed


def prepare(session, opts: Options, out: list[str]) -> bool:
    """Apply -a, -r and -c before the command; return True if one failed.

    When ``-r`` names a computer that cannot be reached, ``session.unreachable``
    is set and nothing else runs: netsh does not fall back to the local computer.
    """
    failed = False
    if opts.alias_file:
        failed |= run_file(session, opts.alias_file, out)
    if opts.remote:
        result = session.execute(f'set machine "{opts.remote}"')
        out.append(result.output)
        if not result.ok:
            session.unreachable = True  # nothing more runs: not on this computer instead
            return True
    if opts.context:
        result = session.execute(opts.context)
        if not result.ok:
            out.append(result.output)
            failed = True
    return failed


def run_file(session, path: str, out: list[str]) -> bool:
    from . import messages
    from .textfile import read_text

    read_script = getattr(session, "read_script", None)
    if read_script is not None:
        try:
            lines = read_script(path).splitlines()
        except ScriptUnreadable as error:
            out.append(error.text + "\n")
            return True
    else:
        try:
            lines = read_text(path, encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            out.append(messages.SCRIPT_NOT_FOUND + "\n")
            return True
    results = session.run_script(lines)
    out.extend(r.output for r in results)
    return any(not r.ok for r in results)


def _netsh_help(session) -> str:
    from . import help as helptext

    root = session.spec.root
    listing = helptext.context_listing(root, root, include_interactive=False)
    return "\n" + NETSH_USAGE + "\n" + listing


def write(text: str) -> None:
    """Print *text* now; after the reader closed the pipe, print nothing more."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """Send further output (and Python's flush at exit) to the null device."""
    if sys.stdout is sys.__stdout__:  # the real pipe: the interpreter's final flush too
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # type: ignore[union-attr]
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the closed pipe
    except OSError:
        pass


def error(text: str) -> None:
    """Write one error line to stderr, ignoring a closed stderr."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
