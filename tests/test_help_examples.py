"""Every example line of every help screen runs without error (Server 2003 syntax only).

An example names objects (``Filter1``, ``TempMMpolicy``...) that a fresh
computer lacks: SETUP creates them first, so that only the example's own
syntax and values are judged. A help screen must never show an example that
the same computer refuses (IPv6 addresses and address ranges are Vista+).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.host import Host
from netshpy.session import Session
from netshpy.spec import load

# Objects the examples of a command refer to, created before each example.
SETUP = {
    "ipsec dynamic add rule": ["ipsec dynamic add mmpolicy name=TempMMpolicy"],
    "ipsec dynamic set rule": [
        "ipsec dynamic add mmpolicy name=mm",
        "ipsec dynamic add qmpolicy name=qmp",
        "ipsec dynamic add rule srcaddr=WINS dstaddr=0.0.0.0 srcmask=32 dstmask=32 "
        "tunneldstaddress=192.168.145.1 protocol=tcp srcport=80 dstport=80 mirrored=no "
        "conntype=lan mmpolicy=mm actioninbound=block actionoutbound=block",
    ],
    "ipsec static add rule": [
        "ipsec static add policy name=Policy",
        "ipsec static add filterlist name=Filterlist",
        "ipsec static add filteraction name=FilterAction",
    ],
    "ipsec static set defaultrule": ["ipsec static add policy name=IIS_Server_Policy"],
    "ipsec static set filteraction": ["ipsec static add filteraction name=test"],
    "alias": ["alias ss show mode"],
}
# An example that names an object by a GUID no store can be given: its only allowed
# error is that the GUID does not exist.
GUID_MISSING = "ERR IPsec[05024]"

EXAMPLES = [
    (cmd.full_name, " ".join(cmd.context), " ".join(example.split()))
    for cmd in load().commands()
    for example in cmd.examples
]


def test_there_are_examples() -> None:
    assert len(EXAMPLES) > 15


@pytest.mark.parametrize(
    ("command", "context", "example"), EXAMPLES, ids=[f"{e[0]}:{e[2][:40]}" for e in EXAMPLES]
)
def test_every_help_example_runs(command: str, context: str, example: str, tmp_path: Path) -> None:
    session = Session(Host(tmp_path, deterministic=True), interactive=False)
    for line in SETUP.get(command, []):
        assert session.execute(line).ok, line
    result = session.execute(f"{context} {example}".strip())
    if "guid=" in example.lower() and not result.ok:
        assert result.output.startswith(GUID_MISSING), result.output
        return
    assert result.ok, f"{example}\n{result.output}"


@pytest.mark.parametrize(
    "value", ["E3D7::51F4:9BC8:00A8:6420", "192.168.2.1-192.168.2.10", "10.0.0.1-10.0.0.9"]
)
def test_server_2003_refuses_ipv6_and_ranges(value: str, tmp_path: Path) -> None:
    session = Session(Host(tmp_path, deterministic=True), interactive=False)
    for line in (
        f"ipsec static add filter filterlist=F srcaddr={value} dstaddr=me",
        f"ipsec dynamic add rule srcaddr={value} dstaddr=me mmpolicy=x",
    ):
        result = session.execute(line)
        assert not result.ok and f'Invalid IP address "{value}"' in result.output, line
    # a DNS name is still an address (it must resolve: www.example.com does, see netshpy.computer)
    assert session.execute(
        "ipsec static add filter filterlist=F srcaddr=www.example.com dstaddr=me"
    ).ok


def test_help_mentions_neither_ipv6_nor_ranges(tmp_path: Path) -> None:
    session = Session(Host(tmp_path, deterministic=True), interactive=False)
    for line in (
        "ipsec static add filter ?",
        "ipsec dynamic add rule ?",
        "ipsec dynamic set rule ?",
    ):
        text = session.execute(line).output.lower()
        assert "ipv6" not in text and "range" not in text, line
