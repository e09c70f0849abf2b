"""``exportpolicy`` / ``importpolicy`` files: netshpy's own format.

Windows writes binary ``.ipsec`` files; netshpy writes UTF-8 JSON::

    {"format": "netshpy-ipsec-policy", "version": 1,
     "sha256": "<hex digest of the canonical JSON of data>",
     "data": {"filterlists": [...], "filteractions": [...], "policies": [...]}}

(field by field in docs/static.md). Import checks everything before it
writes anything and writes in one transaction: a malformed, tampered or
hostile file is rejected with a clear error and the store is unchanged.
"""

from __future__ import annotations

import json
import sqlite3

from .. import messages
from ..errors import NetshError
from ..inputs import has_surrogates
from ..textfile import load_json
from ..values import (
    DWORD_MAX,
    INT_MIN,
    Address,
    MmOffer,
    QmOffer,
    RootCa,
    ValueProblem,
    parse_address,
    parse_guid,
    parse_mask,
    parse_tunnel,
)
from . import codec, writes
from .model import (
    ACTIONS,
    CONNTYPES,
    AuthMethod,
    Filter,
    FilterAction,
    FilterList,
    Policy,
    Rule,
    StoreContents,
)

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

    from ..computer.drives import Drives

FORMAT = "netshpy-ipsec-policy"
VERSION = 1
EXTENSION = ".ipsec"
MAX_BYTES = 64 * 1024 * 1024
MAX_TEXT = 4096


def with_extension(name: str) -> str:
    """*name*, with ``.ipsec`` appended when its last name has no extension."""
    last = name.replace("/", "\\").rsplit("\\", 1)[-1]
    return name if "." in last.strip(".") else name + EXTENSION


# ---- export -----------------------------------------------------------------


def _filter_data(f: Filter) -> dict[str, Any]:
    return {
        "srcaddr": codec.address_to_data(f.srcaddr),
        "dstaddr": codec.address_to_data(f.dstaddr),
        "srcmask": f.srcmask,
        "dstmask": f.dstmask,
        "protocol": f.protocol,
        "srcport": f.srcport,
        "dstport": f.dstport,
        "mirrored": f.mirrored,
        "description": f.description,
    }


def to_data(contents: StoreContents) -> dict[str, Any]:
    """The ``data`` member for *contents*."""
    return {
        "filterlists": [
            {
                "name": fl.name,
                "description": fl.description,
                "guid": fl.guid,
                "modified": codec.time_to_data(fl.modified),
                "filters": [_filter_data(f) for f in fl.filters],
            }
            for fl in contents.filterlists
        ],
        "filteractions": [
            {
                "name": fa.name,
                "description": fa.description,
                "guid": fa.guid,
                "modified": codec.time_to_data(fa.modified),
                "action": fa.action,
                "qmpfs": fa.qmpfs,
                "inpass": fa.inpass,
                "soft": fa.soft,
                "qmsecmethods": codec.qm_to_data(fa.qmsecmethods),
            }
            for fa in contents.filteractions
        ],
        "policies": [
            {
                "name": p.name,
                "description": p.description,
                "guid": p.guid,
                "modified": codec.time_to_data(p.modified),
                "assigned": p.assigned,
                "mmpfs": p.mmpfs,
                "qmpermm": p.qmpermm,
                "mmlifetime": p.mmlifetime,
                "pollinginterval": p.pollinginterval,
                "mmsecmethods": codec.mm_to_data(p.mmsecmethods),
                "gponame": p.gponame,
                "rules": [
                    {
                        "name": r.name,
                        "description": r.description,
                        "filterlist": r.filterlist.guid if r.filterlist else None,
                        "filteraction": r.filteraction.guid if r.filteraction else None,
                        "tunnel": r.tunnel,
                        "conntype": r.conntype,
                        "active": r.active,
                        "auth": codec.auth_to_data(r.auth),
                        "default_response": r.default_response,
                        "qmpfs": r.qmpfs,
                        "qmsecmethods": codec.qm_to_data(r.qmsecmethods),
                    }
                    for r in p.rules
                ],
            }
            for p in contents.policies
        ],
    }


