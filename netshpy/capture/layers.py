"""The packet library: scapy's layers, plus the ISAKMP payloads it lacks.

scapy has IPv4, UDP, TCP, ICMP, ESP, AH, the non-ESP marker and most ISAKMP
payloads; this module adds the certificate (6), certificate request (7) and
the NAT discovery payload of the NAT-T draft Windows implements
(draft-ietf-ipsec-nat-t-ike-02: payload type 130). It is the only module
that imports scapy; :func:`available` says whether it is installed.
"""

from __future__ import annotations

import logging

try:
    from scapy.config import conf
    from scapy.fields import ByteEnumField, StrLenField
    from scapy.layers.inet import ICMP, IP, TCP, UDP
    from scapy.layers.ipsec import AH, ESP, NON_ESP
    from scapy.layers.isakmp import (
        ISAKMP,
        ISAKMP_payload,
        ISAKMP_payload_Hash,
        ISAKMP_payload_ID,
        ISAKMP_payload_KE,
        ISAKMP_payload_Nonce,
        ISAKMP_payload_Notify,
        ISAKMP_payload_Proposal,
        ISAKMP_payload_SA,
        ISAKMP_payload_SIG,
        ISAKMP_payload_Transform,
        ISAKMP_payload_VendorID,
        _ISAKMP_class,
    )
    from scapy.layers.l2 import Ether
    from scapy.packet import Packet, Raw, bind_layers

    IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    IMPORT_ERROR = str(exc)

NAT_D_DRAFT = 130  # NAT-D payload type of draft-ietf-ipsec-nat-t-ike-02 (RFC 3947: 20)
CERT_ENCODINGS = {4: "X.509 Certificate - Signature"}


def available() -> bool:
    """True when scapy could be imported."""
    return IMPORT_ERROR is None


if IMPORT_ERROR is None:
    # Transform attributes too long for the basic form are written in TLV form
    # on purpose (lifetimes in kilobytes); scapy warns about it at every build.
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    conf.verb = 0

    class ISAKMP_payload_CERT(ISAKMP_payload):  # noqa: N801 - scapy's naming
        """RFC 2408 3.9 Certificate payload."""

        name = "ISAKMP Certificate"
        fields_desc = ISAKMP_payload.fields_desc[:3] + [
            ByteEnumField("encoding", 4, CERT_ENCODINGS),
            StrLenField("cert", b"", length_from=lambda p: p.length - 5),
        ]

    class ISAKMP_payload_CR(ISAKMP_payload):  # noqa: N801
        """RFC 2408 3.10 Certificate Request payload (an empty authority: any CA)."""

        name = "ISAKMP Certificate Request"
        fields_desc = ISAKMP_payload.fields_desc[:3] + [
            ByteEnumField("cert_type", 4, CERT_ENCODINGS),
            StrLenField("authority", b"", length_from=lambda p: p.length - 5),
        ]

    class ISAKMP_payload_NAT_D(ISAKMP_payload):  # noqa: N801
        """NAT discovery: a hash of the cookies, an address and a port."""

        name = "ISAKMP NAT-D (draft-ietf-ipsec-nat-t-ike-02)"
        fields_desc = ISAKMP_payload.fields_desc[:3] + [
            StrLenField("hash", b"", length_from=lambda p: p.length - 4),
        ]

    bind_layers(_ISAKMP_class, ISAKMP_payload_CERT, next_payload=6)
    bind_layers(_ISAKMP_class, ISAKMP_payload_CR, next_payload=7)
    bind_layers(_ISAKMP_class, ISAKMP_payload_NAT_D, next_payload=NAT_D_DRAFT)
    # What follows an AH header (scapy binds only tunnelled IP).
    bind_layers(AH, ICMP, nh=1)
    bind_layers(AH, TCP, nh=6)
    bind_layers(AH, UDP, nh=17)
    bind_layers(AH, ESP, nh=50)

__all__ = [
    "AH",
    "ESP",
    "Ether",
    "ICMP",
    "IP",
    "ISAKMP",
    "ISAKMP_payload",
    "ISAKMP_payload_CERT",
    "ISAKMP_payload_CR",
    "ISAKMP_payload_Hash",
    "ISAKMP_payload_ID",
    "ISAKMP_payload_KE",
    "ISAKMP_payload_NAT_D",
    "ISAKMP_payload_Nonce",
    "ISAKMP_payload_Notify",
    "ISAKMP_payload_Proposal",
    "ISAKMP_payload_SA",
    "ISAKMP_payload_SIG",
    "ISAKMP_payload_Transform",
    "ISAKMP_payload_VendorID",
    "NON_ESP",
    "Packet",
    "Raw",
    "TCP",
    "UDP",
    "available",
]
