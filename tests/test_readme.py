"""The README's examples work: its Python blocks run, its tour's netsh lines succeed."""

from __future__ import annotations

import re
from pathlib import Path

from netshpy.host import Host
from netshpy.session import Session

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, flags=re.S)


def test_python_blocks_run() -> None:
    python = [code for lang, code in BLOCKS if lang == "python"]
    assert python
    for code in python:
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README


def test_tour_lines_succeed(tmp_path: Path) -> None:
    session = Session(Host(tmp_path, deterministic=True))
    tour = next(code for lang, code in BLOCKS if not lang and "netsh>" in code)
    for line in tour.splitlines():
        typed = re.sub(r"^netsh[^>]*>", "", line)
        result = session.execute(typed)
        assert result.ok, f"{line}\n{result.output}"
