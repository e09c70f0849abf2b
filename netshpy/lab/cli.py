"""``netshpy --lab FILE``: run a lab interactively, or one command / script on its start computer.

FILE is a lab file, or the name of a shipped lab (``netshpy --lab nat-t``).
``--state-dir`` is the lab folder (default: a folder per lab under the
user's netshpy data folder, so a trainee resumes where they left off).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import messages
from ..cli import Options, _join_command, _prepare, _run_file, _write
from ..host import FixedClock, default_state_dir
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
    from datetime import datetime

    from .runtime import Lab

    lab_file = find_lab_file(opts.lab or "")
    clock = None
    if opts.clock:
        try:
            clock = FixedClock(datetime.fromisoformat(opts.clock))
        except ValueError:
            sys.stderr.write(f"netshpy: --clock: not an ISO date and time: {opts.clock}\n")
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
        session = lab.session()
        if opts.netsh_help or opts.script or opts.command:
            return _one_shot(session, opts)
        return _interactive(lab, session, opts)
    except KeyboardInterrupt:
        return 130
    finally:
        lab.close()


def _one_shot(session, opts: Options) -> int:
    from ..cli import _netsh_help

    session.interactive = False
    out: list[str] = []
    failed = _prepare(session, opts, out)
    if opts.netsh_help:
        out.append(_netsh_help(session))
    elif opts.script:
        failed |= _run_file(session, opts.script, out)
    else:
        result = session.execute(_join_command(opts.command), one_shot=True)
        out.append(result.output)
        failed |= not result.ok
    session.close()
    _write("".join(out))
    return 1 if (failed and opts.strict) else 0


def _interactive(lab, session, opts: Options) -> int:
    from ..modes import plain_reader, use_plain_reader

    out: list[str] = []
    failed = _prepare(session, opts, out)
    banner = messages.LAB_BANNER.format(
        name=lab.spec.name, count=len(lab.spec.computers), start=session.lab_home
    )
    _write(banner + "\n\n" + "".join(out))
    if not use_plain_reader(opts):
        session.lab_rich = True
        try:
            from ..repl.app import run_repl
        except ImportError:
            run_repl = None
        if run_repl is not None:
            return run_repl(session, opts)
    failed |= plain_reader(session, sys.stdin, record=opts.record)
    return 1 if (failed and opts.strict) else 0
