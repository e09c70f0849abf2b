"""Row-level writes of the static store (called inside a transaction)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from . import codec
from .model import Filter, FilterAction, FilterList, Policy, Rule


def derived_guid(parent: str, index: int) -> str:
    """A stable GUID for the *index*-th child of *parent* (rules have no visible GUID)."""
    import uuid  # uuid pulls in platform: keep it off the start-up path

    return "{" + str(uuid.uuid5(uuid.NAMESPACE_OID, f"{parent}/{index}")).upper() + "}"


def insert_filterlist(conn: sqlite3.Connection, flist: FilterList) -> int:
    """Insert *flist* and its filters; return its row id."""
    cur = conn.execute(
        "INSERT INTO filterlist(guid, name, description, modified) VALUES (?, ?, ?, ?)",
        (flist.guid, flist.name, flist.description, codec.time_to_data(flist.modified)),
    )
    list_id = int(cur.lastrowid or 0)
    insert_filters(conn, list_id, flist.filters)
    return list_id


def filter_row(list_id: int, f: Filter) -> tuple:
    """The ``filter`` table row of *f*."""
    return (
        list_id,
        f.description,
        int(f.mirrored),
        f.srcaddr.kind,
        codec.stored_value(f.srcaddr),
        f.srcmask,
        f.dstaddr.kind,
        codec.stored_value(f.dstaddr),
        f.dstmask,
        f.protocol,
        f.srcport,
        f.dstport,
    )


def insert_filters(conn: sqlite3.Connection, list_id: int, filters: Iterable[Filter]) -> None:
    """Append *filters* to the list *list_id*."""
    conn.executemany(
        "INSERT INTO filter(list_id, description, mirrored, src_kind, src_value, srcmask,"
        " dst_kind, dst_value, dstmask, protocol, srcport, dstport)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (filter_row(list_id, f) for f in filters),
    )


def insert_filteraction(conn: sqlite3.Connection, action: FilterAction) -> int:
    """Insert *action*; return its row id."""
    cur = conn.execute(
        "INSERT INTO filteraction(guid, name, description, modified, action, qmpfs, inpass,"
        " soft, qmsecmethods) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            action.guid,
            action.name,
            action.description,
            codec.time_to_data(action.modified),
            action.action,
            int(action.qmpfs),
            int(action.inpass),
            int(action.soft),
            codec.dumps(codec.qm_to_data(action.qmsecmethods)),
        ),
    )
    return int(cur.lastrowid or 0)


def insert_policy(conn: sqlite3.Connection, policy: Policy) -> int:
    """Insert *policy* without its rules; return its row id."""
    cur = conn.execute(
        "INSERT INTO policy(guid, name, description, modified, assigned, mmpfs, qmpermm,"
        " mmlifetime, pollinginterval, mmsecmethods, gponame)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            policy.guid,
            policy.name,
            policy.description,
            codec.time_to_data(policy.modified),
            int(policy.assigned),
            int(policy.mmpfs),
            policy.qmpermm,
            policy.mmlifetime,
            policy.pollinginterval,
            codec.dumps(codec.mm_to_data(policy.mmsecmethods)),
            policy.gponame,
        ),
    )
    return int(cur.lastrowid or 0)


def insert_rule(
    conn: sqlite3.Connection,
    policy_id: int,
    guid: str,
    rule: Rule,
    filterlist_id: int | None,
    filteraction_id: int | None,
) -> int:
    """Insert *rule* into the policy *policy_id*; return its row id."""
    cur = conn.execute(
        "INSERT INTO rule(policy_id, guid, name, description, filterlist_id, filteraction_id,"
        " tunnel, conntype, active, auth, default_response, qmpfs, qmsecmethods)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            policy_id,
            guid,
            rule.name,
            rule.description,
            filterlist_id,
            filteraction_id,
            rule.tunnel,
            rule.conntype,
            int(rule.active),
            codec.dumps(codec.auth_to_data(rule.auth)),
            int(rule.default_response),
            int(rule.qmpfs),
            codec.dumps(codec.qm_to_data(rule.qmsecmethods)),
        ),
    )
    return int(cur.lastrowid or 0)


def insert_everything(
    conn: sqlite3.Connection,
    lists: list[FilterList],
    actions: list[FilterAction],
    policies: list[Policy],
) -> None:
    """Insert whole objects (seed and import); rules reference lists/actions by GUID."""
    list_ids = {fl.guid: insert_filterlist(conn, fl) for fl in lists}
    action_ids = {fa.guid: insert_filteraction(conn, fa) for fa in actions}
    for policy in policies:
        policy_id = insert_policy(conn, policy)
        for index, rule in enumerate(policy.rules):
            insert_rule(
                conn,
                policy_id,
                derived_guid(policy.guid, index),
                rule,
                list_ids[rule.filterlist.guid] if rule.filterlist else None,
                action_ids[rule.filteraction.guid] if rule.filteraction else None,
            )


def delete_everything(conn: sqlite3.Connection) -> None:
    """Empty the store (``delete all``)."""
    conn.execute("DELETE FROM rule")
    conn.execute("DELETE FROM policy")
    conn.execute("DELETE FROM filter")
    conn.execute("DELETE FROM filterlist")
    conn.execute("DELETE FROM filteraction")
