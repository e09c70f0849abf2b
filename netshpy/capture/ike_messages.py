"""IKE (ISAKMP, RFC 2408/2409) messages of one exchange, as Windows 2000/XP/2003 send them.

Main mode (identity protection) in six messages, then quick mode in three.
Messages 1-4 are in the clear: the SA payload with every offered transform
(message 1) or the accepted one (message 2), vendor IDs, the key exchange
sized by the Diffie-Hellman group (group 2048 is MODP group 14 on the wire),
nonces, NAT-D hashes, the responder's certificate requests. Messages 5 and 6
and quick mode are encrypted: on the wire an encrypted payload of the right
length; the lab keeps what is inside (ID, CERT, HASH or SIG, the quick mode
SA ...) so that ``:capture show N`` can decode it, as Wireshark does when it
is given the keys. What no public capture proves is listed in
``docs/fidelity/capture.md``.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field
from typing import Any

from ..lab.traffic.exchange import IkeExchange
from ..values import MmOffer, QmOffer
from . import layers as L
from .der import distinguished_name

ENCRYPTION = {"DES": "DES-CBC", "3DES": "3DES-CBC"}
HASHES = {"MD5": "MD5", "SHA1": "SHA"}
# IKE authentication method attribute (RFC 2409 A; 65001 = Kerberos, Microsoft private value).
AUTH_METHODS = {"psk": 1, "rootca": 3, "kerberos": 65001}
GROUPS = {1: 1, 2: 2, 3: 14}  # Windows group -> IKE group description (2048 = MODP 14)
KE_BYTES = {1: 96, 2: 128, 3: 256}
NONCE_BYTES = 16
RETRANSMITS = (1.0, 2.0, 4.0)  # seconds after the first send (reconstructed)
# Vendor IDs: MD5 of a string (the MS NT5 ISAKMPOAKLEY one carries a version).
MS_NT5 = hashlib.md5(b"MS NT5 ISAKMPOAKLEY").digest()
MS_VERSION = {"2000": 2, "xp": 3, "xp-sp2": 4, "2003": 4}
NAT_T_DRAFT_02 = hashlib.md5(b"draft-ietf-ipsec-nat-t-ike-02\n").digest()
FRAGMENTATION = hashlib.md5(b"FRAGMENTATION").digest() + b"\x80\x00\x00\x00"
INITIAL_CONTACT = hashlib.md5(b"Vid-Initial-Contact").digest()
GSSAPI = hashlib.md5(b"GSSAPI").digest()
NAT_T_OS = {"xp-sp2", "2003"}
# Quick mode transform IDs and attributes (RFC 2407 4.4, 4.5).
ESP_IDS = {"DES": 2, "3DES": 3, "NONE": 11}
AH_IDS = {"MD5": 2, "SHA1": 3}
HMAC = {"MD5": 1, "SHA1": 2}
ENCAP_TRANSPORT = 2
BLOCK = 8  # DES and 3DES encrypt 8-byte blocks
ENCAP_UDP_TRANSPORT_DRAFT = 61444  # draft-ietf-ipsec-nat-t-ike-02 (RFC 3947: 4)


@dataclass
class Message:
    """One IKE message: who sends it, on which port, its ISAKMP bytes."""

    sender: str  # "initiator" | "responder"
    label: str  # "Main Mode 1" ...
    isakmp: bytes  # the ISAKMP message as on the wire
    port: int = 500  # 500, or 4500 after NAT traversal floats
    offset: float = 0.0  # seconds after the exchange started
    inner: bytes = b""  # encrypted messages: the payloads inside, in the clear
    inner_first: int = 0  # the payload type of the first inner payload
    summary: str = ""
    retransmission: bool = False


@dataclass
class Addresses:
    """The addresses each peer uses and sees (they differ through a NAT)."""

    initiator: str  # the initiator's own address
    responder: str  # the responder's address (the same on both sides)
    initiator_seen: str  # the initiator's address as the responder sees it


def expand(seed: str, n: int) -> bytes:
    """*n* deterministic pseudo-random bytes for *seed* (key exchange values, nonces ...)."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}#{counter}".encode()).digest()
        counter += 1
    return out[:n]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


