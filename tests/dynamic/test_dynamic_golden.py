"""Golden screens of the dynamic context (layouts are reconstructed; see docs/fidelity)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netshpy.dynamic import get_service
from netshpy.dynamic.spd_records import MmSa, QmSa

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "dynamic"
SCRIPT = [
    'add mmpolicy name=mm mmsecmethods="3DES-SHA1-2 DES-MD5-1"',
    'add qmpolicy name=qm qmsecmethods="ESP[3DES,SHA1]:100000k/3600s AH[SHA1]"',
    "add rule srcaddr=me dstaddr=10.0.0.0 dstmask=8 mmpolicy=mm qmpolicy=qm protocol=TCP dstport=445 kerberos=yes",
    "add rule srcaddr=any dstaddr=any mmpolicy=mm protocol=ICMP mirrored=no actioninbound=permit actionoutbound=permit",
    "add rule srcaddr=10.1.0.0 dstaddr=10.2.0.0 srcmask=16 dstmask=16 mmpolicy=mm qmpolicy=qm mirrored=no tunneldstaddress=172.16.0.2",
]


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("NETSHPY_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def filled(session, run):
    run("ipsec dynamic")
    for line in SCRIPT:
        assert run(line) == "", line
    spd = get_service(session.host).require_spd()
    spd.add_mm_sa(MmSa("192.168.0.10", "10.0.0.5", "5c7a1e02d4b9f611:0a4dd2c3b9e8f701"))
    spd.add_qm_sa(QmSa("192.168.0.10", "10.0.0.5", "qm", protocol=6, dstport=445))
    return run


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("show_all.txt", "show all"),
        ("show_rule.txt", "show rule"),
        ("show_qmsas_table.txt", "show qmsas format=table"),
        ("show_mmsas_table.txt", "show mmsas format=table"),
        ("dump.txt", "dump"),
    ],
)
def test_screens(filled, name, line):
    _check(name, filled(line))
