"""The lab's own checks of exercise items, each on meaning (state, never printed text).

One function per ``check =`` kind of a lab file (``docs/labs.md``): stores,
SPD, configuration, service, traffic, authentication, certificate mapping,
NLB and RSoP. :data:`CHECKS` maps the kinds to them; :mod:`.grading` runs them.
Each takes the lab (a :class:`~.view.LabView`) and the item's parameters and
returns (passed, why not).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..dynamic.config import PROPERTIES, parse_value
from ..dynamic.service import get_service
from .model import LabError
from .traffic import Packet, Side, decide, parse_protocol, send

if TYPE_CHECKING:
    from .view import LabView

OUTSIDE_ADDRESS = "198.51.100.77"  # a computer outside the lab (TEST-NET-2)
Checker = Callable[["LabView", dict[str, Any]], tuple[bool, str]]


def _check_assigned(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    from ..static import query

    comp = lab.computer(p["computer"])
    host = lab.host(comp.name)
    location = str(p.get("location", "local")).lower()
    if location == "domain":
        if not comp.domain:
            return False, f"{comp.name} is not a domain member"
        policy = query.assigned_policy(host, "domain", comp.domain)
    else:
        policy = query.assigned_policy(host, location)
    want = p.get("policy")
    if want is None or want == "":
        if want == "" and policy is None:
            return True, ""
        ok = policy is not None if want is None else policy is None
        got = policy.name if policy else "none"
        return ok, f"assigned in the {location} store of {comp.name}: {got}"
    if policy is not None and policy.name.lower() == str(want).lower():
        return True, ""
    got = f"'{policy.name}'" if policy else "no policy"
    return False, f"the {location} store of {comp.name} has {got} assigned"


def _check_traffic(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    result = send(
        lab,
        p["from"],
        p["to"],
        p.get("protocol", "icmp"),
        int(p.get("port", 0)),
        record=False,
    )
    want = p["expect"]
    if result.outcome != want:
        return False, f"{result.summary} (expected {want})"
    if "group" in p:
        group = _group(p["group"])
        got = result.mm.dhgroup if result.mm is not None else None
        if got != group:
            return False, (
                f"{result.summary}, but with Diffie-Hellman {_group_name(got)} "
                f"(expected {_group_name(group)})"
            )
    return True, ""


def _check_config(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    comp = lab.computer(p["computer"])
    name = str(p["property"]).lower()
    if name not in PROPERTIES:
        raise LabError(f"unknown config property {p['property']!r}")
    prop = PROPERTIES[name]
    want = parse_value(prop, str(p["value"]))
    service = get_service(lab.host(comp.name))
    service.sync()
    config = service.config
    have = config.values[name]
    if prop.kind == "exemptions":
        ok = sorted(map(str, have)) == sorted(map(str, want))
    else:
        ok = have == want
    shown = " ".join(map(str, have)) if prop.kind == "exemptions" else have
    if ok:
        return True, ""
    detail = f"{name} on {comp.name} is {shown or 'none'}"
    if prop.kind == "exemptions":
        detail += swapped_ports_note(have, want)
    return False, detail


def swapped_ports_note(have: list[Any], want: list[Any]) -> str:
    """Explain a boot exemption whose source and destination ports are swapped."""
    for ex in have:
        swapped = type(ex)(ex.protocol, ex.dstport, ex.srcport, ex.direction)
        if ex.srcport != ex.dstport and ex not in want and swapped in want:
            return (
                f": its ports are swapped (protocol:srcport:dstport:direction exempts "
                f"source port {ex.srcport}; you want {swapped})"
            )
    return ""


_SERVICE_STATES = {"policy": "running", "permit": "stopped", "boot": "boot"}


def _check_service(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    comp = lab.computer(p["computer"])
    state = _SERVICE_STATES[get_service(lab.host(comp.name)).driver_mode]
    want = str(p["state"]).lower()
    return state == want, "" if state == want else f"the IPsec service of {comp.name} is {state}"


def _group(value: Any) -> int:
    text = str(value).strip().lower()
    return {"2048": 3, "768": 1, "1024": 2}.get(text) or int(text)


def _group_name(group: int | None) -> str:
    if group is None:
        return "no group (no main mode SA)"
    return {1: "group 1 (768-bit)", 2: "group 2 (1024-bit)", 3: "group 2048"}.get(
        group, f"group {group}"
    )


def _check_mmgroup(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    comp = lab.computer(p["computer"])
    spd = get_service(lab.host(comp.name)).require_spd()
    group = _group(p["group"])
    used = {r.mmpolicy.lower() for r in spd.rules if r.negotiates}
    policies = [m for m in spd.mmpolicies if m.name.lower() in used] or spd.mmpolicies
    offers = [o for m in policies for o in m.offers]
    if not offers:
        return False, f"{comp.name} has no main mode policy in its SPD"
    groups = sorted({o.group for o in offers})
    ok = groups == [group] if p.get("only", False) else group in groups
    if not ok:
        names = ", ".join(_group_name(g) for g in groups)
        return False, f"{comp.name} offers Diffie-Hellman {names}"
    if p.get("first", False):
        for policy in policies:
            if policy.offers and policy.offers[0].group != group:
                return False, (
                    f"{comp.name}'s main mode policy '{policy.name}' offers "
                    f"{policy.offers[0]} first, so it prefers {_group_name(policy.offers[0].group)}"
                )
    return True, ""


def _check_blocks(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    comp = lab.computer(p["computer"])
    proto = parse_protocol(p.get("protocol", "any"))
    port = int(p.get("port", 0))
    host = lab.host(comp.name)
    remotes = [a for c in lab.spec.computers if c.name != comp.name for a in c.addresses]
    remotes.append(OUTSIDE_ADDRESS)
    location = str(p.get("location", "")).lower()
    for local in comp.addresses:
        for remote in remotes:
            side = Side(comp, host, local, remote)
            decision = decide(lab, side, "inbound", Packet(remote, local, proto, 0, port))
            if decision.action != "block":
                return False, f"inbound from {remote}: {decision.reason}"
            have = _rule_location(decision.rule)
            if location and have != location:
                if decision.rule is None:
                    by = "startup security"
                elif have == "dynamic":
                    by = "a dynamic rule (dynamic rules go when the service restarts)"
                else:
                    by = f"the {have} rule '{decision.rule.name}'"
                return False, f"inbound from {remote} is blocked by {by}, not by a {location} rule"
    return True, ""


def _rule_location(rule: Any) -> str:
    """Where an SPD rule comes from: the store of its policy, or ``dynamic``."""
    if rule is None:
        return ""
    return rule.origin.split(":", 1)[0] if rule.origin else "dynamic"


def _check_auth(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    comp = lab.computer(p["computer"])
    spd = get_service(lab.host(comp.name)).require_spd()
    name = str(p["rule"]).lower()
    rules = [r for r in spd.rules if r.name.lower() == name]
    if not rules:
        return False, f"{comp.name} has no rule '{p['rule']}' in effect"
    method = str(p.get("method", "rootca")).lower()
    certmap = p.get("certmap")
    for rule in rules:
        methods = [a for a in rule.auth if a.kind == method]
        if not methods:
            return False, f"rule '{rule.name}' of {comp.name} does not authenticate by {method}"
        if certmap is not None and not any(
            bool(getattr(a.value, "certmap", False)) == certmap for a in methods
        ):
            state = "on" if certmap else "off"
            return False, (
                f"rule '{rule.name}' of {comp.name}: certificate-to-account mapping is not {state}"
            )
    return True, ""


def _certificates(lab: LabView, p: dict[str, Any]) -> tuple[Any, Any, str]:
    """A dry send's certificate exchange: (result, exchange or None, who sent)."""
    result = send(
        lab, p["from"], p["to"], p.get("protocol", "icmp"), int(p.get("port", 0)), record=False
    )
    neg = result.negotiation
    exchange = neg.mm.certificates if neg is not None else None
    return result, exchange, lab.computer(p["from"]).name


