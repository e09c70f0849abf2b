"""Each side of a secured exchange keeps its own SAs and filters: the responder's quick
mode SA names the responder's policy and shows the traffic inbound from the initiator."""

from __future__ import annotations

import re
from pathlib import Path

from netshpy.dynamic.service import get_service
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file

FIX = 'ipsec static set filteraction name="AH and ESP" qmsecmethods="ESP[3DES,SHA1]"'


def _nat_t(tmp_path: Path) -> Lab:
    return Lab.from_file(find_lab_file("nat-t"), tmp_path / "lab", fresh=True, deterministic=True)


def test_each_side_has_its_own_quick_mode_sa(tmp_path: Path) -> None:
    with _nat_t(tmp_path) as lab:
        assert lab.run("SRV1", FIX).ok
        assert lab.send("LAPTOP", "SRV1", "tcp", 3389).outcome == "secured"
        (laptop,) = get_service(lab.host("LAPTOP")).require_spd().qmsas
        (srv1,) = get_service(lab.host("SRV1")).require_spd().qmsas
        # the initiator: its own filter action, outbound from itself
        assert (laptop.policy, laptop.src, laptop.dst, laptop.direction) == (
            "Secure",
            "192.168.1.10",
            "203.0.113.20",
            "outbound",
        )
        # the responder: its own filter action, inbound from the NAT's address
        assert (srv1.policy, srv1.src, srv1.dst, srv1.direction) == (
            "AH and ESP",
            "203.0.113.5",
            "203.0.113.20",
            "inbound",
        )
        out = lab.run("SRV1", "ipsec dynamic show qmsas").output
        assert re.search(r"Policy Name +: AH and ESP\n", out) and "Secure" not in out
        assert re.search(r"Source Address +: 203\.0\.113\.5\n", out)
        assert re.search(r"Direction +: Inbound\n", out)


def test_a_default_response_names_its_own_policy(tmp_path: Path) -> None:
    with Lab.from_file(
        find_lab_file("dh2048"), tmp_path / "lab", fresh=True, deterministic=True
    ) as lab:
        assert lab.send("SRV1", "SRV2").outcome == "secured"
        (sa,) = get_service(lab.host("SRV2")).require_spd().qmsas
        assert (sa.policy, sa.src, sa.dst, sa.direction) == (
            "Default Response",
            "10.0.0.1",
            "10.0.0.2",
            "inbound",
        )


def test_a_me_filter_binds_only_the_local_side(tmp_path: Path) -> None:
    """me -> any (mirrored) gives address -> any outbound and any -> address inbound,
    never a filter from 'me' to the computer's own address."""
    with _nat_t(tmp_path) as lab:
        out = lab.run("SRV1", "ipsec dynamic show qmfilter all type=specific").output
        assert "2 Specific Transport Filter(s)" in out
        assert not re.search(r"IP Address +: <My IP Address>", out)
