"""Send orchestration: one exchange from a source to a destination computer.

:func:`send` finds the path (:mod:`.path`), lets each side decide
(:mod:`.decision`), picks the IKE peers (:mod:`.peers`) and negotiates
(:mod:`.negotiation`) when a side asks for security, and returns a
:class:`~.result.TrafficResult` with its plain-language explanation. Nothing
is changed while it runs; a recorded send then hands the result to the
observers (:mod:`.observers`: SAs and statistics, the IKE log).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ...dynamic.service import get_service
from ...dynamic.spd_records import MmSa
from .. import ike, nlb
from ..model import ComputerSpec, LabError
from ..nlb import ClusterSpec
from ..nlb_state import cluster_for
from ..nlb_state import load as load_nlb
from .decision import Decision, decide
from .exchange import Datagram, from_negotiation, unanswered
from .negotiation import Negotiation, cookies, negotiate
from .observers import notify
from .packet import Packet, Side, kinds, parse_protocol
from .path import find_path
from .peers import responder, rule_peer
from .result import TrafficResult
from .sas import auth_label

if TYPE_CHECKING:
    from ..view import LabView


def send(
    lab: LabView,
    src: str,
    dst: str,
    protocol: str | int = "icmp",
    port: int = 0,
    *,
    record: bool = True,
) -> TrafficResult:
    """Send *protocol* traffic (to *port*) from lab computer *src* to *dst*.

    *dst* may also be a multicast or broadcast address (only the source
    decides then). ``record=False`` changes nothing (no SAs, counters or
    logs: the observers are not notified): used by grading.
    """
    result = _exchange(lab, src, dst, protocol, port)
    if record:
        notify(lab, result)
    return result


def _exchange(lab: LabView, src: str, dst: str, protocol: str | int, port: int) -> TrafficResult:
    proto = parse_protocol(protocol)
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise LabError(f"port {port!r} is out of range 0-65535")
    if proto not in (6, 17):
        port = 0
    a = lab.computer(src)
    b = lab.find(dst)
    cluster = cluster_for(lab, dst) if b is None else None
    lead: list[str] = []
    if cluster is not None:
        b, early = _to_cluster(lab, a, cluster, proto, port, lead)
        if early is not None:
            return early
    if b is None:
        return _group_send(lab, a, dst, proto, port)
    if a.name == b.name:
        raise LabError(f"{a.name} cannot send traffic to itself in a lab")
    path = find_path(lab, a, b)
    if cluster is not None:
        path.dst_address = cluster.address
    result = TrafficResult(
        "clear", lead, a.name, b.name, proto, port, path.src_address, path.dst_address
    )
    if cluster is not None:
        result.cluster, result.member, result.nlb_client = cluster.name, b.name, path.seen_src
    if path.nat is not None:
        result.nat = path.nat.name
    if path.unreachable:
        result.outcome = "failed"
        result.explanation.append(path.unreachable)
        return result
    if path.nat is not None:
        result.explanation.append(
            f"{a.name} ({path.src_address}) reaches {b.name} ({path.dst_address}) through the "
            f"NAT device {path.nat.name}: {b.name} sees the traffic coming from {path.seen_src}."
        )
    sa = Side(a, lab.host(a.name), path.src_address, path.dst_address)
    sb = Side(b, lab.host(b.name), path.dst_address, path.seen_src)
    result.sides = (sa, sb)
    out_packet = Packet(sa.address, sa.peer_address, proto, 0, port)
    in_packet = Packet(sb.peer_address, sb.address, proto, 0, port)
    da = decide(lab, sa, "outbound", out_packet)
    db = decide(lab, sb, "inbound", in_packet)
    result.explanation += [da.reason, db.reason]
    for side, d in ((sa, da), (sb, db)):
        if d.action == "block":
            result.outcome = "blocked"
            result.explanation.append(f"{side.name} drops the traffic.")
            if side is sb:  # on the wire, dropped on arrival
                result.wire.append(Datagram(a.name, b.name, delivered=False))
            return result
    a_neg, b_neg = da.action == "negotiate", db.action == "negotiate"
    if not a_neg and not b_neg:
        result.explanation.append("Neither side requires IPsec: the traffic flows in the clear.")
        result.wire += [Datagram(a.name, b.name), Datagram(b.name, a.name, reply=True)]
        return result
    nat = path.nat is not None
    if a_neg:
        init_peer = rule_peer(lab, sa, da.rule)  # type: ignore[arg-type]
        resp_peer, why = responder(lab, sb, db)
        if why:
            result.explanation.append(why)
        if resp_peer is None:
            return _no_answer(result, sa, init_peer, sb)
        qm_policy = da.rule.qmpolicy or ""  # type: ignore[union-attr]
        resp_qm = _qm_policy_name(db)
        return _secure(
            result, negotiate(sa, sb, init_peer, resp_peer, da.view, nat, qm_policy, resp_qm)
        )
    # Only the destination requires security for this traffic.
    resp_rule_peer = rule_peer(lab, sb, db.rule)  # type: ignore[arg-type]
    result.wire.append(Datagram(a.name, b.name, delivered=resp_rule_peer.inpass))
    if not resp_rule_peer.inpass:
        result.outcome = "failed"
        result.explanation.append(
            f"{b.name} requires security for inbound traffic and {a.name} sent it unsecured: "
            f"{b.name} drops it (its filter action does not allow inbound passthrough)."
        )
        return result
    result.explanation.append(
        f"{b.name} accepts the unsecured request (inbound passthrough) and starts IKE to "
        f"{a.name} to secure its reply."
    )
    if nat:
        result.outcome = "failed"
        result.explanation.append(
            f"{b.name} cannot start IKE to {a.name}: {a.name} sits behind the NAT device "
            f"{path.nat.name}."  # type: ignore[union-attr]
        )
        return result
    reply_decision = decide(lab, sa, "inbound", Packet(sa.peer_address, sa.address, proto, port, 0))
    resp_peer, why = responder(lab, sa, reply_decision)
    if why:
        result.explanation.append(why)
    if resp_peer is None:
        return _no_answer(result, sb, resp_rule_peer, sa, request_sent=True)
    qm_policy = db.rule.qmpolicy or ""  # type: ignore[union-attr]
    resp_qm = _qm_policy_name(reply_decision)
    neg = negotiate(sb, sa, resp_rule_peer, resp_peer, db.view, nat, qm_policy, resp_qm)
    return _secure(result, neg, request_sent=True)


def _to_cluster(
    lab: LabView, a: ComputerSpec, cluster: ClusterSpec, proto: int, port: int, lead: list[str]
) -> tuple[ComputerSpec | None, TrafficResult | None]:
    """The member that handles *a*'s traffic to *cluster*, or the failed result."""
    if a.name in cluster.members:
        raise LabError(f"{a.name} is a member of the cluster {cluster.name}")
    client = a.addresses[0]
    for nat in lab.spec.nats:  # NLB sees the NAT's address
        net = lab.spec.network_of(client)
        if net is not None and net.name.lower() == nat.inside.lower():
            client = nat.address
    state = load_nlb(lab)[cluster.name]
    handling = nlb.handle(cluster, state, client, record=False)
    lead += handling.steps
    if handling.ok and handling.member is not None:
        return lab.computer(handling.member), None
    result = TrafficResult(
        "failed", lead, a.name, cluster.name, proto, port, a.addresses[0], cluster.address
    )
    result.cluster, result.member, result.nlb_client = cluster.name, handling.member, client
    result.explanation.append("The traffic does not get through.")
    return None, result


