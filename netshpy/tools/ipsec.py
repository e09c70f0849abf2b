"""What an ``ipseccmd`` / ``ipsecpol`` line does to the computer.

- dynamic mode writes main mode and quick mode policies and rules straight
  into the running SPD of the IPsec service (gone when the service stops);
- static mode (``-w REG`` / ``-w DS``) writes a policy into the same static
  stores ``netsh ipsec static`` uses, by running the equivalent netsh lines
  with a Server 2003 netsh on the same computer, so the two can never disagree;
- ``-u`` deletes every dynamic policy; ``show`` reads the SPD (:mod:`.show`).

:func:`run` is the whole tool: text in, printed text and exit status out.
Bad input prints the reason and the usage and changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from .. import messages
from ..dynamic.spd import Spd
from ..dynamic.spd_records import (
    DEFAULT_MM_OFFERS,
    DEFAULT_QM_OFFERS,
    Auth,
    MmPolicy,
    QmPolicy,
    Rule,
)
from ..errors import NetshError
from ..values import Address, RootCa
from .args import Invocation, ToolUsage, parse, split
from .failure import ToolFailure
from .spec import Tool, tool
from .usage import usage

_ERR_PREFIX = re.compile(r"^ERR IPsec\[\d+\] : ")
CREATED_BY = "Created by {tool}"


def run(tool_name: str, host: Any, line: str) -> tuple[str, int]:
    """Run ``<tool_name> <line>`` on *host*: (printed text, exit status)."""
    the_tool = tool(tool_name)
    try:
        inv = parse(the_tool, split(line))
    except ToolUsage as problem:
        return _error(str(problem)) + "\n" + usage(the_tool), 1
    if inv.mode == "help":
        return usage(the_tool), 0 if line.strip() else 1
    try:
        target = _target(the_tool, host, inv.computer)
        if inv.mode == "query":
            from .show import show

            return show(target, inv.show), 0
        if inv.mode == "delete":
            return _delete_dynamic(target), 0
        if inv.mode == "static":
            return _static(the_tool, target, inv), 0
        return _dynamic(the_tool, target, inv), 0
    except ToolFailure as failure:
        return _error(str(failure)), 1


def _error(reason: str) -> str:
    return messages.TOOL_ERROR.format(reason=reason.rstrip(".")) + "\n"


def _target(the_tool: Tool, host: Any, computer: str | None) -> Any:
    """The computer ``\\\\Name`` names: this one, or another computer of the lab."""
    target = host
    if computer is not None and computer.lower() not in (
        host.computer_name.lower(),
        "localhost",
        "127.0.0.1",
    ):
        lab = getattr(host, "lab", None)
        found = lab.find(computer) if lab is not None else None
        if lab is None or found is None:
            raise ToolFailure(messages.TOOL_UNREACHABLE.format(computer=computer))
        target = lab.hosts[found.name]
    if the_tool.name == "ipseccmd" and getattr(target, "os", "") == "2000":
        raise ToolFailure(messages.TOOL_NOT_FOR_2000)
    return target


# ---- dynamic mode -------------------------------------------------------------


def _running_spd(host: Any) -> tuple[Any, Spd]:
    from ..dynamic.service import display_name_for, get_service

    service = get_service(host)
    try:
        return service, service.require_spd(write=True)
    except NetshError:
        raise ToolFailure(
            messages.TOOL_SERVICE_STOPPED.format(name=display_name_for(getattr(host, "os", None)))
        ) from None


def _auth(inv: Invocation) -> list[Auth]:
    if not inv.auth:
        return [Auth("kerberos")]
    out = []
    for method in inv.auth:
        if method.kind == "cert":
            out.append(Auth("rootca", RootCa(method.value)))
        else:
            out.append(Auth(method.kind, method.value or None))
    return out


def _actions(inv: Invocation, kind: str) -> tuple[str, bool]:
    """(action, inbound passthrough) of a filter of *kind* under ``-n``."""
    if kind == "block":
        return "block", False
    if kind == "passthru":
        return "permit", False
    keyword = inv.negotiation.keyword if inv.negotiation else None
    if keyword == "BLOCK":
        return "block", False
    if keyword == "PASS":
        return "permit", False
    return "negotiate", keyword == "INPASS"


def _mm_settings(inv: Invocation) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if inv.rekey is not None:
        if inv.rekey.quick_modes is not None:
            settings["qmpermm"] = inv.rekey.quick_modes
        if inv.rekey.seconds is not None:
            settings["mmlifetime"] = max(1, inv.rekey.seconds // 60)
    if inv.master_pfs:
        settings["qmpermm"] = 1
    return settings


def _dynamic(the_tool: Tool, host: Any, inv: Invocation) -> str:
    service, spd = _running_spd(host)
    before = spd.to_dict()
    n = 1
    while spd.mmpolicy(f"{the_tool.name} policy {n}") or spd.qmpolicy(
        f"{the_tool.name} policy {n}"
    ):
        n += 1
    name = f"{the_tool.name} policy {n}"
    mm = MmPolicy(
        name,
        softsaexpirationtime=inv.soft_expiration,
        offers=list(inv.mm_offers or DEFAULT_MM_OFFERS),
        **_mm_settings(inv),
    )
    rules = []
    inpass = False
    for spec in inv.filters:
        action, passthrough = _actions(inv, spec.kind)
        inpass = inpass or passthrough
        rules.append(
            Rule(
                srcaddr=spec.src,
                dstaddr=spec.dst,
                mmpolicy=name,
                srcmask=spec.srcmask,
                dstmask=spec.dstmask,
                protocol=spec.protocol,
                srcport=spec.srcport,
                dstport=spec.dstport,
                mirrored=spec.mirrored,
                conntype=inv.conntype,
                tunnel=inv.tunnel.value if inv.tunnel else None,
                qmpolicy=name if action == "negotiate" else None,
                actioninbound=action,
                actionoutbound=action,
                auth=_auth(inv),
                name=name,
            )
        )
    negotiation = inv.negotiation
    offers = negotiation.offers if negotiation and negotiation.offers else DEFAULT_QM_OFFERS
    try:
        spd.add_mmpolicy(mm)
        if any(r.qmpolicy for r in rules):
            spd.add_qmpolicy(
                QmPolicy(
                    name,
                    soft=inv.soft,
                    pfsgroup="GRPMM" if negotiation and negotiation.pfs else "NOPFS",
                    offers=list(offers),
                    inpass=inpass,
                )
            )
        for rule in rules:
            spd.add_rule(rule)
    except NetshError as problem:
        service.spd = Spd.from_dict(before)
        raise ToolFailure(_ERR_PREFIX.sub("", problem.text)) from None
    service.save()
    return messages.TOOL_CONFIRM + "\n" if inv.confirm else ""


def _delete_dynamic(host: Any) -> str:
    """``-u``: every policy and rule added in dynamic mode goes; assigned policy stays."""
    service, spd = _running_spd(host)
    spd.rules = [r for r in spd.rules if r.origin]
    spd.mmpolicies = [p for p in spd.mmpolicies if p.origin]
    spd.qmpolicies = [p for p in spd.qmpolicies if p.origin]
    service.save()
    return ""


# ---- static mode ----------------------------------------------------------------


def _q(text: str) -> str:
    return f'"{text}"'


def _address(address: Address) -> str:
    return {"me": "me", "any": "any"}.get(address.kind, address.value)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name} ({n})"
        n += 1
    return candidate


class _Netsh:
    """A Server 2003 netsh on the computer, for the static store lines."""

    def __init__(self, host: Any) -> None:
        from ..session import Session
        from ..spec import for_os

        self.session = Session(host, spec=for_os("2003"), interactive=False)

    def __call__(self, line: str) -> None:
        result = self.session.execute("ipsec static " + line)
        if not result.ok:
            raise ToolFailure(_ERR_PREFIX.sub("", result.output.strip().splitlines()[0]))

    def close(self) -> None:
        self.session.close()


def _static(the_tool: Tool, host: Any, inv: Invocation) -> str:
    from ..static import query

    assert inv.store is not None and inv.policy is not None
    if inv.store.kind == "DS":
        domain = inv.store.domain or getattr(host, "domain", None)
        if not domain:
            raise ToolFailure(messages.TOOL_NO_DOMAIN)
        location, store_line = "domain", f"set store location=domain domain={domain}"
    else:
        domain, location, store_line = None, "local", "set store location=local"
    contents = query.policies(host, location, domain)
    policy = next((p for p in contents if p.name.lower() == inv.policy.name.lower()), None)
    from ..static.stores import stores

    netsh = _Netsh(host)
    try:
        netsh(store_line)
        # One transaction for the whole line: a failure half-way leaves the store as it was.
        store = stores(host).get(location, domain)
        store.begin_batch()
        try:
            _static_work(netsh, the_tool, host, location, domain, policy, inv)
        except BaseException:
            if store.batch:
                store.batch = False
                store.conn.execute("ROLLBACK")
            raise
        store.end_batch()
    finally:
        netsh.close()
    return ""


def _static_work(
    netsh: _Netsh,
    the_tool: Tool,
    host: Any,
    location: str,
    domain: str | None,
    policy: Any,
    inv: Invocation,
) -> None:
    assert inv.store is not None and inv.policy is not None
    if inv.delete:
        _delete_static(netsh, host, location, domain, policy, inv)
        return
    if policy is None and not inv.filters:
        raise ToolFailure(
            messages.TOOL_NO_POLICY.format(policy=inv.policy.name, store=inv.store.kind)
        )
    name = policy.name if policy is not None else inv.policy.name
    _write_policy(netsh, the_tool, policy is None, name, inv)
    if inv.filters:
        _write_rule(netsh, the_tool, host, location, domain, policy, name, inv)
    if inv.assign or inv.unassign:
        netsh(f"set policy name={_q(name)} assign={'yes' if inv.assign else 'no'}")


def _write_policy(netsh: _Netsh, the_tool: Tool, new: bool, name: str, inv: Invocation) -> None:
    settings = []
    if inv.mm_offers:
        settings.append(f"mmsecmethods={_q(' '.join(str(o) for o in inv.mm_offers))}")
    if inv.master_pfs:
        settings.append("mmpfs=yes")
    for key, value in _mm_settings(inv).items():
        if not (key == "qmpermm" and inv.master_pfs):
            settings.append(f"{key}={value}")
    if inv.policy is not None and inv.policy.poll is not None:
        settings.append(f"pollinginterval={inv.policy.poll}")
    if new:
        description = CREATED_BY.format(tool=the_tool.name)
        netsh(
            f"add policy name={_q(name)} description={_q(description)} activatedefaultrule=no "
            + " ".join(settings)
        )
    elif settings:
        netsh(f"set policy name={_q(name)} " + " ".join(settings))


def _write_rule(
    netsh: _Netsh,
    the_tool: Tool,
    host: Any,
    location: str,
    domain: str | None,
    policy: Any,
    policy_name: str,
    inv: Invocation,
) -> None:
    from ..static import query

    rule_name = inv.rules[0]
    if policy is not None:
        old = next((r for r in policy.rules if r.name.lower() == rule_name.lower()), None)
        if old is not None:
            _drop_rule(netsh, host, location, domain, policy, old)
    lists = {f.name.lower() for f in query.filterlists(host, location, domain)}
    actions = {a.name.lower() for a in query.filteractions(host, location, domain)}
    list_name, action_name = _unique(rule_name, lists), _unique(rule_name, actions)
    description = CREATED_BY.format(tool=the_tool.name)
    netsh(f"add filterlist name={_q(list_name)} description={_q(description)}")
    for spec in inv.filters:
        line = (
            f"add filter filterlist={_q(list_name)} srcaddr={_address(spec.src)} "
            f"dstaddr={_address(spec.dst)} protocol={spec.protocol} "
            f"mirrored={'yes' if spec.mirrored else 'no'}"
        )
        if spec.src.kind not in ("me", "any"):
            line += f" srcmask={spec.srcmask}"
        if spec.dst.kind not in ("me", "any"):
            line += f" dstmask={spec.dstmask}"
        if spec.protocol in (6, 17):
            line += f" srcport={spec.srcport} dstport={spec.dstport}"
        netsh(line)
    action, inpass = _actions(inv, "plain")
    line = f"add filteraction name={_q(action_name)} description={_q(description)} action={action}"
    if action == "negotiate":
        negotiation = inv.negotiation
        offers = negotiation.offers if negotiation and negotiation.offers else DEFAULT_QM_OFFERS
        line += f" qmsecmethods={_q(' '.join(str(o) for o in offers))}"
        line += f" qmpfs={'yes' if negotiation and negotiation.pfs else 'no'}"
        line += f" inpass={'yes' if inpass else 'no'} soft={'yes' if inv.soft else 'no'}"
    netsh(line)
    auth = inv.auth or []
    kerberos = not auth or any(m.kind == "kerberos" for m in auth)
    line = (
        f"add rule name={_q(rule_name)} policy={_q(policy_name)} filterlist={_q(list_name)} "
        f"filteraction={_q(action_name)} conntype={inv.conntype} "
        f"kerberos={'yes' if kerberos else 'no'}"
    )
    psk = next((m.value for m in auth if m.kind == "psk"), None)
    cert = next((m.value for m in auth if m.kind == "cert"), None)
    if psk is not None:
        line += f" psk={_q(psk)}"
    if cert is not None:
        line += f" rootca={_q(cert)}"
    if inv.tunnel is not None:
        line += f" tunnel={inv.tunnel.value}"
    netsh(line)


def _drop_rule(
    netsh: _Netsh, host: Any, location: str, domain: str | None, policy: Any, rule: Any
) -> None:
    """Delete *rule* of *policy*, and its filter list and action when nothing else uses them."""
    from ..static import query

    netsh(f"delete rule name={_q(rule.name)} policy={_q(policy.name)}")
    users = [r for p in query.policies(host, location, domain) for r in p.rules if r is not rule]
    if rule.filterlist is not None and not any(
        r.filterlist is not None and r.filterlist.guid == rule.filterlist.guid for r in users
    ):
        netsh(f"delete filterlist name={_q(rule.filterlist.name)}")
    if rule.filteraction is not None and not any(
        r.filteraction is not None and r.filteraction.guid == rule.filteraction.guid for r in users
    ):
        netsh(f"delete filteraction name={_q(rule.filteraction.name)}")


def _delete_static(
    netsh: _Netsh, host: Any, location: str, domain: str | None, policy: Any, inv: Invocation
) -> None:
    """``-o``: the rules named with ``-r``; the policy when none is left or no ``-r`` given."""
    assert inv.policy is not None and inv.store is not None
    if policy is None:
        raise ToolFailure(
            messages.TOOL_NO_POLICY.format(policy=inv.policy.name, store=inv.store.kind)
        )
    named = []
    for rule_name in inv.rules:
        rule = next((r for r in policy.rules if r.name.lower() == rule_name.lower()), None)
        if rule is None:
            raise ToolFailure(messages.TOOL_NO_RULE.format(policy=policy.name, rule=rule_name))
        named.append(rule)
    targets = named or [r for r in policy.rules if not r.default_response]
    for rule in targets:
        _drop_rule(netsh, host, location, domain, policy, rule)
    remaining = [r for r in policy.rules if r not in targets and not r.default_response]
    if not inv.rules or not remaining:
        netsh(f"delete policy name={_q(policy.name)}")
