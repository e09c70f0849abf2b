"""Replay speed: commands per second for a generated 1,000-command transcript.

The baseline, measured in the same run, executes the same 1,000 lines
directly on a Session (no parsing, matching or console model), so the ratio
shows what the transcript machinery costs on top of the emulator itself.
A second transcript writes every output line as a `` (re)`` pattern: its
ratio to the first shows what matching patterns with a time limit costs
(netshpy/transcript/timed_match.py).

    python benchmarks/replay.py [--commands N] [--repeat R]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netshpy.host import Host  # noqa: E402
from netshpy.session import Session  # noqa: E402
from netshpy.transcript.format import parse  # noqa: E402
from netshpy.transcript.replay import replay, updated_text  # noqa: E402

CYCLE = [
    "show mode",
    "ipsec",
    "static",
    "show",
    "add filter ?",
    "..",
    "dynamic",
    "set config ?",
    "..",
    "..",
    'alias st "ipsec static"',
    "show alias",
    "nonsense command",
    "pushd ipsec static",
    "popd",
    "?",
]


def lines(n: int) -> list[str]:
    """*n* input lines cycling through help, navigation, aliases and errors."""
    return [CYCLE[i % len(CYCLE)] for i in range(n)]


def generate(n: int) -> str:
    """A passing transcript of *n* commands (expected output filled in as --update does)."""
    prompts = []
    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Host(tmp, deterministic=True))
        for line in lines(n):
            prompts.append(session.prompt + line)
            session.execute(line)
    skeleton = "#| benchmark\n" + "\n".join(prompts) + "\n"
    return updated_text(replay(parse(skeleton, "bench.txt")))


def as_patterns(text: str) -> str:
    """*text* with every non-blank output line written as an escaped `` (re)`` line."""
    out = []
    for line in text.splitlines():
        if line and not line.startswith(("#", "netsh")):
            line = re.escape(line) + " (re)"
        out.append(line)
    return "\n".join(out) + "\n"


def direct(n: int) -> float:
    """Seconds to execute the lines on a Session directly."""
    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Host(tmp, deterministic=True))
        start = time.perf_counter()
        for line in lines(n):
            session.execute(line)
        return time.perf_counter() - start


def replayed(text: str) -> float:
    """Seconds to parse, replay and compare the transcript."""
    start = time.perf_counter()
    outcome = replay(parse(text, "bench.txt"))
    elapsed = time.perf_counter() - start
    assert outcome.ok, "the generated transcript must pass"
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = generate(args.commands)
    direct(args.commands)  # warm caches (spec, tables, imports)
    base = min(direct(args.commands) for _ in range(args.repeat))
    ours = min(replayed(text) for _ in range(args.repeat))
    patterns = as_patterns(text)
    timed = min(replayed(patterns) for _ in range(args.repeat))
    n = args.commands
    print(f"transcript: {n} commands, {len(text.splitlines())} lines")
    print(f"baseline  (Session.execute): {n / base:10.0f} commands/s")
    print(f"replay    (parse+run+match): {n / ours:10.0f} commands/s")
    print(f"ratio replay/baseline: {base / ours:.2f}")
    count = sum(line.endswith(" (re)") for line in patterns.splitlines())
    print(f"replay, {count} output lines as (re) patterns: {n / timed:10.0f} commands/s")
    print(f"ratio patterns/literal lines: {ours / timed:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
