"""Traffic between lab computers: what each side's IPsec driver and IKE make of it.

:func:`send` follows one exchange (a request and its reply) from a source to
a destination computer:

1. the path: same network, through a NAT device (the destination sees the
   NAT's address), routed, or unreachable (a computer behind a NAT cannot be
   reached from outside);
2. each side decides, the source for outbound and the destination for
   inbound traffic: a stopped IPsec service lets everything through; a
   computer in startup security filters by its boot mode and boot
   exemptions; otherwise the default exemptions (``ipsecexempt``) and then
   the most specific matching quick mode filter of the SPD say permit, block
   or negotiate (no filter: the traffic is not protected);
3. a side that negotiates runs IKE (:mod:`netshpy.lab.ike`) with the other
   side's matching rule, or its policy's default response rule; soft SAs and
   inbound passthrough decide what happens with a peer that cannot answer.

SAs and counters land in both SPDs (``show mmsas``, ``show qmsas``,
``show stats``), the IKE log in ``<state_dir>/debug/oakley.log`` when
``ikelogging`` is 1. Every outcome carries a plain-language explanation.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..dynamic.expand import FilterView, filters
from ..dynamic.service import get_service
from ..dynamic.spd import DEFAULT_MM_OFFERS, DEFAULT_QM_OFFERS, MmSa, QmSa, Rule, Spd
from ..values import protocol_name
from . import ike
from .model import ComputerSpec, LabError, NatSpec

if TYPE_CHECKING:
    from .runtime import Lab

OUTCOMES = ("secured", "clear", "blocked", "failed")
PROTOCOLS = {"icmp": 1, "ping": 1, "tcp": 6, "udp": 17, "rsvp": 46, "any": 0, "raw": 255}
IKE_PORTS = (500, 4500)
KERBEROS_PORT = 88
DHCP_PORTS = (67, 68)
# ipsecexempt value -> traffic kinds that bypass IPsec filtering [D S15].
EXEMPT = {
    0: {"multicast", "broadcast", "rsvp", "kerberos", "ike"},
    1: {"multicast", "broadcast", "ike"},
    2: {"rsvp", "kerberos", "ike"},
    3: {"ike"},
}
PACKET_BYTES = 60  # bytes counted per packet in the IPSec statistics (reconstructed)


@dataclass
class Decision:
    """What one side does with the traffic."""

    action: str  # pass | exempt | none | permit | block | negotiate
    reason: str
    rule: Rule | None = None
    view: FilterView | None = None


@dataclass
class TrafficResult:
    """The outcome of one :func:`send`, with its plain-language explanation."""

    outcome: str  # secured | clear | blocked | failed
    explanation: list[str]
    src: str
    dst: str
    protocol: int
    port: int
    src_address: str = ""
    dst_address: str = ""
    nat: str | None = None  # the NAT device crossed
    initiator: str | None = None  # who started IKE
    mm: MmSa | None = None  # the initiator's main mode SA
    qm: QmSa | None = None  # the initiator's quick mode SA
    nat_t: bool = False
    soft: bool = False

    @property
    def summary(self) -> str:
        """``XP1 -> SRV1 ICMP: secured``."""
        what = protocol_name(self.protocol)
        if self.port:
            what += f" port {self.port}"
        return f"{self.src} -> {self.dst} {what}: {self.outcome}"

    def text(self) -> str:
        """The explanation, one step a line, then the outcome."""
        lines = [f"  {line}" for line in self.explanation]
        return "\n".join([*lines, f"Result: {self.summary}"])


@dataclass(frozen=True)
class Packet:
    """Addresses, protocol and ports as one side sees them."""

    src: str
    dst: str
    protocol: int
    srcport: int
    dstport: int


@dataclass
class Side:
    """One computer in the exchange."""

    comp: ComputerSpec
    host: Any
    address: str  # its own address used
    peer_address: str  # the other side's address as this side sees it

    @property
    def name(self) -> str:
        """The computer's name."""
        return self.comp.name


