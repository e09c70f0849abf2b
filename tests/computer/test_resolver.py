"""DNS names: each computer's resolver (hosts file, own name, lab, a few outside names)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from netshpy.computer.drives import HOSTS_PATH, drives
from netshpy.computer.resolver import OUTSIDE_NAMES, Resolver, parse_hosts, resolver
from netshpy.host import Host
from netshpy.session import Session


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(Host(tmp_path / "state", deterministic=True))
    s.execute("ipsec static")
    return s


def _filters(session: Session, name: str = "F") -> str:
    return session.execute(f"show filterlist name={name} level=verbose").output


def test_the_hosts_file_is_on_the_drive_and_editable(session: Session) -> None:
    disk = drives(session.host)
    assert "127.0.0.1       localhost" in disk.read_text(HOSTS_PATH)
    disk.write_text(HOSTS_PATH, "10.9.8.7   intranet  intra # the portal\n", append=True)
    assert session.execute("add filter filterlist=F srcaddr=me dstaddr=INTRANET").output == ""
    out = _filters(session)
    assert "Destination IP Address : 10.9.8.7\n" in out
    assert "Destination DNS Name   : INTRANET\n" in out
    assert resolver(session.host).lookup("intra") == ["10.9.8.7"]
    assert resolver(session.host).reverse("10.9.8.7") == "intranet"


def test_a_name_with_two_addresses_makes_a_filter_for_each(session: Session) -> None:
    assert OUTSIDE_NAMES["edr.example.com"] == ("192.0.2.50", "192.0.2.51")
    line = "add filter filterlist=F srcaddr=any dstaddr=edr.example.com protocol=tcp dstport=443"
    assert session.execute(line).output == ""
    out = _filters(session)
    assert "No. of Filters         : 2" in out
    assert out.count("Destination DNS Name   : edr.example.com") == 2
    assert "192.0.2.50" in out and "192.0.2.51" in out
    # deleting by the name resolves it again and removes both
    assert session.execute(line.replace("add", "delete", 1)).output == ""
    assert "No. of Filters         : 0" in _filters(session)


def test_an_unknown_name_fails_and_stores_nothing(session: Session) -> None:
    result = session.execute("add filter filterlist=F srcaddr=me dstaddr=nowhere.example")
    assert not result.ok
    assert (
        result.output
        == 'ERR IPsec[05040] : The DNS name "nowhere.example" could not be resolved.\n'
    )
    assert "2 Filter List(s)" in session.execute("show filterlist all").output  # no list F


def test_the_computers_own_name_and_localhost(session: Session) -> None:
    from netshpy.dynamic.service import local_addresses

    assert resolver(session.host).lookup("win2003") == local_addresses(session.host)
    assert resolver(session.host).lookup("localhost") == ["127.0.0.1"]


def test_lab_computers_resolve_by_name_and_domain_name(tmp_path: Path) -> None:
    comp = SimpleNamespace(name="SRV1", addresses=("10.0.0.5",), domain="corp.example")
    host = SimpleNamespace(
        state_dir=tmp_path,
        computer_name="CLIENT",
        os="2003",
        lab=SimpleNamespace(spec=SimpleNamespace(computers=[comp])),
        parts={},
        part=lambda name, factory: factory(host),
    )
    res = Resolver(host)
    assert res.lookup("srv1") == ["10.0.0.5"]
    assert res.lookup("SRV1.corp.example") == ["10.0.0.5"]
    assert res.lookup("srv2") == []
    assert res.reverse("10.0.0.5") == "SRV1"


def test_resolvedns_shows_the_name_of_an_address(session: Session) -> None:
    session.execute("add filter filterlist=F srcaddr=me dstaddr=192.0.2.10")
    assert "Destination DNS Name   : NONE" in _filters(session)
    out = session.execute("show filterlist name=F level=verbose resolvedns=yes").output
    assert "Destination DNS Name   : example.com" in out


def test_export_and_import_keep_the_name_and_its_address(session: Session, tmp_path: Path) -> None:
    session.execute("add filter filterlist=F srcaddr=me dstaddr=www.example.org")
    before = _filters(session)
    assert session.execute("exportpolicy C:\\all").output == ""
    drives(session.host).write_text(HOSTS_PATH, "")  # the name no longer resolves
    session.execute("delete all")
    assert session.execute("importpolicy C:\\all.ipsec").output == ""
    assert _filters(session) == before


def test_hosts_parsing_skips_comments_and_junk() -> None:
    text = "# c\n  \n1.2.3.4 a B.\nnot-an-address x\n5.6.7.8\n9.9.9.9 c # d e\n"
    assert parse_hosts(text) == [("1.2.3.4", ["a", "b"]), ("9.9.9.9", ["c"])]


def test_ping_resolves_names_with_the_computers_resolver(tmp_path: Path) -> None:
    from netshpy.cmdprompt import CommandPrompt

    host = Host(tmp_path / "state", deterministic=True)
    drives(host).write_text(HOSTS_PATH, "127.0.0.1 myself\n", append=True)
    prompt = CommandPrompt(host)
    out = prompt.run("ping myself").output
    assert "Pinging myself [127.0.0.1] with 32 bytes of data:" in out
    assert "Reply from 127.0.0.1" in out
    assert "Pinging www.example.com [192.0.2.10]" in prompt.run("ping www.example.com").output
    assert "could not find host nowhere" in prompt.run("ping nowhere").output
    host.close()


def test_dump_writes_a_name_once_and_replays_to_the_same_filters(session: Session) -> None:
    session.execute("add filter filterlist=F srcaddr=me dstaddr=edr.example.com")
    session.execute("add filter filterlist=F srcaddr=me dstaddr=10.1.1.1")
    session.execute("add filter filterlist=F srcaddr=me dstaddr=10.1.1.1")  # netsh keeps both
    script = session.execute("dump").output
    assert script.count("dstaddr=edr.example.com") == 1
    assert script.count("dstaddr=10.1.1.1") == 2
    before = _filters(session)
    session.execute("delete all")
    session.execute("..")
    session.execute("..")
    session.run_script(script.splitlines())
    session.execute("ipsec static")
    assert _filters(session).count("Destination IP Address") == before.count(
        "Destination IP Address"
    )


def test_dynamic_rules_resolve_names_when_added(tmp_path: Path) -> None:
    session = Session(Host(tmp_path / "state", deterministic=True))
    session.execute("ipsec dynamic")
    session.execute("add mmpolicy name=m")
    rule = "add rule srcaddr=me dstaddr={} mmpolicy=m actioninbound=block actionoutbound=block"
    assert session.execute(rule.format("www.example.com")).output == ""
    assert session.execute(rule.format("198.51.100.10")).output == ""
    out = session.execute(rule.format("nowhere.example")).output
    assert out == 'ERR IPsec[05040] : The DNS name "nowhere.example" could not be resolved.\n'
    shown = session.execute("show rule").output
    assert "Destination IP Address : 192.0.2.10\n" in shown
    named = session.execute("show rule resolvedns=yes").output
    assert "Destination IP Address : www.example.com\n" in named
    assert "Destination IP Address : example.net\n" in named
