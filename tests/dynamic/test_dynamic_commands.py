"""Every ``netsh ipsec dynamic`` command against the running SPD."""

from __future__ import annotations

import pytest

from netshpy.dynamic import get_service
from netshpy.dynamic.spd_records import MmSa, QmSa

SETUP = [
    "add mmpolicy name=mm1",
    "add qmpolicy name=qm1",
]


@pytest.fixture
def dyn(session, run):
    """A session in the dynamic context with mm1 and qm1."""
    run("ipsec dynamic")
    for line in SETUP:
        assert run(line) == ""
    return run


def test_add_and_show_mmpolicy(dyn):
    assert dyn('add mmpolicy name=mm2 qmpermm=2 mmlifetime=10 mmsecmethods="3DES-SHA1-3"') == ""
    out = dyn("show mmpolicy name=mm2")
    assert "Main Mode Policy Name  : mm2" in out
    assert "QM Limit Per MM        : 2" in out
    assert "Soft SA Expiration Time : 600" in out
    assert "3DES       SHA1      High (2048)  600" in out
    assert "mm1" in dyn("show mmpolicy all") and "mm2" in dyn("show mmpolicy all")


def test_add_qmpolicy_and_show(dyn):
    dyn(
        'add qmpolicy name=qm2 soft=yes pfsgroup=grp2 qmsecmethods="AH[MD5]+ESP[DES,SHA1]:5000k/300s"'
    )
    out = dyn("show qmpolicy name=qm2")
    assert "Soft Associations      : YES" in out
    assert "PFS                    : Medium (2)" in out
    assert "MD5   DES             SHA1           5000/300" in out


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("add mmpolicy name=mm1", 5100),
        ("add qmpolicy name=QM1", 5101),
        ("show mmpolicy name=nope", 5102),
        ("show qmpolicy name=nope", 5103),
        ("set qmpolicy name=nope soft=yes", 5103),
        ("set mmpolicy name=nope qmpermm=1", 5102),
        (
            "add rule srcaddr=me dstaddr=any mmpolicy=nope actioninbound=permit actionoutbound=permit",
            5102,
        ),
        ("add rule srcaddr=me dstaddr=any mmpolicy=mm1", 5107),
        ("add rule srcaddr=me dstaddr=any mmpolicy=mm1 qmpolicy=nope", 5103),
        ("add rule srcaddr=WINS dstaddr=DNS mmpolicy=mm1 qmpolicy=qm1", 5035),
        ("add rule srcaddr=me dstaddr=any mmpolicy=mm1 qmpolicy=qm1 dstport=80", 5036),
        ("delete rule me any ANY 0 0 yes all", 5105),
        ("set rule me any ANY 0 0 yes all actioninbound=block", 5105),
        ("show rule", 5110),
        ("show mmfilter all", 5111),
        ("show qmfilter all", 5112),
        ("show mmfilter name=nope", 5116),
        ("show qmfilter name=nope", 5117),
        ("show mmsas", 5114),
        ("show qmsas all", 5115),
        ("delete mmpolicy name=nope", 5102),
        ("delete qmpolicy name=nope", 5103),
    ],
)
def test_errors(session, dyn, line, code):
    result = session.execute(line)
    assert not result.ok
    assert result.code == code, result.output


def test_rule_lifecycle(session, dyn):
    add = "add rule srcaddr=me dstaddr=10.1.1.0 dstmask=24 mmpolicy=mm1 qmpolicy=qm1 protocol=TCP dstport=445 kerberos=yes psk=secret"
    assert dyn(add) == ""
    assert session.execute(add).code == 5104
    out = dyn("show rule")
    assert "Destination Mask       : 255.255.255.0" in out
    assert (
        "Authentication Methods : Kerberos\n                         Preshared Key (secret)" in out
    )
    # Deleting a policy in use fails.
    assert session.execute("delete mmpolicy name=mm1").code == 5106
    assert session.execute("delete qmpolicy all").code == 5106
    # Only policies, actions and authentication change; identity finds the rule.
    ident = "srcaddr=me dstaddr=10.1.1.0 dstmask=24 protocol=TCP srcport=0 dstport=445 mirrored=yes conntype=all"
    dyn("add mmpolicy name=mm2")
    assert dyn(f"set rule {ident} mmpolicy=mm2 actioninbound=permit psk=other") == ""
    out = dyn("show rule")
    assert "Main Mode Policy Name  : mm2" in out
    assert "Inbound Action         : Permit" in out
    assert "Kerberos" not in out and "Preshared Key (other)" in out
    assert session.execute(f"set rule {ident} qmpolicy=nope").code == 5103
    assert dyn(f"delete rule {ident}") == ""
    assert session.execute("show rule").code == 5110
    assert dyn("delete mmpolicy name=mm1") == "" and dyn("delete qmpolicy name=qm1") == ""


