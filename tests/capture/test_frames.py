"""Frames a capture records: secured, blocked, failed and NAT-T sends, as built and as decoded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("scapy")

from netshpy.capture import recorder  # noqa: E402
from netshpy.capture.decode import decode_text, frame_list  # noqa: E402
from netshpy.capture.layers import AH, ESP, IP, ISAKMP, NON_ESP, TCP, UDP, Ether  # noqa: E402
from netshpy.dynamic.service import get_service  # noqa: E402
from netshpy.lab.runtime import Lab  # noqa: E402
from tests.lab.labkit import RESPOND, make_lab, require  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NAT_FIX = 'ipsec static set filteraction name="AH and ESP" qmsecmethods="ESP[3DES,SHA1]"'


def shipped(name: str, tmp: Path) -> Lab:
    return Lab.from_file(ROOT / "labs" / f"{name}.toml", tmp / name, fresh=True, deterministic=True)


def rows(capture: recorder.Capture) -> list[tuple[str, str, str, str]]:
    return [(f.src, f.dst, f.protocol, f.summary.split(":")[0]) for f in capture.frames]


def isakmp(frame) -> ISAKMP:
    return Ether(frame.data)[ISAKMP]


def test_secured_send_main_mode_quick_mode_then_esp(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        capture = recorder.start(lab, "*")
        assert lab.ping("SRV1", "SRV2").outcome == "secured"
        a, b = "10.0.0.1", "10.0.0.2"
        assert rows(capture) == [
            (a, b, "ISAKMP", "Main Mode 1"),
            (b, a, "ISAKMP", "Main Mode 2"),
            (a, b, "ISAKMP", "Main Mode 3"),
            (b, a, "ISAKMP", "Main Mode 4"),
            (a, b, "ISAKMP", "Main Mode 5"),
            (b, a, "ISAKMP", "Main Mode 6"),
            (a, b, "ISAKMP", "Quick Mode 1"),
            (b, a, "ISAKMP", "Quick Mode 2"),
            (a, b, "ISAKMP", "Quick Mode 3"),
            (a, b, "ESP", capture.frames[9].summary),
            (b, a, "ESP", capture.frames[10].summary),
        ]
        # Group 2048 goes on the wire as MODP group 14, in the offer and in the answer.
        assert "group 14" in capture.frames[0].summary and "group 14" in capture.frames[1].summary
        mm2 = isakmp(capture.frames[1])
        assert ("GroupDesc", "2048MODPgr") in mm2.payload.prop.trans.transforms
        # The key exchange is sized by the group: 2048 bits.
        assert "KE (2048-bit)" in capture.frames[2].summary
        # The cookies are the ones show mmsas prints, on both computers.
        mmsas = lab.run("SRV2", "ipsec dynamic show mmsas").output
        cookie = mm2.init_cookie.hex() + ":" + mm2.resp_cookie.hex()
        assert re.search(rf"^Cookie Pair +: {cookie}$", mmsas, re.M)
        # Encrypted from message 5: only the lab's decode shows what is inside.
        assert int(isakmp(capture.frames[4]).flags) & 1
        assert "Inside the encryption" in decode_text(capture.frames[4])
        # ESP SPIs: the request carries SRV2's inbound SPI, the reply SRV1's.
        spd1 = get_service(lab.host("SRV1")).require_spd()
        spd2 = get_service(lab.host("SRV2")).require_spd()
        (qm1,), (qm2,) = spd1.qmsas, spd2.qmsas
        request, reply = Ether(capture.frames[9].data), Ether(capture.frames[10].data)
        assert request[ESP].spi == qm2.spi_in == qm1.spi_out
        assert reply[ESP].spi == qm1.spi_in == qm2.spi_out
        assert request[ESP].seq == reply[ESP].seq == 1


def test_failed_send_main_mode_1_unanswered(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        capture = recorder.start(lab, "SRV1")
        assert lab.ping("SRV1", "XP1").outcome == "failed"
        summaries = [f.summary for f in capture.frames]
        assert [s.split(":")[0] for s in summaries] == ["Main Mode 1"] + [
            "Main Mode 1 (retransmission)"
        ] * 3
        assert all(f.src == "10.0.0.1" and f.dst == "10.0.0.10" for f in capture.frames)
        assert "group 14" in summaries[0]  # SRV1 offers only group 2048, XP never answers
        assert not any(f.protocol == "ESP" for f in capture.frames)


def test_blocked_send_nothing_from_the_blocking_source(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": require(verb="block")}, {"setup": RESPOND})
    with lab:
        capture = recorder.start(lab, "*")
        assert lab.ping("A", "B").outcome == "blocked"
        assert capture.frames == []


def test_blocked_send_request_reaches_the_destination_that_drops_it(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": []}, {"setup": require(verb="block")})
    with lab:
        capture = recorder.start(lab, "lan")
        assert lab.ping("A", "B").outcome == "blocked"
        assert rows(capture) == [
            ("10.0.0.1", "10.0.0.2", "ICMP", "Echo request, id 0x0200, seq 0x0100")
        ]


def test_clear_send_request_and_reply(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": []}, {"setup": []})
    with lab:
        capture = recorder.start(lab, "A")
        assert lab.send("A", "B", "tcp", 3389).outcome == "clear"
        assert [(f.protocol, f.summary) for f in capture.frames] == [
            ("TCP", "1031 -> 3389 [SYN]"),
            ("TCP", "3389 -> 1031 [SYN, ACK]"),
        ]


def test_nat_t_send_differs_on_each_side_of_the_nat(tmp_path: Path) -> None:
    with shipped("nat-t", tmp_path) as lab:
        lab.run("SRV1", NAT_FIX)
        inside = recorder.start(lab, "home")
        assert lab.ping("LAPTOP", "SRV1").outcome == "secured"
        recorder.stop(lab)
        outside = recorder.start(lab, "internet")
        assert lab.ping("LAPTOP", "SRV1").outcome == "secured"
        assert {f.src for f in inside.frames} == {"192.168.1.10", "203.0.113.20"}
        assert {f.src for f in outside.frames} == {"203.0.113.5", "203.0.113.20"}
        for capture in (inside, outside):
            ports = [Ether(f.data)[UDP].sport for f in capture.frames]
            # Main mode 1-4 on UDP 500, then IKE and ESP float to UDP 4500.
            assert ports[:4] == [500] * 4 and set(ports[4:]) == {4500}
            ike5 = Ether(capture.frames[4].data)
            assert ike5.haslayer(NON_ESP) and ike5[NON_ESP].non_esp == 0
            assert "NAT-D x2" in capture.frames[2].summary
            esp = [Ether(f.data) for f in capture.frames if f.protocol == "ESP"]
            assert len(esp) == 2 and all(p[IP].proto == 17 and p.haslayer(ESP) for p in esp)
        recorder.stop(lab)
        both = recorder.start(lab, "*")
        lab.ping("LAPTOP", "SRV1")
        # The NAT rewrites addresses, not the payloads: the same NAT-D hashes on both sides.
        mm3 = [f for f in both.frames if f.summary.startswith("Main Mode 3")]
        assert [f.network for f in mm3] == ["home", "internet"]
        assert Ether(mm3[0].data)[ISAKMP] == Ether(mm3[1].data)[ISAKMP]
        mmsas = lab.run("SRV1", "ipsec dynamic show mmsas").output
        assert "203.0.113.5, port 4500" in mmsas


def test_frame_list_and_decode_text(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        capture = recorder.start(lab, "SRV2")
        lab.ping("SRV1", "SRV2")
        text = frame_list(capture)
        assert text.splitlines()[0] == "Capture on computer SRV2 (running): 11 frames"
        assert "    1    0.000000  10.0.0.1         10.0.0.2         ISAKMP    Main Mode 1" in text
        frame = decode_text(capture.frame(2))
        assert "Internet Security Association and Key Management Protocol" in frame
        assert "GroupDesc: 14 (2048-bit MODP: Windows' group 2048)" in frame
        with pytest.raises(recorder.CaptureError, match="no frame 12"):
            capture.frame(12)


def test_console_commands(tmp_path: Path) -> None:
    with shipped("nat-t", tmp_path) as lab:
        session = lab.session("SRV1")
        out = [
            session.execute(line).output.strip()
            for line in (
                ":capture show",
                ":capture start nowhere",
                ":capture start",
                ":ping LAPTOP SRV1",
                ":capture stop",
                ":capture stop",
                f":capture save {tmp_path / 'x.pcap'}",
                f":capture save {tmp_path / 'no' / 'x.pcap'}",
                ":capture show 1",
            )
        ]
        assert out[0].startswith("netshpy: there is no capture")
        assert "no network or computer 'nowhere'" in out[1]
        assert (
            out[2] == "Capturing on computer SRV1. Send traffic (:ping, :send), then :capture show."
        )
        assert (
            out[4]
            == "Capture on computer SRV1 stopped: 10 frame(s). :capture show, :capture save FILE."
        )
        assert out[5].startswith("netshpy: no capture is running")
        assert out[6].startswith("10 frame(s) written to")
        assert (tmp_path / "x.pcap").read_bytes()[:4] == b"\xd4\xc3\xb2\xa1"
        assert out[7].startswith("netshpy: cannot write")
        assert out[8].startswith("Frame 1: ")
        session.close()


def test_listing_the_commands_does_not_import_scapy() -> None:
    code = (
        "import sys\n"
        "from netshpy.colon_commands import commands\n"
        "assert 'capture' in commands()\n"
        "print([m for m in sys.modules if m.split('.')[0] == 'scapy'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_captured_check_grades_the_capture_exercises(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        fix = 'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 3DES-SHA1-2"'
        lab.run("SRV1", fix)
        progress = lab.check()
        assert [i.passed for i in progress.items[3:]] == [False, False]
        assert "no frames captured yet" in progress.items[3].detail
        recorder.start(lab, "XP1")  # SRV2's answer is not seen at XP1
        lab.ping("SRV1", "SRV2")
        lab.ping("SRV1", "XP1")
        recorder.stop(lab)
        progress = lab.check()
        assert [i.passed for i in progress.items[3:]] == [False, True]
        assert "no traffic from SRV1 to SRV2" in progress.items[3].detail
        recorder.start(lab, "lan")
        lab.ping("SRV1", "SRV2")
        assert lab.check().complete
    with shipped("nat-t", tmp_path) as lab:
        recorder.start(lab, "home")  # inside the NAT, and before the fix: no ESP at all
        lab.ping("LAPTOP", "SRV1")
        items = lab.check().items[3:]
        assert [i.passed for i in items] == [False, False]
        recorder.stop(lab)
        lab.run("SRV1", NAT_FIX)
        recorder.start(lab, "internet")
        lab.ping("LAPTOP", "SRV1")
        assert all(i.passed for i in lab.check().items[3:])


def test_captures_are_graded_from_the_lab_folder(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        recorder.start(lab, "*")
        lab.ping("SRV1", "SRV2")
        assert lab.check().items[3].passed
    # Another process (the classroom's :result) opens the same folder: the facts are there,
    # and so is the capture with its frames.
    with Lab.from_file(ROOT / "labs" / "dh2048.toml", tmp_path / "dh2048") as again:
        kept = recorder.current(again)
        assert kept is not None and kept.running and again.check().items[3].passed
        assert kept.frames[0].label == "Main Mode 1"
        again.reset()  # the folder's starting state: no capture any more
        assert not again.check().items[3].passed and recorder.current(again) is None


def test_ping_at_the_command_prompt_is_captured(tmp_path: Path) -> None:
    from netshpy.cmdprompt import CommandPrompt

    with shipped("dh2048", tmp_path) as lab:
        capture = recorder.start(lab, "SRV2")
        out = CommandPrompt(lab.host("SRV1")).run("ping SRV2").output
        assert "Reply from 10.0.0.2" in out
        assert [f.label for f in capture.frames][:2] == ["Main Mode 1", "Main Mode 2"]
        assert [f.protocol for f in capture.frames][-2:] == ["ESP", "ESP"]


def test_multicast_goes_to_the_group_mac(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {"setup": []}, {"setup": []})
    with lab:
        capture = recorder.start(lab, "A")
        assert lab.send("A", "224.0.0.5", "udp", 520).outcome == "clear"
        (frame,) = capture.frames
        assert (frame.dst, Ether(frame.data).dst) == ("224.0.0.5", "01:00:5e:00:00:05")


def test_captured_check_reads_the_ca_name_of_the_certificate_request(tmp_path: Path) -> None:
    from netshpy.capture.grading import check_captured

    with shipped("certmap", tmp_path) as lab:
        want = {"from": "PARTNER1", "to": "SRV1", "ca_name": False}
        recorder.start(lab, "dmz")
        lab.ping("PARTNER1", "SRV1")
        ok, why = check_captured(lab, want)
        assert not ok and why == "SRV1's certificate request names a CA"
        assert "CERT_REQ (CN=Corp Root CA)" in lab_frames(lab)[3].summary
        lab.reset()  # ends the capture with the rest of the lab's state
        assert recorder.current(lab) is None
        recorder.start(lab, "dmz")
        line = (
            'ipsec static set rule name=Partners policy="Partner certificates" '
            'rootca="CN=Corp Root CA certmap:no excludecaname:yes"'
        )
        assert lab.run("SRV1", line).ok
        lab.ping("PARTNER1", "SRV1")
        assert check_captured(lab, want) == (True, "")
        assert "CERT_REQ (no CA name)" in lab_frames(lab)[3].summary


def lab_frames(lab: Lab) -> list:
    capture = recorder.current(lab)
    assert capture is not None
    return capture.frames


DOM = {"domain": "corp.example"}
MM1, MM1_AGAIN = "Main Mode 1", "Main Mode 1 (retransmission)"
SEQUENCES = [
    (
        "soft SA: IKE unanswered, then the ping in the clear",
        {"setup": require(action="soft=yes"), **DOM},
        {**DOM},
        [MM1, MM1_AGAIN, MM1_AGAIN, MM1_AGAIN, "Echo request", "Echo reply"],
    ),
    (
        "preshared keys differ: main mode 5 is never answered",
        {"setup": require(auth='psk="one"')},
        {"setup": require(auth='psk="two"')},
        [MM1, "Main Mode 2", "Main Mode 3", "Main Mode 4", "Main Mode 5"]
        + ["Main Mode 5 (retransmission)"] * 3,
    ),
    (
        "PFS on one side: quick mode 1 is never answered",
        {"setup": require(action="qmpfs=yes"), **DOM},
        {"setup": require(), **DOM},
        [MM1]
        + [f"Main Mode {n}" for n in range(2, 7)]
        + ["Quick Mode 1"]
        + ["Quick Mode 1 (retransmission)"] * 3,
    ),
    (
        "inbound passthrough: the request in the clear, B secures its reply",
        {"setup": RESPOND, **DOM},
        {"setup": require(action="inpass=yes"), **DOM},
        ["Echo request", MM1]
        + [f"Main Mode {n}" for n in range(2, 7)]
        + [f"Quick Mode {n}" for n in (1, 2, 3)]
        + ["ESP"],
    ),
]


@pytest.mark.parametrize("a,b,labels", [s[1:] for s in SEQUENCES], ids=[s[0] for s in SEQUENCES])
def test_frame_sequences(tmp_path: Path, a: dict, b: dict, labels: list[str]) -> None:
    with make_lab(tmp_path, a, b) as lab:
        capture = recorder.start(lab, "lan")
        lab.ping("A", "B")
        assert [_shown(f) for f in capture.frames] == labels


def _shown(frame) -> str:
    """An IKE message's label (marked when retransmitted), ESP, or the clear packet's kind."""
    if frame.label:
        return frame.label + (" (retransmission)" if "(retransmission)" in frame.summary else "")
    return "ESP" if frame.protocol == "ESP" else frame.summary.split(",")[0]


def test_rich_capture_fits_an_80_column_terminal(tmp_path: Path) -> None:
    """The REPL's decoded frame and frame list are drawn for its width (they were 120 wide)."""

    class Terminal:
        def terminal_width(self) -> int:
            return 80

    with shipped("dh2048", tmp_path) as lab:
        session = lab.session("SRV1")
        session.lab_rich = True
        session.state("repl")["repl"] = Terminal()
        session.execute(":capture start")
        session.execute(":ping SRV1 SRV2")
        for line in (":capture show", ":capture show 2"):
            out = re.sub(r"\x1b\[[0-9;]*m", "", session.execute(line).output)
            assert max(len(row) for row in out.splitlines()) < 80, line
        session.close()