# ---- protocol and path -----------------------------------------------------------


def parse_protocol(protocol: str | int) -> int:
    """``icmp``/``tcp``/``udp``/``rsvp``/``any`` or a number 0-255."""
    if isinstance(protocol, int):
        number = protocol
    else:
        text = protocol.strip().lower()
        if text in PROTOCOLS:
            return PROTOCOLS[text]
        if not text.isdigit():
            raise LabError(
                f"unknown protocol {protocol!r} (icmp, tcp, udp, rsvp, any or a number 0-255)"
            )
        number = int(text)
    if not 0 <= number <= 255:
        raise LabError(f"protocol {protocol} is out of range 0-255")
    return number


@dataclass
class Path:
    """How traffic goes from one computer to another."""

    src_address: str
    dst_address: str
    seen_src: str  # the source address the destination sees
    nat: NatSpec | None = None
    unreachable: str | None = None


def _network(lab: Lab, address: str) -> str | None:
    net = lab.spec.network_of(address)
    return net.name.lower() if net else None


def find_path(lab: Lab, src: ComputerSpec, dst: ComputerSpec) -> Path:
    """The addresses used between *src* and *dst*, and a NAT device crossed."""
    for a in src.addresses:
        for b in dst.addresses:
            na, nb = _network(lab, a), _network(lab, b)
            if na is not None and na == nb:
                return Path(a, b, a)
    for nat in lab.spec.nats:
        inside, outside = nat.inside.lower(), nat.outside.lower()
        for a in src.addresses:
            for b in dst.addresses:
                na, nb = _network(lab, a), _network(lab, b)
                if na == inside and nb == outside:
                    return Path(a, b, nat.address, nat)
                if na == outside and nb == inside:
                    return Path(
                        a,
                        b,
                        a,
                        nat,
                        unreachable=(
                            f"{dst.name} sits behind the NAT device {nat.name}: traffic started "
                            f"from outside ({src.name}) has no translation and is dropped."
                        ),
                    )
    return Path(src.addresses[0], dst.addresses[0], src.addresses[0])


# ---- one side's decision ---------------------------------------------------------------


def _kinds(packet: Packet) -> set[str]:
    kinds = set()
    if packet.protocol == 17 and (packet.srcport in IKE_PORTS or packet.dstport in IKE_PORTS):
        kinds.add("ike")
    if packet.protocol in (6, 17) and KERBEROS_PORT in (packet.srcport, packet.dstport):
        kinds.add("kerberos")
    if packet.protocol == 46:
        kinds.add("rsvp")
    try:
        dst = ipaddress.IPv4Address(packet.dst)
        if dst.is_multicast:
            kinds.add("multicast")
        elif packet.dst == "255.255.255.255" or packet.dst.endswith(".255"):
            kinds.add("broadcast")
    except ValueError:
        pass
    return kinds


def _port_ok(want: int, have: int) -> bool:
    return want == 0 or want == have


def _addr_match(view_addr: Any, mask: str, ip: str, lab: Lab) -> bool:
    kind = view_addr.kind
    if kind == "any":
        return True
    if kind == "ip":
        try:
            net = ipaddress.IPv4Network(f"{view_addr.value}/{mask}", strict=False)
            return ipaddress.IPv4Address(ip) in net
        except ValueError:
            return False
    if kind == "dns":
        comp = lab.find(view_addr.value.split(".")[0])
        return comp is not None and ip in comp.addresses
    return False


def matching_filter(lab: Lab, spd: Spd, local: list[str], direction: str, packet: Packet):
    """The most specific transport quick mode filter matching *packet*, or None."""
    for view in _specific(spd, local):
        if view.direction != direction or view.tunnel_dst is not None:
            continue
        if view.protocol and view.protocol != packet.protocol:
            continue
        if not (_port_ok(view.srcport, packet.srcport) and _port_ok(view.dstport, packet.dstport)):
            continue
        if direction == "outbound":
            if view.srcaddr.value != packet.src:
                continue
            if not _addr_match(view.dstaddr, view.dstmask, packet.dst, lab):
                continue
        else:
            if view.dstaddr.value != packet.dst:
                continue
            if not _addr_match(view.srcaddr, view.srcmask, packet.src, lab):
                continue
        return view
    return None


