"""The lab file's ``[[cluster]]`` tables: Network Load Balancing clusters, validated strictly.

```toml
[[cluster]]
name = "WEBFARM"
address = "10.0.0.100"          # the cluster (virtual) IP address
members = ["NODE1", "NODE2"]    # Windows Server 2003 (or Windows 2000) computers
affinity = "single"             # single | classc | none
fast_failover = true            # Server 2003 IPsec/NLB integration (NLBSFlags = 1)
stopped = []                    # members stopped when the lab starts
```
"""

from __future__ import annotations

import ipaddress
from typing import Any, Protocol

from .nlb import AFFINITIES, ClusterSpec
from .reader import Reader as _Reader
from .reader import table_list as _list


class ComputerSpec(Protocol):
    """What a cluster reads of a lab computer (:class:`netshpy.lab.model.ComputerSpec`)."""

    @property
    def name(self) -> str: ...
    @property
    def os(self) -> str: ...
    @property
    def addresses(self) -> tuple[str, ...]: ...


class NetworkSpec(Protocol):
    """What a cluster reads of a lab network (:class:`netshpy.lab.model.NetworkSpec`)."""

    @property
    def subnet(self) -> ipaddress.IPv4Network: ...


def load_clusters(
    top: _Reader,
    items: Any,
    computers: tuple[ComputerSpec, ...],
    networks: tuple[NetworkSpec, ...],
) -> tuple[ClusterSpec, ...]:
    """The lab's clusters; an error names the entry."""
    by_name = {c.name.lower(): c for c in computers}
    used = {a for c in computers for a in c.addresses}
    out: list[ClusterSpec] = []
    for i, raw in enumerate(_list(top, items, "cluster"), 1):
        r = top.sub(f"cluster[{i}]")
        r.keys(
            raw,
            {"name", "address", "members", "affinity", "fast_failover", "stopped"},
            {"name", "address", "members"},
        )
        name = r.text(raw["name"], "name").upper()
        address = r.text(raw["address"], "address")
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            raise r.fail(f"address {address!r} is not IPv4") from None
        if address in used:
            raise r.fail(f"address {address} is already used")
        if networks and not any(ip in n.subnet for n in networks):
            raise r.fail(f"address {address} is on no declared network")
        used.add(address)
        members = []
        for m in r.texts(raw["members"], "members"):
            comp = by_name.get(m.lower())
            if comp is None:
                raise r.fail(f"members names unknown computer {m!r}")
            if comp.os not in ("2003", "2000"):
                raise r.fail(f"{comp.name} runs no NLB (Windows 2000 or Server 2003 servers only)")
            members.append(comp)
        if len(members) < 2:
            raise r.fail("a cluster needs at least two members")
        if len({m.os for m in members}) > 1:
            raise r.fail("the members must run the same Windows version")
        affinity = str(raw.get("affinity", "single")).lower()
        if affinity not in AFFINITIES:
            raise r.fail(f"affinity must be one of {', '.join(AFFINITIES)}")
        fast = raw.get("fast_failover", True)
        if not isinstance(fast, bool):
            raise r.fail("fast_failover must be true or false")
        stopped = tuple(m.upper() for m in r.texts(raw.get("stopped", []), "stopped"))
        if not set(stopped) <= {m.name for m in members}:
            raise r.fail("stopped must name members of the cluster")
        if any(c.name == name for c in out) or name.lower() in by_name:
            raise r.fail(f"the name {name} is already used")
        out.append(
            ClusterSpec(
                name,
                address,
                tuple(m.name for m in members),
                affinity,
                fast,
                members[0].os,
                stopped,
            )
        )
    return tuple(out)
