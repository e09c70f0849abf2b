"""GPO precedence for IPsec, table-driven: which GPO's policy wins, and the order of the rest."""

from __future__ import annotations

import pytest

from netshpy.lab.directory import Directory, DirectoryError, Gpo, Link, Placement, Som
from netshpy.lab.rsop import compute, effective, why_lost

D = "corp.example"
SITE = "HQ"


def _dir(
    site: list[Link] = (),  # type: ignore[assignment]
    domain: list[Link] = (),  # type: ignore[assignment]
    servers: list[Link] = (),  # type: ignore[assignment]
    web: list[Link] = (),  # type: ignore[assignment]
    block_web: bool = False,
    disabled_gpos: tuple[str, ...] = (),
) -> Directory:
    names = ["Site GPO", "Domain A", "Domain B", "Servers A", "Servers B", "Web A", "Web B"]
    return Directory(
        soms=(
            Som("site", SITE, "", tuple(site)),
            Som("domain", D, D, tuple(domain)),
            Som("ou", "Servers", D, tuple(servers)),
            Som("ou", "Servers/Web", D, tuple(web), block_web),
        ),
        gpos=tuple(Gpo(n, D, n not in disabled_gpos) for n in names),
    )


ASSIGN = {
    "site gpo": "P-site",
    "domain a": "P-domA",
    "domain b": "P-domB",
    "servers a": "P-srvA",
    "servers b": "P-srvB",
    "web a": "P-webA",
    "web b": "P-webB",
}
L = Link

# (case, directory, ou, expected policies by precedence (1 first))
CASES = [
    ("nothing linked", _dir(), "Servers/Web", []),
    ("domain only", _dir(domain=[L("Domain A")]), "Servers/Web", ["P-domA"]),
    (
        "site < domain < OU",
        _dir(site=[L("Site GPO")], domain=[L("Domain A")], servers=[L("Servers A")]),
        "Servers/Web",
        ["P-srvA", "P-domA", "P-site"],
    ),
    (
        "deepest OU wins",
        _dir(servers=[L("Servers A")], web=[L("Web A")]),
        "Servers/Web",
        ["P-webA", "P-srvA"],
    ),
    (
        "computer in the parent OU does not get the child's links",
        _dir(servers=[L("Servers A")], web=[L("Web A")]),
        "Servers",
        ["P-srvA"],
    ),
    (
        "Computers container: only site and domain",
        _dir(domain=[L("Domain A")], servers=[L("Servers A")]),
        None,
        ["P-domA"],
    ),
    (
        "tie on one OU: link order 1 wins",
        _dir(web=[L("Web B"), L("Web A")]),
        "Servers/Web",
        ["P-webB", "P-webA"],
    ),
    (
        "tie on one OU, other order",
        _dir(web=[L("Web A"), L("Web B")]),
        "Servers/Web",
        ["P-webA", "P-webB"],
    ),
    (
        "disabled link is skipped",
        _dir(web=[L("Web B", enabled=False), L("Web A")]),
        "Servers/Web",
        ["P-webA"],
    ),
    (
        "disabled link on the deeper OU lets the parent win",
        _dir(servers=[L("Servers A")], web=[L("Web A", enabled=False)]),
        "Servers/Web",
        ["P-srvA"],
    ),
    (
        "GPO with computer settings disabled is skipped",
        _dir(domain=[L("Domain A")], web=[L("Web A")], disabled_gpos=("Web A",)),
        "Servers/Web",
        ["P-domA"],
    ),
    (
        "enforced domain link beats the OU",
        _dir(domain=[L("Domain A", enforced=True)], web=[L("Web A")]),
        "Servers/Web",
        ["P-domA", "P-webA"],
    ),
    (
        "two enforced: the higher in the hierarchy wins",
        _dir(domain=[L("Domain A", enforced=True)], servers=[L("Servers A", enforced=True)]),
        "Servers/Web",
        ["P-domA", "P-srvA"],
    ),
    (
        "block inheritance drops site, domain and parent OU",
        _dir(
            site=[L("Site GPO")],
            domain=[L("Domain A")],
            servers=[L("Servers A")],
            web=[L("Web A")],
            block_web=True,
        ),
        "Servers/Web",
        ["P-webA"],
    ),
    (
        "enforced crosses block inheritance",
        _dir(domain=[L("Domain A", enforced=True)], web=[L("Web A")], block_web=True),
        "Servers/Web",
        ["P-domA", "P-webA"],
    ),
    (
        "a disabled enforced link does nothing",
        _dir(domain=[L("Domain A", enabled=False, enforced=True)], web=[L("Web A")]),
        "Servers/Web",
        ["P-webA"],
    ),
    (
        "same GPO linked twice counts once, at its last position",
        _dir(domain=[L("Web A")], servers=[L("Servers A")], web=[L("Web A")]),
        "Servers/Web",
        ["P-webA", "P-srvA"],
    ),
]


@pytest.mark.parametrize(("case", "directory", "ou", "expected"), CASES, ids=[c[0] for c in CASES])
def test_precedence(case: str, directory: Directory, ou: str | None, expected: list[str]) -> None:
    rsop = compute(directory, "WEB1", Placement(D, SITE, ou), ASSIGN)
    assert [c.policy for c in rsop.candidates] == expected
    assert [c.precedence for c in rsop.candidates] == list(range(1, len(expected) + 1))
    assert (rsop.winner.policy if rsop.winner else None) == (expected[0] if expected else None)


