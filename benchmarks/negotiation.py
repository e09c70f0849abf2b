"""Benchmark: IKE negotiations per second between two lab computers.

Two Windows Server 2003 computers in one domain with realistic policies (SRV1
requires security for all traffic, group 2048 then group 2, Kerberos then a
preshared key; SRV2 answers with its own rule). Measures, in the same run:

- the baseline: a bare ``main_mode()`` + ``quick_mode()`` on ready-made peers;
- ``send(record=False)``: the whole decision (both SPDs, filters, exemptions,
  peers from policies) without writing SAs;
- ``send()``: the same, plus SAs, counters and the service state saved on both sides.

Run: ``python benchmarks/negotiation.py [seconds-per-measure]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netshpy.lab import ike  # noqa: E402
from netshpy.lab.runtime import Lab  # noqa: E402
from netshpy.lab.traffic import Packet, Side, decide, find_path, rule_peer  # noqa: E402

LAB = """
[lab]
name = "bench"
[[domain]]
name = "corp.example"
[[network]]
name = "lan"
subnet = "10.0.0.0/24"
[[computer]]
name = "SRV1"
os = "2003"
addresses = ["10.0.0.1"]
domain = "corp.example"
setup = [
  "ipsec static add filterlist name=All",
  "ipsec static add filter filterlist=All srcaddr=me dstaddr=any protocol=any",
  "ipsec static add filterlist name=Web",
  "ipsec static add filter filterlist=Web srcaddr=me dstaddr=10.0.0.0 dstmask=24 protocol=TCP dstport=80",
  "ipsec static add filteraction name=Require action=negotiate qmpfs=yes qmsecmethods=\\"ESP[3DES,SHA1] ESP[3DES,MD5] AH[SHA1]+ESP[3DES,SHA1]\\"",
  "ipsec static add filteraction name=LetWeb action=permit",
  "ipsec static add policy name=Srv mmsecmethods=\\"3DES-SHA1-3 3DES-SHA1-2 3DES-MD5-2\\"",
  "ipsec static add rule name=All policy=Srv filterlist=All filteraction=Require kerberos=yes psk=\\"fallback key\\"",
  "ipsec static add rule name=Web policy=Srv filterlist=Web filteraction=LetWeb",
  "ipsec static set policy name=Srv assign=yes",
]
[[computer]]
name = "SRV2"
os = "2003"
addresses = ["10.0.0.2"]
domain = "corp.example"
setup = [
  "ipsec static add filterlist name=All",
  "ipsec static add filter filterlist=All srcaddr=me dstaddr=any protocol=any",
  "ipsec static add filteraction name=Require action=negotiate qmpfs=yes",
  "ipsec static add policy name=Srv mmsecmethods=\\"3DES-SHA1-2 3DES-SHA1-3\\"",
  "ipsec static add rule name=All policy=Srv filterlist=All filteraction=Require kerberos=yes",
  "ipsec static set policy name=Srv assign=yes",
]
"""


def rate(func, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    while True:
        func()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.toml"
        path.write_text(LAB)
        lab = Lab.from_file(path, Path(tmp) / "root", fresh=True, deterministic=True)
        a, b = lab.computer("SRV1"), lab.computer("SRV2")
        p = find_path(lab, a, b)
        sa = Side(a, lab.host("SRV1"), p.src_address, p.dst_address)
        sb = Side(b, lab.host("SRV2"), p.dst_address, p.seen_src)
        da = decide(lab, sa, "outbound", Packet(sa.address, sa.peer_address, 6, 0, 445))
        db = decide(lab, sb, "inbound", Packet(sb.peer_address, sb.address, 6, 0, 445))
        init, resp = rule_peer(lab, sa, da.rule), rule_peer(lab, sb, db.rule)
        assert lab.send("SRV1", "SRV2", "tcp", 445).outcome == "secured"

        def bare() -> None:
            mm = ike.main_mode(init, resp)
            ike.quick_mode(init, resp, mm)

        base = rate(bare, seconds)
        dry = rate(lambda: lab.send("SRV1", "SRV2", "tcp", 445, record=False), seconds)
        full = rate(lambda: lab.send("SRV1", "SRV2", "tcp", 445), seconds)
        lab.close()
    print(f"bare main_mode+quick_mode : {base:10.0f} negotiations/s (baseline)")
    print(
        f"send(record=False)        : {dry:10.0f} negotiations/s  ratio {base / dry:6.1f}x slower"
    )
    print(
        f"send() with SAs and state : {full:10.0f} negotiations/s  ratio {base / full:6.1f}x slower"
    )


if __name__ == "__main__":
    main()
