"""What grading needs of captured frames, kept in the lab folder.

Every frame a capture keeps is also written, as one JSON line of facts
(network, IKE message and port, the exchange's computers, the group the
responder accepted, the certificate requests, how data went), to
``<lab folder>/captures.jsonl``. Grading reads that file, so a lab graded in
another process (``:result`` run by the classroom server, a resumed lab)
sees the same captures, and ``:reset`` (which restores the folder) forgets
them with everything else. No packet library is needed to read it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..lab.traffic.exchange import Datagram, IkeExchange
from ..statefiles import append_private
from ..textfile import load_json

if TYPE_CHECKING:
    from .frames import Frame

FILE = "captures.jsonl"


def carries(dg: Datagram) -> str:
    """How a datagram went: esp, udp-esp, ah or clear."""
    if dg.ike is None or dg.ike.qm_offer is None:
        return "clear"
    if dg.ike.qm_offer.ah:
        return "ah"
    return "udp-esp" if dg.ike.nat_t else "esp"


def fact(frame: Frame, where: str) -> dict[str, Any]:
    """The facts of one captured frame."""
    out: dict[str, Any] = {
        "capture": where,
        "network": frame.network,
        "label": frame.label,
        "port": frame.port,
    }
    ev = frame.event
    if isinstance(ev, IkeExchange):
        out.update(
            kind="ike",
            initiator=ev.initiator,
            responder=ev.responder,
            group=ev.mm_offer.group if ev.mm_offer else None,
            certreqs=list(ev.certreqs) if ev.auth == "rootca" or "rootca" in ev.auth_kinds else [],
        )
    elif isinstance(ev, Datagram):
        out.update(kind="data", sender=ev.sender, receiver=ev.receiver, carries=carries(ev))
    return out


def append(root: Path, facts: list[dict[str, Any]]) -> None:
    """Add *facts* to the lab folder's file (OSError when it cannot be written)."""
    if not facts:
        return
    text = "".join(json.dumps(item, sort_keys=True) + "\n" for item in facts)
    append_private(root / FILE, text.encode("utf-8"))


def load(root: Path) -> list[dict[str, Any]]:
    """Every fact kept in the lab folder (a damaged line is skipped)."""
    try:
        text = (root / FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in text.splitlines():
        try:
            item = load_json(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out
