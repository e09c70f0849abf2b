"""One static policy store: a SQLite file (WAL, foreign keys, schema version).

Every command runs in one transaction (``BEGIN IMMEDIATE`` with a busy
timeout, so concurrent writers queue instead of losing updates); in batch
mode one transaction spans the batch and each command is a savepoint in it.
A fresh store file is built under a temporary name and linked into place, so
a process killed while creating it leaves either no store or a whole one. A
file that is not a netshpy store is reported and never replaced.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import statefiles
from . import codec
from .model import Filter, FilterAction, FilterList, Policy, Rule, StoreContents

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import NoReturn

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4E535043  # "NSPC": netshpy static policy cache
BUSY_TIMEOUT_MS = 30000

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE filterlist(
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL);
CREATE TABLE filter(
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES filterlist(id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    mirrored INTEGER NOT NULL,
    src_kind TEXT NOT NULL, src_value TEXT NOT NULL, srcmask TEXT NOT NULL,
    dst_kind TEXT NOT NULL, dst_value TEXT NOT NULL, dstmask TEXT NOT NULL,
    protocol INTEGER NOT NULL, srcport INTEGER NOT NULL, dstport INTEGER NOT NULL);
CREATE INDEX filter_by_list ON filter(list_id, id);
CREATE TABLE filteraction(
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('permit', 'block', 'negotiate')),
    qmpfs INTEGER NOT NULL, inpass INTEGER NOT NULL, soft INTEGER NOT NULL,
    qmsecmethods TEXT NOT NULL);
CREATE TABLE policy(
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL,
    assigned INTEGER NOT NULL, mmpfs INTEGER NOT NULL, qmpermm INTEGER NOT NULL,
    mmlifetime INTEGER NOT NULL, pollinginterval INTEGER NOT NULL,
    mmsecmethods TEXT NOT NULL, gponame TEXT);
CREATE TABLE rule(
    id INTEGER PRIMARY KEY,
    policy_id INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    filterlist_id INTEGER REFERENCES filterlist(id) ON DELETE RESTRICT,
    filteraction_id INTEGER REFERENCES filteraction(id) ON DELETE RESTRICT,
    tunnel TEXT, conntype TEXT NOT NULL, active INTEGER NOT NULL,
    auth TEXT NOT NULL, default_response INTEGER NOT NULL,
    qmpfs INTEGER NOT NULL, qmsecmethods TEXT NOT NULL);
CREATE INDEX rule_by_policy ON rule(policy_id, id);
CREATE INDEX rule_by_filterlist ON rule(filterlist_id);
CREATE INDEX rule_by_filteraction ON rule(filteraction_id);
CREATE UNIQUE INDEX rule_name ON rule(policy_id, name) WHERE default_response = 0 AND name <> '';
"""

# version -> SQL that upgrades a store of that version to version + 1.
MIGRATIONS: dict[int, str] = {}


class StoreCorrupt(Exception):
    """The file exists but is not a readable netshpy store; ``path`` names it."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


# SQLite's primary result codes that mean the file itself is damaged; anything
# else (a constraint, a full disk, a lock, a read-only folder) is no proof of it.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_damage(error: sqlite3.Error) -> bool:
    """Whether *error* says the database file is damaged (not busy, full or misused)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def _whole_pages(path: Path, page_size: int) -> bool:
    """Whether the file holds whole pages (a truncated store does not).

    SQLite writes the main file a page at a time, so a size that is no
    multiple of the page size is damage; one new look after a moment rules
    out a page being written by another process's checkpoint right now.
    """
    import time

    for attempt in range(2):
        try:
            if path.stat().st_size % page_size == 0:
                return True
        except OSError:
            return True  # gone or unreadable: SQLite itself reports it
        if attempt == 0:
            time.sleep(0.05)
    return False


# Every write bumps the store's generation, so readers (the IPsec service's
# policy check) can tell "unchanged" without loading the store.
_BUMP_GENERATION = (
    "INSERT INTO meta(key, value) VALUES ('generation', '1') "
    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
)


