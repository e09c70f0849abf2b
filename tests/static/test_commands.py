"""Table-driven command tests: each case runs lines and checks what one line prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy import messages

from .helpers import run_all, static_session

SETUP = [
    "delete all",
    "add filterlist name=L1",
    "add filter filterlist=L1 srcaddr=10.0.0.1 dstaddr=me protocol=TCP dstport=80",
    "add filteraction name=A1 action=permit",
    "add policy name=P1",
    "add rule name=R1 policy=P1 filterlist=L1 filteraction=A1",
]

E = messages.ipsec
# (name, lines after SETUP, the last line's expected output: exact text or ("has", fragment))
CASES = [
    ("add policy duplicate", ["add policy P1"], E("policy_exists", name="P1") + "\n"),
    ("names ignore case", ["add policy p1"], E("policy_exists", name="p1") + "\n"),
    ("add filterlist duplicate", ["add filterlist L1"], E("filterlist_exists", name="L1") + "\n"),
    (
        "add filteraction duplicate",
        ["add filteraction A1"],
        E("filteraction_exists", name="A1") + "\n",
    ),
    (
        "add rule duplicate",
        ["add rule R1 P1 L1 A1"],
        E("rule_exists", name="R1", policy="P1") + "\n",
    ),
    (
        "add rule missing list",
        ["add rule R2 P1 NoList A1"],
        E("filterlist_missing", name="NoList") + "\n",
    ),
    (
        "add rule missing action",
        ["add rule R2 P1 L1 NoAct"],
        E("filteraction_missing", name="NoAct") + "\n",
    ),
    (
        "add rule missing policy",
        ["add rule R2 NoPol L1 A1"],
        E("policy_missing", name="NoPol") + "\n",
    ),
    ("list in use", ["delete filterlist L1"], E("filterlist_in_use", name="L1") + "\n"),
    ("action in use", ["delete filteraction A1"], E("filteraction_in_use", name="A1") + "\n"),
    (
        "unused list deleted",
        ["add filterlist L2", "delete filterlist L2", "show filterlist L2"],
        E("filterlist_missing", name="L2") + "\n",
    ),
    (
        "delete policy frees list",
        ["delete policy P1", "delete filterlist L1", "show filterlist all"],
        E("no_filterlists") + "\n",
    ),
    ("delete all", ["delete all", "show policy all"], E("no_policies") + "\n"),
    ("no actions", ["delete all", "show filteraction all"], E("no_filteractions") + "\n"),
    (
        "server needs me",
        ["add filter filterlist=L1 srcaddr=DNS dstaddr=WINS"],
        E("server_needs_me") + "\n",
    ),
    (
        "ports need tcp or udp",
        ["add filter filterlist=L1 srcaddr=any dstaddr=me protocol=ICMP dstport=5"],
        E("port_needs_tcp_udp") + "\n",
    ),
    ("bad address", ["add filter L1 300.1.1.1 me"], E("bad_address", value="300.1.1.1") + "\n"),
    ("bad mask", ["add filter L1 10.0.0.0 me srcmask=33"], E("bad_mask", value="33") + "\n"),
    (
        "bad qmsec",
        ["add filteraction name=X qmsec=ESP[FOO,SHA1]"],
        E("bad_qmsec", value="ESP[FOO,SHA1]") + "\n",
    ),
    ("bad mmsec", ["set policy P1 mmsec=3DES-SHA1-9"], E("bad_mmsec", value="3DES-SHA1-9") + "\n"),
    ("success is silent", ["set policy name=P1 description=hello"], ""),
    (
        "add filter creates list",
        ["add filter NewList any me", "show filterlist NewList"],
        ("has", "No. of Filters         : 1"),
    ),
    (
        "add filter does not de-duplicate",
        ["add filter L1 10.0.0.1 me protocol=TCP dstport=80", "show filterlist L1"],
        ("has", "No. of Filters         : 2"),
    ),
    (
        "delete filter matches spec",
        ["delete filter L1 10.0.0.1 me protocol=TCP dstport=80", "show filterlist L1"],
        ("has", "No. of Filters         : 0"),
    ),
    (
        "delete filter no match",
        ["delete filter L1 10.0.0.2 me"],
        E("filter_missing", name="L1") + "\n",
    ),
    (
        "mmpfs forces qmpermm 1",
        ["add policy P2 qmpermm=5 mmpfs=yes", "show policy P2 level=verbose"],
        ("has", "QM Per MM              : 1"),
    ),
    (
        "qmsec ignored for block",
        ["add filteraction B action=block qmsec=ESP[DES,MD5]", "show filteraction B level=verbose"],
        ("lacks", "ESP[DES,MD5]"),
    ),
    (
        "negotiate keeps qmsec",
        ["add filteraction N qmsec=ESP[DES,MD5]:5000k/300s", "show filteraction N level=verbose"],
        ("has", "ESP[DES,MD5]:5000k/300s"),
    ),
    (
        "one assigned policy",
        ["add policy P2 assign=yes", "set policy P1 assign=yes", "show policy P2"],
        ("has", "Assigned               : NO"),
    ),
    (
        "rename policy",
        ["set policy name=P1 newname=P9", "show policy P9"],
        ("has", "Policy Name            : P9"),
    ),
    (
        "rename to existing",
        ["add policy P2", "set policy name=P1 newname=P2"],
        E("policy_exists", name="P2") + "\n",
    ),
    (
        "select by guid",
        [
            "set filterlist guid={00000000-0000-0000-0000-000000000001} newname=G",
            "show filterlist G",
        ],
        ("has", "FilterList Name        : G"),
    ),
    (
        "unknown guid",
        ["set policy guid={00000000-0000-0000-0000-0000000000FF} description=x"],
        E("guid_missing", guid="{00000000-0000-0000-0000-0000000000FF}") + "\n",
    ),
    (
        "rule by id",
        ["set rule id=1 policy=P1 description=first", "show rule id=1 policy=P1"],
        ("has", "Description            : first"),
    ),
    (
        "rule id missing",
        ["delete rule id=7 policy=P1"],
        E("rule_id_missing", id=7, policy="P1") + "\n",
    ),
    (
        "delete rule all keeps default",
        ["delete rule all policy=P1", "show rule all policy=P1"],
        ("has", "Default Response Rule"),
    ),
    (
        "set defaultrule",
        ["set defaultrule policy=P1 activate=no psk=secret", "show rule default policy=P1"],
        ("has", "Preshared Key: secret"),
    ),
    (
        "auth order kept",
        ['set rule R1 P1 psk="my key" kerberos=yes', "show rule R1 P1"],
        ("has", "Authentication Methods : Preshared Key: my key\n" + " " * 25 + "Kerberos"),
    ),
    (
        "tunnel rules",
        ["set rule R1 P1 tunnel=10.1.1.1", "show rule all P1 type=tunnel format=table"],
        ("has", "1\tL1\tA1\t10.1.1.1\tYES"),
    ),
    ("gponame needs domain store", ["set policy P1 gponame=GPO"], E("gponame_domain_only") + "\n"),
    (
        "show filterlist by rule",
        ["show filterlist rule=R1"],
        ("has", "FilterList Name        : L1"),
    ),
    (
        "show filteraction by rule",
        ["show filteraction rule=R1"],
        ("has", "FilterAction Name      : A1"),
    ),
    (
        "wide=no truncates",
        ["set policy P1 description=" + "x" * 100, "show policy P1 wide=no"],
        ("has", "x...\n"),
    ),
    (
        "dns name kept",
        ["add filter D www.example.com me", "show filterlist D level=verbose"],
        ("has", "Source DNS Name        : www.example.com"),
    ),
    (
        "persistent store is separate",
        ["set store persistent", "show policy all"],
        E("no_policies") + "\n",
    ),
    (
        "persistent label",
        ["set store persistent", "show store"],
        ("has", "Persistent Store <WIN2003>"),
    ),
    ("domain needs membership", ["set store domain"], E("domain_unavailable") + "\n"),
]


@pytest.mark.parametrize(("lines", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_command(tmp_path: Path, lines: list[str], expected) -> None:
    session = static_session(tmp_path / "s")
    assert run_all(session, SETUP) == ""
    run_all(session, lines[:-1])
    out = session.execute(lines[-1]).output
    if isinstance(expected, tuple):
        kind, fragment = expected
        assert (fragment in out) == (kind == "has"), out
    else:
        assert out == expected
    session.close()


def test_fresh_store_holds_the_three_examples(tmp_path: Path) -> None:
    session = static_session(tmp_path / "s")
    out = session.execute("show policy all").output
    for name in (
        "Client (Respond Only)",
        "Secure Server (Require Security)",
        "Server (Request Security)",
    ):
        assert f"Policy Name            : {name}\n" in out
    assert "Assigned               : YES" not in out
    lists = session.execute("show filterlist all format=table").output
    assert "All ICMP Traffic\t1" in lists and "All IP Traffic\t1" in lists
    actions = session.execute("show filteraction all format=table").output
    for name in ("Permit", "Request Security (Optional)", "Require Security"):
        assert name + "\t" in actions
    session.close()


def test_domain_store_is_shared_between_computers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETSHPY_DOMAIN_DIR", str(tmp_path / "shared"))
    one = static_session(tmp_path / "one", computer_name="ONE", domain="corp.example")
    two = static_session(tmp_path / "two", computer_name="TWO", domain="corp.example")
    run_all(
        one, ["set store domain", "add policy DomPol assign=yes", "set policy DomPol gponame=GPO1"]
    )
    two.execute("set store location=domain domain=corp.example")
    out = two.execute("show policy DomPol").output
    assert "Assigned               : NO" in out  # assign is ignored in the domain store
    gpo = two.execute("show gpoassignedpolicy").output
    assert "GPO Name               : GPO1" in gpo and "Policy Name            : DomPol" in gpo
    assert two.execute("show gpoassignedpolicy name=Other").output == (
        messages.ipsec("no_gpo_named", name="Other") + "\n"
    )
    one.close()
    two.close()


def test_batch_mode_writes_on_disable_and_on_leave(tmp_path: Path) -> None:
    session = static_session(tmp_path / "s")
    other = static_session(tmp_path / "s")  # a second netsh on the same computer
    run_all(session, ["set batch enable", "add filterlist Batched"])
    session.execute("add filterlist Batched")  # a failing command inside the batch
    session.execute("set batch disable")
    assert "Batched" in other.execute("show filterlist Batched").output
    run_all(session, ["set batch enable", "add filterlist Second", ".."])
    assert "Second" in other.execute("show filterlist Second").output
    session.close()
    other.close()
