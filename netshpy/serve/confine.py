"""Confine a trainee's REPL to its own folders with Linux Landlock (no privileges needed).

netsh commands and ``:`` commands take file names (``exportpolicy file=``,
``exec``, ``:save``, ``:result``...) which, in a local terminal, are the
user's files. In a class they must not reach the host or another trainee's
lab, so each REPL process restricts itself, between fork and exec, to:

- read and execute: Python, netshpy and its data, the lab file, the
  compiled cache, the system's libraries (``/usr``, ``/lib``...);
- read and write: its lab folder and its config folder, and its pty;
- no TCP connections or listening sockets, no signals to processes outside
  it (kernel ABI permitting).

The ruleset is built in the server (:func:`ruleset`) and applied in the
child (:func:`restrict`), which only needs two system calls. On a kernel
without Landlock nothing is confined and the server says so at start.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable
from pathlib import Path

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on x86-64 and arm64
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
_VERSION = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1, 2, 4, 8
_WRITES = 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048 | 4096  # remove, make (dir, file...)
REFER, TRUNCATE = 8192, 16384
READ = EXECUTE | READ_FILE | READ_DIR
_NET = 1 | 2  # bind and connect TCP
_SCOPE = 1 | 2  # abstract unix sockets, signals

_libc = ctypes.CDLL(None, use_errno=True)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi() -> int:
    """The kernel's Landlock ABI version; 0 without Landlock."""
    if not sys.platform.startswith("linux"):
        return 0
    version = _libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    return max(0, int(version))


def _all_fs(version: int) -> int:
    rights = READ | WRITE_FILE | _WRITES
    if version >= 2:
        rights |= REFER
    if version >= 3:
        rights |= TRUNCATE
    return rights


def system_reads(private: Path) -> list[Path]:
    """What a Python program here reads: the interpreter, its import path, libraries, locales.

    An import path entry that holds *private* (the class folder: a program
    started in the folder above it has it on its path) is left out.
    """
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    places.update(p for p in sys.path if p and not _holds(Path(p), private))
    places.update(("/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc/ld.so.cache"))
    places.update(("/etc/localtime", "/dev/urandom"))
    return [Path(p) for p in sorted(places)]


def _holds(folder: Path, inner: Path) -> bool:
    try:
        inner.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def holds(folder: Path, inner: Path) -> bool:
    """True when *inner* is *folder* or inside it."""
    return _holds(folder, inner)


def ruleset(reads: Iterable[Path], writes: Iterable[Path]) -> int | None:
    """A Landlock ruleset fd allowing *reads* (read, execute) and *writes* (everything).

    None when the kernel has no Landlock. Paths that do not exist are left out.
    """
    version = abi()
    if version <= 0:
        return None
    handled = _all_fs(version)
    attr = _RulesetAttr(handled, _NET if version >= 4 else 0, _SCOPE if version >= 6 else 0)
    size = 8 if version < 4 else 16 if version < 6 else 24
    fd = _libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if fd < 0:
        return None
    for paths, rights in ((reads, READ), (writes, handled)):
        for path in paths:
            _add(fd, path, rights)
    return int(fd)


def _add(fd: int, path: Path, rights: int) -> None:
    try:
        target = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not os.path.isdir(path):
            rights &= READ_FILE | WRITE_FILE | TRUNCATE  # a file takes file rights only
        rule = _PathBeneath(rights, target)
        _libc.syscall(_ADD_RULE, ctypes.c_int(fd), ctypes.c_int(_RULE_PATH_BENEATH),
                      ctypes.byref(rule), ctypes.c_uint32(0))  # fmt: skip
    finally:
        os.close(target)


def restrict(fd: int) -> None:
    """Apply ruleset *fd* to this process for good (in the child, before exec)."""
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        os._exit(126)
    if _libc.syscall(_RESTRICT_SELF, ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
        os._exit(126)  # never run a trainee unconfined when confinement was asked for
