"""What each ``netsh ipsec static`` add/set/delete command does to a store.

Each function takes an :class:`Env` (the selected store, the clock and GUID
source) and the typed arguments, runs in one write transaction, and raises
:class:`~netshpy.errors.NetshError` with the IPsec error text on failure
(the store is then unchanged).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime

from .. import messages
from ..errors import NetshError
from ..host import Host, random_guid
from ..records import dataclass
from ..values import Address, QmOffer, pair_with_server
from . import codec, writes
from .defaults import DEFAULT_MMSECMETHODS, DEFAULT_QMSECMETHODS, default_response_rule
from .model import AuthMethod, Filter, FilterAction, FilterList, Policy, Rule
from .store import Store

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

TCP, UDP = 6, 17
HOST_MASK = "255.255.255.255"
ANY_MASK = "0.0.0.0"


@dataclass
class Env:
    """Where a command acts: the host and its selected store."""

    host: Host
    store: Store
    location: str
    domain: str | None = None

    def now(self) -> str:
        """The current time, as stored."""
        when: datetime = self.host.clock()
        return codec.time_to_data(when)

    def guid(self) -> str:
        """A new GUID that no object of the store holds yet.

        Imported objects keep their GUIDs, and a deterministic host counts
        from 1 on every computer: a drawn GUID may be taken already.
        """
        conn = self.store.conn
        draw = self.host.new_guid
        for attempt in range(100_000):
            if attempt == 1_000:  # a source that keeps repeating itself: random ones now
                draw = random_guid
            guid = str(draw()).upper()
            if conn.execute(_GUID_TAKEN, (guid,) * 4).fetchone() is None:
                return guid
        raise NetshError(messages.ipsec("store_unavailable"))


_GUID_TAKEN = " UNION ALL ".join(
    f"SELECT 1 FROM {table} WHERE guid = ?"
    for table in ("policy", "rule", "filterlist", "filteraction")
)


def _fail(key: str, **values: object) -> NetshError:
    return NetshError(messages.ipsec(key, **values))


# ---- lookups --------------------------------------------------------------


def _one(conn: sqlite3.Connection, table: str, column: str, value: str) -> int | None:
    row = conn.execute(f"SELECT id FROM {table} WHERE {column} = ?", (value,)).fetchone()
    return None if row is None else int(row[0])


def _select(conn: sqlite3.Connection, table: str, args: Any, missing: str) -> tuple[int, str]:
    """The row id and name of the object *args* names by ``name=`` or ``guid=``."""
    if "guid" in args:
        row = conn.execute(
            f"SELECT id, name FROM {table} WHERE guid = ? COLLATE NOCASE", (args["guid"],)
        ).fetchone()
        if row is None:
            raise _fail("guid_missing", guid=args["guid"])
    else:
        row = conn.execute(
            f"SELECT id, name FROM {table} WHERE name = ?", (args["name"],)
        ).fetchone()
        if row is None:
            raise _fail(missing, name=args["name"])
    return int(row[0]), str(row[1])


def _policy_id(conn: sqlite3.Connection, name: str) -> int:
    pid = _one(conn, "policy", "name", name)
    if pid is None:
        raise _fail("policy_missing", name=name)
    return pid


def _filterlist_id(conn: sqlite3.Connection, name: str) -> int:
    lid = _one(conn, "filterlist", "name", name)
    if lid is None:
        raise _fail("filterlist_missing", name=name)
    return lid


def _filteraction_id(conn: sqlite3.Connection, name: str) -> int:
    aid = _one(conn, "filteraction", "name", name)
    if aid is None:
        raise _fail("filteraction_missing", name=name)
    return aid


def _rule_ids(conn: sqlite3.Connection, policy_id: int) -> list[int]:
    """Row ids of the policy's ordinary rules; rule ID n is element n-1."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM rule WHERE policy_id = ? AND default_response = 0 ORDER BY id",
            (policy_id,),
        )
    ]


def _check_new_name(conn: sqlite3.Connection, table: str, name: str, exists: str, own: int = 0):
    other = _one(conn, table, "name", name)
    if other is not None and other != own:
        raise _fail(exists, name=name)