_FILTER_CACHE: dict[int, tuple[Any, list[FilterView]]] = {}


def _specific(spd: Spd, local: list[str]) -> list[FilterView]:
    key = (tuple(id(r) for r in spd.rules), tuple(local))
    cached = _FILTER_CACHE.get(id(spd))
    if cached is not None and cached[0] == key:
        return cached[1]
    views = filters(spd.rules, "qm", "specific", local)
    if len(_FILTER_CACHE) > 64:
        _FILTER_CACHE.clear()
    _FILTER_CACHE[id(spd)] = (key, views)
    return views


def _describe(packet: Packet) -> str:
    what = protocol_name(packet.protocol)
    port = packet.dstport or packet.srcport
    return f"{packet.src} -> {packet.dst} {what}" + (f" port {port}" if port else "")


def _boot_exempt(exemptions: list[Any], direction: str, packet: Packet) -> bool:
    for ex in exemptions:
        if ex.direction != direction:
            continue
        if ex.protocol and ex.protocol != packet.protocol:
            continue
        if _port_ok(ex.srcport, packet.srcport) and _port_ok(ex.dstport, packet.dstport):
            return True
    return False


def decide(lab: Lab, side: Side, direction: str, packet: Packet) -> Decision:
    """What *side*'s IPsec driver does with *packet* going *direction* (outbound/inbound)."""
    name = side.name
    service = get_service(side.host)
    mode = service.driver_mode
    if mode == "permit":
        return Decision(
            "pass", f"{name}: the IPsec service is stopped, so its IPsec driver passes all traffic."
        )
    if mode == "boot":
        boot = service.boot_state
        where = f"{name} is in startup security (boot mode {boot.mode}, the IPsec service has not applied policy yet)"
        if boot.mode == "permit":
            return Decision("pass", f"{where}: nothing is filtered.")
        if packet.protocol == 17 and (packet.dstport in DHCP_PORTS or packet.srcport in DHCP_PORTS):
            return Decision("pass", f"{where}: DHCP always passes.")
        if _boot_exempt(boot.exemptions, direction, packet):
            return Decision("pass", f"{where}: a boot exemption lets {direction} traffic through.")
        if boot.mode == "stateful" and direction == "outbound":
            return Decision(
                "pass",
                f"{where}: traffic the computer starts, and its replies, pass (stateful).",
            )
        return Decision(
            "block",
            f"{where}: {direction} {_describe(packet)} matches no boot exemption and is dropped.",
        )
    spd = service.require_spd()
    exempt = EXEMPT.get(int(service.config.effective.get("ipsecexempt", 3)), {"ike"})
    kinds = _kinds(packet) & exempt
    if kinds:
        value = service.config.effective.get("ipsecexempt")
        return Decision(
            "exempt",
            f"{name}: {'/'.join(sorted(kinds))} traffic is a default exemption "
            f"(ipsecexempt={value}) and bypasses IPsec filtering.",
        )
    view = matching_filter(lab, spd, service.local_addresses(), direction, packet)
    if view is None:
        return Decision("none", f"{name}: no IPsec filter matches {_describe(packet)}.")
    rule = view.rule
    action = rule.actionoutbound if direction == "outbound" else rule.actioninbound
    label = rule.name or "(unnamed)"
    source = f" of policy '{rule.origin.split(':', 1)[1]}'" if rule.origin else " (dynamic rule)"
    verb = {"negotiate": "negotiate security", "permit": "permit", "block": "block"}.get(
        action, action
    )
    return Decision(
        action,
        f"{name}: the {direction} filter of '{label}'{source} matches {_describe(packet)}: {verb}.",
        rule,
        view,
    )


