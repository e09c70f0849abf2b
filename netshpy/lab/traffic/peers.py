"""IKE peers: what a lab computer brings to a negotiation, from its SPD or its policy.

A side that negotiates under a rule of its SPD brings that rule's main mode
and quick mode policies and authentication methods; a side with no filter of
its own answers through its policy's default response rule, if active.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...dynamic.service import get_service
from ...dynamic.spd_records import DEFAULT_MM_OFFERS, DEFAULT_QM_OFFERS, Rule
from .. import gp, ike
from .decision import Decision
from .packet import Side

if TYPE_CHECKING:
    from ..view import LabView


def _base_peer(lab: LabView, side: Side) -> ike.Peer:
    comp = side.comp
    trusts = lab.spec.domains.get(comp.domain or "", ()) if comp.domain else ()
    allow, deny = gp.rights_of(lab, comp)
    return ike.Peer(
        name=comp.name,
        os=comp.os,
        address=side.address,
        domain=comp.domain,
        trusted_domains=tuple(trusts),
        certificates=tuple(
            ike.Certificate(c.subject, c.root, c.account) for c in comp.certificates
        ),
        trusted_roots=tuple(comp.trusted_roots),
        account_lookup=lambda name, domain: gp.lookup_account(lab, name, domain),
        domains=tuple(lab.spec.domains),
        network_logon=allow,
        deny_network_logon=deny,
    )


def _auth(methods: list[Any]) -> list[ike.Auth]:
    out = []
    for m in methods:
        if m.kind == "psk":
            out.append(ike.Auth("psk", psk=str(m.value)))
        elif m.kind == "rootca":
            out.append(ike.Auth("rootca", rootca=m.value))
        else:
            out.append(ike.Auth(m.kind))
    return out


def rule_peer(lab: LabView, side: Side, rule: Rule) -> ike.Peer:
    """The IKE peer a computer is under *rule* of its SPD."""
    spd = get_service(side.host).require_spd()
    peer = _base_peer(lab, side)
    mm = spd.mmpolicy(rule.mmpolicy)
    qm = spd.qmpolicy(rule.qmpolicy) if rule.qmpolicy else None
    peer.mm_offers = list(mm.offers) if mm else list(DEFAULT_MM_OFFERS)
    peer.mm_lifetime = mm.mmlifetime if mm else 480
    peer.auth = _auth(rule.auth) or [ike.Auth("kerberos")]
    peer.qm_offers = list(qm.offers) if qm else list(DEFAULT_QM_OFFERS)
    peer.pfs = bool(qm and qm.pfsgroup.upper() != "NOPFS")
    peer.soft = bool(qm and qm.soft)
    peer.inpass = bool(qm and qm.inpass)
    return peer


def default_response_peer(lab: LabView, side: Side) -> tuple[ike.Peer | None, str]:
    """The peer the computer's default response rule makes of it, if one is active."""
    from ...dynamic.compile import assigned_policies

    for location, policy in assigned_policies(side.host):
        rule = policy.default_rule
        if rule is None or not rule.active:
            continue
        peer = _base_peer(lab, side)
        peer.mm_offers = list(policy.mmsecmethods or DEFAULT_MM_OFFERS)
        peer.mm_lifetime = int(policy.mmlifetime or 480)
        peer.auth = _auth(rule.auth) or [ike.Auth("kerberos")]
        peer.qm_offers = list(rule.qmsecmethods or DEFAULT_QM_OFFERS)
        peer.pfs = bool(rule.qmpfs)
        return peer, (
            f"{side.name} has no filter of its own for this traffic, but the default response "
            f"rule of its {location} policy '{policy.name}' answers IKE."
        )
    return None, ""


def responder(lab: LabView, side: Side, decision: Decision) -> tuple[ike.Peer | None, str]:
    """The IKE responder *side* is for the traffic it decided on, and why (None: no answer)."""
    if decision.action == "negotiate" and decision.rule is not None:
        return rule_peer(lab, side, decision.rule), ""
    if decision.action in ("pass",):
        return None, f"{side.name} runs no IKE (its IPsec service is not running policy)."
    if decision.action == "none":
        peer, why = default_response_peer(lab, side)
        if peer is not None:
            return peer, why
        return None, f"{side.name} has no IPsec policy for this traffic and does not answer IKE."
    return None, f"{side.name} permits the traffic without IPsec and does not answer IKE."
