"""What one send put on the wire, in protocol terms: the record observers read.

A send (:mod:`netshpy.lab.traffic.send`) lists, in order, what went between the
two computers: datagrams (a request, its reply; in the clear or protected by
a quick mode SA) and IKE exchanges (the offers, what the responder accepted,
the Diffie-Hellman group, the cookies, the SPIs, NAT traversal, the
certificate request, and where the exchange stopped when it failed). An
observer such as a capture (:mod:`netshpy.capture`) turns this into frames;
nothing here imports a packet library.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...values import MmOffer, QmOffer

if TYPE_CHECKING:
    from ..ike import Peer
    from .negotiation import Negotiation

# Where an IKE exchange stopped.
STAGES = (
    "ok",  # main mode and quick mode completed
    "no-answer",  # the responder runs no IKE for this traffic: main mode 1 is never answered
    "nat-t",  # a side without NAT traversal behind a NAT: main mode 1 is never answered
    "mm-proposal",  # no main mode offer in common: main mode 1 is never answered
    "mm-auth",  # authentication failed: main mode 5 is never answered
    "qm",  # no quick mode offer in common (or PFS differs): quick mode 1 is never answered
)


@dataclass
class Datagram:
    """A request or its reply, between two lab computers (or to a group address)."""

    sender: str  # computer name
    receiver: str  # computer name, or the multicast/broadcast address
    reply: bool = False
    delivered: bool = True  # False: the receiver's IPsec driver drops it (it was on the wire)
    ike: IkeExchange | None = None  # the exchange whose quick mode SA protects it; None = clear


@dataclass
class IkeExchange:
    """One IKE negotiation (main mode, then quick mode) as it went on the wire."""

    initiator: str
    responder: str
    init_os: str
    resp_os: str
    mm_offers: list[MmOffer]  # what the initiator offers, in its order (usable by its OS)
    auth_kinds: list[str]  # the initiator's authentication methods in order (kerberos/psk/rootca)
    mm_lifetime: int = 480  # minutes
    qm_offers: list[QmOffer] = field(default_factory=list)
    mm_offer: MmOffer | None = None  # the offer the responder accepted
    auth: str | None = None  # the method that authenticated both sides
    qm_offer: QmOffer | None = None
    pfs: bool = False
    nat: bool = False  # a NAT device lies between the peers
    nat_t: bool = False  # both support NAT traversal: IKE floats to UDP 4500, ESP in UDP
    stage: str = "ok"
    cookies: str = ""  # "initiator:responder", 16 hex digits each, as ``show mmsas`` prints
    protocol: int = 0  # the quick mode filter's protocol and ports (the ID payloads)
    srcport: int = 0
    dstport: int = 0
    # Certificate authentication: one certificate request per root CA the
    # responder accepts, with the CA's name or "" (the CA name is excluded),
    # and the certificate (subject) each side sends.
    certreqs: list[str] = field(default_factory=list)
    init_certreqs: list[str] = field(default_factory=list)  # the initiator's (main mode 5)
    init_certificate: str | None = None
    resp_certificate: str | None = None

    @property
    def ok(self) -> bool:
        """True when main mode and quick mode completed."""
        return self.stage == "ok"

    @property
    def ca_name_sent(self) -> bool:
        """True when a certificate request on the wire names a CA."""
        return any(self.certreqs)

    @property
    def cookie_bytes(self) -> tuple[bytes, bytes]:
        """The initiator and responder cookies as 8 bytes each."""
        icky, _, rcky = self.cookies.partition(":")
        return bytes.fromhex(icky.rjust(16, "0")[:16]), bytes.fromhex(rcky.rjust(16, "0")[:16])

    @property
    def spi_initiator(self) -> int:
        """The SPI of the initiator's inbound SA (what its peer puts in ESP/AH to it)."""
        return spi(self.cookies, "initiator")

    @property
    def spi_responder(self) -> int:
        """The SPI of the responder's inbound SA."""
        return spi(self.cookies, "responder")

    def spi_to(self, receiver: str) -> int:
        """The SPI of a datagram sent to *receiver* under this exchange's SAs."""
        return self.spi_initiator if receiver == self.initiator else self.spi_responder


