"""Snapshots of an emulated computer's whole state folder.

Used by :meth:`netshpy.Emulator.snapshot` and the ``:snapshot`` emulator
command, which :mod:`netshpy.colon_commands` registers (a trainer saves a
starting point, students return to it). The host's open parts (SQLite stores, the IPsec service) are closed first so the copy is
consistent; they reopen on next use.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import messages
from .errors import EmulatorUsageError

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from .host import Host
    from .session import Session

FOLDER = "snapshots"  # inside the state folder; never part of a snapshot itself
# "." and ".." would name the snapshots folder or the state folder itself (issue 12).
_NAME = re.compile(r"^(?!\.+$)[A-Za-z0-9_.-]{1,40}$")


def copy_state(state_dir: Path, target: Path, skip: str | None = None) -> None:
    """Copy *state_dir* to *target* (which must not exist), leaving out *skip*."""
    ignore = shutil.ignore_patterns(skip) if skip else None
    shutil.copytree(state_dir, target, symlinks=True, ignore=ignore)


def replace_state(state_dir: Path, source: Path, keep: str | None = None) -> None:
    """Make *state_dir* hold what *source* holds; the entry *keep* is left alone."""
    for entry in list(state_dir.iterdir()):
        if entry.name == keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    shutil.copytree(source, state_dir, symlinks=True, dirs_exist_ok=True)


def _folder(host: Host) -> Path:
    return host.state_dir / FOLDER


def _name(argv: list[str]) -> str:
    if len(argv) != 2 or not _NAME.match(argv[1]):
        raise EmulatorUsageError(messages.SNAPSHOT_USAGE)
    return argv[1]


def snapshot_command(session: Session, argv: list[str]) -> str:
    """``:snapshot save NAME | restore NAME | delete NAME | list`` (registered by the core)."""
    verb = argv[0].lower() if argv else "list"
    host = session.host
    folder = _folder(host)
    if verb == "list" and len(argv) <= 1:
        names = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        return "\n".join(names) if names else messages.SNAPSHOT_NONE
    name = _name(argv)
    target = folder / name
    if verb == "save":
        session.close()  # a pending static batch is written first
        session.finished = False
        host.close()
        if target.exists():
            shutil.rmtree(target)
        folder.mkdir(parents=True, exist_ok=True)
        copy_state(host.state_dir, target, skip=FOLDER)
        return messages.SNAPSHOT_SAVED.format(name=name)
    if verb in ("restore", "delete") and not target.is_dir():
        raise EmulatorUsageError(messages.SNAPSHOT_MISSING.format(name=name))
    if verb == "restore":
        session.close()
        session.finished = False
        host.close()
        replace_state(host.state_dir, target, keep=FOLDER)
        return messages.SNAPSHOT_RESTORED.format(name=name)
    if verb == "delete":
        shutil.rmtree(target)
        return messages.SNAPSHOT_DELETED.format(name=name)
    raise EmulatorUsageError(messages.SNAPSHOT_USAGE)
