"""The files netshpy writes for itself: private, replaced atomically, no leftovers.

An emulated computer's state holds preshared keys, so, as ssh does with
``~/.ssh``, every folder netshpy creates is ``0700`` and every file it writes
``0600`` (folders that already exist, such as a ``--state-dir`` the user made,
keep their modes). SQLite creates a store's ``-wal``, ``-shm`` and
``-journal`` files with the mode of the store, so a ``0600`` store gives
``0600`` companions.

A file is replaced through a temporary file in the same folder, named
``.<name>.<pid>.<16 random hex digits>.netshpy-tmp``: created with
``O_CREAT | O_EXCL | O_NOFOLLOW`` (a name planted in advance, a symbolic link
included, is never opened), written, flushed to disk and renamed over the
target. A process killed in between leaves its temporary file behind;
:func:`remove_stale` deletes those whose process is gone (never one a live
process may still be writing), with the journal files SQLite made for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from collections.abc import Callable

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
TEMP_SUFFIX = ".netshpy-tmp"
_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")
_NAME_CHARS = 64  # of the target's name kept in a temporary name (names stay short)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def make_folder(path: str | Path) -> None:
    """Create folder *path* and the missing folders above it, each ``0700``.

    Folders that exist keep their modes. Raises ``OSError`` like ``Path.mkdir``
    (``FileExistsError`` when *path* is a file).
    """
    path = Path(path)
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_FOLDER)
        except FileExistsError:
            if not folder.is_dir():
                raise


def temp_name(path: Path) -> Path:
    """A fresh, unpredictable temporary name beside *path* (not created)."""
    token = os.urandom(8).hex()
    return path.with_name(f".{path.name[:_NAME_CHARS]}.{os.getpid()}.{token}{TEMP_SUFFIX}")


def create_temp(path: Path) -> tuple[int, Path]:
    """Create a new private temporary file beside *path*: ``(descriptor, name)``.

    The name is new (``O_EXCL``) and never a link followed (``O_NOFOLLOW``).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    while True:
        tmp = temp_name(path)
        try:
            return os.open(tmp, flags, PRIVATE_FILE), tmp
        except FileExistsError:  # 2**64 names: only a planted one; draw another
            continue


def publish_built(path: Path, build: Callable[[Path], None], *, replace: bool = False) -> None:
    """Build a file (a SQLite database) under a new private temporary name with
    ``build(tmp)``, then put it at *path* at once: linked, so that a file another
    process made there meanwhile wins, or, with *replace*, over what is there.

    The temporary name and its SQLite companions (``-journal``, ``-wal``, ``-shm``)
    are gone afterwards, whatever happened.
    """
    make_folder(path.parent)
    fd, tmp = create_temp(path)
    os.close(fd)
    try:
        build(tmp)
        if replace:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # atomic, and never over a file that appeared meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
            try:
                leftover.unlink()
            except OSError:
                pass


def write_atomically(path: str | Path, data: str | bytes) -> None:
    """Replace *path* with *data* (text is UTF-8) all at once; the file is ``0600``.

    Readers see the old file or the new one, never a part. On failure (the
    folder is a file, the target a directory, the disk full) the previous file
    is left as it was, no temporary file stays behind, and the ``OSError`` is
    raised for the caller to report.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    make_folder(path.parent)
    fd, tmp = create_temp(path)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def append_private(path: str | Path, data: bytes) -> None:
    """Append *data* to *path*, creating it ``0600``; a symbolic link there is not followed."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _BINARY
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def open_private(path: str | Path) -> int:
    """A read-write descriptor of *path*, created ``0600`` if absent (lock files)."""
    return os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _BINARY, PRIVATE_FILE)


def tighten(path: str | Path) -> None:
    """Make *path* ``0600`` if it is this user's regular file readable by others.

    For files netshpy made before it made them private (a store created
    ``0644`` by an older version). Links, other users' files and missing
    files are left alone.
    """
    if os.name == "nt":
        return
    try:
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and st.st_mode & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & PRIVATE_FILE)
    except OSError:
        pass


# Temporary names: netshpy's, and the two that earlier netshpy versions used for
# stores (``.new``) and state files (``.tmp``), so their leftovers go too.
_TEMP_FORMS = ((TEMP_SUFFIX, 16), (".new", 16), (".tmp", 8))


def _temp_pid(name: str, target: str | None) -> int | None:
    """The pid in a netshpy temporary file's *name* (for *target* if given), else None."""
    for companion in _SQLITE_COMPANIONS:
        if name.endswith(companion):
            name = name[: -len(companion)]
            break
    if not name.startswith("."):
        return None
    for suffix, token_length in _TEMP_FORMS:
        if not name.endswith(suffix):
            continue
        parts = name[1 : -len(suffix)].rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isascii() or not parts[1].isdigit():
            return None
        token = parts[2]
        if len(token) != token_length or any(c not in "0123456789abcdef" for c in token):
            return None
        if target is not None and parts[0] not in (target, target[:_NAME_CHARS]):
            return None
        return int(parts[1])
    return None


def _alive(pid: int) -> bool:
    """Whether process *pid* may exist (when unsure: yes)."""
    if os.name == "nt":  # os.kill would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process (EPERM), or a number no pid can be
    return True


def remove_stale(folder: str | Path, target: str | None = None) -> int:
    """Delete temporary files killed runs left in *folder*; return how many.

    Only netshpy's own temporary names (for the file named *target*, if
    given), with their SQLite journals, and only those whose process has
    ended: a process still running (this one included) may be writing its
    file. A pid reused by another process keeps the file until that ends.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        pid = _temp_pid(entry.name, target)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        try:
            if entry.is_symlink() or entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed
