"""How SPD rules become main mode and quick mode filters.

A rule gives *generic* filters, as configured: one main mode filter and one
quick mode filter (transport, or tunnel when the rule has a tunnel end
point), and for a mirrored rule a second one of each with source and
destination swapped. *Specific* filters bind every generic filter to the
computer's own addresses: a side that is ``me``, ``any`` or a subnet holding
a local address is replaced by that address, one filter per local address,
outbound when the local side is the source and inbound when it is the
destination. The IPsec driver matches packets against the specific filters,
most specific (highest weight) first.
"""

from __future__ import annotations

import ipaddress

from ..records import dataclass, replace
from ..values import Address
from .spd_records import HOST_MASK, Auth, Rule

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class FilterView:
    """One main mode (``layer="mm"``) or quick mode (``layer="qm"``) filter."""

    layer: str
    name: str
    rule: Rule
    srcaddr: Address
    dstaddr: Address
    srcmask: str
    dstmask: str
    protocol: int = 0
    srcport: int = 0
    dstport: int = 0
    tunnel_src: Address | None = None
    tunnel_dst: Address | None = None
    direction: str | None = None  # specific filters: "outbound" | "inbound"
    weight: int = 0

    @property
    def kind(self) -> str:
        """``tunnel`` or ``transport`` (a main mode filter takes its rule's kind)."""
        return self.rule.kind

    @property
    def specific(self) -> bool:
        """True for a filter bound to a local address."""
        return self.direction is not None

    @property
    def mirrored(self) -> bool:
        """Whether the rule the filter comes from is mirrored."""
        return self.rule.mirrored

    @property
    def auth(self) -> list[Auth]:
        """The rule's authentication methods."""
        return self.rule.auth


def _tunnel_address(text: str) -> Address:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return Address("dns", text)
    return Address("ip", text)


def generic_filters(rule: Rule, layer: str) -> list[FilterView]:
    """The generic filters of *rule* for *layer* (``mm`` or ``qm``), mirror copy last."""
    if layer == "mm" and rule.tunnel:
        # IKE for a tunnel rule runs between this computer and the tunnel end point.
        end = _tunnel_address(rule.tunnel)
        out = FilterView("mm", rule.name, rule, Address("me"), end, HOST_MASK, HOST_MASK)
        return [out, replace(out, srcaddr=end, dstaddr=Address("me"))]
    ports: dict[str, Any] = (
        {} if layer == "mm" else {"srcport": rule.srcport, "dstport": rule.dstport}
    )
    proto: dict[str, Any] = {} if layer == "mm" else {"protocol": rule.protocol}
    tunnel: dict[str, Any] = {}
    if layer == "qm" and rule.tunnel:
        tunnel = {"tunnel_src": Address("me"), "tunnel_dst": _tunnel_address(rule.tunnel)}
    first = FilterView(
        layer,
        rule.name,
        rule,
        rule.srcaddr,
        rule.dstaddr,
        rule.srcmask,
        rule.dstmask,
        **proto,
        **ports,
        **tunnel,
    )
    result = [first]
    if rule.mirrored:
        mirror = replace(
            first,
            srcaddr=first.dstaddr,
            dstaddr=first.srcaddr,
            srcmask=first.dstmask,
            dstmask=first.srcmask,
            srcport=first.dstport,
            dstport=first.srcport,
        )
        if tunnel:
            mirror = replace(mirror, tunnel_src=tunnel["tunnel_dst"], tunnel_dst=Address("me"))
        result.append(mirror)
    return result


def _holds(address: Address, mask: str, local: str) -> bool:
    if address.kind in ("me", "any"):
        return True
    if address.kind != "ip":
        return False
    try:
        net = ipaddress.IPv4Network(f"{address.value}/{mask}", strict=False)
        return ipaddress.IPv4Address(local) in net
    except ValueError:
        return False


def _bits(mask: str) -> int:
    try:
        return bin(int(ipaddress.IPv4Address(mask))).count("1")
    except ValueError:
        return 0


def weight(view: FilterView) -> int:
    """A specificity weight (reconstructed): mask bits, then protocol, then ports."""
    value = (_bits(view.srcmask) + _bits(view.dstmask)) * 256
    value += 64 if view.protocol else 0
    value += 16 if view.srcport else 0
    value += 16 if view.dstport else 0
    return value + (8 if view.tunnel_dst is not None else 0)


def specific_filters(generic: list[FilterView], local_addresses: list[str]) -> list[FilterView]:
    """*generic* bound to each local address, duplicates dropped, heaviest first."""
    seen: set[tuple[object, ...]] = set()
    result: list[FilterView] = []
    for view in generic:
        for local in local_addresses:
            here = Address("ip", local)
            candidates = []
            # A side that is "me" is bound only as the local side: me -> any gives
            # the outbound filter (address -> any), never an inbound one (me -> address).
            if _holds(view.srcaddr, view.srcmask, local) and view.dstaddr.kind != "me":
                out = replace(view, srcaddr=here, srcmask=HOST_MASK, direction="outbound")
                if out.tunnel_src is not None and out.tunnel_src.kind == "me":
                    out = replace(out, tunnel_src=here)
                candidates.append(out)
            if _holds(view.dstaddr, view.dstmask, local) and view.srcaddr.kind != "me":
                inb = replace(view, dstaddr=here, dstmask=HOST_MASK, direction="inbound")
                if inb.tunnel_dst is not None and inb.tunnel_dst.kind == "me":
                    inb = replace(inb, tunnel_dst=here)
                candidates.append(inb)
            for cand in candidates:
                cand = replace(cand, weight=weight(cand))
                ident = (
                    id(cand.rule),
                    cand.layer,
                    cand.direction,
                    cand.srcaddr,
                    cand.dstaddr,
                    cand.srcmask,
                    cand.dstmask,
                    cand.protocol,
                    cand.srcport,
                    cand.dstport,
                    cand.tunnel_src,
                    cand.tunnel_dst,
                )
                if ident not in seen:
                    seen.add(ident)
                    result.append(cand)
    result.sort(key=lambda v: -v.weight)
    return result


def filters(
    rules: list[Rule], layer: str, kind: str, local_addresses: list[str]
) -> list[FilterView]:
    """All *layer* filters of *rules*; *kind* is ``generic`` or ``specific``."""
    generic = [view for rule in rules for view in generic_filters(rule, layer)]
    if kind == "generic":
        return generic
    return specific_filters(generic, local_addresses)
