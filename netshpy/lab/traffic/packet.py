"""What travels: protocols, the packet as one side sees it, and the sides of an exchange.

Also the kinds of traffic the default exemptions (``ipsecexempt``) and the
boot exemptions are about: IKE, Kerberos, RSVP, multicast and broadcast.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from ...values import digits, protocol_label
from ..model import ComputerSpec, LabError

PROTOCOLS = {"icmp": 1, "ping": 1, "tcp": 6, "udp": 17, "rsvp": 46, "any": 0, "raw": 255}
IKE_PORTS = (500, 4500)
KERBEROS_PORT = 88
DHCP_PORTS = (67, 68)


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


def parse_protocol(protocol: str | int) -> int:
    """``icmp``/``tcp``/``udp``/``rsvp``/``any`` or a number 0-255."""
    if isinstance(protocol, int):
        number = protocol
    else:
        text = protocol.strip().lower()
        if text in PROTOCOLS:
            return PROTOCOLS[text]
        given = digits(text)
        if given is None:
            raise LabError(
                f"unknown protocol {protocol!r} (icmp, tcp, udp, rsvp, any or a number 0-255)"
            )
        number = given
    if not 0 <= number <= 255:
        raise LabError(f"protocol {protocol} is out of range 0-255")
    return number


def kinds(packet: Packet) -> set[str]:
    """The exemption kinds *packet* belongs to (ike, kerberos, rsvp, multicast, broadcast)."""
    found = set()
    if packet.protocol == 17 and (packet.srcport in IKE_PORTS or packet.dstport in IKE_PORTS):
        found.add("ike")
    if packet.protocol in (6, 17) and KERBEROS_PORT in (packet.srcport, packet.dstport):
        found.add("kerberos")
    if packet.protocol == 46:
        found.add("rsvp")
    try:
        dst = ipaddress.IPv4Address(packet.dst)
        if dst.is_multicast:
            found.add("multicast")
        elif packet.dst == "255.255.255.255" or packet.dst.endswith(".255"):
            found.add("broadcast")
    except ValueError:
        pass
    return found


def describe(packet: Packet) -> str:
    """``10.0.0.1 -> 10.0.0.2 TCP port 80``."""
    what = protocol_label(packet.protocol)
    port = packet.dstport or packet.srcport
    return f"{packet.src} -> {packet.dst} {what}" + (f" port {port}" if port else "")
