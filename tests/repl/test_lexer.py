"""The netsh Pygments lexer: token classes, context tracking, totality."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.token import Comment, Error, Generic, Keyword, Name, Number, Operator, String

from netshpy.repl.lexer import ADDRESS, CONSTANT, CONTEXT, EMULATOR, NetshLexer


def tokens(text: str, **options) -> list[tuple[object, str]]:
    lexer = NetshLexer(**options)
    return [(t, v) for _, t, v in lexer.get_tokens_unprocessed(text) if v.strip()]


FULL_LINE = 'ipsec static add filter filterlist="My list" srcaddr=me dstaddr=10.1.2.3'
FULL_TOKENS = [
    (CONTEXT, "ipsec"),
    (CONTEXT, "static"),
    (Keyword, "add"),
    (Keyword, "filter"),
    (Name.Attribute, "filterlist"),
    (Operator, "="),
    (String.Double, '"My list"'),
    (Name.Attribute, "srcaddr"),
    (Operator, "="),
    (CONSTANT, "me"),
    (Name.Attribute, "dstaddr"),
    (Operator, "="),
    (ADDRESS, "10.1.2.3"),
]


def test_command_line_tokens() -> None:
    assert tokens(FULL_LINE) == FULL_TOKENS
    assert tokens("ipsec static") == [(CONTEXT, "ipsec"), (CONTEXT, "static")]
    assert tokens("ipsec st") == [(CONTEXT, "ipsec"), (CONTEXT, "st")]
    assert tokens("exit now") == [(Keyword, "exit"), (Error, "now")]
    assert tokens("# a comment") == [(Comment.Single, "# a comment")]
    assert tokens("bogus") == [(Error, "bogus")]


@pytest.mark.parametrize(
    ("line", "value", "token"),
    [
        ("add filter mirrored=yes", "yes", CONSTANT),
        ("add filter mirrored=maybe", "maybe", Error),
        ("add filter protocol=TCP", "TCP", CONSTANT),
        ("add filter protocol=6", "6", Number.Integer),
        ("add filter protocol=tcpx", "tcpx", Error),
        ("add filter srcport=80", "80", Number.Integer),
        ("add filter srcport=http", "http", Error),
        ("add filter srcmask=255.255.255.0", "255.255.255.0", ADDRESS),
        ("add filter srcaddr=DHCP", "DHCP", CONSTANT),
        # an address range is Vista+ syntax: Server 2003 refuses it
        ("add filter srcaddr=10.0.0.1-10.0.0.9", "10.0.0.1-10.0.0.9", Error),
        # values netsh refuses are marked, whatever their shape
        ("add filter dstport=99999", "99999", Error),
        ("add filter srcaddr=10.0.0.300", "10.0.0.300", Error),
        ("add filter srcmask=33", "33", Error),
        ("add filter srcaddr=host.example.com", "host.example.com", Name.Other),
        ("add filteraction name=a action=bl", "bl", CONSTANT),
        ("add filteraction name=a action=drop", "drop", Error),
        ("add filter description=Plain", "Plain", String),
        ('add filter description="two words"', '"two words"', String.Double),
        ("add filter nosuch=1", "nosuch", Error),
        ("add filter mirr=yes", "mirr", Name.Attribute),
        ("add filter ?", "?", Keyword),
        ("show policy all", "all", Keyword),
    ],
)
def test_value_tokens(line: str, value: str, token) -> None:
    got = dict((v, t) for t, v in tokens(line, context="ipsec static"))
    assert got[value] == token, tokens(line, context="ipsec static")


def test_context_is_followed_from_line_to_line() -> None:
    script = "ipsec static\nadd policy name=x\n..\nshow mode\nstatic\nshow all\n"
    got = tokens(script)
    assert (Keyword, "policy") in got
    assert got.count((Error, "policy")) == 0
    assert (Keyword, "all") in got


def test_transcript_prompts_and_output() -> None:
    text = "netsh ipsec static>add policy name=x\nOk.\n\nnetsh ipsec static>show all\n"
    got = tokens(text)
    assert got[0] == (Generic.Prompt, "netsh ipsec static>")
    assert (Keyword, "policy") in got
    assert (Generic.Output, "Ok.") in got
    assert got[-3] == (Generic.Prompt, "netsh ipsec static>")


def test_emulator_lines() -> None:
    got = tokens(":tree Server")
    assert got[0] == (EMULATOR, ":tree")


def test_entry_point_names_the_lexer() -> None:
    data = tomllib.loads(Path("pyproject.toml").read_text())
    target = data["project"]["entry-points"]["pygments.lexers"]["netsh"]
    module, _, name = target.partition(":")
    cls = getattr(importlib.import_module(module), name)
    assert cls is NetshLexer
    assert cls.name == "netsh" and cls.aliases == ["netsh"] and cls.filenames == ["*.netsh"]


def test_works_through_pygments_highlight() -> None:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    html = highlight("ipsec static add policy name=x\n", NetshLexer(), HtmlFormatter())
    assert 'class="nn"' in html and 'class="k"' in html and 'class="na"' in html


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list('ab =":?#\n\t\u00a0\x1c.-1>') + ["netsh>", "ipsec", "static", "add", "filter"]
        )
    ).map("".join)
)
def test_tokens_cover_every_character(text: str) -> None:
    lexer = NetshLexer()
    pieces = list(lexer.get_tokens_unprocessed(text))
    assert "".join(v for _, _, v in pieces) == text
    pos = 0
    for offset, _, value in pieces:
        assert offset == pos
        pos += len(value)


def test_a_tag_prefix_shared_by_several_tags_is_the_first_in_order() -> None:
    toks = tokens("ipsec static add rule name=R policy=P filter=L filteraction=A")
    assert (Name.Attribute, "filter") in toks
    assert (Error, "filter") not in toks


def test_a_second_unquoted_method_is_marked_as_what_it_binds_to() -> None:
    """netsh takes ``mmsecmethods=3DES-SHA1-3 DES-MD5-2`` as a description: say so."""
    from netshpy.repl.lexer import POSITIONAL

    line = "ipsec static add policy name=P mmsecmethods=3DES-SHA1-3 DES-MD5-2"
    tokens = {v: t for _, t, v in NetshLexer().get_tokens_unprocessed(line)}
    assert tokens["DES-MD5-2"] is POSITIONAL
    quoted = 'ipsec static add policy name=P mmsecmethods="3DES-SHA1-3 DES-MD5-2"'
    tokens = {v: t for _, t, v in NetshLexer().get_tokens_unprocessed(quoted)}
    assert POSITIONAL not in tokens.values()
