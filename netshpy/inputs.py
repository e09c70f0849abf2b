"""Text that comes from outside: lines a user types, pipes or passes as arguments.

Python hands undecodable bytes of argv, stdin and files read with
``surrogateescape`` over as lone surrogates (``'\\udcff'``), which neither
SQLite nor a UTF-8 stdout can take. Windows never sees them: its command
line is UTF-16, and a console maps a byte it cannot convert to a
replacement character. :func:`clean` does the same for every line a front
end runs; :func:`read_line` reads one line of a stream with a size limit.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import TextIO

REPLACEMENT = "\ufffd"
# cmd.exe reads at most 8,191 characters a line; netshpy allows far more, but not memory.
MAX_LINE_CHARS = 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """*text* with each lone surrogate (an undecodable byte) replaced by U+FFFD."""
    if text.isascii():
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def has_surrogates(text: str) -> bool:
    """Whether *text* holds a lone surrogate (text no UTF-8 file or SQLite store can hold)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


class LineTooLong(ValueError):
    """A line of a stream holds more than :data:`MAX_LINE_CHARS` characters.

    ``endless`` is True when it ran on beyond :data:`MAX_SKIP_CHARS` too
    (``< /dev/zero``): the reader then stops instead of skipping for ever.
    """

    def __init__(self, limit: int, endless: bool = False) -> None:
        super().__init__(limit)
        self.limit = limit
        self.endless = endless


MAX_SKIP_CHARS = 32 * 1024 * 1024  # as much as a whole -f script may hold


def read_line(stream: TextIO, limit: int = MAX_LINE_CHARS) -> str:
    """The next line of *stream* ('' at its end), at most *limit* characters.

    A longer line is skipped in pieces (memory stays bounded) and raises
    :class:`LineTooLong`, leaving the stream after it; one running on beyond
    :data:`MAX_SKIP_CHARS` raises it with ``endless`` set.
    """
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith("\n"):
        return line
    skipped = len(line)
    while skipped <= MAX_SKIP_CHARS:
        rest = stream.readline(limit)
        if not rest or rest.endswith("\n"):
            raise LineTooLong(limit)
        skipped += len(rest)
    raise LineTooLong(limit, endless=True)


def tolerant_streams() -> None:
    """Make the standard streams take any text, as a Windows console does.

    Python opens them with ``errors="strict"`` in most locales (``en_US.UTF-8``,
    ``PYTHONIOENCODING=ascii``; only the C locale escapes): an undecodable byte
    piped in, or a character the terminal's encoding lacks (``name=é`` on an
    ASCII terminal), then raised out of a read or a print. Stdin now hands
    such bytes over as lone surrogates (which :func:`clean` replaces), and
    stdout and stderr print ``?`` for what they cannot encode.
    """
    import sys

    for name, errors in (
        ("stdin", "surrogateescape"),
        ("stdout", "replace"),
        ("stderr", "replace"),
    ):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            try:
                reconfigure(errors=errors)
            except (ValueError, OSError):  # a closed or detached stream stays as it is
                pass
