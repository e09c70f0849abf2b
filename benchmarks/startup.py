#!/usr/bin/env python3
"""One-shot start-up against bare Python start-up, measured side by side.

    python3 benchmarks/startup.py [runs]

Prints the wall time of ``python -c pass`` and of a few one-shot netshpy
commands (warm cache), run the way the installed ``netshpy`` console script
runs them, and their ratio. The best of N runs is the estimate (as timeit
does: other load on the machine only ever adds time); the median is shown
beside it. The goal for one-shot commands is at most 3x bare Python start-up.
Not a test: nothing is asserted.
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


CONSOLE_SCRIPT = "import sys; from netshpy.cli import main; sys.exit(main())"


def timings(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(best, median) wall time of *argv* over *runs* runs."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        samples.append(time.perf_counter() - start)
    return min(samples), statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NETSHPY_STATE_DIR=f"{tmp}/state", NETSHPY_CACHE_DIR=f"{tmp}/cache")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        # An installed netshpy runs from compiled bytecode; measure that, not recompilation.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "netshpy")], env=env, check=False
        )
        base, base_median = timings([sys.executable, "-c", "pass"], env, runs)
        print(f"{'':36}  best      ratio   (median)")
        print(f"{'python -c pass':36}{base * 1000:7.1f} ms   1.00x   ({base_median * 1000:.1f} ms)")
        for words in COMMANDS:
            argv = [sys.executable, "-c", CONSOLE_SCRIPT, *words]
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=False)  # warm the cache
            t, t_median = timings(argv, env, runs)
            name = "netshpy " + " ".join(words)
            print(f"{name:36}{t * 1000:7.1f} ms   {t / base:4.2f}x   ({t_median * 1000:.1f} ms)")
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
