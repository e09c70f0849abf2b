"""``netsh ipsec static`` add/set/delete of policies and rules, and ``delete all``.

Each command runs in one write transaction (:mod:`.command_support`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from . import codec, writes
from .command_support import (
    Env,
    auth_methods,
    auth_text,
    check_new_name,
    fail,
    find_filteraction,
    find_filterlist,
    find_policy,
    qm_text,
    rule_ids,
    run_write,
    select_named,
    touch_policy,
)
from .defaults import DEFAULT_MMSECMETHODS, default_response_rule
from .model import AuthMethod, Policy, Rule

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


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
        check_new_name(conn, "policy", policy.name, "policy_exists")
        policy.modified = codec.time_from_data(env.now())
        pid = writes.insert_policy(conn, policy)
        rule = default_response_rule(bool(args.value("activatedefaultrule")))
        writes.insert_rule(conn, pid, env.guid(), rule, None, None)
        if args.value("assign"):
            _assign(env, conn, pid, True)

    run_write(env, work)


def set_policy(env: Env, args: Any) -> None:
    """``set policy``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid, _ = select_named(conn, "policy", args, "policy_missing")
        if "newname" in args:
            check_new_name(conn, "policy", args["newname"], "policy_exists", pid)
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
                raise fail("gponame_domain_only")
            conn.execute(
                "UPDATE policy SET gponame = ? WHERE id = ?", (args["gponame"] or None, pid)
            )
        if "assign" in args:
            _assign(env, conn, pid, args["assign"])
        touch_policy(env, conn, pid)

    run_write(env, work)


def delete_policy(env: Env, args: Any) -> None:
    """``delete policy``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        if args.get("all"):
            conn.execute("DELETE FROM rule")
            conn.execute("DELETE FROM policy")
            return
        pid = find_policy(conn, args["name"])
        conn.execute("DELETE FROM policy WHERE id = ?", (pid,))

    run_write(env, work)


def delete_all(env: Env, args: Any) -> None:
    """``delete all``: the store change behind the netsh command."""
    run_write(env, writes.delete_everything)


# ---- rules -----------------------------------------------------------------


def add_rule(env: Env, args: Any) -> None:
    """``add rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = find_policy(conn, args["policy"])
        lid = find_filterlist(conn, args["filterlist"])
        aid = find_filteraction(conn, args["filteraction"])
        exists = conn.execute(
            "SELECT 1 FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0",
            (pid, args["name"]),
        ).fetchone()
        if exists and args["name"]:
            raise fail("rule_exists", name=args["name"], policy=args["policy"])
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
        touch_policy(env, conn, pid)

    run_write(env, work)


def _rule_row(conn: sqlite3.Connection, pid: int, args: Any) -> int:
    if "id" in args:
        ids = rule_ids(conn, pid)
        if not 1 <= args["id"] <= len(ids):
            raise fail("rule_id_missing", id=args["id"], policy=args["policy"])
        return ids[args["id"] - 1]
    row = conn.execute(
        "SELECT id FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0",
        (pid, args["name"]),
    ).fetchone()
    if row is None:
        raise fail("rule_missing", name=args["name"], policy=args["policy"])
    return int(row[0])


def set_rule(env: Env, args: Any) -> None:
    """``set rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = find_policy(conn, args["policy"])
        rid = _rule_row(conn, pid, args)
        if "newname" in args:
            clash = conn.execute(
                "SELECT id FROM rule WHERE policy_id = ? AND name = ? AND default_response = 0"
                " AND id <> ?",
                (pid, args["newname"], rid),
            ).fetchone()
            if clash:
                raise fail("rule_exists", name=args["newname"], policy=args["policy"])
            conn.execute("UPDATE rule SET name = ? WHERE id = ?", (args["newname"], rid))
        updates: dict[str, Any] = {}
        if "description" in args:
            updates["description"] = args["description"]
        if "filterlist" in args:
            updates["filterlist_id"] = find_filterlist(conn, args["filterlist"])
        if "filteraction" in args:
            updates["filteraction_id"] = find_filteraction(conn, args["filteraction"])
        if "tunnel" in args:
            updates["tunnel"] = args["tunnel"]
        if "conntype" in args:
            updates["conntype"] = args["conntype"]
        if "activate" in args:
            updates["active"] = int(args["activate"])
        methods = auth_methods(args)
        if methods is not None:
            updates["auth"] = auth_text(methods)
        for column, value in updates.items():
            conn.execute(f"UPDATE rule SET {column} = ? WHERE id = ?", (value, rid))
        touch_policy(env, conn, pid)

    run_write(env, work)


def set_defaultrule(env: Env, args: Any) -> None:
    """``set defaultrule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = find_policy(conn, args["policy"])
        updates: dict[str, Any] = {}
        if "qmpfs" in args:
            updates["qmpfs"] = int(args["qmpfs"])
        if "activate" in args:
            updates["active"] = int(args["activate"])
        if "qmsecmethods" in args:
            updates["qmsecmethods"] = qm_text(args["qmsecmethods"])
        methods = auth_methods(args)
        if methods is not None:
            updates["auth"] = auth_text(methods)
        for column, value in updates.items():
            conn.execute(
                f"UPDATE rule SET {column} = ? WHERE policy_id = ? AND default_response = 1",
                (value, pid),
            )
        touch_policy(env, conn, pid)

    run_write(env, work)


def delete_rule(env: Env, args: Any) -> None:
    """``delete rule``: the store change behind the netsh command."""

    def work(conn: sqlite3.Connection) -> None:
        pid = find_policy(conn, args["policy"])
        if args.get("all"):
            conn.execute("DELETE FROM rule WHERE policy_id = ? AND default_response = 0", (pid,))
        else:
            conn.execute("DELETE FROM rule WHERE id = ?", (_rule_row(conn, pid, args),))
        touch_policy(env, conn, pid)

    run_write(env, work)
