"""Network Load Balancing and IPsec: which cluster member handles a client, and what a
member's loss costs the client.

A pure model of the reference (``rsop-nlb-certificates.md`` §3):

- a cluster has a virtual address shared by its members; with *single*
  affinity a client (its address) goes to one member, with *class C* affinity
  every client of a /24 goes to the same member; *none* spreads by port too,
  which IPsec cannot use (the member is then chosen by the client address, as
  with single affinity, since IKE and ESP carry no ports NLB could use);
- **Windows Server 2003** NLB keeps a client's IPsec session on its member
  when members join; **Windows 2000** NLB cannot see IKE or ESP sessions, so a
  joining member takes over some clients and their sessions break;
- a member that fails (``stop``) loses its clients: they keep sending on their
  old SA until its quick mode idle timer runs out, then IKE gives up on the old
  main mode SA and negotiates afresh with another member. With the Server 2003
  IPsec/NLB integration (``NLBSFlags``, fast failover) this takes about two
  minutes (≈1 min idle + ≈1 min IKE), otherwise about six (5 min idle + ≈1 min);
- ``drainstop`` takes no new clients and keeps the existing ones until the
  member stops; ``start`` makes a member converge again.

Time is the cluster's own simulated clock (seconds), advanced by the lab.
:class:`ClusterState` is plain data that round-trips through JSON.
"""

from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass, field
from typing import Any

AFFINITIES = ("single", "classc", "none")
QM_IDLE_DEFAULT = 300  # seconds: quick mode SA idle timeout (SAIdleTime default) [3P N15]
QM_IDLE_NLB = 60  # the shorter idle timer NLBS_PRESENT asks for: not published, 60 s [M]
IKE_RETRY = 60  # about one minute for IKE to give up on the old main mode SA [3P N13]
MEMBER_STATES = ("converged", "draining", "stopped")


@dataclass(frozen=True)
class ClusterSpec:
    """A cluster from the lab file."""

    name: str
    address: str  # the virtual (cluster) IP address
    members: tuple[str, ...]  # computer names, in host priority order
    affinity: str = "single"
    fast_failover: bool = True  # Server 2003 IPsec/NLB integration (NLBSFlags=1)
    os: str = "2003"  # 2003 | 2000: which NLB the members run
    stopped: tuple[str, ...] = ()  # members stopped when the lab starts

    @property
    def sticky(self) -> bool:
        """True when established IPsec sessions stay on their member as members join."""
        return self.os != "2000"

    def failover_seconds(self) -> int:
        """How long a lost member's client waits before it renegotiates with another."""
        idle = QM_IDLE_NLB if self.fast_failover and self.sticky else QM_IDLE_DEFAULT
        return idle + IKE_RETRY


@dataclass
class Session:
    """A client's IPsec session with a member (through the cluster address)."""

    member: str
    since: float
    lost_at: float | None = None  # when its member stopped or the session was moved away
    lost_why: str = ""


