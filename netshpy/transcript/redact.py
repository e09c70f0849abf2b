"""Preshared keys kept out of recordings, by what a line means, not how it is typed.

A typed line is read the way its program reads it. At a netsh prompt the
line is resolved in the prompt's context and its items bound to the
command's parameters as netsh binds them, so ``ps=Key``, ``PSK = "Key"`` or
a key given by position are all found: every value bound to a parameter of
type ``psk`` becomes ``***``. At a command prompt, ``netsh ...`` is read the
same way (after its ``-a``/``-c``/``-r`` options), and ``ipseccmd`` or
``ipsecpol``'s ``PRESHARE:key`` methods become ``PRESHARE:"***"``. A line
that means nothing (a typo) still has its ``ps=``/``psk=`` values and
``PRESHARE:`` keys masked.

Output is masked by the fields that show a key (``Preshared Key: K`` of the
static screens, ``Preshared Key (K)`` of the dynamic ones, ``psk=K`` in
``dump``'s ``add rule`` and ``set defaultrule`` lines) and by the keys known:
those typed, those read in such fields, and those held by the stores and the
SPD the computer has open (an imported policy's key included). Known keys
under four characters are masked only in those fields.

Replay reads a recorded line the same way and puts the transcript's key
where a ``***`` stands for one (:func:`restore_line`), and masks what it
prints exactly as a recording would (:func:`redact_output`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import NetshError
from ..resolve import Item, next_positional, resolve, split
from .format import CMD_PROMPT, MASK

if TYPE_CHECKING:
    from ..spec import Context, Spec

MIN_KEY = 4  # shorter known keys are masked only where a field shows a key

# A key's tag however it is abbreviated (netsh takes "p" for the first tag that
# starts so, never psk): used when a line cannot be resolved.
_PSK_TAG = re.compile(r'(?i)(?<![^\s"])(?:ps|psk)\s*=\s*("[^"]*"?|[^\s="]+)')
_NETSH_PROMPT = re.compile(r"(?:\[[^\]\r\n]+\] )?netsh((?: [A-Za-z][A-Za-z0-9_]*)*)>")
_PROGRAM = re.compile(r'\s*(?:"([^"]*)"?|([^\s"]+))')
_NETSH_OPTIONS = ("-a", "-c", "-r", "-u", "-p", "-f")
_OUTPUT_FIELDS = (
    re.compile(r"(Preshared Key: )([^\r\n]+)"),
    re.compile(r"(Preshared Key \()([^\r\n]*)(\)[ \t]*)$", re.MULTILINE),
    re.compile(
        r'(^(?:add|set) (?:rule|defaultrule) [^\r\n]*?\bpsk=)("[^"\r\n]*"|[^\s"]+)',
        re.MULTILINE,
    ),
)


# ---- where keys are in a typed line ---------------------------------------------


class Span:
    """Where a key is in a line: ``line[start:end]``; *tool*: a whole ``PRESHARE:`` argument."""

    __slots__ = ("start", "end", "key", "quoted", "tool")

    def __init__(self, start: int, end: int, key: str, quoted: bool, tool: bool = False) -> None:
        self.start, self.end, self.key, self.quoted, self.tool = start, end, key, quoted, tool

    def text(self, key: str) -> str:
        """What stands at the span with *key* in it (``***`` to mask)."""
        if self.tool:
            return f'PRESHARE:"{key}"'
        return f'"{key}"' if self.quoted or " " in key else key


def key_spans(spec: Spec | None, prompt: str, line: str) -> list[Span]:
    """The keys in *line* typed at *prompt*, left to right, by meaning and by tag."""
    spans: list[Span] = []
    try:
        netsh = _NETSH_PROMPT.fullmatch(prompt.strip())
        if netsh is not None and spec is not None:
            spans += _netsh_spans(spec, _context(spec, netsh.group(1).split()), line, 0)
        elif CMD_PROMPT.fullmatch(prompt.strip()):
            spans += _cmd_spans(spec, line)
    except Exception:  # noqa: BLE001 - a line that cannot be read is masked by tag below
        pass
    for found in _PSK_TAG.finditer(line):
        value = found.group(1)
        start = found.start(1)
        spans.append(Span(start, found.end(1), value.strip('"'), value.startswith('"')))
    return _disjoint(spans)


def _disjoint(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out


def _context(spec: Spec, words: list[str]) -> Context | None:
    ctx = spec.root
    for word in words:
        child = ctx.children.get(word.lower())
        if child is None:
            return None
        ctx = child
    return ctx


def _netsh_spans(spec: Spec, ctx: Context | None, text: str, offset: int) -> list[Span]:
    """Keys among the arguments of the netsh command *text*, bound as netsh binds them."""
    if ctx is None:
        return []
    items = split(text)
    try:
        target = resolve(spec, ctx, items, text)
    except NetshError:
        return []
    command = target.command
    if target.kind != "command" or command is None:
        return []
    if not any(p.type == "psk" for p in command.params):
        return []
    if any(p.type == "text" for p in command.params):
        return []
    given: dict[str, bool] = {}
    spans = []
    for item in target.args:
        if item.kind == "orphan":
            continue
        if item.kind == "tagged":
            param = command.match_tag(item.tag or "")
        else:
            param = next_positional(command, given, item.word)
        if param is None:
            continue
        given[param.tag] = True
        if param.type == "psk" and item.value is not None:
            span = _value_span(text, item)
            if span is not None:
                spans.append(Span(span[0] + offset, span[1] + offset, item.value, item.quoted))
    return spans


def _value_span(text: str, item: Item) -> tuple[int, int] | None:
    """Where *item*'s value is in *text* (quotes included)."""
    i = item.pos
    if item.kind == "tagged":
        i += len(item.tag or "")
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != "=":
            return None
        i += 1
        while i < len(text) and text[i].isspace():
            i += 1
    if i >= len(text):
        return None
    if text[i] == '"':
        close = text.find('"', i + 1)
        return i, len(text) if close < 0 else close + 1
    found = re.compile(r'[^\s="]+').match(text, i)
    return (i, found.end()) if found else None