def _check_mapping(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    """How the destination mapped the source's certificate: to ``account``, or ``refused``
    (true: by any rule, or by that rule: no mapping, not a domain member, denied network
    access, no network access right, computer blocked)."""
    result, exchange, who = _certificates(lab, p)
    mapping = exchange.mappings.get(who) if exchange is not None else None
    if mapping is None:
        return (
            False,
            f"{result.summary}: {lab.computer(p['to']).name} mapped no certificate of {who}",
        )
    if "account" in p:
        want = str(p["account"]).lower()
        got = (mapping.account or "").lower()
        ok = mapping.ok and (got == want or got.endswith("\\" + want))
        return ok, "" if ok else mapping.text
    refused = p.get("refused", True)
    ok = not mapping.ok and (refused is True or mapping.rule == str(refused).lower())
    return ok, "" if ok else mapping.text


def _check_certreq(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    """Whether the destination's certificate request named a CA (``ca_name``)."""
    result, exchange, _ = _certificates(lab, p)
    to = lab.computer(p["to"]).name
    if exchange is None or to not in exchange.requests:
        return False, f"{result.summary}: no certificate request from {to}"
    named = exchange.ca_name_sent(to)
    want = bool(p.get("ca_name", False))
    shown = "names a CA" if named else "names no CA"
    return named == want, "" if named == want else f"{to}'s certificate request {shown}"


def _check_nlb(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    """A client of an NLB cluster: ``sticky`` (secured, on the one member it ever had),
    ``failover`` (secured again through another member after its first one stopped) or
    ``moved`` (secured again through another member while its first one still runs: a
    Windows 2000 cluster rebalanced it when a member joined)."""
    from . import nlb_state

    cluster = nlb_state.cluster_for(lab, str(p["to"]))
    if cluster is None:
        return False, f"{p['to']} is no NLB cluster"
    result = send(
        lab, p["from"], p["to"], p.get("protocol", "icmp"), int(p.get("port", 0)), record=False
    )
    if result.outcome != "secured":
        return False, f"{result.summary} (expected secured)"
    state = nlb_state.load(lab)[cluster.name]
    history = state.history.get(result.nlb_client, [])
    members = " then ".join(history) or "no member yet"
    if p.get("expect") == "sticky":
        ok = len(history) == 1
        return ok, "" if ok else f"{result.src}'s sessions: {members}"
    first = history[0] if history else None
    gone = ("stopped", "draining") if p.get("expect") == "failover" else ("converged",)
    ok = len(history) >= 2 and history[-1] != first and state.members.get(first or "") in gone
    return ok, "" if ok else f"{result.src}'s sessions: {members}"


def _check_rsop(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    """The domain IPsec policy RSoP gives precedence 1 (or ``precedence``; ``policy = ""``:
    none applies), from the GPO ``gpo`` when given."""
    from . import gp

    comp = lab.computer(p["computer"])
    rsop = gp.rsop_for(lab, comp.name)
    candidates = rsop.candidates if rsop else ()
    want = str(p.get("policy", ""))
    rank = int(p.get("precedence", 1))
    shown = "; ".join(f"{c.precedence}. '{c.policy}' (GPO '{c.gpo}')" for c in candidates)
    got = f"RSoP of {comp.name}: {shown or 'no domain IPsec policy'}"
    if not want:
        return not candidates, "" if not candidates else got
    found = next((c for c in candidates if c.precedence == rank), None)
    ok = found is not None and found.policy.lower() == want.lower()
    if ok and "gpo" in p:
        ok = found is not None and found.gpo.lower() == str(p["gpo"]).lower()
    return ok, "" if ok else got


CHECKS: dict[str, Checker] = {
    "assigned": _check_assigned,
    "traffic": _check_traffic,
    "config": _check_config,
    "service": _check_service,
    "mmgroup": _check_mmgroup,
    "blocks": _check_blocks,
    "auth": _check_auth,
    "rsop": _check_rsop,
    "mapping": _check_mapping,
    "certreq": _check_certreq,
    "nlb": _check_nlb,
}
