"""The persistent line history, kept in the emulated computer's state folder.

It is prompt_toolkit's ``FileHistory`` format (``# timestamp`` then ``+line``
rows), at ``<state-dir>/history``, so each emulated computer keeps its own.
Ctrl-R searches it and the auto-suggestion draws from it; ``history = false``
in the config keeps history in memory only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from ..statefiles import append_private, write_atomically
from ..textfile import read_text

if TYPE_CHECKING:
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document

    from ..host import Host
    from .config import Config

FILE_NAME = "history"
FAILED_FILE = "history.failed"
FAILED_KEEP = 500


def history_path(host: Host) -> Path:
    """The history file of *host*."""
    return host.state_dir / FILE_NAME


class NetshHistory(FileHistory):
    """``FileHistory`` that skips blank lines and tolerates an unwritable file."""

    def store_string(self, string: str) -> None:
        """Append *string* to the file (blank lines are not kept).

        Written as ``FileHistory`` writes it, but into a private file (``0600``,
        never through a link): typed lines hold preshared keys.
        """
        if not string.strip():
            return
        from datetime import datetime

        text = f"\n# {datetime.now()}\n" + "".join(f"+{line}\n" for line in string.split("\n"))
        try:
            append_private(os.fsdecode(self.filename), text.encode("utf-8", errors="replace"))
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


class FailedLines:
    """Lines that ran with an error, kept beside the history (``history.failed``).

    The history keeps every line (Ctrl-R and Up find a wrong line to fix it),
    but auto-suggestion proposes only lines that worked: see
    :class:`SuggestWorkingLines`. A line that later runs without error is
    forgotten here.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lines: list[str] = []
        if path is not None:
            try:
                self.lines = read_text(path, errors="replace").splitlines()
            except OSError:
                self.lines = []

    def __contains__(self, line: object) -> bool:
        return isinstance(line, str) and line.strip() in self.lines

    def note(self, line: str, ok: bool) -> None:
        """Remember how *line* went."""
        text = line.strip()
        if not text or "\n" in text:
            return
        before = list(self.lines)
        self.lines = [x for x in self.lines if x != text]
        if not ok:
            self.lines = [*self.lines, text][-FAILED_KEEP:]
        if self.lines != before and self.path is not None:
            try:
                write_atomically(self.path, "".join(x + "\n" for x in self.lines))
            except OSError:
                pass


class SuggestWorkingLines(AutoSuggest):
    """Auto-suggestion from the history that never proposes a line that failed."""

    def __init__(self, failed: FailedLines) -> None:
        self.failed = failed

    def get_suggestion(self, buffer: Buffer, document: Document) -> Suggestion | None:
        """The rest of the newest working history line that starts as the text typed."""
        text = document.text.rsplit("\n", 1)[-1]
        if not text.strip():
            return None
        for string in reversed(list(buffer.history.get_strings())):
            for line in reversed(string.splitlines()):
                if line.startswith(text) and line != text and line not in self.failed:
                    return Suggestion(line[len(text) :])
        return None
