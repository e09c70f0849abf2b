"""``ipseccmd show {filters | policies | auth | stats | sas | all | gpo}`` screens.

No capture of any ``ipseccmd show`` screen is public (reference §10, §16).
The filter blocks borrow the labels of ``netdiag /test:ipsec /debug``, which
are verbatim (reference §11: ``Src Addr``, ``Dest Mask``, ``Flags : Inbound
Block``, ``No Name`` for filters without a name, ``*`` as 0.0.0.0, numeric
protocols); everything else, and the layout, is RECONSTRUCTED
(``docs/fidelity/computer.md``).
"""

from __future__ import annotations

from typing import Any

from .. import messages
from ..dynamic.expand import FilterView, filters
from ..dynamic.spd import Spd
from ..values import Address

_ORDER = ("gpo", "policies", "filters", "auth", "sas", "stats")


def _addr(address: Address | None, local: str) -> str:
    if address is None or address.kind == "any":
        return "0.0.0.0"
    return local if address.kind == "me" else address.value


def _mask(address: Address | None, mask: str) -> str:
    return "0.0.0.0" if address is None or address.kind == "any" else mask


def _direction(view: FilterView) -> str:
    return "Inbound" if view.dstaddr.kind == "me" else "Outbound"


def _action(view: FilterView, direction: str) -> str:
    rule = view.rule
    action = rule.actioninbound if direction == "Inbound" else rule.actionoutbound
    return {"block": "Block", "permit": "Pass"}.get(action, "Negotiate")


def _filter_block(view: FilterView, local: str) -> list[str]:
    tunnel = view.tunnel_dst
    direction = _direction(view)
    src, dst = view.srcaddr, view.dstaddr
    return [
        view.name or "No Name",
        f"Src Addr : {_addr(src, local)} Src Mask : {_mask(src, view.srcmask)}",
        f"Dest Addr : {_addr(dst, local)} Dest Mask : {_mask(dst, view.dstmask)}",
        f"Tunnel Addr : {_addr(tunnel, local)} Src Port : {view.srcport} "
        f"Dest Port : {view.dstport}",
        f"Protocol : {view.protocol} TunnelFilter: {'Yes' if tunnel else 'No'}",
        f"Flags : {direction} {_action(view, direction)}",
        "",
    ]


def _filters(spd: Spd, local: list[str]) -> list[str]:
    """The quick mode filters, as configured (a mirrored rule gives two), ``me`` bound."""
    views = filters(spd.rules, "qm", "generic", local)
    out = [f"There are {len(views)} filters", ""]
    for view in views:
        out += _filter_block(view, local[0] if local else "0.0.0.0")
    return out


def _policies(spd: Spd) -> list[str]:
    out = [f"There are {len(spd.mmpolicies)} main mode policies", ""]
    for mm in spd.mmpolicies:
        out.append(f"Main Mode Policy : {mm.name}")
        out.append(
            f"QM Limit Per MM : {mm.qmpermm or 'Unlimited'} Lifetime : {mm.mmlifetime * 60} secs"
        )
        for offer in mm.offers:
            out.append(f"  Offer : {offer.encryption} {offer.integrity} DH Group {offer.group}")
        out.append("")
    out += [f"There are {len(spd.qmpolicies)} quick mode policies", ""]
    for qm in spd.qmpolicies:
        out.append(f"Quick Mode Policy : {qm.name}")
        out.append(
            f"Soft : {'Yes' if qm.soft else 'No'} PFS : {'No' if qm.pfsgroup == 'NOPFS' else 'Yes'}"
        )
        for qm_offer in qm.offers:
            out.append(f"  Offer : {qm_offer}")
        out.append("")
    return out


