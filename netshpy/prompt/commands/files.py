"""``cd``, ``dir`` and ``type`` over the computer's emulated drive.

The file stamps ``dir`` shows are one fixed date (the emulated computer's
files have no meaningful host times); the free space is a fixed figure.
Both are listed in ``docs/fidelity/computer.md``.
"""

from __future__ import annotations

from typing import Any

from ... import messages
from .. import command
from ..drive import debug_file, drive_of

STAMP = "03/01/2005  10:00 AM"
FREE_BYTES = 10_737_418_240


def _cwd(prompt: Any) -> str:
    return str(drive_of(prompt.host).cwd())


@command("cd", "Displays the name of or changes the current directory.")
def cd(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``cd`` / ``cd PATH`` / ``cd /d PATH`` (``chdir`` too)."""
    drive = drive_of(prompt.host)
    target = rest.strip()
    if target.lower().startswith("/d"):
        target = target[2:].strip()
    target = target.strip('"')
    if not target:
        return drive.cwd() + "\n", 0
    try:
        full = drive.full_path(target)
        if full[:2].upper() != drive.cwd()[:2].upper():
            # cd to another drive changes that drive's directory, not the prompt's
            return "", 0
        drive.chdir(target)
    except OSError:
        return messages.CMD_PATH_NOT_FOUND + "\n", 1
    return "", 0  # the prompt shows the drives' working directory


command("chdir", "Displays the name of or changes the current directory.")(cd)


def _size(path: Any) -> int:
    try:
        return int(path.stat().st_size)
    except OSError:
        return 0


@command("dir", "Displays a list of files and subdirectories in a directory.")
def dir_(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``dir [PATH]``."""
    drive = drive_of(prompt.host)
    target = rest.strip().strip('"') or "."
    try:
        full = drive.full_path(target)
        if not drive.is_dir(target):
            raise OSError(target)
        names = drive.listdir(target)
    except OSError:
        return messages.CMD_FILE_NOT_FOUND + "\n", 1
    serial = "5C3A-1F07"
    lines = [
        f" Volume in drive {full[0]} has no label.",
        f" Volume Serial Number is {serial}",
        "",
        f" Directory of {full}",
        "",
    ]
    files = dirs = total = 0
    if len(full) > 3:
        lines += [f"{STAMP}    <DIR>          .", f"{STAMP}    <DIR>          .."]
        dirs += 2
    base = full.rstrip("\\")
    for name in names:
        child = f"{base}\\{name}"
        if drive.is_dir(child):
            lines.append(f"{STAMP}    <DIR>          {name}")
            dirs += 1
        else:
            size = _size(drive.locate(child)) if hasattr(drive, "locate") else 0
            total += size
            files += 1
            lines.append(f"{STAMP}    {size:>14,} {name}")
    lines.append(f"{files:>16} File(s) {total:>14,} bytes")
    lines.append(f"{dirs:>16} Dir(s) {FREE_BYTES:>15,} bytes free")
    return "\n".join(lines) + "\n", 0


@command("type", "Displays the contents of a text file.")
def type_(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``type FILE``: ``C:\\WINDOWS\\debug\\oakley.log`` is the IKE log."""
    drive = drive_of(prompt.host)
    if not args:
        return messages.CMD_SYNTAX_INCORRECT + "\n", 1
    out = []
    for name in args:
        try:
            full = drive.full_path(name)
            special = debug_file(prompt.host, full)
            if special is not None:
                from ...textfile import read_text

                text = read_text(special, encoding="utf-8", errors="replace")
            else:
                text = drive.read_text(name)
        except OSError:
            return messages.CMD_FILE_NOT_FOUND_TYPE + "\n", 1
        out.append(text if text.endswith("\n") or not text else text + "\n")
    return "".join(out), 0
