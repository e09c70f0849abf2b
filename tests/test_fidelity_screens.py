"""docs/fidelity/screens.md lists every screen, proven or reconstructed."""

from __future__ import annotations

import re
from pathlib import Path

from netshpy import spec

PAGE = Path(__file__).resolve().parent.parent / "docs" / "fidelity" / "screens.md"
ROW = re.compile(r"^\| `([^`]+)` \| (list|table) \| ([^|]+) \| ([^|]+) \|$", re.M)


def _shows() -> dict[str, bool]:
    """Every ``show`` command of the specs: does it take ``format=``?"""
    return {
        c.full_name: c.param("format") is not None
        for c in spec.load().commands()
        if c.words[0] == "show"
    }


def _rows() -> dict[tuple[str, str], tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    return {(m[1], m[2]): (m[3].strip(), m[4].strip()) for m in ROW.finditer(text)}


def test_every_screen_has_a_row() -> None:
    rows = _rows()
    for name, formats in _shows().items():
        if formats:
            assert {(name, "list"), (name, "table")} <= set(rows), name
        else:
            assert any(screen == name for screen, _ in rows), name


def test_every_row_is_a_screen_and_names_what_is_reconstructed() -> None:
    shows = _shows()
    for (name, _fmt), (_proven, reconstructed) in _rows().items():
        assert name in shows, f"row for {name}, which the specs do not have"
        assert reconstructed and reconstructed != "—", name
