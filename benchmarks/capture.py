"""Benchmark: frames per second a capture builds and writes.

The nat-t lab after its fix (LAPTOP behind a NAT, IKE and ESP in UDP 4500),
captured everywhere: one ping puts 22 frames on the two segments. Measures,
in the same run:

- the baseline: scapy building a bare Ethernet/IPv4/UDP frame with a
  100-byte payload (the floor for any frame scapy builds);
- building: the frames of one recorded send (IKE main and quick mode,
  UDP-encapsulated ESP, each on both sides of the NAT);
- writing: those frames to a pcap file;
- a recorded send with and without a running capture (what a trainee waits).

Run: ``python benchmarks/capture.py [seconds-per-measure]``.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netshpy.capture import layers as L  # noqa: E402
from netshpy.capture import pcap, recorder  # noqa: E402
from netshpy.capture.frames import build  # noqa: E402
from netshpy.lab.runtime import Lab  # noqa: E402

FIX = 'ipsec static set filteraction name="AH and ESP" qmsecmethods="ESP[3DES,SHA1]"'


def rate(func, seconds: float) -> tuple[float, int]:
    """Calls per second, and what the last call returned (a count)."""
    n, start, last = 0, time.perf_counter(), 0
    while True:
        last = func() or 1
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed, last


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        lab = Lab.from_file(
            ROOT / "labs" / "nat-t.toml", Path(tmp) / "lab", fresh=True, deterministic=True
        )
        lab.run("SRV1", FIX)
        result = lab.send("LAPTOP", "SRV1", "icmp")
        assert result.outcome == "secured"
        frames = build(lab, result)
        count = len(frames)

        def bare() -> int:
            bytes(L.Ether() / L.IP(src="10.0.0.1", dst="10.0.0.2") / L.UDP() / (b"x" * 100))
            return 1

        def written() -> int:
            return pcap.write_stream(io.BytesIO(), ((frame_time, f.data) for f in frames))

        frame_time = datetime(2005, 3, 1)
        base, _ = rate(bare, seconds)
        built, _ = rate(lambda: len(build(lab, result)), seconds)
        wrote, _ = rate(written, seconds)
        plain, _ = rate(lambda: lab.send("LAPTOP", "SRV1", "icmp"), seconds)
        recorder.start(lab, "*")
        captured, _ = rate(lambda: lab.send("LAPTOP", "SRV1", "icmp"), seconds)
        lab.close()
    fb, fw = built * count, wrote * count
    print(f"bare scapy Ether/IP/UDP frame  : {base:10.0f} frames/s (baseline)")
    print(
        f"frames of a NAT-T send, built  : {fb:10.0f} frames/s  ratio {fb / base:6.2f}x the baseline"
    )
    print(
        f"frames written to pcap         : {fw:10.0f} frames/s  ratio {fw / base:6.2f}x the baseline"
    )
    print(f"recorded send, no capture      : {plain:10.0f} sends/s")
    print(
        f"recorded send, capturing       : {captured:10.0f} sends/s  ratio "
        f"{plain / captured:6.2f}x slower ({count} frames each)"
    )


if __name__ == "__main__":
    main()
