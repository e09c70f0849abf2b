"""Parse with the Lark grammars in ``grammar/`` without importing Lark.

The grammars are compiled by Lark (LALR, contextual lexer) into plain tables:
terminal patterns in Lark's lexing order, the LALR parse table and the rule
shapes. The tables are cached as JSON (see :mod:`netshpy.cache`), so only a
cold cache imports Lark; the small driver below runs them. Trees follow
Lark's conventions: ``_rule`` and generated rules are inlined, ``_TERMINAL``
and anonymous string tokens are filtered out, ``-> alias`` names the node.
"""

from __future__ import annotations

import re
from functools import cache

from .cache import cached, source_key
from .records import dataclass, field
from .resources import data_dir

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

SHIFT, REDUCE = 0, 1


class Token(str):
    """A matched terminal: the text, with its terminal name in ``type``."""

    type: str
    pos: int

    def __new__(cls, type_: str, value: str, pos: int) -> Token:
        self = super().__new__(cls, value)
        self.type = type_
        self.pos = pos
        return self


@dataclass
class Tree:
    """A parse-tree node: rule (or alias) name and children."""

    data: str
    children: list[Any] = field(default_factory=list)

    def find(self, name: str) -> list[Tree]:
        """All descendant nodes (and self) called *name*, in order."""
        found = [self] if self.data == name else []
        for child in self.children:
            if isinstance(child, Tree):
                found.extend(child.find(name))
        return found


class GrammarError(ValueError):
    """The text does not belong to the language."""

    def __init__(self, text: str, pos: int, expected: list[str]) -> None:
        super().__init__(f"unexpected input at {pos} in {text!r}; expected {', '.join(expected)}")
        self.text = text
        self.pos = pos
        self.expected = expected


