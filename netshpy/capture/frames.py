"""Frames on each network segment for one send: what a capture records.

:func:`build` reads a send's result (:class:`netshpy.lab.traffic.TrafficResult`,
its ``wire`` list of datagrams and IKE exchanges) and the lab's networks and
NAT devices, and returns the Ethernet frames every segment carried, in
order: IKE messages (UDP 500, then 4500 with the non-ESP marker after NAT
traversal floats), the request and its reply in the clear or protected (ESP,
AH, AH with ESP, ESP in UDP 4500), nothing after the side that drops it. A
NAT rewrites the inside computer's address (and the source port of its
clear TCP and UDP traffic) between its inside and its outside segment, so a
capture on each side differs as it would.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..lab.traffic.exchange import Datagram, IkeExchange
from . import ike_messages as ike
from . import layers as L

if TYPE_CHECKING:
    from ..lab.runtime import Lab
    from ..lab.traffic import TrafficResult

TTL = 128  # Windows 2000, XP and Server 2003
PING_DATA = b"abcdefghijklmnopqrstuvwabcdefghi"  # what Windows ping sends (32 bytes)
EPHEMERAL = 1031  # the client's source port for TCP and UDP (Windows: 1024-5000)
NAT_PORT_BASE = 62000  # where the NAT maps an inside computer's ephemeral port
ICV = 12  # HMAC-MD5-96 / HMAC-SHA1-96
DEFAULT_NETWORK = "LAN"
PROTOCOL_NAMES = {1: "ICMP", 6: "TCP", 17: "UDP", 50: "ESP", 51: "AH"}


@dataclass
class Frame:
    """One frame on one segment: its bytes and what a frame list shows of it."""

    offset: float  # seconds after the start of the send
    network: str
    src: str
    dst: str
    protocol: str
    summary: str
    data: bytes  # the Ethernet frame as on the wire
    sender: str  # lab computer (or NAT device) that put it on this segment
    receiver: str
    inner: bytes = b""  # an encrypted IKE message: its payloads in the clear
    inner_first: int = 0
    number: int = 0  # set by the capture
    time: Any = None  # datetime, set by the capture
    event: IkeExchange | Datagram | None = None  # what in the send it carries
    port: int = 0  # the UDP port (IKE: 500 or 4500; ESP in UDP: 4500), 0 otherwise
    label: str = ""  # IKE: "Main Mode 2" ...


@dataclass(frozen=True)
class Leg:
    """A datagram's crossing of one segment: the addresses on it."""

    network: str
    src: str
    dst: str
    src_node: str  # the computer or NAT device sending on this segment
    dst_node: str
    ttl: int = TTL
    nat_port: bool = False  # the NAT rewrote the inside computer's source port


def mac(node: str) -> str:
    """A locally administered MAC address for a computer or NAT/router interface."""
    digest = hashlib.sha1(node.lower().encode()).digest()
    return "02:" + ":".join(f"{b:02x}" for b in digest[:5])


class Topology:
    """Which segments a datagram crosses between two lab computers, and as what."""

    def __init__(self, lab: Lab, result: TrafficResult) -> None:
        self.lab = lab
        self.result = result

    def _network(self, address: str) -> str:
        try:
            net = self.lab.spec.network_of(address)
        except ValueError:
            net = None
        return net.name if net is not None else DEFAULT_NETWORK

    def address(self, name: str) -> str:
        """The address computer *name* uses in this send."""
        r = self.result
        if name == r.src:
            return r.src_address
        if name == r.dst:
            return r.dst_address
        return name  # a group address

    def legs(self, sender: str, receiver: str) -> list[Leg]:
        """The segments a datagram from *sender* to *receiver* crosses, in order."""
        r = self.result
        a, b = self.address(sender), self.address(receiver)
        na, nb = self._network(a), self._network(b)
        nat = next((n for n in self.lab.spec.nats if n.name == r.nat), None)
        if na == nb:
            return [Leg(na, a, b, sender, receiver)]
        router = f"router:{na}:{nb}"
        if nat is None:
            return [
                Leg(na, a, b, sender, router),
                Leg(nb, a, b, router, receiver, TTL - 1),
            ]
        box = f"nat:{nat.name}"
        if na.lower() == nat.inside.lower():  # inside -> outside
            return [
                Leg(na, a, b, sender, box),
                Leg(nb, nat.address, b, box, receiver, TTL - 1, nat_port=True),
            ]
        return [  # outside -> inside (the reply through the translation)
            Leg(na, a, nat.address, sender, box, nat_port=True),
            Leg(nb, a, b, box, receiver, TTL - 1),
        ]