def test_rich_list_and_tree_on_a_terminal(tmp_path: Path) -> None:
    with shipped("dh2048", tmp_path) as lab:
        session = lab.session("SRV1")
        session.lab_rich = True  # what the lab's terminal front end sets
        session.execute(":capture start")
        session.execute(":ping SRV1 SRV2")
        table = session.execute(":capture show").output
        tree = session.execute(":capture show 2").output
        assert "\x1b[" in table and "Main Mode 2" in table
        assert "\x1b[" in tree and "GroupDesc" in tree and "Inside" not in tree
        assert "Inside the encryption" in session.execute(":capture show 7").output
        session.close()


def test_ah_and_esp_and_the_nat_rewriting_clear_ports(tmp_path: Path) -> None:
    ah = {"setup": require(action='qmsecmethods="AH[SHA1]+ESP[3DES,SHA1]"'), **DOM}
    with make_lab(tmp_path, ah, ah, name="ah") as lab:
        capture = recorder.start(lab, "lan")
        assert lab.send("A", "B", "tcp", 445).outcome == "secured"
        request = Ether(capture.frames[-2].data)
        assert capture.frames[-2].protocol == "AH" and request[IP].proto == 51
        assert request[AH].nh == 50 and request[AH].spi == request[ESP].spi
    with make_lab(tmp_path, {}, {}, nat=True, name="nat") as lab:
        capture = recorder.start(lab, "*")
        assert lab.send("A", "B", "tcp", 3389).outcome == "clear"
        inside, outside, back_out, back_in = (Ether(f.data) for f in capture.frames)
        assert (inside[IP].src, inside[TCP].sport) == ("192.168.1.10", 1031)
        assert (outside[IP].src, outside[TCP].sport) == ("203.0.113.5", 62007)
        assert (back_out[IP].dst, back_out[TCP].dport) == ("203.0.113.5", 62007)
        assert (back_in[IP].dst, back_in[TCP].dport) == ("192.168.1.10", 1031)
        assert outside[IP].ttl == inside[IP].ttl - 1 == 127


