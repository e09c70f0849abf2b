"""Resultant Set of Policy for IPsec: which GPO's IPsec policy a computer applies, and why.

Pure functions over a :class:`~netshpy.lab.directory.Directory`, the
computer's :class:`~netshpy.lab.directory.Placement` and the IPsec
assignments of the GPOs (``{GPO name: policy name}``, read from the domain
store by the caller). Windows Server 2003 rules [D N8 cc783170, cc739468]:

- Group Policy processes the local GPO, then the site, the domain and the OUs
  from the top down; within one SOM the links go from the last link order to
  link order 1. The last one processed wins, so link order 1 of the deepest
  OU has the highest precedence;
- a disabled link or a GPO whose computer settings are disabled is skipped;
  an OU that blocks inheritance skips every link above it unless enforced;
  enforced links are processed after all others, the one highest in the
  hierarchy last (site above domain above OUs: [M] for site vs domain);
- only one IPsec policy applies: the domain assignment with precedence 1, or
  the local store's assigned policy when no GPO assigns one; the persistent
  store's policy applies first and always;
- IP Security policy is processed across slow links by default
  (Windows Server 2003 "Group Policy over slow links" table);
- when no domain controller can be reached, the Policy Agent keeps applying
  its cached copy of the domain policy.

:func:`compute` gives logging mode (what applies) and planning mode (the same
computation on a what-if directory or placement).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .directory import Directory, Gpo, Link, Placement, Som

GP_REFRESH_MINUTES = 90  # member computers; plus a random offset of up to 30 minutes [D N8]
GP_REFRESH_OFFSET_MINUTES = 30
LOCAL_GPO = "Local Group Policy"

# gpresult's filtering reasons for a GPO that was not applied (reconstructed from
# real captures of later versions: "Not Applied (Empty)", "Disabled (GPO)" ...).
FILTER_DISABLED_LINK = "Disabled (Link)"
FILTER_DISABLED_GPO = "Disabled (GPO)"
FILTER_NOT_FOUND = "Not Applied (Unknown Reason)"


@dataclass(frozen=True)
class GpoOutcome:
    """One GPO link in scope of the computer, applied or not."""

    gpo: str
    som: Som
    link_order: int  # 1 = highest precedence among the SOM's links
    link: Link
    applied: bool
    reason: str = ""  # why not applied (plain words)
    filtering: str = ""  # gpresult's filtering reason when not applied
    ipsec_policy: str | None = None
    gpo_dn: str = ""


@dataclass(frozen=True)
class Candidate:
    """An IPsec policy a GPO assigns to the computer, with its RSoP precedence (1 wins)."""

    policy: str
    gpo: str
    som: Som
    precedence: int
    enforced: bool = False
    gpo_dn: str = ""


@dataclass(frozen=True)
class Rsop:
    """The resultant IPsec policy of one computer, in logging or planning mode."""

    computer: str
    placement: Placement
    mode: str  # logging | planning
    processed: tuple[GpoOutcome, ...]  # applied links, in processing order
    skipped: tuple[GpoOutcome, ...]  # links in scope that were not applied
    blocked: tuple[GpoOutcome, ...]  # links above a Block Inheritance OU
    candidates: tuple[Candidate, ...]  # precedence 1 first
    source: str = "directory"  # directory | cache | none
    notes: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # planning mode: the what-if changes, in words

    @property
    def winner(self) -> Candidate | None:
        """The domain IPsec policy that applies (precedence 1), or None."""
        return self.candidates[0] if self.candidates else None

    def applied_gpos(self) -> list[str]:
        """Applied GPO names, highest precedence first, each once."""
        out: list[str] = []
        for outcome in reversed(self.processed):
            if outcome.gpo not in out:
                out.append(outcome.gpo)
        return out


@dataclass(frozen=True)
class Effective:
    """What the IPsec service applies: persistent, then the domain winner or the local policy."""

    entries: tuple[tuple[str, str, str], ...]  # (location, policy, why)
    notes: tuple[str, ...] = field(default_factory=tuple)


def _assignment(assignments: Mapping[str, str], gpo: str) -> str | None:
    return assignments.get(gpo.lower())


def _blocking_depth(chain: list[Som]) -> int:
    """Index in *chain* of the deepest OU blocking inheritance (0: none)."""
    depth = 0
    for i, som in enumerate(chain):
        if som.kind == "ou" and som.block_inheritance:
            depth = i
    return depth


def _gpo_for(directory: Directory, som: Som, name: str) -> Gpo | None:
    if som.kind == "site":
        return directory.gpo_anywhere(name)
    return directory.gpo(name, som.domain)


def compute(
    directory: Directory,
    computer: str,
    placement: Placement,
    assignments: Mapping[str, str],
    *,
    mode: str = "logging",
    dc_available: bool = True,
    cached: Candidate | None = None,
    ipsec_over_slow_link: bool = True,
    changes: tuple[str, ...] = (),
) -> Rsop:
    """The RSoP of *computer* placed at *placement*.

    *assignments* maps a GPO name (lower case) to the IPsec policy it assigns.
    With ``dc_available=False`` nothing is read from the directory: the
    *cached* candidate (the last domain policy applied) stays in effect.
    """
    notes: list[str] = []
    chain = directory.chain(placement)
    if not dc_available:
        notes.append(
            f"No domain controller of {placement.domain} can be reached: Group Policy is not "
            "refreshed and the IPsec service keeps the cached copy of the domain policy it "
            "applied last."
            if cached
            else f"No domain controller of {placement.domain} can be reached and no domain "
            "policy was cached: no domain IPsec policy applies."
        )
        return Rsop(
            computer,
            placement,
            mode,
            (),
            (),
            (),
            (cached,) if cached else (),
            "cache" if cached else "none",
            tuple(notes),
            changes,
        )
    cut = _blocking_depth(chain)
    if cut:
        notes.append(
            f"OU {chain[cut].name} blocks inheritance: links above it apply only when enforced."
        )
    normal: list[GpoOutcome] = []
    enforced: list[GpoOutcome] = []
    skipped: list[GpoOutcome] = []
    blocked: list[GpoOutcome] = []
    for depth, som in enumerate(chain):
        count = len(som.links)
        for index in range(count - 1, -1, -1):  # last link order first
            link = som.links[index]
            gpo = _gpo_for(directory, som, link.gpo)
            outcome = GpoOutcome(
                link.gpo,
                som,
                index + 1,
                link,
                True,
                ipsec_policy=_assignment(assignments, link.gpo),
                gpo_dn=gpo.dn() if gpo else "",
            )
            if gpo is None:
                skipped.append(_skip(outcome, "the GPO does not exist", FILTER_NOT_FOUND))
            elif not link.enabled:
                skipped.append(_skip(outcome, "the link is disabled", FILTER_DISABLED_LINK))
            elif not gpo.computer_enabled:
                skipped.append(
                    _skip(
                        outcome,
                        "the GPO's computer configuration settings are disabled",
                        FILTER_DISABLED_GPO,
                    )
                )
            elif depth < cut and not link.enforced:
                blocked.append(
                    _skip(outcome, f"inheritance is blocked at OU {chain[cut].name}", "")
                )
            elif link.enforced:
                enforced.append(outcome)
            else:
                normal.append(outcome)
    # Enforced links: after all others, the highest in the hierarchy last (it wins).
    enforced_order = sorted(
        enforced, key=lambda o: (-chain.index(o.som), -o.link_order), reverse=False
    )
    processed = normal + enforced_order
    if placement.slow_link:
        notes.append(
            "The computer is connected over a slow link: IP Security policy is still "
            "processed (it is processed across slow links by default)."
            if ipsec_over_slow_link
            else "The computer is connected over a slow link and IP Security policy "
            "processing across slow links is turned off: no domain IPsec policy is applied."
        )
    candidates: list[Candidate] = []
    if not (placement.slow_link and not ipsec_over_slow_link):
        seen: set[str] = set()
        for outcome in reversed(processed):
            if outcome.ipsec_policy is None or outcome.gpo.lower() in seen:
                continue
            seen.add(outcome.gpo.lower())
            candidates.append(
                Candidate(
                    outcome.ipsec_policy,
                    outcome.gpo,
                    outcome.som,
                    len(candidates) + 1,
                    outcome.link.enforced,
                    outcome.gpo_dn,
                )
            )
    return Rsop(
        computer,
        placement,
        mode,
        tuple(processed),
        tuple(skipped),
        tuple(blocked),
        tuple(candidates),
        "directory" if candidates else "none",
        tuple(notes),
        changes,
    )


def _skip(outcome: GpoOutcome, reason: str, filtering: str) -> GpoOutcome:
    return GpoOutcome(
        outcome.gpo,
        outcome.som,
        outcome.link_order,
        outcome.link,
        False,
        reason,
        filtering,
        outcome.ipsec_policy,
        outcome.gpo_dn,
    )


def why_lost(rsop: Rsop, candidate: Candidate) -> str:
    """Why *candidate* (precedence > 1) lost to the winner, in plain words."""
    win = rsop.winner
    if win is None or candidate is win:
        return ""
    if win.enforced and not candidate.enforced:
        return f"the link of {win.gpo} on {win.som.label()} is enforced"
    if win.som == candidate.som:
        order = {o.gpo.lower(): o.link_order for o in rsop.processed if o.som == win.som}
        return (
            f"both are linked to {win.som.label()} and {win.gpo} has link order "
            f"{order.get(win.gpo.lower(), '?')}, {candidate.gpo} link order "
            f"{order.get(candidate.gpo.lower(), '?')} (link order 1 wins)"
        )
    return (
        f"{win.gpo} is linked to {win.som.label()}, which is processed after "
        f"{candidate.som.label()} (local < site < domain < OU: the last one applied wins)"
    )


def effective(
    rsop: Rsop | None, local: str | None, persistent: str | None, member: bool = True
) -> Effective:
    """Which policies the IPsec service applies, in order, and why."""
    entries: list[tuple[str, str, str]] = []
    notes: list[str] = []
    if persistent:
        entries.append(
            ("persistent", persistent, "the persistent store's policy applies first and always")
        )
    win = rsop.winner if rsop else None
    if win is not None:
        how = "cached copy of " if rsop and rsop.source == "cache" else ""
        entries.append(
            ("domain", win.policy, f"{how}GPO {win.gpo} linked to {win.som.label()}, precedence 1")
        )
        if local:
            notes.append(f"The local policy {local} is assigned but the domain policy replaces it.")
    elif local:
        why = (
            "no GPO assigns an IPsec policy: the local store's assigned policy applies"
            if member
            else "the computer is not a domain member: the local store's assigned policy applies"
        )
        entries.append(("local", local, why))
    return Effective(tuple(entries), tuple(notes))


def pickup_delay(change: str, polling_minutes: int = 180) -> str:
    """When Windows notices a change, in words (*change*: ``assignment`` or ``policy``)."""
    if change == "assignment":
        return (
            f"Windows picks up a new GPO assignment, a moved computer or a changed link at the "
            f"next Group Policy refresh (every {GP_REFRESH_MINUTES} minutes plus up to "
            f"{GP_REFRESH_OFFSET_MINUTES}, or gpupdate /force); the lab applies it at once."
        )
    return (
        f"Windows picks up a change inside the assigned policy at the policy's polling "
        f"interval ({polling_minutes} minutes); the lab applies it at once."
    )


__all__ = [
    "Candidate",
    "Effective",
    "GpoOutcome",
    "LOCAL_GPO",
    "Rsop",
    "compute",
    "effective",
    "pickup_delay",
    "why_lost",
]
