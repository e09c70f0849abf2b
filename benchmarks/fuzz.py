"""The long fuzz run: every entry point of netshpy, for minutes, counting internal errors.

Run: ``python benchmarks/fuzz.py [--seconds 60] [--targets api,cli,process,transcripts,labs]``

The generators and checks are those of ``tests/test_fuzz.py``
(``tests/robust/fuzzkit.py``), run with fresh seeds round after round until
the time is up. For each target it prints cases, lines run and lines per
second, beside the rate of a plain ``show mode`` through a bare session
measured in the same run; then each distinct failure once, with the
minimal reproduction hypothesis shrank it to. The exit status is 1 when
anything failed.
"""

from __future__ import annotations

import argparse
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


@dataclass
class Tally:
    """What one target did."""

    cases: int = 0
    lines: int = 0
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)  # signature -> reproduction


def _signature(text: str) -> str:
    """Failures that differ only in numbers, quoted input or the case count as one."""
    tail = text.splitlines()[0] if text else ""
    tail = tail.rsplit(": ", 2)[-2] if tail.count(": ") >= 2 else tail
    return re.sub(r"\d+|'[^']*'", "_", tail)[:120]


def _targets(work: Path) -> dict[str, tuple[int, Callable[[], Callable[..., None]]]]:
    """Per target: examples per round, and a factory of its @given test."""
    emulators = fuzzkit.Emulators(work / "api")

    def api() -> Callable[..., None]:
        @given(fuzzkit.api_cases)
        def test(case: fuzzkit.ApiCase) -> None:
            _count(fuzzkit.run_api(emulators, case))

        return test

    def cli() -> Callable[..., None]:
        @given(fuzzkit.cli_cases)
        def test(case: fuzzkit.CliCase) -> None:
            _count(fuzzkit.run_cli(_nested(work / "cli"), case))

        return test

    def process() -> Callable[..., None]:
        @given(fuzzkit.process_cases)
        def test(case: fuzzkit.CliCase) -> None:
            _count(fuzzkit.run_process(_nested(work / "process"), case))

        return test

    def transcripts() -> Callable[..., None]:
        @given(fuzzkit.transcripts(), st.booleans())
        def test(transcript: tuple[str, str], cast: bool) -> None:
            folder = _nested(work / "transcripts")
            _count(fuzzkit.run_transcript(folder, *transcript, cast=cast))

        return test

    def labs() -> Callable[..., None]:
        @given(fuzzkit.lab_files(), st.lists(fuzzkit.LAB_LINES, max_size=4))
        def test(lab: tuple[str, str], lines: list[str]) -> None:
            _count(fuzzkit.run_lab(_nested(work / "labs"), *lab, lines))

        return test

    _targets.emulators = emulators  # type: ignore[attr-defined]
    return {
        "api": (200, api),
        "cli": (50, cli),
        "process": (5, process),
        "transcripts": (20, transcripts),
        "labs": (10, labs),
    }


_counter = [0, 0]


def _count(lines: int) -> None:
    _counter[0] += 1
    _counter[1] += lines


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
        targets = _targets(work)
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
                examples, factory = targets[name]
                test = settings(
                    max_examples=examples,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )(seed(rng.getrandbits(64))(factory()))
                tally = tallies[name]
                _counter[:] = [0, 0]
                start = time.perf_counter()
                try:
                    test()
                except Exception as exc:  # noqa: BLE001 - failures found, shrunk: keep them
                    found = exc.exceptions if isinstance(exc, ExceptionGroup) else (exc,)
                    for one in found:
                        text = f"{type(one).__name__}: {one}"
                        tally.failures.setdefault(_signature(str(one)) or text, text)
                tally.seconds += time.perf_counter() - start
                tally.cases += _counter[0]
                tally.lines += _counter[1]

    print(f"baseline: 'show mode' through a bare Session: {baseline:,.0f} lines/s")
    print(f"{'target':<12} {'cases':>8} {'lines':>9} {'lines/s':>9} {'x baseline':>11} failures")
    for name, tally in tallies.items():
        rate = tally.lines / tally.seconds if tally.seconds else 0.0
        print(
            f"{name:<12} {tally.cases:>8,} {tally.lines:>9,} {rate:>9,.0f} "
            f"{rate / baseline:>11.3f} {len(tally.failures)}"
        )
    failed = False
    for name, tally in tallies.items():
        for text in tally.failures.values():
            failed = True
            print(f"\n[{name}] {text[:1500]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
