"""``netsh ipsec dynamic dump``: the configuration and dynamic SPD as a script.

RECONSTRUCTED format: ``set config`` lines for every property, then the
dynamically added policies and rules (entries compiled from an assigned
static policy are the static store's to dump). Running the script on a fresh
computer rebuilds the same dynamic state.
"""

from __future__ import annotations

from .. import messages
from ..values import protocol_name
from .config import PROPERTIES, IpsecConfig
from .spd import Spd
from .spd_records import Auth, MmPolicy, QmPolicy, Rule


def _q(text: str) -> str:
    return f'"{text}"' if (not text or any(c in text for c in " =\t")) else text


def _config_lines(cfg: IpsecConfig) -> list[str]:
    out = []
    for name, prop in PROPERTIES.items():
        value = cfg.values[name]
        if prop.kind == "exemptions":
            text = '"' + " ".join(str(e) for e in value) + '"' if value else "none"
        else:
            text = str(value)
        out.append(f"set config property={name} value={text}")
    return out


def _mm(policy: MmPolicy) -> str:
    text = f"add mmpolicy name={_q(policy.name)} qmpermm={policy.qmpermm} mmlifetime={policy.mmlifetime}"
    if policy.softsaexpirationtime is not None:
        text += f" softsaexpirationtime={policy.softsaexpirationtime}"
    return text + ' mmsecmethods="' + " ".join(str(o) for o in policy.offers) + '"'


def _qm(policy: QmPolicy) -> str:
    text = f"add qmpolicy name={_q(policy.name)} soft={'yes' if policy.soft else 'no'}"
    text += f" pfsgroup={policy.pfsgroup}"
    return text + ' qmsecmethods="' + " ".join(str(o) for o in policy.offers) + '"'


def _auth(method: Auth) -> str:
    if method.kind == "kerberos":
        return "kerberos=yes"
    if method.kind == "psk":
        return f"psk={_q(str(method.value))}"
    return f'rootca="{method.value}"'


def _rule(rule: Rule) -> str:
    parts = [
        "add rule",
        f"srcaddr={rule.srcaddr}",
        f"dstaddr={rule.dstaddr}",
        f"mmpolicy={_q(rule.mmpolicy)}",
    ]
    if rule.qmpolicy:
        parts.append(f"qmpolicy={_q(rule.qmpolicy)}")
    parts += [
        f"protocol={protocol_name(rule.protocol)}",
        f"srcport={rule.srcport}",
        f"dstport={rule.dstport}",
        f"mirrored={'yes' if rule.mirrored else 'no'}",
        f"conntype={rule.conntype}",
        f"actioninbound={rule.actioninbound}",
        f"actionoutbound={rule.actionoutbound}",
        f"srcmask={rule.srcmask}",
        f"dstmask={rule.dstmask}",
    ]
    if rule.tunnel:
        parts.append(f"tunneldstaddress={rule.tunnel}")
    parts += [_auth(a) for a in rule.auth]
    return " ".join(parts)


def dump(cfg: IpsecConfig, spd: Spd | None) -> str:
    """The script; *spd* is None while the service is stopped."""
    lines = [messages.DYNAMIC_DUMP_HEADER, "", "pushd ipsec dynamic", ""]
    lines += _config_lines(cfg)
    if spd is not None:
        body = [_mm(p) for p in spd.mmpolicies if not p.origin]
        body += [_qm(p) for p in spd.qmpolicies if not p.origin]
        body += [_rule(r) for r in spd.rules if not r.origin]
        if body:
            lines += ["", *body]
    lines += ["", "popd", ""]
    return "\n".join(lines)
