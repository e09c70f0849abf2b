"""The emulated computer's drives: Windows paths on folders inside its state folder.

Drive ``C:`` is the folder ``<state>/drives/C``; a letter exists when its
folder does (``C:`` is created with the computer, holding the few files a
fresh Windows Server 2003 has that netshpy uses, such as
``C:\\WINDOWS\\system32\\drivers\\etc\\hosts``). Every path a netsh command or
the command prompt takes is a Windows path resolved here, never a path on the
host: names are case-insensitive, ``/`` and ``\\`` both separate, ``.`` and
``..`` are folded, relative paths start at the working directory (the
prompt's), and failures raise :class:`DriveError` carrying the Windows error
code and its system message (``The system cannot find the path specified.``).

Use :func:`drives` to get a computer's :class:`Drives` (one per ``Host``).
Files are bytes; :meth:`Drives.read_text` and :meth:`Drives.write_text` use
UTF-8 (a BOM is accepted) and Windows line ends (CR LF) on disk.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import messages, statefiles
from ..hostfiles import host_path
from ..textfile import MAX_TEXT_BYTES

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from ..host import Host

DRIVES_FOLDER = "drives"
MAX_PATH = 260  # including the drive, the separators and the final NUL
_BAD_CHARS = set('<>:"|?*') | {chr(c) for c in range(32)}
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}

# What a fresh C: drive holds; folders are created as needed. %SystemRoot% is
# C:\\WINDOWS on XP and Server 2003, C:\\WINNT on Windows 2000 (osinfo.windir).
DEFAULT_WINDIR = "C:\\WINDOWS"
HOSTS_IN_WINDIR = "\\system32\\drivers\\etc\\hosts"
HOSTS_PATH = DEFAULT_WINDIR + HOSTS_IN_WINDIR  # on XP and Server 2003
HOSTS_TEXT = """\
# Copyright (c) 1993-1999 Microsoft Corp.
#
# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.
#
# This file contains the mappings of IP addresses to host names. Each
# entry should be kept on an individual line. The IP address should
# be placed in the first column followed by the corresponding host name.
# The IP address and the host name should be separated by at least one
# space.
#
# Additionally, comments (such as these) may be inserted on individual
# lines or following the machine name denoted by a '#' symbol.
#
# For example:
#
#      102.54.94.97     rhino.acme.com          # source server
#       38.25.63.10     x.acme.com              # x client host