def _touch_policy(env: Env, conn: sqlite3.Connection, policy_id: int) -> None:
    conn.execute("UPDATE policy SET modified = ? WHERE id = ?", (env.now(), policy_id))


# ---- value rules ----------------------------------------------------------


def _mask(address: Address, given: str | None) -> str:
    if address.kind == "any":
        return ANY_MASK
    if address.kind in ("me", "server"):
        return HOST_MASK
    return given or HOST_MASK


def make_filter(args: Any) -> Filter:
    """The filter ``add filter``/``delete filter`` arguments describe, validated."""
    pair = pair_with_server(args["srcaddr"], args["dstaddr"])
    if pair is None:
        raise _fail("server_needs_me")
    src, dst = pair
    protocol = args.value("protocol")
    srcport, dstport = args.value("srcport"), args.value("dstport")
    if (srcport or dstport) and protocol not in (TCP, UDP):
        raise _fail("port_needs_tcp_udp")
    return Filter(
        src,
        dst,
        _mask(src, args.get("srcmask")),
        _mask(dst, args.get("dstmask")),
        protocol,
        srcport,
        dstport,
        bool(args.value("mirrored")),
        args.get("description", ""),
    )


def auth_methods(args: Any) -> list[AuthMethod] | None:
    """The authentication methods given, in command-line order (None: none given)."""
    if not any(t in args for t in ("kerberos", "psk", "rootca")):
        return None
    methods: list[AuthMethod] = []
    for tag, value in args.items():
        if tag == "kerberos" and value:
            methods.append(AuthMethod("kerberos"))
        elif tag == "psk":
            methods.append(AuthMethod("psk", value))
        elif tag == "rootca":
            methods.extend(AuthMethod("rootca", ca) for ca in value)
    return methods or [AuthMethod("kerberos")]


def _qm(offers: list[QmOffer]) -> str:
    return codec.dumps(codec.qm_to_data(offers))


def _auth(methods: list[AuthMethod]) -> str:
    return codec.dumps(codec.auth_to_data(methods))


def _run(env: Env, work: Callable[[sqlite3.Connection], None]) -> None:
    with env.store.write() as conn:
        work(conn)


# ---- filter lists and filters --------------------------------------------


def add_filterlist(env: Env, args: Any) -> None:
    """``add filterlist``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        _check_new_name(conn, "filterlist", args["name"], "filterlist_exists")
        flist = FilterList(args["name"], args.get("description", ""), env.guid(), datetime.min)
        conn.execute(
            "INSERT INTO filterlist(guid, name, description, modified) VALUES (?, ?, ?, ?)",
            (flist.guid, flist.name, flist.description, env.now()),
        )

    _run(env, work)


def set_filterlist(env: Env, args: Any) -> None:
    """``set filterlist``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        lid, _ = _select(conn, "filterlist", args, "filterlist_missing")
        if "newname" in args:
            _check_new_name(conn, "filterlist", args["newname"], "filterlist_exists", lid)
            conn.execute("UPDATE filterlist SET name = ? WHERE id = ?", (args["newname"], lid))
        if "description" in args:
            conn.execute(
                "UPDATE filterlist SET description = ? WHERE id = ?", (args["description"], lid)
            )
        conn.execute("UPDATE filterlist SET modified = ? WHERE id = ?", (env.now(), lid))

    _run(env, work)


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
            raise _fail("dns_unresolved", name=address.value)
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
        lid = _one(conn, "filterlist", "name", args["filterlist"])
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

    _run(env, work)


def delete_filter(env: Env, args: Any) -> None:
    """``delete filter``: the store change behind the netsh command."""
    spec = make_filter(args)
    try:  # a DNS name is resolved again; a filter made before that keeps the bare name
        specs = [*resolved_filters(spec, _lookup(env)), spec]
    except NetshError:
        specs = [spec]

    def work(conn: sqlite3.Connection) -> None:
        lid = _filterlist_id(conn, args["filterlist"])
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
            raise _fail("filter_missing", name=args["filterlist"])
        conn.execute("UPDATE filterlist SET modified = ? WHERE id = ?", (env.now(), lid))

    _run(env, work)


