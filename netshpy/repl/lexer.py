"""A Pygments lexer for netsh command lines, scripts and console transcripts.

Registered through the ``pygments.lexers`` entry point as ``netsh``, so
``pygmentize -l netsh`` and documentation tools can use it; the REPL
highlights its input with it. The words are classified with the context specs
(so an unknown command shows as an error), the context is followed from line
to line (``ipsec static`` on a line of its own, or a ``netsh ipsec static>``
prompt), and in a transcript the lines without a prompt are output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pygments.lexer import Lexer
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    String,
    Text,
    Whitespace,
    _TokenType,
)

from ..resolve import HELP_WORDS
from ..spec import Command, Context, Param, Spec
from .parse import find_context, meaning, next_positional, scan, slots, unquote

#: An address or mask value (IPv4 or a dotted mask).
ADDRESS = Number.Address
#: A keyword value: yes/no, an enum choice, me/any/DNS..., a protocol name.
CONSTANT = Keyword.Constant
#: A context name (``ipsec``, ``static``).
CONTEXT = Name.Namespace
#: An emulator-only command (``:tree``).
EMULATOR = Keyword.Pseudo
#: A value without a tag after tagged ones: netsh binds it by position to the
#: next free parameter (``mmsecmethods=3DES-SHA1-3 DES-MD5-2`` makes the second
#: word the description), styled like a tag so that it does not pass for more
#: of the previous value.
POSITIONAL = Name.Attribute.Positional
#: Parameter types whose value is a list of words (quote it to give several).
LIST_TYPES = ("mmsecmethods", "qmsecmethods", "bootexemptions")

PROMPT = re.compile(r"netsh(?: [A-Za-z0-9_.-]+)*>")
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
_ADDRESS = re.compile(rf"^{_IPV4}(?:-{_IPV4})?$")
_INTEGER = re.compile(r"^\d+$")
_SERVERS = {"me", "any", "dns", "wins", "dhcp", "gateway"}
_PROTOCOLS = {"any", "icmp", "tcp", "udp", "raw"}

Token = tuple[int, _TokenType, str]


def _load_spec() -> Spec | None:
    try:
        from ..spec import load

        return load()
    except Exception:
        return None


class NetshLexer(Lexer):
    """Lexer for ``netsh`` command lines (Windows Server 2003 ``netsh ipsec``).

    Options: ``context`` — the context the first line is typed in, as a
    :class:`~netshpy.spec.Context` or a path such as ``"ipsec static"``
    (default: the root ``netsh`` context).
    """

    name = "netsh"
    aliases = ["netsh"]
    filenames = ["*.netsh"]
    mimetypes = ["text/x-netsh"]
    url = "https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-contexts"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.spec = options.get("spec") or _load_spec()
        self.context = options.get("context")

    # ---- pygments API ---------------------------------------------------

    def get_tokens_unprocessed(self, text: str) -> Iterator[Token]:
        """Yield (offset, token type, text) for every character of *text*."""
        ctx = self._start_context()
        transcript = any(PROMPT.match(line) for line in text.splitlines())
        offset = 0
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            tail = line[len(body) :]
            prompt = PROMPT.match(body)
            if transcript and prompt is None:
                if body:
                    yield offset, Generic.Output, body
            else:
                start = 0
                if prompt is not None:
                    yield offset, Generic.Prompt, prompt.group()
                    start = prompt.end()
                    if self.spec is not None:
                        ctx = find_context(self.spec, prompt.group()[:-1]) or ctx
                tokens, ctx = self.line_tokens(body[start:], ctx)
                for pos, token, value in tokens:
                    yield offset + start + pos, token, value
            if tail:
                yield offset + len(body), Whitespace, tail
            offset += len(line)

    def _start_context(self) -> Context | None:
        if self.spec is None:
            return None
        if isinstance(self.context, Context):
            return self.context
        if isinstance(self.context, str):
            return find_context(self.spec, self.context) or self.spec.root
        return self.spec.root

    # ---- one line -------------------------------------------------------

    def line_tokens(self, line: str, ctx: Context | None) -> tuple[list[Token], Context | None]:
        """Tokens of one command line typed in *ctx*, and the context after it."""
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        out: list[Token] = [(0, Whitespace, line[:lead])] if lead else []
        if stripped.startswith("#"):
            return out + [(lead, Comment.Single, stripped)], ctx
        if stripped.startswith(":"):
            name = stripped.split(None, 1)[0]
            out.append((lead, EMULATOR, name))
            rest = stripped[len(name) :]
            if rest:
                out.append((lead + len(name), Text, rest))
            return out, ctx
        if self.spec is None or ctx is None:
            return [(p.start, _plain(p), p.text) for p in scan(line)], ctx
        return self._command(line, ctx)

    def _command(self, line: str, ctx: Context) -> tuple[list[Token], Context | None]:
        spec = self.spec
        assert spec is not None
        pieces = scan(line)
        items = slots(pieces)
        kinds: dict[int, _TokenType] = {}
        command: Command | None = None
        after = ctx
        n_words = 0
        # Leading bare words: context names and command words.
        for i, item in enumerate(items):
            if item.kind != "bare" or item.value is None or item.value.kind != "word":
                break
            words = meaning(spec, ctx, line[: item.end])
            word = item.value.text
            if words.kind == "dead":
                if i == 0 or word in HELP_WORDS:
                    kinds[item.start] = Keyword if word in HELP_WORDS else Error
                    n_words = i + 1
                break
            n_words = i + 1
            if words.kind == "words":
                kinds[item.start] = CONTEXT
                after = words.context
            elif words.kind == "group":
                kinds[item.start] = Keyword
            else:
                command = words.command
                kinds[item.start] = Keyword
                break
        if command is not None:
            if command.words == ("..",):
                after = ctx.parent or ctx
            self._arguments(command, items[n_words:], kinds)
        elif n_words < len(items):
            for item in items[n_words:]:
                for piece in (item.tag, item.eq, item.value):
                    if piece is not None:
                        kinds[piece.start] = Error
        tokens = [(p.start, kinds.get(p.start, _plain(p)), p.text) for p in pieces]
        changes = command is None and n_words == len(items) or command is not None
        return tokens, after if changes else ctx

    def _arguments(self, command: Command, items: list, kinds: dict[int, _TokenType]) -> None:
        if any(p.type == "text" for p in command.params):
            return
        given: dict[str, Param] = {}
        tagged_before = False
        for item in items:
            param: Param | None = None
            if item.tag is not None:
                param = command.match_tag(item.tag.text)
                kinds[item.tag.start] = Name.Attribute if param else Error
            if item.eq is not None:
                kinds[item.eq.start] = Operator if item.tag is not None else Error
            if item.kind == "bare" and item.value is not None:
                if item.value.text in HELP_WORDS:
                    kinds[item.value.start] = Keyword
                    continue
                param = next_positional(command, given, item.value.text)
                if param is None:
                    kinds[item.value.start] = Error
                    continue
                if tagged_before:
                    given[param.tag] = param
                    token = value_token(param, item.value.text)
                    kinds[item.value.start] = Error if token is Error else POSITIONAL
                    continue
            else:
                tagged_before = True
            if param is not None:
                given[param.tag] = param
                if item.value is not None:
                    kinds[item.value.start] = value_token(param, item.value.text)


def value_token(param: Param, text: str) -> _TokenType:
    """The token type of *text* given as the value of *param* (Error when netsh refuses it)."""
    token = _value_kind(param, text)
    if token is not Error and param.type not in ("string", "text", "file", "flag"):
        from ..errors import NetshError
        from ..resolve import convert
        from ..values import ValueProblem

        try:
            convert(param, unquote(text).strip())
        except (ValueProblem, NetshError, ValueError):
            return Error  # dstport=99999, an address with 300 in it, a bad method list
        except Exception:
            return token
    return token


def _value_kind(param: Param, text: str) -> _TokenType:
    if text.startswith('"'):
        return String.Double
    low = unquote(text).lower()
    kind = param.type
    if kind == "flag":
        return Keyword
    if kind == "yesno":
        return CONSTANT if low in ("yes", "no", "y", "n") else Error
    if kind == "enum":
        ok = any(c.lower().startswith(low) for c in param.choices) and low
        return CONSTANT if ok else Error
    if kind == "protocol":
        if low in _PROTOCOLS:
            return CONSTANT
        return Number.Integer if _INTEGER.match(low) else Error
    if kind in ("address", "tunnel", "mask"):
        if low in _SERVERS:
            return CONSTANT
        if _ADDRESS.match(low):
            return ADDRESS
        return Number.Integer if _INTEGER.match(low) else Name.Other  # a DNS name
    if kind in ("integer", "port"):
        return Number.Integer if _INTEGER.match(low) else Error
    if _INTEGER.match(low):
        return Number.Integer
    return String


def _plain(piece: Any) -> _TokenType:
    return {"ws": Whitespace, "eq": Operator, "string": String.Double}.get(piece.kind, Text)
