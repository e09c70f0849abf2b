"""A process killed at any write of a service change leaves the state before or after it.

Each case prepares a computer, then runs one change (``shutdown /r``,
``net stop``, ``net start``, ``set config``, a dynamic ``add rule``...) in a
forked child that ends itself with ``os._exit`` right after its Nth write
(:data:`netshpy.dynamic.state_db.WRITE_HOOK`), for every N up to the last
write. The parent then opens the computer as a new process would and checks
that what it finds is wholly the state before the change or wholly the state
after it, never a mix; crashes before the commit must give "before", the
crash after it "after".
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.dynamic import get_service, state_db
from netshpy.host import Host
from netshpy.session import Session

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CRASHED = 77


def _observe(state: Path) -> dict[str, Any]:
    """Everything a reopened computer believes about its service, read without changing it."""
    host = Host(state, deterministic=True)
    try:
        service = get_service(host)
        service.sync()
        return {
            "running": service.running,
            "booting": service.booting,
            "values": dict(service.config.values),
            "effective": dict(service.config.effective),
            "policy_stamp": service.policy_stamp,
            "applied": list(service.applied),
            "spd": service.spd.to_dict(),
        }
    finally:
        host.close()


def _prepare(state: Path, lines: list[str]) -> None:
    host = Host(state, deterministic=True)
    session = Session(host)
    prompt = CommandPrompt(host)
    for line in lines:
        if line.startswith("cmd "):
            prompt.run(line[4:])
        else:
            result = session.execute(line)
            assert result.ok, (line, result.output)
    session.close()
    host.close()


def _run_child(state: Path, change: Callable[[Host], None], crash_at: int | None) -> int:
    """Run *change* in a forked child; its exit status (CRASHED when the hook fired)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            writes = 0

            def hook() -> None:
                nonlocal writes
                writes += 1
                if crash_at is not None and writes == crash_at:
                    os._exit(CRASHED)

            state_db.WRITE_HOOK = hook
            change(Host(state, deterministic=True))
            status = 100 + writes if crash_at is None else 0
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    _, raw = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(raw)


def _count_writes(base: Path, tmp_path: Path, change: Callable[[Host], None]) -> int:
    state = tmp_path / "count"
    shutil.copytree(base, state)
    status = _run_child(state, change, None)
    assert status > 100, status
    return status - 100


def _prompt(line: str) -> Callable[[Host], None]:
    def change(host: Host) -> None:
        out = CommandPrompt(host).run(line).output
        assert "error" not in out.lower(), out
        host.close()

    return change


def _netsh(line: str) -> Callable[[Host], None]:
    def change(host: Host) -> None:
        result = Session(host).execute(line)
        assert result.ok, result.output
        host.close()

    return change


def _hold_reboot(host: Host) -> None:
    get_service(host).reboot(start_service=False)
    host.close()


BUSY = [
    "ipsec static add filterlist name=fl",
    "ipsec static add filter filterlist=fl srcaddr=me dstaddr=any",
    "ipsec static add filteraction name=fa action=block",
    "ipsec static add policy name=p assign=yes",
    "ipsec static add rule name=r policy=p filterlist=fl filteraction=fa",
    "ipsec dynamic add mmpolicy name=mm",
    "ipsec dynamic add qmpolicy name=qm",
    "ipsec dynamic add rule srcaddr=me dstaddr=10.0.0.1 mmpolicy=mm qmpolicy=qm",
    "ipsec dynamic set config property=bootmode value=block",
    "ipsec dynamic set config property=ikelogging value=1",
    "ipsec dynamic set config property=bootexemptions value=tcp:80:0:inbound",
]

