"""The ``netshpy`` command: netsh.exe's command line plus ``--long`` emulator options.

``netshpy`` alone is the interactive prompt; with netsh arguments it behaves
as ``netsh.exe`` (``-a``, ``-c``, ``-r``, ``-f``, a command to run once).
Emulator-only options are ``--long`` options, which no netsh word can be.
This module must stay light: one-shot commands never import prompt_toolkit,
rich or pygments.
"""

from __future__ import annotations

import os
import sys

from .host import FixedClock, Host, parse_clock
from .records import dataclass, field

NETSH_USAGE = (
    "Usage: netsh [-a AliasFile] [-c Context] [-r RemoteMachine] \n"
    "             [Command | -f ScriptFile]"
)
EMULATOR_HELP = """\
netshpy - an emulator of the Windows Server 2003 netsh ipsec shell

netsh options (as netsh.exe):
  -a AliasFile        run an alias file, then continue
  -c Context          start in Context (e.g. -c "ipsec static")
  -r RemoteMachine    operate on another computer (see docs)
  -f ScriptFile       run a script file, then exit
  Command             run one command, then exit

emulator options:
  --state-dir DIR     keep the emulated computer's state in DIR
                      (default: $NETSHPY_STATE_DIR or a per-user data folder)
  --computer-name N   the emulated computer's name (default WIN2003)
  --clock ISO         fix the clock (e.g. 2005-03-01T10:00:00); GUIDs become sequential
  --deterministic     fixed clock and sequential GUIDs
  --strict            exit with status 1 when a command reports an error
  --plain             use the plain line reader even on a terminal
  --cmd [LINE]        run LINE in the simulated command prompt, or start it
  --replay FILE...    replay transcripts and compare (see docs/transcripts.md)
  --update            with --replay: rewrite expected output in place
  --no-color          with --replay: a plain diff even on a terminal
  --record FILE       record the interactive session as a transcript
  --export-cast IN OUT  export transcript IN as an asciinema cast OUT
  --lab FILE|NAME     load a lab file, or a shipped lab by name (dh2048, nat-t, ...;
                      several computers; see docs/labs.md)
  --connect NAME      with --lab: sit at lab computer NAME (with --cmd: its C:\\> prompt)
  --lab NAME --results DIR [--csv FILE]
                      the instructor's view: the class's result files in DIR
                      per item and per learner, also written as CSV
  serve --lab NAME    run a class: trainees in a browser or over SSH, a trainer's
                      page (netshpy serve --help; see docs/classroom.md)
  --help              this text
  --version           the netshpy version
"""


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


_LONG_VALUE = {
    "--state-dir",
    "--computer-name",
    "--clock",
    "--record",
    "--lab",
    "--connect",
    "--results",
    "--csv",
}
_LONG_FLAG = {
    "--deterministic",
    "--strict",
    "--plain",
    "--update",
    "--help",
    "--version",
    "--no-color",
}


def parse_args(argv: list[str]) -> Options:
    """Split *argv* into netsh options, emulator options and the command."""
    opts = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--"):
            key, eq, inline = arg.partition("=")
            if key in _LONG_VALUE:
                if eq:
                    value = inline
                else:
                    i += 1
                    if i >= len(argv):
                        raise UsageError(f"{key} needs a value")
                    value = argv[i]
                setattr(opts, key[2:].replace("-", "_"), value)
            elif key in _LONG_FLAG:
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

    try:
        return Host(
            opts.state_dir,
            computer_name=opts.computer_name,
            clock=clock,
            deterministic=opts.deterministic or clock is not None,
        )
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


def run_netsh_argv(
    argv: list[str], host: Host, *, strict: bool = False, files_on_drives: bool = False
) -> tuple[str, int]:
    """Run ``netsh <argv>`` non-interactively on *host*; return (output, exit status).

    Used by the simulated command prompt (*files_on_drives*: ``-f``/``-a``
    name files on the computer's drives) and the ``netsh`` shim (host files).
    An argv that would start interactive netsh reads nothing and returns at once.
    """
    return run_netsh(parse_args(argv), host, strict=strict, files_on_drives=files_on_drives)


def run_netsh(
    opts: Options, host: Host, *, strict: bool = False, files_on_drives: bool = False
) -> tuple[str, int]:
    """Run the netsh part of *opts* (no interactive prompt) on *host*."""
    from .session import Session

    session = Session(host, interactive=False)
    output, failed = run_noninteractive(session, opts, files_on_drives=files_on_drives)
    return output, 1 if (failed and strict) else 0