def _digest(data: Any) -> str:
    import hashlib  # only export/import need it: keep it off the start-up path

    return hashlib.sha256(codec.dumps(data).encode("utf-8")).hexdigest()


def encode(contents: StoreContents) -> bytes:
    """The export file of *contents* (netshpy's own JSON format, with a checksum)."""
    data = to_data(contents)
    document = {"format": FORMAT, "version": VERSION, "sha256": _digest(data), "data": data}
    return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")


def export_store(contents: StoreContents, name: str, drives: Drives) -> str:
    """Write *contents* to the file *name* on the computer's drives; return its full path.

    A folder that does not exist, or a path Windows refuses, prints Windows'
    message (``The system cannot find the path specified.``).
    """
    from ..computer.drives import DriveError

    try:
        return drives.write_bytes(with_extension(name), encode(contents))
    except DriveError as error:
        raise NetshError(error.text) from None


# ---- import: strict validation ----------------------------------------------


class Invalid(Exception):
    """The file is not acceptable; the text says why."""


def _obj(value: Any, where: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"{where} is not an object")
    if set(value) != keys:
        extra, missing = set(value) - keys, keys - set(value)
        raise Invalid(f"{where} has unexpected or missing fields {sorted(extra | missing)}")
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise Invalid(f"{where} is not a list")
    return value


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise Invalid(f"{where} is not a valid text")
    if any(ord(c) < 32 for c in value):
        raise Invalid(f"{where} contains control characters")
    if has_surrogates(value):  # a JSON "\udcff" escape: no store or console can hold it
        raise Invalid(f"{where} is not a valid text")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{where} is not true or false")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{where} is not an integer in {low}-{high}")
    return value


def _checked(parse, value: Any, where: str) -> Any:
    try:
        return parse(where, _text(value, where, empty=False))
    except ValueProblem:
        raise Invalid(f"{where} is not valid") from None


def _time(value: Any, where: str):
    try:
        return codec.time_from_data(_text(value, where, empty=False))
    except ValueError:
        raise Invalid(f"{where} is not a date") from None


def _address(value: Any, where: str) -> Address:
    pair = _list(value, where)
    if len(pair) == 3 and pair[0] == "dns":
        resolved = _checked(parse_address, _text(pair[2], where, empty=False), where)
        if resolved.kind != "ip":
            raise Invalid(f"{where} is not an address")
        name = _address([pair[0], pair[1]], where)
        return Address("dns", name.value, resolved.value)
    if len(pair) != 2 or pair[0] not in ("me", "any", "server", "ip", "dns"):
        raise Invalid(f"{where} is not an address")
    if pair[0] in ("me", "any"):
        if pair[1] != "":
            raise Invalid(f"{where} is not an address")
        return Address(pair[0])
    parsed = _checked(parse_address, pair[1], where)
    if parsed.kind != pair[0]:
        raise Invalid(f"{where} is not an address")
    return parsed


def _qm(value: Any, where: str) -> list[QmOffer]:
    keys = {"ah", "esp_encryption", "esp_integrity", "kbytes", "seconds"}
    offers = []
    for i, item in enumerate(_list(value, where)):
        d = _obj(item, f"{where}[{i}]", keys)
        if d["ah"] not in (None, "MD5", "SHA1"):
            raise Invalid(f"{where}[{i}] has a bad AH algorithm")
        if d["esp_encryption"] not in (None, "DES", "3DES", "None") or d["esp_integrity"] not in (
            None,
            "MD5",
            "SHA1",
            "None",
        ):
            raise Invalid(f"{where}[{i}] has a bad ESP algorithm")
        if (d["esp_encryption"] is None) != (d["esp_integrity"] is None):
            raise Invalid(f"{where}[{i}] has a bad ESP algorithm")
        if d["ah"] is None and d["esp_encryption"] is None:
            raise Invalid(f"{where}[{i}] has no transform")
        offers.append(
            QmOffer(
                d["ah"],
                d["esp_encryption"],
                d["esp_integrity"],
                # the range qmsecmethods= accepts (values.QM_LIFETIME_MAX)
                _int(d["kbytes"], f"{where}[{i}].kbytes", 0, 2**31 - 1),
                _int(d["seconds"], f"{where}[{i}].seconds", 0, 2**31 - 1),
            )
        )
    return offers


