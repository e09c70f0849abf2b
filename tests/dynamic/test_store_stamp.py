"""The service recompiles assigned policies exactly when a store was written."""

from __future__ import annotations

from pathlib import Path

from netshpy.host import Host
from netshpy.session import Session


def _session(state: Path) -> Session:
    return Session(Host(state, deterministic=True))


def test_a_write_by_another_store_object_is_seen_at_once(tmp_path: Path) -> None:
    state = tmp_path / "s"
    a, b = _session(state), _session(state)  # two processes' worth of objects
    assert "ERR IPsec" in a.execute("ipsec dynamic show rule").output  # nothing assigned
    assert b.execute('ipsec static set policy name="Secure Server (Require Security)" assign=y').ok
    out = a.execute("ipsec dynamic show rule").output
    assert "Secure Server (Require Security)" in out
    assert b.execute('ipsec static set policy name="Secure Server (Require Security)" assign=n').ok
    assert "Secure Server" not in a.execute("ipsec dynamic show rule").output


def test_unchanged_stores_are_not_compiled_again(tmp_path: Path, monkeypatch) -> None:
    from netshpy.dynamic import service as service_module

    a = _session(tmp_path / "s")
    a.execute('ipsec static set policy name="Server (Request Security)" assign=y')
    a.execute("ipsec dynamic show rule")
    calls = []
    real = service_module.compile_assigned
    monkeypatch.setattr(
        service_module, "compile_assigned", lambda *x, **k: calls.append(1) or real(*x, **k)
    )
    for _ in range(3):
        a.execute("ipsec dynamic show rule")
    assert calls == []
    a.execute("ipsec static add filterlist name=Touch")  # any write: compile again
    a.execute("ipsec dynamic show rule")
    assert calls == [1]
