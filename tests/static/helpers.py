"""Helpers shared by the static store tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

from netshpy.host import Host
from netshpy.session import Session

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "static"
KB4471134 = [
    "add policy name=Block445",
    "add filterlist name=Block445",
    "add filter filterlist=Block445 srcaddr=any srcmask=32 srcport=0 dstaddr=me"
    " dstport=445 protocol=TCP",
    "add filteraction name=block action=block",
    "add rule name=Block445 policy=Block445 filterlist=Block445 filteraction=block",
    "set policy name=Block445 assign=y",
]


def static_session(state: Path, **host_options) -> Session:
    """A deterministic session already in ``ipsec static``."""
    session = Session(Host(state, deterministic=True, **host_options))
    session.execute("ipsec static")
    return session


def run_all(session: Session, lines: list[str]) -> str:
    """Run *lines*; return everything they printed."""
    return "".join(session.execute(line).output for line in lines)


def golden(name: str, text: str) -> None:
    """Compare *text* with ``tests/golden/static/<name>`` (NETSHPY_UPDATE_GOLDEN=1 rewrites)."""
    path = GOLDEN / name
    if os.environ.get("NETSHPY_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path} (NETSHPY_UPDATE_GOLDEN=1 creates it)"
    assert text == path.read_text(encoding="utf-8")


_VOLATILE = re.compile(r"^(GUID|Last Modified)( +): .*$", re.M)


def without_ids(text: str) -> str:
    """*text* with the GUID and Last Modified values blanked (netsh cannot set them)."""
    return _VOLATILE.sub(r"\1\2: -", text)