def test_mirrored_rule_gives_one_filter_per_direction(dyn):
    dyn("add rule srcaddr=me dstaddr=10.0.0.5 mmpolicy=mm1 qmpolicy=qm1")
    generic = dyn("show qmfilter all type=generic")
    assert "2 Generic Transport Filter(s)" in generic
    assert generic.count("Source IP Address      : <My IP Address>") == 1
    assert generic.count("Source IP Address      : 10.0.0.5") == 1
    specific = dyn("show qmfilter all type=specific")
    assert "Source IP Address      : 192.168.0.10" in specific
    assert "Direction              : Outbound" in specific
    assert "Direction              : Inbound" in specific
    assert "2 Generic Filter(s)" in dyn("show mmfilter all type=generic")


def test_unmirrored_rule_gives_one_filter(dyn):
    dyn("add rule srcaddr=me dstaddr=10.0.0.5 mmpolicy=mm1 qmpolicy=qm1 mirrored=no")
    assert "1 Generic Transport Filter(s)" in dyn("show qmfilter all type=generic")
    assert "1 Specific Transport Filter(s)" in dyn("show qmfilter all type=specific")


def test_tunnel_rule(dyn):
    dyn(
        "add rule srcaddr=10.1.0.0 dstaddr=10.2.0.0 srcmask=16 dstmask=16 mmpolicy=mm1 qmpolicy=qm1 mirrored=no tunneldstaddress=172.16.0.2"
    )
    out = dyn("show qmfilter all type=generic")
    assert "Generic Tunnel Filters" in out and "Tunnel Destination     : 172.16.0.2" in out
    mm = dyn("show mmfilter all type=generic")
    assert "Destination IP Address : 172.16.0.2" in mm
    assert "Rule Type              : Tunnel" in dyn("show rule type=tunnel")
    assert "No rules" in dyn("show rule type=transport")


def test_specific_filters_follow_local_addresses(session, dyn):
    session.host.addresses = ["10.0.0.1", "10.0.1.1"]
    dyn(
        "add rule srcaddr=10.0.0.0 dstaddr=any srcmask=24 mmpolicy=mm1 actioninbound=block actionoutbound=block mirrored=no"
    )
    out = dyn("show qmfilter all type=specific")
    assert "Source IP Address      : 10.0.0.1" in out
    assert "10.0.1.1" not in out.split("Specific")[1].split("Destination")[0]
    # The inbound side binds to every local address (any holds them all).
    assert "Destination IP Address : 10.0.1.1" in out


def test_show_filters_by_values(dyn):
    dyn(
        "add rule srcaddr=me dstaddr=any mmpolicy=mm1 protocol=TCP dstport=80 actioninbound=permit actionoutbound=permit"
    )
    dyn(
        "add rule srcaddr=me dstaddr=any mmpolicy=mm1 protocol=UDP dstport=53 actioninbound=block actionoutbound=block"
    )
    out = dyn("show qmfilter all type=generic protocol=UDP")
    assert "53" in out and "Permit" not in out
    out = dyn("show qmfilter all type=generic actioninbound=permit dstport=80")
    assert "1 Generic Transport Filter(s)" in out
    assert "2 Rule(s)" in dyn("show rule srcaddr=me")
    assert "1 Rule(s)" in dyn("show rule actionoutbound=block")
    name = dyn("show rule protocol=TCP").split("Filter Name            : ")[1].split("\n")[0]
    assert f"Filter Name            : {name}" in dyn(f"show mmfilter name={name}")
    assert "1 Rule(s)" in dyn("show rule srcaddr=192.168.0.10 protocol=UDP")