def _qm_policy_name(decision: Decision) -> str:
    """The responder's own quick mode policy: its rule's, else its default response rule's."""
    if decision.action == "negotiate" and decision.rule is not None and decision.rule.qmpolicy:
        return decision.rule.qmpolicy
    return "Default Response"


def _no_answer(
    result: TrafficResult, init: Side, init_peer: ike.Peer, peer: Side, request_sent: bool = False
) -> TrafficResult:
    result.unanswered = init
    spd = get_service(init.host).require_spd()
    ex = unanswered(
        init_peer,
        peer.name,
        peer.comp.os,
        cookies(init.name, peer.name, spd.ike_stats["main_modes"], "unanswered"),
    )
    result.wire.append(ex)
    if init_peer.soft:  # soft SA: the traffic goes in the clear after IKE gives up
        if not request_sent:
            result.wire.append(Datagram(init.name, peer.name))
        result.wire.append(Datagram(peer.name, init.name, reply=True))
    if init_peer.soft:
        result.outcome = "clear"
        result.soft = True
        result.explanation.append(
            f"IKE gets no answer; {init.name}'s filter action allows unsecured communication "
            "with computers that do not support IPsec (soft SA): the traffic flows in the clear."
        )
    else:
        result.outcome = "failed"
        result.explanation.append(
            f"IKE gets no answer and {init.name} does not fall back to unsecured communication: "
            "the traffic fails."
        )
    return result


def _secure(result: TrafficResult, neg: Negotiation, request_sent: bool = False) -> TrafficResult:
    init = neg.init
    result.initiator = init.name
    result.negotiation = neg
    view = neg.view
    ex = from_negotiation(
        neg,
        view.protocol if view else result.protocol,
        view.srcport if view else 0,
        view.dstport if view else 0,
    )
    result.wire.append(ex)
    if ex.ok:
        if not request_sent:
            result.wire.append(Datagram(result.src, result.dst, ike=ex))
        result.wire.append(Datagram(result.dst, result.src, reply=True, ike=ex))
    result.explanation += neg.steps
    result.nat_t = bool(neg.mm and neg.mm.nat_t)
    if neg.ok:
        result.outcome = "secured"
        if neg.agreed:
            # The initiator's SA as negotiated; recording replaces it with the stored one.
            assert neg.mm.offer is not None
            result.mm = MmSa(
                init.address,
                init.peer_address,
                "",
                auth=auth_label(neg.mm.auth),
                encryption=neg.mm.offer.encryption,
                integrity=neg.mm.offer.integrity,
                dhgroup=neg.mm.offer.group,
            )
        result.explanation.append("The traffic flows secured by IPsec.")
    else:
        result.outcome = "failed"
        result.explanation.append("The negotiation failed: the traffic does not get through.")
    return result


def _group_send(lab: LabView, a: ComputerSpec, dst: str, proto: int, port: int) -> TrafficResult:
    try:
        ip = ipaddress.IPv4Address(dst)
    except ValueError:
        raise LabError(f"no computer {dst!r} in this lab") from None
    packet = Packet(a.addresses[0], str(ip), proto, 0, port)
    if not kinds(packet) & {"multicast", "broadcast"}:
        raise LabError(f"no computer with address {dst} in this lab")
    side = Side(a, lab.host(a.name), a.addresses[0], str(ip))
    result = TrafficResult("clear", [], a.name, str(ip), proto, port, a.addresses[0], str(ip))
    result.sides = (side,)
    d = decide(lab, side, "outbound", packet)
    result.explanation.append(d.reason)
    if d.action == "block":
        result.outcome = "blocked"
    elif d.action == "negotiate":
        result.outcome = "failed"
        result.explanation.append(
            "IKE cannot negotiate with a multicast or broadcast destination: the packet is dropped."
        )
    else:
        result.explanation.append("The packet goes out unprotected to every listener.")
        result.wire.append(Datagram(a.name, str(ip)))
    return result
