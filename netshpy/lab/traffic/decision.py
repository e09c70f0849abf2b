"""Each side's decision: what one computer's IPsec driver does with a packet.

A stopped IPsec service lets everything through; a computer in startup
security filters by its boot mode and boot exemptions; otherwise the default
exemptions (``ipsecexempt``) and then the most specific matching quick mode
filter of the SPD say permit, block or negotiate (no filter: the traffic is
not protected).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...dynamic.expand import FilterView, filters
from ...dynamic.service import get_service
from ...dynamic.spd import Spd
from ...dynamic.spd_records import Rule
from .packet import DHCP_PORTS, Packet, Side, describe, kinds

if TYPE_CHECKING:
    from ..view import LabView

# ipsecexempt value -> traffic kinds that bypass IPsec filtering [D S15].
EXEMPT = {
    0: {"multicast", "broadcast", "rsvp", "kerberos", "ike"},
    1: {"multicast", "broadcast", "ike"},
    2: {"rsvp", "kerberos", "ike"},
    3: {"ike"},
}


@dataclass
class Decision:
    """What one side does with the traffic."""

    action: str  # pass | exempt | none | permit | block | negotiate
    reason: str
    rule: Rule | None = None
    view: FilterView | None = None


def _port_ok(want: int, have: int) -> bool:
    return want == 0 or want == have


def _addr_match(view_addr: Any, mask: str, ip: str, lab: LabView) -> bool:
    kind = view_addr.kind
    if kind == "any":
        return True
    if kind == "ip":
        try:
            net = ipaddress.IPv4Network(f"{view_addr.value}/{mask}", strict=False)
            return ipaddress.IPv4Address(ip) in net
        except ValueError:
            return False
    if kind == "dns" and getattr(view_addr, "resolved", ""):
        return bool(view_addr.resolved == ip)  # resolved when the filter was made
    if kind == "dns":
        comp = lab.find(view_addr.value.split(".")[0])
        return comp is not None and ip in comp.addresses
    return False


def matching_filter(lab: LabView, spd: Spd, local: list[str], direction: str, packet: Packet):
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


def _boot_exempt(exemptions: list[Any], direction: str, packet: Packet) -> Any | None:
    """The boot exemption that lets *packet* through, or None."""
    for ex in exemptions:
        if ex.direction != direction:
            continue
        if ex.protocol and ex.protocol != packet.protocol:
            continue
        if _port_ok(ex.srcport, packet.srcport) and _port_ok(ex.dstport, packet.dstport):
            return ex
    return None


def _swapped_exemption(exemptions: list[Any], direction: str, packet: Packet) -> str:
    """A note when an exemption would match with its ports swapped (a common slip)."""
    swapped = Packet(packet.src, packet.dst, packet.protocol, packet.dstport, packet.srcport)
    ex = _boot_exempt(exemptions, direction, swapped)
    if ex is None or ex.srcport == ex.dstport:
        return ""
    right = f"{str(ex).split(':', 1)[0]}:{ex.dstport}:{ex.srcport}:{ex.direction}"
    return (
        f" The boot exemption {ex} has its ports swapped: the form is "
        f"protocol:srcport:dstport:direction, so it exempts source port {ex.srcport}; "
        f"{right} exempts destination port {ex.srcport}."
    )


def _pending(side: Side, service: Any, names: tuple[str, ...]) -> str:
    """A note on stored settings among *names* not in effect until the computer restarts."""
    config = service.config
    waiting = [n for n in names if config.pending(n)]
    if not waiting:
        return ""
    shown = []
    for n in waiting:
        value = config.values[n]
        shown.append(
            f"{n}={' '.join(map(str, value)) or 'none' if isinstance(value, list) else value}"
        )
    return (
        f" ({', '.join(shown)} is stored but takes effect only after {side.name} restarts: "
        f":reboot {side.name}.)"
    )


def decide(lab: LabView, side: Side, direction: str, packet: Packet) -> Decision:
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
        exemption = _boot_exempt(boot.exemptions, direction, packet)
        if exemption is not None:
            return Decision(
                "pass",
                f"{where}: the boot exemption {exemption} lets this {direction} traffic through.",
            )
        if boot.mode == "stateful" and direction == "outbound":
            return Decision(
                "pass",
                f"{where}: traffic the computer starts, and its replies, pass (stateful).",
            )
        return Decision(
            "block",
            f"{where}: {direction} {describe(packet)} matches no boot exemption and is dropped."
            + _swapped_exemption(boot.exemptions, direction, packet)
            + _pending(side, service, ("bootmode", "bootexemptions")),
        )
    spd = service.require_spd()
    exempt = EXEMPT.get(int(service.config.effective.get("ipsecexempt", 3)), {"ike"})
    exempted = kinds(packet) & exempt
    if exempted:
        value = service.config.effective.get("ipsecexempt")
        return Decision(
            "exempt",
            f"{name}: {'/'.join(sorted(exempted))} traffic is a default exemption "
            f"(ipsecexempt={value}) and bypasses IPsec filtering.",
        )
    # A stored ipsecexempt that would exempt this traffic, waiting for a restart.
    later = ""
    stored = service.config.values.get("ipsecexempt")
    if stored is not None and kinds(packet) & EXEMPT.get(int(stored), set()):
        later = _pending(side, service, ("ipsecexempt",))
    view = matching_filter(lab, spd, service.local_addresses(), direction, packet)
    if view is None:
        return Decision("none", f"{name}: no IPsec filter matches {describe(packet)}.{later}")
    rule = view.rule
    action = rule.actionoutbound if direction == "outbound" else rule.actioninbound
    label = rule.name or "(unnamed)"
    source = f" of policy '{rule.origin.split(':', 1)[1]}'" if rule.origin else " (dynamic rule)"
    verb = {"negotiate": "negotiate security", "permit": "permit", "block": "block"}.get(
        action, action
    )
    return Decision(
        action,
        f"{name}: the {direction} filter of '{label}'{source} matches {describe(packet)}: "
        f"{verb}.{later}",
        rule,
        view,
    )