VENDOR_NAMES = {
    MS_NT5: "MS NT5 ISAKMPOAKLEY",
    NAT_T_DRAFT_02: "draft-ietf-ipsec-nat-t-ike-02",
    FRAGMENTATION[:16]: "FRAGMENTATION",
    INITIAL_CONTACT: "Vid-Initial-Contact",
    GSSAPI: "GSSAPI",
}
MS_VERSION_NAMES = {2: "Windows 2000", 3: "Windows XP", 4: "Windows Server 2003 / XP SP2"}


def vendor_name(vid: bytes) -> str:
    """What a vendor ID announces (empty when unknown)."""
    name = VENDOR_NAMES.get(vid[:16], "")
    if name == "MS NT5 ISAKMPOAKLEY" and len(vid) == 20:
        version = int.from_bytes(vid[16:], "big")
        name += f" version {version} ({MS_VERSION_NAMES.get(version, 'unknown')})"
    return name


def _vendor_ids(os_id: str, ex: IkeExchange, initiator: bool) -> list[tuple[bytes, str]]:
    vids = [(MS_NT5 + MS_VERSION.get(os_id, 4).to_bytes(4, "big"), "MS NT5 ISAKMPOAKLEY")]
    if os_id in NAT_T_OS:
        vids.append((NAT_T_DRAFT_02, "draft-ietf-ipsec-nat-t-ike-02"))
        vids.append((FRAGMENTATION, "FRAGMENTATION"))
    if os_id == "2003" and initiator:
        vids.append((INITIAL_CONTACT, "Vid-Initial-Contact"))
    if "kerberos" in ex.auth_kinds:
        vids.append((GSSAPI, "GSSAPI"))
    return vids


def _chain(payloads: list[Any]) -> Any:
    """Link packets in place, each the payload of the one before (``/`` would copy each time)."""
    first = last = payloads[0]
    for p in payloads[1:]:
        last.add_payload(p)
        last = p
    return first


def _mm_transform(n: int, total: int, offer: MmOffer, auth: str, lifetime: int) -> Any:
    return L.ISAKMP_payload_Transform(
        next_payload=3 if n < total else 0,
        transform_count=n,
        transform_id=1,
        transforms=[
            ("Encryption", ENCRYPTION.get(offer.encryption, "3DES-CBC")),
            ("Hash", HASHES.get(offer.integrity, "SHA")),
            ("Authentication", AUTH_METHODS.get(auth, 1)),
            ("GroupDesc", GROUPS.get(offer.group, offer.group)),
            ("LifeType", "Seconds"),
            ("LifeDuration", lifetime * 60),
        ],
    )


def _mm_sa(pairs: list[tuple[int, MmOffer, str]], lifetime: int) -> Any:
    transforms = [
        _mm_transform(i + 1, len(pairs), offer, auth, lifetime)
        for i, (_, offer, auth) in enumerate(pairs)
    ]
    for t, (number, _, _) in zip(transforms, pairs, strict=True):
        t.transform_count = number
    trans = _chain(transforms)
    proposal = L.ISAKMP_payload_Proposal(proposal=1, proto=1, trans_nb=len(pairs), trans=trans)
    return L.ISAKMP_payload_SA(doi=1, situation=1, prop=proposal)


def offered_transforms(ex: IkeExchange) -> list[tuple[int, MmOffer, str]]:
    """Main mode 1's transforms: (number, offer, auth method), per method then per offer."""
    pairs: list[tuple[int, MmOffer, str]] = []
    for auth in ex.auth_kinds or ["kerberos"]:
        for offer in ex.mm_offers:
            pairs.append((len(pairs) + 1, offer, auth))
    return pairs


def _nat_d(ex: IkeExchange, address: str, port: int) -> bytes:
    icky, rcky = ex.cookie_bytes
    algo = hashlib.md5 if ex.mm_offer and ex.mm_offer.integrity == "MD5" else hashlib.sha1
    return algo(
        icky + rcky + ipaddress.IPv4Address(address).packed + port.to_bytes(2, "big")
    ).digest()