def _delete_shared(env: Env, args: Any, table: str, column: str, missing: str, in_use: str):
    def work(conn: sqlite3.Connection) -> list[str]:
        if args.get("all"):
            rows = conn.execute(f"SELECT id, name FROM {table} ORDER BY id").fetchall()
        else:
            rows = conn.execute(
                f"SELECT id, name FROM {table} WHERE name = ?", (args["name"],)
            ).fetchall()
            if not rows:
                raise _fail(missing, name=args["name"])
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
        _check_new_name(conn, "filteraction", fa.name, "filteraction_exists")
        fa.modified = codec.time_from_data(env.now())
        writes.insert_filteraction(conn, fa)

    _run(env, work)


def set_filteraction(env: Env, args: Any) -> None:
    """``set filteraction``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        aid, _ = _select(conn, "filteraction", args, "filteraction_missing")
        if "newname" in args:
            _check_new_name(conn, "filteraction", args["newname"], "filteraction_exists", aid)
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
            (_qm(offers), env.now(), aid),
        )

    _run(env, work)


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


# ---- policies --------------------------------------------------------------


def _assign(env: Env, conn: sqlite3.Connection, policy_id: int, assign: bool) -> None:
    if env.location == "domain":
        return  # assign has no effect in the domain store [V]
    if assign:
        conn.execute("UPDATE policy SET assigned = 0 WHERE id <> ?", (policy_id,))
    conn.execute("UPDATE policy SET assigned = ? WHERE id = ?", (int(assign), policy_id))


def add_policy(env: Env, args: Any) -> None:
    """``add policy``: the store change behind the netsh command."""
    mmpfs = bool(args.value("mmpfs"))
    policy = Policy(
        args["name"],
        args.get("description", ""),
        env.guid(),
        datetime.min,
        False,
        mmpfs,
        1 if mmpfs else args.value("qmpermm"),
        args.value("mmlifetime"),
        args.value("pollinginterval"),
        args.get("mmsecmethods") or list(DEFAULT_MMSECMETHODS),
        [],
    )

    def work(conn: sqlite3.Connection) -> None:
        _check_new_name(conn, "policy", policy.name, "policy_exists")
        policy.modified = codec.time_from_data(env.now())
        pid = writes.insert_policy(conn, policy)
        rule = default_response_rule(bool(args.value("activatedefaultrule")))
        writes.insert_rule(conn, pid, env.guid(), rule, None, None)
        if args.value("assign"):
            _assign(env, conn, pid, True)

    _run(env, work)


def set_policy(env: Env, args: Any) -> None:
    """``set policy``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid, _ = _select(conn, "policy", args, "policy_missing")
        if "newname" in args:
            _check_new_name(conn, "policy", args["newname"], "policy_exists", pid)
            conn.execute("UPDATE policy SET name = ? WHERE id = ?", (args["newname"], pid))
        for tag in ("description", "mmpfs", "qmpermm", "mmlifetime", "pollinginterval"):
            if tag in args:
                value = args[tag]
                value = int(value) if isinstance(value, bool) else value
                conn.execute(f"UPDATE policy SET {tag} = ? WHERE id = ?", (value, pid))
        if args.get("mmpfs"):
            conn.execute("UPDATE policy SET qmpermm = 1 WHERE id = ?", (pid,))
        if "mmsecmethods" in args:
            conn.execute(
                "UPDATE policy SET mmsecmethods = ? WHERE id = ?",
                (codec.dumps(codec.mm_to_data(args["mmsecmethods"])), pid),
            )
        if "activatedefaultrule" in args:
            conn.execute(
                "UPDATE rule SET active = ? WHERE policy_id = ? AND default_response = 1",
                (int(args["activatedefaultrule"]), pid),
            )
        if "gponame" in args:
            if env.location != "domain":
                raise _fail("gponame_domain_only")
            conn.execute(
                "UPDATE policy SET gponame = ? WHERE id = ?", (args["gponame"] or None, pid)
            )
        if "assign" in args:
            _assign(env, conn, pid, args["assign"])
        _touch_policy(env, conn, pid)

    _run(env, work)


