"""The lab file's directory tables (sites, OUs, GPOs, links, accounts, rights) load strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.lab.directory import Link
from netshpy.lab.model import LabError, load_lab

GOOD = """
[lab]
name = "AD"

[[domain]]
name = "corp.example"
controller = "DC1"
links = ["Default Domain Policy"]

[[site]]
name = "HQ"
links = [{ gpo = "Site IPsec", enabled = false }]

[[gpo]]
name = "Default Domain Policy"

[[gpo]]
name = "Site IPsec"

[[gpo]]
name = "Web IPsec"
computer_settings = false

[[ou]]
path = "Servers"

[[ou]]
path = "Servers/Web"
block_inheritance = true
links = ["Web IPsec", { gpo = "Default Domain Policy", enforced = true }]

[[account]]
name = "PARTNER$"
enabled = false
groups = ["IPsec Partners"]

[[computer]]
name = "DC1"
os = "2003"
addresses = ["10.0.0.1"]
domain = "corp.example"
site = "HQ"

[[computer]]
name = "WEB1"
os = "2003"
addresses = ["10.0.0.2"]
domain = "corp.example"
site = "HQ"
ou = "Servers/Web"
rights = { network_logon = ["CORP\\\\IPsec Partners"], deny_network_logon = ["CORP\\\\PARTNER$"] }
"""


def _load(tmp_path: Path, text: str):
    f = tmp_path / "ad.toml"
    f.write_text(text)
    return load_lab(f)


def test_a_directory_loads(tmp_path: Path) -> None:
    lab = _load(tmp_path, GOOD)
    d = lab.directory
    web = d.som("ou", "servers/web", "corp.example")
    assert web is not None and web.block_inheritance
    assert web.links == (Link("Web IPsec"), Link("Default Domain Policy", True, True))
    assert d.som("site", "hq").links == (Link("Site IPsec", enabled=False),)  # type: ignore[union-attr]
    assert d.gpo("web ipsec", "corp.example").computer_enabled is False  # type: ignore[union-attr]
    assert d.controllers == {"corp.example": "DC1"}
    assert d.account("web1$", "corp.example").enabled  # type: ignore[union-attr]
    assert d.account("partner$", "corp.example").groups == ("IPsec Partners",)  # type: ignore[union-attr]
    web1 = lab.computer("WEB1")
    assert (web1.site, web1.ou) == ("HQ", "Servers/Web")
    assert web1.network_logon == ("CORP\\IPsec Partners",)
    assert web1.deny_network_logon == ("CORP\\PARTNER$",)


BAD = [
    (
        "unknown GPO in links",
        ('links = ["Default Domain Policy"]', 'links = ["Nope"]'),
        "unknown GPO 'Nope'",
    ),
    ("parent OU missing", ('path = "Servers"\n', 'path = "Other"\n'), "parent OU 'Servers'"),
    (
        "computer in undeclared OU",
        ('ou = "Servers/Web"', 'ou = "Servers/DB"'),
        "not declared in an [[ou]]",
    ),
    (
        "undeclared site",
        ('site = "HQ"\nou', 'site = "Branch"\nou'),
        "site 'Branch' is not declared",
    ),
    (
        "unknown link key",
        ("enabled = false }", "enabled = false, colour = 1 }"),
        "unknown key(s) colour",
    ),
    ("link flag type", ("enforced = true }", 'enforced = "yes" }'), "must be true or false"),
    (
        "controller not a member",
        ('controller = "DC1"', 'controller = "NOBODY"'),
        "unknown computer 'NOBODY'",
    ),
    ("unknown right", ("deny_network_logon =", "deny_logon ="), "unknown key(s) deny_logon"),
    (
        "linked twice",
        (
            'links = ["Default Domain Policy"]',
            'links = ["Default Domain Policy", "Default Domain Policy"]',
        ),
        "linked twice",
    ),
    ("unknown table", ("[[account]]", "[[forest]]"), "unknown key(s) forest"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_directories_name_the_entry(
    tmp_path: Path, case: str, change: tuple[str, str], message: str
) -> None:
    assert change[0] in GOOD
    with pytest.raises(LabError) as info:
        _load(tmp_path, GOOD.replace(change[0], change[1], 1))
    assert message in str(info.value)
    assert str(info.value).startswith("ad.toml: ")
