"""Assigned static policies compiled into SPD entries.

Precedence as on Windows Server 2003: the persistent store's assigned policy
is applied first and always; then the domain (Group Policy) assignment if the
computer is a domain member and one exists, else the local store's. In a lab
the domain assignment is the one Resultant Set of Policy gives precedence 1
(``host.gpo_policy``, see ``netshpy.lab.gp``).

Each active rule of a policy with a filter list and a filter action becomes
one SPD rule per filter (named after the filter list); the policy gives the
main mode policy (its name), each negotiating filter action a quick mode
policy (its name). The default response rule gives no filters: on Windows it
only lets IKE answer requests.

The static store is another component: it is imported lazily, and while it is
not importable nothing is compiled.
"""

from __future__ import annotations

import zlib

from ..records import dataclass, field
from .spd_records import Auth, MmPolicy, QmPolicy, Rule, default_mask

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

LOCATIONS = ("persistent", "domain", "local")


@dataclass
class Compiled:
    """The SPD entries compiled from the assigned policies, and their fingerprint."""

    mmpolicies: list[MmPolicy] = field(default_factory=list)
    qmpolicies: list[QmPolicy] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "persistent:Name", ...
    fingerprint: str = ""


def _query() -> Any:
    try:
        from ..static import query
    except ImportError:
        return None
    return query


def _assigned(query: Any, host: Any, location: str, domain: str | None = None) -> Any:
    try:
        if domain is None:
            return query.assigned_policy(host, location)
        return query.assigned_policy(host, location, domain)
    except Exception:  # noqa: BLE001 - a broken or missing store applies nothing
        return None


def stores_stamp(host: Any) -> tuple[str, ...] | None:
    """Generations of the stores the service reads, or None if they cannot be read.

    Equal stamps mean the assigned policies cannot have changed.
    """
    query = _query()
    if query is None or not hasattr(query, "generation"):
        return None
    domain = getattr(host, "domain", None)
    try:
        stamp = [query.generation(host, "persistent"), query.generation(host, "local")]
        if domain:
            stamp.append(query.generation(host, "domain", domain))
        gpo_stamp = getattr(host, "gpo_stamp", None)
        if gpo_stamp is not None:
            stamp.append(gpo_stamp())
    except Exception:  # noqa: BLE001 - unreadable stores: always recompile
        return None
    return tuple(stamp)


def assigned_policies(host: Any) -> list[tuple[str, Any]]:
    """``[(location, Policy)]`` in the order the service applies them."""
    query = _query()
    if query is None:
        return []
    result = []
    persistent = _assigned(query, host, "persistent")
    if persistent is not None:
        result.append(("persistent", persistent))
    domain = getattr(host, "domain", None)
    ruling = _domain_policy(query, host, domain) if domain else None
    if ruling is not None:
        result.append(("domain", ruling))
    else:
        local = _assigned(query, host, "local")
        if local is not None:
            result.append(("local", local))
    return result


def _domain_policy(query: Any, host: Any, domain: str) -> Any:
    """The domain policy that applies: Resultant Set of Policy when the computer knows its
    directory (a lab sets ``host.gpo_policy``), else the first policy a GPO names."""
    resolver = getattr(host, "gpo_policy", None)
    if resolver is None:
        return _assigned(query, host, "domain", domain)
    try:
        return resolver()
    except Exception:  # noqa: BLE001 - a broken directory applies no domain policy
        return None


def fingerprint(pairs: list[tuple[str, Any]]) -> str:
    """A stamp that changes whenever an assignment or an assigned policy changes."""
    if not pairs:
        return ""
    text = repr([(loc, policy) for loc, policy in pairs])
    data = text.encode("utf-8", "replace")
    # crc32 and adler32 together: a 64-bit fingerprint without importing hashlib
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate.lower())
    return candidate


def compile_policies(pairs: list[tuple[str, Any]], taken: set[str] | None = None) -> Compiled:
    """SPD entries for *pairs*; names in *taken* (lower case) are avoided."""
    out = Compiled(fingerprint=fingerprint(pairs))
    mm_taken = set(taken or ())
    qm_taken = set(taken or ())
    for location, policy in pairs:
        origin = f"{location}:{policy.name}"
        out.sources.append(origin)
        mm = MmPolicy(
            _unique(policy.name, mm_taken),
            qmpermm=1 if getattr(policy, "mmpfs", False) else int(policy.qmpermm or 0),
            mmlifetime=int(policy.mmlifetime or 480),
            origin=origin,
        )
        if policy.mmsecmethods:
            mm.offers = list(policy.mmsecmethods)
        out.mmpolicies.append(mm)
        qm_by_action: dict[int, str] = {}
        for rule in policy.rules:
            for spd_rule in _rules(rule, mm.name, origin, qm_by_action, qm_taken, out):
                out.rules.append(spd_rule)
    return out


def _rules(
    rule: Any,
    mmname: str,
    origin: str,
    qm_by_action: dict[int, str],
    qm_taken: set[str],
    out: Compiled,
) -> list[Rule]:
    if not rule.active or getattr(rule, "default_response", False):
        return []
    flist, action = rule.filterlist, rule.filteraction
    if flist is None or action is None:
        return []
    verb = str(action.action).lower()
    qmname = None
    if verb == "negotiate":
        qmname = qm_by_action.get(id(action))
        if qmname is None:
            qmname = _unique(action.name, qm_taken)
            qm_by_action[id(action)] = qmname
            qm = QmPolicy(
                qmname,
                soft=bool(action.soft),
                pfsgroup="GRPMM" if action.qmpfs else "NOPFS",
                origin=origin,
                inpass=bool(getattr(action, "inpass", False)),
            )
            if action.qmsecmethods:
                qm.offers = list(action.qmsecmethods)
            out.qmpolicies.append(qm)
    auth = [Auth(a.kind, a.value) for a in (rule.auth or [])]
    result = []
    for f in flist.filters:
        result.append(
            Rule(
                srcaddr=f.srcaddr,
                dstaddr=f.dstaddr,
                srcmask=f.srcmask or default_mask(f.srcaddr),
                dstmask=f.dstmask or default_mask(f.dstaddr),
                protocol=int(f.protocol or 0),
                srcport=int(f.srcport or 0),
                dstport=int(f.dstport or 0),
                mirrored=bool(f.mirrored),
                conntype=str(rule.conntype or "all").lower(),
                tunnel=rule.tunnel or None,
                mmpolicy=mmname,
                qmpolicy=qmname,
                actioninbound=verb,
                actionoutbound=verb,
                auth=list(auth),
                name=flist.name,
                origin=origin,
            )
        )
    return result


def compile_assigned(host: Any, taken: set[str] | None = None) -> Compiled:
    """The SPD entries of every policy assigned on *host* now."""
    return compile_policies(assigned_policies(host), taken)
