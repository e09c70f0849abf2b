"""Abbreviation, ambiguity, inheritance and argument binding, table-driven."""

from __future__ import annotations

import pytest

from netshpy import messages, spec
from netshpy.errors import NetshError
from netshpy.resolve import bind, resolve, split

SPEC = spec.load()
CTX = {
    "": SPEC.root,
    "ipsec": SPEC.contexts[("ipsec",)],
    "static": SPEC.contexts[("ipsec", "static")],
    "dynamic": SPEC.contexts[("ipsec", "dynamic")],
}


def target_of(where: str, line: str) -> str:
    try:
        t = resolve(SPEC, CTX[where], split(line), line)
    except NetshError as err:
        return "ERROR " + err.text
    if t.kind == "command":
        return ("help " if t.help else "") + t.command.full_name + " @" + " ".join(t.context.path)
    if t.kind == "group":
        return f"group {t.group} @" + " ".join(t.context.path)
    return "context " + " ".join(t.context.path)


RESOLUTION = [
    # where, line, expected
    ("", "ipsec static", "context ipsec static"),
    ("", "IPSEC STATIC", "context ipsec static"),
    ("", "i s", "context ipsec static"),
    ("", "i dy", "context ipsec dynamic"),
    ("", "i d", "ERROR The following command was not found: i d."),
    ("", "ipsec", "context ipsec"),
    ("static", "sh all", "ipsec static show all @ipsec static"),
    ("static", "show all", "ipsec static show all @ipsec static"),
    ("static", "sho filterl", "ipsec static show filterlist @ipsec static"),
    ("static", "s all", "ERROR The following command was not found: s all."),
    ("static", "show f", "ERROR The following command was not found: show f."),
    ("static", "show filtera", "ipsec static show filteraction @ipsec static"),
    ("static", "d", "ERROR The following command was not found: d."),
    ("static", "del all", "ipsec static delete all @ipsec static"),
    ("static", "dum", "ipsec static dump @ipsec static"),
    ("static", "show", "group show @ipsec static"),
    ("static", "show ?", "group show @ipsec static"),
    ("static", "add filter ?", "help ipsec static add filter @ipsec static"),
    ("static", "add filter /?", "help ipsec static add filter @ipsec static"),
    ("static", "add filter -?", "help ipsec static add filter @ipsec static"),
    ("static", "add filter help", "help ipsec static add filter @ipsec static"),
    # Inherited root commands.
    ("static", "show mode", "show mode @ipsec static"),
    ("static", "exit", "exit @ipsec static"),
    ("static", "?", "? @ipsec static"),
    ("static", "help", "help @ipsec static"),
    ("static", "..", ".. @ipsec static"),
    ("dynamic", "pushd", "pushd @ipsec dynamic"),
    ("dynamic", "set mode offline", "set mode @ipsec dynamic"),
    ("dynamic", "set config ikelogging 1", "ipsec dynamic set config @ipsec dynamic"),
    # Full paths from anywhere.
    ("", "ipsec static show all", "ipsec static show all @ipsec static"),
    ("static", "ipsec dynamic show all", "ipsec dynamic show all @ipsec dynamic"),
    ("dynamic", "static", "context ipsec static"),
    ("ipsec", "static add policy x", "ipsec static add policy @ipsec static"),
    ("", "ipsec static ?", "? @ipsec static"),
    ("", "ipsec dump", "ipsec dump @ipsec"),
    ("static", "dump", "ipsec static dump @ipsec static"),
    # Not found, quotes stripped.
    ("", 'bogus "x y"', "ERROR The following command was not found: bogus x y."),
    ("", "dhcp show server", "ERROR The following command was not found: dhcp show server."),
    ("", '"ipsec"', "ERROR The following command was not found: ipsec."),
]


@pytest.mark.parametrize(("where", "line", "expected"), RESOLUTION)
def test_resolution(where: str, line: str, expected: str) -> None:
    assert target_of(where, line) == expected