# ---- IKE peers ------------------------------------------------------------------------


def _base_peer(lab: Lab, side: Side) -> ike.Peer:
    comp = side.comp
    trusts = lab.spec.domains.get(comp.domain or "", ()) if comp.domain else ()
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


def rule_peer(lab: Lab, side: Side, rule: Rule) -> ike.Peer:
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


def default_response_peer(lab: Lab, side: Side) -> tuple[ike.Peer | None, str]:
    """The peer the computer's default response rule makes of it, if one is active."""
    from ..dynamic.compile import assigned_policies

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


def responder(lab: Lab, side: Side, decision: Decision) -> tuple[ike.Peer | None, str]:
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


# ---- recording --------------------------------------------------------------------------


def _cookies(*parts: object) -> str:
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"{digest[:16]}:{digest[16:32]}"


def _auth_label(auth: ike.Auth | None) -> str:
    if auth is None:
        return ""
    if auth.kind == "kerberos":
        return "Kerberos"
    if auth.kind == "psk":
        return "Preshared Key"
    return "Certificate"


def _log(side: Side, lines: list[str]) -> None:
    service = get_service(side.host)
    if int(service.config.effective.get("ikelogging", 0)) != 1:
        return
    folder = side.host.state_dir / "debug"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        now = side.host.clock()
        stamp = f"{now.month}-{now.day:02d}: {now:%H:%M:%S}:{now.microsecond // 1000:03d}"
        with open(folder / "oakley.log", "a", encoding="utf-8") as fh:
            for line in lines:
                fh.write(f"{stamp} {line}\n")
    except OSError:
        pass


def _replace_sas(spd: Spd, local: str, remote: str) -> None:
    pair = {local, remote}
    spd.mmsas = [s for s in spd.mmsas if {s.src, s.dst} != pair]
    before = len(spd.qmsas)
    spd.qmsas = [s for s in spd.qmsas if {s.src, s.dst} != pair]
    spd.ipsec_stats["active_assoc"] -= before - len(spd.qmsas)


@dataclass
class _Negotiation:
    ok: bool
    steps: list[str] = field(default_factory=list)
    mm: ike.MainModeResult | None = None
    qm: ike.QuickModeResult | None = None
    mm_sa: MmSa | None = None
    qm_sa: QmSa | None = None


