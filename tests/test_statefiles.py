"""The files netshpy writes: private modes, no links followed, no leftovers (issue 12, item 8)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netshpy import statefiles
from netshpy.computer.drives import drives
from netshpy.host import Host
from netshpy.session import Session
from netshpy.static.store import Store

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes and pids")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of another process that is still running (another netshpy writing)."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    yield child.pid
    assert child.stdin is not None
    child.stdin.close()
    child.wait()


def _run(state: Path, *lines: str) -> Session:
    host = Host(state, deterministic=True)
    session = Session(host)
    for line in lines:
        result = session.execute(line)
        assert result.ok, result.output
    return session


# ---- a planted link ------------------------------------------------------------


def test_exportpolicy_does_not_follow_a_link_at_the_old_temporary_name(tmp_path: Path) -> None:
    """netshpy wrote exports through ``.<name>.<pid>.tmp``: a link planted there was followed."""
    state = tmp_path / "state"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    session = _run(state, "ipsec static")
    drives(session.host)  # C: exists
    folder = state / "drives" / "C"
    (folder / f".x.ipsec.{os.getpid()}.tmp").symlink_to(victim)
    try:
        assert session.execute("exportpolicy file=C:\\x.ipsec").ok
    finally:
        session.close()
        session.host.close()
    assert victim.read_text() == "precious\n"
    assert not (folder / "x.ipsec").is_symlink()
    assert _mode(folder / "x.ipsec") == 0o600


def test_a_planted_temporary_name_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a link at the very name drawn is refused (O_EXCL, O_NOFOLLOW): another is drawn."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "host.json"
    planted = tmp_path / ".planted.netshpy-tmp"
    planted.symlink_to(victim)
    names = iter([planted, tmp_path / ".fresh.netshpy-tmp"])
    monkeypatch.setattr(statefiles, "temp_name", lambda path: next(names))
    statefiles.write_atomically(target, "{}")
    assert victim.read_text() == "precious\n"
    assert target.read_text() == "{}"
    assert planted.is_symlink()


def test_appending_does_not_follow_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    log = tmp_path / "oakley.log"
    log.symlink_to(victim)
    with pytest.raises(OSError):
        statefiles.append_private(log, b"x\n")
    assert victim.read_text() == "precious\n"


# ---- modes -------------------------------------------------------------------------


def test_a_fresh_state_folder_is_private(tmp_path: Path) -> None:
    state = tmp_path / "a" / "state"
    session = _run(
        state,
        "ipsec static",
        "add policy name=P",
        "add filteraction name=FA action=negotiate",
        'add rule name=R policy=P filterlist="All IP Traffic" filteraction=FA psk=TopSecretKey2',
        "exportpolicy file=C:\\keys.ipsec",
        "..",
        "dynamic",
        "add mmpolicy name=MM mmsecmethods=3DES-SHA1-2",
        "add rule srcaddr=10.0.0.1 dstaddr=10.0.0.2 mmpolicy=MM actioninbound=permit "
        "actionoutbound=permit psk=TopSecretKey2",
    )
    try:
        store = state / "static" / "local.sqlite"
        # While a connection is open, SQLite's companions exist: same mode as the store.
        for name in ("local.sqlite-wal", "local.sqlite-shm"):
            assert _mode(state / "static" / name) == 0o600, name
    finally:
        session.close()
        session.host.close()
    for folder in (
        tmp_path / "a",
        state,
        state / "static",
        state / "drives",
        state / "drives" / "C",
    ):
        assert _mode(folder) == 0o700, folder
    for path in (store, state / "guid-counter", state / "drives" / "C" / "keys.ipsec"):
        assert _mode(path) == 0o600, path
    every = [p for p in state.rglob("*") if p.is_file()]
    assert every and all(_mode(p) == 0o600 for p in every), [
        (p, oct(_mode(p))) for p in every if _mode(p) != 0o600
    ]


def test_an_existing_state_folder_keeps_its_mode(tmp_path: Path) -> None:
    state = tmp_path / "mine"
    state.mkdir()
    state.chmod(0o755)
    session = _run(state, "ipsec static", "add policy name=P")
    session.close()
    session.host.close()
    assert _mode(state) == 0o755
    assert _mode(state / "static") == 0o700
    assert _mode(state / "static" / "local.sqlite") == 0o600


def test_a_store_made_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = Store(path)
    assert store.conn is not None
    store.close()
    path.chmod(0o644)
    store = Store(path)
    assert store.conn is not None
    store.close()
    assert _mode(path) == 0o600


# ---- leftovers of killed runs -------------------------------------------------------

_KILLED_WHILE_CREATING = """
import os, sys
from pathlib import Path
from netshpy.static.store import Store

