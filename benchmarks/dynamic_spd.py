"""Benchmark: one-shot dynamic commands on a 50,000-rule SPD against a 10-rule one.

Builds two computers whose running service holds 10 and 50,000 dynamic rules
(each a main mode and a quick mode filter, and their mirrors), then times
one-shot ``netshpy`` runs of a handful of dynamic commands on each (best of
three) and their peak memory (the child's maximum resident set size). It
prints, per command, the time and memory at both sizes and the ratio big /
small; a ratio near 1 means the command reads only what it needs. Bare
interpreter start-up (``python -c pass``, through the same wrapper that reads
each child's own peak memory) is printed as the floor.

Run: ``python benchmarks/dynamic_spd.py`` (``--rules N`` for another size;
``--root DIR`` measures the netshpy checkout in DIR instead, e.g. an older
version exported with ``git archive``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = [
    ("show mmpolicy all", "ipsec dynamic show mmpolicy all"),
    ("show qmpolicy all", "ipsec dynamic show qmpolicy all"),
    ("show config", "ipsec dynamic show config"),
    ("show stats", "ipsec dynamic show stats"),
    (
        "add rule (one)",
        "ipsec dynamic add rule srcaddr=172.16.0.1 dstaddr=me mmpolicy=MM qmpolicy=QM",
    ),
    (
        "delete rule (one)",
        "ipsec dynamic delete rule srcaddr=172.16.0.1 dstaddr=me protocol=any srcport=0 "
        "dstport=0 mirrored=yes conntype=all",
    ),
    ("set config", "ipsec dynamic set config property=ikelogging value=1"),
]


def build(state: Path, rules: int) -> None:
    """A computer whose running SPD holds *rules* dynamic rules (written in one save)."""
    from netshpy.dynamic import get_service
    from netshpy.dynamic.spd import Spd
    from netshpy.dynamic.spd_records import MmPolicy, QmPolicy, Rule
    from netshpy.host import Host
    from netshpy.values import Address

    host = Host(state, deterministic=True)
    service = get_service(host)
    service.sync()
    made = [
        Rule(
            srcaddr=Address("ip", f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"),
            dstaddr=Address("me", "me"),
            mmpolicy="MM",
            qmpolicy="QM",
            name=f"{{00000000-0000-0000-0000-{i:012d}}}",
        )
        for i in range(rules)
    ]
    service.spd = Spd(mmpolicies=[MmPolicy("MM")], qmpolicies=[QmPolicy("QM")], rules=made)
    service.save()
    host.close()


# Runs a module or nothing, then reports the process's own peak memory (VmHWM):
# a child's ru_maxrss would start at its parent's size, inherited through fork.
WRAPPER = """
import runpy, sys
try:
    if len(sys.argv) > 1:
        sys.argv = sys.argv[1:]
        runpy.run_module("netshpy", run_name="__main__", alter_sys=True)
finally:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("\\nPEAK " + line.split()[1] + "\\n")
"""


def run(root: Path, argv: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KiB) of one child running netshpy with *argv*."""
    env = dict(os.environ, PYTHONPATH=str(root))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *(["netshpy", *argv] if argv else [])],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    peaks = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    if done.returncode or not peaks:
        raise SystemExit(f"netshpy {' '.join(argv)}: status {done.returncode}: {done.stderr}")
    return seconds, int(peaks[-1].split()[1])


def netshpy(root: Path, state: Path, argv: list[str]) -> tuple[float, int]:
    """One one-shot ``netshpy`` run on *state*: wall time and peak memory."""
    return run(root, ["--state-dir", str(state), *argv])


def measure(root: Path, state: Path, label: str, line: str) -> tuple[float, int]:
    """Best time and highest peak memory of three runs; add and delete undo each other."""
    add, delete, argv = COMMANDS[4][1].split(), COMMANDS[5][1].split(), line.split()
    times, mems = [], []
    for _ in range(3):
        if label.startswith("delete"):
            netshpy(root, state, add)
        seconds, memory = netshpy(root, state, argv)
        if label.startswith("add"):
            netshpy(root, state, delete)
        times.append(seconds)
        mems.append(memory)
    return min(times), max(mems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=50000)
    parser.add_argument("--root", type=Path, default=ROOT)
    options = parser.parse_args()
    root = options.root.resolve()
    sys.path.insert(0, str(root))
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        build(small, 10)
        build(big, options.rules)
        floor, floor_mem = min(run(root, []) for _ in range(3))
        print(f"netshpy at {root}")
        print(f"python -c pass: {floor * 1000:7.0f} ms {floor_mem / 1024:6.1f} MiB")
        print(
            f"{'command':20} {'10 rules':>17} {f'{options.rules:,} rules':>19} "
            f"{'time ratio':>11} {'memory ratio':>13}"
        )
        for label, line in COMMANDS:
            ts, ms = measure(root, small, label, line)
            tb, mb = measure(root, big, label, line)
            print(
                f"{label:20} {ts * 1000:7.0f} ms {ms / 1024:5.1f} MiB "
                f"{tb * 1000:7.0f} ms {mb / 1024:6.1f} MiB {tb / ts:10.1f}x {mb / ms:12.1f}x"
            )


if __name__ == "__main__":
    main()
