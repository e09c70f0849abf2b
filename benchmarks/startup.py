#!/usr/bin/env python3
"""One-shot start-up against bare Python start-up, measured side by side.

    python3 benchmarks/startup.py [runs]

Prints the median wall time of ``python -c pass`` and of a few one-shot
netshpy commands (warm cache), and their ratio. The goal for one-shot
commands is at most 3x bare Python start-up. Not a test: nothing is asserted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ["ipsec", "static"],
    ["ipsec", "static", "add", "filter", "?"],
    ["ipsec", "static", "show", "store"],
    ["ipsec", "static", "show", "policy", "all"],
    ["ipsec", "dynamic", "show", "config"],
]


def median_time(argv: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NETSHPY_STATE_DIR=f"{tmp}/state", NETSHPY_CACHE_DIR=f"{tmp}/cache")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        # An installed netshpy runs from compiled bytecode; measure that, not recompilation.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "netshpy")], env=env, check=False
        )
        base = median_time([sys.executable, "-c", "pass"], env, runs)
        print(f"python -c pass                    {base * 1000:7.1f} ms   1.00x")
        for words in COMMANDS:
            argv = [sys.executable, "-m", "netshpy", *words]
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=False)  # warm the cache
            t = median_time(argv, env, runs)
            print(f"netshpy {' '.join(words):<26}{t * 1000:7.1f} ms   {t / base:4.2f}x")
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, runpy; sys.argv=['netshpy','ipsec','static','show','all'];\n"
                "try:\n runpy.run_module('netshpy', run_name='__main__')\nexcept SystemExit: pass\n"
                "heavy=[m for m in ('lark','prompt_toolkit','rich','pygments') if m in sys.modules]\n"
                "print('heavy modules imported on the one-shot path:', heavy or 'none', file=sys.stderr)",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        print(probe.stderr.strip())


if __name__ == "__main__":
    main()
