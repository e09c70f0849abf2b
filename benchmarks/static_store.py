"""Benchmark: a 10,000-filter script run with ``-f``, and ``show all`` at 1,000 / 10,000 filters.

Prints commands per second of the script run and the time of ``show all`` at
both sizes with their growth ratio (10x the filters should cost about 10x:
the goal is linear). Run: ``python benchmarks/static_store.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netshpy.host import Host  # noqa: E402
from netshpy.session import Session  # noqa: E402


def script(filters: int) -> str:
    lines = [
        "pushd ipsec static",
        "delete all",
        "add policy Bench",
        "add filteraction Drop action=block",
    ]
    for i in range(filters):
        lines.append(
            f"add filter filterlist=L{i % 10} srcaddr=10.{i // 65536}.{i // 256 % 256}.{i % 256}"
            f" dstaddr=me protocol=TCP dstport={i % 65535 + 1}"
        )
    for j in range(10):
        lines.append(f"add rule name=R{j} policy=Bench filterlist=L{j} filteraction=Drop")
    return "\n".join(lines) + "\n"


def run_script(state: Path, filters: int) -> tuple[float, int]:
    path = state.parent / f"bench{filters}.txt"
    text = script(filters)
    path.write_text(text)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "netshpy", "--state-dir", str(state), "-f", str(path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, len(text.splitlines())


def show_all(state: Path) -> float:
    session = Session(Host(state))
    session.execute("ipsec static")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        session.execute("show all")
        best = min(best, time.perf_counter() - start)
    session.close()
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        run_script(small, 1000)
        seconds, commands = run_script(big, 10000)
        print(
            f"-f script: {commands} commands in {seconds:.2f} s = {commands / seconds:,.0f} commands/s"
        )
        t_small, t_big = show_all(small), show_all(big)
        print(f"show all, 1,000 filters:  {t_small * 1000:8.1f} ms")
        print(f"show all, 10,000 filters: {t_big * 1000:8.1f} ms")
        print(f"growth ratio: {t_big / t_small:.1f}x for 10x the filters (linear = 10x)")


if __name__ == "__main__":
    main()
