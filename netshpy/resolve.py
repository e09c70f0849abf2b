"""What the words of a command line mean: context tree lookup and binding.

Lark (``grammar/netsh.lark``) splits a line into items; this module matches
the leading words against the context tree (case-insensitive unique prefix,
climbing to parent contexts for inherited commands), then binds the
remaining items to the command's tags and converts them to typed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from . import grammar, messages, values
from .errors import NetshError
from .records import dataclass, field
from .spec import Command, Context, Param, Spec

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

HELP_WORDS = ("?", "/?", "-?")


@dataclass(frozen=True)
class Item:
    """One item of a command line."""

    kind: str  # "tagged" | "bare" | "orphan"
    tag: str | None
    value: str | None
    quoted: bool
    pos: int

    @property
    def word(self) -> str | None:
        """The bare, unquoted word, if the item is one."""
        return self.value if self.kind == "bare" and not self.quoted else None


def split(line: str) -> list[Item]:
    """Split a command line into items with the netsh grammar."""
    return list(_split_cached(line))


@lru_cache(maxsize=4096)
def _split_cached(line: str) -> tuple[Item, ...]:
    # Items are immutable, so scripts and API loops that repeat lines parse each once.
    tree = grammar.load("netsh", ("start",)).parse(line, "start")
    items = []
    for node in tree.children:
        tag = None
        children = list(node.children)
        if node.data == "tagged":
            tag = str(children.pop(0))
        value = quoted = None
        pos = getattr(tag, "pos", 0) if tag is not None else 0
        if children:
            leaf = children[0]
            token = leaf.children[0]
            if tag is None:
                pos = token.pos
            quoted = leaf.data == "string"
            value = str(token)
            if quoted:
                value = value[1:-1] if len(value) > 1 and value.endswith('"') else value[1:]
        items.append(Item(node.data, tag, value, bool(quoted), pos))
    return tuple(items)


@dataclass
class Target:
    """What a line resolved to: a command, a context, or a command group."""

    kind: str  # "command" | "context" | "group"
    context: Context
    command: Command | None = None
    group: str | None = None
    args: list[Item] = field(default_factory=list)
    help: bool = False


# Derived name tables, per context; the key includes the table sizes so a
# context that gains commands or children after a lookup is recomputed.
_NAMES: dict[tuple[int, int, int], tuple[Context, dict[str, str]]] = {}
_GROUPS: dict[tuple[int, int, str], tuple[Context, dict[str, Command]]] = {}


def _own_names(ctx: Context) -> dict[str, str]:
    key = (id(ctx), len(ctx.children), len(ctx.commands))
    hit = _NAMES.get(key)
    if hit is not None and hit[0] is ctx:
        return hit[1]
    names = {name: "context" for name in ctx.children}
    for words in ctx.commands:
        names.setdefault(words[0], "command")
    _NAMES[key] = (ctx, names)
    return names


def unique_prefix(word: str, names: Any) -> str | None:
    """*word* resolved among *names*: exact match (any case) or unique prefix."""
    low = word.lower()
    if low in names:
        return low
    hits = [n for n in names if n.startswith(low)]
    return hits[0] if len(hits) == 1 else None


def resolve(spec: Spec, current: Context, items: list[Item], line: str) -> Target:
    """Match the leading words of *items* from context *current*."""
    not_found = NetshError(messages.COMMAND_NOT_FOUND.format(line=echo_line(items, line)))
    if not items or items[0].word is None:
        raise not_found
    ctx = current
    i = 0
    first = items[0].word
    if first in HELP_WORDS[1:]:
        return Target("command", ctx, spec.root.commands[("?",)], args=items[1:])
    while True:
        word = items[i].word if i < len(items) else None
        if word is None:
            if i == 0:
                raise not_found
            return Target("context", ctx, args=items[i:])
        found = _lookup(ctx, word, items, i)
        if found is None:
            raise not_found
        owner, name, kind = found
        if kind == "context":
            ctx = owner.children[name]
            i += 1
            if i == len(items) or ctx.stub:
                return Target("context", ctx, args=items[i:])
            continue
        nxt = items[i + 1].word if i + 1 < len(items) else None
        if (name,) in owner.commands:
            command = owner.commands[(name,)]
            return _command_target(ctx, command, items[i + 1 :])
        # A command group: the next word names the command within it.
        if nxt is None or nxt.lower() in HELP_WORDS + ("help",):
            return Target("group", ctx, group=name)
        member = _group_member(ctx if owner is ctx else owner, name, nxt)
        if member is None:
            raise not_found
        return _command_target(ctx, member, items[i + 2 :])


def _lookup(ctx: Context, word: str, items: list[Item], i: int) -> tuple[Context, str, str] | None:
    """Find *word* in *ctx* or, failing that, in its parents (inheritance)."""
    owner: Context | None = ctx
    nxt = items[i + 1].word if i + 1 < len(items) else None
    while owner is not None:
        names = _own_names(owner)
        name = unique_prefix(word, names)
        if (
            name is None
            and word.lower() not in names
            and any(n.startswith(word.lower()) for n in names)
        ):
            return None  # ambiguous: netsh does not guess
        if name is not None:
            kind = names[name]
            # A group word whose sub-command exists only in a parent (e.g.
            # "show mode" in ipsec static) falls through to that parent.
            if (
                kind == "command"
                and (name,) not in owner.commands
                and nxt is not None
                and nxt.lower() not in HELP_WORDS + ("help",)
                and _group_member(owner, name, nxt) is None
            ):
                owner = owner.parent
                continue
            return owner, name, kind
        owner = owner.parent
    return None


def _group_member(ctx: Context, group: str, word: str) -> Command | None:
    key = (id(ctx), len(ctx.commands), group)
    hit = _GROUPS.get(key)
    if hit is not None and hit[0] is ctx:
        seconds = hit[1]
    else:
        seconds = {w[1]: c for w, c in ctx.commands.items() if len(w) == 2 and w[0] == group}
        _GROUPS[key] = (ctx, seconds)
    name = unique_prefix(word, seconds)
    return seconds[name] if name else None


def _command_target(ctx: Context, command: Command, args: list[Item]) -> Target:
    wants_help = any(a.word in HELP_WORDS for a in args) or (
        bool(args) and (args[0].word or "").lower() == "help" and command.words != ("alias",)
    )
    return Target("command", ctx, command=command, args=args, help=wants_help)


def echo_line(items: list[Item], line: str = "") -> str:
    """The line as netsh echoes it in "not found": blanks folded, quotes stripped."""
    parts = []
    for item in items:
        value = item.value or ""
        parts.append(
            f"{item.tag}={value}"
            if item.kind == "tagged"
            else (f"={value}" if item.kind == "orphan" else value)
        )
    return " ".join(parts)


# ---- binding -------------------------------------------------------------

_PARSERS = {
    "yesno": values.parse_yesno,
    "guid": values.parse_guid,
    "address": values.parse_address,
    "mask": values.parse_mask,
    "protocol": values.parse_protocol,
    "mmsecmethods": values.parse_mmsecmethods,
    "qmsecmethods": values.parse_qmsecmethods,
    "rootca": values.parse_rootca,
    "bootexemptions": values.parse_bootexemptions,
    "tunnel": values.parse_tunnel,
}


class Args(dict):
    """The tags a user gave (typed), with the spec's defaults behind them."""

    def __init__(self, command: Command, given: dict[str, Any]) -> None:
        super().__init__(given)
        self.command = command

    def value(self, tag: str) -> Any:
        """The given value of *tag*, else its default from the spec."""
        if tag in self:
            return self[tag]
        param = self.command.param(tag)
        if param is None:
            raise KeyError(tag)
        if param.default is not None and param.type in _PARSERS and param.type != "yesno":
            return convert(param, str(param.default))
        return param.default


