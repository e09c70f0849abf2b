"""Emulator commands for accounts and user rights in a lab: ``:account`` and ``:right``
(what Active Directory Users and Computers and the Group Policy editor would change for
certificate-to-account mapping). Their texts are netshpy's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from . import gp
from .certmap import DEFAULT_NETWORK_LOGON
from .colon_support import guard, session_lab
from .directory import DirectoryError, netbios_domain
from .model import LabError

if TYPE_CHECKING:
    from ..session import Session
    from .runtime import Lab

ACCOUNT_USAGE = ":account [enable|disable NAME] | :account group|ungroup NAME GROUP"
RIGHT_USAGE = ":right COMPUTER [grant|deny|revoke PRINCIPAL]"


_lab = session_lab


def _guard(func: Any) -> Any:
    return guard(func, (LabError, DirectoryError))


def _account_domain(lab: Lab, name: str) -> tuple[str, str]:
    """``(account, domain)`` for ``NAME`` or ``DOMAIN\\NAME``."""
    prefix, sep, short = name.rpartition("\\")
    domains = list(lab.spec.domains)
    if sep:
        for d in domains:
            if prefix.lower() in (d, netbios_domain(d).lower()):
                return short, d
        raise LabError(f"no domain {prefix!r} in this lab")
    if len(domains) != 1:
        raise LabError("write DOMAIN\\NAME (the lab has several domains, or none)")
    return name, domains[0]


@command(
    "account",
    "Lists the lab's domain accounts, or disables/enables one, or changes its groups.",
    ACCOUNT_USAGE,
)
@_guard
def _account(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    d = gp.directory(lab)
    if not argv:
        rows = []
        for a in d.accounts:
            state = "enabled" if a.enabled else "disabled"
            groups = ", ".join(a.groups) or "no group"
            rows.append(f"{netbios_domain(a.domain)}\\{a.name}: {state}; member of {groups}")
        return "\n".join(rows) or "This lab has no domain accounts."
    verb = argv[0].lower()
    if verb in ("enable", "disable") and len(argv) == 2:
        name, domain = _account_domain(lab, argv[1])
        d = d.set_account(name, domain, enabled=verb == "enable")
        text = f"The account {netbios_domain(domain)}\\{name} is {verb}d."
    elif verb in ("group", "ungroup") and len(argv) == 3:
        name, domain = _account_domain(lab, argv[1])
        if verb == "group":
            d = d.set_account(name, domain, add_group=argv[2])
            text = f"{netbios_domain(domain)}\\{name} is a member of {argv[2]}."
        else:
            d = d.set_account(name, domain, remove_group=argv[2])
            text = f"{netbios_domain(domain)}\\{name} is no longer a member of {argv[2]}."
    else:
        raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=ACCOUNT_USAGE))
    gp.save_directory(lab, d)
    return text


@command(
    "right",
    'Shows or changes a computer\'s "Access / Deny access to this computer from the network".',
    RIGHT_USAGE,
)
@_guard
def _right(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if not argv or len(argv) not in (1, 3):
        raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=RIGHT_USAGE))
    comp = lab.computer(argv[0])
    allow, deny = gp.rights_of(lab, comp)
    if len(argv) == 1:
        shown = (
            ", ".join(allow)
            if allow is not None
            else ", ".join(DEFAULT_NETWORK_LOGON) + " (default)"
        )
        return (
            f"{comp.name}: Access this computer from the network: {shown or 'nobody'}\n"
            f"{comp.name}: Deny access to this computer from the network: {', '.join(deny) or 'nobody'}"
        )
    verb, who = argv[1].lower(), argv[2]
    current = list(allow if allow is not None else DEFAULT_NETWORK_LOGON)
    denied = list(deny)
    if verb == "grant":
        if all(p.lower() != who.lower() for p in current):
            current.append(who)
        text = f'{comp.name}: "Access this computer from the network" now grants {who}.'
    elif verb == "deny":
        if all(p.lower() != who.lower() for p in denied):
            denied.append(who)
        text = f'{comp.name}: "Deny access to this computer from the network" now names {who}.'
    elif verb == "revoke":
        before = len(current) + len(denied)
        current = [p for p in current if p.lower() != who.lower()]
        denied = [p for p in denied if p.lower() != who.lower()]
        if len(current) + len(denied) == before:
            raise LabError(f"{who} is named in neither right of {comp.name}")
        text = f"{comp.name}: {who} is removed from both network access rights."
    else:
        raise EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=RIGHT_USAGE))
    gp.save_directory(lab, gp.directory(lab).set_rights(comp.name, tuple(current), tuple(denied)))
    return text
