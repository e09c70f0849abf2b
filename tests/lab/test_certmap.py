"""Certificate choice (with and without the CA name) and certificate-to-account mapping rules."""

from __future__ import annotations

import pytest

from netshpy.lab.certmap import (
    BLOCKED,
    DENIED,
    NO_MAPPING,
    NO_RIGHT,
    NOT_MEMBER,
    CertReq,
    cert_reqs,
    choose,
    map_certificate,
)
from netshpy.lab.directory import Account

CORP, PARTNER = "CN=Corp Root CA", "CN=Partner Root CA"
STORE = [("CN=web1 (partner)", PARTNER), ("CN=web1 (corp)", CORP)]

CHOICES = [
    ("named CA picks the matching certificate", STORE, [CertReq(CORP)], "CN=web1 (corp)", True),
    ("named CA, any case", STORE, [CertReq(CORP.upper())], "CN=web1 (corp)", True),
    ("CA name excluded: first of the store", STORE, [CertReq(None)], "CN=web1 (partner)", False),
    ("excluded, single certificate", STORE[1:], [CertReq(None)], "CN=web1 (corp)", False),
    (
        "named CA first, an empty request too",
        STORE,
        [CertReq(None), CertReq(CORP)],
        "CN=web1 (corp)",
        True,
    ),
    (
        "named CA not held, empty request: first",
        STORE,
        [CertReq("CN=Other"), CertReq(None)],
        "CN=web1 (partner)",
        False,
    ),
    ("named CA not held, no empty request: none", STORE, [CertReq("CN=Other")], None, False),
    ("no certificates", [], [CertReq(None)], None, False),
]


@pytest.mark.parametrize(
    ("case", "store", "reqs", "subject", "hinted"), CHOICES, ids=[c[0] for c in CHOICES]
)
def test_certificate_choice(
    case: str, store: list, reqs: list, subject: str | None, hinted: bool
) -> None:
    choice = choose("WEB1", store, reqs)
    assert (choice.subject, choice.hinted) == (subject, hinted)
    assert "WEB1" in choice.text


def test_cert_reqs_and_what_the_wire_shows() -> None:
    reqs = cert_reqs([(CORP, False), (PARTNER, True)])
    assert reqs == [CertReq(CORP), CertReq(None)]
    assert CORP in reqs[0].wire() and "empty" in reqs[1].wire()


ACCOUNTS = {
    ("p1$", "corp.example"): Account("P1$", "corp.example", groups=("IPsec Partners",)),
    ("p2$", "corp.example"): Account("P2$", "corp.example"),
    ("off$", "corp.example"): Account("OFF$", "corp.example", enabled=False),
    ("x$", "trusted.example"): Account("X$", "trusted.example"),
    ("y$", "other.example"): Account("Y$", "other.example"),
}


def _lookup(name: str, domain: str) -> Account | None:
    return ACCOUNTS.get((name.lower(), domain.lower()))


ALLOW = ["CORP\\IPsec Partners"]
MAPPINGS = [
    ("mapped, default rights (Everyone)", "corp.example", "P2$", None, (), "", "CORP\\P2$"),
    ("mapped through a group", "corp.example", "P1$", ALLOW, (), "", "CORP\\P1$"),
    ("DOMAIN\\name form", "corp.example", "CORP\\P1$", ALLOW, (), "", "CORP\\P1$"),
    ("name@dns form", "corp.example", "P1$@corp.example", ALLOW, (), "", "CORP\\P1$"),
    ("verifier not a domain member", None, "P1$", None, (), NOT_MEMBER, None),
    ("certificate maps to nothing", "corp.example", None, None, (), NO_MAPPING, None),
    ("account does not exist", "corp.example", "GHOST$", None, (), NO_MAPPING, None),
    ("account of a trusted domain", "corp.example", "TRUSTED\\X$", None, (), "", "TRUSTED\\X$"),
    ("account of an untrusted domain", "corp.example", "OTHER\\Y$", None, (), NO_MAPPING, None),
    ("disabled account: computer blocked", "corp.example", "OFF$", None, (), BLOCKED, "CORP\\OFF$"),
    ("denied by name", "corp.example", "P1$", None, ["CORP\\P1$"], DENIED, "CORP\\P1$"),
    (
        "denied through a group",
        "corp.example",
        "P1$",
        None,
        ["IPsec Partners"],
        DENIED,
        "CORP\\P1$",
    ),
    ("deny wins over allow", "corp.example", "P1$", ALLOW, ["CORP\\P1$"], DENIED, "CORP\\P1$"),
    ("not in the allowed group", "corp.example", "P2$", ALLOW, (), NO_RIGHT, "CORP\\P2$"),
    (
        "Domain Computers grants computer accounts",
        "corp.example",
        "P2$",
        ["CORP\\Domain Computers"],
        (),
        "",
        "CORP\\P2$",
    ),
    ("empty allow list grants nobody", "corp.example", "P2$", [], (), NO_RIGHT, "CORP\\P2$"),
]


@pytest.mark.parametrize(
    ("case", "domain", "account", "allow", "deny", "rule", "shown"),
    MAPPINGS,
    ids=[m[0] for m in MAPPINGS],
)
def test_mapping_rules(
    case: str, domain: str | None, account: str | None, allow, deny, rule: str, shown: str | None
) -> None:
    m = map_certificate(
        "SRV1",
        domain,
        ["trusted.example"],
        "CN=peer",
        account,
        _lookup,
        domains=["corp.example", "trusted.example", "other.example"],
        network_logon=allow,
        deny_network_logon=deny,
    )
    assert (m.ok, m.rule, m.account) == (rule == "", rule, shown)
    assert m.text
