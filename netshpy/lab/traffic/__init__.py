"""Traffic between lab computers: what each side's IPsec driver and IKE make of it.

One engine, one module per concern:

- :mod:`.packet` — protocols, the packet as a side sees it, the sides;
- :mod:`.path` — path finding: same network, through a NAT device, routed, unreachable;
- :mod:`.decision` — each side's decision: stopped service, startup security,
  default exemptions, the most specific quick mode filter (permit, block, negotiate);
- :mod:`.peers` — the IKE peers: a rule of the SPD or the default response rule;
- :mod:`.negotiation` — main mode and quick mode between two sides
  (the choices themselves are in :mod:`netshpy.lab.ike`);
- :mod:`.send` — the orchestration, producing a :class:`.result.TrafficResult`
  with its plain-language explanation and what went on the wire (:mod:`.exchange`);
- :mod:`.observers` — what consumes a recorded result: SAs and statistics
  (:mod:`.sas`), the IKE log (:mod:`.ikelog`); add one with ``observers.register``.
"""

from __future__ import annotations

from .decision import Decision, decide
from .packet import PROTOCOLS, Packet, Side, parse_protocol
from .path import Path, find_path
from .peers import rule_peer
from .result import OUTCOMES, TrafficResult
from .send import send

__all__ = [
    "OUTCOMES",
    "PROTOCOLS",
    "Decision",
    "Packet",
    "Path",
    "Side",
    "TrafficResult",
    "decide",
    "find_path",
    "parse_protocol",
    "rule_peer",
    "send",
]
