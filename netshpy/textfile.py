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

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

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


class DataError(ValueError):
    """Text that is not the JSON or TOML it should be, or too deep to read."""


def load_json(text: str | bytes) -> Any:
    """``json.loads`` for text netshpy did not write itself (state files a user may edit, files
    a user names): arrays nested thousands deep, ``NaN``, ``Infinity`` and ``1e400`` raise
    :class:`DataError` (a ``ValueError``), as every other malformed text does, instead of
    ``RecursionError`` or values whose ``int()`` raises ``OverflowError``."""
    import json

    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise DataError("nested too deeply") from None


def _no_constant(name: str) -> float:
    """``NaN`` and ``Infinity``, which Python's json reads and no JSON file holds:
    ``int()`` of them raised OverflowError in readers that catch ValueError."""
    raise DataError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    """A JSON number with a fraction or exponent; ``1e400`` (infinity) is refused too."""
    value = float(text)
    if value - value != 0:  # inf - inf is nan
        raise DataError(f"{text} is too large")
    return value


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` for a file a user wrote (a lab, the REPL config): any fault is a
    :class:`DataError` (a ``ValueError``) with its reason, including integers of more
    than 4,300 digits and arrays nested thousands deep."""
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise DataError("nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(str(exc)) from None
    except ValueError:  # int() refuses more than 4,300 digits
        raise DataError("a number is too long") from None
