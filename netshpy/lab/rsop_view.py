"""``:rsop``: the Resultant Set of Policy console's IPsec view, drawn as a text tree.

The tree follows rsop.msc's path (Computer Configuration, Windows Settings,
Security Settings, IP Security Policies on Active Directory) and lists every
IPsec policy a GPO assigns to the computer with its precedence (1 = applied),
which GPO lost and why, the details of the applied policy (as IP Security
Monitor's Active Policy shows them) and what the IPsec service applies in the
end (persistent, then domain or local). The layout is netshpy's own: no
capture of the console's IPsec node exists (``docs/fidelity/lab.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .directory import domain_dn
from .rsop import Effective, Rsop, why_lost


@dataclass
class Node:
    """A labelled node of the tree."""

    label: str
    children: list[Node] = field(default_factory=list)

    def add(self, label: str) -> Node:
        """Append a child labelled *label* and return it."""
        child = Node(label)
        self.children.append(child)
        return child


def draw(root: Node) -> str:
    """The tree in plain text with box-drawing guides."""
    lines = [root.label]

    def walk(children: list[Node], prefix: str) -> None:
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.append(prefix + ("└── " if last else "├── ") + child.label)
            walk(child.children, prefix + ("    " if last else "│   "))

    walk(root.children, "")
    return "\n".join(lines)


def policy_path(policy: Any, domain: str) -> str:
    """The LDAP path of a domain IPsec policy [D N9]."""
    guid = getattr(policy, "guid", "") or "{?}"
    return f"LDAP://CN=ipsecPolicy{guid},CN=IP Security,CN=System,{domain_dn(domain)}"


def _rules(node: Node, policy: Any) -> None:
    for rule in policy.rules:
        if rule.default_response:
            label = "<Dynamic> (default response rule)"
        else:
            flist = rule.filterlist.name if rule.filterlist else "(no filter list)"
            action = rule.filteraction.name if rule.filteraction else "(no filter action)"
            label = f"{flist} -> {action}"
        state = "" if rule.active else " (inactive)"
        action = rule.filteraction.action if rule.filteraction else "negotiate"
        auth = ""
        if rule.default_response or action == "negotiate":
            auth = "; authentication: " + (", ".join(str(a) for a in rule.auth) or "Kerberos")
        node.add(f"Rule: {label}{state}{auth}")


def render(
    rsop: Rsop,
    effective: Effective,
    policies: dict[str, Any],
    *,
    title: str,
) -> str:
    """The whole ``:rsop`` text for one computer.

    *policies* maps lower-case policy names of the domain store to Policy objects.
    """
    root = Node(title)
    for change in rsop.changes:
        root.add(f"What if: {change}")
    computer = root.add("Computer Configuration")
    security = computer.add("Windows Settings").add("Security Settings")
    ipsec = security.add(f"IP Security Policies on Active Directory ({rsop.placement.domain})")
    if not rsop.candidates:
        ipsec.add("No GPO assigns an IPsec policy to this computer.")
    for cand in rsop.candidates:
        where = f"GPO {cand.gpo}, linked to {cand.som.label()}"
        if cand.enforced:
            where += " (enforced)"
        if cand.precedence == 1:
            state = "APPLIED" + (" (cached copy)" if rsop.source == "cache" else "")
        else:
            state = f"not applied: {why_lost(rsop, cand)}"
        node = ipsec.add(f"Precedence {cand.precedence}: {cand.policy} [{where}] {state}")
        if cand.precedence != 1:
            continue
        policy = policies.get(cand.policy.lower())
        node.add("Store: Domain Store")
        if policy is not None:
            node.add(f"Path: {policy_path(policy, rsop.placement.domain)}")
        node.add(f"Group Policy Object: {cand.gpo} ({cand.gpo_dn or 'not found'})")
        node.add(f"Scope of management: {cand.som.dn()}")
        if policy is not None:
            node.add(f"Description: {policy.description or 'NONE'}")
            node.add(f"Polling interval: {policy.pollinginterval} minutes")
            _rules(node, policy)
    scope = root.add("GPOs in scope (processing order; the last one applied wins)")
    for n, outcome in enumerate(rsop.processed, 1):
        flags = []
        if outcome.link.enforced:
            flags.append("enforced")
        assigns = f"assigns {outcome.ipsec_policy}" if outcome.ipsec_policy else "no IPsec policy"
        extra = f", {', '.join(flags)}" if flags else ""
        scope.add(
            f"{n}. {outcome.gpo} on {outcome.som.label()} (link order {outcome.link_order}"
            f"{extra}): {assigns}"
        )
    for outcome in (*rsop.skipped, *rsop.blocked):
        scope.add(
            f"skipped: {outcome.gpo} on {outcome.som.label()} (link order "
            f"{outcome.link_order}): {outcome.reason}"
        )
    if not rsop.processed and not rsop.skipped and not rsop.blocked:
        scope.add("(none)" if rsop.source != "cache" else "(not read: no domain controller)")
    result = root.add("The IPsec service applies")
    for location, name, why in effective.entries:
        result.add(f"{location}: {name} ({why})")
    if not effective.entries:
        result.add("no IPsec policy")
    for note in (*rsop.notes, *effective.notes):
        root.add(f"Note: {note}")
    return draw(root)
