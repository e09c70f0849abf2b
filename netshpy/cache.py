"""A tiny content-addressed cache for data compiled from shipped files.

Compiling the Lark grammar or reading the TOML specs costs tens of
milliseconds; one-shot commands must start faster than that. The compiled
form is stored as JSON under the user's cache folder, keyed by a hash of the
source files, so a changed grammar or spec is recompiled automatically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .resources import cache_dir

FORMAT = "1"  # bump when the compiled layout changes


def source_key(paths: Iterable[Path], salt: str) -> str:
    """Hash the contents of *paths* together with *salt*."""
    digest = hashlib.sha1((FORMAT + salt).encode())
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


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
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError:
        pass
