"""The Lark grammars and the table driver that runs them without Lark."""

from __future__ import annotations

import pytest
from lark import Lark

from netshpy import grammar, resources
from netshpy.resolve import split
from netshpy.values import VALUE_LANGUAGES

LINES = [
    "add filter filterlist=Filter1 192.145.168.0 192.145.168.45 srcmask=24 dstmask=32",
    'add rule name=Rule policy=Policy filterlist=Filterlist filteraction=FilterAction psk="my key"',
    "tag= value",
    "tag = value",
    "tag =value",
    'name = "quoted value with  two  blanks"',
    '"unterminated quote',
    "a==b",
    "= orphan",
    "trailing=",
    "",
    "   ",
    "show\tall",
    "rootca=\"C=US,O=MSFT,CN=\\'Microsoft North, South\\' certmap:yes\"",
]


@pytest.mark.parametrize("line", LINES)
def test_driver_matches_lark(line: str) -> None:
    text = (resources.data_dir("grammar") / "netsh.lark").read_text()
    expected = Lark(text, parser="lalr", lexer="contextual").parse(line)
    got = grammar.load("netsh", ("start",)).parse(line, "start")
    assert _shape(got) == _shape(expected)


VALUES = [
    ("mmsecmethods", "3DES-SHA1-3 DES-MD5-2 3des-md5-1"),
    ("qmsecmethods", "AH[MD5]:204800k/300s ESP[DES,SHA1]:30000k/480s"),
    ("qmsecmethods", "AH[SHA1]+ESP[3DES,None] ESP[3DES,SHA1]:3600s ESP[None,MD5]:500k"),
    (
        "rootca",
        "C=US,O=MSFT,CN=Microsoft Authenticode(tm) Root Authority certmap:yes excludecaname:no",
    ),
    ("bootexemptions", "TCP:0:80:inbound ICMP:0:0:outbound"),
    ("bootexemptions", "none"),
    ("address", "me"),
    ("address", "Any"),
    ("address", "10.1.2.3"),
    ("address", "gateway"),
    ("address", "server1.example.com"),
    ("mask", "24"),
    ("mask", "255.255.255.0"),
]


@pytest.mark.parametrize(("start", "text"), VALUES)
def test_value_languages_match_lark(start: str, text: str) -> None:
    source = (resources.data_dir("grammar") / "values.lark").read_text()
    expected = Lark(source, parser="lalr", lexer="contextual", start=list(VALUE_LANGUAGES)).parse(
        text, start=start
    )
    got = grammar.load("values", VALUE_LANGUAGES).parse(text, start)
    assert _shape(got) == _shape(expected)


@pytest.mark.parametrize(
    ("start", "text"),
    [
        ("mmsecmethods", "AES-SHA1-2"),
        ("mmsecmethods", "3DES-SHA1"),
        ("qmsecmethods", "ESP[3DES]"),
        ("qmsecmethods", "ESP[3DES,SHA1]:fast"),
        ("bootexemptions", "TCP:0:80:sideways"),
        ("address", "10.0.0.1/24"),
        ("mask", "/24"),
    ],
)
def test_value_languages_reject(start: str, text: str) -> None:
    with pytest.raises(grammar.GrammarError):
        grammar.load("values", VALUE_LANGUAGES).parse(text, start)


def test_compiled_tables_are_cached_and_reused(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(tmp_path))
    grammar.load.cache_clear()
    grammar.load("netsh", ("start",))
    files = list(tmp_path.glob("grammar-netsh-*.json"))
    assert len(files) == 1
    grammar.load.cache_clear()
    assert grammar.load("netsh", ("start",)).parse("a b=c", "start").children


def test_a_corrupt_cache_is_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(tmp_path))
    grammar.load.cache_clear()
    grammar.load("netsh", ("start",))
    for f in tmp_path.glob("grammar-netsh-*.json"):
        f.write_text("{not json")
    grammar.load.cache_clear()
    assert grammar.load("netsh", ("start",)).parse("a", "start").children


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("a b=c", [("bare", None, "a"), ("tagged", "b", "c")]),
        ("tag = value", [("tagged", "tag", "value")]),
        ("tag= value", [("tagged", "tag", "value")]),
        ('name="x y"', [("tagged", "name", "x y")]),
        ('"x y"', [("bare", None, "x y")]),
        ("t=", [("tagged", "t", None)]),
        ('"open', [("bare", None, "open")]),
    ],
)
def test_split_items(line: str, items: list[tuple]) -> None:
    assert [(i.kind, i.tag, i.value) for i in split(line)] == items


def _shape(node):
    if hasattr(node, "children"):
        return (str(node.data), [_shape(c) for c in node.children])
    return (str(node.type), str(node))


def test_parse_work_is_linear_in_line_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long line does not re-copy its item list on every reduction (issue 12).

    ``item*`` is a left-recursive repetition: the driver used to copy the
    growing list at each item, so a line of n items copied n²/2 elements
    (an 80,000-character line of ``=`` took seconds). Count the elements of
    every fresh child list the driver builds: it must stay linear.
    """
    seen: dict[int, list[object]] = {}
    copied = 0

    class CountingTree(grammar.Tree):
        def __init__(self, data: str, children: list[object] | None = None) -> None:
            nonlocal copied
            children = [] if children is None else children
            if id(children) not in seen:
                seen[id(children)] = children  # keep it alive: ids stay unique
                copied += len(children)
            super().__init__(data, children)

    monkeypatch.setattr(grammar, "Tree", CountingTree)
    n = 4000
    tree = grammar.load("netsh", ("start",))._parse_tables("=" * n, "start")
    assert len(tree.children) == n
    assert copied <= 4 * n