def _cmd_spans(spec: Spec | None, line: str) -> list[Span]:
    """Keys on a command prompt line: netsh's arguments, ipseccmd's PRESHARE: methods."""
    spans = _tool_spans(line)
    found = _PROGRAM.match(line)
    if found is None or spec is None:
        return spans
    program = (found.group(1) if found.group(1) is not None else found.group(2)) or ""
    name = re.split(r"[\\/]", program)[-1].lower()
    if name not in ("netsh", "netsh.exe"):
        return spans
    rest = line[found.end() :]
    items = split(rest)
    ctx: Context | None = spec.root
    i = 0
    while i < len(items) and (items[i].word or "").lower() in _NETSH_OPTIONS:
        option = (items[i].word or "").lower()
        if option == "-c" and i + 1 < len(items):
            ctx = _context(spec, (items[i + 1].value or "").split())
        i += 2
    if i >= len(items) or ctx is None:
        return spans
    start = items[i].pos
    return spans + _netsh_spans(spec, ctx, rest[start:], found.end() + start)


def _tool_spans(line: str) -> list[Span]:
    """``PRESHARE:key`` arguments (quoted any way ``ipseccmd`` unquotes them)."""
    spans = []
    for start, end, arg in _arguments(line):
        if arg[:9].upper() == "PRESHARE:" and arg[9:]:
            spans.append(Span(start, end, arg[9:], True, tool=True))
    return spans


def _arguments(line: str) -> Iterable[tuple[int, int, str]]:
    """``(start, end, argument)`` as ``tools.args.split`` splits *line*."""
    current: list[str] = []
    start = -1
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
            start = i if start < 0 else start
        elif ch in " \t" and not quoted:
            if start >= 0:
                yield start, i, "".join(current)
                current, start = [], -1
        else:
            current.append(ch)
            start = i if start < 0 else start
    if start >= 0:
        yield start, len(line), "".join(current)


# ---- recording and replaying ----------------------------------------------------


def redact_line(spec: Spec | None, prompt: str, line: str) -> tuple[str, list[str]]:
    """*line* with every key in it replaced by ``***``, and the keys it held."""
    keys: list[str] = []
    out = line
    for span in reversed(key_spans(spec, prompt, line)):
        if span.key and span.key != MASK:
            keys.append(span.key)
        out = out[: span.start] + span.text(MASK) + out[span.end :]
    keys.reverse()
    return out, keys


def restore_line(spec: Spec | None, prompt: str, line: str, key: str) -> str:
    """*line* with *key* where a recording put ``***`` for a key (replay)."""
    out = line
    for span in reversed(key_spans(spec, prompt, line)):
        if span.key == MASK:
            out = out[: span.start] + span.text(key) + out[span.end :]
    return out


def redact_output(text: str, keys: Iterable[str]) -> tuple[str, set[str]]:
    """*text* with the keys its fields show, and every known key, as ``***``.

    Returns the masked text and the keys found in fields (to be known from now on).
    """
    found: set[str] = set()

    def field(match: re.Match[str]) -> str:
        value = match.group(2)
        bare = value.strip().strip('"')
        if bare and bare != MASK:
            found.add(bare)
        masked = '"***"' if value.startswith('"') else MASK
        return match.group(1) + masked + (match.group(3) if match.lastindex == 3 else "")

    for pattern in _OUTPUT_FIELDS:
        text = pattern.sub(field, text)
    for key in sorted(set(keys) | found, key=len, reverse=True):
        if len(key) >= MIN_KEY and key != MASK:
            text = text.replace(key, MASK)
    return text, found


def stored_keys(host: Any) -> set[str]:
    """The preshared keys in the stores and the SPD *host* has open (none on failure)."""
    keys: set[str] = set()
    parts = getattr(host, "parts", None) or {}
    try:
        static = parts.get("static")
        if static is not None:
            keys |= static.preshared_keys()
        service = parts.get("service")
        spd = getattr(service, "spd", None)
        is_loaded = getattr(spd, "is_loaded", None)
        if is_loaded is not None and not is_loaded("rules"):
            spd = None  # not read by any command so far: no rule of it was shown
        for rule in getattr(spd, "rules", None) or []:
            for method in getattr(rule, "auth", None) or []:
                if method.kind == "psk" and isinstance(method.value, str):
                    keys.add(method.value)
    except Exception:  # noqa: BLE001 - never let masking break a session; fields still mask
        pass
    return keys


def _console_spec(console: Any) -> Spec | None:
    session = getattr(console, "session", None)
    if session is not None:
        return getattr(session, "spec", None)
    host = getattr(console, "host", None)
    if host is None:
        return None
    from ..spec import for_os

    return for_os(getattr(host, "os", None))


def _console_host(console: Any) -> Any:
    session = getattr(console, "session", None)
    return getattr(session, "host", None) or getattr(console, "host", None)


def replay_input(console: Any, prompt: str | None, line: str, key: str) -> str:
    """The line replay types: *line* with the transcript's *key* for each ``***`` key."""
    if prompt is None:
        return line
    return restore_line(_console_spec(console), prompt, line, key)


def replay_output(console: Any, output: str, key: str) -> str:
    """What replay compares: *output* masked as a recording of it would be."""
    if not output:
        return output
    return redact_output(output, {key} | stored_keys(_console_host(console)))[0]