CASES: dict[str, tuple[list[str], Callable[[Host], None]]] = {
    "shutdown /r": (BUSY, _prompt("shutdown /r")),
    "reboot held in boot mode": (BUSY, _hold_reboot),
    "net stop": (BUSY, _prompt("net stop policyagent")),
    "net start": ([*BUSY, "cmd net stop policyagent"], _prompt("net start policyagent")),
    "sc stop": (BUSY, _prompt("sc stop policyagent")),
    "set config": (BUSY, _netsh("ipsec dynamic set config property=ipsecexempt value=1")),
    "add rule": (
        BUSY,
        _netsh("ipsec dynamic add rule srcaddr=any dstaddr=me mmpolicy=mm qmpolicy=qm"),
    ),
    "delete all": (BUSY, _netsh("ipsec dynamic delete all")),
    "policy applied by a show": (
        [*BUSY, "ipsec static set policy name=p assign=no"],
        _netsh("ipsec dynamic show mmpolicy all"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_crash_at_every_write_leaves_before_or_after(tmp_path: Path, case: str) -> None:
    lines, change = CASES[case]
    base = tmp_path / "base"
    _prepare(base, lines)
    before = _observe(base)
    writes = _count_writes(base, tmp_path, change)
    after_state = tmp_path / "after"
    shutil.copytree(base, after_state)
    assert _run_child(after_state, change, None) > 100
    after = _observe(after_state)
    assert after != before
    commit_seen = False
    for n in range(1, writes + 1):
        state = tmp_path / f"crash{n}"
        shutil.copytree(base, state)
        assert _run_child(state, change, n) == CRASHED, n
        seen = _observe(state)
        assert seen in (before, after), f"write {n} of {writes} left a mixed state"
        if seen == after:
            commit_seen = True
        else:
            assert not commit_seen, f"write {n}: back to before after a commit"
    assert commit_seen  # the last write point is the commit


def test_a_reboot_is_one_commit(tmp_path: Path) -> None:
    """shutdown /r: config in effect, boot mode and the new SPD change together."""
    base = tmp_path / "base"
    _prepare(base, BUSY)
    commits = 0
    real_commit = state_db.ServiceDb.commit

    def counting(self: state_db.ServiceDb) -> None:
        nonlocal commits
        commits += 1
        real_commit(self)

    host = Host(base, deterministic=True)
    service = get_service(host)
    service.sync()
    state_db.ServiceDb.commit = counting  # type: ignore[method-assign]
    try:
        CommandPrompt(host).run("shutdown /r")
    finally:
        state_db.ServiceDb.commit = real_commit  # type: ignore[method-assign]
        host.close()
    assert commits == 1
    seen = _observe(base)
    assert seen["running"] and not seen["booting"]
    assert seen["effective"]["bootmode"] == "block"
    assert seen["spd"]["mmpolicies"] and all(p["origin"] for p in seen["spd"]["mmpolicies"])


LEGACY_SPD = {
    "running": True,
    "booting": False,
    "policy_stamp": None,
    "applied": [],
    "spd": {
        "mmpolicies": [
            {
                "name": "old",
                "qmpermm": 0,
                "mmlifetime": 480,
                "softsaexpirationtime": None,
                "offers": [{"_": "MmOffer", "encryption": "3DES", "integrity": "SHA1", "group": 2}],
                "origin": "",
            }
        ]
    },
}


def _legacy_state(state: Path) -> None:
    import json

    (state / "service").mkdir(parents=True)
    (state / "service" / "spd.json").write_text(json.dumps(LEGACY_SPD))
    (state / "ipsec-config.json").write_text(
        json.dumps(
            {"values": {"ikelogging": 1, "bootmode": "block"}, "effective": {"ikelogging": 1}}
        )
    )


def test_files_of_an_earlier_version_are_migrated(tmp_path: Path) -> None:
    state = tmp_path / "s"
    _legacy_state(state)
    session = Session(Host(state, deterministic=True))
    assert "old" in session.execute("ipsec dynamic show mmpolicy all").output
    config = session.execute("ipsec dynamic show config").output
    assert "IKELogging             : 1" in config
    assert "block" in config
    session.host.close()
    assert (state / "service" / "state.sqlite").is_file()
    assert not (state / "service" / "spd.json").exists()
    assert not (state / "ipsec-config.json").exists()


def test_a_crash_while_migrating_loses_nothing(tmp_path: Path) -> None:
    base = tmp_path / "base"
    _legacy_state(base)
    change = _prompt("shutdown /r")
    writes = _count_writes(base, tmp_path, change)
    after_state = tmp_path / "after"
    shutil.copytree(base, after_state)
    _run_child(after_state, change, None)
    after = _observe(after_state)
    migrated = tmp_path / "migrated"
    shutil.copytree(base, migrated)
    before = _observe(migrated)
    assert before["spd"]["mmpolicies"][0]["name"] == "old"
    for n in range(1, writes + 1):
        state = tmp_path / f"crash{n}"
        shutil.copytree(base, state)
        assert _run_child(state, change, n) == CRASHED
        assert _observe(state) in (before, after), n


def test_files_of_an_earlier_version_left_beside_the_state_file_are_not_migrated_again(
    tmp_path: Path,
) -> None:
    """A kill between linking the new file and removing the old ones leaves both."""
    state = tmp_path / "s"
    session = Session(Host(state, deterministic=True))
    assert session.execute("ipsec dynamic add mmpolicy name=new").ok
    session.host.close()
    (state / "service" / "state.sqlite").rename(tmp_path / "kept.sqlite")
    _legacy_state_beside(state)
    (tmp_path / "kept.sqlite").rename(state / "service" / "state.sqlite")
    session = Session(Host(state, deterministic=True))
    out = session.execute("ipsec dynamic show mmpolicy all").output
    session.host.close()
    assert "new" in out and "old" not in out
    assert not (state / "service" / "spd.json").exists()
    assert not (state / "ipsec-config.json").exists()
    # A damaged state file is rebuilt fresh, not from files of an earlier version.
    (state / "service" / "state.sqlite").write_bytes(b"junk" * 100)
    session = Session(Host(state, deterministic=True))
    assert "05108" in session.execute("ipsec dynamic show mmpolicy all").output
    session.host.close()


def _legacy_state_beside(state: Path) -> None:
    import json

    (state / "service" / "spd.json").write_text(json.dumps(LEGACY_SPD))
    (state / "ipsec-config.json").write_text(json.dumps({"values": {"ikelogging": 1}}))
