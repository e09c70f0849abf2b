"""Completion and highlighting latency per keystroke in the REPL.

Types several command lines one character at a time and, at every keystroke,
asks the completer for its choices and the lexer for the line's tokens (what
prompt_toolkit does while you type with auto-popup completion). The store is a
real SQLite static store with 1,000 policies and 10,000 filters (1,000 filter
lists of 10), built first with batch mode. The REPL reads object names once
per command (they are cached until the next one), so two figures are printed:
every keystroke, and the first keystroke of each line with the names read
from the store again.

Baseline, measured in the same run: prompt_toolkit's ``WordCompleter`` over
every word of the specs. Goal: under 10 ms per keystroke.

    python benchmarks/completion.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prompt_toolkit.completion import CompleteEvent, WordCompleter  # noqa: E402
from prompt_toolkit.document import Document  # noqa: E402

from netshpy.host import Host  # noqa: E402
from netshpy.repl.completer import NetshCompleter  # noqa: E402
from netshpy.repl.lexer import NetshLexer  # noqa: E402
from netshpy.session import Session  # noqa: E402

POLICIES = 1_000
FILTERLISTS = 1_000
FILTERS_PER_LIST = 10
LINES = [
    "ipsec static add filter filterlist=List0500 srcaddr=me dstaddr=any protocol=TCP mirrored=yes",
    'ipsec static set policy name="Policy 0999" assign=yes',
    "ipsec static add rule policy=Policy0042 filterlist=List0042 filteraction=Block name=r1",
    "ipsec static show policy name=Policy0001 level=verbose format=table",
    "ipsec static set store location=persistent",
]


def build_store(session: Session) -> str:
    """Fill the session's local store; return a note for the report."""
    lines = ["ipsec static", "delete all", "set batch enable"]
    lines += [f"add filteraction {name} action={name.lower()}" for name in ("Block", "Permit")]
    for i in range(FILTERLISTS):
        lines += [
            f"add filter filterlist=List{i:04} srcaddr=10.{i // 250}.{i % 250}.{f} dstaddr=me"
            for f in range(FILTERS_PER_LIST)
        ]
    for i in range(POLICIES):
        name = f"Policy{i:04}" if i % 2 else f'"Policy {i:04}"'
        lines += [
            f"add policy {name}",
            f"add rule name=r{i} policy={name} filterlist=List{i:04} filteraction=Block",
        ]
    lines += ["set batch disable", ".."]
    start = time.perf_counter()
    for line in lines:
        result = session.execute(line)
        if not result.ok:
            raise SystemExit(f"store set-up failed at {line!r}: {result.output}")
    return (
        f"SQLite store: {POLICIES} policies, {FILTERLISTS * FILTERS_PER_LIST} filters in "
        f"{FILTERLISTS} lists (built in {time.perf_counter() - start:.1f} s)"
    )


def per_keystroke(step) -> list[float]:
    times = []
    for line in LINES:
        for i in range(1, len(line) + 1):
            start = time.perf_counter()
            step(line[:i])
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = Session(Host(folder, deterministic=True))
        note = build_store(session)
        completer = NetshCompleter(session)
        lexer = NetshLexer(spec=session.spec)
        event = CompleteEvent(completion_requested=True)

        def ours(text: str) -> None:
            list(completer.get_completions(Document(text), event))
            lexer.line_tokens(text, session.context)

        words = sorted(
            {w for c in session.spec.commands() for w in c.words}
            | {p.tag + "=" for c in session.spec.commands() for p in c.params}
        )
        baseline_completer = WordCompleter(words)

        def baseline(text: str) -> None:
            list(baseline_completer.get_completions(Document(text), event))

        # Warm up caches (spec, grammar tables, store names) as a running REPL has them.
        ours(LINES[0])
        baseline(LINES[0])
        mine = per_keystroke(ours)
        base = per_keystroke(baseline)
        completion_only = per_keystroke(
            lambda text: list(completer.get_completions(Document(text), event))
        )
        first = []
        for line in LINES:  # names read again, as after every command
            completer.names.invalidate()
            for i in range(1, len(line) + 1):
                start = time.perf_counter()
                ours(line[:i])
                first.append((time.perf_counter() - start) * 1000)
            completer.names.invalidate()
        session.close()
    p95 = statistics.quantiles(mine, n=20)[-1]
    print(note)
    print(f"keystrokes: {len(mine)} over {len(LINES)} lines")
    print(
        f"completion + highlighting: mean {statistics.mean(mine):.3f} ms, "
        f"p95 {p95:.3f} ms, max {max(mine):.3f} ms per keystroke"
    )
    print(f"completion only:           mean {statistics.mean(completion_only):.3f} ms")
    print(f"names re-read each line:   max {max(first):.3f} ms per keystroke")
    print(f"baseline WordCompleter:    mean {statistics.mean(base):.3f} ms")
    print(f"ratio to baseline: {statistics.mean(mine) / statistics.mean(base):.1f}x")
    print(f"goal < 10 ms per keystroke: {'met' if p95 < 10 else 'NOT met'} (p95)")


if __name__ == "__main__":
    main()
