"""Traffic outcomes through real labs: OS, offers, groups, authentication, NAT,
default exemptions, startup security, service state, soft SAs and inbound passthrough."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.dynamic.service import get_service
from netshpy.lab.traffic import observers

from .labkit import RESPOND, make_lab, require, responder

DOM = {"domain": "corp.example"}
CERT = {"certificate": [{"subject": "CN=b", "root": "CN=Root", "account": "B$"}]}
CERT_A = {"certificate": [{"subject": "CN=a", "root": "CN=Root", "account": "A$"}]}
CERT_NOACC = {"certificate": [{"subject": "CN=a", "root": "CN=Root"}]}

# id, A, B, nat, (src, dst, protocol, port), outcome, phrase in the explanation, lab steps
CASES = [
    ("no policy", {}, {}, False, ("A", "B", "icmp", 0), "clear", "Neither side", []),
    (
        "require vs none",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "does not answer IKE",
        [],
    ),
    (
        "soft vs none",
        {"setup": require(action="soft=yes"), **DOM},
        {**DOM},
        False,
        ("A", "B", "icmp", 0),
        "clear",
        "soft SA",
        [],
    ),
    (
        "require vs respond-only",
        {"setup": require(), **DOM},
        {"setup": RESPOND, **DOM},
        False,
        ("A", "B", "tcp", 445),
        "secured",
        "authenticated by Kerberos",
        [],
    ),
    (
        "2048 only vs XP",
        {"setup": require(mm="3DES-SHA1-3"), **DOM},
        {"os": "xp-sp2", "setup": RESPOND, **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "No main mode offer in common",
        [],
    ),
    (
        "2048 only vs 2000",
        {"setup": require(mm="3DES-SHA1-3"), **DOM},
        {"os": "2000", "setup": responder("3DES-SHA1-3 3DES-SHA1-2"), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "does not implement group 2048",
        [],
    ),
    (
        "2048 between 2003s",
        {"setup": require(mm="3DES-SHA1-3"), **DOM},
        {"setup": responder("3DES-SHA1-3"), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "group 2048",
        [],
    ),
    (
        "2048 then 2 vs XP",
        {"setup": require(mm="3DES-SHA1-3 3DES-SHA1-2"), **DOM},
        {"os": "xp-sp2", "setup": RESPOND, **DOM},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "group 2 (1024-bit)",
        [],
    ),
    (
        "kerberos without domain",
        {"setup": require(), **DOM},
        {"setup": RESPOND},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "not a domain member",
        [],
    ),
    (
        "psk equal",
        {"setup": require(auth='psk="same key"')},
        {"setup": require(auth='psk="same key"')},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "preshared key",
        [],
    ),
    (
        "psk differ",
        {"setup": require(auth="psk=one")},
        {"setup": require(auth="psk=two")},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "preshared keys of A and B differ",
        [],
    ),
    (
        "certificates",
        {"setup": require(auth='rootca="CN=Root"'), **CERT_A},
        {"setup": require(auth='rootca="CN=Root"'), **CERT},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "certificate from root CA CN=Root",
        [],
    ),
    (
        "certificate not trusted",
        {"setup": require(auth='rootca="CN=Root"'), **CERT_A},
        {"setup": require(auth='rootca="CN=Other"'), **CERT},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "no certificate issued by a root CA",
        [],
    ),
    (
        "root missing from the store",
        {"setup": require(auth='rootca="CN=Root"'), **CERT_A},
        {"setup": require(auth='rootca="CN=Root"'), "trusted_roots": ["CN=Other"], **CERT},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "Trusted Root Certification Authorities",
        [],
    ),
    (
        "certmap without account",
        {"setup": require(auth='rootca="CN=Root"'), **CERT_NOACC},
        {"setup": require(auth='rootca="CN=Root certmap:yes"'), **CERT, **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "maps to no account",
        [],
    ),
    (
        "certmap with account",
        {"setup": require(auth='rootca="CN=Root"'), **CERT_A},
        {"setup": require(auth='rootca="CN=Root certmap:yes"'), **CERT, **DOM},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "Main mode SA established",
        [],
    ),
    (
        "NAT-T XP SP2 to 2003",
        {"os": "xp-sp2", "setup": require(auth="psk=k123")},
        {"setup": require(auth="psk=k123")},
        True,
        ("A", "B", "icmp", 0),
        "secured",
        "UDP port 4500",
        [],
    ),
    (
        "NAT without NAT-T (XP)",
        {"os": "xp", "setup": require(auth="psk=k123")},
        {"setup": require(auth="psk=k123")},
        True,
        ("A", "B", "icmp", 0),
        "failed",
        "cannot use NAT traversal",
        [],
    ),
    (
        "AH through NAT",
        {"os": "xp-sp2", "setup": require(auth="psk=k123", action='qmsecmethods="AH[SHA1]"')},
        {"setup": require(auth="psk=k123", action='qmsecmethods="AH[SHA1]"')},
        True,
        ("A", "B", "icmp", 0),
        "failed",
        "AH cannot cross a NAT",
        [],
    ),
    (
        "NAT clear",
        {"os": "xp-sp2"},
        {},
        True,
        ("A", "B", "tcp", 80),
        "clear",
        "sees the traffic coming from 203.0.113.5",
        [],
    ),
    (
        "into a NAT",
        {},
        {},
        True,
        ("B", "A", "icmp", 0),
        "failed",
        "sits behind the NAT device",
        [],
    ),
    (
        "block filter",
        {},
        {"setup": require(verb="block", protocol="TCP")},
        False,
        ("A", "B", "tcp", 445),
        "blocked",
        "B drops the traffic",
        [],
    ),
    (
        "permit filter",
        {"setup": require(verb="permit")},
        {},
        False,
        ("A", "B", "icmp", 0),
        "clear",
        "permit",
        [],
    ),
    (
        "exempt 3: kerberos negotiated",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "udp", 88),
        "failed",
        "does not answer IKE",
        [],
    ),
    (
        "exempt 2: kerberos exempt",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "udp", 88),
        "clear",
        "kerberos traffic is a default exemption (ipsecexempt=2)",
        [("A", "ipsec dynamic set config property=ipsecexempt value=2"), ("reboot", "A")],
    ),
    (
        "exempt 2 before the reboot",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "udp", 88),
        "failed",
        "IKE",
        [("A", "ipsec dynamic set config property=ipsecexempt value=2")],
    ),
    (
        "exempt 1: kerberos not exempt",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "tcp", 88),
        "failed",
        "does not answer IKE",
        [("A", "ipsec dynamic set config property=ipsecexempt value=1"), ("reboot", "A")],
    ),
    (
        "exempt 0: rsvp",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "rsvp", 0),
        "clear",
        "rsvp traffic is a default exemption",
        [("A", "ipsec dynamic set config property=ipsecexempt value=0"), ("reboot", "A")],
    ),
    (
        "IKE always exempt",
        {"setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "udp", 500),
        "clear",
        "ike traffic is a default exemption (ipsecexempt=3)",
        [],
    ),
    (
        "XP exempts kerberos by default",
        {"os": "xp-sp2", "setup": require(), **DOM},
        {**DOM},
        False,
        ("A", "B", "udp", 88),
        "clear",
        "ipsecexempt=0",
        [],
    ),
    (
        "multicast with exempt 3",
        {"setup": require(), **DOM},
        {},
        False,
        ("A", "224.0.0.5", "udp", 1000),
        "failed",
        "multicast or broadcast",
        [],
    ),
    (
        "multicast with exempt 0",
        {"setup": require(), **DOM},
        {},
        False,
        ("A", "224.0.0.5", "udp", 1000),
        "clear",
        "multicast traffic is a default exemption",
        [("A", "ipsec dynamic set config property=ipsecexempt value=0"), ("reboot", "A")],
    ),
    (
        "boot stateful inbound",
        {},
        {},
        False,
        ("A", "B", "icmp", 0),
        "blocked",
        "boot mode stateful",
        [("hold", "B")],
    ),
    (
        "boot stateful outbound",
        {},
        {},
        False,
        ("B", "A", "icmp", 0),
        "clear",
        "stateful",
        [("hold", "B")],
    ),
    (
        "boot permit",
        {},
        {},
        False,
        ("A", "B", "icmp", 0),
        "clear",
        "nothing is filtered",
        [("B", "ipsec dynamic set config property=bootmode value=permit"), ("hold", "B")],
    ),
    (
        "boot block outbound",
        {},
        {},
        False,
        ("B", "A", "icmp", 0),
        "blocked",
        "boot mode block",
        [("B", "ipsec dynamic set config property=bootmode value=block"), ("hold", "B")],
    ),
    (
        "boot block with exemption",
        {},
        {},
        False,
        ("A", "B", "tcp", 3389),
        "clear",
        "boot exemption",
        [
            ("B", "ipsec dynamic set config property=bootmode value=block"),
            ("B", 'ipsec dynamic set config property=bootexemptions value="TCP:0:3389:inbound"'),
            ("hold", "B"),
        ],
    ),
    (
        "boot block DHCP",
        {},
        {},
        False,
        ("A", "B", "udp", 67),
        "clear",
        "DHCP always passes",
        [("B", "ipsec dynamic set config property=bootmode value=block"), ("hold", "B")],
    ),
    (
        "service stopped",
        {},
        {"setup": require(verb="block")},
        False,
        ("A", "B", "icmp", 0),
        "clear",
        "service is stopped",
        [("B", "stop")],
    ),
    (
        "inpass: responder secures the reply",
        {"setup": RESPOND, **DOM},
        {"setup": require(action="inpass=yes"), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "inbound passthrough",
        [],
    ),
    (
        "no inpass: unsecured inbound dropped",
        {"setup": RESPOND, **DOM},
        {"setup": require(), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "does not allow inbound passthrough",
        [],
    ),
    (
        "inpass and soft with a non-IPsec peer",
        {**DOM},
        {"setup": require(action="inpass=yes soft=yes"), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "clear",
        "soft SA",
        [],
    ),
    (
        "PFS on one side",
        {"setup": require(action="qmpfs=yes"), **DOM},
        {"setup": require(), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "perfect forward secrecy",
        [],
    ),
    (
        "PFS on both",
        {"setup": require(action="qmpfs=yes"), **DOM},
        {"setup": require(action="qmpfs=yes"), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "secured",
        "with PFS",
        [],
    ),
    (
        "quick mode mismatch",
        {"setup": require(action='qmsecmethods="ESP[DES,MD5]"'), **DOM},
        {"setup": require(action='qmsecmethods="ESP[3DES,SHA1]"'), **DOM},
        False,
        ("A", "B", "icmp", 0),
        "failed",
        "No quick mode offer in common",
        [],
    ),
]


def _step(lab, step: tuple[str, str]) -> None:
    who, what = step
    if who == "reboot":
        lab.reboot(what)
    elif who == "hold":
        lab.reboot(what, start_service=False)
    elif what == "stop":
        get_service(lab.host(who)).stop()
    else:
        assert lab.run(who, what).ok, what


@pytest.mark.parametrize(
    ("a", "b", "nat", "send", "outcome", "phrase", "steps"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_traffic_outcome(tmp_path: Path, a, b, nat, send, outcome, phrase, steps) -> None:
    lab = make_lab(tmp_path, a, b, nat=nat)
    try:
        for step in steps:
            _step(lab, step)
        result = lab.send(*send)
        text = result.text()
        assert result.outcome == outcome, text
        assert phrase in text, text
    finally:
        lab.close()


def test_secured_traffic_shows_in_both_spds_and_the_ike_log(tmp_path: Path) -> None:
    lab = make_lab(
        tmp_path,
        {"os": "xp-sp2", "setup": require(auth="psk=k123")},
        {"setup": require(auth="psk=k123")},
        nat=True,
    )
    try:
        assert lab.run("B", "ipsec dynamic set config property=ikelogging value=1").ok
        result = lab.ping("A", "B")
        assert result.outcome == "secured" and result.nat_t
        assert result.mm is not None and result.mm.src_port == 4500
        b_mmsas = lab.run("B", "ipsec dynamic show mmsas").output
        assert "203.0.113.20, port 4500" in b_mmsas and "203.0.113.5, port 4500" in b_mmsas
        # A is Windows XP: no netsh ipsec there, its SPD is read directly.
        qmsas = get_service(lab.host("A")).require_spd().qmsas
        assert any("192.168.1.10" in (sa.src, sa.dst) for sa in qmsas)
        assert "Main Modes" in lab.run("B", "ipsec dynamic show stats").output
        for name in ("A", "B"):
            spd = get_service(lab.host(name)).require_spd()
            assert spd.ike_stats["main_modes"] == 1 and spd.ike_stats["quick_modes"] == 1
        log = (lab.host("B").state_dir / "debug" / "oakley.log").read_text()
        assert "responder" in log and "NAT detected" in log
        assert not (lab.host("A").state_dir / "debug" / "oakley.log").exists()
        # Another exchange replaces the SAs of the pair instead of piling them up.
        lab.ping("A", "B")
        spd = get_service(lab.host("B")).require_spd()
        assert len(spd.mmsas) == 1 and spd.ike_stats["main_modes"] == 2
    finally:
        lab.close()


def test_failures_are_counted(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": require(auth="psk=one")}, {"setup": require(auth="psk=two")})
    try:
        assert lab.ping("A", "B").outcome == "failed"
        for name in ("A", "B"):
            stats = get_service(lab.host(name)).require_spd().ike_stats
            assert stats["negotiation_failures"] == 1 and stats["auth_failures"] == 1
    finally:
        lab.close()


def test_record_false_changes_nothing(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": require(), **DOM}, {"setup": RESPOND, **DOM})
    try:
        assert lab.send("A", "B", "icmp", 0, record=False).outcome == "secured"
        assert get_service(lab.host("A")).require_spd().mmsas == []
        assert lab.traffic_log == []
    finally:
        lab.close()


def test_a_registered_observer_consumes_every_recorded_send(tmp_path: Path) -> None:
    seen: list[tuple[str, str | None]] = []

    def observer(lab, result) -> None:
        seen.append((result.outcome, result.negotiation and result.negotiation.init.name))

    lab = make_lab(tmp_path, {"setup": require(), **DOM}, {"setup": RESPOND, **DOM})
    try:
        observers.register(observer)
        lab.send("A", "B", "icmp", 0, record=False)
        assert seen == []
        lab.ping("A", "B")
        assert seen == [("secured", "A")]
    finally:
        observers.OBSERVERS.remove(observer)
        lab.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("A", "NOPE", "icmp", 0), "no computer 'NOPE'"),
        (("A", "B", "smtp", 0), "unknown protocol"),
        (("A", "B", "tcp", 70000), "out of range"),
        (("A", "A", "icmp", 0), "itself"),
        (("A", "10.9.9.9", "icmp", 0), "no computer with address"),
    ],
)
def test_bad_sends_are_lab_errors(tmp_path: Path, args, message) -> None:
    from netshpy.lab.model import LabError

    lab = make_lab(tmp_path, {}, {})
    try:
        with pytest.raises(LabError, match=message):
            lab.send(*args)
    finally:
        lab.close()


def test_explanation_quotes_the_policy_name(tmp_path: Path) -> None:
    """Policy names often contain blanks ("Corp domain policy"): unquoted, the sentence
    "of policy Corp domain policy matches ..." reads ambiguously."""
    lab = make_lab(tmp_path, {"setup": require(), **DOM}, {"setup": RESPOND, **DOM})
    try:
        assert "filter of 'L' of policy 'P' matches" in lab.ping("A", "B").text()
    finally:
        lab.close()
