"""The values of ``ipseccmd`` / ``ipsecpol`` arguments, from ``grammar/ipsectools.lark``.

Every function takes the text of one argument and returns a typed value or
raises :class:`BadValue` with the explanation netshpy prints above the usage
(the real tools' error texts are unknown, reference §12).
"""

from __future__ import annotations

import re

from .. import grammar
from ..grammar import GrammarError, Tree
from ..records import dataclass
from ..values import Address, MmOffer, QmOffer, digits

LANGUAGES = ("filter", "negotiation", "mmoffer", "rekey")
PROTOCOLS = {"ICMP": 1, "TCP": 6, "UDP": 17, "RAW": 255}
NEGOTIATION_KEYWORDS = ("BLOCK", "PASS", "INPASS")
ANY_MASK, HOST_MASK = "0.0.0.0", "255.255.255.255"
_IPV4 = re.compile(r"(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}", re.ASCII)
_WILD = re.compile(r"(\d{1,3}|\*)(\.(\d{1,3}|\*)){3}", re.ASCII)  # no '٣' octets
_DNS = re.compile(
    r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
)


class BadValue(ValueError):
    """An argument the tool does not accept; the text says why."""


@dataclass(frozen=True)
class FilterSpec:
    """One filter of ``-f``: addresses, masks, ports, protocol, mirroring, kind."""

    text: str
    src: Address
    srcmask: str
    dst: Address
    dstmask: str
    srcport: int = 0
    dstport: int = 0
    protocol: int = 0
    mirrored: bool = False
    kind: str = "plain"  # plain (the -n policy) | block ([...]) | passthru ((...))


@dataclass(frozen=True)
class Negotiation:
    """``-n``: a keyword (BLOCK/PASS/INPASS) or quick mode offers."""

    keyword: str | None = None
    offers: tuple[QmOffer, ...] = ()
    pfs: bool = False


@dataclass(frozen=True)
class AuthMethod:
    """One ``-a`` method: kerberos, psk (the key) or cert (the CA name)."""

    kind: str
    value: str = ""


@dataclass(frozen=True)
class Rekey:
    """``-1k``: quick modes per main mode and/or main mode lifetime in seconds."""

    quick_modes: int | None = None
    seconds: int | None = None


@dataclass(frozen=True)
class Store:
    """``-w``: REG (local registry) or DS with an optional domain."""

    kind: str  # REG | DS
    domain: str | None = None


@dataclass(frozen=True)
class PolicyName:
    """``-p``: the policy and its polling interval in minutes."""

    name: str
    poll: int | None = None


def _grammar() -> grammar.Grammar:
    return grammar.load("ipsectools", LANGUAGES)


def _parse(text: str, language: str, what: str) -> Tree:
    try:
        return _grammar().parse(text, language)
    except (GrammarError, RecursionError):
        raise BadValue(f"{text} is not a valid {what}") from None


def parse_address(text: str, what: str = "address") -> tuple[Address, str | None]:
    """``*`` (any), ``0`` (me), an IPv4 address (``*`` octets give a mask) or a DNS name."""
    if text == "*":
        return Address("any"), ANY_MASK
    if text == "0":
        return Address("me"), None
    if _IPV4.fullmatch(text):
        return Address("ip", text), None
    if _WILD.fullmatch(text) and "*" in text:
        octets = text.split(".")
        if any(o != "*" and int(o) > 255 for o in octets):
            raise BadValue(f"{text} is not a valid {what}")
        address = ".".join("0" if o == "*" else o for o in octets)
        mask = ".".join("0" if o == "*" else "255" for o in octets)
        return Address("ip", address), mask
    if _DNS.fullmatch(text) and not text.replace(".", "").isdigit():
        return Address("dns", text), None
    raise BadValue(f"{text} is not a valid {what}")


def parse_mask(text: str) -> str:
    """A dotted mask (contiguous ones)."""
    if not _IPV4.fullmatch(text):
        raise BadValue(f"{text} is not a valid mask")
    bits = "".join(f"{int(o):08b}" for o in text.split("."))
    if "01" in bits:
        raise BadValue(f"{text} is not a valid mask")
    return text


