"""Tags are matched as netsh's helper API matches them.

The exact tag, else the first tag of the command, in the command's order,
that the typed word is a prefix of (``filter`` names ``filterlist`` in ``add
rule``, whose tags run ``name policy filterlist filteraction``). A tag given
twice, under any spelling, is an error. A production hosting script runs
``add rule name=3 policy=P filter=China_block filteraction=Block``.

One row for every command whose tags share a prefix: the typed word and the
tag it must name, written out by hand from the usage blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy import spec
from netshpy.host import Host
from netshpy.messages import BAD_SYNTAX, INVALID_ARGUMENT
from netshpy.session import Session

SPEC = spec.load()
COMMANDS = {c.full_name: c for c in SPEC.commands()}

# (command, typed tag, the tag it names)
CASES = [
    ("ipsec static add rule", "filter", "filterlist"),
    ("ipsec static add rule", "filtera", "filteraction"),
    ("ipsec static add rule", "f", "filterlist"),
    ("ipsec static add rule", "p", "policy"),
    ("ipsec static add rule", "c", "conntype"),
    ("ipsec static set rule", "filter", "filterlist"),
    ("ipsec static set rule", "n", "name"),
    ("ipsec static set rule", "ne", "newname"),
    ("ipsec static add filter", "src", "srcaddr"),
    ("ipsec static add filter", "srcm", "srcmask"),
    ("ipsec static add filter", "srcp", "srcport"),
    ("ipsec static add filter", "dst", "dstaddr"),
    ("ipsec static add filter", "d", "dstaddr"),
    ("ipsec static add filter", "de", "description"),
    ("ipsec static add filter", "m", "mirrored"),
    ("ipsec static delete filter", "src", "srcaddr"),
    ("ipsec static delete filter", "dst", "dstaddr"),
    ("ipsec static delete filter", "dstm", "dstmask"),
    ("ipsec static add policy", "m", "mmpfs"),
    ("ipsec static add policy", "mml", "mmlifetime"),
    ("ipsec static add policy", "mms", "mmsecmethods"),
    ("ipsec static add policy", "a", "activatedefaultrule"),
    ("ipsec static add policy", "as", "assign"),
    ("ipsec static add policy", "p", "pollinginterval"),
    ("ipsec static set policy", "n", "name"),
    ("ipsec static set policy", "g", "guid"),
    ("ipsec static set policy", "gp", "gponame"),
    ("ipsec static add filteraction", "q", "qmpfs"),
    ("ipsec static add filteraction", "qmsec", "qmsecmethods"),
    ("ipsec static add filteraction", "s", "soft"),
    ("ipsec static set filteraction", "n", "name"),
    ("ipsec static set filterlist", "n", "name"),
    ("ipsec static set defaultrule", "q", "qmpfs"),
    ("ipsec static show filterlist", "r", "rule"),
    ("ipsec static show filterlist", "re", "resolvedns"),
    ("ipsec dynamic add mmpolicy", "m", "mmlifetime"),
    ("ipsec dynamic add mmpolicy", "mmsec", "mmsecmethods"),
    ("ipsec dynamic set mmpolicy", "a", "all"),
    ("ipsec dynamic add rule", "src", "srcaddr"),
    ("ipsec dynamic add rule", "srcp", "srcport"),
    ("ipsec dynamic add rule", "dst", "dstaddr"),
    ("ipsec dynamic add rule", "action", "actioninbound"),
    ("ipsec dynamic add rule", "actiono", "actionoutbound"),
    ("ipsec dynamic add rule", "m", "mmpolicy"),
    ("ipsec dynamic add rule", "mir", "mirrored"),
    ("ipsec dynamic add rule", "tunneldst", "tunneldstaddress"),
    ("ipsec dynamic set rule", "src", "srcaddr"),
    ("ipsec dynamic set rule", "action", "actioninbound"),
    ("ipsec dynamic delete rule", "dst", "dstaddr"),
    ("ipsec dynamic delete rule", "srcm", "srcmask"),
    ("ipsec dynamic show mmfilter", "src", "srcaddr"),
    ("ipsec dynamic show qmfilter", "dst", "dstaddr"),
    ("ipsec dynamic show qmfilter", "action", "actioninbound"),
    ("ipsec dynamic show rule", "src", "srcaddr"),
    ("ipsec dynamic show rule", "p", "protocol"),
    ("ipsec dynamic show mmsas", "a", "all"),
    ("ipsec dynamic show qmsas", "f", "format"),
]


@pytest.mark.parametrize(("command", "typed", "tag"), CASES)
def test_first_tag_in_order_that_the_word_begins(command: str, typed: str, tag: str) -> None:
    param = COMMANDS[command].match_tag(typed)
    assert param is not None and param.tag == tag
    assert COMMANDS[command].match_tag(typed.upper()) is param


def test_every_command_with_shared_prefixes_has_a_row() -> None:
    covered = {command for command, _, _ in CASES}
    for name, command in COMMANDS.items():
        tags = [p.tag for p in command.params]
        shared = any(a[:3] == b[:3] for i, a in enumerate(tags) for b in tags[i + 1 :])
        if shared and name.startswith("ipsec"):
            assert name in covered, name


def test_a_word_no_tag_begins_with_names_nothing() -> None:
    assert COMMANDS["ipsec static add rule"].match_tag("filterz") is None
    assert COMMANDS["ipsec static add rule"].match_tag("") is None


@pytest.fixture
def static(tmp_path: Path) -> Session:
    session = Session(Host(tmp_path, deterministic=True))
    session.execute("ipsec static")
    for line in (
        "add filterlist China_block",
        "add filteraction Block action=block",
        "add policy P",
    ):
        assert session.execute(line).output == ""
    return session


def test_the_hosting_script_line_runs(static: Session) -> None:
    line = "add rule name=3 policy=P filter=China_block filteraction=Block"
    assert static.execute(line).output == ""
    shown = static.execute("show rule name=3 policy=P").output
    assert "Filter List            : China_block" in shown
    assert "Filter Action          : Block" in shown


@pytest.mark.parametrize(
    "line",
    [
        "add rule name=4 policy=P filter=China_block filterlist=China_block filteraction=Block",
        "add rule name=4 policy=P filterlist=China_block filteraction=Block f=China_block",
        "add rule 4 P China_block Block name=5",
        "add filter filterlist=China_block src=1.1.1.1 srcaddr=2.2.2.2 dstaddr=me",
    ],
)
def test_a_tag_given_twice_is_an_error(static: Session, line: str) -> None:
    result = static.execute(line)
    assert result.output.startswith(BAD_SYNTAX), result.output
    assert "Rule ID" not in static.execute("show rule all policy=P").output


def test_an_unknown_tag_is_not_a_valid_argument(static: Session) -> None:
    out = static.execute("add rule name=4 policy=P filterz=China_block filteraction=Block").output
    assert out.strip() == INVALID_ARGUMENT.format(arg="filterz")
