"""The IPsec service's state file: ``service/state.sqlite`` in the state folder.

One SQLite database (WAL, like the static stores) holds everything the
service keeps between netshpy processes: whether it runs or boots, the stamp
of the policy it applied, the ``set config`` values (stored and in effect
since the last boot) and the SPD, a table per kind of entry, so that a
command reads only the tables it needs (:class:`SpdTables`). Every change of
service state is one transaction: a process killed at any point leaves the
state wholly before or wholly after the change (SQLite rolls an unfinished
transaction back when the file is next opened).

A new file is built under a temporary name and linked into place, filled
from the files of earlier netshpy versions (``service/spd.json`` and
``ipsec-config.json``) when they exist; those are then removed. A file that is
not a readable state file (damage, junk) is replaced by a fresh one: the
SPD is volatile and the configuration falls back to its defaults, as a
damaged JSON file did.

``WRITE_HOOK``, when set, is called after every statement that writes and
after every commit; the crash tests use it to stop a process at each write.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .. import statefiles
from ..textfile import load_json, read_text
from .spd import SECTIONS, SpdSource
from .spd_codec import decode_item, decode_section, encode_section
from .spd_records import Rule

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

STATE_FILE = Path("service") / "state.sqlite"
LEGACY_SPD_FILE = Path("service") / "spd.json"  # netshpy before the state file
LEGACY_CONFIG_FILE = Path("ipsec-config.json")
APPLICATION_ID = 0x4E535356  # "NSSV": netshpy service state
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30000

# Tables of the list sections; rules carry their identity and policy names as
# columns so that one rule is found, and a policy's use checked, by index.
TABLES = {
    "mmpolicies": "mmpolicy",
    "qmpolicies": "qmpolicy",
    "rules": "rule",
    "mmsas": "mmsa",
    "qmsas": "qmsa",
}
SCHEMA = """
CREATE TABLE blob(name TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE mmpolicy(pos INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE qmpolicy(pos INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE mmsa(pos INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE qmsa(pos INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE rule(
    pos INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    mmpolicy TEXT NOT NULL,
    qmpolicy TEXT NOT NULL,
    origin TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX rule_by_key ON rule(key, pos);
CREATE INDEX rule_by_mmpolicy ON rule(mmpolicy);
CREATE INDEX rule_by_qmpolicy ON rule(qmpolicy);
"""

WRITE_HOOK: Callable[[], None] | None = None


class StateDamaged(Exception):
    """The state file is not a readable netshpy state file."""


def _after_write() -> None:
    if WRITE_HOOK is not None:
        WRITE_HOOK()


def key_text(key: tuple[Any, ...]) -> str:
    """A rule identity (:func:`netshpy.dynamic.spd.rule_key`) as the text stored in ``rule.key``."""
    parts = list(key)
    for i in (6, 7, 8):
        parts[i] = int(parts[i])
    parts[9] = bool(parts[9])
    return json.dumps(parts)


def _rule_row(rule: Rule, data: str) -> tuple[str, str, str, str, str]:
    return (
        key_text(rule.key()),
        rule.mmpolicy.lower(),
        (rule.qmpolicy or "").lower(),
        rule.origin,
        data,
    )


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def _os_error(error: sqlite3.Error, path: Path) -> OSError:
    """A failure that is not damage (unwritable folder, full disk) as the OSError front ends report."""
    return OSError(f"{path}: {error}")


class ServiceDb:
    """The open state file of one computer's IPsec service.

    Transactions are explicit: :meth:`begin` opens one for reading or for
    writing (``BEGIN IMMEDIATE``: concurrent writers queue), :meth:`commit`
    ends it, :meth:`rollback` drops it.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = Path(state_dir)
        self.path = self.state_dir / STATE_FILE
        self._conn: sqlite3.Connection | None = None
        self.mode: str | None = None  # None | "read" | "write"

    # ---- opening -------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection (creating or replacing the file first)."""
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.Error as error:
                raise _os_error(error, self.path) from None
        return self._conn

    def _open(self) -> sqlite3.Connection:
        statefiles.remove_stale(self.path.parent, self.path.name)  # a killed run's
        if not self.path.exists():
            self._create()
        else:
            self._remove_legacy()
        try:
            return self._connect_checked()
        except StateDamaged:
            self._create(replace=True)
            return self._connect_checked()

    def _connect_checked(self) -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode=rw"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
                raise StateDamaged(str(self.path))
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:
            conn.close()
            if _is_damage(error):
                raise StateDamaged(str(self.path)) from None
            raise
        except StateDamaged:
            conn.close()
            raise
        return conn

    def _create(self, replace: bool = False) -> None:
        """Build a whole state file under a temporary name, then put it in place
        (private: it holds keys).

        It starts from the files of an earlier netshpy version when they are
        there (migrated, then removed).
        """

        def build(tmp: Path) -> None:
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.executescript(SCHEMA)
                conn.execute("BEGIN")
                _fill_from_legacy(conn, self.state_dir)
                conn.execute("COMMIT")
            finally:
                conn.close()

        statefiles.publish_built(self.path, build, replace=replace)
        _after_write()
        self._remove_legacy()

    def _remove_legacy(self) -> None:
        """Remove an earlier version's files once the state file holds what they held.

        Also done at every opening: a process killed between linking the new
        file and removing these must not leave them to be migrated again (a
        damaged state file is rebuilt from them otherwise).
        """
        for legacy in (LEGACY_SPD_FILE, LEGACY_CONFIG_FILE):
            path = self.state_dir / legacy
            if path.is_file() and not path.is_symlink():
                try:
                    path.unlink()
                except OSError:
                    pass  # unremovable: it is ignored while the state file exists

    def close(self) -> None:
        """Drop any open transaction and close the file."""
        if self._conn is not None:
            try:
                if self._conn.in_transaction:
                    self._conn.rollback()
            finally:
                self._conn.close()
                self._conn = None
                self.mode = None

    # ---- transactions -------------------------------------------------------------

    def begin(self, write: bool) -> None:
        """Open a transaction (a read one is ended first when a write one is wanted)."""
        if self.mode == "write" or (self.mode == "read" and not write):
            return
        if self.mode == "read":
            self.rollback()
        self._run("BEGIN IMMEDIATE" if write else "BEGIN")
        self.mode = "write" if write else "read"

    def commit(self) -> None:
        """End the transaction, keeping what it wrote."""
        if self.mode is not None:
            self._run("COMMIT")
            self.mode = None
            if WRITE_HOOK is not None:
                WRITE_HOOK()

    def rollback(self) -> bool:
        """End the transaction, dropping what it wrote; True if it was a write transaction."""
        was_write = self.mode == "write"
        if self.mode is not None or (self._conn is not None and self._conn.in_transaction):
            self._run("ROLLBACK")
        self.mode = None
        return was_write

    # ---- statements ---------------------------------------------------------------

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as error:
            raise _os_error(error, self.path) from None

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a SELECT."""
        return self._run(sql, params).fetchall()

    def write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """Run one statement that writes (inside the write transaction)."""
        self.begin(write=True)
        self._run(sql, params)
        _after_write()

    def write_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one statement that writes for each of *rows*."""
        self.begin(write=True)
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as error:
            raise _os_error(error, self.path) from None
        _after_write()

    # ---- named blobs (service state, configuration, counters) ---------------------

    def get_blob(self, name: str) -> Any:
        """The JSON value stored as *name* (None when absent or unreadable)."""
        rows = self.query("SELECT data FROM blob WHERE name = ?", (name,))
        if not rows:
            return None
        try:
            return load_json(rows[0][0])
        except ValueError:
            return None

    def put_blob(self, name: str, value: Any) -> None:
        """Store *value* as *name*."""
        self.write(
            "INSERT INTO blob(name, data) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET data = excluded.data",
            (name, json.dumps(value)),
        )

    def generation(self) -> int:
        """The number of committed changes (another process's show up as a new number)."""
        value = self.get_blob("generation")
        return value if isinstance(value, int) else 0


class SpdTables(SpdSource):
    """The SPD's sections in the state file (an :class:`~netshpy.dynamic.spd.Spd` source).

    ``rows`` keeps, per section loaded, the encoded rows as read or last
    written, so that :meth:`write_section` writes a section only when it changed.
    """

    def __init__(self, db: ServiceDb) -> None:
        self.db = db
        self.rows: dict[str, list[str]] = {}
        self.loads: list[str] = []  # sections read from the file, in order (tests look)

    def load(self, section: str) -> Any:
        """*section*, decoded; an unreadable entry is skipped, as the service would drop it."""
        self.loads.append(section)
        if section.endswith("_stats"):
            data = self.db.get_blob(section)
            self.rows[section] = [json.dumps(data)]
            try:
                return decode_section(section, data if isinstance(data, dict) else None)
            except (ValueError, TypeError):
                return decode_section(section, None)
        table = TABLES[section]
        texts = [r[0] for r in self.db.query(f"SELECT data FROM {table} ORDER BY pos")]
        self.rows[section] = texts
        items = []
        for text in texts:
            try:
                items.append(decode_item(section, load_json(text)))
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
        return items

    def write_section(self, section: str, items: Any) -> None:
        """Make *section* hold *items* (nothing is written when it did not change)."""
        plain = encode_section(section, items)
        if section.endswith("_stats"):
            texts = [json.dumps(plain)]
            if self.rows.get(section) != texts:
                self.db.put_blob(section, plain)
        else:
            texts = [json.dumps(p) for p in plain]
            if self.rows.get(section) != texts:
                table = TABLES[section]
                self.db.write(f"DELETE FROM {table}")
                if section == "rules":
                    rows = [
                        (i, *_rule_row(r, t))
                        for i, (r, t) in enumerate(zip(items, texts, strict=True))
                    ]
                    self.db.write_many(
                        "INSERT INTO rule(pos, key, mmpolicy, qmpolicy, origin, data) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                elif texts:
                    self.db.write_many(
                        f"INSERT INTO {table}(pos, data) VALUES (?, ?)",
                        list(enumerate(texts)),
                    )
        self.rows[section] = texts

    def forget(self) -> None:
        """Nothing is known to be loaded any more (the file changed under us)."""
        self.rows.clear()

    # ---- one rule at a time -----------------------------------------------------

    def rule(self, key: tuple[Any, ...]) -> Rule | None:
        """The first rule whose identity is *key*."""
        rows = self.db.query(
            "SELECT data FROM rule WHERE key = ? ORDER BY pos LIMIT 1", (key_text(key),)
        )
        if not rows:
            return None
        try:
            return decode_item("rules", load_json(rows[0][0]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def rule_uses(self, column: str, name: str) -> bool:
        """Whether a rule names policy *name* in *column*."""
        column = "mmpolicy" if column == "mmpolicy" else "qmpolicy"
        sql = f"SELECT 1 FROM rule WHERE {column} = ? LIMIT 1"
        return bool(self.db.query(sql, (name.lower(),)))

    def insert_rule(self, rule: Rule) -> None:
        """Append *rule*."""
        data = json.dumps(encode_section("rules", [rule])[0])
        self.db.write(
            "INSERT INTO rule(pos, key, mmpolicy, qmpolicy, origin, data) "
            "VALUES ((SELECT coalesce(max(pos), 0) + 1 FROM rule), ?, ?, ?, ?, ?)",
            _rule_row(rule, data),
        )

    def update_rule(self, key: tuple[Any, ...], rule: Rule) -> None:
        """Replace the first rule whose identity is *key* by *rule*."""
        data = json.dumps(encode_section("rules", [rule])[0])
        _, mm, qm, origin, _ = _rule_row(rule, data)
        self.db.write(
            "UPDATE rule SET mmpolicy = ?, qmpolicy = ?, origin = ?, data = ? WHERE pos = "
            "(SELECT pos FROM rule WHERE key = ? ORDER BY pos LIMIT 1)",
            (mm, qm, origin, data, key_text(key)),
        )

    def remove_rule(self, key: tuple[Any, ...]) -> None:
        """Delete the first rule whose identity is *key*."""
        self.db.write(
            "DELETE FROM rule WHERE pos = (SELECT pos FROM rule WHERE key = ? ORDER BY pos LIMIT 1)",
            (key_text(key),),
        )

    def replace_compiled_rules(self, rules: list[Rule]) -> None:
        """Replace the rules with an origin by *rules*, placed before the dynamic ones."""
        self.db.write("DELETE FROM rule WHERE origin <> ''")
        if not rules:
            return
        first = self.db.query("SELECT coalesce(min(pos), 0) FROM rule")[0][0]
        start = first - len(rules)
        plain = encode_section("rules", rules)
        self.db.write_many(
            "INSERT INTO rule(pos, key, mmpolicy, qmpolicy, origin, data) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (start + i, *_rule_row(r, json.dumps(p)))
                for i, (r, p) in enumerate(zip(rules, plain, strict=True))
            ],
        )


def _fill_from_legacy(conn: sqlite3.Connection, state_dir: Path) -> None:
    """Copy an earlier version's ``spd.json`` and ``ipsec-config.json`` into a new file.

    Damaged or foreign contents count as absent (a running service with an
    empty SPD; default configuration), as the earlier version read them.
    """
    service: dict[str, Any] = {}
    try:
        data = load_json(read_text(state_dir / LEGACY_SPD_FILE))
        spd = data.get("spd", {})
        sections = {s: encode_section(s, decode_section(s, spd.get(s))) for s in SECTIONS}
        stamp = data.get("policy_stamp")
        service = {
            "running": bool(data.get("running", True)),
            "booting": bool(data.get("booting", False)),
            "policy_stamp": stamp if isinstance(stamp, str) else None,
            "applied": [str(s) for s in data.get("applied", [])],
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        sections = {}
    for section, plain in sections.items():
        if section.endswith("_stats"):
            conn.execute("INSERT INTO blob(name, data) VALUES (?, ?)", (section, json.dumps(plain)))
            continue
        table = TABLES[section]
        items = decode_section(section, plain)
        for pos, (item, p) in enumerate(zip(items, plain, strict=True)):
            text = json.dumps(p)
            if section == "rules":
                conn.execute(
                    "INSERT INTO rule(pos, key, mmpolicy, qmpolicy, origin, data) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (pos, *_rule_row(item, text)),
                )
            else:
                conn.execute(f"INSERT INTO {table}(pos, data) VALUES (?, ?)", (pos, text))
    if service:
        conn.execute("INSERT INTO blob(name, data) VALUES ('service', ?)", (json.dumps(service),))
    try:
        config = load_json(read_text(state_dir / LEGACY_CONFIG_FILE))
    except (OSError, ValueError):
        config = None
    if isinstance(config, dict):
        conn.execute("INSERT INTO blob(name, data) VALUES ('config', ?)", (json.dumps(config),))
