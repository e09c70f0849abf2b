"""The IKE negotiation of a send: main mode, then quick mode, between two sides.

The choices themselves (offers, Diffie-Hellman group, authentication, PFS,
NAT traversal) are made in :mod:`netshpy.lab.ike`; this module runs them for
two lab computers and keeps what the observers need (see
:mod:`netshpy.lab.traffic.observers`): who initiated, under which quick mode
policy and filter, and how each phase went.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ...dynamic.expand import FilterView
from ...dynamic.service import get_service
from .. import ike
from .packet import Side


@dataclass
class Negotiation:
    """One IKE negotiation from *init* to *resp*, and its outcome."""

    init: Side
    resp: Side
    init_peer: ike.Peer
    resp_peer: ike.Peer
    view: FilterView | None  # the initiator's filter that asked for security
    nat: bool  # a NAT device sits between the two
    qm_policy: str  # the initiator's quick mode policy (named in its SAs)
    mm: ike.MainModeResult
    qm: ike.QuickModeResult | None = None
    ok: bool = False
    steps: list[str] = field(default_factory=list)
    cookies: str = ""  # initiator:responder cookies (``show mmsas``, the ISAKMP header)
    resp_qm_policy: str = ""  # the responder's own quick mode policy (named in its SAs)

    @property
    def agreed(self) -> bool:
        """Both phases succeeded with an offer each: SAs exist."""
        return (
            self.ok
            and self.mm.offer is not None
            and self.qm is not None
            and self.qm.offer is not None
        )


def cookies(*parts: object) -> str:
    """Deterministic initiator:responder cookies for a main mode SA."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"{digest[:16]}:{digest[16:32]}"


def negotiate(
    init: Side,
    resp: Side,
    init_peer: ike.Peer,
    resp_peer: ike.Peer,
    view: FilterView | None,
    nat: bool,
    qm_policy: str,
    resp_qm_policy: str = "",
) -> Negotiation:
    """Run IKE from *init* to *resp* (nothing is recorded: observers do that).

    Each side's SAs name that side's own quick mode policy: *qm_policy* the
    initiator's, *resp_qm_policy* the responder's.
    """
    mm = ike.main_mode(init_peer, resp_peer, nat)
    main_modes = get_service(init.host).require_spd().ike_stats["main_modes"]
    result = Negotiation(
        init,
        resp,
        init_peer,
        resp_peer,
        view,
        nat,
        qm_policy,
        mm,
        ok=mm.ok,
        steps=list(mm.steps),
        cookies=cookies(init.name, resp.name, main_modes),
        resp_qm_policy=resp_qm_policy,
    )
    if mm.ok:
        qm = ike.quick_mode(init_peer, resp_peer, mm)
        result.qm = qm
        result.steps += qm.steps
        result.ok = qm.ok
    return result