def seed(conn):
    conn.execute("INSERT INTO meta VALUES ('seeded', 'half')")
    os._exit(9)  # killed in the middle of building the store

Store(Path(sys.argv[1]), seed).conn
"""


def test_a_store_killed_while_created_leaves_nothing_after_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "static" / "local.sqlite"
    subprocess.run([sys.executable, "-c", _KILLED_WHILE_CREATING, str(path)], check=False)
    left = sorted(p.name for p in path.parent.iterdir())
    assert any(name.endswith("-journal") for name in left), left  # the temporary store's
    assert not path.exists()
    store = Store(path)
    assert store.conn.execute("SELECT count(*) FROM policy").fetchone() == (0,)
    store.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["local.sqlite"]


def test_leftovers_of_dead_writers_go_and_live_writers_keep_theirs(
    tmp_path: Path, live_pid: int
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    dead = _dead_pid()
    stale = [
        state / f".host.json.{dead}.0123456789abcdef.netshpy-tmp",
        state / f".guid-counter.{dead}.01234567.tmp",  # the name earlier versions used
    ]
    static = state / "static"
    static.mkdir()
    stale += [
        static / f".local.sqlite.{dead}.0123456789abcdef.new",
        static / f".local.sqlite.{dead}.0123456789abcdef.new-journal",
    ]
    in_flight = [
        state / f".host.json.{live_pid}.fedcba9876543210.netshpy-tmp",
        static / f".local.sqlite.{live_pid}.fedcba9876543210.netshpy-tmp",
        static / f".local.sqlite.{live_pid}.fedcba9876543210.netshpy-tmp-journal",
        state / f".host.json.{os.getpid()}.fedcba9876543210.netshpy-tmp",
    ]
    theirs = [state / "notes.tmp", state / f".notes.{dead}.tmp", static / "backup.sqlite.new"]
    for path in stale + in_flight + theirs:
        path.write_text("x")
    session = _run(state, "ipsec static", "add policy name=P")
    session.close()
    session.host.close()
    assert [p for p in stale if p.exists()] == []
    assert [p for p in in_flight + theirs if not p.exists()] == []


def test_a_drive_file_killed_while_written_is_cleaned_at_the_next_write(tmp_path: Path) -> None:
    state = tmp_path / "state"
    session = _run(state, "ipsec static", "exportpolicy file=C:\\x.ipsec")
    folder = state / "drives" / "C"
    leftover = folder / f".x.ipsec.{_dead_pid()}.0123456789abcdef.netshpy-tmp"
    leftover.write_text("half an export")
    try:
        assert session.execute("exportpolicy file=C:\\x.ipsec").ok
    finally:
        session.close()
        session.host.close()
    assert not leftover.exists()


def test_the_repl_history_file_is_private(tmp_path: Path) -> None:
    """Typed lines hold keys: prompt_toolkit's FileHistory created the file 0644."""
    from netshpy.repl.history import NetshHistory

    path = tmp_path / "history"
    history = NetshHistory(str(path))
    history.store_string("add rule name=R policy=P psk=TopSecretKey2")
    history.store_string("show rule")
    assert _mode(path) == 0o600
    assert list(NetshHistory(str(path)).load_history_strings()) == [
        "show rule",
        "add rule name=R policy=P psk=TopSecretKey2",
    ]
