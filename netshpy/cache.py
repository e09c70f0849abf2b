"""A tiny content-addressed cache for data compiled from shipped files.

Compiling the Lark grammar or reading the TOML specs costs tens of
milliseconds; one-shot commands must start faster than that. The compiled
form is stored as JSON under the user's cache folder, keyed by a hash of the
source files' names, sizes and modification times (no hashing on the
one-shot path), so a changed grammar or spec is recompiled automatically.

The source files' full paths are part of the key, so two installations on one
machine (two virtual environments, a checkout next to a wheel) have entries of
their own; a few entries are kept per kind (the newest :data:`KEEP`), so they
do not delete each other's at every run.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from .resources import cache_dir

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

FORMAT = "2"  # bump when the compiled layout changes
KEEP = 8  # entries kept per kind: one per installation, for a few installations


def source_key(paths: Iterable[Path], salt: str) -> str:
    """A key that changes whenever one of *paths* changes (path, size, mtime)."""
    parts = [FORMAT, salt]
    for path in sorted(paths):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return f"{zlib.crc32(chr(0).join(parts).encode()):08x}{len(parts):04x}"


def cached(
    kind: str,
    key: str,
    build: Callable[[], Any],
    use: Callable[[Any], Any] | None = None,
) -> Any:
    """Return ``use(value)`` for the JSON value stored for (*kind*, *key*).

    The value is built (and stored) when absent. A cache file is only ever a
    copy: one that is damaged (its checksum line does not match), or whose
    value *use* cannot take, is rebuilt from the sources instead.
    """
    use = use or (lambda value: value)
    folder = cache_dir()
    target = folder / f"{kind}-{key}.json" if folder else None
    if target is not None:
        try:
            value = _read(target)
            if value is not None:
                return use(value)
        except Exception:  # noqa: BLE001 - only a copy: whatever is wrong, rebuild it
            pass
    value = build()
    result = use(value)
    if target is not None:
        text = json.dumps(value, separators=(",", ":"))
        _write_atomically(target, f"{zlib.crc32(text.encode()):08x}\n{text}")
        _prune(target.parent, kind, len(key))
    return result


def _prune(folder: Path, kind: str, key_length: int) -> None:
    """Keep the newest :data:`KEEP` entries of *kind* (only on a cold cache)."""
    entries = []
    for path in folder.glob(f"{kind}-{'[0-9a-f]' * key_length}.json"):
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            pass
    entries.sort(reverse=True)
    for _, stale in entries[KEEP:]:
        try:
            stale.unlink()
        except OSError:
            pass


def _read(target: Path) -> Any:
    """The value in cache file *target*, or None when its checksum does not match."""
    text = target.read_text(encoding="utf-8")
    check, _, body = text.partition("\n")
    if check != f"{zlib.crc32(body.encode()):08x}":
        return None
    return json.loads(body)


def _write_atomically(target: Path, text: str) -> None:
    from . import statefiles  # only on a cold cache

    try:
        statefiles.remove_stale(target.parent)
        statefiles.write_atomically(target, text)
    except OSError:
        pass
