"""Distinguished names in DER, as a certificate request's Certification Authority field.

``CN=Corp Root CA, O=Corp, C=US`` (the order Windows displays) becomes the
ASN.1 ``Name`` (RDNs from the country down), which Wireshark decodes as a
distinguished name.
"""

from __future__ import annotations

OIDS = {
    "CN": "2.5.4.3",
    "SN": "2.5.4.4",
    "C": "2.5.4.6",
    "L": "2.5.4.7",
    "S": "2.5.4.8",
    "ST": "2.5.4.8",
    "STREET": "2.5.4.9",
    "O": "2.5.4.10",
    "OU": "2.5.4.11",
    "T": "2.5.4.12",
    "DC": "0.9.2342.19200300.100.1.25",
    "E": "1.2.840.113549.1.9.1",
}


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, body: bytes) -> bytes:
    """One DER element."""
    return bytes([tag]) + _length(len(body)) + body


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for value in parts[2:]:
        chunk = [value & 0x7F]
        value >>= 7
        while value:
            chunk.append(0x80 | (value & 0x7F))
            value >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def split_dn(text: str) -> list[tuple[str, str]]:
    """``CN=A, O=B`` -> [("CN", "A"), ("O", "B")]; a part without ``=`` is a common name."""
    pairs = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if sep and key.strip().upper() in OIDS:
            pairs.append((key.strip().upper(), value.strip()))
        else:
            pairs.append(("CN", part))
    return pairs


def distinguished_name(text: str) -> bytes:
    """The DER ``Name`` for a Windows-style distinguished name (empty text: empty Name)."""
    rdns = b""
    for key, value in reversed(split_dn(text)):
        string = (
            tlv(0x13, value.encode("ascii"))
            if value.isascii() and key != "E"
            else tlv(0x0C, value.encode("utf-8"))
        )
        if key in ("E", "DC"):
            string = tlv(0x16, value.encode("utf-8", "replace"))
        rdns += tlv(0x31, tlv(0x30, _oid(OIDS[key]) + string))
    return tlv(0x30, rdns)