def spi(cookies: str, role: str) -> int:
    """A deterministic SPI for the *role*'s inbound SA of the MM SA *cookies* (never 0-255)."""
    digest = hashlib.sha1(f"{cookies}/{role}".encode()).digest()
    value = int.from_bytes(digest[:4], "big")
    return value if value > 255 else value + 256


def certreqs(rootcas: list) -> list[str]:
    """The certificate requests sent for these ``rootca`` methods: a CA name each, or "".

    The one place that decides it: a root CA with ``excludecaname:yes`` puts
    an empty Certification Authority field in its request (reference 5.2).
    """
    return ["" if getattr(ca, "excludecaname", False) else ca.name for ca in rootcas if ca]


def from_negotiation(neg: Negotiation, protocol: int, srcport: int, dstport: int) -> IkeExchange:
    """The IKE exchange a negotiation put on the wire, and where it stopped."""
    from ..ike import NAT_T_SUPPORT, usable_mm_offers

    init, resp = neg.init_peer, neg.resp_peer
    mm, qm = neg.mm, neg.qm
    if neg.nat and not all(NAT_T_SUPPORT.get(p.os, False) for p in (init, resp)):
        stage = "nat-t"
    elif mm.offer is None:
        stage = "mm-proposal"
    elif not mm.ok:
        stage = "mm-auth"
    elif qm is None or not qm.ok:
        stage = "qm"
    else:
        stage = "ok"
    rootcas = [a.rootca for a in resp.auth if a.kind == "rootca"]
    ex = IkeExchange(
        initiator=init.name,
        responder=resp.name,
        init_os=init.os,
        resp_os=resp.os,
        mm_offers=usable_mm_offers(init) or list(init.mm_offers),
        auth_kinds=[a.kind for a in init.auth],
        mm_lifetime=init.mm_lifetime,
        qm_offers=[o for o in init.qm_offers if not (mm.nat_t and o.ah)] or list(init.qm_offers),
        mm_offer=mm.offer,
        auth=mm.auth.kind if mm.auth else None,
        qm_offer=qm.offer if qm else None,
        pfs=bool(qm and qm.pfs) or init.pfs,
        nat=neg.nat,
        nat_t=mm.nat_t,
        stage=stage,
        cookies=neg.cookies,
        protocol=protocol,
        srcport=srcport,
        dstport=dstport,
        certreqs=certreqs(rootcas),
    )
    certs = getattr(mm, "certificates", None)
    if certs is not None:  # what the certificate part of main mode decided (lab.certmap)
        if resp.name in certs.requests:
            ex.certreqs = [r.ca or "" for r in certs.requests[resp.name]]
        ex.init_certreqs = [r.ca or "" for r in certs.requests.get(init.name, [])]
        ex.init_certificate = _subject(certs.chosen.get(init.name))
        ex.resp_certificate = _subject(certs.chosen.get(resp.name))
    elif "rootca" in ex.auth_kinds:
        ex.init_certificate = _chosen_certificate(init, rootcas)
        mine = [a.rootca for a in init.auth if a.kind == "rootca"]
        ex.resp_certificate = _chosen_certificate(resp, mine)
    return ex


def _subject(choice: object) -> str | None:
    return getattr(choice, "subject", None)


def _chosen_certificate(peer: Peer, rootcas: list) -> str | None:
    """The certificate *peer* sends: the first from a requested root, else its first one."""
    roots = {ca.name.lower() for ca in rootcas if ca is not None}
    for cert in peer.certificates:
        if cert.root.lower() in roots:
            return cert.subject
    return peer.certificates[0].subject if peer.certificates else None


def unanswered(init: Peer, responder: str, resp_os: str, cookies: str) -> IkeExchange:
    """An exchange whose first main mode message gets no answer."""
    from ..ike import usable_mm_offers

    return IkeExchange(
        initiator=init.name,
        responder=responder,
        init_os=init.os,
        resp_os=resp_os,
        mm_offers=usable_mm_offers(init) or list(init.mm_offers),
        auth_kinds=[a.kind for a in init.auth],
        mm_lifetime=init.mm_lifetime,
        qm_offers=list(init.qm_offers),
        stage="no-answer",
        cookies=cookies,
    )
