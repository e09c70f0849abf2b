"""RSoP in a running lab: the SPD, show gpoassignedpolicy, gpresult, :rsop and :gpo agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.dynamic.compile import assigned_policies
from netshpy.lab.runtime import Lab

LAB = Path(__file__).resolve().parents[2] / "labs" / "rsop.toml"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    with Lab.from_file(LAB, tmp_path_factory.mktemp("rsop"), fresh=True, deterministic=True) as lab:
        yield lab  # type: ignore[misc]


def _domain_policy(lab: Lab, name: str) -> str | None:
    return next((p.name for loc, p in assigned_policies(lab.host(name)) if loc == "domain"), None)


def test_the_spd_applies_the_rsop_winner(lab: Lab) -> None:
    lab.reset()
    assert _domain_policy(lab, "WEB1") == "Legacy web (permit)"
    assert _domain_policy(lab, "XP1") == "Domain clients (request)"
    out = lab.run("WEB1", "ipsec static show gpoassignedpolicy").output
    assert "Legacy Web Exemption" in out and "Assigned               : YES" in out
    named = lab.run(
        "WEB1", 'ipsec static show gpoassignedpolicy name="Web Server Isolation"'
    ).output
    assert "Assigned               : NO" in named


def test_link_order_change_switches_policy_and_traffic(lab: Lab) -> None:
    lab.reset()
    session = lab.session("WEB1")
    assert lab.send("GUEST", "WEB1", "tcp", 80).outcome == "clear"
    out = session.execute(':gpo order "Web Server Isolation" Servers/Web 1').output
    assert "link order 1" in out
    assert _domain_policy(lab, "WEB1") == "Web server isolation"
    assert lab.send("GUEST", "WEB1", "tcp", 80).outcome == "failed"
    assert lab.send("XP1", "WEB1", "tcp", 80).outcome == "secured"
    assert "Web Server Isolation" in lab.run("WEB1", "ipsec static show gpoassignedpolicy").output
    lab.reset()
    assert _domain_policy(lab, "WEB1") == "Legacy web (permit)"


def test_planning_changes_nothing(lab: Lab) -> None:
    lab.reset()
    session = lab.session("WEB1")
    out = session.execute(
        ':rsop plan WEB2 ou=Servers/Web "order=Web Server Isolation@Servers/Web:1"'
    ).output
    assert "planning mode" in out and "Precedence 1: Web server isolation" in out
    assert _domain_policy(lab, "WEB2") == "Domain clients (request)"
    assert "Precedence 1: Legacy web (permit)" in session.execute(":rsop WEB1").output


@pytest.mark.parametrize(
    "line",
    [
        ":rsop plan",
        ":rsop plan GUEST",
        ":rsop plan WEB2 ou=Nowhere",
        ":rsop plan WEB2 colour=red",
        ":rsop plan WEB2 link=Nope@Servers",
        ":rsop plan WEB2 order=Web Server Isolation@Servers/Web",
        ":rsop NOBODY",
        ":gpo order Nope Servers/Web 1",
        ":gpo unlink Legacy Web Exemption Servers",
        ":gpo link X",
        ":gpo move WEB2 Nowhere",
        ":gpo move GUEST Servers",
        ":gpo dc sideways",
        ":gpo frobnicate",
        ":gpo block Nowhere",
    ],
)
def test_bad_emulator_lines_get_an_error_not_a_traceback(lab: Lab, line: str) -> None:
    result = lab.session("WEB1").execute(line)
    assert not result.ok and "Traceback" not in result.output and result.output.strip()


def test_rsop_outside_a_domain(lab: Lab) -> None:
    assert "not a domain member" in lab.session("GUEST").execute(":rsop").output


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ("gpresult /scope computer", "Applied Group Policy Objects"),
        ("gpresult /v", "Resultant Set Of Policies for Computer"),
        ("gpresult /z /scope user", "USER SETTINGS"),
        ("gpresult /?", "GPRESULT [/S system"),
        ("gpresult /s WEB2", "on WEB2 : Logging Mode"),
        ("gpresult /s NOBODY", "RPC server is unavailable"),
        ("gpresult /x", "Invalid argument/option - '/x'"),
        ("gpresult /scope", "Value expected for '/scope'"),
        ("gpresult /scope both", "Valid values are 'USER' and 'COMPUTER'"),
        ("gpresult /v /z", "Invalid argument/option"),
        ("gpresult /u CORP\\Administrator", "/U and /P can be specified only with /S"),
    ],
)
def test_gpresult(lab: Lab, line: str, expect: str) -> None:
    lab.reset()
    out = CommandPrompt(lab.host("WEB1")).run(line).output
    assert expect in out


def test_gpresult_lists_gpos_by_precedence_and_no_ipsec_section(lab: Lab) -> None:
    lab.reset()
    out = CommandPrompt(lab.host("WEB1")).run("gpresult /scope computer /z").output
    applied = out.split("Applied Group Policy Objects")[1].split("The following")[0]
    names = [line.strip() for line in applied.splitlines()[2:] if line.strip()]
    assert names == ["Legacy Web Exemption", "Web Server Isolation", "Default Domain Policy"]
    assert "IP Security" not in out and "USER SETTINGS" not in out
