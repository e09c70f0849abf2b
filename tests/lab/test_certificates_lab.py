"""The certificates lab: what went on the wire with and without the CA name (explanation,
IKE log, the negotiation result observers read), and gpresult where Windows has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.lab.runtime import Lab

LAB = Path(__file__).resolve().parents[2] / "labs" / "certificates.toml"
RULE = 'ipsec static set rule name=Partners policy="Partner access" rootca="CN=Corp Root CA {}"'


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    with Lab.from_file(
        LAB, tmp_path_factory.mktemp("certs"), fresh=True, deterministic=True
    ) as lab:
        yield lab  # type: ignore[misc]


@pytest.mark.parametrize(
    ("options", "outcome", "ca_sent", "chosen"),
    [
        ("certmap:yes excludecaname:no", "secured", True, "CN=part3.corp.example"),
        ("certmap:yes excludecaname:yes", "failed", False, "CN=part3.partner.example"),
        ("certmap:no excludecaname:yes", "failed", False, "CN=part3.partner.example"),
    ],
)
def test_ca_name_on_the_wire_and_the_certificate_chosen(
    lab: Lab, options: str, outcome: str, ca_sent: bool, chosen: str
) -> None:
    lab.reset()
    assert lab.run("SRV1", "ipsec dynamic set config ikelogging 1").ok
    assert lab.run("SRV1", RULE.format(options)).ok
    result = lab.send("PART3", "SRV1", "tcp", 443)
    assert result.outcome == outcome
    certs = result.negotiation.mm.certificates  # type: ignore[union-attr]
    assert certs.ca_name_sent("SRV1") is ca_sent
    assert certs.chosen["PART3"].subject == chosen
    log = (lab.root / "SRV1" / "debug" / "oakley.log").read_text(encoding="utf-8")
    wire = (
        "Certification Authority CN=Corp Root CA"
        if ca_sent
        else "Certification Authority field empty"
    )
    assert wire in log and chosen in log


def test_a_secured_exchange_names_the_mapped_account(lab: Lab) -> None:
    lab.reset()
    assert lab.run("SRV1", RULE.format("certmap:yes")).ok
    result = lab.send("PART1", "SRV1", "tcp", 443)
    assert result.outcome == "secured"
    assert result.negotiation.mm.mapped_accounts == {"PART1": "CORP\\PART1$"}  # type: ignore[union-attr]
    assert "to the account CORP\\PART1$" in result.text()


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (":account disable PART1$", "computer blocked"),
        (":right SRV1 deny CORP\\PART1$", "denied network access"),
        (':account ungroup PART1$ "IPsec Partners"', "no network access right"),
    ],
)
def test_refusals_name_the_rule(lab: Lab, line: str, rule: str) -> None:
    lab.reset()
    assert lab.run("SRV1", RULE.format("certmap:yes")).ok
    assert lab.run("SRV1", line).ok
    result = lab.send("PART1", "SRV1", "tcp", 443)
    assert result.outcome == "failed"
    assert result.negotiation.mm.certificates.mappings["PART1"].rule == rule  # type: ignore[union-attr]


def test_gpresult_is_not_on_windows_2000(tmp_path: Path) -> None:
    text = LAB.read_text(encoding="utf-8").replace(
        'name = "PART2"\nos = "2003"', 'name = "PART2"\nos = "2000"'
    )
    (tmp_path / "w2k.toml").write_text(text, encoding="utf-8")
    with Lab.from_file(
        tmp_path / "w2k.toml", tmp_path / "root", fresh=True, deterministic=True
    ) as lab:
        out = CommandPrompt(lab.host("PART2")).run("gpresult").output
        assert "is not recognized" in out
        assert "Group Policy Result tool" in CommandPrompt(lab.host("PART1")).run("gpresult").output
