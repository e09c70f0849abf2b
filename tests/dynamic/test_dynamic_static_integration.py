"""The real static store feeding the SPD through the IPsec service."""

from __future__ import annotations

import pytest

from netshpy.dynamic import get_service

POLICY = [
    "ipsec static add filterlist name=SMB",
    "ipsec static add filter filterlist=SMB srcaddr=me dstaddr=any protocol=TCP dstport=445",
    "ipsec static add filteraction name=Sec action=negotiate",
    "ipsec static add policy name={name} assign={assign}",
    "ipsec static add rule name=R policy={name} filterlist=SMB filteraction=Sec",
]


def _policy(run, name="Lab", assign="yes", store=None):
    if store:
        assert run(f"ipsec static set store location={store}") == ""
    for line in POLICY:
        out = run(line.format(name=name, assign=assign))
        assert "ERR" not in out or "already exists" in out, out


def test_assigned_policy_appears_in_rules_and_filters(session, run):
    _policy(run)
    rules = run("ipsec dynamic show rule")
    assert "Filter Name            : SMB" in rules and "Quick Mode Policy Name : Sec" in rules
    assert "Destination Port       : 445" in run("ipsec dynamic show qmfilter all type=specific")
    assert "Main Mode Policy Name  : Lab" in run("ipsec dynamic show mmpolicy all")
    assert get_service(session.host).applied == ["local:Lab"]


def test_unassigned_policy_is_not_applied_and_assignment_applies_at_once(run):
    _policy(run, assign="no")
    assert "05110" in run("ipsec dynamic show rule")
    run("ipsec static set policy name=Lab assign=yes")
    assert "Filter Name            : SMB" in run("ipsec dynamic show rule")
    run("ipsec static set policy name=Lab assign=no")
    assert "05110" in run("ipsec dynamic show rule")


def test_static_survives_restart_dynamic_does_not(session, run):
    _policy(run)
    run("ipsec dynamic add mmpolicy name=Temp")
    service = get_service(session.host)
    service.stop()
    assert "Policy Name            : Lab" in run("ipsec static show policy name=Lab")
    assert run("ipsec static add filterlist name=Other") == ""  # static works while stopped
    service.start()
    out = run("ipsec dynamic show mmpolicy all")
    assert "Lab" in out and "Temp" not in out


def test_persistent_policy_comes_first(session, run):
    _policy(run, name="Local")
    run("ipsec static set store location=persistent")
    for line in POLICY:
        run(line.format(name="Boot", assign="yes"))
    service = get_service(session.host)
    service.stop()
    service.start()
    assert service.applied == ["persistent:Boot", "local:Local"]
    out = run("ipsec dynamic show mmpolicy all")
    assert out.index("Boot") < out.index("Local")


@pytest.mark.parametrize("how", ["delete policy", "delete all"])
def test_removing_the_policy_empties_the_spd(run, how):
    _policy(run)
    run(
        "ipsec static delete policy name=Lab"
        if how == "delete policy"
        else "ipsec static delete all"
    )
    assert "05110" in run("ipsec dynamic show rule")
