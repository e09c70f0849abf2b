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


def _listing(args: Any, kind: str) -> str | None:
    """*kind* when the screen lists several objects (not one chosen by name)."""
    return None if "name" in args else kind


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
        return render.table(render.policies_table(chosen, opts))
    return render.records([render.policy_lines(p, opts) for p in chosen], _listing(args, "policy"))


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
        return render.table(render.filterlists_table(chosen, opts))
    blocks = [render.filterlist_lines(fl, opts) for fl in chosen]
    return render.records(blocks, _listing(args, "filterlist"))


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
        return render.table(render.filteractions_table(chosen, opts))
    blocks = [render.filteraction_lines(fa, opts) for fa in chosen]
    return render.records(blocks, _listing(args, "filteraction"))


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
        return render.table(render.rules_table(chosen, opts))
    listing = None if ("name" in args or "id" in args) else "rule"
    return render.records([render.rule_lines(r, opts) for r in chosen], listing)


def everything(contents: StoreContents, opts: Options) -> str:
    """``show all``: policies (verbose, with rules), filter lists, filter actions."""
    opts.verbose = True
    text = ""
    errors: list[str] = []
    kinds: list[tuple[str, str, list, Any, Any]] = [
        ("policy", "no_policies", contents.policies, render.policies_table, render.policy_lines),
        (
            "filterlist",
            "no_filterlists",
            contents.filterlists,
            render.filterlists_table,
            render.filterlist_lines,
        ),
        (
            "filteraction",
            "no_filteractions",
            contents.filteractions,
            render.filteractions_table,
            render.filteraction_lines,
        ),
    ]
    for kind, missing, items, as_table, as_lines in kinds:
        if not items:
            errors.append(messages.ipsec(missing))
        elif opts.table:
            text += render.table(as_table(items, opts))
        else:
            text += render.records([as_lines(i, opts) for i in items], kind)
    if errors:
        text += "\n".join(errors) + "\n"
    return text


def store_line(label: str) -> str:
    """``show store`` (RECONSTRUCTED wording)."""
    return "\n" + render.lines([("Current Store", label)], Options(store=label))[0] + "\n"


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
    return render.records(blocks, None if name is not None else "policy")
