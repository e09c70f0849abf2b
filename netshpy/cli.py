"""The ``netshpy`` command: parse the command line, then hand it to one front end.

``netshpy`` alone is the interactive prompt; with netsh arguments it behaves
as ``netsh.exe`` (``-a``, ``-c``, ``-r``, ``-f``, a command to run once);
``--cmd``, ``--replay``, ``--export-cast`` and ``--lab`` start the other front
ends. The options themselves and netsh run once are
:mod:`netshpy.command_line`. This module must stay light: one-shot commands
never import prompt_toolkit, rich or pygments.
"""

from __future__ import annotations

import os
import sys

from .command_line import (
    UsageError,
    error,
    make_host,
    parse_args,
    run_netsh,
    silence_stdout,
    write,
)
from .inputs import tolerant_streams

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
  --computer-name N   the emulated computer's name (default WIN2003, WINXPSP2,
                      WINXP or WIN2000 by --os)
  --os VERSION        its Windows version: 2003 (default), xp-sp2, xp or 2000
                      (kept in the state folder; only 2003 has netsh ipsec)
  --clock ISO         fix the clock (e.g. 2005-03-01T10:00:00); GUIDs become
                      sequential
  --deterministic     fixed clock and sequential GUIDs
  --strict            exit with status 1 when a command reports an error
  --plain             use the plain line reader even on a terminal
  --cmd [LINE]        run LINE in the simulated command prompt, or start it
  --replay FILE...    replay transcripts and compare (see docs/transcripts.md)
  --update            with --replay: rewrite expected output in place
  --no-color          with --replay: a plain diff even on a terminal
  --record FILE       record the interactive session as a transcript
  --export-cast IN OUT  export transcript IN as an asciinema cast OUT
  --lab FILE|NAME     load a lab file, or a shipped lab by name (dh2048,
                      nat-t, ...; several computers; see docs/labs.md)
  --connect NAME      with --lab: sit at lab computer NAME (with --cmd: its
                      C:\\> prompt)
  --lab NAME --results DIR [--csv FILE]
                      the instructor's view: the class's result files in DIR
                      per item and per learner, also written as CSV
  serve --lab NAME    run a class: trainees in a browser or over SSH, a
                      trainer's page (netshpy serve --help; docs/classroom.md)
  --help              this text
  --version           the netshpy version
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``netshpy`` console script.

    Whatever happens, the user sees text, never a Python traceback: a closed
    pipe ends the run quietly, Ctrl+C ends it with status 130, running out of
    memory says so (status 71), and a bug prints one line asking for a report
    (status 70).
    """
    _ensure_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        silence_stdout()
        return 141
    except KeyboardInterrupt:
        return 130
    except MemoryError:  # a limit the system set (ulimit, a classroom's --memory), not a bug
        from . import messages

        error(messages.OUT_OF_MEMORY)
        return 71  # EX_OSERR
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - the last resort
        from . import messages
        from .spec import SpecError

        if isinstance(exc, SpecError):  # a damaged installation, not a bug
            error(messages.SPEC_BROKEN.format(error=exc))
            return 2
        if isinstance(exc, OSError):  # the system refused: a missing folder, a full disk
            error(f"netshpy: {exc}")
            return 2
        error(messages.INTERNAL_ERROR.format(error=f"{type(exc).__name__}: {exc}"))
        return 70


def _ensure_streams() -> None:
    """Give closed standard streams (``>&-``, ``<&-``) a harmless stand-in."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            try:
                setattr(sys, name, open(os.devnull, mode))  # noqa: SIM115 - lives as long as sys
            except OSError:
                pass
    tolerant_streams()


def _main(argv: list[str] | None) -> int:
    # A process's arguments cannot hold NUL; a caller of main() can pass one.
    argv = [a.replace("\x00", "") for a in (sys.argv[1:] if argv is None else argv)]
    if argv[:1] == ["serve"]:  # the classroom server (docs/classroom.md), never one-shot
        from .serve.cli import serve_main

        return serve_main(argv[1:])
    try:
        opts = parse_args(argv)
        if opts.show_help:
            write(EMULATOR_HELP)
            return 0
        if opts.version:
            from . import __version__

            write(f"netshpy {__version__}\n")
            return 0
        if opts.replay:
            from .replay_cli import replay_main

            return replay_main(opts)
        if opts.export_cast:
            from .replay_cli import export_main

            return export_main(opts)
        if opts.lab:
            from .lab_cli import lab_main

            return lab_main(opts)
        host = make_host(opts)
    except UsageError as exc:
        error(f"netshpy: {exc}")
        return 2
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as exc:
        error(f"netshpy: {exc}")
        return 2
    try:
        if opts.cmd_mode:
            from .modes import cmd_mode

            return cmd_mode(host, opts)
        if opts.netsh_help or opts.script or opts.command:
            output, status = run_netsh(opts, host, strict=opts.strict)
            write(output)
            return status
        from .modes import interactive

        return interactive(host, opts)
    except KeyboardInterrupt:
        return 130
    finally:
        host.close()
