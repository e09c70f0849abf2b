"""``netsh ipsec static`` add/set/delete of filter lists, filters and filter actions.

Each command runs in one write transaction (:mod:`.command_support`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime

from .. import messages
from ..errors import NetshError
from ..values import Address, QmOffer
from . import codec, writes
from .command_support import (
    Env,
    check_new_name,
    fail,
    find_filterlist,
    find_one,
    make_filter,
    qm_text,
    run_write,
    select_named,
)
from .defaults import DEFAULT_QMSECMETHODS
from .model import Filter, FilterAction, FilterList

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


def add_filterlist(env: Env, args: Any) -> None:
    """``add filterlist``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        check_new_name(conn, "filterlist", args["name"], "filterlist_exists")
        flist = FilterList(args["name"], args.get("description", ""), env.guid(), datetime.min)
        conn.execute(
            "INSERT INTO filterlist(guid, name, description, modified) VALUES (?, ?, ?, ?)",
            (flist.guid, flist.name, flist.description, env.now()),
        )

    run_write(env, work)


def set_filterlist(env: Env, args: Any) -> None:
    """``set filterlist``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        lid, _ = select_named(conn, "filterlist", args, "filterlist_missing")
        if "newname" in args:
            check_new_name(conn, "filterlist", args["newname"], "filterlist_exists", lid)
            conn.execute("UPDATE filterlist SET name = ? WHERE id = ?", (args["newname"], lid))
        if "description" in args:
            conn.execute(
                "UPDATE filterlist SET description = ? WHERE id = ?", (args["description"], lid)
            )
        conn.execute("UPDATE filterlist SET modified = ? WHERE id = ?", (env.now(), lid))

    run_write(env, work)


def _lookup(env: Env) -> Callable[[str], list[str]]:
    from ..computer.resolver import resolver

    return resolver(env.host).lookup


def resolved_filters(f: Filter, lookup: Callable[[str], list[str]]) -> list[Filter]:
    """*f* with its DNS names resolved: one filter per address (netsh resolves a
    name when the filter is made and keeps the name beside the address)."""

    def addresses(address: Address) -> list[Address]:
        if address.kind != "dns" or address.resolved:
            return [address]
        found = lookup(address.value)
        if not found:
            raise fail("dns_unresolved", name=address.value)
        return [Address("dns", address.value, ip) for ip in found]

    return [
        Filter(
            src,
            dst,
            f.srcmask,
            f.dstmask,
            f.protocol,
            f.srcport,
            f.dstport,
            f.mirrored,
            f.description,
        )
        for src in addresses(f.srcaddr)
        for dst in addresses(f.dstaddr)
    ]


def add_filter(env: Env, args: Any) -> None:
    """``add filter``: the store change behind the netsh command."""
    new = resolved_filters(make_filter(args), _lookup(env))

    def work(conn: sqlite3.Connection) -> None:
        lid = find_one(conn, "filterlist", "name", args["filterlist"])
        now = env.now()
        if lid is None:
            cur = conn.execute(
                "INSERT INTO filterlist(guid, name, description, modified) VALUES (?, ?, '', ?)",
                (env.guid(), args["filterlist"], now),
            )
            lid = int(cur.lastrowid or 0)
        else:
            conn.execute("UPDATE filterlist SET modified = ? WHERE id = ?", (now, lid))
        writes.insert_filters(conn, lid, new)

    run_write(env, work)


def delete_filter(env: Env, args: Any) -> None:
    """``delete filter``: the store change behind the netsh command."""
    spec = make_filter(args)
    try:  # a DNS name is resolved again; a filter made before that keeps the bare name
        specs = [*resolved_filters(spec, _lookup(env)), spec]
    except NetshError:
        specs = [spec]

    def work(conn: sqlite3.Connection) -> None:
        lid = find_filterlist(conn, args["filterlist"])
        deleted = 0
        for one in specs:
            row = writes.filter_row(lid, one)
            # every field but the description identifies the filter
            cur = conn.execute(
                "DELETE FROM filter WHERE list_id = ? AND mirrored = ? AND src_kind = ?"
                " AND src_value = ? COLLATE NOCASE AND srcmask = ? AND dst_kind = ?"
                " AND dst_value = ? COLLATE NOCASE AND dstmask = ? AND protocol = ?"
                " AND srcport = ? AND dstport = ?",
                (row[0], *row[2:]),
            )
            deleted += cur.rowcount
        if deleted == 0:
            raise fail("filter_missing", name=args["filterlist"])
        conn.execute("UPDATE filterlist SET modified = ? WHERE id = ?", (env.now(), lid))

    run_write(env, work)


def _delete_shared(env: Env, args: Any, table: str, column: str, missing: str, in_use: str):
    def work(conn: sqlite3.Connection) -> list[str]:
        if args.get("all"):
            rows = conn.execute(f"SELECT id, name FROM {table} ORDER BY id").fetchall()
        else:
            rows = conn.execute(
                f"SELECT id, name FROM {table} WHERE name = ?", (args["name"],)
            ).fetchall()
            if not rows:
                raise fail(missing, name=args["name"])
        errors = []
        for oid, name in rows:
            used = conn.execute(f"SELECT 1 FROM rule WHERE {column} = ? LIMIT 1", (oid,)).fetchone()
            if used:
                errors.append(messages.ipsec(in_use, name=name))
            else:
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (oid,))
        return errors

    with env.store.write() as conn:
        errors = work(conn)
    if errors:
        raise NetshError("\n".join(errors))


def delete_filterlist(env: Env, args: Any) -> None:
    """``delete filterlist``: the store change behind the netsh command."""
    _delete_shared(
        env, args, "filterlist", "filterlist_id", "filterlist_missing", "filterlist_in_use"
    )


# ---- filter actions --------------------------------------------------------


def add_filteraction(env: Env, args: Any) -> None:
    """``add filteraction``: the store change behind the netsh command."""
    action = args.value("action")
    offers = args.get("qmsecmethods") or list(DEFAULT_QMSECMETHODS)
    fa = FilterAction(
        args["name"],
        args.get("description", ""),
        env.guid(),
        datetime.min,
        action,
        bool(args.value("qmpfs")),
        bool(args.value("inpass")),
        bool(args.value("soft")),
        offers if action == "negotiate" else [],
    )

    def work(conn: sqlite3.Connection) -> None:
        check_new_name(conn, "filteraction", fa.name, "filteraction_exists")
        fa.modified = codec.time_from_data(env.now())
        writes.insert_filteraction(conn, fa)

    run_write(env, work)


def set_filteraction(env: Env, args: Any) -> None:
    """``set filteraction``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        aid, _ = select_named(conn, "filteraction", args, "filteraction_missing")
        if "newname" in args:
            check_new_name(conn, "filteraction", args["newname"], "filteraction_exists", aid)
            conn.execute("UPDATE filteraction SET name = ? WHERE id = ?", (args["newname"], aid))
        for tag in ("description", "qmpfs", "inpass", "soft", "action"):
            if tag in args:
                value = args[tag]
                value = int(value) if isinstance(value, bool) else value
                conn.execute(f"UPDATE filteraction SET {tag} = ? WHERE id = ?", (value, aid))
        action, stored = conn.execute(
            "SELECT action, qmsecmethods FROM filteraction WHERE id = ?", (aid,)
        ).fetchone()
        if action != "negotiate":
            offers: list[QmOffer] = []
        elif "qmsecmethods" in args:
            offers = args["qmsecmethods"]
        else:
            offers = codec.qm_from_data(json.loads(stored)) or list(DEFAULT_QMSECMETHODS)
        conn.execute(
            "UPDATE filteraction SET qmsecmethods = ?, modified = ? WHERE id = ?",
            (qm_text(offers), env.now(), aid),
        )

    run_write(env, work)


def delete_filteraction(env: Env, args: Any) -> None:
    """``delete filteraction``: the store change behind the netsh command."""
    _delete_shared(
        env,
        args,
        "filteraction",
        "filteraction_id",
        "filteraction_missing",
        "filteraction_in_use",
    )
