"""The long fuzz run: every entry point of netshpy, for minutes, counting internal errors.

Run: ``python benchmarks/fuzz.py [--seconds 60] [--targets api,cli,process,transcripts,labs]``

The generators and checks are those of ``tests/test_fuzz.py``
(``tests/robust/fuzzkit.py``), run with fresh seeds round after round until
the time is up. For each target it prints cases, lines run and lines per
second, beside the rate of a plain ``show mode`` through a bare session
measured in the same run; then each distinct failure once, with the
minimal reproduction hypothesis shrank it to, and the slowest case of each
target (a hang or a quadratic path shows there). The exit status is 1 when
anything failed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from robust import fuzzkit  # noqa: E402

from netshpy.host import Host  # noqa: E402
from netshpy.session import Session  # noqa: E402

ISOLATED = {
    "NETSHPY_STATE_DIR": "default-state",
    "NETSHPY_CACHE_DIR": "cache",
    "NETSHPY_DOMAIN_DIR": "domains",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
}
"""Variables pointing every default folder into the run's temporary folder."""


@dataclass
class Tally:
    """What one target did."""

    cases: int = 0
    lines: int = 0
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)  # signature -> reproduction
    slowest: tuple[float, str] = (0.0, "")  # seconds, the case


def _signature(text: str) -> str:
    """Failures that differ only in numbers, quoted input or the case count as one."""
    tail = text.splitlines()[0] if text else ""
    tail = tail.rsplit(": ", 2)[-2] if tail.count(": ") >= 2 else tail
    return re.sub(r"\d+|'[^']*'", "_", tail)[:120]


Runner = Callable[..., int]


def _targets(work: Path, emulators: fuzzkit.Emulators) -> dict[str, tuple[int, tuple, Runner]]:
    """Per target: examples per round, its strategies, and what runs one case (lines run)."""

    def transcript(text: tuple[str, str], cast: bool) -> int:
        return fuzzkit.run_transcript(_nested(work / "transcripts"), *text, cast=cast)

    return {
        "api": (200, (fuzzkit.api_cases,), lambda case: fuzzkit.run_api(emulators, case)),
        "cli": (50, (fuzzkit.cli_cases,), lambda c: fuzzkit.run_cli(_nested(work / "cli"), c)),
        "process": (
            5,
            (fuzzkit.process_cases,),
            lambda c: fuzzkit.run_process(_nested(work / "process"), c),
        ),
        "transcripts": (20, (fuzzkit.transcripts(), st.booleans()), transcript),
        "labs": (
            10,
            (fuzzkit.lab_files(), st.lists(fuzzkit.LAB_LINES, max_size=4), st.booleans()),
            lambda lab, lines, cli: fuzzkit.run_lab(_nested(work / "labs"), *lab, lines, cli=cli),
        ),
    }


@dataclass
class _Round:
    """What the cases of one round did: cases, lines, the slowest case."""

    cases: int = 0
    lines: int = 0
    slowest: tuple[float, str] = (0.0, "")


def _test(strategies: tuple, runner: Runner, into: _Round) -> Callable[[], None]:
    """A @given test running *runner* on each drawn case, counting into *into*."""

    @given(st.tuples(*strategies))
    def test(args: tuple) -> None:
        start = time.perf_counter()
        lines = runner(*args)
        elapsed = time.perf_counter() - start
        into.cases += 1
        into.lines += lines
        if elapsed > into.slowest[0]:
            into.slowest = (elapsed, ", ".join(repr(a)[:300] for a in args))

    return test


def _nested(base: Path) -> Path:
    """A folder four levels down: a fuzzed '--state-dir ../..' stays inside the run's folder."""
    folder = base / "a" / "b" / "c" / "d"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _baseline(seconds: float = 1.0) -> float:
    """Lines per second of a plain ``show mode`` through a bare session."""
    with fuzzkit.scratch_folder("baseline") as tmp:
        session = Session(Host(tmp / "state", deterministic=True))
        session.execute("show mode")
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            session.execute("show mode")
            n += 1
        rate = n / (time.perf_counter() - start)
        session.close()
        session.host.close()
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz")
    parser.add_argument("--targets", default="api,cli,process,transcripts,labs")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    baseline = _baseline()
    rng = random.Random(args.seed)
    with fuzzkit.scratch_folder("bench") as work:
        for name, folder in ISOLATED.items():  # the user's state, config and domains stay
            os.environ[name] = str(work / folder)
        emulators = fuzzkit.Emulators(work / "api")
        targets = _targets(work, emulators)
        chosen = [name for name in args.targets.split(",") if name]
        unknown = [name for name in chosen if name not in targets]
        if unknown:
            parser.error(f"unknown targets: {', '.join(unknown)}")
        tallies = {name: Tally() for name in chosen}
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            for name in chosen:
                if time.monotonic() >= deadline:
                    break
                examples, strategies, runner = targets[name]
                done = _Round()
                test = settings(
                    max_examples=examples,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )(seed(rng.getrandbits(64))(_test(strategies, runner, done)))
                tally = tallies[name]
                start = time.perf_counter()
                try:
                    test()
                except Exception as exc:  # noqa: BLE001 - failures found, shrunk: keep them
                    found = exc.exceptions if isinstance(exc, ExceptionGroup) else (exc,)
                    for one in found:
                        text = f"{type(one).__name__}: {one}"
                        tally.failures.setdefault(_signature(str(one)) or text, text)
                tally.seconds += time.perf_counter() - start
                tally.cases += done.cases
                tally.lines += done.lines
                tally.slowest = max(tally.slowest, done.slowest)
        emulators.close()

    print(f"baseline: 'show mode' through a bare Session: {baseline:,.0f} lines/s")
    print(f"{'target':<12} {'cases':>8} {'lines':>9} {'lines/s':>9} {'x baseline':>11} failures")
    for name, tally in tallies.items():
        rate = tally.lines / tally.seconds if tally.seconds else 0.0
        print(
            f"{name:<12} {tally.cases:>8,} {tally.lines:>9,} {rate:>9,.0f} "
            f"{rate / baseline:>11.3f} {len(tally.failures)}"
        )
    for name, tally in tallies.items():
        print(f"slowest {name} case: {tally.slowest[0]:.2f} s: {tally.slowest[1][:400]}")
    failed = False
    for name, tally in tallies.items():
        for text in tally.failures.values():
            failed = True
            print(f"\n[{name}] {text[:1500]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
