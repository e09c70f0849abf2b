"""Host files named by ``:`` commands, and the folder a replay confines them to.

netsh's own file names (``exportpolicy``, ``exec``, ``-f``, ``dump > x``) are
Windows paths on the emulated computer's drives (:mod:`netshpy.computer.drives`)
and never reach the host. A few emulator commands do take host paths:
``:save``, ``:script``, ``:record``, ``:copy host:...``, ``:capture save``,
``:result``, and ``:config`` reads the user's config file. Each passes the
path through :func:`host_path` before opening it.

Outside a replay :func:`host_path` changes nothing. While a transcript
replays (someone else's file, run as it is), :func:`confined` names the
replay's scratch folder: a relative path is taken from that folder, symlinks
are followed, and a path that ends outside it raises :class:`OutsideFolder`
(an ``OSError`` whose ``strerror`` says why) before anything is opened.
The confinement lives in a context variable: it covers the thread that
replays, not other threads of the process.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from . import messages

_FOLDER: ContextVar[str | None] = ContextVar("netshpy_confined_folder", default=None)


class OutsideFolder(PermissionError):
    """A host path that leaves the confinement folder (``strerror``: the reason)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(errno.EACCES, messages.HOST_PATH_CONFINED, str(path))


@contextmanager
def confined(folder: str | Path) -> Iterator[Path]:
    """Confine host files to *folder* (which must exist) until the block ends."""
    root = os.path.realpath(folder)
    previous = _FOLDER.get()
    _FOLDER.set(root)
    try:
        yield Path(root)
    finally:
        _FOLDER.set(previous)


def confinement() -> Path | None:
    """The folder host files are confined to, or None when they are not."""
    root = _FOLDER.get()
    return Path(root) if root is not None else None


def inside(root: str | Path, path: str | Path) -> bool:
    """Whether *path* (relative paths from *root*; symlinks followed) is *root* or below it."""
    if "\x00" in os.fspath(path):
        return False
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, os.fspath(path)))
    try:
        return os.path.commonpath([base, target]) == base
    except ValueError:  # different drives (Windows)
        return False


def host_path(path: str | Path) -> Path:
    """The host file to open for *path*; raises :class:`OutsideFolder` when confined.

    Unconfined, *path* is returned as given. Confined, it is the resolved path
    inside the folder (relative paths start there; symlinks are followed, so a
    link that points outside counts as outside).
    """
    root = _FOLDER.get()
    if root is None:
        return Path(path)
    if not inside(root, path):
        raise OutsideFolder(path)
    return Path(os.path.realpath(os.path.join(root, os.fspath(path))))