def negotiate(
    init: Side,
    resp: Side,
    init_peer: ike.Peer,
    resp_peer: ike.Peer,
    init_view: FilterView | None,
    nat: bool,
    record: bool,
    qm_policy: str,
) -> _Negotiation:
    """Run IKE from *init* to *resp* and record SAs, counters and logs on both."""
    mm = ike.main_mode(init_peer, resp_peer, nat)
    result = _Negotiation(mm.ok, list(mm.steps), mm)
    qm = None
    if mm.ok:
        qm = ike.quick_mode(init_peer, resp_peer, mm)
        result.qm = qm
        result.steps += qm.steps
        result.ok = qm.ok
    if not record:
        return result
    services = [get_service(init.host), get_service(resp.host)]
    spds = [s.require_spd() for s in services]
    spds[0].count("total_acquire")
    if not mm.ok:
        auth_failed = mm.offer is not None
        for spd in spds:
            spd.count("negotiation_failures")
            if auth_failed:
                spd.count("auth_failures")
        spds[0].count("acquire_failures")
    elif qm is not None and not qm.ok:
        for spd in spds:
            spd.count("negotiation_failures")
        spds[0].count("acquire_failures")
    if result.ok and mm.offer is not None and qm is not None and qm.offer is not None:
        port = 4500 if mm.nat_t else 500
        lifetime = init_peer.mm_lifetime * 60
        cookies = _cookies(init.name, resp.name, spds[0].ike_stats["main_modes"])
        view = init_view
        for n, (side, spd) in enumerate(zip((init, resp), spds, strict=True)):
            _replace_sas(spd, side.address, side.peer_address)
            mm_sa = MmSa(
                side.address,
                side.peer_address,
                cookies,
                auth=_auth_label(mm.auth),
                encryption=mm.offer.encryption,
                integrity=mm.offer.integrity,
                dhgroup=mm.offer.group,
                lifetime=lifetime,
                src_port=port,
                dst_port=port,
            )
            spd.add_mm_sa(mm_sa)
            qm_sa = QmSa(
                side.address,
                side.peer_address,
                qm_policy,
                protocol=view.protocol if view else 0,
                srcport=(view.srcport if n == 0 else view.dstport) if view else 0,
                dstport=(view.dstport if n == 0 else view.srcport) if view else 0,
                direction="outbound" if n == 0 else "inbound",
                ah=qm.offer.ah,
                esp_encryption=qm.offer.esp_encryption,
                esp_integrity=qm.offer.esp_integrity,
                pfs=qm.pfs,
                dhgroup=mm.offer.group if qm.pfs else 0,
                kbytes=qm.offer.kbytes,
                seconds=qm.offer.seconds,
            )
            spd.add_qm_sa(qm_sa)
            spd.count("total_getspi")
            spd.count("total_keyadd")
            if n == 0:
                result.mm_sa, result.qm_sa = mm_sa, qm_sa
            _count_bytes(spd, qm.offer, sent=n == 0)
    for side, service in zip((init, resp), services, strict=True):
        role = "initiator" if side is init else "responder"
        _log(
            side,
            [f"Acquire: {role} {side.address} <-> {side.peer_address}"]
            + result.steps
            + ["Negotiation succeeded" if result.ok else "Negotiation failed"],
        )
        service.save()
    return result


def _count_bytes(spd: Spd, offer: Any, *, sent: bool) -> None:
    direction = "sent" if sent else "received"
    other = "received" if sent else "sent"
    for d in (direction, other):
        spd.count(f"transport_bytes_{d}", PACKET_BYTES)
        if offer.esp_encryption and offer.esp_encryption.upper() != "NONE":
            spd.count(f"conf_bytes_{d}", PACKET_BYTES)
        if offer.ah or offer.esp_integrity:
            spd.count(f"auth_bytes_{d}", PACKET_BYTES)


def _qm_policy_name(side: Side, decision: Decision, peer_from_rule: bool) -> str:
    if peer_from_rule and decision.rule is not None and decision.rule.qmpolicy:
        return decision.rule.qmpolicy
    return "Default Response"


# ---- the exchange --------------------------------------------------------------------------


