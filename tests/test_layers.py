"""The import contract (.importlinter) and docs/developing.md's "Layers" name the same modules.

The contract itself runs in the test command (``scripts/dev.py test``: lint-imports).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _contract_layers() -> set[str]:
    text = (ROOT / ".importlinter").read_text(encoding="utf-8")
    block = text.split("\nlayers =\n", 1)[1].split("\n[", 1)[0]
    names = set()
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        names.update(part.strip().strip("()") for part in re.split(r"[:|]", line) if part.strip())
    return names


def _docs_layers() -> str:
    text = (ROOT / "docs" / "developing.md").read_text(encoding="utf-8")
    return text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]


def test_the_docs_place_every_module_of_the_contract() -> None:
    docs = _docs_layers()
    names = _contract_layers()
    assert {"cli", "session", "static", "lab", "command_line"} <= names
    missing = sorted(n for n in names if f"`{n}`" not in docs and f"`{n}/`" not in docs)
    assert missing == [], f"docs/developing.md, Layers, does not name {missing}"


def test_every_module_under_netshpy_is_in_the_contract() -> None:
    package = ROOT / "netshpy"
    children = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()
    }
    assert sorted(children - _contract_layers() - {"__init__"}) == []
