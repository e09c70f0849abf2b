"""Reading text files a user names, with a size limit.

``netsh -f /dev/zero`` or a transcript that is really a disk image must end
with an error, not with all the memory of the machine. Every file netshpy
reads as text (scripts, transcripts, labs, its own state) goes through
:func:`read_text`, which stops after :data:`MAX_TEXT_BYTES`.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

MAX_TEXT_BYTES = 32 * 1024 * 1024  # far beyond any real script, transcript or lab


class FileTooLarge(OSError):
    """The file holds more than :data:`MAX_TEXT_BYTES` (an ``OSError``, errno EFBIG)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(errno.EFBIG, os.strerror(errno.EFBIG), str(path))


def read_text(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    limit: int = MAX_TEXT_BYTES,
) -> str:
    """The text of *path*, like ``Path.read_text`` (newlines translated), at most *limit* bytes.

    Raises ``OSError`` (:class:`FileTooLarge` beyond the limit, and for a name
    holding NUL, which no file can have) and ``UnicodeDecodeError``.
    """
    if "\x00" in str(path):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path)
    text = data.decode(encoding, errors)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
