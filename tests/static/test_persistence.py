"""The store on disk: corrupt files, concurrent writers, killed processes."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netshpy import messages
from netshpy.host import Host
from netshpy.static.stores import stores

from .helpers import static_session

ROOT = Path(__file__).resolve().parents[2]


def _netshpy(state: Path, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "netshpy", "--state-dir", str(state), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database at all", b"SQLite format 3\x00" + b"\x07" * 4000],
    ids=["empty", "text", "garbage pages"],
)
def test_corrupt_store_is_reported_and_left_in_place(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "s" / "static" / "local.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    session = static_session(tmp_path / "s")
    for line in ("show all", "add policy X"):
        out = session.execute(line).output
        assert out == messages.ipsec("store_corrupt", path=path) + "\n"
    session.close()
    assert path.read_bytes() == content


def test_foreign_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "s" / "static" / "local.sqlite"
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE policy(x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    session = static_session(tmp_path / "s")
    assert session.execute("show policy all").output.startswith("ERR IPsec[05076]")
    session.close()
    assert path.read_bytes() == before


def test_schema_version_and_pragmas(tmp_path: Path) -> None:
    host = Host(tmp_path / "s", deterministic=True)
    store = stores(host).get("local")
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    host.close()


def test_parallel_writers_lose_nothing(tmp_path: Path) -> None:
    state = tmp_path / "s"
    static_session(state).close()  # create the store once
    writers, count = 4, 40
    procs = []
    for w in range(writers):
        script = tmp_path / f"w{w}.txt"
        lines = ["pushd ipsec static"] + [
            f"add filter filterlist=Shared srcaddr=10.{w}.0.{i} dstaddr=me" for i in range(count)
        ]
        lines += [f"add policy W{w}"]
        script.write_text("\n".join(lines) + "\n")
        procs.append(_netshpy(state, "-f", str(script)))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert out.strip() == b"" and err == b"", (out, err)
    session = static_session(state)
    assert (
        f"No. of Filters         : {writers * count}"
        in session.execute("show filterlist Shared").output
    )
    for w in range(writers):
        assert session.execute(f"show policy W{w}").ok
    session.close()


def test_killed_process_leaves_a_store_that_opens(tmp_path: Path) -> None:
    state = tmp_path / "s"
    script = tmp_path / "long.txt"
    lines = ["pushd ipsec static", "delete all"]
    for i in range(3000):
        lines.append(f"add filter filterlist=L{i % 7} srcaddr=10.0.{i // 250}.{i % 250} dstaddr=me")
        if i % 100 == 0:
            lines += [f"add policy P{i}", f"add filteraction A{i} action=block"]
            lines.append(f"add rule name=R policy=P{i} filterlist=L{i % 7} filteraction=A{i}")
            lines.append(f"set policy P{i} assign=yes")
    script.write_text("\n".join(lines) + "\n")
    rng = random.Random(4471134)
    previous = -1
    for _ in range(3):
        proc = _netshpy(state, "-f", str(script))
        time.sleep(rng.uniform(0.3, 0.9))
        proc.kill()
        proc.wait()
        session = static_session(state)
        result = session.execute("show all format=table")
        assert result.output.startswith("\n") or result.output.startswith("ERR IPsec[0507"), (
            result.output[:300]
        )
        assert "05076" not in result.output
        assert session.execute("add filter filterlist=After any me").output == ""
        session.close()
        host = Host(state)
        contents = stores(host).get("local").load()
        total = sum(len(fl.filters) for fl in contents.filterlists)
        assert total >= 1
        assert sum(p.assigned for p in contents.policies) <= 1
        for policy in contents.policies:
            assert sum(r.default_response for r in policy.rules) == 1
        host.close()
        previous = total
    assert previous >= 1


def test_store_file_is_never_opened_outside_sqlite(tmp_path: Path, monkeypatch) -> None:
    """Closing any other descriptor of the file would drop this process's SQLite
    locks (a killed writer then left reads seeing a "malformed" image)."""
    import builtins

    first = static_session(tmp_path / "s")
    first.execute("add filterlist name=A")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        assert not str(file).endswith(".sqlite"), f"store file opened outside SQLite: {file}"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    second = static_session(tmp_path / "s")  # a second store object on the same file
    assert "A" in second.execute("show filterlist all format=table").output
    first.execute("add filterlist name=B")
    assert "B" in second.execute("show filterlist all format=table").output
