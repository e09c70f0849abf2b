"""Emulator commands for NLB clusters in a lab: ``:nlb`` (clusters, members, sessions),
``:wait`` (let time pass, so that clients of a lost member renegotiate) and ``:cmd`` (one
command prompt line, ``wlbs stop`` say, on the computer the session is on). Their texts are
netshpy's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from ..values import digits
from . import nlb, nlb_state
from .colon_support import session_lab

if TYPE_CHECKING:
    from ..session import Session


_lab = session_lab


MAX_WAIT = 365 * 24 * 3600  # a year: every timer of a lab has run out long before


def _seconds(text: str) -> float | None:
    """SECONDS or MINUTESm as seconds; None when not a number or over :data:`MAX_WAIT`."""
    low = text.lower()
    factor = 60 if low.endswith("m") else 1
    number = low.rstrip("ms")
    value = digits(number)
    if value is None or value * factor > MAX_WAIT:
        return None
    return float(value * factor)


@command(
    "wait",
    "Lets time pass in the lab (NLB clients renegotiate after a member is lost).",
    ":wait SECONDS|MINUTESm (at most a year)",
)
def _wait(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    seconds = _seconds(argv[0]) if len(argv) == 1 else None
    if seconds is None:
        usage = ":wait SECONDS|MINUTESm (at most a year)"
        raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=usage))
    states = nlb_state.load(lab)
    for state in states.values():
        nlb.advance(state, seconds)
    nlb_state.save(lab, states)
    return f"{int(seconds)} seconds pass."


@command("nlb", "Shows the lab's NLB clusters: members, their state, client sessions.", ":nlb")
def _nlb(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if not lab.spec.clusters:
        return "This lab has no NLB cluster."
    states = nlb_state.load(lab)
    rows = []
    for spec in lab.spec.clusters:
        state = states[spec.name]
        kind = "Windows 2000 NLB" if not spec.sticky else "Windows Server 2003 NLB"
        fast = ", IPsec fast failover (NLBSFlags)" if spec.fast_failover and spec.sticky else ""
        rows.append(
            f"Cluster {spec.name} {spec.address} ({kind}, {spec.affinity} affinity{fast}); "
            f"time {int(state.now)} s"
        )
        for n, member in enumerate(spec.members, 1):
            rows.append(f"  host {n}: {member} {state.members.get(member, 'converged')}")
        for client, s in sorted(state.sessions.items()):
            lost = f", lost at {int(s.lost_at)} s ({s.lost_why})" if s.lost_at is not None else ""
            rows.append(f"  client {client}: {s.member} since {int(s.since)} s{lost}")
    return "\n".join(rows)


@command("cmd", "Runs one command prompt line (gpresult, wlbs ...) on this computer.", ":cmd LINE")
def _cmd(session: Session, argv: list[str]) -> str:
    from ..cmdprompt import CommandPrompt

    if not argv:
        raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=":cmd LINE"))
    line = " ".join(f'"{a}"' if " " in a else a for a in argv)
    return CommandPrompt(session.host).run(line).output.rstrip("\n")