def _compile(grammar_text: str, starts: list[str]) -> dict[str, Any]:
    """Compile a Lark grammar into JSON-able tables (imports Lark)."""
    from lark import Lark

    parser = Lark(grammar_text, parser="lalr", lexer="contextual", start=starts)
    terms = sorted(
        parser.terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    table = parser.parser.parser.parser.parse_table
    rules: dict[int, Any] = {}
    rule_ids: dict[Any, int] = {}
    states: dict[str, dict[str, list[int]]] = {}
    for state, actions in table.states.items():
        row: dict[str, list[int]] = {}
        for symbol, (action, arg) in actions.items():
            if action.name == "Shift":
                row[symbol] = [SHIFT, arg]
            else:
                if arg not in rule_ids:
                    rule_ids[arg] = len(rule_ids)
                    keep = [
                        not (s.is_term and (s.filter_out or s.name.startswith("_")))
                        for s in arg.expansion
                    ]
                    inline = [(not s.is_term) and s.name.startswith("_") for s in arg.expansion]
                    rules[rule_ids[arg]] = [
                        str(arg.alias or arg.origin.name),
                        len(arg.expansion),
                        keep,
                        inline,
                        bool(arg.options.expand1),
                        str(arg.origin.name),
                    ]
                row[symbol] = [REDUCE, rule_ids[arg]]
        states[str(state)] = row
    return {
        "terminals": [[t.name, t.pattern.to_regexp()] for t in terms],
        "ignore": list(parser.ignore_tokens),
        "rules": [rules[i] for i in range(len(rules))],
        "states": states,
        "start": table.start_states,
        "end": table.end_states,
    }


class Grammar:
    """A compiled grammar with one or more start symbols."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._patterns = {name: re.compile(rx) for name, rx in tables["terminals"]}
        self._order = [name for name, _ in tables["terminals"]]
        self._ignore = [self._patterns[n] for n in tables["ignore"]]
        self._rules = tables["rules"]
        self._states = {int(k): v for k, v in tables["states"].items()}
        self._start = tables["start"]
        self._end = tables["end"]
        self._allowed: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
        self._lexers: dict[int, tuple[re.Pattern[str] | None, dict[str, str]]] = {}
        self._global: Any = None  # whole-text lexer: None = not decided, False = none
        self._templates: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._origins = [rule[5] for rule in self._rules]
        # Per rule: name, size, (child index, splice) of the kept children, expand1.
        self._plans = [
            (
                name,
                size,
                [(i, sp) for i, (k, sp) in enumerate(zip(keep, inline, strict=True)) if k],
                expand1,
            )
            for name, size, keep, inline, expand1, _origin in self._rules
        ]

    def _terminals_for(self, state: int) -> list[tuple[str, re.Pattern[str]]]:
        allowed = self._allowed.get(state)
        if allowed is None:
            row = self._states[state]
            allowed = [(n, self._patterns[n]) for n in self._order if n in row]
            self._allowed[state] = allowed
        return allowed

    def _lexer_for(self, state: int) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """One alternation of the state's terminals, in lexing order (None if unsafe).

        Alternation takes the first terminal that matches, like the loop in
        :meth:`parse`; patterns with groups of their own keep the loop.
        """
        lexer = self._lexers.get(state)
        if lexer is None:
            allowed = self._terminals_for(state)
            combined = None
            if allowed and not any(p.groups for _, p in allowed):
                try:
                    combined = re.compile(
                        "|".join(f"(?P<t{i}>{p.pattern})" for i, (_, p) in enumerate(allowed))
                    )
                except re.error:
                    combined = None
            lexer = (combined, {f"t{i}": name for i, (name, _) in enumerate(allowed)})
            self._lexers[state] = lexer
        return lexer

    def parse(self, text: str, start: str) -> Tree:
        """Parse *text* from *start*; raise :class:`GrammarError` if it does not fit.

        When every parser state lexes with the same terminals (the netsh command
        line does), the text is lexed up front and the tree built from a template
        cached per sequence of token types: the LALR actions depend on nothing
        else. Otherwise, and for every new shape, the tables run.
        """
        lexer = self._whole_text_lexer()
        if lexer is None:
            return self._parse_tables(text, start)
        tokens = self._lex_all(lexer, text)
        if tokens is None:
            return self._parse_tables(text, start)  # the tables report the error
        key = (start, tuple(t.type for t in tokens))
        template = self._templates.get(key)
        if template is not None:
            return _instantiate(template, tokens)
        tree = self._parse_tables(text, start)
        if len(self._templates) < _MAX_TEMPLATES:
            index = {(t.pos, t.type): i for i, t in enumerate(tokens)}
            try:
                self._templates[key] = _template(tree, index)
            except KeyError:  # the tables lexed differently: never take the shortcut
                pass
        return tree

    def _whole_text_lexer(self) -> tuple[re.Pattern[str], dict[str, str]] | None:
        """One alternation of all terminals, if no state lexes differently (else None)."""
        if self._global is None:
            lists = {
                tuple(name for name, _ in self._terminals_for(state)) for state in self._states
            }
            lists.discard(())
            self._global = False
            if len(lists) == 1:
                (names,) = lists
                patterns = [self._patterns[n] for n in names]
                if not any(p.groups for p in patterns):
                    combined = re.compile(
                        "|".join(f"(?P<t{i}>{p.pattern})" for i, p in enumerate(patterns))
                    )
                    self._global = (combined, {f"t{i}": n for i, n in enumerate(names)})
        return self._global or None

    def _lex_all(
        self, lexer: tuple[re.Pattern[str], dict[str, str]], text: str
    ) -> list[Token] | None:
        combined, names = lexer
        tokens: list[Token] = []
        pos, size = self._skip_ignored(text, 0), len(text)
        while pos < size:
            match = combined.match(text, pos)
            if match is None or match.end() == pos:
                return None
            tokens.append(Token(names[match.lastgroup], match.group(), pos))  # type: ignore[index]
            pos = self._skip_ignored(text, match.end())
        return tokens

    def _parse_tables(self, text: str, start: str) -> Tree:
        """Run the LALR tables with the contextual lexer."""
        states = [self._start[start]]
        values: list[Any] = []
        end_state = self._end[start]
        pos, size = 0, len(text)
        table, lexers, origins, reduce = self._states, self._lexers, self._origins, self._reduce
        blank = self._ignore[0] if len(self._ignore) == 1 else None
        while True:
            if blank is None:
                pos = self._skip_ignored(text, pos)
            else:  # inlined _skip_ignored for the usual single blank pattern
                while pos < size:
                    match = blank.match(text, pos)
                    if not match or match.end() == pos:
                        break
                    pos = match.end()
            state = states[-1]
            token: Token | None = None
            if pos < size:
                combined, names = lexers.get(state) or self._lexer_for(state)
                match = combined.match(text, pos) if combined is not None else None
                if match is not None and match.end() > pos:
                    token = Token(names[match.lastgroup], match.group(), pos)  # type: ignore[index]
                else:  # no terminal, or the first one matched empty: the plain loop decides
                    for name, pattern in self._terminals_for(state):
                        match = pattern.match(text, pos)
                        if match and match.end() > pos:
                            token = Token(name, match.group(), pos)
                            break
                if token is None:
                    raise GrammarError(text, pos, self._expected(state))
                symbol = token.type
            else:
                symbol = "$END"
            while True:
                action = table[states[-1]].get(symbol)
                if action is None:
                    raise GrammarError(text, pos, self._expected(states[-1]))
                if action[0] == SHIFT:
                    states.append(action[1])
                    values.append(token)
                    break
                node = reduce(action[1], states, values)
                goto = table[states[-1]][origins[action[1]]][1]
                states.append(goto)
                values.append(node)
                if goto == end_state:
                    return node
            pos = token.pos + len(token) if token is not None else pos

    def _skip_ignored(self, text: str, pos: int) -> int:
        if len(self._ignore) == 1:  # the common case: one blank pattern
            pattern = self._ignore[0]
            while pos < len(text):
                match = pattern.match(text, pos)
                if not match or match.end() == pos:
                    break
                pos = match.end()
            return pos
        moved = True
        while moved and pos < len(text):
            moved = False
            for pattern in self._ignore:
                match = pattern.match(text, pos)
                if match and match.end() > pos:
                    pos, moved = match.end(), True
        return pos

    def _reduce(self, rule_id: int, states: list[int], values: list[Any]) -> Any:
        name, size, plan, expand1 = self._plans[rule_id]
        children = values[len(values) - size :] if size else []
        if size:
            del values[-size:]
            del states[-size:]
        kept: list[Any] = []
        for index, splice in plan:
            child = children[index]
            if splice and isinstance(child, Tree):
                if kept:
                    kept.extend(child.children)
                else:
                    # An inlined node is consumed here and referenced nowhere else:
                    # take over its list instead of copying it, so that a left-
                    # recursive repetition (``item*``) grows one list in place and
                    # a line parses in time linear in its length, not quadratic.
                    kept = child.children
            else:
                kept.append(child)
        if expand1 and len(kept) == 1:
            return kept[0]
        return Tree(name, kept)

    def _expected(self, state: int) -> list[str]:
        return sorted(s for s in self._states[state] if s.isupper() or s == "$END")


_MAX_TEMPLATES = 4096


def _template(node: Any, index: dict[tuple[int, str], int]) -> Any:
    """The shape of a tree: tokens replaced by their position in the token list."""
    if isinstance(node, Tree):
        return (node.data, [_template(c, index) for c in node.children])
    return index[(node.pos, node.type)]


def _instantiate(template: Any, tokens: list[Token]) -> Any:
    """A tree of *template*'s shape over *tokens*."""
    if isinstance(template, int):
        return tokens[template]
    data, children = template
    return Tree(data, [_instantiate(c, tokens) for c in children])


@cache
def load(name: str, starts: tuple[str, ...]) -> Grammar:
    """Load ``grammar/<name>.lark`` compiled for *starts* (cached on disk)."""
    path = data_dir("grammar") / f"{name}.lark"
    text = path.read_text(encoding="utf-8")
    key = source_key([path], ",".join(starts))
    return cached(f"grammar-{name}", key, lambda: _compile(text, list(starts)), Grammar)
