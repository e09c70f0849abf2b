"""Completion and highlighting latency per keystroke in the REPL.

Types several command lines one character at a time and, at every keystroke,
asks the completer for its choices and the lexer for the line's tokens (what
prompt_toolkit does while you type with auto-popup completion). The store has
1,000 policies and 10,000 filters (1,000 filter lists of 10), served from
memory by a stand-in ``netshpy.static.query``: the REPL reads the real store
once per command (names are cached until the next command), so the figure
measures the per-keystroke work — spec-driven completion, name matching and
highlighting — not SQLite.

Baseline, measured in the same run: prompt_toolkit's ``WordCompleter`` over
every word of the specs. Goal: under 10 ms per keystroke.

    python benchmarks/completion.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import types
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


def stand_in_store() -> str:
    """Install an in-memory ``netshpy.static.query``; return a note for the report."""
    policies = [{"name": f"Policy{i:04}" if i % 2 else f"Policy {i:04}"} for i in range(POLICIES)]
    lists = [
        {"name": f"List{i:04}", "filters": [{"srcaddr": "me"}] * FILTERS_PER_LIST}
        for i in range(FILTERLISTS)
    ]
    module = types.ModuleType("netshpy.static.query")
    module.policies = lambda host, location: policies
    module.filterlists = lambda host, location: lists
    module.filteractions = lambda host, location: ["Block", "Permit", "Negotiate"]
    package = types.ModuleType("netshpy.static")
    package.__path__ = []
    sys.modules.setdefault("netshpy.static", package)
    sys.modules["netshpy.static.query"] = module
    return (
        f"stand-in store: {POLICIES} policies, {FILTERLISTS * FILTERS_PER_LIST} filters "
        f"in {FILTERLISTS} lists (in memory; names are read once per command)"
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
    note = stand_in_store()
    with tempfile.TemporaryDirectory() as folder:
        session = Session(Host(folder, deterministic=True))
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
        session.close()
    p95 = statistics.quantiles(mine, n=20)[-1]
    print(note)
    print(f"keystrokes: {len(mine)} over {len(LINES)} lines")
    print(
        f"completion + highlighting: mean {statistics.mean(mine):.3f} ms, "
        f"p95 {p95:.3f} ms, max {max(mine):.3f} ms per keystroke"
    )
    print(f"completion only:           mean {statistics.mean(completion_only):.3f} ms")
    print(f"baseline WordCompleter:    mean {statistics.mean(base):.3f} ms")
    print(f"ratio to baseline: {statistics.mean(mine) / statistics.mean(base):.1f}x")
    print(f"goal < 10 ms per keystroke: {'met' if p95 < 10 else 'NOT met'} (p95)")


if __name__ == "__main__":
    main()