def _connect(path: Path, must_exist: bool = False) -> sqlite3.Connection:
    target, uri = (f"{path.resolve().as_uri()}?mode=rw", True) if must_exist else (str(path), False)
    conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _companion(path: Path, suffix: str) -> Path:
    """SQLite's ``-wal``, ``-shm`` or ``-journal`` file of the database *path*."""
    return path.with_name(path.name + suffix)


class Store:
    """One store file; *seed* fills a newly created store (the example policies)."""

    def __init__(self, path: Path, seed: Callable[[sqlite3.Connection], None] | None = None):
        self.path = path
        self._seed = seed
        self._conn: sqlite3.Connection | None = None
        self.batch = False
        self._damaged = False  # damage seen since opened: nothing is written any more

    # ---- opening ---------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection (opening, creating or validating the file first)."""
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        statefiles.remove_stale(self.path.parent, self.path.name)
        if not self.path.exists():
            self._create()
        else:  # made before stores were private: keys are nobody else's business
            for name in (self.path, _companion(self.path, "-wal"), _companion(self.path, "-shm")):
                statefiles.tighten(name)
        # The file is never opened outside SQLite: closing any other descriptor
        # of it would drop the POSIX locks of this process's SQLite connections
        # (the classic way to corrupt a database). SQLite itself rejects a
        # foreign file ("file is not a database"); an empty one has no app id.
        conn = None
        try:
            conn = _connect(self.path, must_exist=True)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID or not 1 <= version <= SCHEMA_VERSION:
                raise StoreCorrupt(self.path)
            if not _whole_pages(self.path, conn.execute("PRAGMA page_size").fetchone()[0]):
                raise StoreCorrupt(self.path)
            # A command only reads the pages it needs and may miss damage that the
            # next one trips over, after writing; check every page's structure once
            # per opening instead (milliseconds: 15 ms at 50,000 filters).
            if conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                raise StoreCorrupt(self.path)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate(conn, version)
            conn.execute("SELECT count(*) FROM policy").fetchone()
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if is_damage(error):
                raise StoreCorrupt(self.path) from None
            raise
        except StoreCorrupt:
            if conn is not None:
                conn.close()
            raise
        self._damaged = False
        return conn

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            while current < SCHEMA_VERSION:
                for statement in filter(None, MIGRATIONS[current].split(";")):
                    conn.execute(statement)
                current += 1
                conn.execute(f"PRAGMA user_version = {current}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _create(self) -> None:
        """Build the store under a temporary name, then link it into place (0600, as
        its journals: it holds keys)."""
        statefiles.publish_built(self.path, self._build)

    def _build(self, tmp: Path) -> None:
        """Fill the empty database *tmp*: schema, identity, seed, WAL mode."""
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN")
            for statement in filter(str.strip, SCHEMA.split(";")):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO meta VALUES ('format', 'netshpy ipsec static store')",
            )
            if self._seed is not None:
                self._seed(conn)
            conn.execute("COMMIT")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()

    def preshared_keys(self) -> set[str]:
        """The rules' preshared keys, if the store is open (recordings leave them out)."""
        if self._conn is None:
            return set()
        keys: set[str] = set()
        try:
            rows = self._conn.execute("SELECT auth FROM rule WHERE auth LIKE '%psk%'").fetchall()
            for (auth,) in rows:
                for method in codec.auth_from_data(json.loads(auth)):
                    if method.kind == "psk" and isinstance(method.value, str):
                        keys.add(method.value)
        except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError):
            pass
        return keys

    def _check_before_writing(self) -> None:
        """Refuse to write into a store found damaged: it stays exactly as it was."""
        if self._damaged:
            raise StoreCorrupt(self.path)

    def _problem(self, error: sqlite3.DatabaseError) -> NoReturn:
        """Raise what *error* means: damage as :class:`StoreCorrupt` (remembered)."""
        if is_damage(error):
            self._damaged = True
            raise StoreCorrupt(self.path) from None
        raise error

    def close(self) -> None:
        """Commit an open batch and close the file."""
        if self._conn is not None:
            try:
                if self.batch:
                    self.end_batch()
            finally:
                self._conn.close()
                self._conn = None

    # ---- transactions ----------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One command's changes: all applied or none (none at all in a damaged store)."""
        conn = self.conn
        self._check_before_writing()
        try:
            if self.batch:
                conn.execute("SAVEPOINT command")
                try:
                    yield conn
                    conn.execute(_BUMP_GENERATION)
                except BaseException:
                    conn.execute("ROLLBACK TO command")
                    conn.execute("RELEASE command")
                    raise
                conn.execute("RELEASE command")
            else:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute(_BUMP_GENERATION)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            self._problem(error)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for reading."""
        conn = self.conn
        try:
            if self.batch:
                yield conn
            else:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            self._problem(error)

    def begin_batch(self) -> None:
        """Start accumulating changes in one transaction."""
        if not self.batch:
            self._check_before_writing()
            self.conn.execute("BEGIN IMMEDIATE")
            self.batch = True

    def end_batch(self) -> None:
        """Write the accumulated changes."""
        if self.batch:
            self.batch = False
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                self._problem(error)

    def generation(self) -> str:
        """A stamp that changes with every committed write (cheap: one row)."""
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.DatabaseError as error:
            self._problem(error)
        return row[0] if row else "0"

    # ---- loading ---------------------------------------------------------

    def load(self) -> StoreContents:
        """Every object of the store, assembled in linear time."""
        with self.read() as conn:
            return load(conn)


def load(conn: sqlite3.Connection) -> StoreContents:
    """Read the whole store through *conn* (inside a transaction)."""
    lists: dict[int, FilterList] = {}
    for row in conn.execute(
        "SELECT id, name, description, guid, modified FROM filterlist ORDER BY id"
    ):
        lists[row[0]] = FilterList(row[1], row[2], row[3], codec.time_from_data(row[4]), [])
    for row in conn.execute(
        "SELECT list_id, description, mirrored, src_kind, src_value, srcmask,"
        " dst_kind, dst_value, dstmask, protocol, srcport, dstport FROM filter ORDER BY id"
    ):
        lists[row[0]].filters.append(
            Filter(
                codec.address_from_data(row[3], row[4]),
                codec.address_from_data(row[6], row[7]),
                row[5],
                row[8],
                row[9],
                row[10],
                row[11],
                bool(row[2]),
                row[1],
            )
        )
    actions: dict[int, FilterAction] = {}
    for row in conn.execute(
        "SELECT id, name, description, guid, modified, action, qmpfs, inpass, soft,"
        " qmsecmethods FROM filteraction ORDER BY id"
    ):
        actions[row[0]] = FilterAction(
            row[1],
            row[2],
            row[3],
            codec.time_from_data(row[4]),
            row[5],
            bool(row[6]),
            bool(row[7]),
            bool(row[8]),
            codec.qm_from_data(json.loads(row[9])),
        )
    policies: dict[int, Policy] = {}
    for row in conn.execute(
        "SELECT id, name, description, guid, modified, assigned, mmpfs, qmpermm, mmlifetime,"
        " pollinginterval, mmsecmethods, gponame FROM policy ORDER BY id"
    ):
        policies[row[0]] = Policy(
            row[1],
            row[2],
            row[3],
            codec.time_from_data(row[4]),
            bool(row[5]),
            bool(row[6]),
            row[7],
            row[8],
            row[9],
            codec.mm_from_data(json.loads(row[10])),
            [],
            row[11],
        )
    counters: dict[int, int] = {}
    for row in conn.execute(
        "SELECT policy_id, name, description, filterlist_id, filteraction_id, tunnel, conntype,"
        " active, auth, default_response, qmpfs, qmsecmethods FROM rule ORDER BY policy_id, id"
    ):
        default = bool(row[9])
        number = 0
        if not default:
            number = counters[row[0]] = counters.get(row[0], 0) + 1
        policies[row[0]].rules.append(
            Rule(
                number,
                row[1],
                row[2],
                lists.get(row[3]) if row[3] is not None else None,
                actions.get(row[4]) if row[4] is not None else None,
                row[5],
                row[6],
                bool(row[7]),
                codec.auth_from_data(json.loads(row[8])),
                default,
                bool(row[10]),
                codec.qm_from_data(json.loads(row[11])),
            )
        )
    for policy in policies.values():
        # the default response rule is listed last
        policy.rules.sort(key=lambda r: (r.default_response, r.id))
    return StoreContents(list(policies.values()), list(lists.values()), list(actions.values()))