def delete_policy(env: Env, args: Any) -> None:
    """``delete policy``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        if args.get("all"):
            conn.execute("DELETE FROM rule")
            conn.execute("DELETE FROM policy")
            return
        pid = _policy_id(conn, args["name"])
        conn.execute("DELETE FROM policy WHERE id = ?", (pid,))

    _run(env, work)


def delete_all(env: Env, args: Any) -> None:
    """``delete all``: the store change behind the netsh command."""
    _run(env, writes.delete_everything)


# ---- rules -----------------------------------------------------------------


def add_rule(env: Env, args: Any) -> None:
    """``add rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = _policy_id(conn, args["policy"])
        lid = _filterlist_id(conn, args["filterlist"])
        aid = _filteraction_id(conn, args["filteraction"])
        exists = conn.execute(
            "SELECT 1 FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0",
            (pid, args["name"]),
        ).fetchone()
        if exists and args["name"]:
            raise _fail("rule_exists", name=args["name"], policy=args["policy"])
        rule = Rule(
            0,
            args["name"],
            args.get("description", ""),
            None,
            None,
            args.get("tunnel"),
            args.value("conntype"),
            bool(args.value("activate")),
            auth_methods(args) or [AuthMethod("kerberos")],
        )
        writes.insert_rule(conn, pid, env.guid(), rule, lid, aid)
        _touch_policy(env, conn, pid)

    _run(env, work)


def _rule_row(conn: sqlite3.Connection, pid: int, args: Any) -> int:
    if "id" in args:
        ids = _rule_ids(conn, pid)
        if not 1 <= args["id"] <= len(ids):
            raise _fail("rule_id_missing", id=args["id"], policy=args["policy"])
        return ids[args["id"] - 1]
    row = conn.execute(
        "SELECT id FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0",
        (pid, args["name"]),
    ).fetchone()
    if row is None:
        raise _fail("rule_missing", name=args["name"], policy=args["policy"])
    return int(row[0])


def set_rule(env: Env, args: Any) -> None:
    """``set rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = _policy_id(conn, args["policy"])
        rid = _rule_row(conn, pid, args)
        if "newname" in args:
            clash = conn.execute(
                "SELECT id FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0"
                " AND id <> ?",
                (pid, args["newname"], rid),
            ).fetchone()
            if clash:
                raise _fail("rule_exists", name=args["newname"], policy=args["policy"])
            conn.execute("UPDATE rule SET name = ? WHERE id = ?", (args["newname"], rid))
        updates: dict[str, Any] = {}
        if "description" in args:
            updates["description"] = args["description"]
        if "filterlist" in args:
            updates["filterlist_id"] = _filterlist_id(conn, args["filterlist"])
        if "filteraction" in args:
            updates["filteraction_id"] = _filteraction_id(conn, args["filteraction"])
        if "tunnel" in args:
            updates["tunnel"] = args["tunnel"]
        if "conntype" in args:
            updates["conntype"] = args["conntype"]
        if "activate" in args:
            updates["active"] = int(args["activate"])
        methods = auth_methods(args)
        if methods is not None:
            updates["auth"] = _auth(methods)
        for column, value in updates.items():
            conn.execute(f"UPDATE rule SET {column} = ? WHERE id = ?", (value, rid))
        _touch_policy(env, conn, pid)

    _run(env, work)


def set_defaultrule(env: Env, args: Any) -> None:
    """``set defaultrule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = _policy_id(conn, args["policy"])
        updates: dict[str, Any] = {}
        if "qmpfs" in args:
            updates["qmpfs"] = int(args["qmpfs"])
        if "activate" in args:
            updates["active"] = int(args["activate"])
        if "qmsecmethods" in args:
            updates["qmsecmethods"] = _qm(args["qmsecmethods"])
        methods = auth_methods(args)
        if methods is not None:
            updates["auth"] = _auth(methods)
        for column, value in updates.items():
            conn.execute(
                f"UPDATE rule SET {column} = ? WHERE policy_id = ? AND default_response = 1",
                (value, pid),
            )
        _touch_policy(env, conn, pid)

    _run(env, work)


def delete_rule(env: Env, args: Any) -> None:
    """``delete rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = _policy_id(conn, args["policy"])
        if args.get("all"):
            conn.execute("DELETE FROM rule WHERE policy_id = ? AND default_response = 0", (pid,))
        else:
            conn.execute("DELETE FROM rule WHERE id = ?", (_rule_row(conn, pid, args),))
        _touch_policy(env, conn, pid)

    _run(env, work)