def _mm(value: Any, where: str) -> list[MmOffer]:
    offers = []
    for i, item in enumerate(_list(value, where)):
        parts = _text(item, f"{where}[{i}]").split("-")
        if (
            len(parts) != 3
            or parts[0] not in ("DES", "3DES")
            or parts[1] not in ("MD5", "SHA1")
            or parts[2] not in ("1", "2", "3")
        ):
            raise Invalid(f"{where}[{i}] is not a main mode method")
        offers.append(MmOffer(parts[0], parts[1], int(parts[2])))
    if not offers:
        raise Invalid(f"{where} is empty")
    return offers


def _auth(value: Any, where: str) -> list[AuthMethod]:
    methods = []
    for i, item in enumerate(_list(value, where)):
        d = _obj(item, f"{where}[{i}]", {"kind", "value"})
        if d["kind"] == "kerberos" and d["value"] is None:
            methods.append(AuthMethod("kerberos"))
        elif d["kind"] == "psk":
            methods.append(AuthMethod("psk", _text(d["value"], f"{where}[{i}]", empty=False)))
        elif d["kind"] == "rootca":
            ca = _obj(d["value"], f"{where}[{i}]", {"name", "certmap", "excludecaname"})
            methods.append(
                AuthMethod(
                    "rootca",
                    RootCa(
                        _text(ca["name"], f"{where}[{i}].name", empty=False),
                        _bool(ca["certmap"], f"{where}[{i}].certmap"),
                        _bool(ca["excludecaname"], f"{where}[{i}].excludecaname"),
                    ),
                )
            )
        else:
            raise Invalid(f"{where}[{i}] is not an authentication method")
    return methods


def _unique(items: list, where: str) -> None:
    names = [i.name.lower() for i in items]
    guids = [i.guid for i in items]
    if len(set(names)) != len(names) or len(set(guids)) != len(guids):
        raise Invalid(f"{where} has duplicate names or GUIDs")


