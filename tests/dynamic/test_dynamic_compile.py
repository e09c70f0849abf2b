"""Assigned static policies in the SPD: compilation, precedence, changes at once."""

from __future__ import annotations

import pytest
from static_fakes import FakeQuery, sample_policy

from netshpy.dynamic import compile as comp
from netshpy.dynamic import get_service


@pytest.fixture
def store(monkeypatch):
    fake = FakeQuery()
    monkeypatch.setattr(comp, "_query", lambda: fake)
    return fake


def test_without_static_store_nothing_is_compiled(monkeypatch, host):
    monkeypatch.setattr(comp, "_query", lambda: None)
    assert comp.compile_assigned(host).rules == []


def test_compile_policy_objects():
    policy = sample_policy("P1")
    out = comp.compile_policies([("local", policy)])
    assert [p.name for p in out.mmpolicies] == ["P1"]
    assert [p.name for p in out.qmpolicies] == ["P1-action"]
    assert len(out.rules) == 1  # default response and inactive rules give no filters
    rule = out.rules[0]
    assert (rule.name, rule.dstport, rule.protocol, rule.origin) == ("P1-list", 445, 6, "local:P1")
    assert rule.qmpolicy == "P1-action" and rule.auth[0].value == "k"
    assert out.fingerprint


def test_compile_permit_action_needs_no_qm_policy_and_names_stay_unique():
    out = comp.compile_policies(
        [("persistent", sample_policy("P", action="permit")), ("local", sample_policy("P"))],
        taken={"p-action"},
    )
    assert [p.name for p in out.mmpolicies] == ["P", "P (2)"]
    assert [p.name for p in out.qmpolicies] == ["P-action (2)"]
    assert out.rules[0].qmpolicy is None and out.rules[0].actioninbound == "permit"


def test_precedence_persistent_then_domain_else_local(store, host):
    store.assigned["persistent"] = sample_policy("Boot")
    store.assigned["local"] = sample_policy("Local")
    assert [loc for loc, _ in comp.assigned_policies(host)] == ["persistent", "local"]
    host.domain = "corp.example"
    store.domain_assigned["corp.example"] = sample_policy("GPO")
    assert [p.name for _, p in comp.assigned_policies(host)] == ["Boot", "GPO"]
    store.domain_assigned.clear()
    assert [p.name for _, p in comp.assigned_policies(host)] == ["Boot", "Local"]


def test_assigned_policy_shows_beside_dynamic_entries_and_changes_at_once(store, session, run):
    store.assigned["local"] = sample_policy("Local")
    run("ipsec dynamic")
    run("add mmpolicy name=mine")
    out = run("show mmpolicy all")
    assert out.index("Local") < out.index("mine")
    assert "Filter Name            : Local-list" in run("show rule")
    # A new assignment is applied at the next SPD access, dynamic entries kept.
    store.assigned["local"] = sample_policy("Other", dstport=80)
    out = run("show rule")
    assert "Other-list" in out and "Local-list" not in out
    assert "mine" in run("show mmpolicy all")
    store.assigned.clear()
    assert "05110" in run("show rule")
    assert get_service(session.host).applied == []


def test_service_start_applies_persistent_first(store, host):
    store.assigned["persistent"] = sample_policy("Boot")
    store.assigned["local"] = sample_policy("Local")
    service = get_service(host)
    service.stop()
    service.start()
    assert service.applied == ["persistent:Boot", "local:Local"]
    assert [r.name for r in service.spd.rules] == ["Boot-list", "Local-list"]


def test_delete_all_removes_policy_entries_until_restart(store, session, run):
    store.assigned["local"] = sample_policy("Local")
    run("ipsec dynamic")
    assert "Local-list" in run("show rule")
    run("delete all")
    assert "05110" in run("show rule")
    service = get_service(session.host)
    service.stop()
    service.start()
    assert "Local-list" in run("show rule")
