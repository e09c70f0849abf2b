"""The one door from the command prompt's programs to the computer's drives.

``cd``, ``dir`` and ``type`` reach files only through :func:`drive_of`
(the emulated drives, :mod:`netshpy.computer.drives`) and
:func:`debug_file`: ``%SystemRoot%\\debug`` (``C:\\WINDOWS\\debug``, on Windows 2000
``C:\\WINNT\\debug``) is where the IPsec service writes
``oakley.log`` (``<state>/debug``, the lab's IKE log observer).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def drive_of(host: Any) -> Any:
    """The computer's drives (one object per host)."""
    from ..computer.drives import drives

    return drives(host)


def debug_file(host: Any, full_path: str) -> Path | None:
    """The real file behind ``%SystemRoot%\\debug\\NAME`` (the IKE log), or None."""
    folder, _, name = full_path.rpartition("\\")
    if folder.lower() != drive_of(host).windir.lower() + "\\debug" or not name:
        return None
    return Path(host.state_dir) / "debug" / name
