"""Every ``show`` screen of the static context, as plain text.

Labels and special values proven by captures (R11): ``Policy Name``,
``Description``, ``Last Modified``, ``Assigned``, ``Master PFS``, ``Polling
Interval``, ``FilterList Name``, ``Store``, ``GUID``, ``No. of Filters``,
``Filter(s)``, the filter labels, ``NONE``, ``YES``/``NO``, ``ANY`` ports,
``<My IP Address>``, ``<Any IP Address>``, ``Local Store <NAME>``. The label
column width, the table layouts and every other label are RECONSTRUCTED and
kept here only (docs/fidelity/static.md).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import display
from ..display import LABEL_WIDTH, port, timestamp, yes_no
from ..records import dataclass
from ..values import DH_GROUPS, Address, protocol_name
from .model import Filter, FilterAction, FilterList, Policy, Rule

SCREEN_WIDTH = 80
ACTION_NAMES = {"permit": "PERMIT", "block": "BLOCK", "negotiate": "NEGOTIATE SECURITY"}
DEFAULT_RULE_LIST = "<Dynamic>"
DEFAULT_RULE_ACTION = "Default Response"


@dataclass
class Options:
    """How to show: level, format, wide, resolvedns, and the store label."""

    store: str
    verbose: bool = False
    table: bool = False
    wide: bool = True
    resolvedns: bool = False
    resolver: Callable[[str], str | None] | None = None


def none_if_empty(text: str | None) -> str:
    """``NONE`` for an empty value."""
    return text if text else "NONE"


def _line(label: str, value: str, opts: Options) -> str:
    text = display.labelled(label, value)
    if not opts.wide and len(text) > SCREEN_WIDTH - 1:
        text = text[: SCREEN_WIDTH - 4] + "..."
    return text


def lines(pairs: list[tuple[str, str]], opts: Options) -> list[str]:
    """``Label : value`` lines of *pairs*, values wrapped as the options say."""
    out: list[str] = []
    for label, value in pairs:
        first, *rest = value.split("\n") if value else [""]
        out.append(_line(label, first, opts))
        out.extend(" " * (LABEL_WIDTH + 2) + more for more in rest)
    return out


def _heading(title: str) -> list[str]:
    return [title, "-" * len(title)]


# ---- addresses -------------------------------------------------------------


def ip_text(value: Address) -> str:
    """The ``... IP Address`` value (a DNS name's address, resolved when the filter was made)."""
    if value.kind == "dns" and value.resolved:
        return value.resolved
    return display.address(value)


def dns_text(address: Address, opts: Options) -> str:
    """The ``... DNS Name`` value."""
    if address.kind in ("me", "any", "server"):
        return ip_text(address)
    if address.kind == "dns":
        return address.value
    if opts.resolvedns and opts.resolver is not None:
        return none_if_empty(opts.resolver(address.value))
    return "NONE"


# ---- filter lists ------------------------------------------------------------


def filter_lines(f: Filter, opts: Options) -> list[str]:
    """One filter of a filter list."""
    pairs = [
        ("Description", none_if_empty(f.description)),
        ("Mirrored", yes_no(f.mirrored)),
        ("Source IP Address", ip_text(f.srcaddr)),
        ("Source Mask", f.srcmask),
    ]
    if opts.verbose:
        pairs.append(("Source DNS Name", dns_text(f.srcaddr, opts)))
    pairs += [
        ("Destination IP Address", ip_text(f.dstaddr)),
        ("Destination Mask", f.dstmask),
    ]
    if opts.verbose:
        pairs.append(("Destination DNS Name", dns_text(f.dstaddr, opts)))
    pairs += [
        ("Protocol", protocol_name(f.protocol)),
        ("Source Port", port(f.srcport)),
        ("Destination Port", port(f.dstport)),
    ]
    return lines(pairs, opts)


def filterlist_lines(fl: FilterList, opts: Options) -> list[str]:
    """``show filterlist`` in list format."""
    pairs = [("FilterList Name", fl.name), ("Description", none_if_empty(fl.description))]
    if opts.verbose:
        pairs.append(("Store", opts.store))
    pairs.append(("Last Modified", timestamp(fl.modified)))
    if opts.verbose:
        pairs.append(("GUID", fl.guid))
    pairs.append(("No. of Filters", str(len(fl.filters))))
    out = lines(pairs, opts)
    if fl.filters:
        out += _heading("Filter(s)")
        for index, f in enumerate(fl.filters):
            if index:
                out.append("")
            out += filter_lines(f, opts)
    return out


# ---- filter actions ------------------------------------------------------------


def filteraction_lines(fa: FilterAction, opts: Options) -> list[str]:
    """``show filteraction`` in list format."""
    pairs = [("FilterAction Name", fa.name), ("Description", none_if_empty(fa.description))]
    if opts.verbose:
        pairs.append(("Store", opts.store))
    pairs.append(("Last Modified", timestamp(fa.modified)))
    if opts.verbose:
        pairs.append(("GUID", fa.guid))
    pairs.append(("Action", ACTION_NAMES[fa.action]))
    if fa.action == "negotiate":
        pairs += [
            ("QMPFS", yes_no(fa.qmpfs)),
            ("Inbound Pass-through", yes_no(fa.inpass)),
            ("Fall back to clear", yes_no(fa.soft)),
        ]
    out = lines(pairs, opts)
    if opts.verbose and fa.action == "negotiate" and fa.qmsecmethods:
        out += _heading("Security Methods")
        out += [str(offer) for offer in fa.qmsecmethods]
    return out


# ---- rules ---------------------------------------------------------------------


def _auth_text(rule: Rule) -> str:
    return "\n".join(str(m) for m in rule.auth) or "NONE"


def rule_lines(rule: Rule, opts: Options) -> list[str]:
    """``show rule`` in list format (verbose adds the list and action details)."""
    if rule.default_response:
        pairs = [("Rule Name", "Default Response Rule")]
    else:
        pairs = [("Rule ID", str(rule.id)), ("Rule Name", none_if_empty(rule.name))]
    pairs += [
        ("Description", none_if_empty(rule.description)),
        ("Tunnel Endpoint", none_if_empty(rule.tunnel)),
        ("Connection Type", rule.conntype.upper()),
        ("Activated", yes_no(rule.active)),
        ("Filter List", rule.filterlist.name if rule.filterlist else DEFAULT_RULE_LIST),
        ("Filter Action", rule.filteraction.name if rule.filteraction else DEFAULT_RULE_ACTION),
        ("Authentication Methods", _auth_text(rule)),
    ]
    if rule.default_response:
        pairs.append(("QMPFS", yes_no(rule.qmpfs)))
    out = lines(pairs, opts)
    if opts.verbose:
        if rule.default_response:
            out += _heading("Security Methods")
            out += [str(offer) for offer in rule.qmsecmethods]
        if rule.filterlist is not None:
            out += ["", *_heading("FilterList Details"), *filterlist_lines(rule.filterlist, opts)]
        if rule.filteraction is not None:
            out += [
                "",
                *_heading("FilterAction Details"),
                *filteraction_lines(rule.filteraction, opts),
            ]
    return out


# ---- policies --------------------------------------------------------------------


def policy_lines(policy: Policy, opts: Options) -> list[str]:
    """``show policy`` in list format (verbose adds main mode settings and rules)."""
    pairs = [("Policy Name", policy.name), ("Description", none_if_empty(policy.description))]
    if opts.verbose:
        pairs.append(("Store", opts.store))
    pairs.append(("Last Modified", timestamp(policy.modified)))
    if opts.verbose:
        pairs.append(("GUID", policy.guid))
    pairs += [
        ("Assigned", yes_no(policy.assigned)),
        ("Master PFS", yes_no(policy.mmpfs)),
        ("Polling Interval", f"{policy.pollinginterval} minutes"),
    ]
    if not opts.verbose:
        return lines(pairs, opts)
    if policy.gponame:
        pairs.append(("GPO Name", policy.gponame))
    pairs += [
        ("Main Mode Life Time", f"{policy.mmlifetime} minutes"),
        ("QM Per MM", "Unlimited" if policy.qmpermm == 0 else str(policy.qmpermm)),
        ("No. of Rules", str(len(policy.rules))),
    ]
    out = lines(pairs, opts)
    out += ["", *_heading("Main Mode Security Methods")]
    out.append(f"{'Encryption':<12}{'Integrity':<12}DH Group")
    for offer in policy.mmsecmethods:
        group = DH_GROUPS.get(offer.group, str(offer.group))
        out.append(f"{offer.encryption:<12}{offer.integrity:<12}{group}")
    for rule in policy.rules:
        out += ["", *_heading("Rule Details"), *rule_lines(rule, opts)]
    return out


# ---- tables -------------------------------------------------------------------------


def _table(headings: list[str], rows: list[list[str]], opts: Options) -> list[str]:
    """Tab-separated rows under a heading line (3P parsers split on tabs)."""
    limit = 30
    if not opts.wide:
        rows = [
            [(c[: limit - 3] + "...") if i == 0 and len(c) > limit else c for i, c in enumerate(r)]
            for r in rows
        ]
    head = "\t".join(headings)
    return [head, "-" * min(SCREEN_WIDTH - 1, len(head.expandtabs())), *map("\t".join, rows)]


def policies_table(policies: list[Policy], opts: Options) -> list[str]:
    """``show policy ... format=table``."""
    return _table(
        ["Policy Name", "Last Modified", "Assigned", "No. of Rules"],
        [[p.name, timestamp(p.modified), yes_no(p.assigned), str(len(p.rules))] for p in policies],
        opts,
    )


def filterlists_table(lists: list[FilterList], opts: Options) -> list[str]:
    """``show filterlist ... format=table``; verbose adds one row per filter."""
    if not opts.verbose:
        return _table(
            ["FilterList Name", "No. of Filters", "Last Modified"],
            [[fl.name, str(len(fl.filters)), timestamp(fl.modified)] for fl in lists],
            opts,
        )
    rows = []
    for fl in lists:
        for f in fl.filters:
            rows.append(
                [
                    fl.name,
                    ip_text(f.srcaddr),
                    f.srcmask,
                    port(f.srcport),
                    ip_text(f.dstaddr),
                    f.dstmask,
                    port(f.dstport),
                    protocol_name(f.protocol),
                    yes_no(f.mirrored),
                ]
            )
    return _table(
        [
            "FilterList Name",
            "Source IP",
            "Source Mask",
            "Source Port",
            "Destination IP",
            "Destination Mask",
            "Destination Port",
            "Protocol",
            "Mirrored",
        ],
        rows,
        opts,
    )


def filteractions_table(actions: list[FilterAction], opts: Options) -> list[str]:
    """``show filteraction ... format=table``."""
    return _table(
        ["FilterAction Name", "Action", "Last Modified"],
        [[fa.name, ACTION_NAMES[fa.action], timestamp(fa.modified)] for fa in actions],
        opts,
    )


def rules_table(rules: list[Rule], opts: Options) -> list[str]:
    """``show rule ... format=table``."""
    return _table(
        ["Rule ID", "Filter List", "Filter Action", "Tunnel Endpoint", "Activated"],
        [
            [
                "Default" if r.default_response else str(r.id),
                r.filterlist.name if r.filterlist else DEFAULT_RULE_LIST,
                r.filteraction.name if r.filteraction else DEFAULT_RULE_ACTION,
                none_if_empty(r.tunnel),
                yes_no(r.active),
            ]
            for r in rules
        ],
        opts,
    )


LISTING_NOUNS = {
    "policy": "Policy(s)",
    "filterlist": "Filter List(s)",
    "filteraction": "Filter Action(s)",
    "rule": "Rule(s)",
}


def records(blocks: list[list[str]], kind: str | None = None) -> str:
    """A list screen: a blank line, then each record followed by a blank line.

    A listing (``all``, ``rule=``, ``default``) of *kind* then closes with its
    count and a blank line (``3 Policy(s)``). Real netsh prints trailing lines
    after the last record: parsers written against it split the output on
    blank lines and drop the last chunk (one named filter list) or the last two
    (``show policy all``). The count's wording is RECONSTRUCTED
    (docs/fidelity/static.md).
    """
    if not blocks:
        return ""
    text = "\n" + "".join("\n".join(b) + "\n\n" for b in blocks)
    if kind is not None:
        text += display.count_line(len(blocks), LISTING_NOUNS[kind]) + "\n\n"
    return text


def table(rows: list[str]) -> str:
    """A table screen: a blank line, the heading and the rows."""
    return "\n" + "\n".join(rows) + "\n"
