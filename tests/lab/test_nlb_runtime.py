"""NLB in a running lab: sends to the cluster address, wlbs/nlb at the prompt, :wait, :nlb."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.lab.model import LabError, load_lab
from netshpy.lab.runtime import Lab

LAB = Path(__file__).resolve().parents[2] / "labs" / "nlb.toml"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    with Lab.from_file(LAB, tmp_path_factory.mktemp("nlb"), fresh=True, deterministic=True) as lab:
        yield lab  # type: ignore[misc]


def _prompt(lab: Lab, name: str, line: str) -> str:
    return CommandPrompt(lab.host(name)).run(line).output


def test_member_loss_and_failover(lab: Lab) -> None:
    lab.reset()
    first = lab.send("CL1", "10.0.0.100", "tcp", 80)
    assert first.outcome == "secured" and first.member and first.cluster == "WEBFARM"
    member = first.member
    assert "Cluster operations stopped." in _prompt(lab, member, "wlbs stop")
    assert "already stopped" in _prompt(lab, member, "nlb stop")
    assert "stopped" in _prompt(lab, member, "wlbs query")
    dry = lab.send("CL1", "WEBFARM", "tcp", 80, record=False)
    assert dry.outcome == "failed" and "Bad SPI" in dry.text()
    session = lab.session("CL1")
    assert session.execute(":wait 119").output.strip() == "119 seconds pass."
    assert lab.send("CL1", "10.0.0.100", "tcp", 80).outcome == "failed"
    session.execute(":wait 1")
    again = lab.send("CL1", "10.0.0.100", "tcp", 80)
    assert again.outcome == "secured" and again.member != member
    # The new member holds the SAs with the cluster address.
    out = lab.run(again.member, "ipsec dynamic show mmsas").output  # type: ignore[arg-type]
    assert "10.0.0.100" in out and "10.0.0.51" in out
    assert f"client 10.0.0.51: {again.member}" in session.execute(":nlb").output
    assert "Cluster operations started." in _prompt(lab, member, "wlbs start")
    assert lab.send("CL1", "10.0.0.100", "tcp", 80).member == again.member  # sticky on 2003


def test_drainstop_keeps_the_client(lab: Lab) -> None:
    lab.reset()
    member = lab.send("CL2", "10.0.0.100", "tcp", 80).member
    assert "Connection draining started." in _prompt(lab, member, "wlbs drainstop")  # type: ignore[arg-type]
    assert lab.send("CL2", "10.0.0.100", "tcp", 80).member == member
    assert "draining" in _prompt(lab, member, "wlbs query")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("computer", "line", "expect"),
    [
        ("CL1", "wlbs query", "not installed on this system"),
        ("NODE1", "wlbs", "Usage: wlbs <command>"),
        ("NODE1", "nlb frobnicate", "Usage: nlb <command>"),
        ("NODE1", "nlb query", "NLB Cluster Control Utility"),
    ],
)
def test_wlbs_lines(lab: Lab, computer: str, line: str, expect: str) -> None:
    lab.reset()
    assert expect in _prompt(lab, computer, line)


@pytest.mark.parametrize("line", [":wait", ":wait soon", ":wait 1 2", ":cmd"])
def test_bad_colon_lines(lab: Lab, line: str) -> None:
    result = lab.session("CL1").execute(line)
    assert not result.ok and "Traceback" not in result.output


def test_cmd_runs_a_prompt_line_where_you_sit(lab: Lab) -> None:
    session = lab.session("NODE1")
    assert "Host 1" in session.execute(":cmd wlbs query").output


BASE = LAB.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('members = ["NODE1", "NODE2", "NODE3"]', 'members = ["NODE1"]'), "at least two members"),
        (
            ('members = ["NODE1", "NODE2", "NODE3"]', 'members = ["NODE1", "CL9"]'),
            "unknown computer 'CL9'",
        ),
        (('address = "10.0.0.100"', 'address = "10.0.0.11"'), "already used"),
        (('address = "10.0.0.100"', 'address = "10.9.0.100"'), "on no declared network"),
        (('affinity = "single"', 'affinity = "sticky"'), "affinity must be one of"),
        (("fast_failover = true", 'fast_failover = "yes"'), "must be true or false"),
        (('stopped = ["OLD3"]', 'stopped = ["CL1"]'), "stopped must name members"),
        (('members = ["OLD1", "OLD2", "OLD3"]', 'members = ["OLD1", "NODE1"]'), "same Windows"),
    ],
)
def test_bad_clusters(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    f = tmp_path / "nlb.toml"
    f.write_text(BASE.replace(*change, 1), encoding="utf-8")
    with pytest.raises(LabError) as info:
        load_lab(f)
    assert message in str(info.value) and "cluster[" in str(info.value)


def test_wait_says_what_it_did_or_refuses(lab: Lab) -> None:
    # ':wait' of 21+ digits said "100000000000000000000 seconds pass." whatever was typed.
    lab.reset()
    session = lab.session("CL1")
    assert session.execute(":wait 2m").output.strip() == "120 seconds pass."
    for bad in ("9" * 21, "31536001", "525601m", "x"):
        out = session.execute(f":wait {bad}").output
        assert "seconds pass" not in out and ":wait SECONDS|MINUTESm (at most a year)" in out
    session.close()
    lab.reset()
