"""How fast the Python API runs netsh lines, and what one ``netsh`` shim call costs.

Run: ``python benchmarks/api_throughput.py [--lines N] [--calls N]``

Prints lines per second through :class:`netshpy.Emulator` (in process, goal
20,000 simple lines/s) beside the bare :class:`~netshpy.session.Session`
measured in the same run, and the wall time of one shim call (a fresh
process running ``netsh show mode``) relative to ``python -c pass``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netshpy import Emulator  # noqa: E402
from netshpy.host import Host  # noqa: E402
from netshpy.session import Session  # noqa: E402

GOAL = 20_000
SIMPLE = [
    "show mode",
    "ipsec",
    "show alias",
    "..",
    "set mode online",
    "ipsec static",
    "show mode",
    "..",
    "..",
    "alias sm show mode",
    "sm",
    "unalias sm",
]


def _rate(run, n: int, distinct: bool = False) -> float:
    """Lines per second; *distinct* makes every line new (no parse cache hits)."""
    for line in SIMPLE:  # warm caches (grammar tables, handler modules)
        run(line)
    lines = (
        [f"alias a{i} set mode mode=online" for i in range(n)]
        if distinct
        else [SIMPLE[i % len(SIMPLE)] for i in range(n)]
    )
    start = time.perf_counter()
    for line in lines:
        run(line)
    return n / (time.perf_counter() - start)


def _wall(argv: list[str], n: int, env: dict[str, str]) -> float:
    subprocess.run(argv, env=env, capture_output=True, check=False)  # warm the OS caches
    start = time.perf_counter()
    for _ in range(n):
        subprocess.run(argv, env=env, capture_output=True, check=False)
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=60_000)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Host(Path(tmp) / "bare", deterministic=True))
        bare = _rate(lambda line: session.execute(line), args.lines)
        session.close()
        with Emulator() as emu:
            api = _rate(emu.run, args.lines)
        with Emulator() as emu:
            distinct = _rate(emu.run, args.lines // 3, distinct=True)
        with Emulator(shared=True) as emu:
            shared = _rate(emu.run, args.lines // 10)
        print(f"Session.execute          {bare:>10,.0f} lines/s  (baseline)")
        print(
            f"Emulator.run             {api:>10,.0f} lines/s  "
            f"{api / bare:.2f}x baseline, {api / GOAL:.2f}x the {GOAL:,}/s goal"
        )
        print(
            f"Emulator.run, new lines  {distinct:>10,.0f} lines/s  "
            f"{distinct / bare:.2f}x baseline, {distinct / GOAL:.2f}x the goal"
        )
        print(f"Emulator.run shared=True {shared:>10,.0f} lines/s  {shared / bare:.2f}x baseline")

        with Emulator(Path(tmp) / "shim-state") as emu:
            shim = emu.install_shim(Path(tmp) / "bin")
            env = dict(os.environ, **emu.shim_env())
            env["NETSHPY_CACHE_DIR"] = str(Path(tmp) / "cache")
            python = _wall([sys.executable, "-c", "pass"], args.calls, env)
            python_s = _wall([sys.executable, "-S", "-c", "pass"], args.calls, env)
            call = _wall([str(shim), "show", "mode"], args.calls, env)
        print(f"python -c pass           {python * 1000:>10.1f} ms  (baseline)")
        print(f"python -S -c pass        {python_s * 1000:>10.1f} ms  {python_s / python:.2f}x")
        print(f"netsh shim show mode     {call * 1000:>10.1f} ms  {call / python:.2f}x baseline")


if __name__ == "__main__":
    main()