def _ident(*parts: object) -> int:
    return int.from_bytes(hashlib.sha1(repr(parts).encode()).digest()[:2], "big")


def _ether(leg: Leg) -> Any:
    return L.Ether(src=mac(leg.src_node), dst=_dst_mac(leg))


def _dst_mac(leg: Leg) -> str:
    """The destination MAC: the receiver's, or the group's for multicast and broadcast."""
    try:
        ip = ipaddress.IPv4Address(leg.dst)
    except ValueError:
        return mac(leg.dst_node)
    if ip.is_multicast:
        low = int(ip) & 0x7FFFFF
        return "01:00:5e:" + ":".join(f"{b:02x}" for b in low.to_bytes(3, "big"))
    if is_group(leg.dst):
        return "ff:ff:ff:ff:ff:ff"
    return mac(leg.dst_node)


def _ip(leg: Leg, proto: int, ident: int) -> Any:
    return L.IP(src=leg.src, dst=leg.dst, ttl=leg.ttl, id=ident, proto=proto)


def _transport(
    result: TrafficResult, leg: Leg, reply: bool, inside_port: bool
) -> tuple[Any, int, str]:
    """The clear transport packet of the request or reply: (layer, IP protocol, summary)."""
    proto, port = result.protocol, result.port
    client = EPHEMERAL
    if leg.nat_port:
        client = NAT_PORT_BASE + (EPHEMERAL - 1024)
    layer: Any
    if proto in (0, 1):
        kind = 0 if reply else 8
        layer = L.ICMP(type=kind, id=0x0200, seq=0x0100) / L.Raw(load=PING_DATA)
        return layer, 1, f"Echo {'reply' if reply else 'request'}, id 0x0200, seq 0x0100"
    if proto == 6:
        sport, dport = (port, client) if reply else (client, port)
        flags = "SA" if reply else "S"
        layer = L.TCP(
            sport=sport,
            dport=dport,
            flags=flags,
            seq=_ident(result.summary) * 65536,
            window=65535,
            options=[("MSS", 1460)],
        )
        return layer, 6, f"{sport} -> {dport} [{'SYN, ACK' if reply else 'SYN'}]"
    if proto == 17:
        sport, dport = (port, client) if reply else (client, port)
        return L.UDP(sport=sport, dport=dport) / L.Raw(load=b"\x00" * 16), 17, f"{sport} -> {dport}"
    name = PROTOCOL_NAMES.get(proto, f"IP protocol {proto}")
    return L.Raw(load=b"\x00" * 20), proto, f"{name} data"


def _esp_body(
    inner: bytes, next_header: int, encryption: str | None, integrity: str | None, seed: str
) -> bytes:
    """The ESP payload after SPI and sequence number: IV, ciphertext (or clear), ICV."""
    pad = (-(len(inner) + 2)) % 8
    trailer = bytes(range(1, pad + 1)) + bytes([pad, next_header])
    icv = ike.expand(seed + "icv", ICV) if integrity and integrity.upper() != "NONE" else b""
    if encryption and encryption.upper() != "NONE":
        return ike.expand(seed + "iv", 8) + ike.expand(seed + "ct", len(inner) + len(trailer)) + icv
    return inner + trailer + icv