@pytest.mark.parametrize(
    "item,error",
    [
        ('carries = "gre"', "carries must be one of esp, udp-esp, ah, clear"),
        ("ca_name = 1", "ca_name must be true or false"),
        ('port = "4500"', "port must be a number"),
        ('to = "NOBODY"', "to names unknown computer 'NOBODY'"),
    ],
)
def test_a_bad_captured_item_is_a_lab_error(tmp_path: Path, item: str, error: str) -> None:
    from netshpy.lab.model import LabError, load_lab

    text = (ROOT / "labs" / "dh2048.toml").read_text()
    text = text.replace(
        'check = "captured"\nfrom = "SRV1"\nto = "SRV2"',
        f'check = "captured"\nfrom = "SRV1"\nto = "SRV2"\n{item}',
        1,
    )
    if item.startswith("to ="):
        text = text.replace('to = "SRV2"\nto = "NOBODY"', 'to = "NOBODY"', 1)
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(LabError, match=re.escape(error)):
        load_lab(path)


def _pcapng_blocks(data: bytes) -> list[tuple[int, bytes]]:
    import struct

    blocks, pos = [], 0
    while pos < len(data):
        kind, length = struct.unpack_from("<II", data, pos)
        (trailer,) = struct.unpack_from("<I", data, pos + length - 4)
        assert trailer == length and length % 4 == 0
        blocks.append((kind, data[pos + 8 : pos + length - 4]))
        pos += length
    return blocks


