"""Emulator commands for Group Policy in a lab: ``:rsop`` (logging and planning mode) and
``:gpo`` (what Active Directory Users and Computers / GPMC would change: links, link order,
enforcement, Block Inheritance, moving a computer, the domain controller's availability).

Their texts are netshpy's own (``:`` commands never print netsh output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from ..values import digits
from . import gp
from .colon_support import guard, session_lab
from .directory import COMPUTERS_CONTAINER, Directory, DirectoryError
from .model import LabError
from .rsop import effective, pickup_delay
from .rsop_view import render

if TYPE_CHECKING:
    from ..session import Session
    from .runtime import Lab

RSOP_USAGE = ":rsop [COMPUTER] | :rsop plan COMPUTER [CHANGE ...]"
GPO_USAGE = (
    ":gpo [link|unlink|order|enable|disable|enforce|unenforce GPO SOM [N]] | "
    ":gpo block|unblock OU | :gpo move COMPUTER OU|computers | :gpo site COMPUTER SITE | "
    ":gpo dc up|down [DOMAIN]"
)
PLAN_HELP = (
    "changes: ou=PATH site=NAME slowlink link=GPO@SOM[:N] unlink=GPO@SOM order=GPO@SOM:N "
    "enable=GPO@SOM disable=GPO@SOM enforce=GPO@SOM unenforce=GPO@SOM block=OU unblock=OU; "
    "SOM: an OU path, domain, or site:NAME"
)


_lab = session_lab


def _guard(func: Any) -> Any:
    return guard(func, (LabError, DirectoryError))


def _domain(lab: Lab, name: str | None = None) -> str:
    domains = list(lab.spec.domains)
    if name:
        if name.lower() not in domains:
            raise LabError(f"no domain {name!r} in this lab")
        return name.lower()
    if len(domains) != 1:
        raise LabError("name the domain (the lab has several, or none)")
    return domains[0]


def parse_som(lab: Lab, text: str) -> tuple[str, str, str]:
    """``(kind, name, domain)`` for ``site:NAME``, ``domain[:NAME]`` or an OU path."""
    low = text.lower()
    if low.startswith("site:"):
        return "site", text[5:], ""
    if low == "domain" or low.startswith("domain:"):
        domain = _domain(lab, text[7:] or None)
        return "domain", domain, domain
    if low in lab.spec.domains:
        return "domain", low, low
    first, _, rest = text.partition("/")
    if first.lower() in lab.spec.domains and rest:
        return "ou", rest, first.lower()
    return "ou", text.strip("/"), _domain(lab)


def _split_target(
    lab: Lab, text: str, want_order: bool
) -> tuple[str, tuple[str, str, str], int | None]:
    gpo, at, som = text.partition("@")
    if not at or not gpo or not som:
        raise LabError(f"{text!r}: write GPO@SOM")
    order = None
    head, colon, tail = som.rpartition(":")
    if colon and digits(tail) is not None:
        som, order = head, digits(tail)
    if want_order and order is None:
        raise LabError(f"{text!r}: write GPO@SOM:N (the link order)")
    return gpo, parse_som(lab, som), order


def apply_change(lab: Lab, d: Directory, verb: str, args: list[str]) -> tuple[Directory, str]:
    """Apply one :gpo change to *d*; the new directory and what was done, in words."""
    if verb in ("link", "unlink", "order", "enable", "disable", "enforce", "unenforce"):
        need = 3 if verb == "order" else (2, 3) if verb == "link" else 2
        counts = need if isinstance(need, tuple) else (need,)
        if len(args) not in counts:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=GPO_USAGE))
        gpo, (kind, name, domain) = args[0], parse_som(lab, args[1])
        order = None
        if len(args) == 3:
            order = digits(args[2])
            if order is None or order < 1:
                raise LabError(f"link order {args[2]!r} must be a number from 1")
        som = d.som(kind, name, domain)
        label = som.label() if som else name
        if verb in ("link", "order"):
            if (
                verb == "order"
                and som is not None
                and not any(lk.gpo.lower() == gpo.lower() for lk in som.links)
            ):
                raise DirectoryError(f"GPO {gpo!r} is not linked to {label}")
            d = d.link(gpo, kind, name, domain, order)
            new = d.som(kind, name, domain)
            assert new is not None
            at = next(i for i, lk in enumerate(new.links, 1) if lk.gpo.lower() == gpo.lower())
            return d, f"GPO {gpo} is linked to {label} at link order {at}."
        if verb == "unlink":
            return d.unlink(gpo, kind, name, domain), f"GPO {gpo} is no longer linked to {label}."
        flags = {
            "enable": {"enabled": True},
            "disable": {"enabled": False},
            "enforce": {"enforced": True},
            "unenforce": {"enforced": False},
        }[verb]
        done = {
            "enable": "enabled",
            "disable": "disabled",
            "enforce": "enforced",
            "unenforce": "no longer enforced",
        }
        return (
            d.set_link(gpo, kind, name, domain, **flags),
            f"The link of GPO {gpo} on {label} is {done[verb]}.",
        )
    if verb in ("block", "unblock"):
        if len(args) != 1:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=GPO_USAGE))
        _, name, domain = parse_som(lab, args[0])
        d = d.block(domain, name, verb == "block")
        state = "blocks" if verb == "block" else "no longer blocks"
        return d, f"OU {name} {state} inheritance."
    if verb in ("move", "site"):
        if len(args) != 2:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=GPO_USAGE))
        comp = lab.computer(args[0])
        if not comp.domain:
            raise LabError(f"{comp.name} is not a domain member")
        where = gp.placement(comp, d)
        if verb == "site":
            if d.som("site", args[1]) is None and args[1] != where.site:
                raise LabError(f"no site {args[1]!r} in this lab")
            return d.place(comp.name, args[1], where.ou), f"{comp.name} is now in site {args[1]}."
        target = args[1].strip("/")
        if target.lower() == COMPUTERS_CONTAINER.lower():
            return d.place(
                comp.name, where.site, None
            ), f"{comp.name} is now in the Computers container."
        if not d.has_ou(comp.domain, target):
            raise LabError(f"no OU {target!r} in {comp.domain}")
        return d.place(comp.name, where.site, target), f"{comp.name} is now in OU {target}."
    if verb == "dc":
        if not args or args[0].lower() not in ("up", "down") or len(args) > 2:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=GPO_USAGE))
        domain = _domain(lab, args[1] if len(args) == 2 else None)
        up = args[0].lower() == "up"
        text = (
            f"The domain controller of {domain} answers again: Group Policy is read from it."
            if up
            else f"The domain controller of {domain} cannot be reached: members keep their "
            "cached domain IPsec policy."
        )
        return d.set_dc(domain, up), text
    raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=GPO_USAGE))


def _listing(lab: Lab, d: Directory) -> str:
    rows = []
    for site in d.sites():
        rows.append(f"Site {site.name}: {_links(site.links)}")
    for domain in lab.spec.domains:
        dc = d.controllers.get(domain, "(not in the lab)")
        state = "unreachable" if domain in d.dc_down else "reachable"
        rows.append(f"Domain {domain} (domain controller {dc}, {state})")
        som = d.som("domain", domain, domain)
        rows.append(f"  links: {_links(som.links) if som else '(none)'}")
        for s in d.soms:
            if s.kind == "ou" and s.domain == domain:
                block = " [blocks inheritance]" if s.block_inheritance else ""
                rows.append(f"  OU {s.name}{block}: {_links(s.links)}")
        gpos = [g for g in d.gpos if g.domain == domain]
        for g in gpos:
            off = "" if g.computer_enabled else " (computer settings disabled)"
            rows.append(f"  GPO {g.name}{off}")
        for comp in lab.spec.computers:
            if comp.domain == domain:
                where = gp.placement(comp, d)
                ou = where.ou or "Computers container"
                rows.append(f"  computer {comp.name}: site {where.site}, {ou}")
    return "\n".join(rows) or "This lab has no directory."


def _links(links: Any) -> str:
    if not links:
        return "(none)"
    parts = []
    for n, lk in enumerate(links, 1):
        flags = [f for f, on in (("disabled", not lk.enabled), ("enforced", lk.enforced)) if on]
        parts.append(f"{n}. {lk.gpo}" + (f" ({', '.join(flags)})" if flags else ""))
    return "; ".join(parts)


@command(
    "gpo", "Changes GPO links, link order, OUs and placement in the lab's directory.", GPO_USAGE
)
@_guard
def _gpo(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    d = gp.directory(lab)
    if not argv:
        return _listing(lab, d)
    verb = argv[0].lower()
    new, text = apply_change(lab, d, verb, argv[1:])
    gp.save_directory(lab, new)
    if verb != "dc":
        text += "\n" + pickup_delay("assignment")
    return text


def _plan_changes(
    lab: Lab, comp: Any, tokens: list[str]
) -> tuple[Directory, dict[str, Any], list[str]]:
    d = gp.directory(lab)
    where: dict[str, Any] = {}
    said: list[str] = []
    for token in tokens:
        key, eq, value = token.partition("=")
        key = key.lower()
        if key == "slowlink" and not eq:
            where["slow_link"] = True
            said.append("the computer is connected over a slow link")
            continue
        if not eq or not value:
            raise LabError(f"what-if change {token!r} not understood ({PLAN_HELP})")
        if key == "ou":
            if value.lower() in ("computers", ""):
                where["ou"] = None
                said.append("the computer is in the Computers container")
            else:
                if not d.has_ou(comp.domain, value.strip("/")):
                    raise LabError(f"no OU {value!r} in {comp.domain}")
                where["ou"] = value.strip("/")
                said.append(f"the computer is in OU {value.strip('/')}")
        elif key == "site":
            where["site"] = value
            said.append(f"the computer is in site {value}")
        elif key in ("link", "order", "unlink", "enable", "disable", "enforce", "unenforce"):
            gpo, (kind, name, domain), order = _split_target(lab, value, key == "order")
            som_text = {"site": f"site:{name}", "domain": "domain", "ou": f"{domain}/{name}"}[kind]
            args = [gpo, som_text] + ([str(order)] if order is not None else [])
            d, text = apply_change(lab, d, "order" if key == "order" else key, args)
            said.append(text.rstrip("."))
        elif key in ("block", "unblock"):
            d, text = apply_change(lab, d, key, [value])
            said.append(text.rstrip("."))
        else:
            raise LabError(f"unknown what-if change {key!r} ({PLAN_HELP})")
    return d, where, said


@command(
    "rsop",
    "Resultant Set of Policy for IPsec (logging mode, or plan COMPUTER with what-if changes).",
    RSOP_USAGE,
)
@_guard
def _rsop(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    planning = bool(argv) and argv[0].lower() == "plan"
    if planning:
        if len(argv) < 2:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=RSOP_USAGE))
        comp = lab.computer(argv[1])
        if not comp.domain:
            raise LabError(f"{comp.name} is not a domain member: no Group Policy applies")
        d, where, said = _plan_changes(lab, comp, argv[2:])
        rsop = gp.rsop_for(
            lab, comp.name, directory_override=d, mode="planning", changes=tuple(said), **where
        )
        title = f"Resultant Set of Policy for {comp.name}: planning mode (the lab is unchanged)"
    else:
        if len(argv) > 1:
            raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=RSOP_USAGE))
        comp = lab.computer(argv[0] if argv else session.host.computer_name)
        if not comp.domain:
            return (
                f"{comp.name} is not a domain member: no Group Policy applies; its local "
                "store's assigned policy (and the persistent one) apply."
            )
        rsop = gp.rsop_for(lab, comp.name)
        title = f"Resultant Set of Policy for {comp.name}: logging mode"
    assert rsop is not None
    host = lab.host(comp.name)
    from ..static import query

    local = query.assigned_policy(host, "local")
    persistent = query.assigned_policy(host, "persistent")
    policies = {p.name.lower(): p for p in query.policies(host, "domain", comp.domain)}
    eff = effective(rsop, local.name if local else None, persistent.name if persistent else None)
    text = render(rsop, eff, policies, title=title)
    win = rsop.winner
    if not planning and win is not None and win.policy.lower() in policies:
        polling = policies[win.policy.lower()].pollinginterval
        text += "\n" + pickup_delay("policy", polling)
    return text
