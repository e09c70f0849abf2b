"""The transcript format: prompts, header, markers, escaping, line ends, keys."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netshpy.transcript.format import (
    DEFAULT_PSK,
    TranscriptError,
    escape_line,
    mask_input,
    mask_output,
    parse,
    parse_expect,
    split_prompt,
    unmask_input,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("netsh>show mode", ("netsh>", "", "show mode")),
        ("netsh> show mode", ("netsh>", " ", "show mode")),
        ("netsh>  show mode", ("netsh>", " ", " show mode")),
        ("netsh>", ("netsh>", "", "")),
        ("netsh ipsec static>show all", ("netsh ipsec static>", "", "show all")),
        ("netsh ipsec dynamic>", ("netsh ipsec dynamic>", "", "")),
        ("C:\\>netsh", ("C:\\>", "", "netsh")),
        ("C:\\> hostname", ("C:\\>", " ", "hostname")),
        (
            'C:\\Documents and Settings\\Administrator>netsh -c "ipsec static"',
            ("C:\\Documents and Settings\\Administrator>", "", 'netsh -c "ipsec static"'),
        ),
        ("d:\\scripts>echo a>b", ("d:\\scripts>", "", "echo a>b")),
    ],
)
def test_prompt_lines_are_input(line, expected):
    assert split_prompt(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Usage: netsh [-a AliasFile] [-c Context] [-r RemoteMachine] ",
        "netsh -> nothing",
        " netsh>indented is output",
        "The following command was not found: foo.",
        "netshx>",
        "C:>no backslash",
        "",
        "#| comment",
        "dynamic        - Changes to the `netsh ipsec dynamic' context.",
    ],
)
def test_other_lines_are_output(line):
    assert split_prompt(line) is None


def test_parse_splits_preamble_steps_and_bodies():
    text = (
        "# what this teaches\n"
        "#! computer-name: SRV01\n"
        "\n"
        "netsh>show mode\n"
        "online\n"
        "netsh>ipsec\n"
        "netsh ipsec>\n"
    )
    t = parse(text)
    assert t.preamble == ["# what this teaches", "#! computer-name: SRV01", ""]
    assert t.header.computer_name == "SRV01"
    assert [(s.lineno, s.prompt, s.text) for s in t.steps] == [
        (4, "netsh>", "show mode"),
        (6, "netsh>", "ipsec"),
        (7, "netsh ipsec>", ""),
    ]
    assert [e.raw for e in t.steps[0].body] == ["online"]
    assert t.render() == text


def test_header_keys():
    t = parse(
        "#! computer-name: WEB-01\n#! domain: contoso.com\n#! os: Windows Server 2003 SP1\n"
        "#! clock: 2006-07-01T08:30:00\n#! psk: s3cret-key\nnetsh>\n"
    )
    h = t.header
    assert (h.computer_name, h.domain, h.os, h.psk) == (
        "WEB-01",
        "contoso.com",
        "Windows Server 2003 SP1",
        "s3cret-key",
    )
    assert h.clock == datetime(2006, 7, 1, 8, 30)
    assert t.psk == "s3cret-key"
    assert parse("netsh>\n").psk == DEFAULT_PSK


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#! colour: blue", "unknown header"),
        ("#! computer-name", "unknown header"),
        ("#! computer-name:", "needs a value"),
        ("#! computer-name: has space", "not a valid computer name"),
        ("#! os: Windows Vista", "not: Windows Vista"),
        ("#! clock: yesterday", "not an ISO date"),
        ("#! psk: ab", "at least 4"),
        ("#! psk: ***", "at least 4"),
    ],
)
def test_bad_header_lines_name_their_line(line, message):
    with pytest.raises(TranscriptError) as info:
        parse(f"#| first\n{line}\nnetsh>\n", "x.txt")
    assert info.value.lineno == 2
    assert message in str(info.value)
    assert str(info.value).startswith("x.txt:2: ")


def test_header_lines_after_the_first_prompt_are_output():
    t = parse("netsh>dump\n#! not a header\n")
    assert t.steps[0].body[0].kind == "literal"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("plain text", "literal"),
        ("  indented  ", "literal"),
        ("#| a comment", "comment"),
        ("...", "elide"),
        (".... ", "literal"),
        (" ...", "literal"),
        ("Version \\d+ (re)", "regex"),
        ("GUID *(glob)", "literal"),
        ("GUID * (glob)", "regex"),
        ("Store <[[COMPUTER]]>", "regex"),
        ("unknown [[THING]] stays literal", "literal"),
        ("[[guid]] lower case is literal", "literal"),
    ],
)
def test_expect_kinds(raw, kind):
    assert parse_expect(1, raw).kind == kind


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        ("GUID : [[GUID]]", "GUID : {00000000-0000-0000-0000-00000000000A}", "GUID : {1234}"),
        ("id [[GUID]]", "id 6b29fc40-ca47-1067-b31d-00dd010662da", "id 6b29fc40"),
        ("Last Modified : [[DATE]]", "Last Modified : 3/1/2005", "Last Modified : March"),
        ("at [[TIME]]", "at 10:00:00 AM", "at ten"),
        ("at [[TIME]]", "at 22:15", "at 22"),
        ("[[DATETIME]]", "3/1/2005 10:00:01 AM", "3/1/2005"),
        ("Local Store <[[COMPUTER]]>", "Local Store <SRV-01>", "Local Store <>"),
        ("Domain [[DOMAIN]]", "Domain corp.contoso.com", "Domain  "),
        ("Source [[IP]]", "Source 192.168.0.1", "Source me"),
        ("Count: [[NUMBER]]", "Count: -12", "Count: 1a"),
        ("SPI [[HEX]]", "SPI 0x1f2E", "SPI zz"),
        ("[[WORD]] rules", "three rules", "three  rules"),
        ("Rule [[ANY]] end", "Rule anything at all end", "Rule x"),
        ("a.b (re)", "axb", "ab"),
        ("x[0-9]+ (re)", "x42", "x42 "),
        ("Name * end (glob)", "Name long name end", "Name end"),
        ("Q\\* ? (glob)", "Q* a", "Qx a"),
        ("trailing space ", "trailing space ", "trailing space"),
        ("tab\there", "tab\there", "tab    here"),
    ],
)
def test_markers_match_whole_lines(pattern, good, bad):
    expect = parse_expect(1, pattern)
    assert expect.matches(good)
    assert not expect.matches(bad)


def test_placeholder_text_around_is_literal():
    expect = parse_expect(1, "a.b [[NUMBER]] (x)")
    assert expect.matches("a.b 7 (x)")
    assert not expect.matches("aXb 7 (x)")


def test_bad_regex_names_its_line():
    with pytest.raises(TranscriptError) as info:
        parse("netsh>show mode\nonline(( (re)\n", "t.txt")
    assert info.value.lineno == 2
    assert "regular expression" in info.value.message


@pytest.mark.parametrize(
    "line",
    [
        "netsh>looks like a prompt",
        "C:\\>echo",
        "#| not a comment",
        "...",
        "ends like a regex (re)",
        "ends like a glob (glob)",
        "has a [[GUID]] token",
        "]odd [first",
        "\\back",
        "-dash",
        "^caret",
        "[[ANY]]",
        "plain",
    ],
)
def test_escaped_lines_read_back_as_themselves(line):
    written = escape_line(line)
    assert split_prompt(written) is None
    expect = parse_expect(1, written)
    assert expect.matches(line)
    assert expect.kind in ("literal", "regex")
    if expect.kind == "regex":
        assert not expect.matches(line + "x")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")))
def test_escape_round_trip_property(line):
    written = escape_line(line)
    assert split_prompt(written) is None
    assert parse_expect(1, written).matches(line)


def test_crlf_is_accepted_and_kept():
    text = "#| crlf\r\nnetsh>show mode\r\nonline\r\n"
    t = parse(text)
    assert t.crlf
    assert t.steps[0].body[0].raw == "online"
    assert t.render() == text


def test_missing_final_newline_is_kept():
    text = "netsh>show mode\nonline"
    t = parse(text)
    assert not t.final_newline
    assert t.render() == text


@given(
    st.lists(st.sampled_from(["netsh>show mode", "online", "", "#| c", "...", "C:\\>x", "a (re)"]))
)
def test_render_round_trips(lines):
    text = "\n".join(lines) + "\n" if lines else ""
    assert parse(text).render() == text


def test_bom_is_ignored():
    assert parse("\ufeffnetsh>show mode\nonline\n").steps[0].prompt == "netsh>"


@pytest.mark.parametrize(
    ("typed", "key", "expected"),
    [
        ("add rule psk=*** name=r", "k3y-one", "add rule psk=k3y-one name=r"),
        ('add rule psk="***"', "k3y one", 'add rule psk="k3y one"'),
        ("add rule psk=***", "k3y one", 'add rule psk="k3y one"'),
        ("add rule PSK = ***", "abcd", "add rule PSK = abcd"),
        ("add rule psk=real", "abcd", "add rule psk=real"),
        ("add rule name=*** ", "abcd", "add rule name=*** "),
    ],
)
def test_unmask_input(typed, key, expected):
    assert unmask_input(typed, key) == expected


def test_mask_input_and_output():
    masked, keys = mask_input('set rule psk="my key" kerberos=no psk=other1')
    assert masked == 'set rule psk="***" kerberos=no psk=***'
    assert keys == ["my key", "other1"]
    assert mask_output("key: my key / other1", keys) == "key: *** / ***"
    assert mask_output("short abc stays", ["abc"]) == "short abc stays"