def _header(
    ex: IkeExchange, exch: int, first: int, *, responder_cookie: bool = True, **kw: Any
) -> Any:
    icky, rcky = ex.cookie_bytes
    return L.ISAKMP(
        init_cookie=icky,
        resp_cookie=rcky if responder_cookie else b"\x00" * 8,
        next_payload=first,
        exch_type=exch,
        **kw,
    )


def _encrypted(
    ex: IkeExchange, exch: int, msgid: int, inner: Any, seed: str
) -> tuple[bytes, bytes, int]:
    """The wire bytes of an encrypted message, the inner payloads and the first payload type."""
    clear = bytes(inner)
    size = -(-len(clear) // BLOCK) * BLOCK
    header = _header(ex, exch, _type(inner), flags=1, id=msgid)
    wire = bytes(header / L.Raw(load=expand(ex.cookies + seed, size)))
    return wire, clear, _type(inner)


def _type(payload: Any) -> int:
    for number, cls in PAYLOAD_CLASSES.items():
        if type(payload) is cls:
            return number
    return 0


PAYLOAD_CLASSES: dict[int, Any] = {}


def _classes() -> dict[int, Any]:
    if not PAYLOAD_CLASSES:
        PAYLOAD_CLASSES.update(
            {
                1: L.ISAKMP_payload_SA,
                4: L.ISAKMP_payload_KE,
                5: L.ISAKMP_payload_ID,
                6: L.ISAKMP_payload_CERT,
                7: L.ISAKMP_payload_CR,
                8: L.ISAKMP_payload_Hash,
                9: L.ISAKMP_payload_SIG,
                10: L.ISAKMP_payload_Nonce,
                11: L.ISAKMP_payload_Notify,
                13: L.ISAKMP_payload_VendorID,
                L.NAT_D_DRAFT: L.ISAKMP_payload_NAT_D,
            }
        )
    return PAYLOAD_CLASSES


def _linked(payloads: list[Any]) -> Any:
    """Chain payloads, setting each next_payload explicitly."""
    types = [_type(p) for p in payloads]
    for p, nxt in zip(payloads, types[1:] + [0], strict=True):
        p.next_payload = nxt
    return _chain(payloads)


def _vid_payloads(vids: list[tuple[bytes, str]]) -> list[Any]:
    return [L.ISAKMP_payload_VendorID(VendorID=v) for v, _ in vids]


def _id(address: str, protocol: int = 17, port: int = 500) -> Any:
    return L.ISAKMP_payload_ID(IDtype=1, ProtoID=protocol, Port=port, IdentData=address)


def _cert_blob(subject: str, root: str) -> bytes:
    """A stand-in for the DER certificate: issuer and subject names (never decoded by tshark)."""
    body = distinguished_name(root) + distinguished_name(subject)
    return b"\x30" + _der_len(len(body)) + body


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def main_mode(ex: IkeExchange, addr: Addresses) -> list[Message]:
    """The main mode messages of *ex* that went on the wire, in order."""
    _classes()
    msgs: list[Message] = []
    offers = offered_transforms(ex)
    i_vids = _vendor_ids(ex.init_os, ex, True)
    mm1 = _header(ex, 2, 1, responder_cookie=False) / _linked(
        [_mm_sa(offers, ex.mm_lifetime), *_vid_payloads(i_vids)]
    )
    groups = list(dict.fromkeys(GROUPS.get(o.group, o.group) for _, o, _ in offers))
    summary1 = (
        f"SA ({_count(len(offers), 'transform')}, group{'s' if len(groups) > 1 else ''} "
        f"{', '.join(map(str, groups))}), {_count(len(i_vids), 'vendor ID')}"
    )
    wire1 = bytes(mm1)
    msgs.append(Message("initiator", "Main Mode 1", wire1, summary=summary1))
    if ex.stage in ("no-answer", "nat-t", "mm-proposal"):
        for delay in RETRANSMITS:
            msgs.append(
                Message(
                    "initiator",
                    "Main Mode 1",
                    wire1,
                    offset=delay,
                    summary=summary1,
                    retransmission=True,
                )
            )
        return msgs
    assert ex.mm_offer is not None
    accepted = next(
        (p for p in offers if p[1] == ex.mm_offer and p[2] == (ex.auth or p[2])), offers[0]
    )
    r_vids = _vendor_ids(ex.resp_os, ex, False)
    mm2 = _header(ex, 2, 1) / _linked([_mm_sa([accepted], ex.mm_lifetime), *_vid_payloads(r_vids)])
    group = GROUPS.get(ex.mm_offer.group, ex.mm_offer.group)
    msgs.append(
        Message(
            "responder",
            "Main Mode 2",
            bytes(mm2),
            offset=0.004,
            summary=f"SA (transform {accepted[0]} accepted: {ex.mm_offer.encryption}/"
            f"{ex.mm_offer.integrity}, group {group}), {_count(len(r_vids), 'vendor ID')}",
        )
    )
    nat_d = ex.init_os in NAT_T_OS and ex.resp_os in NAT_T_OS
    ke = KE_BYTES.get(ex.mm_offer.group, 128)
    p3: list[Any] = [
        L.ISAKMP_payload_KE(ke=expand(ex.cookies + "KEi", ke)),
        L.ISAKMP_payload_Nonce(nonce=expand(ex.cookies + "Ni", NONCE_BYTES)),
    ]
    if nat_d:
        p3 += [
            L.ISAKMP_payload_NAT_D(hash=_nat_d(ex, addr.responder, 500)),
            L.ISAKMP_payload_NAT_D(hash=_nat_d(ex, addr.initiator, 500)),
        ]
    msgs.append(
        Message(
            "initiator",
            "Main Mode 3",
            bytes(_header(ex, 2, 4) / _linked(p3)),
            offset=0.010,
            summary=f"KE ({ke * 8}-bit), Nonce" + (", NAT-D x2" if nat_d else ""),
        )
    )
    p4: list[Any] = [
        L.ISAKMP_payload_KE(ke=expand(ex.cookies + "KEr", ke)),
        L.ISAKMP_payload_Nonce(nonce=expand(ex.cookies + "Nr", NONCE_BYTES)),
    ]
    certificates = ex.auth == "rootca" or (ex.auth is None and "rootca" in ex.auth_kinds)
    if certificates:
        for name in ex.certreqs or [""]:
            p4.append(
                L.ISAKMP_payload_CR(
                    cert_type=4, authority=distinguished_name(name) if name else b""
                )
            )
    if nat_d:
        p4 += [
            L.ISAKMP_payload_NAT_D(hash=_nat_d(ex, addr.initiator_seen, 500)),
            L.ISAKMP_payload_NAT_D(hash=_nat_d(ex, addr.responder, 500)),
        ]
    cr_text = ""
    if certificates:
        named = [n for n in ex.certreqs if n]
        cr_text = ", CERT_REQ " + ("(" + "; ".join(named) + ")" if named else "(no CA name)")
    msgs.append(
        Message(
            "responder",
            "Main Mode 4",
            bytes(_header(ex, 2, 4) / _linked(p4)),
            offset=0.030,
            summary=f"KE ({ke * 8}-bit), Nonce{cr_text}" + (", NAT-D x2" if nat_d else ""),
        )
    )
    port = 4500 if ex.nat_t else 500
    p5: list[Any] = [_id(addr.initiator)]
    if certificates and ex.init_certificate:
        p5.append(L.ISAKMP_payload_CERT(encoding=4, cert=_cert_blob(ex.init_certificate, "")))
    if certificates:
        for name in ex.init_certreqs:
            p5.append(
                L.ISAKMP_payload_CR(
                    cert_type=4, authority=distinguished_name(name) if name else b""
                )
            )
    p5.append(_auth_payload(ex, "I"))
    wire5, inner5, first5 = _encrypted(ex, 2, 0, _linked(p5), "MM5")
    msgs.append(
        Message(
            "initiator",
            "Main Mode 5",
            wire5,
            port=port,
            offset=0.040,
            inner=inner5,
            inner_first=first5,
            summary="encrypted (ID, " + ("CERT, SIG" if certificates else "HASH") + ")",
        )
    )
    if ex.stage == "mm-auth":
        for delay in RETRANSMITS:
            msgs.append(
                Message(
                    "initiator",
                    "Main Mode 5",
                    wire5,
                    port=port,
                    offset=0.040 + delay,
                    inner=inner5,
                    inner_first=first5,
                    summary="encrypted (retransmission)",
                    retransmission=True,
                )
            )
        return msgs
    p6: list[Any] = [_id(addr.responder)]
    if certificates and ex.resp_certificate:
        p6.append(L.ISAKMP_payload_CERT(encoding=4, cert=_cert_blob(ex.resp_certificate, "")))
    p6.append(_auth_payload(ex, "R"))
    wire6, inner6, first6 = _encrypted(ex, 2, 0, _linked(p6), "MM6")
    msgs.append(
        Message(
            "responder",
            "Main Mode 6",
            wire6,
            port=port,
            offset=0.050,
            inner=inner6,
            inner_first=first6,
            summary="encrypted (ID, " + ("CERT, SIG" if certificates else "HASH") + ")",
        )
    )
    return msgs


def _auth_payload(ex: IkeExchange, who: str) -> Any:
    size = 16 if ex.mm_offer and ex.mm_offer.integrity == "MD5" else 20
    if ex.auth == "rootca":
        return L.ISAKMP_payload_SIG(sig=expand(ex.cookies + "SIG_" + who, 128))
    return L.ISAKMP_payload_Hash(hash=expand(ex.cookies + "HASH_" + who, size))


def _qm_proposals(ex: IkeExchange, offers: list[QmOffer], spi: int) -> Any:
    group = GROUPS.get(ex.mm_offer.group, 2) if ex.mm_offer else 2
    encap = ENCAP_UDP_TRANSPORT_DRAFT if ex.nat_t else ENCAP_TRANSPORT
    proposals = []
    for n, offer in enumerate(offers, 1):
        parts: list[tuple[int, int, list]] = []  # (protocol, transform id, attributes)
        life = [(1, 1), (2, offer.seconds), (1, 2), (2, offer.kbytes)]
        common = [*life, (4, encap)] + ([(3, group)] if ex.pfs else [])
        if offer.ah:
            parts.append((2, AH_IDS.get(offer.ah, 3), [*common, (5, HMAC.get(offer.ah, 2))]))
        if offer.has_esp:
            attrs = list(common)
            if offer.esp_integrity and offer.esp_integrity.upper() != "NONE":
                attrs.append((5, HMAC.get(offer.esp_integrity.upper(), 2)))
            parts.append((3, ESP_IDS.get((offer.esp_encryption or "NONE").upper(), 3), attrs))
        for proto, tid, attrs in parts:
            body = b"".join(_attr(t, v) for t, v in attrs)
            transform = b"\x00\x00" + (8 + len(body)).to_bytes(2, "big") + bytes([1, tid, 0, 0])
            proposals.append(
                L.ISAKMP_payload_Proposal(
                    proposal=n,
                    proto=proto,
                    SPI=spi.to_bytes(4, "big"),
                    trans_nb=1,
                    trans=L.Raw(load=transform + body),
                )
            )
    for p, last in zip(proposals, [False] * (len(proposals) - 1) + [True], strict=True):
        p.next_payload = 0 if last else 2
    chain = _chain(proposals)
    return L.ISAKMP_payload_SA(doi=1, situation=1, prop=chain)


def _attr(kind: int, value: int) -> bytes:
    if value <= 0xFFFF:
        return (0x8000 | kind).to_bytes(2, "big") + value.to_bytes(2, "big")
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return kind.to_bytes(2, "big") + len(raw).to_bytes(2, "big") + raw


def quick_mode(ex: IkeExchange, addr: Addresses, start: float) -> list[Message]:
    """The quick mode messages of *ex* on the wire (after main mode), in order."""
    _classes()
    port = 4500 if ex.nat_t else 500
    msgid = int.from_bytes(expand(ex.cookies + "msgid", 4), "big") | 1
    group = KE_BYTES.get(ex.mm_offer.group, 128) if ex.mm_offer else 128
    ids = [
        _id(addr.initiator, ex.protocol, ex.srcport),
        _id(addr.responder, ex.protocol, ex.dstport),
    ]
    p1: list[Any] = [
        L.ISAKMP_payload_Hash(hash=expand(ex.cookies + "QM1", 20)),
        _qm_proposals(ex, ex.qm_offers, ex.spi_initiator),
        L.ISAKMP_payload_Nonce(nonce=expand(ex.cookies + "QNi", NONCE_BYTES)),
    ]
    if ex.pfs:
        p1.append(L.ISAKMP_payload_KE(ke=expand(ex.cookies + "QKEi", group)))
    p1 += ids
    wire1, inner1, first1 = _encrypted(ex, 32, msgid, _linked(p1), "QM1")
    count = len(ex.qm_offers)
    msgs = [
        Message(
            "initiator",
            "Quick Mode 1",
            wire1,
            port=port,
            offset=start,
            inner=inner1,
            inner_first=first1,
            summary=f"encrypted (HASH, SA {_count(count, 'proposal')}, Nonce, ID x2)",
        )
    ]
    if ex.stage == "qm" or ex.qm_offer is None:
        for delay in RETRANSMITS:
            msgs.append(
                Message(
                    "initiator",
                    "Quick Mode 1",
                    wire1,
                    port=port,
                    offset=start + delay,
                    inner=inner1,
                    inner_first=first1,
                    summary="encrypted (retransmission)",
                    retransmission=True,
                )
            )
        return msgs
    ids2 = [
        _id(addr.initiator, ex.protocol, ex.srcport),
        _id(addr.responder, ex.protocol, ex.dstport),
    ]
    p2: list[Any] = [
        L.ISAKMP_payload_Hash(hash=expand(ex.cookies + "QM2", 20)),
        _qm_proposals(ex, [ex.qm_offer], ex.spi_responder),
        L.ISAKMP_payload_Nonce(nonce=expand(ex.cookies + "QNr", NONCE_BYTES)),
    ]
    if ex.pfs:
        p2.append(L.ISAKMP_payload_KE(ke=expand(ex.cookies + "QKEr", group)))
    p2 += ids2
    wire2, inner2, first2 = _encrypted(ex, 32, msgid, _linked(p2), "QM2")
    msgs.append(
        Message(
            "responder",
            "Quick Mode 2",
            wire2,
            port=port,
            offset=start + 0.005,
            inner=inner2,
            inner_first=first2,
            summary=f"encrypted (HASH, SA {ex.qm_offer}, Nonce, ID x2)",
        )
    )
    wire3, inner3, first3 = _encrypted(
        ex, 32, msgid, _linked([L.ISAKMP_payload_Hash(hash=expand(ex.cookies + "QM3", 20))]), "QM3"
    )
    msgs.append(
        Message(
            "initiator",
            "Quick Mode 3",
            wire3,
            port=port,
            offset=start + 0.008,
            inner=inner3,
            inner_first=first3,
            summary="encrypted (HASH)",
        )
    )
    return msgs


@dataclass
class Flow:
    """The whole exchange: main mode then quick mode, with the time it ends."""

    messages: list[Message] = field(default_factory=list)

    @property
    def duration(self) -> float:
        """Seconds from the first message to the last."""
        return max((m.offset for m in self.messages), default=0.0)


def exchange(ex: IkeExchange, addr: Addresses) -> Flow:
    """Every IKE message of *ex* in order."""
    msgs = main_mode(ex, addr)
    if ex.stage in ("ok", "qm"):
        msgs += quick_mode(ex, addr, 0.060)
    return Flow(msgs)
