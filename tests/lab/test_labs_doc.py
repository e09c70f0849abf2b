"""The Python example of docs/labs.md runs as written (it had gone stale: a capture
exercise was added to nat-t and ``lab.check().complete`` became false)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_python_example_of_docs_labs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("scapy")
    text = (ROOT / "docs" / "labs.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        code = block.replace('"/tmp/nat-lab"', repr(str(tmp_path / "nat-lab")))
        exec(compile(code, "docs/labs.md", "exec"), {})
