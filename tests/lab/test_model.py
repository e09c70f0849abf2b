"""Lab files are validated strictly, with errors that name the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.lab.model import LabError, load_lab

GOOD = """
[lab]
name = "Two servers"

[[domain]]
name = "corp.example"

[[network]]
name = "lan"
subnet = "10.0.0.0/24"

[[computer]]
name = "srv1"
os = "2003"
addresses = ["10.0.0.1"]
domain = "corp.example"

[[computer]]
name = "XP1"
os = "xp-sp2"
addresses = ["10.0.0.2"]

[[exercise]]
title = "Secure it"
instructions = "Require security between SRV1 and XP1."

[[exercise.item]]
description = "ping is secured"
check = "traffic"
from = "XP1"
to = "SRV1"
protocol = "icmp"
expect = "secured"
"""


def test_a_good_lab_loads(tmp_path: Path) -> None:
    f = tmp_path / "lab.toml"
    f.write_text(GOOD)
    lab = load_lab(f)
    assert [c.name for c in lab.computers] == ["SRV1", "XP1"]
    assert lab.start == "SRV1"
    assert lab.exercises[0].items[0].params["expect"] == "secured"
    assert lab.network_of("10.0.0.2").name == "lan"


BAD = [
    (
        "unknown os",
        GOOD.replace('os = "xp-sp2"', 'os = "vista"'),
        "computer[2] 'XP1': unknown os 'vista'",
    ),
    ("bad address", GOOD.replace('"10.0.0.2"', '"10.0.0.300"'), "is not IPv4"),
    ("off network", GOOD.replace('"10.0.0.2"', '"10.9.0.2"'), "on no declared network"),
    ("duplicate address", GOOD.replace('"10.0.0.2"', '"10.0.0.1"'), "used by both"),
    (
        "unknown key",
        GOOD.replace('os = "2003"', 'os = "2003"\ncolour = "red"'),
        "unknown key(s) colour",
    ),
    (
        "undeclared domain",
        GOOD.replace(
            'domain = "corp.example"\n\n[[computer]]', 'domain = "x.example"\n\n[[computer]]'
        ),
        "not declared",
    ),
    (
        "unknown check",
        GOOD.replace('check = "traffic"', 'check = "vibes"'),
        "unknown check 'vibes'",
    ),
    ("bad expect", GOOD.replace('expect = "secured"', 'expect = "maybe"'), "expect must be one of"),
    (
        "unknown computer in item",
        GOOD.replace('to = "SRV1"', 'to = "NOPE"'),
        "unknown computer 'NOPE'",
    ),
    (
        "bad precedence",
        GOOD.replace(
            'check = "traffic"\nfrom = "XP1"\nto = "SRV1"\nprotocol = "icmp"\nexpect = "secured"',
            'check = "rsop"\ncomputer = "srv1"\npolicy = "P"\nprecedence = 0',
        ),
        "precedence must be a positive integer",
    ),
    ("points true", GOOD + "points = true\n", "points must be a positive integer"),
    ("not toml", "[lab", "not valid TOML"),
    ("no computers", '[lab]\nname = "x"\n', "missing computer"),
    ("long name", GOOD.replace('name = "srv1"', 'name = "averyveryverylongname"'), "NetBIOS"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_labs_are_rejected_clearly(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "lab.toml"
    f.write_text(text)
    with pytest.raises(LabError) as info:
        load_lab(f)
    assert message in str(info.value)
    assert str(info.value).startswith("lab.toml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LabError, match="cannot read"):
        load_lab(tmp_path / "none.toml")
