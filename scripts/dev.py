#!/usr/bin/env python3
"""Set up and run netshpy from a checkout, on any machine with Python 3.11+.

    python3 scripts/dev.py run [netshpy arguments]   # start the emulator
    python3 scripts/dev.py test [pytest arguments]   # lint, type-check, check imports, run the tests

Each creates ``.venv`` beside this folder on first use and installs what it
needs (again only when pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _ensure(extra: str) -> None:
    """Create the virtual environment and install the project (editable) into it."""
    stamp = VENV / f".installed-{extra or 'base'}"
    want = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"dev.py: creating {VENV}", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"dev.py: could not create {VENV} ({exc}); this Python lacks venv/ensurepip "
                "(on Debian or Ubuntu: apt install python3-venv)"
            )
    target = f".[{extra}]" if extra else "."
    print(f"dev.py: installing netshpy{f'[{extra}]' if extra else ''} (editable)", file=sys.stderr)
    subprocess.run(
        [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        _ensure("")
        return subprocess.call([str(PY), "-m", "netshpy", *rest])
    _ensure("test")
    for check in (["ruff", "check", "."], ["mypy"]):  # lint, then types
        status = subprocess.call([str(PY), "-m", *check], cwd=ROOT)
        if status:
            return status
    # The import contract (.importlinter): the layers of docs/developing.md, no cycles.
    lint_imports = BIN / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    status = subprocess.call([str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT)
    if status:
        return status
    return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
