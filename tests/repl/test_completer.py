"""Completion results at many cursor positions, derived from the specs."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from netshpy.computer.drives import drives
from netshpy.repl.completer import NetshCompleter
from netshpy.session import Session


def complete(session: Session, text: str, cursor: int | None = None) -> list[tuple[str, int]]:
    doc = Document(text, len(text) if cursor is None else cursor)
    completer = NetshCompleter(session)
    return [(c.text, c.start_position) for c in completer.get_completions(doc, CompleteEvent())]


def texts(session: Session, text: str, cursor: int | None = None) -> list[str]:
    return [t for t, _ in complete(session, text, cursor)]


# (context, text before the cursor, completions that must be offered, ones that must not)
CASES = [
    ("", "ip", ["ipsec"], ["exit"]),
    ("", "ipsec st", ["static"], ["dynamic"]),
    ("", "ipsec ", ["static", "dynamic", "exit", "dump"], ["add filter"]),
    ("", "ex", ["exec", "exit"], []),
    ("", "set ", ["machine", "mode"], ["store"]),
    # parent contexts' words are inherited, sibling contexts included (as resolve does)
    ("ipsec static", "", ["add", "show", "exit", "..", "set", "dynamic"], ["filter"]),
    ("ipsec static", "ad", ["add"], ["alias"]),
    ("ipsec static", "add ", ["filter", "filterlist", "filteraction", "policy", "rule"], []),
    ("ipsec static", "add fi", ["filter", "filterlist", "filteraction"], ["policy"]),
    ("ipsec static", "set ", ["store", "batch", "policy", "machine", "mode"], []),
    ("ipsec static", "sh", ["show"], ["set"]),
    # abbreviated words already typed still complete
    ("ipsec static", "sh pol ", ["name=", "all", "level=", "format=", "wide="], []),
    ("ipsec static", "sh pol all ", ["level=", "format=", "wide="], ["name=", "all"]),
    ("ipsec static", "sh pol name=x ", ["level="], ["all", "name="]),
    ("ipsec static", "add filter ", ["filterlist=", "srcaddr=", "dstaddr=", "protocol="], []),
    ("ipsec static", "add filter src", ["srcaddr=", "srcmask=", "srcport="], ["dstaddr="]),
    ("ipsec static", "add filter srcaddr=me ", ["dstaddr=", "filterlist="], ["srcaddr="]),
    # values by type
    ("ipsec static", "add filter srcaddr=", ["me", "any", "DNS", "WINS", "DHCP", "GATEWAY"], []),
    ("ipsec static", "add filter srcaddr = ", ["me", "any"], ["srcaddr="]),
    ("ipsec static", "add filter srcaddr= ", ["me", "any"], []),
    ("ipsec static", "add filter srcaddr=g", ["GATEWAY"], ["me"]),
    ("ipsec static", "add filter protocol=", ["ANY", "ICMP", "TCP", "UDP", "RAW"], []),
    ("ipsec static", "add filter protocol=u", ["UDP"], ["TCP"]),
    ("ipsec static", "add filter mirrored=", ["yes", "no"], []),
    ("ipsec static", "add filter srcmask=", ["255.255.255.255", "255.255.255.0"], []),
    ("ipsec static", "set store location=", ["local", "persistent", "domain"], []),
    ("ipsec static", "set store location=p", ["persistent"], ["local"]),
    ("ipsec static", "add filteraction name=x action=", ["permit", "block", "negotiate"], []),
    ("ipsec dynamic", "set config property=", ["ipsecdiagnostics", "bootmode"], []),
    ("", "ipsec static add filter mirrored=n", ["no"], ["yes"]),
    # a tag abbreviation still finds its values
    ("ipsec static", "add filter mirr=", ["yes", "no"], []),
    # nothing sensible to offer: no crash, no junk
    ("", "nosuchword ", [], ["exit"]),
    ("ipsec static", 'add filter description="abc', [], []),
    ("ipsec static", "= =", [], []),
    # emulator commands
    ("", ":", [":help", ":tree", ":history", ":config"], []),
    ("", ":tr", [":tree"], [":help"]),
    ("", ":help ", ["tree", "history", "config"], []),
    # set config value= follows the property (tagged or positional)
    ("", "ipsec dynamic set config property=bootmode value=s", ["stateful"], ["block"]),
    ("", "ipsec dynamic set config bootmode value=", ["stateful", "block", "permit"], []),
    ("", "ipsec dynamic set config property=ipsecexempt value=", ["0", "1", "2", "3"], []),
    # inside a quoted list: the word being typed, not those already given
    (
        "",
        'ipsec static set policy name=P mmsecmethods="3DES-SHA1-3 ',
        ["3DES-SHA1-2", "DES-MD5-1"],
        ["3DES-SHA1-3"],
    ),
    ("", 'ipsec static set policy name=P mmsecmethods="3DES-SHA1-3 DES', ["DES-MD5-1"], []),
    (
        "",
        'ipsec dynamic set config bootexemptions value="TCP:0:3389:inbound ',
        ["UDP:0:53:outbound"],
        ["none", "TCP:0:3389:inbound"],
    ),
]


@pytest.mark.parametrize(("context", "text", "wanted", "unwanted"), CASES)
def test_completions(session: Session, context: str, text: str, wanted, unwanted) -> None:
    if context:
        assert session.execute(context).ok
    got = texts(session, text)
    for word in wanted:
        assert word in got, (text, got)
    for word in unwanted:
        assert word not in got, (text, got)
    if not wanted:
        assert got == [] or not unwanted


def test_replaces_only_the_fragment(session: Session) -> None:
    session.execute("ipsec static")
    assert ("filterlist=", -3) in complete(session, "add filter fil")
    assert ("TCP", -1) in complete(session, "add filter protocol=t")
    assert ("static", 0) in complete(session, "ipsec ")


def test_cursor_in_the_middle(session: Session) -> None:
    text = "ipsec static add filter srcaddr=me"
    # cursor after "ipsec st": only what is before the cursor counts
    assert texts(session, text, len("ipsec st")) == ["static"]
    assert "filter" in texts(session, text, len("ipsec static add f"))


def test_meta_is_the_one_line_description(session: Session) -> None:
    session.execute("ipsec static")
    completer = NetshCompleter(session)
    got = {
        c.text: c.display_meta_text
        for c in completer.get_completions(Document("add "), CompleteEvent())
    }
    assert got["filter"] == "Adds a filter to filter list."
    got = {
        c.text: c.display_meta_text
        for c in completer.get_completions(Document("add filter "), CompleteEvent())
    }
    assert got["filterlist="].startswith("Name of the filter list")


def test_store_names_are_offered_and_quoted(session: Session, fake_store) -> None:
    session.execute("ipsec static")
    assert texts(session, "set policy name=") == ['"Block 445"', "Server"]
    assert texts(session, "add rule policy=S") == ["Server"]
    assert texts(session, "add rule policy=Server filterlist=") == ['"All IP"', '"SMB traffic"']
    assert texts(session, 'add rule policy=Server filterlist="S') == ['"SMB traffic"']
    assert texts(session, "add rule policy=Server filteraction=") == ["Block", "Permit"]
    assert texts(session, 'set rule policy="Block 445" name=') == ['"Block SMB"']
    assert "Block" not in texts(session, "add policy name=")  # a new name: nothing to offer
    assert texts(session, ":tree ") == ['"Block 445"', "Server"]


def test_store_names_follow_the_store_location(session: Session, fake_store) -> None:
    session.execute("ipsec static")
    session.state("static")["location"] = "persistent"
    assert texts(session, "set policy name=") == []


def test_a_failing_store_offers_no_names(session: Session, fake_store) -> None:
    def broken(host, location):
        raise RuntimeError("disk on fire")

    fake_store.policies = broken
    session.execute("ipsec static")
    assert texts(session, "set policy name=") == []


def test_names_are_cached_until_invalidated(session: Session, fake_store) -> None:
    calls = []
    original = fake_store.policies

    def counting(host, location):
        calls.append(location)
        return original(host, location)

    fake_store.policies = counting
    session.execute("ipsec static")
    completer = NetshCompleter(session)
    for text in ("set policy name=", "set policy name=B", "set policy name=Bl"):
        list(completer.get_completions(Document(text), CompleteEvent()))
    assert len(calls) == 1
    completer.names.invalidate()
    list(completer.get_completions(Document("set policy name="), CompleteEvent()))
    assert len(calls) == 2


def test_aliases_are_expanded(session: Session) -> None:
    session.aliases["st"] = "ipsec static"
    assert "add" in texts(session, "st ")


def test_file_values_complete_paths_on_the_computers_drive(
    session: Session, tmp_path, monkeypatch
) -> None:
    disk = drives(session.host)
    disk.write_text("C:\\policy-export.ipsec", "x")
    (tmp_path / "policy-host.ipsec").write_text("x")
    monkeypatch.chdir(tmp_path)  # host files are not offered
    session.execute("ipsec static")
    assert complete(session, "exportpolicy file=pol") == [("policy-export.ipsec", -3)]
    disk.mkdir("C:\\my exports")
    assert complete(session, "exportpolicy file=my") == [('"my exports\\"', -2)]
    assert complete(session, "exportpolicy file=c:\\win") == [("c:\\WINDOWS\\", -6)]
    offered = texts(session, "importpolicy C:\\WINDOWS\\")
    assert "C:\\WINDOWS\\system32\\" in offered
    assert texts(session, "importpolicy Q:\\") == []


def test_tags_resolve_as_the_parser_resolves_them(session: Session) -> None:
    # `filter=` names filterlist (first tag in order), so it is not offered again.
    offered = texts(session, "ipsec static add rule name=R policy=P filter=L ")
    assert "filteraction=" in offered
    assert "filterlist=" not in offered
