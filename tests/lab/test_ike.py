"""Negotiation outcomes for the combinations of OS, offers, groups, auth and NAT."""

from __future__ import annotations

import pytest

from netshpy.lab.ike import Auth, Certificate, Peer, main_mode, quick_mode
from netshpy.values import parse_mmsecmethods, parse_qmsecmethods, parse_rootca

DEFAULT_MM = "3DES-SHA1-2 3DES-MD5-2 DES-SHA1-1 DES-MD5-1"
DEFAULT_QM = "ESP[3DES,SHA1] ESP[3DES,MD5] ESP[DES,SHA1] ESP[DES,MD5]"


def peer(name: str, os: str = "2003", mm: str = DEFAULT_MM, qm: str = DEFAULT_QM, **kw) -> Peer:
    kw.setdefault("auth", [Auth("kerberos")])
    kw.setdefault("domain", "corp.example")
    return Peer(
        name,
        os,
        f"10.0.0.{len(name)}",
        mm_offers=parse_mmsecmethods("mm", mm),
        qm_offers=parse_qmsecmethods("qm", qm),
        **kw,
    )


CA = parse_rootca("r", "CN=Corp Root")
CA_MAP = parse_rootca("r", "CN=Corp Root certmap:yes")
CERT = (Certificate("CN=host", "CN=Corp Root", account="HOST$"),)
CERT_NOMAP = (Certificate("CN=host", "CN=Corp Root"),)

CASES = [
    # id, initiator, responder, nat, mm ok, qm ok, phrase in the explanation
    ("defaults 2003-2003", peer("A"), peer("B"), False, True, True, "3DES-SHA1-2"),
    (
        "2048 both 2003",
        peer("A", mm="3DES-SHA1-3"),
        peer("B", mm="3DES-SHA1-3"),
        False,
        True,
        True,
        "group 2048",
    ),
    (
        "2048 only vs XP",
        peer("A", mm="3DES-SHA1-3"),
        peer("B", "xp-sp2", mm="3DES-SHA1-3 3DES-SHA1-2"),
        False,
        False,
        False,
        "does not implement",
    ),
    (
        "2048 only vs 2000",
        peer("A", mm="3DES-SHA1-3"),
        peer("B", "2000"),
        False,
        False,
        False,
        "No main mode offer in common",
    ),
    (
        "2048 first, falls back to 2",
        peer("A", mm="3DES-SHA1-3 3DES-SHA1-2"),
        peer("B", "xp"),
        False,
        True,
        True,
        "3DES-SHA1-2",
    ),
    (
        "no common encryption",
        peer("A", mm="3DES-SHA1-2"),
        peer("B", mm="DES-MD5-1"),
        False,
        False,
        False,
        "No main mode offer",
    ),
    (
        "kerberos outside domain",
        peer("A"),
        peer("B", domain=None),
        False,
        False,
        False,
        "not a domain member",
    ),
    (
        "kerberos untrusted domains",
        peer("A"),
        peer("B", domain="other.example"),
        False,
        False,
        False,
        "do not trust",
    ),
    (
        "kerberos trusted domains",
        peer("A", trusted_domains=("other.example",)),
        peer("B", domain="other.example"),
        False,
        True,
        True,
        "Kerberos",
    ),
    (
        "psk equal",
        peer("A", auth=[Auth("psk", psk="k1")], domain=None),
        peer("B", auth=[Auth("psk", psk="k1")], domain=None),
        False,
        True,
        True,
        "preshared key",
    ),
    (
        "psk differ",
        peer("A", auth=[Auth("psk", psk="k1")]),
        peer("B", auth=[Auth("psk", psk="k2")]),
        False,
        False,
        False,
        "differ",
    ),
    (
        "kerberos then psk fallback",
        peer("A", domain=None, auth=[Auth("kerberos"), Auth("psk", psk="k")]),
        peer("B", auth=[Auth("kerberos"), Auth("psk", psk="k")]),
        False,
        True,
        True,
        "preshared key",
    ),
    (
        "responder lacks method",
        peer("A", auth=[Auth("psk", psk="k")]),
        peer("B", auth=[Auth("kerberos")]),
        False,
        False,
        False,
        "does not accept",
    ),
    (
        "cert trusted",
        peer("A", auth=[Auth("rootca", rootca=CA)], certificates=CERT),
        peer("B", auth=[Auth("rootca", rootca=CA)], certificates=CERT),
        False,
        True,
        True,
        "certificate",
    ),
    (
        "cert untrusted root",
        peer(
            "A",
            auth=[Auth("rootca", rootca=CA)],
            certificates=(Certificate("CN=a", "CN=Other Root"),),
        ),
        peer("B", auth=[Auth("rootca", rootca=CA)], certificates=CERT),
        False,
        False,
        False,
        "no certificate issued",
    ),
    (
        "certmap with account",
        peer("A", auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT),
        peer("B", auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT),
        False,
        True,
        True,
        "certificate",
    ),
    (
        "certmap without account",
        peer("A", auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT_NOMAP),
        peer("B", auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT),
        False,
        False,
        False,
        "maps to no account",
    ),
    (
        "certmap outside domain",
        peer("A", auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT),
        peer("B", domain=None, auth=[Auth("rootca", rootca=CA_MAP)], certificates=CERT),
        False,
        False,
        False,
        "domain member",
    ),
    ("NAT-T 2003 and XP SP2", peer("A"), peer("B", "xp-sp2"), True, True, True, "UDP-encapsulated"),
    (
        "NAT with Windows 2000",
        peer("A"),
        peer("B", "2000"),
        True,
        False,
        False,
        "cannot use NAT traversal",
    ),
    (
        "NAT with XP before SP2",
        peer("A", "xp"),
        peer("B"),
        True,
        False,
        False,
        "cannot use NAT traversal",
    ),
    (
        "AH through NAT",
        peer("A", qm="AH[SHA1]"),
        peer("B", qm="AH[SHA1]"),
        True,
        True,
        False,
        "AH cannot cross",
    ),
    (
        "AH+ESP prefers ESP through NAT",
        peer("A", qm="AH[SHA1] ESP[3DES,SHA1]"),
        peer("B"),
        True,
        True,
        True,
        "ESP[3DES,SHA1]",
    ),
    (
        "QM no common offer",
        peer("A", qm="ESP[DES,MD5]"),
        peer("B", qm="ESP[3DES,SHA1]"),
        False,
        True,
        False,
        "No quick mode offer",
    ),
    ("PFS mismatch", peer("A", pfs=True), peer("B"), False, True, False, "perfect forward secrecy"),
    ("PFS both", peer("A", pfs=True), peer("B", pfs=True), False, True, True, "with PFS"),
]


@pytest.mark.parametrize(
    ("init", "resp", "nat", "mm_ok", "qm_ok", "phrase"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_negotiation(
    init: Peer, resp: Peer, nat: bool, mm_ok: bool, qm_ok: bool, phrase: str
) -> None:
    mm = main_mode(init, resp, nat)
    assert mm.ok is mm_ok
    text = " ".join(mm.steps)
    if mm.ok:
        qm = quick_mode(init, resp, mm)
        assert qm.ok is qm_ok
        text += " " + " ".join(qm.steps)
    else:
        assert not qm_ok
    assert phrase in text, text
