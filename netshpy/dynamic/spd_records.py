"""The entries of the Security Policy Database: policies, rules, SAs, counters.

Plain records that round-trip through JSON (:mod:`.spd_codec`); the database
that holds them is :class:`netshpy.dynamic.spd.Spd`.
"""

from __future__ import annotations

from ..records import dataclass, field
from ..values import Address, MmOffer, QmOffer, RootCa

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

# Defaults of a dynamic policy created without security methods [M]: the
# Windows Server 2003 IKE and "Request Security" offers.
DEFAULT_MM_OFFERS = (
    MmOffer("3DES", "SHA1", 2),
    MmOffer("3DES", "MD5", 2),
    MmOffer("DES", "SHA1", 1),
    MmOffer("DES", "MD5", 1),
)
DEFAULT_QM_OFFERS = (
    QmOffer(esp_encryption="3DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="3DES", esp_integrity="MD5"),
    QmOffer(esp_encryption="DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="DES", esp_integrity="MD5"),
)
HOST_MASK = "255.255.255.255"
ANY_MASK = "0.0.0.0"

IKE_COUNTERS = (
    "main_modes",
    "quick_modes",
    "soft_sas",
    "auth_failures",
    "active_acquire",
    "active_receive",
    "acquire_failures",
    "receive_failures",
    "send_failures",
    "acquire_heap_size",
    "receive_heap_size",
    "negotiation_failures",
    "invalid_cookies",
    "total_acquire",
    "total_getspi",
    "total_keyadd",
    "total_keyupdate",
    "getspi_fail",
    "keyadd_fail",
    "keyupdate_fail",
    "isadb_list_size",
    "conn_list_size",
    "invalid_packets",
)
IPSEC_COUNTERS = (
    "active_assoc",
    "offload_sas",
    "pending_key",
    "key_adds",
    "key_deletes",
    "rekeys",
    "active_tunnels",
    "bad_spi",
    "not_decrypted",
    "not_authenticated",
    "replay_detected",
    "conf_bytes_sent",
    "conf_bytes_received",
    "auth_bytes_sent",
    "auth_bytes_received",
    "transport_bytes_sent",
    "transport_bytes_received",
    "tunnel_bytes_sent",
    "tunnel_bytes_received",
    "offload_bytes_sent",
    "offload_bytes_received",
)


def default_mask(address: Address) -> str:
    """The mask netsh assumes when none is given: 0.0.0.0 for any, else a host mask."""
    return ANY_MASK if address.kind == "any" else HOST_MASK


@dataclass
class MmPolicy:
    """A main mode (IKE) policy: offers, lifetime, QM-per-MM limit."""

    name: str
    qmpermm: int = 0
    mmlifetime: int = 480  # minutes
    softsaexpirationtime: int | None = None  # seconds; None = the MM lifetime
    offers: list[MmOffer] = field(default_factory=lambda: list(DEFAULT_MM_OFFERS))
    origin: str = ""

    @property
    def soft_seconds(self) -> int:
        """The soft SA expiration time in seconds."""
        if self.softsaexpirationtime is not None:
            return self.softsaexpirationtime
        return self.mmlifetime * 60


@dataclass
class QmPolicy:
    """A quick mode (negotiation) policy: offers, soft, PFS group."""

    name: str
    soft: bool = False
    pfsgroup: str = "NOPFS"
    offers: list[QmOffer] = field(default_factory=lambda: list(DEFAULT_QM_OFFERS))
    origin: str = ""
    inpass: bool = False  # from a static filter action (inbound passthrough); labs read it


@dataclass(frozen=True)
class Auth:
    """One authentication method of a rule: kerberos, psk (the key) or rootca."""

    kind: str
    value: str | RootCa | None = None


@dataclass
class Rule:
    """A rule of the SPD; it expands into main mode and quick mode filters.

    Its identity (:meth:`key`) is its addresses, masks, protocol, ports,
    mirroring, connection type and tunnel end point; only the policies, the
    actions and the authentication methods can change.
    """

    srcaddr: Address
    dstaddr: Address
    mmpolicy: str
    srcmask: str = HOST_MASK
    dstmask: str = HOST_MASK
    protocol: int = 0
    srcport: int = 0
    dstport: int = 0
    mirrored: bool = True
    conntype: str = "all"
    tunnel: str | None = None
    qmpolicy: str | None = None
    actioninbound: str = "negotiate"
    actionoutbound: str = "negotiate"
    auth: list[Auth] = field(default_factory=list)
    name: str = ""
    origin: str = ""

    @property
    def kind(self) -> str:
        """``tunnel`` when the rule has a tunnel end point, else ``transport``."""
        return "tunnel" if self.tunnel else "transport"

    def key(self) -> tuple[Any, ...]:
        """The fields that identify the rule (case-insensitive names)."""
        return rule_key(
            self.srcaddr,
            self.dstaddr,
            self.srcmask,
            self.dstmask,
            self.protocol,
            self.srcport,
            self.dstport,
            self.mirrored,
            self.conntype,
            self.tunnel,
        )

    @property
    def negotiates(self) -> bool:
        """True when either direction negotiates security."""
        return "negotiate" in (self.actioninbound, self.actionoutbound)


def rule_key(
    srcaddr: Address,
    dstaddr: Address,
    srcmask: str,
    dstmask: str,
    protocol: int,
    srcport: int,
    dstport: int,
    mirrored: bool,
    conntype: str,
    tunnel: str | None,
) -> tuple[Any, ...]:
    """The identity tuple of a rule with these fields."""
    return (
        srcaddr.kind,
        srcaddr.value.lower(),
        dstaddr.kind,
        dstaddr.value.lower(),
        srcmask,
        dstmask,
        protocol,
        srcport,
        dstport,
        mirrored,
        conntype,
        (tunnel or "").lower(),
    )


@dataclass
class MmSa:
    """A main mode (IKE) security association."""

    src: str
    dst: str
    cookies: str
    auth: str = "Kerberos"
    encryption: str = "3DES"
    integrity: str = "SHA1"
    dhgroup: int = 2
    lifetime: int = 28800
    src_port: int = 500
    dst_port: int = 500


@dataclass
class QmSa:
    """A quick mode (IPsec) security association."""

    src: str
    dst: str
    policy: str
    protocol: int = 0
    srcport: int = 0
    dstport: int = 0
    direction: str = "outbound"
    tunnel_src: str | None = None
    tunnel_dst: str | None = None
    ah: str | None = None
    esp_encryption: str | None = "3DES"
    esp_integrity: str | None = "SHA1"
    pfs: bool = False
    dhgroup: int = 0
    kbytes: int = 100000
    seconds: int = 900
    # The SPIs of the pair of SAs (inbound: chosen by this computer; outbound: by
    # the peer), as the ESP/AH headers carry them. ``show qmsas`` does not print them.
    spi_in: int = 0
    spi_out: int = 0
