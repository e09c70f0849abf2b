"""Read-only access to the static stores for other parts of netshpy.

The dynamic side (Policy Agent emulation) and the lab code read policies
through these functions; they never write.
"""

from __future__ import annotations

from ..host import Host
from .model import FilterAction, FilterList, Policy


def _contents(host: Host, location: str, domain: str | None):
    from .stores import stores

    return stores(host).get(location, domain).load()


def generation(host: Host, location: str = "local", domain: str | None = None) -> str:
    """A stamp of the *location* store that changes whenever it is written."""
    from .stores import stores

    store = stores(host).get(location, domain)
    return f"{store.path}#{store.generation()}"


def policies(host: Host, location: str = "local", domain: str | None = None) -> list[Policy]:
    """Every policy of the *location* store (``local``, ``persistent`` or ``domain``)."""
    return _contents(host, location, domain).policies


def assigned_policy(host: Host, location: str, domain: str | None = None) -> Policy | None:
    """The policy assigned in the *location* store, or None.

    In the domain store a policy counts as assigned when a GPO names it
    (``set policy gponame=``), since ``assign`` is ignored there.
    """
    for policy in policies(host, location, domain):
        if policy.assigned or (location == "domain" and policy.gponame):
            return policy
    return None


def filterlists(host: Host, location: str = "local", domain: str | None = None) -> list[FilterList]:
    """Every filter list of the *location* store, with its filters."""
    return _contents(host, location, domain).filterlists


def filteractions(
    host: Host, location: str = "local", domain: str | None = None
) -> list[FilterAction]:
    """Every filter action of the *location* store."""
    return _contents(host, location, domain).filteractions


_NAME_QUERIES = {
    "policy": ("SELECT name FROM policy", ()),
    "filterlist": ("SELECT name FROM filterlist", ()),
    "filteraction": ("SELECT name FROM filteraction", ()),
    "rule": (
        "SELECT rule.name FROM rule JOIN policy ON policy.id = rule.policy_id "
        "WHERE rule.default_response = 0 AND rule.name != ''",
        (),
    ),
}


def names(
    host: Host,
    kind: str,
    location: str = "local",
    domain: str | None = None,
    policy: str | None = None,
) -> list[str]:
    """The names of every *kind* object (policy, filterlist, filteraction, rule) of a store.

    Reads only the names: cheap enough for completion on a store of thousands
    of objects. For rules, *policy* limits them to one policy.
    """
    from .stores import stores

    sql, no_params = _NAME_QUERIES[kind]
    params: tuple[str, ...] = no_params
    if kind == "rule" and policy is not None:
        sql, params = sql + " AND policy.name = ?", (policy,)
    with stores(host).get(location, domain).read() as conn:
        return [row[0] for row in conn.execute(sql, params)]
