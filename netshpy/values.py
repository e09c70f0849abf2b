"""Typed values of netsh ipsec arguments, and their conversion from text.

Syntax of the small value languages lives in ``grammar/values.lark``; this
module turns parse trees into the typed objects handlers receive, checks
ranges and reports problems with the netsh error text.
"""

from __future__ import annotations

import re

from . import grammar, messages
from .grammar import GrammarError, Tree
from .records import dataclass

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

VALUE_LANGUAGES = ("mmsecmethods", "qmsecmethods", "rootca", "bootexemptions", "address", "mask")
PROTOCOLS = {"ANY": 0, "ICMP": 1, "TCP": 6, "UDP": 17, "RAW": 255}
PROTOCOL_NAMES = {v: k for k, v in PROTOCOLS.items()}
SERVER_TYPES = ("WINS", "DNS", "DHCP", "GATEWAY")
DH_GROUPS = {1: "Low (1)", 2: "Medium (2)", 3: "High (2048)"}
ROOTCA_QUOTE = "\\'"  # how a double quote is written inside rootca="..."
_GUID = re.compile(r"^\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}$")


class ValueProblem(ValueError):
    """A value does not fit its tag; ``str()`` is the netsh error text."""


@dataclass(frozen=True)
class Address:
    """A source or destination address: me, any, a server type, an IPv4 address or a DNS name."""

    kind: str  # "me" | "any" | "server" | "ip" | "dns"
    value: str = ""
    resolved: str = ""  # a DNS name's IPv4 address when the filter was made

    def __str__(self) -> str:
        return {"me": "me", "any": "any"}.get(self.kind, self.value)


def pair_with_server(src: Address, dst: Address) -> tuple[Address, Address] | None:
    """The addresses a filter really uses when one of them is a server type.

    "If the source is a server type, then the destination is me, and vice
    versa" (reference 4, 6.1 remark 4): Microsoft's own examples pair a server
    type with ``0.0.0.0`` (``srcaddr=DHCP dstaddr=0.0.0.0``, ``srca=WINS
    dsta=0.0.0.0``), so the other side is replaced by me, not refused. None
    when both sides are server types.
    """
    if src.kind == "server" and dst.kind == "server":
        return None
    if src.kind == "server":
        return src, Address("me")
    if dst.kind == "server":
        return Address("me"), dst
    return src, dst


@dataclass(frozen=True)
class MmOffer:
    """One main mode security method: encryption, integrity and Diffie-Hellman group."""

    encryption: str  # DES | 3DES
    integrity: str  # MD5 | SHA1
    group: int  # 1, 2 or 3 (2048-bit, Windows Server 2003 only)

    def __str__(self) -> str:
        return f"{self.encryption}-{self.integrity}-{self.group}"


@dataclass(frozen=True)
class QmOffer:
    """One quick mode security method: AH and/or ESP transforms and lifetimes."""

    ah: str | None = None  # MD5 | SHA1
    esp_encryption: str | None = None  # DES | 3DES | None
    esp_integrity: str | None = None  # MD5 | SHA1 | None
    kbytes: int = 100000
    seconds: int = 900

    @property
    def has_esp(self) -> bool:
        """True when the offer carries an ESP transform."""
        return self.esp_encryption is not None

    def __str__(self) -> str:
        parts = []
        if self.ah:
            parts.append(f"AH[{self.ah}]")
        if self.has_esp:
            parts.append(f"ESP[{self.esp_encryption},{self.esp_integrity}]")
        return "+".join(parts) + f":{self.kbytes}k/{self.seconds}s"


@dataclass(frozen=True)
class RootCa:
    """A trusted root CA for certificate authentication."""

    name: str
    certmap: bool = False
    excludecaname: bool = False

    def text(self) -> str:
        """As shown by ``show``: the CA name as it is, then the options."""
        return f"{self.name} {self._options()}"

    def _options(self) -> str:
        return f"certmap:{'yes' if self.certmap else 'no'} " + (
            f"excludecaname:{'yes' if self.excludecaname else 'no'}"
        )

    def __str__(self) -> str:
        """As typed inside ``rootca="..."``: embedded quotes written ``\\'``."""
        return f"{self.name.replace(chr(34), ROOTCA_QUOTE)} {self._options()}"


@dataclass(frozen=True)
class BootExemption:
    """A traffic exemption honoured while the IPsec driver is in boot mode."""

    protocol: int
    srcport: int
    dstport: int
    direction: str  # inbound | outbound

    def __str__(self) -> str:
        proto = PROTOCOL_NAMES.get(self.protocol, str(self.protocol))
        return f"{proto}:{self.srcport}:{self.dstport}:{self.direction}"


def _values() -> grammar.Grammar:
    return grammar.load("values", VALUE_LANGUAGES)