def send(
    lab: Lab,
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
    logs): used by grading.
    """
    proto = parse_protocol(protocol)
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise LabError(f"port {port!r} is out of range 0-65535")
    if proto not in (6, 17):
        port = 0
    a = lab.computer(src)
    b = lab.find(dst)
    if b is None:
        return _group_send(lab, a, dst, proto, port)
    if a.name == b.name:
        raise LabError(f"{a.name} cannot send traffic to itself in a lab")
    path = find_path(lab, a, b)
    result = TrafficResult(
        "clear", [], a.name, b.name, proto, port, path.src_address, path.dst_address
    )
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
    out_packet = Packet(sa.address, sa.peer_address, proto, 0, port)
    in_packet = Packet(sb.peer_address, sb.address, proto, 0, port)
    da = decide(lab, sa, "outbound", out_packet)
    db = decide(lab, sb, "inbound", in_packet)
    result.explanation += [da.reason, db.reason]
    for side, d in ((sa, da), (sb, db)):
        if d.action == "block":
            result.outcome = "blocked"
            result.explanation.append(f"{side.name} drops the traffic.")
            return result
    a_neg, b_neg = da.action == "negotiate", db.action == "negotiate"
    if not a_neg and not b_neg:
        result.explanation.append("Neither side requires IPsec: the traffic flows in the clear.")
        return result
    nat = path.nat is not None
    if a_neg:
        init_peer = rule_peer(lab, sa, da.rule)  # type: ignore[arg-type]
        resp_peer, why = responder(lab, sb, db)
        if why:
            result.explanation.append(why)
        if resp_peer is None:
            return _no_answer(result, sa, init_peer, record)
        qm_name = _qm_policy_name(sb, db, db.action == "negotiate")
        return _secure(
            result,
            sa,
            sb,
            init_peer,
            resp_peer,
            da.view,
            nat,
            record,
            da.rule.qmpolicy or qm_name,  # type: ignore[union-attr]
        )
    # Only the destination requires security for this traffic.
    resp_rule_peer = rule_peer(lab, sb, db.rule)  # type: ignore[arg-type]
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
        return _no_answer(result, sb, resp_rule_peer, record)
    return _secure(
        result,
        sb,
        sa,
        resp_rule_peer,
        resp_peer,
        db.view,
        nat,
        record,
        db.rule.qmpolicy or "",  # type: ignore[union-attr]
    )


def _no_answer(
    result: TrafficResult, init: Side, init_peer: ike.Peer, record: bool
) -> TrafficResult:
    if init_peer.soft:
        result.outcome = "clear"
        result.soft = True
        result.explanation.append(
            f"IKE gets no answer; {init.name}'s filter action allows unsecured communication "
            "with computers that do not support IPsec (soft SA): the traffic flows in the clear."
        )
        if record:
            service = get_service(init.host)
            service.require_spd().count("soft_sas")
            service.save()
    else:
        result.outcome = "failed"
        result.explanation.append(
            f"IKE gets no answer and {init.name} does not fall back to unsecured communication: "
            "the traffic fails."
        )
        if record:
            service = get_service(init.host)
            spd = service.require_spd()
            spd.count("total_acquire")
            spd.count("acquire_failures")
            spd.count("negotiation_failures")
            service.save()
    return result


def _secure(
    result: TrafficResult,
    init: Side,
    resp: Side,
    init_peer: ike.Peer,
    resp_peer: ike.Peer,
    view: FilterView | None,
    nat: bool,
    record: bool,
    qm_policy: str,
) -> TrafficResult:
    result.initiator = init.name
    neg = negotiate(init, resp, init_peer, resp_peer, view, nat, record, qm_policy)
    result.explanation += neg.steps
    result.nat_t = bool(neg.mm and neg.mm.nat_t)
    if neg.ok:
        result.outcome = "secured"
        result.mm, result.qm = neg.mm_sa, neg.qm_sa
        if result.mm is None and neg.mm and neg.mm.offer and neg.qm and neg.qm.offer:
            result.mm = MmSa(
                init.address,
                init.peer_address,
                "",
                auth=_auth_label(neg.mm.auth),
                encryption=neg.mm.offer.encryption,
                integrity=neg.mm.offer.integrity,
                dhgroup=neg.mm.offer.group,
            )
        result.explanation.append("The traffic flows secured by IPsec.")
    else:
        result.outcome = "failed"
        result.explanation.append("The negotiation failed: the traffic does not get through.")
    return result


def _group_send(lab: Lab, a: ComputerSpec, dst: str, proto: int, port: int) -> TrafficResult:
    try:
        ip = ipaddress.IPv4Address(dst)
    except ValueError:
        raise LabError(f"no computer {dst!r} in this lab") from None
    packet = Packet(a.addresses[0], str(ip), proto, 0, port)
    kinds = _kinds(packet)
    if not kinds & {"multicast", "broadcast"}:
        raise LabError(f"no computer with address {dst} in this lab")
    side = Side(a, lab.host(a.name), a.addresses[0], str(ip))
    result = TrafficResult("clear", [], a.name, str(ip), proto, port, a.addresses[0], str(ip))
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
    return result
