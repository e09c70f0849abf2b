"""docs/commands.md is generated from the specs and never drifts from them."""

from __future__ import annotations

from pathlib import Path

from netshpy import spec
from netshpy.docs_table import render

PAGE = Path(__file__).resolve().parent.parent / "docs" / "commands.md"


def test_the_command_reference_matches_the_specs() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(spec.load()), (
        "docs/commands.md is stale: run python -m netshpy.docs_table > docs/commands.md"
    )


def test_every_command_is_in_the_reference() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for command in spec.load().commands():
        assert f"| `{command.name}` |" in text