127.0.0.1       localhost
"""
FRESH_FOLDERS = ("C:\\Documents and Settings\\Administrator", "C:\\Program Files")
FRESH_IN_WINDIR = ("\\system32", "\\Temp")


class DriveError(OSError):
    """A Windows file-system error: ``code`` (Win32 error) and ``text`` (its message)."""

    def __init__(self, code: int, path: str = "") -> None:
        self.code = code
        self.text = messages.WINDOWS_ERRORS[code]
        self.path = path
        super().__init__(self.text)

    def __str__(self) -> str:
        return self.text


def drives(host: Host) -> Drives:
    """The drives of *host* (created with a fresh ``C:`` on first use)."""
    from ..osinfo import os_info

    return host.part("drives", lambda h: Drives(h.state_dir, os_info(h.os).windir))


def is_device(path: str) -> bool:
    """Whether the last name of *path* is a DOS device (``NUL``, ``CON``...)."""
    name = path.replace("/", "\\").rstrip("\\").rsplit("\\", 1)[-1]
    return name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES


class Drives:
    """The drive letters of one emulated computer and its working directory."""

    def __init__(self, state_dir: Path, windir: str = DEFAULT_WINDIR) -> None:
        self.root = Path(state_dir) / DRIVES_FOLDER
        self.windir = windir  # %SystemRoot%
        self.hosts_path = windir + HOSTS_IN_WINDIR
        self._cwd = "C:\\"
        fresh = not (self.root / "C").is_dir()
        statefiles.make_folder(self.root / "C")
        if fresh:
            self._seed()

    def _seed(self) -> None:
        for folder in FRESH_FOLDERS:
            self.makedirs(folder)
        for folder in FRESH_IN_WINDIR:
            self.makedirs(self.windir + folder)
        self.makedirs(self.parent(self.hosts_path))
        self.write_text(self.hosts_path, HOSTS_TEXT)

    # ---- paths ------------------------------------------------------------

    def cwd(self) -> str:
        """The working directory (``C:\\``), the prompt's; relative paths start here."""
        return self._cwd

    def chdir(self, path: str) -> None:
        """Make *path* (a folder) the working directory."""
        full = self.full_path(path)
        if not self.is_dir(full):
            raise DriveError(3 if not self.exists(full) else 267, full)
        self._cwd = self._spelled(full)

    def letters(self) -> list[str]:
        """The drive letters that exist (``["C"]``)."""
        try:
            return sorted(p.name.upper() for p in self.root.iterdir() if _is_letter(p.name))
        except OSError:
            return []

    def full_path(self, path: str) -> str:
        """*path* as an absolute, normalised Windows path (``C:\\Policies\\x.ipsec``).

        Raises :class:`DriveError` for a path Windows refuses (bad characters,
        too long, a UNC path, a drive that does not exist).
        """
        text = path.replace("/", "\\")
        if text.startswith("\\\\"):
            raise DriveError(53, path)
        drive, cwd_parts = self._cwd[0], _parts(self._cwd[3:])
        if len(text) >= 2 and text[1] == ":":
            if not _is_letter(text[0]):
                raise DriveError(123, path)
            letter, text = text[0].upper(), text[2:]
            if letter != drive:
                cwd_parts = []
            drive = letter
        if not (self.root / drive).is_dir():
            raise DriveError(15, path)
        parts = [] if text.startswith("\\") else list(cwd_parts)
        for name in _parts(text):
            if name == ".":
                continue
            if name == "..":
                if parts:
                    parts.pop()
                continue
            name = name.rstrip(". ")  # Windows drops trailing dots and blanks
            if not name or any(c in _BAD_CHARS for c in name):
                raise DriveError(123, path)
            parts.append(name)
        full = f"{drive}:\\" + "\\".join(parts)
        if len(full) >= MAX_PATH:
            raise DriveError(206, path)
        return full

    @staticmethod
    def parent(full: str) -> str:
        """The folder holding the absolute path *full* (a root is its own parent)."""
        head, _, _ = full.rstrip("\\").rpartition("\\")
        return head + "\\" if len(head) == 2 else head or full

    def locate(self, path: str) -> Path:
        """The host file that stands for *path* (existing names matched in any case).

        The file need not exist; the result is always inside the drive's folder.
        """
        full = self.full_path(path)
        where = self.root / full[0]
        for name in _parts(full[3:]):
            where = _child(where, name)
        return where

    def _spelled(self, full: str) -> str:
        """*full* with each existing name spelled as it is stored."""
        where = self.root / full[0]
        out = [f"{full[0]}:"]
        for name in _parts(full[3:]):
            where = _child(where, name)
            out.append(where.name)
        return "\\".join(out) if len(out) > 1 else out[0] + "\\"

    # ---- queries ------------------------------------------------------------

    def exists(self, path: str) -> bool:
        """Whether *path* names a file or folder (False for a path Windows refuses)."""
        try:
            return self.locate(path).exists()
        except DriveError:
            return False

    def is_dir(self, path: str) -> bool:
        """Whether *path* names a folder."""
        try:
            return self.locate(path).is_dir()
        except DriveError:
            return False

    def is_file(self, path: str) -> bool:
        """Whether *path* names a file."""
        try:
            return self.locate(path).is_file()
        except DriveError:
            return False

    def listdir(self, path: str) -> list[str]:
        """The names in the folder *path*, sorted as ``dir`` sorts them (any case)."""
        where = self._folder(path)
        try:
            return sorted((p.name for p in where.iterdir()), key=str.lower)
        except OSError:
            raise DriveError(5, path) from None

    def _folder(self, path: str) -> Path:
        where = self.locate(path)
        if not where.is_dir():
            raise DriveError(267 if where.exists() else 3, path)
        return where

    def _file_for_reading(self, path: str) -> Path:
        where = self.locate(path)
        if where.is_dir():
            raise DriveError(5, path)
        if not where.is_file():
            raise DriveError(2 if where.parent.is_dir() else 3, path)
        return where

    def _file_for_writing(self, path: str) -> Path:
        where = self.locate(path)
        if not where.parent.is_dir():
            raise DriveError(3, path)
        if where.is_dir():
            raise DriveError(5, path)
        return where

    # ---- reading and writing ---------------------------------------------------

    def read_bytes(self, path: str, limit: int = MAX_TEXT_BYTES) -> bytes:
        """The bytes of the file *path* (``NUL`` reads as empty)."""
        if is_device(path):
            return b""
        where = self._file_for_reading(path)
        try:
            with open(where, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError:
            raise DriveError(5, path) from None
        if len(data) > limit:
            raise DriveError(5, path)
        return data

    def read_text(self, path: str) -> str:
        """The text of the file *path*: UTF-8 (BOM accepted, bad bytes replaced), LF line ends."""
        text = self.read_bytes(path).decode("utf-8-sig", "replace")
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def write_bytes(self, path: str, data: bytes, *, append: bool = False) -> str:
        """Write (or append) *data* to the file *path*; return its full path.

        The folder must exist (``The system cannot find the path specified.``);
        writing to ``NUL`` discards the data.
        """
        if is_device(path):
            return "NUL"
        full = self.full_path(path)
        where = self._file_for_writing(full)
        try:
            # Private (0600) like the rest of the state folder: exports hold keys.
            if append:
                statefiles.append_private(where, data)
            else:
                statefiles.remove_stale(where.parent, where.name)
                statefiles.write_atomically(where, data)
        except OSError:
            raise DriveError(5, path) from None
        return self._spelled(full)

    def write_text(self, path: str, text: str, *, append: bool = False) -> str:
        """Write (or append) *text* to *path* in UTF-8 with CR LF line ends; return its full path."""
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        return self.write_bytes(path, data, append=append)

    def makedirs(self, path: str) -> None:
        """Create the folder *path* and any missing folders above it."""
        where = self.locate(path)
        if where.exists() and not where.is_dir():
            raise DriveError(183, path)
        try:
            statefiles.make_folder(where)
        except OSError:
            raise DriveError(5, path) from None

    def mkdir(self, path: str) -> None:
        """Create the folder *path*; the folder above it must exist."""
        where = self.locate(path)
        if where.exists():
            raise DriveError(183, path)
        if not where.parent.is_dir():
            raise DriveError(3, path)
        try:
            os.mkdir(where, statefiles.PRIVATE_FOLDER)
        except OSError:
            raise DriveError(5, path) from None

    def remove(self, path: str) -> None:
        """Delete the file *path*, or the folder *path* if it is empty."""
        where = self.locate(path)
        if where == self.root / where.name or not where.exists():
            raise DriveError(2 if where.parent.is_dir() else 3, path)
        try:
            if where.is_dir():
                if any(where.iterdir()):
                    raise DriveError(145, path)
                where.rmdir()
            else:
                where.unlink()
        except DriveError:
            raise
        except OSError:
            raise DriveError(5, path) from None

    # ---- between the host and the drives -------------------------------------------

    def copy_from_host(self, source: str | Path, path: str) -> str:
        """Copy the host file *source* to *path* on a drive; return the drive path.

        A *path* naming an existing folder receives the file under its own name.
        Raises ``OSError`` when the host file cannot be read (or lies outside a
        replay's scratch folder: :mod:`netshpy.hostfiles`), :class:`DriveError`
        for the drive side.
        """
        source = host_path(source)
        with open(source, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise DriveError(5, str(source))
        full = self.full_path(path)
        if self.is_dir(full):
            full = self.full_path(full.rstrip("\\") + "\\" + source.name)
        return self.write_bytes(full, data)

    def copy_to_host(self, path: str, target: str | Path) -> Path:
        """Copy the file *path* on a drive to the host file *target*; return the host path.

        A *target* naming an existing host folder receives the file under its own name.
        A replay confines *target* to its scratch folder (:mod:`netshpy.hostfiles`).
        """
        where = self._file_for_reading(path)
        target = host_path(target)
        if target.is_dir():
            target = host_path(target / where.name)
        import shutil  # only here: shutil pulls in bz2 and lzma, off the one-shot path

        shutil.copyfile(where, target)
        return target


def _is_letter(text: str) -> bool:
    return len(text) == 1 and "A" <= text.upper() <= "Z"


def _parts(text: str) -> list[str]:
    return [p for p in text.split("\\") if p]


def _child(folder: Path, name: str) -> Path:
    """*folder*/*name*, spelled as stored when a name differing only in case exists."""
    exact = folder / name
    if exact.exists() or not folder.is_dir():
        return exact
    low = name.lower()
    try:
        for entry in folder.iterdir():
            if entry.name.lower() == low:
                return entry
    except OSError:
        pass
    return exact
