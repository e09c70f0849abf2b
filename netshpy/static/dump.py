"""``dump``: the netsh script that recreates a static store.

GUIDs and timestamps are not part of the script (netsh has no way to set
them); everything else is, and running the script on an empty store gives
the same ``show all`` apart from those two fields.
"""

from __future__ import annotations

from ..values import protocol_name
from .model import AuthMethod, Filter, Rule, StoreContents

HEADER = (
    "# ----------------------------------\n"
    "# IPsec Static Configuration\n"
    "# ----------------------------------"
)


def quote(value: str) -> str:
    """A value as one netsh argument."""
    return '"' + value + '"'


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f"{tag}={value}" for tag, value in pairs)


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def _address(filter_: Filter, side: str) -> str:
    address = filter_.srcaddr if side == "src" else filter_.dstaddr
    return str(address)


def _auth(methods: list[AuthMethod]) -> list[tuple[str, str]]:
    out = []
    for m in methods:
        if m.kind == "kerberos":
            out.append(("kerberos", "yes"))
        elif m.kind == "psk":
            out.append(("psk", quote(str(m.value))))
        else:
            out.append(("rootca", quote(str(m.value))))
    return out


def _qm(offers) -> str:
    return quote(" ".join(str(o) for o in offers))


def _rule(policy: str, rule: Rule) -> str:
    pairs = [
        ("name", quote(rule.name)),
        ("policy", quote(policy)),
        ("filterlist", quote(rule.filterlist.name if rule.filterlist else "")),
        ("filteraction", quote(rule.filteraction.name if rule.filteraction else "")),
    ]
    if rule.tunnel:
        pairs.append(("tunnel", rule.tunnel))
    pairs += [("conntype", rule.conntype), ("activate", _yn(rule.active))]
    if rule.description:
        pairs.append(("description", quote(rule.description)))
    pairs += _auth(rule.auth)
    return "add rule " + _pairs(pairs)


def script(contents: StoreContents, location: str, domain: str | None) -> str:
    """The script; it selects the same store location first."""
    lines = [HEADER, "", "pushd ipsec static", ""]
    store = f"set store location={location}"
    if location == "domain" and domain:
        store += f" domain={quote(domain)}"
    lines += [store, ""]
    for fl in contents.filterlists:
        pairs = [("name", quote(fl.name))]
        if fl.description:
            pairs.append(("description", quote(fl.description)))
        lines.append("add filterlist " + _pairs(pairs))
        previous = ""
        for f in fl.filters:
            pairs = [
                ("filterlist", quote(fl.name)),
                ("srcaddr", _address(f, "src")),
                ("dstaddr", _address(f, "dst")),
            ]
            if f.description:
                pairs.append(("description", quote(f.description)))
            pairs += [
                ("protocol", protocol_name(f.protocol)),
                ("mirrored", _yn(f.mirrored)),
                ("srcmask", f.srcmask),
                ("dstmask", f.dstmask),
                ("srcport", str(f.srcport)),
                ("dstport", str(f.dstport)),
            ]
            line = "add filter " + _pairs(pairs)
            # A DNS name made one filter per address; its one line makes them all again.
            named = f.srcaddr.resolved or f.dstaddr.resolved
            if not (named and line == previous):
                lines.append(line)
            previous = line
    lines.append("")
    for fa in contents.filteractions:
        pairs = [("name", quote(fa.name))]
        if fa.description:
            pairs.append(("description", quote(fa.description)))
        pairs += [
            ("qmpfs", _yn(fa.qmpfs)),
            ("inpass", _yn(fa.inpass)),
            ("soft", _yn(fa.soft)),
            ("action", fa.action),
        ]
        if fa.action == "negotiate" and fa.qmsecmethods:
            pairs.append(("qmsecmethods", _qm(fa.qmsecmethods)))
        lines.append("add filteraction " + _pairs(pairs))
    lines.append("")
    for policy in contents.policies:
        default = policy.default_rule
        pairs = [("name", quote(policy.name))]
        if policy.description:
            pairs.append(("description", quote(policy.description)))
        pairs += [("mmpfs", _yn(policy.mmpfs))]
        if not policy.mmpfs:
            pairs.append(("qmpermm", str(policy.qmpermm)))
        pairs += [
            ("mmlifetime", str(policy.mmlifetime)),
            ("activatedefaultrule", _yn(default.active if default else True)),
            ("pollinginterval", str(policy.pollinginterval)),
            ("assign", "no"),
            ("mmsecmethods", quote(" ".join(str(o) for o in policy.mmsecmethods))),
        ]
        lines.append("add policy " + _pairs(pairs))
        if default is not None:
            pairs = [("policy", quote(policy.name)), ("qmpfs", _yn(default.qmpfs))]
            if default.qmsecmethods:
                pairs.append(("qmsecmethods", _qm(default.qmsecmethods)))
            pairs += _auth(default.auth)
            lines.append("set defaultrule " + _pairs(pairs))
        for rule in policy.ordinary_rules:
            lines.append(_rule(policy.name, rule))
        if policy.assigned:
            lines.append(f"set policy name={quote(policy.name)} assign=yes")
        if policy.gponame:
            lines.append(f"set policy name={quote(policy.name)} gponame={quote(policy.gponame)}")
        lines.append("")
    lines += ["popd", ""]
    return "\n".join(lines)