def _protected(
    ex: IkeExchange, leg: Leg, payload: Any, proto: int, receiver: str, seed: str
) -> tuple[Any, str, str]:
    """Wrap *payload* in the quick mode SA's AH and/or ESP: (layers after IP, protocol, summary)."""
    offer = ex.qm_offer
    spi = ex.spi_to(receiver)
    parts = []
    body: Any = payload
    label = "ESP"
    if offer is not None and offer.has_esp:
        esp = L.ESP(
            spi=spi,
            seq=1,
            data=_esp_body(bytes(payload), proto, offer.esp_encryption, offer.esp_integrity, seed),
        )
        body, proto = esp, 50
        parts.append(f"ESP SPI 0x{spi:08x}, seq 1")
    if offer is not None and offer.ah:
        ah = L.AH(nh=proto, payloadlen=4, spi=spi, seq=1, icv=ike.expand(seed + "ah", ICV))
        body = ah / body
        proto, label = 51, "AH"
        parts.insert(0, f"AH SPI 0x{spi:08x}, seq 1")
    if ex.nat_t and label == "ESP":
        body = L.UDP(sport=4500, dport=4500) / body
        proto = 17
        parts[-1] = "UDP 4500, " + parts[-1]
    return body, label, "; ".join(parts)


def build(lab: Lab, result: TrafficResult) -> list[Frame]:
    """Every frame the send *result* put on the lab's segments, in time order."""
    topo = Topology(lab, result)
    frames: list[Frame] = []
    cursor = 0.0
    for event in getattr(result, "wire", ()):
        if isinstance(event, IkeExchange):
            cursor = _ike_frames(topo, event, frames, cursor)
        elif isinstance(event, Datagram):
            cursor = _datagram_frames(topo, event, frames, cursor)
    frames.sort(key=lambda f: f.offset)
    return frames


def _ike_frames(topo: Topology, ex: IkeExchange, frames: list[Frame], start: float) -> float:
    init_addr = topo.address(ex.initiator)
    resp_addr = topo.address(ex.responder)
    legs_out = topo.legs(ex.initiator, ex.responder)
    seen = legs_out[-1].src
    flow = ike.exchange(ex, ike.Addresses(init_addr, resp_addr, seen))
    for n, msg in enumerate(flow.messages):
        legs = legs_out if msg.sender == "initiator" else topo.legs(ex.responder, ex.initiator)
        for hop, leg in enumerate(legs):
            if msg.port == 4500:
                udp = L.UDP(sport=4500, dport=4500) / L.NON_ESP() / L.Raw(load=msg.isakmp)
            else:
                udp = L.UDP(sport=500, dport=500) / L.Raw(load=msg.isakmp)
            ident = _ident(ex.cookies, n, msg.sender)
            packet = _ether(leg) / _ip(leg, 17, ident) / udp
            summary = f"{msg.label}: {msg.summary}"
            if msg.retransmission:
                summary = f"{msg.label} (retransmission): {msg.summary}"
            frames.append(
                Frame(
                    start + msg.offset + hop * 0.0001,
                    leg.network,
                    leg.src,
                    leg.dst,
                    "ISAKMP",
                    summary,
                    bytes(packet),
                    leg.src_node,
                    leg.dst_node,
                    msg.inner,
                    msg.inner_first,
                    event=ex,
                    port=msg.port,
                    label=msg.label,
                )
            )
    return start + flow.duration + 0.01


def _datagram_frames(topo: Topology, dg: Datagram, frames: list[Frame], start: float) -> float:
    result = topo.result
    for hop, leg in enumerate(topo.legs(dg.sender, dg.receiver)):
        payload, proto, what = _transport(result, leg, dg.reply, leg.nat_port)
        protocol = PROTOCOL_NAMES.get(proto, f"IP {proto}")
        summary = what
        if dg.ike is not None and dg.ike.qm_offer is not None:
            seed = f"{dg.ike.cookies}/{dg.sender}/{dg.reply}"
            payload, protocol, wrapped = _protected(dg.ike, leg, payload, proto, dg.receiver, seed)
            proto = {"ESP": 17 if dg.ike.nat_t else 50, "AH": 51}[protocol]
            summary = wrapped + (f" ({what})" if protocol == "AH" else "")
        ident = _ident(result.summary, dg.sender, dg.reply)
        packet = _ether(leg) / _ip(leg, proto, ident) / payload
        frames.append(
            Frame(
                start + hop * 0.0001,
                leg.network,
                leg.src,
                leg.dst,
                protocol,
                summary,
                bytes(packet),
                leg.src_node,
                leg.dst_node,
                event=dg,
                port=4500 if dg.ike is not None and dg.ike.nat_t else 0,
            )
        )
    return start + 0.002


def is_group(address: str) -> bool:
    """True for a multicast or broadcast address."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return ip.is_multicast or address.endswith(".255")
