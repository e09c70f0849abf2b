"""The hints a trainee has been shown, per item, kept in the lab folder.

Hints come one at a time (a lab file gives each item a list: first the
concept, then where to look, then the command); how many of an item's
hints were shown is part of the result. The count lives in
``<lab folder>/hints.json`` so that it survives a restart of netshpy and
``:reset`` (resetting the computers does not take back a hint).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..statefiles import write_atomically
from ..textfile import load_json
from ..values import digits

HINTS_FILE = "hints.json"


def load(root: Path) -> dict[int, int]:
    """Item number -> hints shown (an unreadable file counts as none)."""
    try:
        data = load_json((root / HINTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    used: dict[int, int] = {}
    for key, value in data.items():
        number = digits(key)  # str.isdigit() takes '²', which int() refuses
        if number is not None and isinstance(value, int) and value > 0:
            used[number] = value
    return used


def save(root: Path, used: dict[int, int]) -> None:
    """Write the counts (best effort: a read-only folder only loses the count)."""
    try:
        write_atomically(
            root / HINTS_FILE, json.dumps({str(k): v for k, v in sorted(used.items())})
        )
    except OSError:
        pass
