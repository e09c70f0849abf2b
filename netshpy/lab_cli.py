"""``netshpy --lab FILE``: run a lab interactively, or one command / script on its start computer.

FILE is a lab file, or the name of a shipped lab (``netshpy --lab nat-t``).
``--state-dir`` is the lab folder (default: a folder per lab under the
user's netshpy data folder, so a trainee resumes where they left off).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from . import messages
from .command_line import Options, run_noninteractive, write
from .host import FixedClock, parse_clock
from .lab.model import LabError, load_lab
from .lab.shipped import default_lab_root, find_lab_file, shipped_labs
from .modes import cmd_loop, run_interactive, use_plain_reader
from .osinfo import has_netsh_ipsec


def lab_main(opts: Options) -> int:
    """Entry point of ``netshpy --lab``."""
    from .lab.runtime import Lab

    lab_file = find_lab_file(opts.lab or "")
    if opts.results is not None or opts.csv is not None:
        return results_main(lab_file, opts)
    clock = None
    if opts.clock:
        try:
            clock = FixedClock(parse_clock(opts.clock))
        except ValueError as exc:
            sys.stderr.write(f"netshpy: --clock: {exc}\n")
            return 2
    try:
        spec = load_lab(lab_file)
        root = Path(opts.state_dir) if opts.state_dir else default_lab_root(lab_file)
        lab = Lab(spec, root, deterministic=opts.deterministic, clock=clock)
    except LabError as exc:
        sys.stderr.write(messages.LAB_ERROR.format(text=exc) + "\n")
        if not lab_file.exists():
            names = ", ".join(p.stem for p in shipped_labs())
            if names:
                sys.stderr.write(f"netshpy: shipped labs: {names}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"netshpy: {exc}\n")
        return 2
    try:
        # --connect NAME (or, with --cmd, -r NAME) picks the computer to sit at.
        where = opts.connect or (opts.remote if opts.cmd_mode and opts.cmd is not None else None)
        try:
            session = lab.session(where)
        except LabError as exc:
            sys.stderr.write(messages.LAB_ERROR.format(text=exc) + "\n")
            return 2
        if opts.cmd_mode:
            return run_lab_prompt(lab, _home(session), opts, _banner(lab, session))
        if opts.netsh_help or opts.script or opts.command:
            return _one_shot(session, opts)
        if not has_netsh_ipsec(lab.computer(_home(session)).os):
            # Windows 2000 / XP: the trainee works at the command prompt (ipseccmd, ipsecpol).
            return run_lab_prompt(lab, _home(session), opts, _banner(lab, session))
        return _interactive(lab, session, opts)
    except KeyboardInterrupt:
        return 130
    finally:
        lab.close()


def _one_shot(session, opts: Options) -> int:
    session.interactive = False
    output, failed = run_noninteractive(session, opts)
    write(output)
    return 1 if (failed and opts.strict) else 0


def _home(session) -> str:
    return str(session.lab_home)


def _banner(lab, session) -> str:
    """The lab's greeting, wrapped to the terminal (one line elsewhere)."""
    import shutil

    from .lab.layout import MIN_WIDTH, wrap

    text = messages.LAB_BANNER.format(
        name=lab.spec.name, count=len(lab.spec.computers), start=session.lab_home
    )
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return text
    return wrap(text, max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns), hang=0)


def _rich_output(session) -> None:
    """On a terminal the lab's output is wrapped to its width, :check is a rich table."""
    session.lab_rich = True


def _interactive(lab, session, opts: Options) -> int:
    banner = _banner(lab, session)
    return run_interactive(session, opts, banner + "\n\n", on_terminal=_rich_output)


def _recording_netsh(recorder: Any) -> Any:
    """An observer recording netsh's lines at a prompt; the line that leaves netsh gets
    the blank line cmd.exe prints after it."""

    def observe(session: Any, prompt: str, line: str, result: Any) -> None:
        output = result.output + ("\n" if session.finished else "")
        recorder.add(session, line, output, prompt=prompt)

    return observe


def run_lab_prompt(lab: Any, name: str, opts: Options, banner: str = "") -> int:
    """``--cmd LINE`` (one line, its ERRORLEVEL with ``--strict``), or the prompt until ``exit``."""
    from .cmdprompt import interactive_netsh_options
    from .lab.at_prompt import LabPrompt

    at = LabPrompt(lab, name)
    if opts.cmd is not None:
        result = at.run(opts.cmd)
        write(result.output)
        return result.errorlevel if opts.strict else 0
    if banner:
        write(banner + "\n\n")
    if not use_plain_reader(opts):  # a terminal: ':' output fits it, as at a netsh prompt
        _rich_output(at.session)
    from .transcript.record import open_recorder

    recorder = open_recorder(opts.record)  # --record: the prompt's lines and netsh's inside it

    def netsh_line(line: str, prompt: str) -> bool:
        netsh_opts = interactive_netsh_options(line)
        if netsh_opts is None:
            return False
        # "netsh" alone: this computer's interactive netsh
        netsh_opts.plain = netsh_opts.plain or opts.plain
        netsh = at.netsh_session()
        if recorder is not None:
            recorder.add(at.session, line, "", prompt=prompt)
            netsh.add_observer(_recording_netsh(recorder))
        run_interactive(netsh, netsh_opts, on_terminal=_rich_output)
        write("\n")
        return True

    def record(prompt: str, line: str, output: str) -> None:
        if recorder is not None:
            recorder.add(at.session, line, output, prompt=prompt)

    try:
        return cmd_loop(at, opts, netsh_line, after=record)
    finally:
        if recorder is not None:
            recorder.close()


def results_main(lab_file: Path, opts: Options) -> int:
    """``netshpy --lab NAME --results DIR [--csv FILE]``: the instructor's view."""
    from .lab import results

    if opts.results is None:
        sys.stderr.write("netshpy: --csv goes with --results DIR\n")
        return 2
    folder = Path(opts.results)
    if not folder.is_dir():
        sys.stderr.write(f"netshpy: --results: {folder} is not a folder\n")
        return 2
    try:
        spec = load_lab(lab_file)
    except LabError as exc:
        sys.stderr.write(messages.LAB_ERROR.format(text=exc) + "\n")
        return 2
    summary = results.summarize(spec, folder)
    table = results.text(summary)
    rows = results.csv_text(summary)
    if opts.csv == "-":
        write(table + "\n\n" + rows)
        return 0
    target = Path(opts.csv) if opts.csv else results.default_csv_path(summary)
    try:
        target.write_text(rows, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"netshpy: cannot write {target}: {exc.strerror or exc}\n")
        write(table + "\n")
        return 1
    write(f"{table}\n\nCSV: {target}\n")
    return 0
