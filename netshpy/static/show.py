"""The ``show`` commands: pick objects from a loaded store and render them."""

from __future__ import annotations

from .. import messages
from ..errors import NetshError
from . import render
from .model import FilterAction, FilterList, Policy, Rule, StoreContents
from .render import Options

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


def options(args: Any, store_label: str, resolver=None) -> Options:
    """Rendering options from a show command's arguments."""

    def get(tag: str, default: Any) -> Any:
        try:
            return args.value(tag)
        except KeyError:
            return default

    return Options(
        store=store_label,
        verbose=get("level", "normal") == "verbose",
        table=get("format", "list") == "table",
        wide=bool(get("wide", True)),
        resolvedns=bool(get("resolvedns", False)),
        resolver=resolver,
    )


def _named(items: list, name: str) -> list:
    low = name.lower()
    return [i for i in items if i.name.lower() == low]


def _rules_named(contents: StoreContents, name: str) -> list[Rule]:
    rules = [r for p in contents.policies for r in _named(p.ordinary_rules, name)]
    if not rules:
        raise NetshError(messages.ipsec("rule_name_missing", name=name))
    return rules


def _unique(items: list) -> list:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.guid not in seen:
            seen.add(item.guid)
            out.append(item)
    return out


def policies(contents: StoreContents, args: Any, opts: Options) -> str:
    """``show policy``."""
    chosen: list[Policy] = contents.policies
    if "name" in args:
        chosen = _named(chosen, args["name"])
        if not chosen:
            raise NetshError(messages.ipsec("policy_missing", name=args["name"]))
    elif not chosen:
        raise NetshError(messages.ipsec("no_policies"))
    if opts.table:
        return render.records([render.policies_table(chosen, opts)])
    return render.records([render.policy_lines(p, opts) for p in chosen])


def filterlists(contents: StoreContents, args: Any, opts: Options) -> str:
    """``show filterlist``."""
    chosen: list[FilterList] = contents.filterlists
    if "name" in args:
        chosen = _named(chosen, args["name"])
        if not chosen:
            raise NetshError(messages.ipsec("filterlist_missing", name=args["name"]))
    elif "rule" in args:
        rules = _rules_named(contents, args["rule"])
        chosen = _unique([r.filterlist for r in rules if r.filterlist])
    elif not chosen:
        raise NetshError(messages.ipsec("no_filterlists"))
    if opts.table:
        return render.records([render.filterlists_table(chosen, opts)])
    return render.records([render.filterlist_lines(fl, opts) for fl in chosen])


def filteractions(contents: StoreContents, args: Any, opts: Options) -> str:
    """``show filteraction``."""
    chosen: list[FilterAction] = contents.filteractions
    if "name" in args:
        chosen = _named(chosen, args["name"])
        if not chosen:
            raise NetshError(messages.ipsec("filteraction_missing", name=args["name"]))
    elif "rule" in args:
        rules = _rules_named(contents, args["rule"])
        chosen = _unique([r.filteraction for r in rules if r.filteraction])
    elif not chosen:
        raise NetshError(messages.ipsec("no_filteractions"))
    if opts.table:
        return render.records([render.filteractions_table(chosen, opts)])
    return render.records([render.filteraction_lines(fa, opts) for fa in chosen])


def rules(contents: StoreContents, args: Any, opts: Options) -> str:
    """``show rule``."""
    found = _named(contents.policies, args["policy"])
    if not found:
        raise NetshError(messages.ipsec("policy_missing", name=args["policy"]))
    policy = found[0]
    chosen: list[Rule]
    if "name" in args:
        chosen = _named(policy.ordinary_rules, args["name"])
        if not chosen:
            raise NetshError(messages.ipsec("rule_missing", name=args["name"], policy=policy.name))
    elif "id" in args:
        chosen = [r for r in policy.ordinary_rules if r.id == args["id"]]
        if not chosen:
            raise NetshError(messages.ipsec("rule_id_missing", id=args["id"], policy=policy.name))
    elif args.get("default"):
        chosen = [r for r in policy.rules if r.default_response]
    else:
        chosen = list(policy.rules)
    kind = args.get("type")
    if kind == "tunnel":
        chosen = [r for r in chosen if r.tunnel]
    elif kind == "transport":
        chosen = [r for r in chosen if not r.tunnel]
    if not chosen:
        raise NetshError(messages.ipsec("no_rules", policy=policy.name))
    if opts.table:
        return render.records([render.rules_table(chosen, opts)])
    return render.records([render.rule_lines(r, opts) for r in chosen])


def everything(contents: StoreContents, opts: Options) -> str:
    """``show all``: policies (verbose, with rules), filter lists, filter actions."""
    opts.verbose = True
    blocks: list[list[str]] = []
    errors: list[str] = []
    if contents.policies:
        if opts.table:
            blocks.append(render.policies_table(contents.policies, opts))
        else:
            blocks += [render.policy_lines(p, opts) for p in contents.policies]
    else:
        errors.append(messages.ipsec("no_policies"))
    if contents.filterlists:
        if opts.table:
            blocks.append(render.filterlists_table(contents.filterlists, opts))
        else:
            blocks += [render.filterlist_lines(fl, opts) for fl in contents.filterlists]
    else:
        errors.append(messages.ipsec("no_filterlists"))
    if contents.filteractions:
        if opts.table:
            blocks.append(render.filteractions_table(contents.filteractions, opts))
        else:
            blocks += [render.filteraction_lines(fa, opts) for fa in contents.filteractions]
    else:
        errors.append(messages.ipsec("no_filteractions"))
    text = render.records(blocks)
    if errors:
        text += "\n".join(errors) + "\n"
    return text


def store_line(label: str) -> str:
    """``show store`` (RECONSTRUCTED wording)."""
    return f"\nCurrent Store           : {label}\n"


def gpo_assigned(host: Any, name: str | None) -> str:
    """``show gpoassignedpolicy``: the domain policy a GPO assigns to this computer.

    Without a name: the policy that applies (in a lab, the one Resultant Set of
    Policy gives precedence 1); ``Assigned`` is YES for the policy that applies.
    """
    from ..records import replace
    from .stores import store_label, stores

    domain = getattr(host, "domain", None)
    if not domain:
        raise NetshError(messages.ipsec("domain_unavailable"))
    contents = stores(host).get("domain", domain).load()
    named = [p for p in contents.policies if p.gponame]
    resolver = getattr(host, "gpo_policy", None)
    applied = resolver() if resolver is not None else (named[0] if named else None)
    if name is not None:
        chosen = [p for p in named if (p.gponame or "").lower() == name.lower()]
        if not chosen:
            raise NetshError(messages.ipsec("no_gpo_named", name=name))
    else:
        chosen = [p for p in named if applied is not None and p.name == applied.name]
    if not chosen:
        raise NetshError(messages.ipsec("no_gpo"))
    opts = Options(store=store_label(host, "domain", domain))
    blocks = []
    for policy in chosen:
        if applied is not None and policy.name == applied.name:
            policy = replace(policy, assigned=True)
        head = render.lines([("GPO Name", policy.gponame or ""), ("Store", opts.store)], opts)
        blocks.append(head + render.policy_lines(policy, opts))
    return render.records(blocks)
