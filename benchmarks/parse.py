#!/usr/bin/env python3
"""Parse time across line lengths, and its growth ratio per doubling.

    python3 benchmarks/parse.py [--start 10000] [--steps 4]

For a few line shapes (a run of ``=``, ``tag=value`` pairs, bare words,
quoted values) it times the grammar's tables alone and a whole line through
:class:`netshpy.Emulator`, at lengths doubling from ``--start``. Linear
parsing shows a growth ratio near 2.0 per doubling; quadratic parsing approaches 4.0 (issue 12: a line
of ``=`` once took 0.58 s at 20k characters and 5.6 s at 80k). The best of
three runs is the estimate. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netshpy import Emulator, grammar  # noqa: E402

SHAPES = {"equals": "=", "tagged": "a=b ", "words": "x ", "quoted": '"q" '}


def best(run: Callable[[], object], repeat: int = 3) -> float:
    """The best wall time of *repeat* runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=4)
    args = parser.parse_args()
    lengths = [args.start * 2**i for i in range(args.steps)]
    netsh = grammar.load("netsh", ("start",))
    print(f"{'shape':8} {'layer':8} " + " ".join(f"{n:>9}" for n in lengths) + "   ratio/doubling")
    fresh = (f"u{i}" for i in itertools.count())
    with Emulator() as emu:
        for shape, unit in SHAPES.items():
            lines = [(unit * (n // len(unit) + 1))[:n] for n in lengths]
            for layer, run in (
                ("grammar", lambda line: netsh._parse_tables(line, "start")),
                # A fresh line each time: the session caches the split of lines it saw.
                ("session", lambda line: emu.run(f"{line} {next(fresh)}")),
            ):
                times = [best(lambda line=line, run=run: run(line)) for line in lines]
                ratios = [b / a for a, b in zip(times, times[1:], strict=False) if a > 0]
                growth = sum(ratios) / len(ratios) if ratios else float("nan")
                cells = " ".join(f"{t * 1000:7.1f}ms" for t in times)
                print(f"{shape:8} {layer:8} {cells}   {growth:5.2f}")
    print("linear parsing: ratio near 2.0; quadratic: near 4.0")


if __name__ == "__main__":
    main()