def bound(line: str, where: str = "static") -> dict | str:
    t = resolve(SPEC, CTX[where], split(line), line)
    try:
        return dict(bind(t.command, t.args, line))
    except NetshError as err:
        return err.text


MISSING = messages.MISSING_PARAMETERS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("add filterlist Filter1", {"name": "Filter1"}),
        ("add filterlist name=Filter1 desc=d", {"name": "Filter1", "description": "d"}),
        ("add filterlist NAME = Filter1", {"name": "Filter1"}),
        ("add filterlist name= Filter1", {"name": "Filter1"}),
        ('add filterlist "Filter One"', {"name": "Filter One"}),
        ("add filterlist x bogus=1", "'bogus' is not a valid argument for this command."),
        ("add filterlist x d=1", {"name": "x", "description": "1"}),
        ("add filteraction a soft=y inpass=N", {"name": "a", "soft": True, "inpass": False}),
        (
            "add filteraction a soft=maybe",
            'ERR IPsec[05027] : Invalid value "maybe" for tag "soft".',
        ),
        ("add filteraction a action=perm", {"name": "a", "action": "permit"}),
        ("delete policy all", {"all": True}),
        ("delete policy Pol", {"name": "Pol"}),
        ("delete policy", None),
        ("add rule name=r policy=p filterlist=f", MISSING),
        ("show rule all policy=p", {"all": True, "policy": "p"}),
        ("show rule id=2 p", {"id": 2, "policy": "p"}),
        ("delete policy name=a all", messages.BAD_SYNTAX),
        ("add filterlist a name=b", messages.BAD_SYNTAX),
        ('add filterlist x "q"=y', messages.BAD_SYNTAX),
        ("add filterlist x description=", messages.BAD_SYNTAX),
        ("add filterlist x y z", "'z' is not a valid argument for this command."),
    ],
)
def test_binding(line: str, expected) -> None:
    if expected is None:
        return  # no arguments at all: the session prints the usage instead of binding
    assert bound(line) == expected


def test_typed_values() -> None:
    args = bound(
        "add filter filterlist=F srcaddr=me dstaddr=10.0.0.0 dstmask=8 protocol=tcp dstport=445"
    )
    assert args["srcaddr"].kind == "me"
    assert args["dstaddr"].value == "10.0.0.0"
    assert args["dstmask"] == "255.0.0.0"
    assert args["protocol"] == 6
    assert args["dstport"] == 445


def test_repeatable_rootca_keeps_order() -> None:
    args = bound('add rule r p f a rootca="CN=One certmap:yes" rootca="CN=Two"')
    assert [ca.name for ca in args["rootca"]] == ["CN=One", "CN=Two"]
    assert args["rootca"][0].certmap is True


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("add filter F me any srcport=70000", "out of range"),
        ("add filter F me any protocol=999", "out of range"),
        ("add filter F me any protocol=FOO", "Invalid value"),
        ("add filter F 300.1.1.1 any", "Invalid IP address"),
        ("add filter F me any srcmask=33", "Invalid mask"),
        ("add filter F me any srcmask=255.0.255.0", "Invalid mask"),
        ("add policy P mmsec=3DES-SHA1-4", "Main Mode"),
        ("add filteraction A qmsec=ESP[None,None]", "Quick Mode"),
        ("set filteraction guid=1234", "Invalid value"),
    ],
)
def test_bad_values_get_ipsec_errors(line: str, fragment: str) -> None:
    text = bound(line)
    assert isinstance(text, str) and text.startswith("ERR IPsec[") and fragment in text


def test_rootca_quotes_are_unescaped_in_the_name_and_escaped_again_for_scripts() -> None:
    args = bound("add rule r p f a rootca=\"CN=\\'North, South\\' certmap:yes\"")
    ca = args["rootca"][0]
    assert ca.name == 'CN="North, South"'
    assert ca.text() == 'CN="North, South" certmap:yes excludecaname:no'
    assert str(ca) == "CN=\\'North, South\\' certmap:yes excludecaname:no"
