"""Queries on the real static store and SPD, and typed errors from real commands."""

from __future__ import annotations

import subprocess

import pytest

import netshpy
from netshpy import Emulator

DEFAULT_POLICIES = [
    "Client (Respond Only)",
    "Secure Server (Require Security)",
    "Server (Request Security)",
]
BLOCK_445 = [
    "ipsec static add policy name=Web",
    "ipsec static add filterlist name=SMB",
    "ipsec static add filter filterlist=SMB srcaddr=any dstaddr=me protocol=tcp dstport=445",
    "ipsec static add filteraction name=Blk action=block",
    "ipsec static add rule name=R policy=Web filterlist=SMB filteraction=Blk",
]


def test_fresh_store_holds_the_example_policies(netsh: Emulator) -> None:
    assert [p.name for p in netsh.static.policies()] == DEFAULT_POLICIES
    assert netsh.static.assigned_policy() is None
    assert {f.name for f in netsh.static.filterlists()} >= {"All ICMP Traffic", "All IP Traffic"}
    assert netsh.static.filteraction("permit").action == "permit"


def test_policy_rules_and_filters_after_commands(netsh: Emulator) -> None:
    for line in BLOCK_445:
        assert netsh.run(line).ok, line
    policy = netsh.static.policy("WEB")
    assert netsh.static.policy(policy.guid).name == "Web"
    assert [(r.id, r.name, r.default_response) for r in netsh.static.rules("Web")] == [
        (1, "R", False),
        (0, "", True),
    ]
    [smb] = netsh.static.filterlist("SMB").filters
    assert (smb.protocol, smb.dstport) == (6, 445)
    netsh.run("ipsec static set policy name=Web assign=yes")
    assert netsh.static.assigned_policy().name == "Web"


def test_locations_are_separate_stores(netsh: Emulator) -> None:
    netsh.run("ipsec static set store location=persistent")
    netsh.run("ipsec static add policy name=Boot")
    assert "Boot" in [p.name for p in netsh.static.policies("persistent")]
    assert "Boot" not in [p.name for p in netsh.static.policies()]


def test_dynamic_queries_follow_the_spd(netsh: Emulator) -> None:
    for line in BLOCK_445:
        netsh.run(line)
    assert netsh.dynamic.rules() == []
    netsh.run("ipsec static set policy name=Web assign=yes")
    assert [(r.name, r.origin) for r in netsh.dynamic.rules()] == [("SMB", "local:Web")]
    assert len(netsh.dynamic.mmfilters()) >= 1
    assert len(netsh.dynamic.qmfilters("specific")) >= len(netsh.dynamic.qmfilters())
    netsh.run("ipsec dynamic add mmpolicy name=mm1")
    assert "mm1" in [p.name for p in netsh.dynamic.mmpolicies()]
    with pytest.raises(netshpy.EmulatorError, match="generic"):
        netsh.dynamic.mmfilters("sideways")


def test_service_stop_empties_the_spd_and_start_rebuilds_it(netsh: Emulator) -> None:
    netsh.run("ipsec dynamic add mmpolicy name=mm1")
    assert netsh.service.running and netsh.dynamic.running()
    assert "stopped successfully" in netsh.service.stop().output
    assert not netsh.dynamic.running()
    assert netsh.dynamic.mmpolicies() == [] and netsh.dynamic.driver_mode() == "permit"
    netsh.service.start()
    assert netsh.dynamic.mmpolicies() == []  # dynamic changes are gone for good
    assert netsh.dynamic.driver_mode() == "policy"


def test_reboot_applies_pending_config(netsh: Emulator) -> None:
    netsh.run("ipsec dynamic set config property=bootmode value=block")
    assert netsh.dynamic.config()["bootmode"] == "block"
    assert netsh.dynamic.effective_config()["bootmode"] == "stateful"
    netsh.run("ipsec static")
    netsh.reboot()
    assert netsh.prompt == "netsh>"
    assert netsh.dynamic.effective_config()["bootmode"] == "block"
    assert netsh.dynamic.boot_state().mode == "block"


@pytest.mark.parametrize(
    ("line", "error", "code"),
    [
        ("ipsec static delete policy name=nope", netshpy.ObjectNotFound, 5021),
        # unquoted blanks: "Only)" lands on the next positional tag, mmpfs
        ("ipsec static add policy name=Client (Respond Only)", netshpy.InvalidValue, 5027),
        (
            'ipsec static add policy name="Client (Respond Only)"',
            netshpy.ObjectExists,
            5005,
        ),
        ("ipsec dynamic set config property=ipsecexempt value=9", netshpy.InvalidValue, 5028),
        (
            "ipsec dynamic add rule srcaddr=me dstaddr=10.0.0.1 mmpolicy=nope",
            netshpy.ObjectNotFound,
            5102,
        ),
    ],
)
def test_strict_mode_on_real_ipsec_errors(line: str, error: type, code: int | None) -> None:
    with Emulator(strict=True) as emu, pytest.raises(error) as info:
        emu.run(line)
    assert info.value.code == code


def test_strict_mode_object_in_use() -> None:
    with Emulator(strict=True) as emu:
        for line in BLOCK_445:
            emu.run(line)
        with pytest.raises(netshpy.ObjectInUse):
            emu.run("ipsec static delete filterlist name=SMB")


def test_strict_mode_service_not_running() -> None:
    with Emulator(strict=True) as emu:
        emu.service.stop()
        with pytest.raises(netshpy.ServiceNotRunning):
            emu.run("ipsec dynamic show mmpolicy all")


def test_snapshot_covers_the_static_store_and_the_spd(netsh: Emulator) -> None:
    netsh.run("ipsec dynamic add mmpolicy name=keep")
    snap = netsh.snapshot()
    netsh.run("ipsec static delete all")
    netsh.run("ipsec dynamic delete all")
    assert netsh.static.policies() == [] and netsh.dynamic.mmpolicies() == []
    netsh.restore(snap)
    assert [p.name for p in netsh.static.policies()] == DEFAULT_POLICIES
    assert [p.name for p in netsh.dynamic.mmpolicies()] == ["keep"]


def test_shim_writes_reach_the_queries(netsh_on_path: Emulator) -> None:
    for line in BLOCK_445:
        done = subprocess.run(["netsh", *line.split()], capture_output=True, text=True)
        assert (done.returncode, done.stdout) == (0, ""), line
    assert netsh_on_path.static.policy("Web").name == "Web"
    subprocess.run(
        ["netsh", "ipsec", "static", "set", "policy", "name=Web", "assign=yes"], check=True
    )
    assert netsh_on_path.static.assigned_policy().name == "Web"
    assert [r.origin for r in netsh_on_path.dynamic.rules()] == ["local:Web"]
