"""``netshpy --lab FILE``: run a lab interactively, or one command / script on its start computer.

FILE is a lab file, or the name of a shipped lab (``netshpy --lab nat-t``).
``--state-dir`` is the lab folder (default: a folder per lab under the
user's netshpy data folder, so a trainee resumes where they left off).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import messages
from ..cli import Options, _write, run_noninteractive
from ..host import FixedClock, default_state_dir, parse_clock
from ..modes import run_interactive
from .model import LabError, load_lab


def find_lab_file(name: str) -> Path:
    """*name* as a path, else a shipped lab (``labs/<name>.toml``)."""
    path = Path(name)
    if path.is_file():
        return path
    from ..resources import data_dir

    try:
        shipped = data_dir("labs")
    except FileNotFoundError:
        return path
    stem = path.name.removesuffix(".toml")
    for candidate in (shipped / f"{stem}.toml", shipped / f"lab-{stem}.toml"):
        if candidate.is_file():
            return candidate
    return path


def shipped_labs() -> list[Path]:
    """Every lab file shipped with netshpy."""
    from ..resources import data_dir

    try:
        return sorted(data_dir("labs").glob("*.toml"))
    except FileNotFoundError:
        return []


def default_lab_root(lab_file: Path) -> Path:
    """``<netshpy data>/labs/<lab file stem>``."""
    return default_state_dir().parent / "labs" / lab_file.stem


def lab_main(opts: Options) -> int:
    """Entry point of ``netshpy --lab``."""
    from .runtime import Lab

    lab_file = find_lab_file(opts.lab or "")
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
        if opts.cmd_mode and opts.cmd is not None:
            return _cmd_line(lab, opts)
        session = lab.session()
        if opts.netsh_help or opts.script or opts.command:
            return _one_shot(session, opts)
        return _interactive(lab, session, opts)
    except KeyboardInterrupt:
        return 130
    finally:
        lab.close()


def _cmd_line(lab, opts: Options) -> int:
    """``--cmd LINE``: one command prompt line on the start computer (or ``-r NAME``)."""
    from ..cmdprompt import CommandPrompt

    try:
        host = lab.host(opts.remote or lab.spec.start)
    except LabError as exc:
        sys.stderr.write(messages.LAB_ERROR.format(text=exc) + "\n")
        return 2
    result = CommandPrompt(host).run(opts.cmd or "")
    _write(result.output)
    return result.errorlevel if opts.strict else 0


def _one_shot(session, opts: Options) -> int:
    session.interactive = False
    output, failed = run_noninteractive(session, opts)
    _write(output)
    return 1 if (failed and opts.strict) else 0


def _interactive(lab, session, opts: Options) -> int:
    banner = messages.LAB_BANNER.format(
        name=lab.spec.name, count=len(lab.spec.computers), start=session.lab_home
    )

    def rich_output(s) -> None:
        s.lab_rich = True

    return run_interactive(session, opts, banner + "\n\n", on_terminal=rich_output)