def from_data(data: Any) -> StoreContents:
    """Validate the ``data`` member and build the objects it describes."""
    top = _obj(data, "data", {"filterlists", "filteractions", "policies"})
    lists = []
    for i, item in enumerate(_list(top["filterlists"], "filterlists")):
        w = f"filterlists[{i}]"
        d = _obj(item, w, {"name", "description", "guid", "modified", "filters"})
        filters = []
        for j, fitem in enumerate(_list(d["filters"], f"{w}.filters")):
            fw = f"{w}.filters[{j}]"
            f = _obj(
                fitem,
                fw,
                {"srcaddr", "dstaddr", "srcmask", "dstmask", "protocol", "srcport", "dstport"}
                | {"mirrored", "description"},
            )
            filters.append(
                Filter(
                    _address(f["srcaddr"], f"{fw}.srcaddr"),
                    _address(f["dstaddr"], f"{fw}.dstaddr"),
                    _checked(parse_mask, f["srcmask"], f"{fw}.srcmask"),
                    _checked(parse_mask, f["dstmask"], f"{fw}.dstmask"),
                    _int(f["protocol"], f"{fw}.protocol", 0, 255),
                    _int(f["srcport"], f"{fw}.srcport", 0, 65535),
                    _int(f["dstport"], f"{fw}.dstport", 0, 65535),
                    _bool(f["mirrored"], f"{fw}.mirrored"),
                    _text(f["description"], f"{fw}.description"),
                )
            )
        lists.append(
            FilterList(
                _text(d["name"], f"{w}.name", empty=False),
                _text(d["description"], f"{w}.description"),
                _checked(parse_guid, d["guid"], f"{w}.guid"),
                _time(d["modified"], f"{w}.modified"),
                filters,
            )
        )
    _unique(lists, "filterlists")
    actions = []
    for i, item in enumerate(_list(top["filteractions"], "filteractions")):
        w = f"filteractions[{i}]"
        d = _obj(
            item,
            w,
            {"name", "description", "guid", "modified", "action", "qmpfs", "inpass", "soft"}
            | {"qmsecmethods"},
        )
        if d["action"] not in ACTIONS:
            raise Invalid(f"{w}.action is not permit, block or negotiate")
        actions.append(
            FilterAction(
                _text(d["name"], f"{w}.name", empty=False),
                _text(d["description"], f"{w}.description"),
                _checked(parse_guid, d["guid"], f"{w}.guid"),
                _time(d["modified"], f"{w}.modified"),
                d["action"],
                _bool(d["qmpfs"], f"{w}.qmpfs"),
                _bool(d["inpass"], f"{w}.inpass"),
                _bool(d["soft"], f"{w}.soft"),
                _qm(d["qmsecmethods"], f"{w}.qmsecmethods"),
            )
        )
    _unique(actions, "filteractions")
    list_by_guid = {fl.guid: fl for fl in lists}
    action_by_guid = {fa.guid: fa for fa in actions}
    policies = []
    for i, item in enumerate(_list(top["policies"], "policies")):
        w = f"policies[{i}]"
        d = _obj(
            item,
            w,
            {"name", "description", "guid", "modified", "assigned", "mmpfs", "qmpermm"}
            | {"mmlifetime", "pollinginterval", "mmsecmethods", "gponame", "rules"},
        )
        rules = []
        for j, ritem in enumerate(_list(d["rules"], f"{w}.rules")):
            rw = f"{w}.rules[{j}]"
            r = _obj(
                ritem,
                rw,
                {"name", "description", "filterlist", "filteraction", "tunnel", "conntype"}
                | {"active", "auth", "default_response", "qmpfs", "qmsecmethods"},
            )
            default = _bool(r["default_response"], f"{rw}.default_response")
            if default:
                if r["filterlist"] is not None or r["filteraction"] is not None:
                    raise Invalid(f"{rw} is a default response rule with a filter list")
                flist = faction = None
            else:
                flist = list_by_guid.get(r["filterlist"])
                faction = action_by_guid.get(r["filteraction"])
                if flist is None or faction is None:
                    raise Invalid(f"{rw} names a filter list or action that is not in the file")
            if r["conntype"] not in CONNTYPES:
                raise Invalid(f"{rw}.conntype is not lan, dialup or all")
            rules.append(
                Rule(
                    0,
                    _text(r["name"], f"{rw}.name"),
                    _text(r["description"], f"{rw}.description"),
                    flist,
                    faction,
                    None
                    if r["tunnel"] is None
                    else _checked(parse_tunnel, r["tunnel"], f"{rw}.tunnel"),
                    r["conntype"],
                    _bool(r["active"], f"{rw}.active"),
                    _auth(r["auth"], f"{rw}.auth"),
                    default,
                    _bool(r["qmpfs"], f"{rw}.qmpfs"),
                    _qm(r["qmsecmethods"], f"{rw}.qmsecmethods"),
                )
            )
        if sum(r.default_response for r in rules) != 1:
            raise Invalid(f"{w} must have exactly one default response rule")
        named = [r.name.lower() for r in rules if r.name and not r.default_response]
        if len(set(named)) != len(named):
            raise Invalid(f"{w} has duplicate rule names")
        policies.append(
            Policy(
                _text(d["name"], f"{w}.name", empty=False),
                _text(d["description"], f"{w}.description"),
                _checked(parse_guid, d["guid"], f"{w}.guid"),
                _time(d["modified"], f"{w}.modified"),
                _bool(d["assigned"], f"{w}.assigned"),
                _bool(d["mmpfs"], f"{w}.mmpfs"),
                _int(d["qmpermm"], f"{w}.qmpermm", INT_MIN, DWORD_MAX),
                _int(d["mmlifetime"], f"{w}.mmlifetime", INT_MIN, DWORD_MAX),
                _int(d["pollinginterval"], f"{w}.pollinginterval", INT_MIN, DWORD_MAX),
                _mm(d["mmsecmethods"], f"{w}.mmsecmethods"),
                rules,
                None if d["gponame"] is None else _text(d["gponame"], f"{w}.gponame"),
            )
        )
    _unique(policies, "policies")
    if sum(p.assigned for p in policies) > 1:
        raise Invalid("more than one policy is assigned")
    return StoreContents(policies, lists, actions)


