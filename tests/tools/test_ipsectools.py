"""ipseccmd (XP) and ipsecpol (2000): the reference's lines, bad lines, and the stores they write."""

from __future__ import annotations

import pytest

from netshpy.api import Emulator
from netshpy.dynamic.service import get_service
from netshpy.session import Session
from netshpy.spec import for_os
from netshpy.tools.args import ToolUsage, parse, split
from netshpy.tools.spec import tool

# Known-good lines of the reference (§5, §6, §7, I3 Microsoft, I6-I8 third party).
GOOD = [
    "-f [*=0:1434:UDP]",
    "-f [0=78.131.193.150:*:*]",
    "-u",
    '-w REG -p "Block UDP 1434 Filter" -r "Block Inbound UDP 1434 Rule" -f *=0:1434:UDP -n BLOCK -x',
    '-w REG -p "Block UDP 1434 Filter" -r "Block Outbound UDP 1434 Rule" -f 0=*:1434:UDP -n BLOCK',
    '-p "Block UDP 1434 Filter" -w REG -r "Block Inbound TCP 80 Rule" -f *=0:80:TCP -n BLOCK',
    '-w REG -p "Block UDP 1434 Filter" -y',
    '-w REG -p "Block UDP 1434 Filter" -r "Block Inbound UDP 1434 Rule" '
    '-r "Block Outbound UDP 1434 Rule" -o',
    '-w REG -p "clxp safe policy1" -r "disable connect ip" '
    "-f 0/255.255.255.255=202.108.22.5/255.255.255.255:: -n BLOCK -x",
    '-w REG -p "clxp safe policy" -r "disable out ping" -f *=0::icmp -n BLOCK -x',
    '-w REG -p "LockNet" -r "Pass 4820" -f 0+*:4820:TCP -n PASS',
    '-w REG -p "MyPol" -r "GoHTTP" -n PASS -x -f 0:80+*::TCP',
    '-w REG -p "MyPol" -y -o',
    '-w REG -p VPNDialer -r "Block non-IPSec" -f *+0 -n BLOCK',
    "-w REG -p VPNDialer -x",
    "-f 0+*",
    "-f 0:80+*::TCP -n PASS",
    '-f 10.0.0.0/255.0.0.0+0 -n ESP[SHA,3DES]3600S/100000KPFS AH[MD5] -a PRESHARE:"a key"',
    "-f 144.92.*.*=0 -n ESP[3DES,SHA] -1s 3DES-SHA-2 DES-MD5-1 -1k 10Q/28800S -1p -soft -lan",
    '-f 0=10.0.0.9 -t 10.0.0.9 -n AH[SHA]+ESP[DES,MD5] -a CERT:"CN=Corp Root" KERBEROS -dialup',
    "-f (0+*:53:UDP)",
    "-f 0+host.example.com:443:TCP -1e 300 -1f 0+* -confirm",
    "show all",
    "show filters sas",
    "show gpo",
    "/?",
]


@pytest.mark.parametrize("line", GOOD)
def test_known_good_lines_parse(line: str) -> None:
    parse(tool("ipseccmd"), split(line))


# Bad lines: the usage, a non-zero exit, nothing changed.
BAD = [
    "-n BLOCK",  # no -f
    "-f",  # -f without filters
    "-f 0+* -n block",  # keywords are upper case
    "-f 0+* -n BLOCK PASS",
    "-f *=0:80",  # a port needs TCP or UDP
    "-f 0=0",
    "-f 1.2.3=0",
    "-f 0+*:99999:TCP",
    "-f 0+*::GRE",
    "-f 0+* -x",  # static-only flag in dynamic mode
    "-f 0+* -p Pol",
    "-w REG -f 0+* -r R",  # static mode needs -p
    "-w REG -p P -f 0+*",  # ... and one -r with -f
    "-w REG -p P -r R -f [0+*]",  # brackets are dynamic only
    "-w REG -p P -x -y",
    "-w REG -p P -r R -f 0+* -o",
    "-w FILE -p P -x",
    "-f 0+* -1s 3DES-SHA-3",  # no group 2048 on XP
    "-f 0+* -1s 3DES-SHA",
    "-f 0+* -1k 0Q",
    "-f 0+* -a PRESHARE:",
    "-f 0+* -a NTLM",
    "-f 0+* -lan -dialup",
    "-f 0+* -f 0+*",
    "-f 0+* -q",
    "-f 0+* \\\\SRV1",
    "-u -f 0+*",
    "show",
    "show everything",
    "-f 0+* -1e x",
    "-f 0+* -n ESP[3DES,DES]",
    "-f 0+* -n ESP[NONE,NONE]",
    "-f 0+* -n ESP[SHA,3DES]10S/5S",
]