def _auth(spd: Spd) -> list[str]:
    out = []
    seen = []
    for rule in spd.rules:
        methods = [str(a.kind) for a in rule.auth]
        if methods not in seen:
            seen.append(methods)
    out.append(f"There are {len(seen)} authentication method lists")
    out.append("")
    for methods in seen:
        names = {"kerberos": "Kerberos", "psk": "Preshared Key", "rootca": "Certificate"}
        out.append("Methods : " + ", ".join(names.get(m, m) for m in methods))
    if seen:
        out.append("")
    return out


def _sas(spd: Spd) -> list[str]:
    out = [f"There are {len(spd.mmsas)} main mode security associations", ""]
    for sa in spd.mmsas:
        out.append(f"Me : {sa.src} Peer : {sa.dst} Auth : {sa.auth}")
        out.append(
            f"  {sa.encryption} {sa.integrity} DH Group {sa.dhgroup} Lifetime : {sa.lifetime} secs"
        )
    if spd.mmsas:
        out.append("")
    out += [f"There are {len(spd.qmsas)} quick mode security associations", ""]
    for qsa in spd.qmsas:
        esp = f"ESP {qsa.esp_encryption} {qsa.esp_integrity}" if qsa.esp_encryption else ""
        ah = f"AH {qsa.ah}" if qsa.ah else ""
        out.append(
            f"Src : {qsa.src} Dest : {qsa.dst} Protocol : {qsa.protocol} Policy : {qsa.policy}"
        )
        out.append(f"  {' '.join(p for p in (ah, esp) if p)} {qsa.direction.capitalize()}")
    if spd.qmsas:
        out.append("")
    return out


def _stats(spd: Spd) -> list[str]:
    ike = spd.ike_stats
    ipsec = spd.ipsec_stats
    return [
        "IKE Statistics",
        f"Main Modes : {ike['main_modes']}",
        f"Quick Modes : {ike['quick_modes']}",
        f"Authentication Failures : {ike['auth_failures']}",
        f"Negotiation Failures : {ike['negotiation_failures']}",
        "",
        "IPSec Statistics",
        f"Active Associations : {ipsec['active_assoc']}",
        f"Key Additions : {ipsec['key_adds']}",
        f"Confidential Bytes Sent : {ipsec['conf_bytes_sent']}",
        f"Confidential Bytes Received : {ipsec['conf_bytes_received']}",
        "",
    ]


def _gpo(host: Any) -> list[str]:
    from ..static import query

    domain = getattr(host, "domain", None)
    if domain:
        policy = query.assigned_policy(host, "domain", domain)
        if policy is not None:
            return [messages.TOOL_GPO_DOMAIN.format(policy=policy.name), ""]
    policy = query.assigned_policy(host, "local")
    if policy is not None:
        return [messages.TOOL_GPO_LOCAL.format(policy=policy.name), ""]
    return [messages.TOOL_GPO_NONE, ""]


def show(host: Any, what: list[str]) -> str:
    """The screens *what* names (``all``: every one), in a fixed order."""
    from ..dynamic.service import display_name_for, get_service
    from ..errors import NetshError
    from .failure import ToolFailure

    wanted = set(_ORDER) if "all" in what else set(what)
    out: list[str] = []
    if "gpo" in wanted:
        out += _gpo(host)
    rest = wanted - {"gpo"}
    if rest:
        service = get_service(host)
        try:
            spd = service.require_spd()
        except NetshError:
            raise ToolFailure(
                messages.TOOL_SERVICE_STOPPED.format(
                    name=display_name_for(getattr(host, "os", None))
                )
            ) from None
        local = service.local_addresses()
        screens = {
            "policies": lambda: _policies(spd),
            "filters": lambda: _filters(spd, local),
            "auth": lambda: _auth(spd),
            "sas": lambda: _sas(spd),
            "stats": lambda: _stats(spd),
        }
        for name in _ORDER:
            if name in rest:
                out += screens[name]()
    while out and not out[-1]:
        out.pop()  # cmd.exe adds the blank line before its prompt
    return "\n".join(out) + ("\n" if out else "")
