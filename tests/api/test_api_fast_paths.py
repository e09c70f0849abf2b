"""The hot-path optimisations change nothing: fast parse == plain loop, caches are exact."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from netshpy import grammar, resolve
from netshpy.values import VALUE_LANGUAGES


class _PlainLoop(grammar.Grammar):
    """The same tables lexed by the original terminal-by-terminal loop."""

    def _lexer_for(self, state: int) -> tuple[None, dict[str, str]]:
        return None, {}

    def _whole_text_lexer(self) -> None:  # no templates: every line runs the tables
        return None


def _outcome(g: grammar.Grammar, text: str, start: str) -> Any:
    try:
        return ("tree", _shape(g.parse(text, start)))
    except grammar.GrammarError as exc:
        return ("error", exc.pos, exc.expected)


def _shape(node: Any) -> Any:
    if isinstance(node, grammar.Tree):
        return (node.data, [_shape(c) for c in node.children])
    return (node.type, str(node), node.pos)


def _pair(name: str, starts: tuple[str, ...]) -> tuple[grammar.Grammar, grammar.Grammar]:
    fast = grammar.load(name, starts)
    plain = _PlainLoop.__new__(_PlainLoop)
    plain.__dict__.update(fast.__dict__)
    plain._lexers = {}
    plain._templates = {}
    return fast, plain


def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=12).map("".join)


NETSH_TEXT = _joined(list('ab =" \t\u00a0x1') + ["ipsec", "tag="])
VALUE_TEXT = _joined(list("0123456789.:-,/ *+") + ["DES", "SHA1", "MD5", "ESP[", "]", "AH["])


@settings(max_examples=300, deadline=None)
@given(NETSH_TEXT)
def test_netsh_line_fast_lexer_matches_plain_loop(text: str) -> None:
    fast, plain = _pair("netsh", ("start",))
    assert _outcome(fast, text, "start") == _outcome(plain, text, "start")
    # a second parse of the same shape comes from the cached template
    assert _outcome(fast, text, "start") == _outcome(plain, text, "start")


def test_netsh_lines_use_shape_templates() -> None:
    fast = grammar.load("netsh", ("start",))
    fast.parse("add filter a=b c", "start")
    tree = fast.parse("set rule x=yy zz", "start")  # same shape, other words
    assert _shape(tree) == (
        "start",
        [
            ("bare", [("word", [("WORD", "set", 0)])]),
            ("bare", [("word", [("WORD", "rule", 4)])]),
            ("tagged", [("WORD", "x", 9), ("word", [("WORD", "yy", 11)])]),
            ("bare", [("word", [("WORD", "zz", 14)])]),
        ],
    )
    assert ("start", ("WORD", "WORD", "WORD", "_EQ", "WORD", "WORD")) in fast._templates


@settings(max_examples=300, deadline=None)
@given(VALUE_TEXT, st.sampled_from(VALUE_LANGUAGES))
def test_value_languages_fast_lexer_matches_plain_loop(text: str, start: str) -> None:
    fast, plain = _pair("values", VALUE_LANGUAGES)
    assert _outcome(fast, text, start) == _outcome(plain, text, start)


def test_split_cache_returns_fresh_lists() -> None:
    first = resolve.split('add filter srcaddr=me "x y"')
    first.clear()
    assert len(resolve.split('add filter srcaddr=me "x y"')) == 4


def test_name_tables_follow_context_changes() -> None:
    from netshpy.spec import Context, load

    root = load().root
    ctx = Context(("x",), "test", "root")
    assert resolve._own_names(ctx) == {}
    ctx.children["y"] = Context(("x", "y"), "child", "root", parent=ctx)
    assert resolve._own_names(ctx) == {"y": "context"}
    assert resolve._own_names(root) is resolve._own_names(root)
