"""NLB and IPsec: sticky sessions on Server 2003, member loss and renegotiation times."""

from __future__ import annotations

import pytest

from netshpy.lab import nlb
from netshpy.lab.nlb import ClusterSpec, ClusterState

CLIENTS = [f"10.0.1.{n}" for n in range(1, 41)]


def _cluster(**kw: object) -> tuple[ClusterSpec, ClusterState]:
    spec = ClusterSpec("WEBFARM", "10.0.0.100", ("NODE1", "NODE2", "NODE3"), **kw)  # type: ignore[arg-type]
    return spec, ClusterState.initial(spec)


def _owners(spec: ClusterSpec, state: ClusterState) -> dict[str, str]:
    return {c: nlb.handle(spec, state, c).member for c in CLIENTS}  # type: ignore[misc]


def test_each_client_goes_to_one_member_and_stays() -> None:
    spec, state = _cluster()
    first = _owners(spec, state)
    assert set(first.values()) == {"NODE1", "NODE2", "NODE3"}  # spread over the members
    assert _owners(spec, state) == first


def test_class_c_affinity_keeps_a_subnet_together() -> None:
    spec, state = _cluster(affinity="classc")
    assert len(set(_owners(spec, state).values())) == 1


@pytest.mark.parametrize(
    ("os", "fast", "delay"),
    [("2003", True, 120), ("2003", False, 360), ("2000", True, 360)],
)
def test_member_loss_renegotiates_after_the_reference_times(
    os: str, fast: bool, delay: int
) -> None:
    spec, state = _cluster(os=os, fast_failover=fast)
    owners = _owners(spec, state)
    victims = [c for c, m in owners.items() if m == "NODE2"]
    others = [c for c, m in owners.items() if m != "NODE2"]
    assert sorted(nlb.stop(spec, state, "NODE2")) == sorted(victims)
    client = victims[0]
    nlb.advance(state, delay - 1)
    h = nlb.handle(spec, state, client)
    assert not h.ok and h.member in ("NODE1", "NODE3") and h.wait == pytest.approx(1)
    assert any("Bad SPI" in s for s in h.steps)
    nlb.advance(state, 1)
    h = nlb.handle(spec, state, client)
    assert h.ok and h.renegotiate and h.member in ("NODE1", "NODE3")
    assert (
        nlb.handle(spec, state, client).member == h.member
        and not nlb.handle(spec, state, client).renegotiate
    )
    # Clients of the surviving members never noticed.
    assert all(nlb.handle(spec, state, c).member == owners[c] for c in others)


def test_server_2003_keeps_sessions_when_a_member_joins() -> None:
    spec, state = _cluster()
    nlb.stop(spec, state, "NODE3")
    nlb.advance(state, 1000)
    owners = _owners(spec, state)
    assert "NODE3" not in owners.values()
    assert nlb.start(spec, state, "NODE3") == []
    assert _owners(spec, state) == owners
    assert nlb.handle(spec, state, "10.9.9.9").member  # new clients may go to NODE3


def test_windows_2000_breaks_sessions_when_a_member_joins() -> None:
    spec, state = _cluster(os="2000")
    nlb.stop(spec, state, "NODE3")
    nlb.advance(state, 1000)
    owners = _owners(spec, state)
    moved = nlb.start(spec, state, "NODE3")
    assert moved  # some clients are rebalanced to the joiner
    h = nlb.handle(spec, state, moved[0])
    assert not h.ok and "Windows 2000" in " ".join(h.steps)
    nlb.advance(state, spec.failover_seconds())
    assert nlb.handle(spec, state, moved[0]).member == "NODE3"
    assert all(owners[c] == nlb.handle(spec, state, c).member for c in CLIENTS if c not in moved)


def test_drainstop_keeps_existing_clients_and_takes_no_new_ones() -> None:
    spec, state = _cluster()
    owners = _owners(spec, state)
    nlb.drainstop(spec, state, "NODE1")
    assert all(nlb.handle(spec, state, c).member == owners[c] for c in CLIENTS)
    fresh = [f"10.0.2.{n}" for n in range(1, 30)]
    assert "NODE1" not in {nlb.handle(spec, state, c).member for c in fresh}
    nlb.stop(spec, state, "NODE1")
    assert not nlb.handle(spec, state, next(c for c, m in owners.items() if m == "NODE1")).ok


def test_no_member_running() -> None:
    spec, state = _cluster()
    for m in spec.members:
        nlb.stop(spec, state, m)
    h = nlb.handle(spec, state, "10.0.5.5")
    assert h.member is None and not h.ok


def test_record_false_changes_nothing_and_state_round_trips() -> None:
    spec, state = _cluster()
    nlb.handle(spec, state, "10.0.1.1", record=False)
    assert state.sessions == {}
    nlb.handle(spec, state, "10.0.1.1")
    nlb.stop(spec, state, state.sessions["10.0.1.1"].member)
    assert ClusterState.from_dict(state.to_dict()) == state