SHOW_LINES = ["ipsec static show all", "ipsec dynamic show all"]


def _state(pc: Emulator) -> list[str]:
    session = Session(pc.host, spec=for_os("2003"))
    return [session.execute(line).output for line in SHOW_LINES]


@pytest.fixture
def xp() -> Emulator:
    with Emulator(os="xp-sp2") as pc:
        yield pc


@pytest.mark.parametrize("line", BAD)
def test_bad_lines_print_usage_and_change_nothing(xp: Emulator, line: str) -> None:
    xp.cmd("ipseccmd -w REG -p Base -r R1 -f 0+*:25:TCP -n BLOCK -x")
    xp.cmd("ipseccmd -f [0=10.1.1.1]")
    with pytest.raises(ToolUsage):
        parse(tool("ipseccmd"), split(line))
    before = _state(xp)
    result = xp.cmd("ipseccmd " + line)
    assert result.errorlevel == 1
    assert (
        result.output.startswith("Error: ")
        and "\nUsage:\n  ipseccmd [\\\\ComputerName]" in result.output
    )
    assert _state(xp) == before


def test_ipsecpol_has_no_query_mode_nor_xp_only_flags() -> None:
    pol = tool("ipsecpol")
    for line in ("show all", "-f 0+* -1e 300", "-f 0+* -1f 0+*"):
        with pytest.raises(ToolUsage):
            parse(pol, split(line))
    parse(pol, split('-w REG -p "MyPol" -r "GoHTTP" -n PASS -x -f 0:80+*::TCP'))


def test_static_mode_is_the_store_netsh_shows_on_2003(xp: Emulator) -> None:
    lines = [
        '-w REG -p "Block UDP 1434 Filter" -r "Block Inbound UDP 1434 Rule" -f *=0:1434:UDP -n BLOCK -x',
        '-w REG -p "Block UDP 1434 Filter" -r "Block Outbound UDP 1434 Rule" -f 0=*:1434:UDP -n BLOCK',
    ]
    for line in lines:
        assert xp.cmd("ipseccmd " + line).ok
    policy = xp.static.policy("Block UDP 1434 Filter")
    assert policy.assigned
    rules = {r.name: r for r in policy.rules}
    inbound = rules["Block Inbound UDP 1434 Rule"]
    assert inbound.filteraction.action == "block"
    (flt,) = inbound.filterlist.filters
    assert (flt.srcaddr.kind, flt.dstaddr.kind, flt.protocol, flt.dstport, flt.mirrored) == (
        "any",
        "me",
        17,
        1434,
        False,
    )
    # The 2003 view of the same store: netsh ipsec static show on this computer.
    text = (
        Session(xp.host, spec=for_os("2003"))
        .execute('ipsec static show policy name="Block UDP 1434 Filter" level=verbose')
        .output
    )
    assert "Block Outbound UDP 1434 Rule" in text and "Assigned               : YES" in text
    # Assigning another policy unassigns this one; -o deletes rules, then the policy.
    assert xp.cmd("ipseccmd -w REG -p Other -r R -f 0+* -n PASS -x").ok
    assert not xp.static.policy("Block UDP 1434 Filter").assigned
    assert xp.cmd(
        'ipseccmd -w REG -p "Block UDP 1434 Filter" -r "Block Inbound UDP 1434 Rule" '
        '-r "Block Outbound UDP 1434 Rule" -o'
    ).ok
    assert "Block UDP 1434 Filter" not in [p.name for p in xp.static.policies()]
    assert "Block Inbound UDP 1434 Rule" not in [f.name for f in xp.static.filterlists()]


def test_dynamic_mode_lasts_until_the_service_restarts(xp: Emulator) -> None:
    assert xp.cmd("ipseccmd -f [*=0:445:TCP]").ok
    assert xp.cmd("ipseccmd -f 0+10.0.0.2 -n ESP[3DES,SHA] -a PRESHARE:k123").ok
    spd = get_service(xp.host).require_spd()
    assert [r.actioninbound for r in spd.rules] == ["block", "negotiate"]
    assert "Flags : Inbound Block" in xp.cmd("ipseccmd show filters").output
    xp.service.restart()
    assert get_service(xp.host).require_spd().rules == []