def _number(token: object) -> int:
    """A NUMBER of the grammar (ASCII digits); beyond 20 digits ``values.HUGE``, as
    ``int()`` refuses more than 4,300."""
    number = digits(str(token))
    assert number is not None  # the grammar's NUMBER is /[0-9]+/
    return number


def parse_port(text: str | None) -> int:
    """A port number; empty or ``*`` is any port (0)."""
    if text is None or text in ("", "*"):
        return 0
    port = digits(text)
    if port is None or port > 65535:
        raise BadValue(f"{text} is not a valid port")
    return port


def parse_protocol(text: str | None) -> int:
    """TCP, UDP, ICMP, RAW (any case) or a number 0-255; empty or ``*`` is any (0)."""
    if text is None or text in ("", "*"):
        return 0
    if text.upper() in PROTOCOLS:
        return PROTOCOLS[text.upper()]
    number = digits(text)
    if number is not None and number <= 255:
        return number
    raise BadValue(f"{text} is not a valid protocol")


def _end(node: Tree) -> tuple[str, str | None, str | None, str | None]:
    """(address, mask, port, protocol) texts of a source or destination node."""
    address = str(node.children[0])
    mask = port = protocol = None
    for child in node.children[1:]:
        if isinstance(child, Tree) and child.data == "mask":
            mask = str(child.children[0])
        elif isinstance(child, Tree) and child.data == "port":
            port = str(child.children[0])
        elif isinstance(child, Tree) and child.data == "protocol":
            protocol = str(child.children[0])
        else:
            port = str(child)  # the source's port
    return address, mask, port, protocol


def parse_filter(text: str) -> FilterSpec:
    """One filter spec of ``-f`` / ``-1f`` (reference §7)."""
    tree = _parse(text, "filter", "filter")
    spec = tree.children[0]
    source, mirror, destination = spec.children
    s_addr, s_mask, s_port, _ = _end(source)
    d_addr, d_mask, d_port, proto = _end(destination)
    src, src_default = parse_address(s_addr)
    dst, dst_default = parse_address(d_addr)
    srcmask = parse_mask(s_mask) if s_mask is not None else src_default or HOST_MASK
    dstmask = parse_mask(d_mask) if d_mask is not None else dst_default or HOST_MASK
    protocol = parse_protocol(proto)
    srcport, dstport = parse_port(s_port), parse_port(d_port)
    if (srcport or dstport) and protocol not in (6, 17):
        raise BadValue(f"{text}: ports need the TCP or UDP protocol")
    if src.kind == "me" and dst.kind == "me":
        raise BadValue(f"{text}: the source and the destination are both this computer")
    return FilterSpec(
        text=text,
        src=src,
        srcmask=srcmask if src.kind != "me" else HOST_MASK,
        dst=dst,
        dstmask=dstmask if dst.kind != "me" else HOST_MASK,
        srcport=srcport,
        dstport=dstport,
        protocol=protocol,
        mirrored=str(mirror) == "+",
        kind={"plain": "plain", "block": "block", "passthru": "passthru"}[tree.data],
    )


_CONF = {"DES": "DES", "3DES": "3DES"}
_HASH = {"MD5": "MD5", "SHA": "SHA1", "SHA1": "SHA1"}


def _offer(node: Tree, text: str) -> tuple[QmOffer, bool]:
    ah = esp_conf = esp_hash = None
    kbytes, seconds, pfs = 100000, 900, False
    for child in node.children:
        if isinstance(child, Tree) and child.data == "transform":
            for part in child.children:
                algs = [str(a).upper() for a in part.children[1:]]
                if part.data == "ah":
                    if algs[0] not in _HASH:
                        raise BadValue(f"{text}: AH takes MD5 or SHA")
                    ah = _HASH[algs[0]]
                else:
                    confs = [a for a in algs if a in _CONF]
                    hashes = [a for a in algs if a in _HASH]
                    nones = algs.count("NONE")
                    if len(confs) + len(hashes) + nones != 2 or len(confs) > 1 or len(hashes) > 1:
                        raise BadValue(
                            f"{text}: ESP takes one of DES, 3DES, NONE and one of MD5, SHA, NONE"
                        )
                    if not confs and not hashes:
                        raise BadValue(f"{text}: ESP needs encryption or integrity")
                    esp_conf = confs[0] if confs else "NONE"
                    esp_hash = _HASH[hashes[0]] if hashes else "NONE"
        elif isinstance(child, Tree) and child.data == "lifetime":
            seen = set()
            for amount in child.children:
                number, unit = _number(amount.children[0]), str(amount.children[1]).upper()
                if unit in seen:
                    raise BadValue(f"{text}: the lifetime gives {unit} twice")
                seen.add(unit)
                if unit == "S":
                    seconds = number
                else:
                    kbytes = number
        else:
            pfs = True
    return QmOffer(
        ah=ah, esp_encryption=esp_conf, esp_integrity=esp_hash, kbytes=kbytes, seconds=seconds
    ), pfs


