"""The persistent line history, kept in the emulated computer's state folder.

It is prompt_toolkit's ``FileHistory`` format (``# timestamp`` then ``+line``
rows), at ``<state-dir>/history``, so each emulated computer keeps its own.
Ctrl-R searches it and the auto-suggestion draws from it; ``history = false``
in the config keeps history in memory only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from ..textfile import read_text

if TYPE_CHECKING:
    from ..host import Host
    from .config import Config

FILE_NAME = "history"


def history_path(host: Host) -> Path:
    """The history file of *host*."""
    return host.state_dir / FILE_NAME


class NetshHistory(FileHistory):
    """``FileHistory`` that skips blank lines and tolerates an unwritable file."""

    def store_string(self, string: str) -> None:
        """Append *string* to the file (blank lines are not kept)."""
        if not string.strip():
            return
        try:
            super().store_string(string)
        except OSError:
            pass

    def load_history_strings(self):
        """Read the file, newest first; an unreadable file is an empty history."""
        try:
            yield from super().load_history_strings()
        except (OSError, UnicodeDecodeError):
            return


def make_history(host: Host, config: Config) -> History:
    """The history the REPL uses: the state folder's file, or memory only."""
    if not config.history:
        return InMemoryHistory()
    return NetshHistory(str(history_path(host)))


def entries(path: Path) -> list[str]:
    """The lines stored in a history file, oldest first (empty if none)."""
    try:
        text = read_text(path, errors="replace")
    except OSError:
        return []
    out: list[str] = []
    current: list[str] = []
    for row in text.splitlines():
        if row.startswith("+"):
            current.append(row[1:])
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def clear(path: Path) -> None:
    """Empty the history file."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