def test_gpos_without_ipsec_assignment_apply_but_are_no_candidates() -> None:
    rsop = compute(_dir(domain=[L("Domain A"), L("Domain B")]), "X", Placement(D, SITE), {})
    assert rsop.candidates == ()
    assert rsop.applied_gpos() == ["Domain A", "Domain B"]  # precedence order


def test_skipped_and_blocked_links_say_why() -> None:
    rsop = compute(
        _dir(domain=[L("Domain A")], web=[L("Web B", enabled=False), L("Web A")], block_web=True),
        "X",
        Placement(D, SITE, "Servers/Web"),
        ASSIGN,
    )
    assert [(o.gpo, o.filtering) for o in rsop.skipped] == [("Web B", "Disabled (Link)")]
    assert [o.gpo for o in rsop.blocked] == ["Domain A"]
    assert "blocked at OU Servers/Web" in rsop.blocked[0].reason


def test_why_lost_names_the_rule() -> None:
    rsop = compute(
        _dir(domain=[L("Domain A")], web=[L("Web B"), L("Web A")]),
        "X",
        Placement(D, SITE, "Servers/Web"),
        ASSIGN,
    )
    a, dom = rsop.candidates[1], rsop.candidates[2]
    assert "link order 1 wins" in why_lost(rsop, a)
    assert "processed after" in why_lost(rsop, dom)
    enforced = compute(
        _dir(domain=[L("Domain A", enforced=True)], web=[L("Web A")]),
        "X",
        Placement(D, SITE, "Servers/Web"),
        ASSIGN,
    )
    assert "enforced" in why_lost(enforced, enforced.candidates[1])


def test_unreachable_domain_controller_keeps_the_cached_policy() -> None:
    directory = _dir(web=[L("Web A")])
    live = compute(directory, "X", Placement(D, SITE, "Servers/Web"), ASSIGN)
    # The link changes while the DC is unreachable: the cached copy stays.
    changed = directory.unlink("Web A", "ou", "Servers/Web", D)
    offline = compute(
        changed,
        "X",
        Placement(D, SITE, "Servers/Web"),
        ASSIGN,
        dc_available=False,
        cached=live.winner,
    )
    assert offline.source == "cache" and offline.winner == live.winner
    assert "cached" in offline.notes[0]
    none = compute(changed, "X", Placement(D, SITE, "Servers/Web"), ASSIGN, dc_available=False)
    assert none.winner is None and none.source == "none"


def test_slow_link_still_processes_ipsec_by_default() -> None:
    directory = _dir(web=[L("Web A")])
    slow = Placement(D, SITE, "Servers/Web", slow_link=True)
    assert compute(directory, "X", slow, ASSIGN).winner.policy == "P-webA"  # type: ignore[union-attr]
    off = compute(directory, "X", slow, ASSIGN, ipsec_over_slow_link=False)
    assert off.winner is None and "turned off" in off.notes[-1]


@pytest.mark.parametrize(
    ("persistent", "domain_winner", "local", "expected"),
    [
        (None, None, None, []),
        (None, None, "L", [("local", "L")]),
        (None, "P-webA", "L", [("domain", "P-webA")]),
        ("Pers", "P-webA", "L", [("persistent", "Pers"), ("domain", "P-webA")]),
        ("Pers", None, "L", [("persistent", "Pers"), ("local", "L")]),
    ],
)
def test_effective_order(
    persistent: str | None, domain_winner: str | None, local: str | None, expected: list
) -> None:
    links = [L("Web A")] if domain_winner else []
    rsop = compute(_dir(web=links), "X", Placement(D, SITE, "Servers/Web"), ASSIGN)
    got = effective(rsop, local, persistent)
    assert [(loc, name) for loc, name, _ in got.entries] == expected


def test_edits_are_pure_and_round_trip() -> None:
    directory = _dir(web=[L("Web A"), L("Web B")])
    moved = directory.link("Web B", "ou", "Servers/Web", D, order=1)
    assert [lk.gpo for lk in moved.som("ou", "Servers/Web", D).links] == ["Web B", "Web A"]  # type: ignore[union-attr]
    assert [lk.gpo for lk in directory.som("ou", "Servers/Web", D).links] == ["Web A", "Web B"]  # type: ignore[union-attr]
    assert Directory.from_dict(moved.to_dict()) == moved
    with pytest.raises(DirectoryError):
        directory.link("Nope", "ou", "Servers/Web", D)
    with pytest.raises(DirectoryError):
        directory.unlink("Domain A", "ou", "Servers/Web", D)
    assert (
        directory.set_link("Web A", "ou", "Servers/Web", D, enabled=False)
        .som("ou", "Servers/Web", D)
        .links[0]
        .enabled
        is False
    )  # type: ignore[union-attr]


def test_dns_and_guids() -> None:
    som = Som("ou", "Servers/Web", D)
    assert som.dn() == "OU=Web,OU=Servers,DC=corp,DC=example"
    gpo = Gpo("Web A", D)
    assert gpo.guid == Gpo("web a", D).guid and gpo.guid.startswith("{") and len(gpo.guid) == 38
    assert gpo.dn().endswith("CN=Policies,CN=System,DC=corp,DC=example")