def test_u_empties_the_dynamic_policy_only(xp: Emulator) -> None:
    xp.cmd("ipseccmd -w REG -p Keep -r R -f 0+*:25:TCP -n BLOCK -x")
    xp.cmd("ipseccmd -f [*=0:445:TCP] 0+10.0.0.2")
    assert xp.cmd("ipseccmd -u").ok
    spd = get_service(xp.host).require_spd()
    assert [r.origin for r in spd.rules] == ["local:Keep"]
    assert all(p.origin for p in spd.mmpolicies + spd.qmpolicies)


def test_a_duplicate_dynamic_filter_fails_and_changes_nothing(xp: Emulator) -> None:
    assert xp.cmd("ipseccmd -f [*=0:445:TCP]").ok
    before = _state(xp)
    result = xp.cmd("ipseccmd -f 0+* [*=0:445:TCP]")
    assert result.errorlevel == 1 and result.output.startswith("Error: ")
    assert _state(xp) == before


def test_stopped_service_and_unknown_computer(xp: Emulator) -> None:
    assert "not recognized" not in xp.cmd("ipseccmd \\\\FARAWAY -f 0+*").output
    assert "RPC server is unavailable" in xp.cmd("ipseccmd \\\\FARAWAY -f 0+*").output
    xp.cmd("net stop policyagent")
    result = xp.cmd("ipseccmd -f 0+*")
    assert result.errorlevel == 1 and "not running" in result.output


def test_ds_needs_a_domain() -> None:
    with Emulator(os="xp", domain="corp.example") as pc:
        assert pc.cmd("ipseccmd -w DS -p Dom -r R -f 0+* -n PASS").ok
        assert "Dom" in [p.name for p in pc.static.policies("domain", "corp.example")]
    with Emulator(os="xp") as pc:
        assert "not a member of a domain" in pc.cmd("ipseccmd -w DS -p D -r R -f 0+*").output


@pytest.mark.parametrize(
    ("os_id", "tools", "line", "found"),
    [
        ("xp-sp2", None, "ipseccmd /?", True),
        ("xp", None, "ipseccmd /?", True),
        ("xp-sp2", (), "ipseccmd /?", False),  # Support Tools not installed
        ("2000", None, "ipsecpol -?", True),
        ("2000", None, "ipseccmd /?", False),
        ("xp", None, "ipsecpol -?", False),
        ("2003", None, "ipseccmd /?", False),
    ],
)
def test_which_computer_has_which_tool(os_id, tools, line, found) -> None:
    with Emulator(os=os_id, tools=tools) as pc:
        out = pc.cmd(line).output
        assert ("is not recognized" not in out) is found
        if found:
            assert out.startswith(line.split()[0].upper() + ":")


def test_in_a_lab_the_tool_is_there_when_the_lab_installs_it(tmp_path) -> None:
    from netshpy.cmdprompt import CommandPrompt
    from tests.lab.labkit import RESPOND, make_lab

    lab = make_lab(
        tmp_path,
        {"os": "xp-sp2", "setup": RESPOND, "tools": ["support-tools"]},
        {"os": "xp", "setup": RESPOND},
    )
    try:
        a, b = CommandPrompt(lab.host("A")), CommandPrompt(lab.host("B"))
        assert "is not recognized" in b.run("ipseccmd show gpo").output
        # From A, \\B reaches the other lab computer's store.
        assert a.run("ipseccmd \\\\B -w REG -p Remote -r R -f 0+* -n PASS -x").errorlevel == 0
        from netshpy.static import query

        assert query.assigned_policy(lab.host("B"), "local").name == "Remote"
        assert query.assigned_policy(lab.host("A"), "local").name == "Client (Respond Only)"
    finally:
        lab.close()


def test_a_static_line_that_fails_half_way_changes_nothing(xp: Emulator) -> None:
    assert xp.cmd("ipseccmd -w REG -p Keep -r K -f 0+*:25:TCP -n BLOCK -x").ok
    before = _state(xp)
    # The policy and the filter list would be written before the name fails to resolve.
    result = xp.cmd("ipseccmd -w REG -p New -r R -f 0+nowhere.corp.example:80:TCP -n PASS -x")
    assert result.errorlevel == 1 and "could not be resolved" in result.output
    assert _state(xp) == before
    assert xp.cmd("ipseccmd -w REG -p Keep -r K2 -f 0+*:26:TCP -n BLOCK").ok
