"""A send's explanation says what the trainee needs: RSVP by name, a boot exemption
with swapped ports, a setting stored but not in effect until a restart."""

from __future__ import annotations

from pathlib import Path

from netshpy.host import Host
from netshpy.lab.cli import find_lab_file
from netshpy.lab.runtime import Lab
from netshpy.session import Session


def _open(name: str, tmp_path: Path) -> Lab:
    return Lab.from_file(find_lab_file(name), tmp_path / name, fresh=True, deterministic=True)


def test_rsvp_is_named(tmp_path: Path) -> None:
    with _open("default-exemptions", tmp_path) as lab:
        result = lab.send("SRV1", "DC1", "rsvp")
        assert result.summary.startswith("SRV1 -> DC1 RSVP:")
        assert " 46" not in result.text()


def test_a_swapped_boot_exemption_is_explained(tmp_path: Path) -> None:
    with _open("startup-security", tmp_path) as lab:
        lab.run("SRV1", "ipsec dynamic set config property=bootmode value=block")
        lab.run(
            "SRV1", 'ipsec dynamic set config property=bootexemptions value="TCP:3389:0:inbound"'
        )
        lab.reboot("SRV1", start_service=False)
        text = lab.send("ADMIN", "SRV1", "tcp", 3389).text()
        assert "TCP:3389:0:inbound has its ports swapped" in text
        assert "TCP:0:3389:inbound exempts destination port 3389" in text
        # and the grader says the same of the setting
        assert "its ports are swapped" in lab.check().text()


def test_a_pending_ipsecexempt_is_explained(tmp_path: Path) -> None:
    with _open("default-exemptions", tmp_path) as lab:
        assert lab.run("SRV1", "ipsec dynamic set config property=ipsecexempt value=2").ok
        result = lab.send("SRV1", "DC1", "udp", 88)
        assert result.outcome == "failed"
        assert "ipsecexempt=2 is stored but takes effect only after SRV1 restarts" in result.text()
        # traffic the stored value would not exempt gets no such note
        assert "ipsecexempt" not in lab.send("SRV1", "DC1", "tcp", 445).text()
        lab.reboot("SRV1")
        result = lab.send("SRV1", "DC1", "udp", 88)
        assert result.outcome == "clear" and "is stored but" not in result.text()


def test_tree_names_protocols(tmp_path: Path) -> None:
    s = Session(Host(tmp_path, deterministic=True), interactive=False)
    for line in (
        "ipsec static add filterlist name=L",
        "ipsec static add filter filterlist=L srcaddr=me dstaddr=any protocol=TCP dstport=80",
        "ipsec static add filter filterlist=L srcaddr=me dstaddr=any protocol=46",
        "ipsec static add filteraction name=A action=block",
        "ipsec static add policy name=P",
        "ipsec static add rule name=R policy=P filterlist=L filteraction=A",
    ):
        assert s.execute(line).ok, line
    out = s.execute(":tree P").output
    assert "protocol: TCP" in out and "protocol: RSVP" in out
    assert "protocol: 6" not in out and "protocol: 46" not in out