def _bad(tag: str, value: str) -> ValueProblem:
    return ValueProblem(messages.ipsec("bad_value", value=value, tag=tag))


def unique_choice(text: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice *text* names: exact (any case) or a unique prefix."""
    low = text.lower()
    for choice in choices:
        if choice.lower() == low:
            return choice
    hits = [c for c in choices if c.lower().startswith(low)] if low else []
    return hits[0] if len(hits) == 1 else None


def parse_yesno(tag: str, text: str) -> bool:
    """yes/no, also y/n, in any case."""
    choice = unique_choice(text, ("yes", "no"))
    if choice is None:
        raise _bad(tag, text)
    return choice == "yes"


DWORD_MAX = 2**32 - 1
QM_LIFETIME_MAX = 2**31 - 1
INT_MIN = -(2**31)


_DECIMAL = re.compile(r"([+-]?)0*([0-9]+)")
_MAX_DIGITS = 20
HUGE = 10**_MAX_DIGITS  # stands for every integer too long to matter


def decimal(text: str) -> int | None:
    """The value of a decimal integer (a sign, ASCII digits, blanks around); None if not one.

    Only ``0``-``9`` are digits: Python's ``int()`` also reads ``'٣'`` as 3 and
    ``str.isdigit()`` accepts ``'²'``, which ``int()`` then refuses. An integer
    of more than 20 digits is returned as ``±HUGE``, beyond every range netsh
    knows, without converting it (``int()`` refuses more than 4,300 digits).
    """
    match = _DECIMAL.fullmatch(text.strip())
    if match is None:
        return None
    sign, digits = match.groups()
    value = HUGE if len(digits) > _MAX_DIGITS else int(digits)
    return -value if sign == "-" else value


def digits(text: str) -> int | None:
    """The value of a run of ASCII digits (no sign, no blanks); None if *text* is not one.

    The check front ends use for counts, numbers and ports (``:history 5``):
    ``str.isdigit()`` also accepts ``'²'`` and ``'٣'``. Huge runs are ``HUGE``.
    """
    if not (text.isascii() and text.isdigit()):
        return None
    return decimal(text)


def parse_integer(tag: str, text: str, low: int | None = None, high: int | None = None) -> int:
    """A decimal integer within [low, high]."""
    value = decimal(text)
    if value is None:
        raise _bad(tag, text)
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            key = "out_of_range"
        else:
            key = "below_minimum" if low is not None else "above_maximum"
        raise ValueProblem(messages.ipsec(key, value=text, tag=tag, low=low, high=high))
    if not INT_MIN <= value <= DWORD_MAX:
        # netsh keeps integers in 32 bits; a bigger one is no valid value (and would
        # otherwise reach the SQLite store as an overflow, an internal error)
        raise _bad(tag, text)
    return value


def parse_protocol(tag: str, text: str) -> int:
    """ANY, ICMP, TCP, UDP, RAW or 0-255, as a protocol number (ANY = 0)."""
    name = text.upper()
    if name in PROTOCOLS:
        return PROTOCOLS[name]
    return parse_integer(tag, text, 0, 255)


def protocol_name(number: int) -> str:
    """``TCP`` for 6, ``ANY`` for 0, the number otherwise."""
    return PROTOCOL_NAMES.get(number, str(number))


# Names the emulator's own text (a send's explanation, :tree) adds to netsh's.
_LABELS = {46: "RSVP", 47: "GRE", 50: "ESP", 51: "AH"}


def protocol_label(number: int) -> str:
    """Emulator text: netsh's name, or a well-known one (``RSVP`` for 46), or the number.

    netsh's own screens keep :func:`protocol_name` (they print 46).
    """
    return PROTOCOL_NAMES.get(number) or _LABELS.get(number, str(number))


def parse_address(tag: str, text: str) -> Address:
    """me, any, WINS/DNS/DHCP/GATEWAY, an IPv4 address or a DNS name."""
    try:
        tree = _values().parse(text, "address")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_address", value=text)) from None
    token = tree.children[0]
    if token.type == "ME":
        return Address("me")
    if token.type == "ANY":
        return Address("any")
    if token.type == "SERVER":
        return Address("server", token.upper())
    if token.type == "IPV4":
        if any(int(part) > 255 for part in token.split(".")):
            raise ValueProblem(messages.ipsec("bad_address", value=text))
        return Address("ip", str(token))
    if _RANGE.match(token):
        # An address range (a.b.c.d-e.f.g.h) is netsh syntax of Windows Vista and
        # later; Server 2003 takes only single addresses.
        raise ValueProblem(messages.ipsec("bad_address", value=text))
    return Address("dns", str(token))


_RANGE = re.compile(r"^[0-9.,]+-[0-9.,]+$")


def parse_tunnel(tag: str, text: str) -> str:
    """A tunnel end point: an IPv4 address or a DNS name."""
    address = parse_address(tag, text)
    if address.kind not in ("ip", "dns"):
        raise ValueProblem(messages.ipsec("bad_address", value=text))
    return address.value


def prefix_to_mask(prefix: int) -> str:
    """``255.255.255.0`` for 24."""
    bits = (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF if prefix else 0
    return ".".join(str((bits >> s) & 0xFF) for s in (24, 16, 8, 0))


def parse_mask(tag: str, text: str) -> str:
    """A dotted mask or a prefix length 0-32, as a dotted mask."""
    try:
        tree = _values().parse(text, "mask")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_mask", value=text)) from None
    token = str(tree.children[0])
    if tree.data == "prefix_mask":
        prefix = decimal(token) or 0
        if prefix > 32:
            raise ValueProblem(messages.ipsec("bad_mask", value=text))
        return prefix_to_mask(prefix)
    octets = [int(p) for p in token.split(".")]
    if any(o > 255 for o in octets):
        raise ValueProblem(messages.ipsec("bad_mask", value=text))
    bits = "".join(f"{o:08b}" for o in octets)
    if "01" in bits:
        raise ValueProblem(messages.ipsec("bad_mask", value=text))
    return token


def parse_mmsecmethods(tag: str, text: str) -> list[MmOffer]:
    """``3DES-SHA1-3 DES-MD5-2``: encryption-integrity-group offers, in preference order."""
    try:
        tree = _values().parse(text, "mmsecmethods")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_mmsec", value=text)) from None
    offers = []
    for offer in tree.children:
        conf, hash_, group = (str(t) for t in offer.children)
        number = decimal(group)
        if number is None or number not in DH_GROUPS:
            raise ValueProblem(messages.ipsec("bad_mmsec", value=text))
        offers.append(MmOffer(conf.upper(), hash_.upper(), number))
    return offers


def _alg(token: Any) -> str | None:
    text = str(token).upper()
    return "None" if text == "NONE" else text


def parse_qmsecmethods(tag: str, text: str) -> list[QmOffer]:
    """``ESP[3DES,SHA1]:100000k/2000s AH[MD5]+ESP[DES,None]`` offers, in preference order."""
    try:
        tree = _values().parse(text, "qmsecmethods")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_qmsec", value=text)) from None
    offers = []
    for offer in tree.children:
        fields: dict[str, Any] = {}
        transform = offer.children[0]
        for part in transform.children:
            if part.data == "ah":
                fields["ah"] = _alg(part.children[1])
            else:
                fields["esp_encryption"] = _alg(part.children[1])
                fields["esp_integrity"] = _alg(part.children[2])
        if fields.get("esp_encryption") == "None" and fields.get("esp_integrity") == "None":
            raise ValueProblem(messages.ipsec("bad_qmsec", value=text))
        for unit in ("kbytes", "seconds"):
            for node in offer.find(unit):
                lifetime = decimal(node.children[0])
                if lifetime is None or lifetime > QM_LIFETIME_MAX:
                    # kept in 31 bits, as every policy file stores and imports it
                    raise ValueProblem(messages.ipsec("bad_qmsec", value=text))
                fields[unit] = lifetime
        offers.append(QmOffer(**fields))
    return offers


def parse_rootca(tag: str, text: str) -> RootCa:
    """``<certificate> certmap:yes excludecaname:no``."""
    try:
        tree = _values().parse(text, "rootca")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_rootca", value=text)) from None
    cert: Tree = tree.children[0]
    first, last = cert.children[0], cert.children[-1]
    name = text[first.pos : last.pos + len(last)].replace(ROOTCA_QUOTE, '"')
    options = {
        node.data: parse_yesno(node.data, str(node.children[1])) for node in tree.children[1:]
    }
    return RootCa(name, options.get("certmap", False), options.get("excludecaname", False))


def parse_bootexemptions(tag: str, text: str) -> list[BootExemption]:
    """``TCP:0:80:inbound ...`` or ``none`` (an empty list)."""
    try:
        tree = _values().parse(text, "bootexemptions")
    except GrammarError:
        raise ValueProblem(messages.ipsec("bad_value", value=text, tag=tag)) from None
    result = []
    for node in tree.children:
        if not isinstance(node, Tree):
            return []
        proto, src, dst, direction = (str(t) for t in node.children)
        result.append(
            BootExemption(
                parse_protocol(tag, proto),
                parse_integer(tag, src, 0, 65535),
                parse_integer(tag, dst, 0, 65535),
                direction.lower(),
            )
        )
    return result


def parse_guid(tag: str, text: str) -> str:
    """``{8-4-4-4-12}`` hex digits, normalised to upper case."""
    if not _GUID.match(text):
        raise _bad(tag, text)
    return text.upper()
