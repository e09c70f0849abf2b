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
from .statefiles import make_folder

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from .host import Host
    from .session import Session

FOLDER = "snapshots"  # inside the state folder; never part of a snapshot itself
# A name is one path component of letters, digits, '_', '-' and '.', never '.' or '..'.
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,39}$")

# What netshpy keeps at the top of a state folder: the only entries a snapshot
# copies and a restore replaces. Anything else (a user's own files in a folder
# named with --state-dir) is neither copied nor ever deleted. A part that adds
# a top-level entry adds it here (tests/test_snapshots.py checks a busy computer).
STATE_ENTRIES = frozenset(
    {
        "host.json",
        "guid-counter",
        ".guid-counter.lock",
        "static",
        "service",
        "domains",
        "drives",
        "debug",
        "ipsec-config.json",  # an earlier version's; migrated into service/state.sqlite
        "helpers.json",
        "history",
        "gp-cache.json",
        "lab.json",
    }
)


def _owned(name: str) -> bool:
    return name in STATE_ENTRIES


def copy_state(state_dir: Path, target: Path, skip: str | None = None) -> None:
    """Copy netshpy's entries of *state_dir* to *target* (which must not exist).

    Only :data:`STATE_ENTRIES` are copied (*skip* is kept for callers that
    name the snapshots folder; it is never one of them).
    """

    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder) != state_dir:
            return set()
        return {n for n in names if not _owned(n) or n == skip}

    shutil.copytree(state_dir, target, symlinks=True, ignore=ignore)


def replace_state(state_dir: Path, source: Path, keep: str | None = None) -> None:
    """Make netshpy's entries of *state_dir* what *source* holds.

    Only :data:`STATE_ENTRIES` are removed and copied: a file netshpy did not
    create is never deleted. *keep* is never touched.
    """
    for entry in list(state_dir.iterdir()):
        if entry.name == keep or not _owned(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in source.iterdir():
        if entry.name == keep or not _owned(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, state_dir / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, state_dir / entry.name, follow_symlinks=False)


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
        make_folder(folder)
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