def test_pcapng_carries_a_comment_per_frame(tmp_path: Path) -> None:
    import struct

    with shipped("nat-t", tmp_path) as lab:
        session = lab.session("SRV1")
        session.execute(":capture start")
        session.execute(":ping LAPTOP SRV1")
        said = session.execute(f":capture save {tmp_path / 'x.pcapng'}").output
        assert said.startswith("10 frame(s) written to") and "(pcapng:" in said
        capture = recorder.current(lab)
        assert capture is not None
        blocks = _pcapng_blocks((tmp_path / "x.pcapng").read_bytes())
        assert [k for k, _ in blocks[:2]] == [0x0A0D0D0A, 1]  # section, then interface
        packets = [body for kind, body in blocks if kind == 6]
        assert len(packets) == 10
        for frame, body in zip(capture.frames, packets, strict=True):
            _, high, low, caplen, _ = struct.unpack_from("<IIIII", body)
            assert body[20 : 20 + caplen] == frame.data
            stamp = (high << 32) | low
            assert stamp == round(frame.time.timestamp() * 1_000_000)
            options = body[20 + caplen + (-caplen % 4) :]
            code, size = struct.unpack_from("<HH", options)
            assert code == 1  # opt_comment
            assert options[4 : 4 + size].decode() == recorder.comment(frame)
        assert recorder.comment(capture.frames[0]).startswith("HomeRouter (NAT) -> SRV1: ")
        assert "Main Mode 1: SA (" in recorder.comment(capture.frames[0])
        session.close()


def test_a_capture_spans_processes(tmp_path: Path) -> None:
    # One-shot runs: start in one process, send in the next, save in a third. The capture
    # lived in its process only: the second run saw none and the third had nothing to save.
    import subprocess
    import sys

    state = str(tmp_path / "lab")
    base = [sys.executable, "-m", "netshpy", "--lab", "dh2048", "--state-dir", state]

    def run(line: str) -> str:
        done = subprocess.run([*base, *line.split()], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    assert run(":capture start *").startswith("Capturing on every network")
    run(":ping SRV1 XP1")
    assert run(":capture show").count("Main Mode") >= 1
    run(":capture stop")
    saved = run(f":capture save {tmp_path / 'x.pcapng'}")
    assert "frame(s) written to" in saved and "(pcapng:" in saved
    data = (tmp_path / "x.pcapng").read_bytes()
    assert data[:4] == b"\x0a\x0d\x0d\x0a" and b"SRV1 -> XP1: Main Mode 1" in data
    assert "no capture is running" in run(":capture stop")
