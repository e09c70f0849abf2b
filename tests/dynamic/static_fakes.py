"""Hand-built stand-ins for the static store's model (netshpy/static/model.py interface)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netshpy.values import Address


@dataclass
class Filter:
    srcaddr: Address
    dstaddr: Address
    srcmask: str = "255.255.255.255"
    dstmask: str = "255.255.255.255"
    protocol: int = 0
    srcport: int = 0
    dstport: int = 0
    mirrored: bool = True
    description: str = ""


@dataclass
class FilterList:
    name: str
    description: str = ""
    guid: str = "{L}"
    modified: str = "t0"
    filters: list[Filter] = field(default_factory=list)


@dataclass
class FilterAction:
    name: str
    description: str = ""
    guid: str = "{A}"
    modified: str = "t0"
    action: str = "negotiate"
    qmpfs: bool = False
    inpass: bool = False
    soft: bool = False
    qmsecmethods: list[Any] = field(default_factory=list)


@dataclass
class AuthMethod:
    kind: str
    value: Any = None


@dataclass
class Rule:
    id: int
    name: str
    description: str = ""
    filterlist: FilterList | None = None
    filteraction: FilterAction | None = None
    tunnel: str | None = None
    conntype: str = "all"
    active: bool = True
    auth: list[AuthMethod] = field(default_factory=list)
    default_response: bool = False
    qmpfs: bool = False
    qmsecmethods: list[Any] = field(default_factory=list)


@dataclass
class Policy:
    name: str
    description: str = ""
    guid: str = "{P}"
    modified: str = "t0"
    assigned: bool = True
    mmpfs: bool = False
    qmpermm: int = 0
    mmlifetime: int = 480
    pollinginterval: int = 180
    mmsecmethods: list[Any] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    gponame: str | None = None


def sample_policy(name: str, dstport: int = 445, action: str = "negotiate") -> Policy:
    """A policy with a default response rule and one rule over one filter."""
    flist = FilterList(
        f"{name}-list",
        filters=[
            Filter(Address("me"), Address("any"), "255.255.255.255", "0.0.0.0", 6, 0, dstport)
        ],
    )
    faction = FilterAction(f"{name}-action", action=action)
    return Policy(
        name,
        rules=[
            Rule(0, "Default", default_response=True),
            Rule(1, "r1", filterlist=flist, filteraction=faction, auth=[AuthMethod("psk", "k")]),
            Rule(2, "off", filterlist=flist, filteraction=faction, active=False),
        ],
    )


class FakeQuery:
    """``netshpy.static.query`` with policies assigned per location."""

    def __init__(self) -> None:
        self.assigned: dict[str, Policy] = {}
        self.domain_assigned: dict[str, Policy] = {}

    def assigned_policy(self, host: Any, location: str, domain: str | None = None) -> Policy | None:
        if location == "domain":
            if domain is None:
                raise RuntimeError("no domain")
            return self.domain_assigned.get(domain)
        return self.assigned.get(location)

    def policies(
        self, host: Any, location: str = "local", domain: str | None = None
    ) -> list[Policy]:
        return [p for p in (self.assigned.get(location),) if p]
