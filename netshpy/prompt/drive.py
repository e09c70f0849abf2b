"""The one door from the command prompt's programs to the computer's drives.

``cd``, ``dir`` and ``type`` reach files only through :func:`drive_of`. It
uses the emulated drives (``netshpy.computer.drives``) when that area is
present, else a small stand-in with the same methods over
``<state>/drives/<letter>``. Either way ``C:\\WINDOWS\\debug`` is the folder
where the IPsec service writes ``oakley.log`` (``<state>/debug``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEBUG_FOLDER = "C:\\WINDOWS\\debug"


class DriveError(OSError):
    """A path that is not there: cmd's text in ``str()``."""


class _Plain:
    """A minimal drive C: under the state folder (until the drives area exists)."""

    def __init__(self, state_dir: Path) -> None:
        self.root = Path(state_dir) / "drives"
        self._cwd = "C:\\"
        for folder in ("C/WINDOWS/system32", "C/Documents and Settings/Administrator"):
            try:
                (self.root / folder).mkdir(parents=True, exist_ok=True)
            except OSError:
                pass

    def cwd(self) -> str:
        return self._cwd

    def full_path(self, path: str) -> str:
        text = path.replace("/", "\\").strip()
        if len(text) >= 2 and text[1] == ":":
            drive, rest = text[:2].upper(), text[2:]
            if not rest.startswith("\\"):
                rest = "\\" + rest
        elif text.startswith("\\"):
            drive, rest = self._cwd[:2], text
        else:
            drive, rest = self._cwd[:2], self._cwd[2:].rstrip("\\") + "\\" + text
        parts: list[str] = []
        for piece in rest.split("\\"):
            if piece in ("", "."):
                continue
            if piece == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(piece)
        return drive + "\\" + "\\".join(parts)

    def locate(self, path: str) -> Path:
        full = self.full_path(path)
        if full[:2] != "C:":
            raise DriveError("The system cannot find the drive specified.")
        where = self.root / "C"
        for piece in full[3:].split("\\"):
            if not piece:
                continue
            match = None
            if where.is_dir():
                match = next((c for c in where.iterdir() if c.name.lower() == piece.lower()), None)
            where = match if match is not None else where / piece
        return where

    def is_dir(self, path: str) -> bool:
        return self.locate(path).is_dir()

    def is_file(self, path: str) -> bool:
        return self.locate(path).is_file()

    def chdir(self, path: str) -> None:
        if not self.is_dir(path):
            raise DriveError("The system cannot find the path specified.")
        self._cwd = self.full_path(path)

    def listdir(self, path: str) -> list[str]:
        return sorted(c.name for c in self.locate(path).iterdir())

    def read_text(self, path: str) -> str:
        from ..textfile import read_text

        return read_text(self.locate(path), encoding="utf-8-sig", errors="replace")


def drive_of(host: Any) -> Any:
    """The computer's drives object (one per host)."""
    try:
        from ..computer.drives import drives
    except ImportError:
        return host.part("prompt-drive", lambda h: _Plain(h.state_dir))
    return drives(host)


def debug_file(host: Any, full_path: str) -> Path | None:
    """The real file behind ``C:\\WINDOWS\\debug\\NAME`` (the IKE log), or None."""
    folder, _, name = full_path.rpartition("\\")
    if folder.lower() != DEBUG_FOLDER.lower() or not name:
        return None
    return Path(host.state_dir) / "debug" / name
