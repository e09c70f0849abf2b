"""tshark decodes the capture of each shipped lab's solution as the computers' SAs say.

Every shipped lab's solution transcript is replayed with a capture on every
network; tshark (Wireshark's own ISAKMP and ESP dissectors) reads the saved
pcap. For every main mode SA of every computer (what ``show mmsas`` prints
on Server 2003, checked against the screen there), the
capture holds its cookie pair, the Diffie-Hellman group of Main Mode 2 is the
SA's (group 2048 = 14), and IKE used UDP 4500 exactly when the SA's ports
say so; every quick mode SA's SPIs (inbound and outbound) appear in ESP
headers. Skipped when tshark is not installed, except in CI
(``NETSHPY_REQUIRE_TSHARK=1``, set by ``.ci/run``, which installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("scapy")

from netshpy.capture import recorder  # noqa: E402
from netshpy.dynamic.service import get_service  # noqa: E402
from netshpy.transcript.console import Console, ConsoleEnded  # noqa: E402
from netshpy.transcript.format import unmask_input  # noqa: E402
from netshpy.transcript.replay import Settings, load, open_lab  # noqa: E402
from netshpy.values import DH_GROUPS  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "transcripts").glob("lab-*.txt"))
TSHARK = shutil.which("tshark")
WIRE_GROUP = {"Low (1)": "1", "Medium (2)": "2", "High (2048)": "14"}
FIELDS = ["udp.srcport", "udp.dstport", "isakmp.ispi", "isakmp.rspi", "isakmp.exchangetype"]
FIELDS += ["isakmp.ike.attr.group_description", "esp.spi"]

if TSHARK is None and os.environ.get("NETSHPY_REQUIRE_TSHARK") != "1":
    pytest.skip("tshark is not installed", allow_module_level=True)


def _replay_with_capture(path: Path, tmp: Path):
    transcript = load(path)
    lab = open_lab(transcript, Settings(), tmp)
    capture = recorder.start(lab, "*")
    first = transcript.steps[0] if transcript.steps else None
    console = Console(
        lab.host(lab.spec.start),
        cmd_prompt=first.prompt if first and first.is_cmd else None,
        session_factory=lab.session,
    )
    here = os.getcwd()
    os.chdir(tmp)
    try:
        for step in transcript.steps:
            if step.text.startswith(":capture"):  # the test's capture listens everywhere
                continue
            try:
                console.feed(unmask_input(step.text, transcript.psk))
            except ConsoleEnded:
                break
    finally:
        os.chdir(here)
        console.close()
    return lab, capture


def _tshark(pcap: Path) -> list[dict[str, str]]:
    args = [TSHARK or "tshark", "-n", "-r", str(pcap), "-T", "fields", "-E", "separator=|"]
    for name in FIELDS:
        args += ["-e", name]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [dict(zip(FIELDS, line.split("|"), strict=False)) for line in out.splitlines()]


MMSA = re.compile(
    r"^Cookie Pair +: (\w+):(\w+)\n^Sec Methods +: [^/]+/[^/]+/(.+)/\d+\n^Auth Mode.*\n"
    r"^Source +: [\d.]+, port (\d+)\n^Destination +: [\d.]+, port (\d+)",
    re.M,
)


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_tshark_reads_what_show_mmsas_and_qmsas_say(path: Path, tmp_path: Path) -> None:
    lab, capture = _replay_with_capture(path, tmp_path)
    with lab:
        pcap = tmp_path / "capture.pcap"
        capture.save(pcap)
        rows = _tshark(pcap) if capture.frames else []
        assert len(rows) == len(capture.frames)
        spis = {int(r["esp.spi"], 16) for r in rows if r["esp.spi"]}
        checked = 0
        for comp in lab.spec.computers:
            spd = get_service(lab.host(comp.name)).require_spd()
            sas = [
                (*sa.cookies.split(":"), DH_GROUPS[sa.dhgroup], str(sa.src_port), str(sa.dst_port))
                for sa in spd.mmsas
            ]
            screen = lab.run(comp.name, "ipsec dynamic show mmsas").output
            if "Main Mode SAs at" in screen:  # Server 2003: netsh prints them
                assert sorted(MMSA.findall(screen)) == sorted(sas)
            for icky, rcky, group, sport, dport in sas:
                ike = [r for r in rows if r["isakmp.ispi"] == icky and r["isakmp.rspi"] == rcky]
                assert ike, f"{comp.name}: cookie pair {icky}:{rcky} not on the wire"
                answer = [r for r in ike if r["isakmp.ike.attr.group_description"]]
                assert (
                    answer and answer[0]["isakmp.ike.attr.group_description"] == WIRE_GROUP[group]
                )
                ports = {r["udp.srcport"] for r in ike} | {r["udp.dstport"] for r in ike}
                assert ("4500" in ports) == (sport == dport == "4500"), (comp.name, ports)
                checked += 1
            for sa in spd.qmsas:
                assert {sa.spi_in, sa.spi_out} <= spis, f"{comp.name}: SPIs of {sa} not in ESP"
        if path.stem in ("lab-dh2048", "lab-nat-t"):
            assert checked >= 2


@pytest.mark.parametrize("exclude", [False, True])
def test_tshark_reads_the_ca_name_of_the_certificate_request(tmp_path: Path, exclude: bool) -> None:
    from netshpy.lab.runtime import Lab

    lab = Lab.from_file(
        ROOT / "labs" / "certmap.toml", tmp_path / "lab", fresh=True, deterministic=True
    )
    with lab:
        option = "yes" if exclude else "no"
        line = (
            'ipsec static set rule name=Partners policy="Partner certificates" '
            f'rootca="CN=Corp Root CA certmap:no excludecaname:{option}"'
        )
        assert lab.run("SRV1", line).ok
        capture = recorder.start(lab, "SRV1")
        assert lab.ping("PARTNER1", "SRV1").outcome == "secured"
        capture.save(tmp_path / "c.pcap")
        args = [
            TSHARK or "tshark",
            "-n",
            "-r",
            str(tmp_path / "c.pcap"),
            "-Y",
            "isakmp.certreq.type",
        ]
        args += ["-T", "fields", "-e", "isakmp.certreq.type", "-e", "x509sat.printableString"]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        # Main mode 4 (SRV1, the responder, before encryption): the CA's name, or nothing.
        assert out.splitlines() == (["4\t"] if exclude else ["4\tCorp Root CA"])


def test_tshark_shows_the_pcapng_comments(tmp_path: Path) -> None:
    from netshpy.lab.runtime import Lab

    lab = Lab.from_file(
        ROOT / "labs" / "dh2048.toml", tmp_path / "lab", fresh=True, deterministic=True
    )
    with lab:
        capture = recorder.start(lab, "*")
        lab.ping("SRV1", "XP1")
        capture.save(tmp_path / "c.pcapng")
        args = [TSHARK or "tshark", "-n", "-r", str(tmp_path / "c.pcapng")]
        args += ["-T", "fields", "-e", "frame.comment"]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        assert out.splitlines() == [recorder.comment(f) for f in capture.frames]
        assert out.startswith("SRV1 -> XP1: Main Mode 1: SA (")
