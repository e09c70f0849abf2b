"""The example policies of a fresh Windows Server 2003 local store.

Names, descriptions and structure are those the IP Security Policies snap-in
shows on a fresh installation; GUIDs follow the well-known
``{723852xx-70FA-11D1-864C-14A300000000}`` family and timestamps are fixed.
Both are RECONSTRUCTED (see docs/fidelity/static.md).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ..values import Address, MmOffer, QmOffer
from . import writes
from .model import AuthMethod, Filter, FilterAction, FilterList, Policy, Rule

_WHEN = datetime(2003, 3, 25, 12, 0, 0)


def _guid(n: str) -> str:
    return "{723852" + n + "-70FA-11D1-864C-14A300000000}"


DEFAULT_MMSECMETHODS = [
    MmOffer("3DES", "SHA1", 2),
    MmOffer("3DES", "MD5", 2),
    MmOffer("DES", "SHA1", 1),
    MmOffer("DES", "MD5", 1),
]
DEFAULT_QMSECMETHODS = [
    QmOffer(esp_encryption="3DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="3DES", esp_integrity="MD5"),
    QmOffer(esp_encryption="DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="DES", esp_integrity="MD5"),
]
DEFAULT_RESPONSE_QMSECMETHODS = [
    QmOffer(esp_encryption="3DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="3DES", esp_integrity="MD5"),
    QmOffer(esp_encryption="DES", esp_integrity="SHA1"),
    QmOffer(esp_encryption="DES", esp_integrity="MD5"),
    QmOffer(ah="SHA1"),
    QmOffer(ah="MD5"),
]


def default_response_rule(active: bool = True) -> Rule:
    """A new policy's default response rule."""
    return Rule(
        0,
        "",
        "",
        None,
        None,
        None,
        "all",
        active,
        [AuthMethod("kerberos")],
        default_response=True,
        qmsecmethods=list(DEFAULT_RESPONSE_QMSECMETHODS),
    )


def example_store() -> tuple[list[FilterList], list[FilterAction], list[Policy]]:
    """The filter lists, filter actions and policies of a fresh computer."""
    me, any_ = Address("me"), Address("any")
    icmp = FilterList(
        "All ICMP Traffic",
        "Matches all ICMP packets betweeen this computer and any other computer.",
        _guid("35"),
        _WHEN,
        [Filter(me, any_, "255.255.255.255", "0.0.0.0", 1, 0, 0, True)],
    )
    ip = FilterList(
        "All IP Traffic",
        "Matches all IP packets from this computer to any other computer, except broadcast,"
        " multicast, Kerberos, RSVP and ISAKMP (IKE).",
        _guid("3A"),
        _WHEN,
        [Filter(me, any_, "255.255.255.255", "0.0.0.0", 0, 0, 0, True)],
    )
    permit = FilterAction(
        "Permit", "Permit unsecured IP packets to pass through.", _guid("3B"), _WHEN, "permit"
    )
    request = FilterAction(
        "Request Security (Optional)",
        "Accepts unsecured communication, but requests clients to establish trust and security"
        " methods.  Communicates insecurely to untrusted clients if they do not respond to"
        " request.",
        _guid("33"),
        _WHEN,
        "negotiate",
        inpass=True,
        soft=True,
        qmsecmethods=list(DEFAULT_QMSECMETHODS),
    )
    require = FilterAction(
        "Require Security",
        "Accepts unsecured communication, but always requires clients to establish trust and"
        " security methods. Does NOT communicate with untrusted clients.",
        _guid("3D"),
        _WHEN,
        "negotiate",
        inpass=True,
        qmsecmethods=list(DEFAULT_QMSECMETHODS),
    )
    kerberos = [AuthMethod("kerberos")]

    def rule(number: int, flist: FilterList, action: FilterAction) -> Rule:
        return Rule(number, "", "", flist, action, None, "all", True, list(kerberos))

    def policy(name: str, description: str, guid: str, rules: list[Rule]) -> Policy:
        return Policy(
            name,
            description,
            guid,
            _WHEN,
            False,
            False,
            0,
            480,
            180,
            list(DEFAULT_MMSECMETHODS),
            [*rules, default_response_rule()],
        )

    policies = [
        policy(
            "Client (Respond Only)",
            "Communicate normally (unsecured). Use the default response rule to negotiate with"
            " servers that request security. Only the requested protocol and port traffic with"
            " that server is secured.",
            _guid("36"),
            [],
        ),
        policy(
            "Secure Server (Require Security)",
            "For all IP traffic, always require security using Kerberos trust. Do NOT allow"
            " unsecured communication with untrusted clients.",
            _guid("3C"),
            [rule(1, ip, require), rule(2, icmp, permit)],
        ),
        policy(
            "Server (Request Security)",
            "For all IP traffic, always request security using Kerberos trust. Allow unsecured"
            " communication with clients that do not respond to request.",
            _guid("30"),
            [rule(1, ip, request), rule(2, icmp, permit)],
        ),
    ]
    return [icmp, ip], [permit, request, require], policies


def seed(conn: sqlite3.Connection) -> None:
    """Fill a new local store with the examples (inside the creating transaction)."""
    lists, actions, policies = example_store()
    writes.insert_everything(conn, lists, actions, policies)