def decode(raw: bytes) -> StoreContents:
    """Read and validate the bytes of an export file (raises :class:`Invalid`)."""
    if len(raw) > MAX_BYTES:
        raise Invalid("the file is too large")
    try:
        document = load_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):  # DataError: too deep, NaN, 1e400
        raise Invalid("it is not a netshpy policy file (not JSON text)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid("it is not a netshpy policy file")
    if document.get("version") != VERSION:
        raise Invalid(f"unsupported version {document.get('version')!r}")
    _obj(document, "the file", {"format", "version", "sha256", "data"})
    try:
        digest = _digest(document["data"])
    except (TypeError, ValueError, RecursionError):
        raise Invalid("the data cannot be read") from None
    if document["sha256"] != digest:
        raise Invalid("the checksum does not match (the file was changed or damaged)")
    try:
        return from_data(document["data"])
    except RecursionError:
        raise Invalid("the data is nested too deeply") from None


# ---- import: writing -------------------------------------------------------------


def _replace(conn: sqlite3.Connection, table: str, guid: str, name: str) -> int | None:
    """Row id of the object with *guid*, after checking that *name* is free for it."""
    row = conn.execute(f"SELECT id FROM {table} WHERE guid = ? COLLATE NOCASE", (guid,)).fetchone()
    clash = conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()
    if clash is not None and (row is None or clash[0] != row[0]):
        raise Invalid(f'an object named "{name}" with another GUID is already in the store')
    return None if row is None else int(row[0])


def import_contents(env: Any, contents: StoreContents) -> None:
    """Merge *contents* into the store: objects with the same GUID are replaced."""
    with env.store.write() as conn:
        list_ids: dict[str, int] = {}
        for fl in contents.filterlists:
            lid = _replace(conn, "filterlist", fl.guid, fl.name)
            if lid is None:
                lid = writes.insert_filterlist(conn, fl)
            else:
                conn.execute(
                    "UPDATE filterlist SET name = ?, description = ?, modified = ? WHERE id = ?",
                    (fl.name, fl.description, codec.time_to_data(fl.modified), lid),
                )
                conn.execute("DELETE FROM filter WHERE list_id = ?", (lid,))
                writes.insert_filters(conn, lid, fl.filters)
            list_ids[fl.guid] = lid
        action_ids: dict[str, int] = {}
        for fa in contents.filteractions:
            aid = _replace(conn, "filteraction", fa.guid, fa.name)
            if aid is not None:
                conn.execute(
                    "UPDATE filteraction SET name = ?, description = ?, modified = ?, action = ?,"
                    " qmpfs = ?, inpass = ?, soft = ?, qmsecmethods = ? WHERE id = ?",
                    (
                        fa.name,
                        fa.description,
                        codec.time_to_data(fa.modified),
                        fa.action,
                        int(fa.qmpfs),
                        int(fa.inpass),
                        int(fa.soft),
                        codec.dumps(codec.qm_to_data(fa.qmsecmethods)),
                        aid,
                    ),
                )
            else:
                aid = writes.insert_filteraction(conn, fa)
            action_ids[fa.guid] = aid
        for policy in contents.policies:
            pid = _replace(conn, "policy", policy.guid, policy.name)
            if pid is not None:
                conn.execute("DELETE FROM policy WHERE id = ?", (pid,))
            if env.location == "domain":
                policy.assigned = False
            elif policy.assigned:
                conn.execute("UPDATE policy SET assigned = 0")
            pid = writes.insert_policy(conn, policy)
            for rule in policy.rules:
                writes.insert_rule(
                    conn,
                    pid,
                    env.guid(),
                    rule,
                    list_ids[rule.filterlist.guid] if rule.filterlist else None,
                    action_ids[rule.filteraction.guid] if rule.filteraction else None,
                )


def import_file(env: Any, name: str, drives: Drives) -> None:
    """``importpolicy file=``: all or nothing, from the computer's drives."""
    from ..computer.drives import DriveError

    path = with_extension(name)
    try:
        raw = drives.read_bytes(path, MAX_BYTES)
        import_contents(env, decode(raw))
    except DriveError as error:
        raise NetshError(error.text) from None
    except Invalid as problem:
        raise NetshError(messages.ipsec("file_invalid", file=path, reason=f"{problem}.")) from None
