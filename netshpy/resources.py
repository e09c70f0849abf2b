"""Where the data shipped with netshpy lives: grammar/ and contexts/.

In a source checkout (or an editable install) they sit beside the package at
the top of the repository; in a wheel they are copied into
``netshpy/_data/``. Both layouts are found without importing anything heavy.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding the shipped ``grammar`` or ``contexts`` files."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"netshpy data folder {name!r} is missing from the installation")


def cache_dir() -> Path | None:
    """A writable folder for compiled grammar tables and specs, or None."""
    base = os.environ.get("NETSHPY_CACHE_DIR")
    if base:
        path = Path(base)
    elif os.name == "nt":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home())) / "netshpy" / "cache"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "netshpy"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None
