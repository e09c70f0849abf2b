"""Facts of the reference (/work/shared/reference/netsh-ipsec.md) tagged [V] or [D].

One row per fact, citing its section and source id, so that a regression of
a verbatim or documented behaviour names the fact it breaks. Each row runs
its lines in a fresh session and checks what the last one printed:

- ``eq``: the whole output; ``has`` / ``lacks``: a substring;
- ``line``: one whole line of the output (trailing blanks included);
- ``ok`` / ``fail``: the command succeeds / fails (netsh prints an error).

Every line before the last must succeed.

Facts about screens already kept as golden files (tests/golden/) are only
sampled here; facts the reference marks [M] are not rows.
"""

from __future__ import annotations

import pytest

from netshpy.session import Session

S = "ipsec static "
D = "ipsec dynamic "
# A small store used by several rows (reference 6.1-6.5 example names).
STORE = [
    S + "delete all",
    S + "add filterlist Filterlist",
    S + "add filteraction FilterAction",
    S + "add policy Policy",
]
MMQM = [D + "add mmpolicy name=mm", D + "add qmpolicy name=qm"]

FACTS: list[tuple[str, list[str], str, str]] = [
    # ---- 3.2 prompt and navigation ------------------------------------------------
    ("3.2 D S9 prompt", ["ipsec static", "dynamic", "..", "..", "ipsec static"], "ok", ""),
    ("3.2 V R3 '..' one-liner", ["?"], "line", "..             - Goes up one context level."),
    ("3.2 V R3 pushd", ["?"], "line", "pushd          - Pushes current context on stack."),
    ("3.2 V R3 popd", ["?"], "line", "popd           - Pops a context from the stack."),
    # ---- 3.3 token matching --------------------------------------------------------
    ("3.3 D S9 abbreviation", ["ipsec st sh sto"], "has", "Current Store"),
    ("3.3 D S9 case-insensitive words", ["IPSEC STATIC SHOW STORE"], "has", "Current Store"),
    (
        "3.3 D S9 ambiguous prefix",
        [S + "s store"],
        "eq",
        "The following command was not found: ipsec static s store.\n",
    ),
    (
        "3.3 V S3 qmsec=",
        [S + "add filteraction FA qmsec=ESP[3DES,MD5]:100000k/2000s", S + "dump"],
        "has",
        'qmsecmethods="ESP[3DES,MD5]:100000k/2000s"',
    ),
    (
        "3.3 V S5 mmsec=",
        [S + 'add policy P mmsec="3DES-SHA1-3 DES-MD5-3"', S + "dump"],
        "has",
        'mmsecmethods="3DES-SHA1-3 DES-MD5-3"',
    ),
    (
        "3.3 V S4 srca= dsta= tunneldst= proto= mir= con= qmp=",
        [
            *MMQM,
            D + "add rule srcaddr=WINS dstaddr=0.0.0.0 srcmask=32 dstmask=32 "
            "tunneldstaddress=192.168.145.1 protocol=tcp srcport=80 dstport=80 "
            "mirrored=no conntype=lan mmpolicy=mm qmpolicy=qm",
            D + "set rule srca=WINS dsta=0.0.0.0 srcmask=32 dstmask=32 "
            "tunneldst=192.168.145.1 proto=tcp srcport=80 dstport=80 mir=no con=lan "
            "qmp=qm actionin=negotiate actionout=negotiate",
        ],
        "ok",
        "",
    ),
    (
        "3.3 3P mirror=",
        [S + "add filter filterlist=L srcaddr=me dstaddr=any mirror=no", S + "dump"],
        "has",
        "mirrored=no",
    ),
    (
        "3.3 V S3 yes/no as y/n",
        [S + "add filteraction FA soft=y inpass=Y qmpfs=n", S + "dump"],
        "has",
        "qmpfs=no inpass=yes soft=yes",
    ),
    (
        "3.3 V S5 values case-insensitive",
        [S + "add filter filterlist=L srcaddr=Me dstaddr=Any protocol=tcp", S + "dump"],
        "has",
        "srcaddr=me dstaddr=any protocol=TCP",
    ),
    # ---- 3.4 tags, positions, quoting ---------------------------------------------
    (
        "3.4 V S5 positional values",
        [S + "add filter filterlist=Filter1 192.145.168.0 192.145.168.45 srcmask=24", S + "dump"],
        "has",
        "srcaddr=192.145.168.0 dstaddr=192.145.168.45",
    ),
    (
        "3.4 V S5 'tag= value'",
        [S + "add filterlist name= A", S + "show filterlist A"],
        "has",
        ": A\n",
    ),
    (
        "3.4 3P 'tag = value'",
        [S + "add filterlist name = B", S + "show filterlist B"],
        "has",
        ": B\n",
    ),
    (
        "3.4 V R5 quotes stripped in 'not found'",
        [S + 'frob "a b"'],
        "eq",
        "The following command was not found: ipsec static frob a b.\n",
    ),
    (
        "3.4 V S3 rootca with \\' quotes",
        [
            *STORE,
            S + "add rule name=Rule policy=Policy filterlist=Filterlist "
            'filteraction=FilterAction kerberos=yes psk="my key" '
            'rootca="C=US,O=MSFT,CN=Microsoft Authenticode(tm) Root Authority" '
            "rootca=\"C=US,O=MSFT,CN=\\'Microsoft North, South, East, and West Root "
            "Authority\\' certmap:yes excludecaname:no\"",
        ],
        "ok",
        "",
    ),
    # ---- 3.5 help layout ---------------------------------------------------------
    ("3.5 V R2 listing header", ["ipsec ?"], "line", "The following commands are available:"),
    ("3.5 V R8 trailer", ["ipsec ?"], "has", "followed by a space, and then\n type ?.\n"),
    (
        "3.5 V R1 14-col names",
        [S + "show"],
        "line",
        "show all       - Displays details of all policies and related information.",
    ),
    (
        "3.5 V R1 long name overflows by one blank",
        [S + "show"],
        "line",
        "show filteraction - Displays filter action details.",
    ),
    ("3.5 V R1 group listing has no trailer", [S + "show"], "lacks", "type ?."),
    ("3.5 V S5 no arguments prints usage", [S + "add filter"], "has", "\nUsage:\n  filter "),
    # ---- 3.6 root commands -------------------------------------------------------
    (
        "3.6 V R3 abort",
        ["?"],
        "line",
        "abort          - Discards changes made while in offline mode.",
    ),
    ("3.6 V R3 exec", ["?"], "line", "exec           - Runs a script file."),
    ("3.6 V R3 set", ["?"], "line", "set            - Updates configuration settings."),
    ("3.6 V R3 show", ["?"], "line", "show           - Displays information."),
    ("3.6 V R3 unalias", ["?"], "line", "unalias        - Deletes an alias."),
    ("3.6 V helper line", ["?"], "line", "ipsec          - Changes to the `netsh ipsec' context."),
    ("3.6 V S7 add helper", ["add"], "line", "add helper     - Installs a helper DLL."),
    ("3.6 V S7 delete helper", ["delete"], "line", "delete helper  - Removes a helper DLL."),
    # ---- 3.8 generic errors ------------------------------------------------------
    ("3.8 V R4 not found", ["dhcp"], "eq", "The following command was not found: dhcp.\n"),
    (
        "3.8 V R6 unknown tag",
        [S + "add filter filterlist=L srcaddr=me dstaddr=any bogus=1"],
        "eq",
        "'bogus' is not a valid argument for this command.\n",
    ),
    (
        "3.8 V R6 syntax error, blank, usage",
        [S + "add filterlist x name=y"],
        "has",
        "The syntax supplied for this command is not valid. Check help for the correct "
        "syntax.\n\nUsage:\n",
    ),
    (
        "3.8 V R7 essential parameters",
        [S + "add filter filterlist=L"],
        "has",
        "One or more essential parameters were not entered.\n"
        "Verify the required parameters, and reenter them.\n",
    ),
    ("3.8 M ipsec success prints nothing (no 'Ok.')", [S + "add filterlist L"], "eq", ""),
    # ---- 4 value grammar ---------------------------------------------------------
    ("4 V S3 protocol integer", [S + "add filter filterlist=L me any protocol=47"], "ok", ""),
    ("4 V S3 protocol > 255", [S + "add filter filterlist=L me any protocol=256"], "fail", ""),
    (
        "4 V S3 port 0-65535",
        [S + "add filter filterlist=L me any protocol=TCP dstport=65536"],
        "fail",
        "",
    ),
    (
        "4 V S3 mask prefix",
        [S + "add filter filterlist=L me 10.0.0.0 dstmask=8", S + "dump"],
        "has",
        "dstmask=255.0.0.0",
    ),
    (
        "4 V S3 server type makes the other side me",
        [S + "add filter filterlist=L srcaddr=DHCP dstaddr=0.0.0.0 protocol=ICMP", S + "dump"],
        "has",
        "srcaddr=DHCP dstaddr=me",
    ),
    (
        "4 V dynamic: ports only with TCP or UDP",
        [*MMQM, D + "add rule any any mm qmpolicy=qm protocol=ICMP dstport=80"],
        "has",
        "ERR IPsec[",
    ),
    (
        "4 3P qmsec seconds-only lifetime",
        [S + "add filteraction FA qmsec=ESP[3DES,SHA1]:3600s"],
        "ok",
        "",
    ),
    *[
        (f"4 V S1 pfsgroup {g}", [D + f"add qmpolicy name=q pfsgroup={g}"], "ok", "")
        for g in ("GRP1", "GRP2", "GRP3", "GRPMM", "NOPFS")
    ],
    ("4 V S1 pfsgroup other", [D + "add qmpolicy name=q pfsgroup=GRP4"], "fail", ""),
    # ---- 5 ipsec context ---------------------------------------------------------
    (
        "5 V S7 dynamic line",
        ["ipsec ?"],
        "line",
        "dynamic        - Changes to the `netsh ipsec dynamic' context.",
    ),
    (
        "5 V sub-contexts",
        ["ipsec ?"],
        "has",
        "The following sub-contexts are available:\n dynamic static\n",
    ),
    # ---- 6 ipsec static ----------------------------------------------------------
    (
        "6.0 V S7 exportpolicy",
        [S + "?"],
        "line",
        "exportpolicy   - Exports all the policies from the policy store.",
    ),
    ("6.0 V S5 no sub-contexts", [S + "?"], "lacks", "sub-contexts"),
    (
        "6.0 V S7 add policy",
        [S + "add"],
        "line",
        "add policy     - Creates a policy with a default response rule.",
    ),
    (
        "6.0 V S7 show gpoassignedpolicy",
        [S + "show"],
        "line",
        "show gpoassignedpolicy - Displays details of a group assigned policy.",
    ),
    (
        "6.1 V S3 mirrored spacing",
        [S + "add filter ?"],
        "line",
        "         [ [ mirrored = ] (yes  |  no) ]",
    ),
    (
        "6.1 V S3 summary",
        [S + "add filter ?"],
        "line",
        "  Adds a filter to the specified filter list.",
    ),
    (
        # S5's examples 4 and 5 (IPv6, an address range) are Vista+ syntax that
        # Server 2003 refuses: its help does not show them.
        "6.1 V S5 examples 4-5 (IPv6, range) are Vista+: absent on 2003",
        [S + "add filter ?"],
        "lacks",
        "E3D7::51F4:9BC8:00A8:6420",
    ),
    (
        "6.1 V S5 example 1 broken by hand",
        [S + "add filter ?"],
        "has",
        "192.145.168.45\n             srcmask=24 dstmask=32\n",
    ),
    (
        "6.1 3P no de-duplication",
        [
            S + "add filter filterlist=L me any",
            S + "add filter filterlist=L me any",
            S + "show filterlist L",
        ],
        "has",
        "No. of Filters         : 2",
    ),
    (
        "6.2 V S3 inpass spacing",
        [S + "add filteraction ?"],
        "line",
        "               [ [ inpass  = ] (yes | no) ]",
    ),
    ("6.3 V S5 empty Remarks", [S + "add filterlist ?"], "has", "\nRemarks:\n\nExamples:"),
    (
        "6.4 V remark 1 mmpfs sets qmpermm=1",
        [S + "add policy P mmpfs=yes qmpermm=5", S + "show policy P level=verbose"],
        "line",
        "QM Per MM              : 1",
    ),
    (
        "6.4 V R11 Polling Interval",
        [S + "add policy P", S + "show policy P"],
        "line",
        "Polling Interval       : 180 minutes",
    ),
    (
        "6.4 V R11 Master PFS",
        [S + "add policy P", S + "show policy P"],
        "line",
        "Master PFS             : NO",
    ),
    (
        "6.4 V R11 Description NONE",
        [S + "add policy P", S + "show policy P"],
        "line",
        "Description            : NONE",
    ),
    (
        "6.5 3P 05049 missing filter list",
        [*STORE, S + "add rule name=R policy=Policy filterlist=Nope filteraction=FilterAction"],
        "has",
        "ERR IPsec[05049]",
    ),
    (
        "6.12 V S19 set defaultrule example",
        [
            S + "add policy IIS_Server_Policy",
            S + 'set defaultrule policy="IIS_Server_Policy" activate=no',
        ],
        "ok",
        "",
    ),
    (
        "6.13 V S3 soft spacing",
        [S + "set filteraction ?"],
        "line",
        "               [ [ soft = ] (yes | no)  ]",
    ),
    (
        "6.16 V S3 [id= ]",
        [S + "set rule ?"],
        "line",
        "  rule [ name = ] <string> | [id= ] <integer>",
    ),
    ("6.17 V R11 Local Store", [S + "show store"], "has", "Local Store <WIN2003>"),
    (
        "6.18 3P <My IP Address>",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "line",
        "Source IP Address      : <My IP Address>",
    ),
    (
        "6.18 3P <Any IP Address>",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "line",
        "Destination IP Address : <Any IP Address>",
    ),
    (
        "6.18 V R11 any mask 0.0.0.0",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "line",
        "Destination Mask       : 0.0.0.0",
    ),
    (
        "6.18 V R11 port 0 is ANY",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "line",
        "Source Port            : ANY",
    ),
    (
        "6.18 V R11 Mirrored YES",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "line",
        "Mirrored               : YES",
    ),
    (
        "6.18 V R11 Filter(s) heading",
        [S + "add filter filterlist=L me any", S + "show filterlist L level=verbose"],
        "has",
        "Filter(s)\n---------\n",
    ),
    (
        "6.18 3P 05067 no filter lists",
        [S + "delete all", S + "show filterlist all"],
        "has",
        "ERR IPsec[05067]",
    ),
    (
        "6.18 3P 05068 no filter actions",
        [S + "delete all", S + "show filteraction all"],
        "has",
        "ERR IPsec[05068]",
    ),
    (
        "6.18 3P 05072 'No Policies'",
        [S + "delete all", S + "show policy all"],
        "has",
        "ERR IPsec[05072]",
    ),
    # ---- 7 ipsec dynamic ---------------------------------------------------------
    (
        "7.0 V S7 set config one-liner",
        [D + "set"],
        "line",
        "set config     - Sets the IPsec configuration and boot time behavior.",
    ),
    (
        "7.0 V S7 show all one-liner",
        [D + "show"],
        "line",
        "show all       - Displays policies, filters, SAs, and statistics from SPD.",
    ),
    (
        "7.0 V S7 delete mmpolicy",
        [D + "delete"],
        "line",
        "delete mmpolicy - Deletes a main mode policy from SPD.",
    ),
    ("7.3 V S3 summary", [D + "add rule ?"], "line", "  Adds a Rule."),
    (
        "7.4 V S3 summary",
        [D + "set rule ?"],
        "line",
        "  Modifies a rule and associated filters in SPD.",
    ),
    (
        "7.3 V S19 known-good lines",
        [
            D + "add mmpolicy name=TempMMpolicy",
            D + "add rule srcaddr=any dstaddr=any mmpolicy=TempMMpolicy actioninbound=block "
            "actionoutbound=block",
            D + "add rule srcaddr=any dstaddr=any mmpolicy=TempMMpolicy protocol=ICMP "
            "actioninbound=permit actionoutbound=permit",
            D + "add rule srcaddr=any dstaddr=any mmpolicy=TempMMpolicy protocol=TCP srcport=0 "
            "dstport=80 mirrored=yes actioninbound=permit actionoutbound=permit",
        ],
        "ok",
        "",
    ),
    ("7.6 V S19 delete all", [*MMQM, D + "delete all", D + "show mmpolicy all"], "has", "ERR"),
    (
        "7.8 wrapped property list",
        [D + "set config ?"],
        "has",
        "(ipsecdiagnostics | ikelogging | strongcrlcheck |\n"
        "                         ipsecloginterval | ipsecexempt | bootmode | bootexemptions)\n",
    ),
    ("7.8 D S15 tag omitted", [D + "set config ipsecexempt value=3"], "ok", ""),
    ("7.8 D S16 bootmode block", [D + "set config bootmode value=block"], "ok", ""),
    ("7.8 D S15 ipsecexempt 0-3", [D + "set config ipsecexempt value=4"], "fail", ""),
    ("7.8 D S15 ipsecexempt default 3", [D + "show config"], "line", "IPSecExempt            : 3"),
    (
        "7.8 D S16 bootmode default stateful",
        [D + "show config"],
        "line",
        "Boot Mode              : stateful",
    ),
]


def _ids() -> list[str]:
    return [f"{n:02d} {ref}" for n, (ref, *_rest) in enumerate(FACTS)]


@pytest.mark.parametrize(("ref", "lines", "kind", "expected"), FACTS, ids=_ids())
def test_reference_fact(
    session: Session, ref: str, lines: list[str], kind: str, expected: str
) -> None:
    for line in lines[:-1]:
        assert session.execute(line).ok, line
    result = session.execute(lines[-1])
    out = result.output
    if kind == "eq":
        assert out == expected
    elif kind == "has":
        assert expected in out
    elif kind == "lacks":
        assert expected not in out
    elif kind == "line":
        assert expected in out.split("\n")
    elif kind == "ok":
        assert result.ok and "ERR" not in out, out
    else:
        assert kind == "fail"
        assert not result.ok and out, out