def convert(param: Param, text: str) -> Any:
    """Convert *text* to the typed value of *param*."""
    kind = param.type
    if kind in ("integer", "port"):
        low, high = (0, 65535) if kind == "port" else (param.min, param.max)
        return values.parse_integer(param.tag, text, low, high)
    if kind == "enum":
        choice = values.unique_choice(text, param.choices)
        if choice is None:
            raise values.ValueProblem(messages.ipsec("bad_value", value=text, tag=param.tag))
        return choice
    parser = _PARSERS.get(kind)
    return parser(param.tag, text) if parser else text


def bind(command: Command, items: list[Item], line: str) -> Args:
    """Bind *items* to the tags of *command* and convert their values."""
    given: dict[str, Any] = {}
    text_param = next((p for p in command.params if p.type == "text"), None)
    if text_param is not None:
        if items:
            given[text_param.tag] = line[items[0].pos :].strip()
        return Args(command, given)
    for item in items:
        if item.kind == "orphan":
            raise NetshError(messages.BAD_SYNTAX, usage=command)
        if item.kind == "tagged":
            param = command.match_tag(item.tag or "")
            if param is None:
                raise NetshError(messages.INVALID_ARGUMENT.format(arg=item.tag))
            if item.value is None:
                raise NetshError(messages.BAD_SYNTAX, usage=command)
        else:
            param = next_positional(command, given, item.word)
            if param is None:
                raise NetshError(messages.INVALID_ARGUMENT.format(arg=item.value))
        _store(command, param, item.value or "", given)
    _check_required(command, given)
    return Args(command, given)


def next_positional(
    command: Command, given: Mapping[str, object], word: str | None = None
) -> Param | None:
    """The parameter a bare value binds to next: a flag named by *word*, else the
    first non-flag parameter not yet given (nor one of its alternatives)."""
    if word is not None:
        for param in command.params:
            if param.type == "flag" and param.tag == word.lower():
                return param
    for param in command.params:
        if param.type == "flag" or param.tag in given:
            continue
        group = command.alternative_of(param.tag)
        if group and any(t in given for t in group):
            continue
        return param
    return None


def _store(command: Command, param: Param, text: str, given: dict[str, Any]) -> None:
    if param.tag in given and not param.repeat:
        raise NetshError(messages.BAD_SYNTAX, usage=command)
    group = command.alternative_of(param.tag)
    if group and any(t in given for t in group if t != param.tag):
        raise NetshError(messages.BAD_SYNTAX, usage=command)
    if param.type == "flag":
        value: Any = True
    else:
        try:
            value = convert(param, text)
        except values.ValueProblem as problem:
            raise NetshError(str(problem)) from None
    if param.repeat:
        given.setdefault(param.tag, []).append(value)
    else:
        given[param.tag] = value


def _check_required(command: Command, given: dict[str, Any]) -> None:
    for group in command.alternatives:
        required = any(p.required for p in command.params if p.tag in group)
        if required and not any(t in given for t in group):
            raise NetshError(messages.MISSING_PARAMETERS)
    for param in command.params:
        if param.required and not command.alternative_of(param.tag) and param.tag not in given:
            raise NetshError(messages.MISSING_PARAMETERS)
