"""A store is called corrupt only when it is, and then nothing writes into it (issue 12).

``--deterministic`` GUIDs counted from 1 without looking at the store, so an
imported object's GUID came round again and the UNIQUE constraint failed;
``Store.write`` reported every SQLite error, that one included, as a
corrupt store. Damage that a read noticed did not stop the next write, and
a store one byte short was not noticed at all.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netshpy import Emulator, messages
from netshpy.static.store import Store, StoreCorrupt

from .helpers import static_session

ROOT = Path(__file__).resolve().parents[2]


def test_imported_guids_are_not_drawn_again(tmp_path: Path) -> None:
    with Emulator() as source:
        for i in range(10):
            source.run(f"ipsec static add filterlist name=L{i}").check()
        source.run("ipsec static exportpolicy file=C:\\lists").check()
        source.drives.copy_to_host("C:\\lists.ipsec", tmp_path)
    with Emulator() as target:
        target.drives.copy_from_host(tmp_path / "lists.ipsec", "C:\\")
        target.run("ipsec static importpolicy file=C:\\lists.ipsec").check()
        for i in range(3):
            result = target.run(f"ipsec static add filterlist name=New{i}")
            assert result.ok, result.output


def test_parallel_deterministic_writers_of_one_store_all_succeed(tmp_path: Path) -> None:
    """Four computers, each counting its GUIDs from 1, write one domain store at once."""
    scripts = []
    for w in range(4):
        script = tmp_path / f"w{w}.txt"
        lines = ["ipsec static set store location=domain domain=corp.example"]
        lines += [f"ipsec static add filterlist name=W{w}L{i}" for i in range(5)]
        script.write_text("\n".join(lines) + "\n")
        scripts.append(script)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NETSHPY_DOMAIN_DIR": str(tmp_path / "dc")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "netshpy", "--deterministic"]
            + ["--state-dir", str(tmp_path / f"pc{w}"), "-f", str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        )
        for w, script in enumerate(scripts)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for out, err in outputs:
        assert out.decode().strip() == "" and err == b"", (out, err)
    conn = sqlite3.connect(tmp_path / "dc" / "corp.example.sqlite")
    assert conn.execute("SELECT count(DISTINCT guid) FROM filterlist").fetchone()[0] == 20
    conn.close()


def test_a_constraint_failure_is_not_called_corruption(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    store.conn  # noqa: B018 - create it
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute(
            "INSERT INTO filterlist(guid, name, modified) VALUES ('{G}', 'a', ''), ('{G}', 'b', '')"
        )
    with store.write() as conn:  # and the store is still writable
        conn.execute("INSERT INTO filterlist(guid, name, modified) VALUES ('{G}', 'a', '')")
    store.close()


def _big_store(state: Path, filters: int = 2000) -> Path:
    with Emulator(state_dir=state) as emu:
        emu.run("ipsec static add filterlist name=FL").check()
        emu.run("ipsec static add filter filterlist=FL srcaddr=10.0.0.1 dstaddr=any").check()
    path = state / "static" / "local.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO filter(list_id, description, mirrored, src_kind, src_value, srcmask,"
            " dst_kind, dst_value, dstmask, protocol, srcport, dstport)"
            " SELECT list_id, description, mirrored, src_kind, src_value || '.' || n, srcmask,"
            " dst_kind, dst_value, dstmask, protocol, srcport, dstport"
            " FROM filter, (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            f" WHERE n < {filters}) SELECT n FROM c)"
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _damage_a_middle_page(path: Path) -> None:
    pages = path.stat().st_size // 4096
    with open(path, "r+b") as handle:
        handle.seek(4096 * (pages // 2))
        handle.write(bytes(range(256)) * 16)


@pytest.mark.parametrize("damage", ["page", "truncated"])
def test_a_damaged_store_is_reported_and_never_written(tmp_path: Path, damage: str) -> None:
    path = _big_store(tmp_path / "s")
    if damage == "page":
        _damage_a_middle_page(path)
    else:
        os.truncate(path, path.stat().st_size - 1)
    before = path.read_bytes()
    corrupt = messages.ipsec("store_corrupt", path=path) + "\n"
    session = static_session(tmp_path / "s")
    for line in ("show filterlist all", "add policy name=Z", "set batch enable", "add policy Y"):
        out = session.execute(line).output
        if line != "set batch enable":
            assert out == corrupt, (line, out)
    session.close()
    assert path.read_bytes() == before
    # and a fresh process, whose first command is a write, refuses too
    session = static_session(tmp_path / "s")
    assert session.execute("add policy name=Z").output == corrupt
    session.close()
    assert path.read_bytes() == before


def test_damage_seen_by_a_read_stops_later_writes(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    store.conn  # noqa: B018
    with pytest.raises(StoreCorrupt):
        store._problem(sqlite3.DatabaseError("database disk image is malformed"))
    with pytest.raises(StoreCorrupt), store.write():
        pass
    store.close()


def test_a_counter_that_cannot_be_written_still_gives_new_guids(tmp_path: Path) -> None:
    state = tmp_path / "s"
    (state / "guid-counter").mkdir(parents=True)  # junk where the counter lives
    with Emulator(state_dir=state) as emu:
        for i in range(3):
            emu.run(f"ipsec static add filterlist name=L{i}").check()