def parse_negotiation(texts: list[str]) -> Negotiation:
    """``-n``: one keyword alone, or one or more offers (reference §8)."""
    offers: list[QmOffer] = []
    pfs = False
    for text in texts:
        node = _parse(text, "negotiation", "negotiation policy").children[0]
        if not isinstance(node, Tree):
            if len(texts) > 1:
                raise BadValue(f"{text} cannot be combined with other negotiation policies")
            return Negotiation(keyword=str(node))
        offer, offer_pfs = _offer(node, text)
        offers.append(offer)
        pfs = pfs or offer_pfs
    return Negotiation(offers=tuple(offers), pfs=pfs)


def parse_auth(text: str) -> AuthMethod:
    """KERBEROS, PRESHARE:key or CERT:CA name (reference §9; any case)."""
    word, colon, rest = text.partition(":")
    kind = word.upper()
    if kind == "KERBEROS" and not colon:
        return AuthMethod("kerberos")
    if kind in ("PRESHARE", "CERT") and colon and rest.strip():
        return AuthMethod("psk" if kind == "PRESHARE" else "cert", rest)
    raise BadValue(
        f'{text} is not a valid authentication method (KERBEROS, PRESHARE:"key", CERT:"CA name")'
    )


def parse_mmoffer(text: str) -> MmOffer:
    """``3DES-SHA-2``: groups 1 and 2 only (group 2048 is Windows Server 2003's)."""
    conf, hash_, group = (
        str(t).upper() for t in _parse(text, "mmoffer", "security method").children
    )
    if conf not in _CONF or hash_ not in _HASH:
        raise BadValue(f"{text} is not a valid security method (ConfAlg-HashAlg-Group)")
    if group not in ("1", "2"):
        raise BadValue(f"{text}: the Diffie-Hellman group is 1 (768-bit) or 2 (1024-bit)")
    return MmOffer(_CONF[conf], _HASH[hash_], int(group))


def parse_rekey(text: str) -> Rekey:
    """``10Q/28800S``, ``28800S`` or ``10Q``."""
    values: dict[str, int] = {}
    for part in _parse(text, "rekey", "rekey setting").children:
        number, unit = _number(part.children[0]), str(part.children[1]).upper()
        if unit in values or number == 0:
            raise BadValue(f"{text} is not a valid rekey setting")
        values[unit] = number
    return Rekey(values.get("Q"), values.get("S"))


def parse_store(text: str) -> Store:
    """``REG`` or ``DS[:Domain]`` (any case)."""
    kind, colon, domain = text.partition(":")
    kind = kind.upper()
    if kind == "REG" and not domain:
        return Store("REG")
    if kind == "DS":
        return Store("DS", domain or None)
    raise BadValue(f"{text} is not a policy store (REG or DS[:Domain])")


def parse_policy(text: str) -> PolicyName:
    """``Name[:PollInterval]`` (minutes)."""
    name, colon, poll = text.rpartition(":")
    minutes = digits(poll) if colon else None
    if minutes is not None and name:
        return PolicyName(name, minutes)
    if not text.strip():
        raise BadValue("the policy name is empty")
    return PolicyName(text)


def parse_tunnel(text: str) -> Address:
    """A tunnel end point: an IPv4 address or a DNS name."""
    address, _ = parse_address(text, "tunnel end point")
    if address.kind not in ("ip", "dns"):
        raise BadValue(f"{text} is not a valid tunnel end point")
    return address


def parse_integer(text: str) -> int:
    """A positive number of seconds."""
    number = digits(text)
    if number is None or not 0 < number <= 2**31 - 1:
        raise BadValue(f"{text} is not a valid number")
    return number
