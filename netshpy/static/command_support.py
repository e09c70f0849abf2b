"""What the ``netsh ipsec static`` add/set/delete commands share: the store they act on
(:class:`Env`), lookups of objects by name, value rules and the write transaction.

The commands themselves are in :mod:`.filter_commands` (filter lists, filters,
filter actions) and :mod:`.policy_commands` (policies and rules). Each takes an
:class:`Env` and the typed arguments, runs in one write transaction, and raises
:class:`~netshpy.errors.NetshError` with the IPsec error text on failure (the
store is then unchanged).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from .. import messages
from ..errors import NetshError
from ..host import Host, random_guid
from ..records import dataclass
from ..values import Address, QmOffer, pair_with_server
from . import codec
from .model import AuthMethod, Filter
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


def fail(key: str, **values: object) -> NetshError:
    return NetshError(messages.ipsec(key, **values))


# ---- lookups --------------------------------------------------------------


def find_one(conn: sqlite3.Connection, table: str, column: str, value: str) -> int | None:
    row = conn.execute(f"SELECT id FROM {table} WHERE {column} = ?", (value,)).fetchone()
    return None if row is None else int(row[0])


def select_named(conn: sqlite3.Connection, table: str, args: Any, missing: str) -> tuple[int, str]:
    """The row id and name of the object *args* names by ``name=`` or ``guid=``."""
    if "guid" in args:
        row = conn.execute(
            f"SELECT id, name FROM {table} WHERE guid = ? COLLATE NOCASE", (args["guid"],)
        ).fetchone()
        if row is None:
            raise fail("guid_missing", guid=args["guid"])
    else:
        row = conn.execute(
            f"SELECT id, name FROM {table} WHERE name = ?", (args["name"],)
        ).fetchone()
        if row is None:
            raise fail(missing, name=args["name"])
    return int(row[0]), str(row[1])


def find_policy(conn: sqlite3.Connection, name: str) -> int:
    pid = find_one(conn, "policy", "name", name)
    if pid is None:
        raise fail("policy_missing", name=name)
    return pid


def find_filterlist(conn: sqlite3.Connection, name: str) -> int:
    lid = find_one(conn, "filterlist", "name", name)
    if lid is None:
        raise fail("filterlist_missing", name=name)
    return lid


def find_filteraction(conn: sqlite3.Connection, name: str) -> int:
    aid = find_one(conn, "filteraction", "name", name)
    if aid is None:
        raise fail("filteraction_missing", name=name)
    return aid


def rule_ids(conn: sqlite3.Connection, policy_id: int) -> list[int]:
    """Row ids of the policy's ordinary rules; rule ID n is element n-1."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM rule WHERE policy_id = ? AND default_response = 0 ORDER BY id",
            (policy_id,),
        )
    ]


def check_new_name(conn: sqlite3.Connection, table: str, name: str, exists: str, own: int = 0):
    other = find_one(conn, table, "name", name)
    if other is not None and other != own:
        raise fail(exists, name=name)


def touch_policy(env: Env, conn: sqlite3.Connection, policy_id: int) -> None:
    conn.execute("UPDATE policy SET modified = ? WHERE id = ?", (env.now(), policy_id))


# ---- value rules ----------------------------------------------------------


def mask_for(address: Address, given: str | None) -> str:
    if address.kind == "any":
        return ANY_MASK
    if address.kind in ("me", "server"):
        return HOST_MASK
    return given or HOST_MASK


def make_filter(args: Any) -> Filter:
    """The filter ``add filter``/``delete filter`` arguments describe, validated."""
    pair = pair_with_server(args["srcaddr"], args["dstaddr"])
    if pair is None:
        raise fail("server_needs_me")
    src, dst = pair
    protocol = args.value("protocol")
    srcport, dstport = args.value("srcport"), args.value("dstport")
    if (srcport or dstport) and protocol not in (TCP, UDP):
        raise fail("port_needs_tcp_udp")
    return Filter(
        src,
        dst,
        mask_for(src, args.get("srcmask")),
        mask_for(dst, args.get("dstmask")),
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


def qm_text(offers: list[QmOffer]) -> str:
    return codec.dumps(codec.qm_to_data(offers))


def auth_text(methods: list[AuthMethod]) -> str:
    return codec.dumps(codec.auth_to_data(methods))


def run_write(env: Env, work: Callable[[sqlite3.Connection], None]) -> None:
    with env.store.write() as conn:
        work(conn)