def run_noninteractive(
    session, opts: Options, *, files_on_drives: bool = False
) -> tuple[str, bool]:
    """``-a``/``-r``/``-c``, then ``/?``, ``-f`` or the one-shot command, on *session*.

    ``-f`` and ``-a`` read host files, or files on the computer's drives with
    *files_on_drives* (netsh typed at the emulated command prompt).
    Returns what was printed and whether a command failed; closes the session.
    """
    out: list[str] = []
    session.files_on_drives = files_on_drives
    failed = _prepare(session, opts, out)
    if session.unreachable:
        pass  # -r named a computer that cannot be reached: the command is not run here
    elif opts.netsh_help:
        out.append(_netsh_help(session))
    elif opts.script:
        failed |= _run_file(session, opts.script, out)
    elif opts.command:
        result = session.execute(_join_command(opts.command), one_shot=True)
        out.append(result.output)
        failed |= not result.ok
    session.close()
    return "".join(out), failed


def _prepare(session, opts: Options, out: list[str]) -> bool:
    """Apply -a, -r and -c before the command; return True if one failed.

    When ``-r`` names a computer that cannot be reached, ``session.unreachable``
    is set and nothing else runs: netsh does not fall back to the local computer.
    """
    failed = False
    if opts.alias_file:
        failed |= _run_file(session, opts.alias_file, out)
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


def _run_file(session, path: str, out: list[str]) -> bool:
    from . import messages
    from .textfile import read_text

    if getattr(session, "files_on_drives", False):
        from .computer.drives import DriveError, drives

        try:
            lines = drives(session.host).read_text(path).splitlines()
        except DriveError as error:
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``netshpy`` console script.

    Whatever happens, the user sees text, never a Python traceback: a closed
    pipe ends the run quietly, Ctrl+C ends it with status 130, and a bug
    prints one line asking for a report (status 70).
    """
    _ensure_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except KeyboardInterrupt:
        return 130
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - the last resort
        from . import messages
        from .spec import SpecError

        if isinstance(exc, SpecError):  # a damaged installation, not a bug
            _error(messages.SPEC_BROKEN.format(error=exc))
            return 2
        if isinstance(exc, OSError):  # the system refused: a missing folder, a full disk
            _error(f"netshpy: {exc}")
            return 2
        _error(messages.INTERNAL_ERROR.format(error=f"{type(exc).__name__}: {exc}"))
        return 70


def _ensure_streams() -> None:
    """Give closed standard streams (``>&-``, ``<&-``) a harmless stand-in."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            try:
                setattr(sys, name, open(os.devnull, mode))  # noqa: SIM115 - lives as long as sys
            except OSError:
                pass


def _error(text: str) -> None:
    """Write one error line to stderr, ignoring a closed stderr."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: list[str] | None) -> int:
    # A process's arguments cannot hold NUL; a caller of main() can pass one.
    argv = [a.replace("\x00", "") for a in (sys.argv[1:] if argv is None else argv)]
    if argv[:1] == ["serve"]:  # the classroom server (docs/classroom.md), never one-shot
        from .serve.cli import serve_main

        return serve_main(argv[1:])
    try:
        opts = parse_args(argv)
        if opts.show_help:
            _write(EMULATOR_HELP)
            return 0
        if opts.version:
            from . import __version__

            _write(f"netshpy {__version__}\n")
            return 0
        if opts.replay:
            from .transcript.cli import replay_main

            return replay_main(opts)
        if opts.export_cast:
            from .transcript.cli import export_main

            return export_main(opts)
        if opts.lab:
            from .lab.cli import lab_main

            return lab_main(opts)
        host = make_host(opts)
    except UsageError as exc:
        _error(f"netshpy: {exc}")
        return 2
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as exc:
        _error(f"netshpy: {exc}")
        return 2
    try:
        if opts.cmd_mode:
            from .modes import cmd_mode

            return cmd_mode(host, opts)
        if opts.netsh_help or opts.script or opts.command:
            output, status = run_netsh(opts, host, strict=opts.strict)
            _write(output)
            return status
        from .modes import interactive

        return interactive(host, opts)
    except KeyboardInterrupt:
        return 130
    finally:
        host.close()


def _write(text: str) -> None:
    """Print *text* now; after the reader closed the pipe, print nothing more."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
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
