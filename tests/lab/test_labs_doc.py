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


def test_nat_t_lab_does_not_say_xp_before_sp2_never_had_nat_t() -> None:
    # Windows 2000 and XP before SP2 get NAT-T from the L2TP/IPsec NAT-T update
    # (KB 818043); the lab said flatly that XP before SP2 has none.
    text = (ROOT / "labs" / "nat-t.toml").read_text(encoding="utf-8")
    for sentence in re.split(r"(?<=[.;])\s", text):
        if "before SP2" in sentence and "NAT" in sentence and "no NAT-T update" not in sentence:
            assert "818043" in sentence, sentence