@dataclass
class ClusterState:
    """Members' states, client sessions and the cluster's clock."""

    now: float = 0.0
    members: dict[str, str] = field(default_factory=dict)  # name -> converged|draining|stopped
    sessions: dict[str, Session] = field(default_factory=dict)  # client address -> session
    history: dict[str, list[str]] = field(default_factory=dict)  # client -> members, in order

    @classmethod
    def initial(cls, spec: ClusterSpec) -> ClusterState:
        """Every member converged, no sessions, time 0."""
        return cls(
            members={m: "stopped" if m in spec.stopped else "converged" for m in spec.members}
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "now": self.now,
            "members": dict(self.members),
            "sessions": {
                k: [s.member, s.since, s.lost_at, s.lost_why] for k, s in self.sessions.items()
            },
            "history": {k: list(v) for k, v in self.history.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClusterState:
        """The state written by :meth:`to_dict`."""
        return cls(
            float(data["now"]),
            {str(k): str(v) for k, v in data["members"].items()},
            {
                str(k): Session(str(m), float(t), None if lost is None else float(lost), str(why))
                for k, (m, t, lost, why) in data["sessions"].items()
            },
            {str(k): [str(m) for m in v] for k, v in data.get("history", {}).items()},
        )


@dataclass(frozen=True)
class Handling:
    """Who handles a client's exchange with the cluster address, and whether it gets through."""

    member: str | None
    ok: bool  # False: the client's traffic is dropped for now
    renegotiate: bool  # a fresh main mode with the member (Vid-Initial-Contact)
    steps: tuple[str, ...]
    wait: float = 0.0  # seconds still to wait before the client renegotiates


def _key(spec: ClusterSpec, client: str) -> str:
    if spec.affinity == "classc":
        return str(ipaddress.IPv4Network(f"{client}/24", strict=False).network_address)
    return client


def hash_member(spec: ClusterSpec, client: str, active: list[str]) -> str | None:
    """The member NLB's hash gives *client* among the *active* members (host priority order)."""
    if not active:
        return None
    ordered = [m for m in spec.members if m in active]
    return ordered[zlib.crc32(_key(spec, client).encode()) % len(ordered)]


def _active(state: ClusterState, *, new_clients: bool) -> list[str]:
    wanted = ("converged",) if new_clients else ("converged", "draining")
    return [m for m, s in state.members.items() if s in wanted]


def stop(spec: ClusterSpec, state: ClusterState, member: str) -> list[str]:
    """Member *member* stops (fails, ``wlbs stop``): its clients' sessions are lost now.

    Returns the clients that lost their session.
    """
    state.members[member] = "stopped"
    lost = []
    for client, session in state.sessions.items():
        if session.member == member and session.lost_at is None:
            session.lost_at = state.now
            session.lost_why = f"{member} stopped"
            lost.append(client)
    return lost


def drainstop(spec: ClusterSpec, state: ClusterState, member: str) -> None:
    """Member *member* takes no new clients; its existing sessions go on until it stops."""
    if state.members.get(member) != "stopped":
        state.members[member] = "draining"


def start(spec: ClusterSpec, state: ClusterState, member: str) -> list[str]:
    """Member *member* (re)joins the cluster.

    Server 2003 keeps every established session on its member. Windows 2000
    rebalances: clients the hash now gives to the joining member lose their
    session (their old member no longer receives their packets). Returns those.
    """
    state.members[member] = "converged"
    if spec.sticky:
        return []
    moved = []
    active = _active(state, new_clients=True)
    for client, session in state.sessions.items():
        if session.lost_at is not None or session.member == member:
            continue
        if hash_member(spec, client, active) == member:
            session.lost_at = state.now
            session.lost_why = (
                f"{member} joined and Windows 2000 NLB moved {client} to it, in the middle of "
                f"its IPsec session with {session.member}"
            )
            moved.append(client)
    return moved


def advance(state: ClusterState, seconds: float) -> None:
    """Let *seconds* of simulated time pass."""
    state.now += max(0.0, seconds)


def handle(spec: ClusterSpec, state: ClusterState, client: str, *, record: bool = True) -> Handling:
    """Which member handles *client*'s traffic to the cluster address now.

    With ``record=False`` the state is left untouched (grading, planning).
    """
    session = state.sessions.get(client)
    steps: list[str] = []
    if session is not None and session.lost_at is None:
        draining = state.members.get(session.member) == "draining"
        steps.append(
            f"NLB cluster {spec.name} ({spec.address}): {client} already has an IPsec "
            f"session with {session.member}, which keeps handling it"
            + (" (draining: it takes no new clients but keeps this one)." if draining else ".")
        )
        return Handling(session.member, True, False, tuple(steps))
    if session is not None and session.lost_at is not None:
        delay = spec.failover_seconds()
        waited = state.now - session.lost_at
        if waited < delay:
            new = hash_member(spec, client, _active(state, new_clients=True))
            timer = QM_IDLE_NLB if spec.fast_failover and spec.sticky else QM_IDLE_DEFAULT
            steps.append(
                f"NLB cluster {spec.name}: {session.lost_why}; {client} still sends ESP on its "
                f"old security association with {session.member}."
            )
            if new is not None:
                steps.append(
                    f"NLB now gives {client}'s packets to {new}, which has no SA with that SPI "
                    "and drops them (IP Security Monitor on it counts Bad SPI packets)."
                )
            steps.append(
                f"{client} renegotiates only when its quick mode idle timer ({timer} s"
                + (
                    ", shortened by the cluster's NLBS_PRESENT vendor ID"
                    if timer == QM_IDLE_NLB
                    else ""
                )
                + f") has run out and IKE has given up on the old main mode SA (about {IKE_RETRY} s): "
                f"about {delay} s after the loss; {int(waited)} s have passed."
            )
            return Handling(new, False, False, tuple(steps), delay - waited)
        steps.append(
            f"NLB cluster {spec.name}: {session.lost_why} {int(waited)} s ago; {client}'s quick "
            f"mode SA has idled out and IKE has given up on the old main mode SA, so it starts "
            "a fresh main mode (with the Initial-Contact vendor ID)."
        )
    member = hash_member(spec, client, _active(state, new_clients=True))
    if member is None:
        steps.append(
            f"NLB cluster {spec.name}: no member is running; nothing answers {spec.address}."
        )
        return Handling(None, False, False, tuple(steps))
    if session is None or session.lost_at is None:
        steps.append(
            f"NLB cluster {spec.name} ({spec.address}, {spec.affinity} affinity) gives {client} "
            f"to {member}."
        )
    else:
        steps.append(f"NLB gives {client} to {member} now.")
    if record:
        state.sessions[client] = Session(member, state.now)
        state.history.setdefault(client, []).append(member)
    return Handling(member, True, True, tuple(steps))


def forget(state: ClusterState, client: str) -> None:
    """Drop *client*'s session (its exchange with the member failed)."""
    state.sessions.pop(client, None)


__all__ = [
    "AFFINITIES",
    "ClusterSpec",
    "ClusterState",
    "Handling",
    "Session",
    "advance",
    "drainstop",
    "forget",
    "handle",
    "hash_member",
    "start",
    "stop",
]
