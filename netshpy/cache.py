"""A tiny content-addressed cache for data compiled from shipped files.

Compiling the Lark grammar or reading the TOML specs costs tens of
milliseconds; one-shot commands must start faster than that. The compiled
form is stored as JSON under the user's cache folder, keyed by a hash of the
source files' names, sizes and modification times (no hashing on the
one-shot path), so a changed grammar or spec is recompiled automatically.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from .resources import cache_dir

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

FORMAT = "1"  # bump when the compiled layout changes


def source_key(paths: Iterable[Path], salt: str) -> str:
    """A key that changes whenever one of *paths* changes (path, size, mtime)."""
    parts = [FORMAT, salt]
    for path in sorted(paths):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return f"{zlib.crc32(chr(0).join(parts).encode()):08x}{len(parts):04x}"


def cached(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """Return the JSON value stored for (*kind*, *key*), building it when absent."""
    folder = cache_dir()
    target = folder / f"{kind}-{key}.json" if folder else None
    if target is not None:
        try:
            return json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    value = build()
    if target is not None:
        _write_atomically(target, json.dumps(value, separators=(",", ":")))
    return value


def _write_atomically(target: Path, text: str) -> None:
    import tempfile  # only on a cold cache

    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError:
        pass
