"""Where the cursor is in a command line: pieces, items and what the words mean.

The scanner follows ``grammar/netsh.lark`` token for token (WORD, STRING,
``=`` and blanks) but keeps every piece with its position and never fails,
which completion and highlighting need for half-typed lines. The meaning of
the words comes from :func:`netshpy.resolve.resolve`, so completion and the
lexer climb to parent contexts exactly as the session does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NetshError
from ..resolve import Item, next_positional, resolve, split
from ..spec import Command, Context, Param, Spec

# The same lexical classes as grammar/netsh.lark.
_PIECE = re.compile(r'(?P<ws>\s+)|(?P<eq>=)|(?P<string>"[^"]*"?)|(?P<word>[^\s="]+)')


@dataclass(frozen=True)
class Piece:
    """One lexical piece: ``ws``, ``eq``, ``string`` or ``word``."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        """Offset just after the piece."""
        return self.start + len(self.text)


def scan(text: str) -> list[Piece]:
    """Split *text* into pieces; total (every string scans)."""
    return [Piece(m.lastgroup or "word", m.group(), m.start()) for m in _PIECE.finditer(text)]


@dataclass
class Slot:
    """One item of a line, with the pieces that make it."""

    kind: str  # "bare" | "tagged" | "orphan"
    start: int
    tag: Piece | None = None
    eq: Piece | None = None
    value: Piece | None = None

    @property
    def end(self) -> int:
        """Offset just after the item."""
        last = self.value or self.eq or self.tag
        return last.end if last else self.start


def slots(pieces: list[Piece]) -> list[Slot]:
    """Group pieces into items as the grammar does (``tag = value`` in any spacing)."""
    solid = [p for p in pieces if p.kind != "ws"]
    out: list[Slot] = []
    i = 0
    while i < len(solid):
        p = solid[i]
        nxt = solid[i + 1] if i + 1 < len(solid) else None
        if p.kind == "word" and nxt is not None and nxt.kind == "eq":
            slot = Slot("tagged", p.start, tag=p, eq=nxt)
            i += 2
        elif p.kind == "eq":
            slot = Slot("orphan", p.start, eq=p)
            i += 1
        else:
            out.append(Slot("bare", p.start, value=p))
            i += 1
            continue
        if i < len(solid) and solid[i].kind in ("word", "string"):
            slot.value = solid[i]
            i += 1
        out.append(slot)
    return out


def unquote(text: str) -> str:
    """A value without its surrounding double quotes."""
    if text.startswith('"'):
        text = text[1:]
        if text.endswith('"'):
            text = text[:-1]
    return text


@dataclass
class Words:
    """What the words before an offset mean."""

    kind: str  # "words" | "group" | "args" | "dead"
    context: Context
    group: str | None = None
    command: Command | None = None
    args: list[Item] = field(default_factory=list)


def meaning(
    spec: Spec, current: Context, line: str, aliases: dict[str, str] | None = None
) -> Words:
    """Resolve the complete items of *line* as the session would."""
    try:
        items = split(line)
    except Exception:  # the grammar is total; be safe anyway
        return Words("dead", current)
    if not items:
        return Words("words", current)
    first = items[0].word
    if aliases and first is not None and first.lower() in aliases:
        line = aliases[first.lower()] + line[items[0].pos + len(first) :]
        items = split(line)
        if not items:
            return Words("words", current)
    try:
        target = resolve(spec, current, items, line)
    except NetshError:
        return Words("dead", current)
    if target.kind == "context":
        return Words("words" if not target.args else "dead", target.context)
    if target.kind == "group":
        return Words("group", target.context, group=target.group)
    return Words("args", target.context, command=target.command, args=list(target.args))


def chain(ctx: Context | None):
    """*ctx* and its parents, nearest first (the order inheritance uses)."""
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


def given_tags(command: Command, args: list[Item]) -> dict[str, Param]:
    """The parameters the items already give (tagged, flags and positional)."""
    given: dict[str, Param] = {}
    for item in args:
        param = None
        if item.kind == "tagged":
            param = command.match_tag(item.tag or "")
        elif item.kind == "bare":
            param = next_positional(command, given, item.word)
        if param is not None:
            given[param.tag] = param
    return given


def find_context(spec: Spec, path: str) -> Context | None:
    """The context whose prompt path (``netsh ipsec static``) or path is *path*."""
    words = tuple(w.lower() for w in path.split())
    if words[:1] == ("netsh",):
        words = words[1:]
    return spec.contexts.get(words)