def test_set_mmpolicy_all_and_qmpolicy(dyn):
    dyn("add mmpolicy name=mm2")
    assert dyn("set mmpolicy all mmlifetime=60 softsaexpirationtime=100") == ""
    out = dyn("show mmpolicy all")
    assert out.count("Soft SA Expiration Time : 100") == 2
    dyn('set mmpolicy name=mm2 mmsecmethods="DES-MD5-1"')
    assert "No. of Security Methods : 1" in dyn("show mmpolicy name=mm2")
    dyn('set qmpolicy name=qm1 pfsgroup=GRPMM qmsecmethods="ESP[3DES,None]"')
    out = dyn("show qmpolicy name=qm1")
    assert "PFS                    : Main Mode Group" in out and "No. of Offers          : 1" in out


def test_delete_all_and_policies_all(dyn):
    dyn("add rule srcaddr=me dstaddr=any mmpolicy=mm1 actioninbound=block actionoutbound=block")
    assert dyn("delete all") == ""
    assert "No Main Mode policies" in dyn("show mmpolicy all")
    dyn("add mmpolicy name=a")
    dyn("add mmpolicy name=b")
    assert dyn("delete mmpolicy all") == ""
    assert "05108" in dyn("show mmpolicy all")


def test_sas_and_stats_api(session, dyn):
    spd = get_service(session.host).require_spd()
    spd.add_mm_sa(MmSa("192.168.0.10", "10.0.0.5", "0123456789abcdef:fedcba9876543210"))
    spd.add_qm_sa(QmSa("192.168.0.10", "10.0.0.5", "qm1", protocol=6, dstport=445))
    spd.count("bad_spi", 3)
    out = dyn("show mmsas")
    assert "Cookie Pair            : 0123456789abcdef:fedcba9876543210" in out
    assert "1 Main Mode SA(s)" in out
    assert "Source                 : WIN2003, port 500" in dyn("show mmsas resolvedns=yes")
    assert "0123456789abcdef" in dyn("show mmsas format=table")
    out = dyn("show qmsas protocol=TCP")
    assert "Destination Port       : 445" in out and "Transport Filter" in out
    assert "05115" in dyn("show qmsas protocol=UDP")
    assert "05114" in dyn("show mmsas dstaddr=10.9.9.9")
    assert "qm1" in dyn("show qmsas format=table")
    stats = dyn("show stats")
    assert "Main Modes                   : 1" in stats
    assert "Bad SPI Pkts                 : 3" in stats
    assert "IKE Statistics" not in dyn("show stats type=ipsec")
    with pytest.raises(KeyError):
        spd.count("nonsense")


def test_dump_replays_to_same_state(tmp_path, dyn):
    from netshpy.host import Host
    from netshpy.session import Session

    dyn(
        'add rule srcaddr=me dstaddr=10.0.0.5 mmpolicy=mm1 qmpolicy=qm1 psk=secret rootca="CN=Root certmap:yes"'
    )
    dyn("set config ipsecexempt value=0")
    script = dyn("dump")
    assert "set config property=ipsecexempt value=0" in script
    assert "add rule srcaddr=me dstaddr=10.0.0.5" in script
    other = Session(Host(tmp_path / "other", deterministic=True))
    results = other.run_script(script.splitlines())
    assert all(r.ok for r in results), [r.output for r in results]
    assert other.execute("ipsec dynamic show rule").output.replace(
        "{00000000-0000-0000-0000-000000000001}", "X"
    ) == dyn("show rule").replace("{00000000-0000-0000-0000-000000000001}", "X")


@pytest.mark.parametrize("line", ['add mmpolicy name=""', 'add qmpolicy name=" "'])
def test_empty_policy_names_are_refused(session, dyn, line):
    assert session.execute(line).code == 5027


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("add mmpolicy name=z mmlifetime=0", 5037),
        ("add mmpolicy name=z softsaexpirationtime=-1", 5037),
        ('add mmpolicy name=z mmsecmethods="AES-SHA1-2"', 5029),
        ('add qmpolicy name=z qmsecmethods="ESP[AES,SHA1]"', 5030),
        ("add rule srcaddr=999.1.1.1 dstaddr=any mmpolicy=mm1", 5032),
        ("add rule srcaddr=me dstaddr=any srcmask=33 mmpolicy=mm1", 5033),
    ],
)
def test_bad_values(session, dyn, line, code):
    assert session.execute(line).code == code
