"""A ``netsh`` executable for code under test that runs ``subprocess.run(["netsh", ...])``.

:func:`write_shim` writes a tiny script called ``netsh`` (plus ``netsh.cmd``
on Windows) that runs :func:`main` with the current interpreter. The shim
takes its computer from the environment, so that it shares state with the
:class:`~netshpy.Emulator` of the same test:

``NETSHPY_STATE_DIR``      the state directory (default: netshpy's per-user one)
``NETSHPY_COMPUTER_NAME``  the computer name
``NETSHPY_CLOCK``          ISO start of a fixed clock
``NETSHPY_DETERMINISTIC``  ``1``: fixed clock and sequential GUIDs
``NETSHPY_STRICT``         ``1``: exit status 1 when a command fails (netsh.exe exits 0)

Start-up is kept minimal: the script skips ``site`` (``-S``) and carries the
``sys.path`` of the process that wrote it, and this module imports only what
one netsh command needs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCRIPT = """\
#!{python} -S
# netsh shim written by netshpy: runs netsh commands on an emulated computer.
import sys
sys.path[:0] = {paths!r}
from netshpy.shim import main
main()
"""
CMD_SCRIPT = '@"{python}" -S "{script}" %*\r\n'


def _paths() -> list[str]:
    """``sys.path`` entries the shim needs: this package's parent, then ours."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    paths = [package_parent]
    for entry in sys.path:
        if entry and entry not in paths and os.path.isabs(entry):
            paths.append(entry)
    return paths


def write_shim(bin_dir: Path, python: str | None = None) -> Path:
    """Write the ``netsh`` executable into *bin_dir* and return its path."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    python = python or sys.executable
    script = bin_dir / "netsh"
    script.write_text(SCRIPT.format(python=python, paths=_paths()), encoding="utf-8")
    script.chmod(0o755)
    if os.name == "nt":  # pragma: no cover - Windows runs scripts through a .cmd
        (bin_dir / "netsh.cmd").write_text(
            CMD_SCRIPT.format(python=python, script=script), encoding="utf-8"
        )
    return script


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "yes", "true", "on")


def run(argv: list[str]) -> tuple[str, int]:
    """Run ``netsh <argv>`` on the computer the environment names; (output, status)."""
    from .command_line import run_netsh_argv
    from .host import FixedClock, Host, parse_clock

    clock = None
    start = os.environ.get("NETSHPY_CLOCK")
    if start:
        try:
            clock = FixedClock(parse_clock(start))
        except ValueError:
            return f"netsh shim: NETSHPY_CLOCK is not an ISO date: {start}\n", 2
    host = Host(
        os.environ.get("NETSHPY_STATE_DIR") or None,
        clock=clock,
        deterministic=_flag("NETSHPY_DETERMINISTIC") or clock is not None,
    )
    try:
        return run_netsh_argv(argv, host, strict=_flag("NETSHPY_STRICT"))
    finally:
        host.close()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the shim: print what netsh prints and exit like it."""
    from .inputs import tolerant_streams

    tolerant_streams()
    try:
        output, status = run(list(sys.argv[1:] if argv is None else argv))
    except OSError as exc:
        output, status = f"netsh shim: {exc}\n", 2
    except Exception as exc:  # noqa: BLE001 - a shim never shows a traceback
        output, status = f"netsh shim: internal error: {type(exc).__name__}: {exc}\n", 2
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe, a closed stream
        pass
    raise SystemExit(status)
