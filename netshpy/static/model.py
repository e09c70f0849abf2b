"""Plain dataclasses of the static policy store.

Filter lists and filter actions are shared objects that rules reference; a
policy owns its rules, among them the default response rule
(``default_response=True``, no filter list and no filter action).
"""

from __future__ import annotations

from datetime import datetime

from ..records import dataclass, field
from ..values import Address, MmOffer, QmOffer, RootCa

ACTIONS = ("permit", "block", "negotiate")
CONNTYPES = ("lan", "dialup", "all")
AUTH_KINDS = ("kerberos", "psk", "rootca")


@dataclass
class Filter:
    """One filter of a filter list (mirrored = it also matches the reverse direction)."""

    srcaddr: Address
    dstaddr: Address
    srcmask: str
    dstmask: str
    protocol: int
    srcport: int
    dstport: int
    mirrored: bool
    description: str = ""


@dataclass
class FilterList:
    """A named, shared list of filters."""

    name: str
    description: str
    guid: str
    modified: datetime
    filters: list[Filter] = field(default_factory=list)


@dataclass
class FilterAction:
    """What a rule does with matching traffic: permit, block or negotiate security."""

    name: str
    description: str
    guid: str
    modified: datetime
    action: str  # 'permit' | 'block' | 'negotiate'
    qmpfs: bool = False
    inpass: bool = False
    soft: bool = False
    qmsecmethods: list[QmOffer] = field(default_factory=list)


@dataclass
class AuthMethod:
    """One authentication method of a rule, in preference order."""

    kind: str  # 'kerberos' | 'psk' | 'rootca'
    value: str | RootCa | None = None

    def __str__(self) -> str:
        if self.kind == "kerberos":
            return "Kerberos"
        if self.kind == "psk":
            return f"Preshared Key: {self.value}"
        value = self.value
        return f"Root CA: {value.text() if isinstance(value, RootCa) else value}"


@dataclass
class Rule:
    """A rule of a policy: filter list + filter action + tunnel + authentication.

    ``id`` is the 1-based position among the policy's ordinary rules; the
    default response rule has ``default_response=True`` and id 0.
    """

    id: int
    name: str
    description: str
    filterlist: FilterList | None
    filteraction: FilterAction | None
    tunnel: str | None
    conntype: str
    active: bool
    auth: list[AuthMethod]
    default_response: bool = False
    qmpfs: bool = False  # used by the default response rule
    qmsecmethods: list[QmOffer] = field(default_factory=list)  # idem


@dataclass
class Policy:
    """An IPsec policy: main mode settings and an ordered list of rules."""

    name: str
    description: str
    guid: str
    modified: datetime
    assigned: bool
    mmpfs: bool
    qmpermm: int
    mmlifetime: int
    pollinginterval: int
    mmsecmethods: list[MmOffer]
    rules: list[Rule]
    gponame: str | None = None

    @property
    def default_rule(self) -> Rule | None:
        """The default response rule."""
        return next((r for r in self.rules if r.default_response), None)

    @property
    def ordinary_rules(self) -> list[Rule]:
        """The rules other than the default response rule, by id."""
        return [r for r in self.rules if not r.default_response]


@dataclass
class StoreContents:
    """Everything one store holds, as loaded for rendering, dump and export."""

    policies: list[Policy] = field(default_factory=list)
    filterlists: list[FilterList] = field(default_factory=list)
    filteractions: list[FilterAction] = field(default_factory=list)
