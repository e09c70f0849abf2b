"""Compare expected lines (with markers) against the lines a command printed.

:func:`block_matches` answers yes/no quickly; :func:`align` gives the
smallest set of edits that turns the expectation into the output, used both
for the diff shown on a mismatch and for ``--update`` (matched lines keep
their markers, the rest is replaced by the actual text).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from . import timed_match
from .format import Expect

_DP_LIMIT = 4_000_000


@dataclass
class Op:
    """One step of an alignment.

    ``same``: *expect* matched *lines[0]*; ``elide``: the ``...`` *expect*
    stood for *lines* (maybe none); ``del``: *expect* matched nothing;
    ``add``: *lines[0]* was printed but not expected.
    """

    kind: str
    expect: Expect | None = None
    lines: list[str] = field(default_factory=list)


def block_matches(expects: list[Expect], actual: list[str]) -> bool:
    """Whether *actual* output lines satisfy *expects* (comments already removed)."""
    if not any(e.kind == "regex" for e in expects):
        return _block_matches(expects, actual)
    with timed_match.bounded():  # patterns: matched with a time limit
        return _block_matches(expects, actual)


def _block_matches(expects: list[Expect], actual: list[str]) -> bool:
    if not any(e.kind == "elide" for e in expects):
        return len(expects) == len(actual) and all(
            e.matches(line) for e, line in zip(expects, actual, strict=True)
        )
    return _elided_match(expects, actual)


def _elided_match(expects: list[Expect], actual: list[str]) -> bool:
    # reach[j]: the expectations so far can consume exactly actual[:j]
    reach = [True] + [False] * len(actual)
    for expect in expects:
        nxt = [False] * (len(actual) + 1)
        if expect.kind == "elide":
            on = False
            for j in range(len(actual) + 1):
                on = on or reach[j]
                nxt[j] = on
        else:
            for j, line in enumerate(actual):
                if reach[j] and expect.matches(line):
                    nxt[j + 1] = True
        reach = nxt
    return reach[-1]


def align(expects: list[Expect], actual: list[str]) -> list[Op]:
    """The fewest ``del``/``add`` edits turning *expects* into *actual*."""
    if not any(e.kind == "regex" for e in expects):
        return _align(expects, actual)
    with timed_match.bounded():
        return _align(expects, actual)


def _align(expects: list[Expect], actual: list[str]) -> list[Op]:
    n, m = len(expects), len(actual)
    if n * m > _DP_LIMIT:
        return _align_difflib(expects, actual)
    hit = [[e.kind != "elide" and e.matches(line) for line in actual] for e in expects]
    inf = n + m + 1
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[n][j] = m - j
    for i in range(n - 1, -1, -1):
        elide = expects[i].kind == "elide"
        row, below = cost[i], cost[i + 1]
        row[m] = below[m] + (0 if elide else 1)
        hit_i = hit[i]
        for j in range(m - 1, -1, -1):
            if elide:
                row[j] = min(below[j], row[j + 1])
            else:
                best = below[j] + 1
                if row[j + 1] + 1 < best:
                    best = row[j + 1] + 1
                if hit_i[j] and below[j + 1] < best:
                    best = below[j + 1]
                row[j] = best
    return _walk(expects, actual, cost, hit)


def _walk(expects: list[Expect], actual: list[str], cost: list[list[int]], hit) -> list[Op]:
    ops: list[Op] = []
    i = j = 0
    n, m = len(expects), len(actual)
    while i < n or j < m:
        if i == n:
            ops.append(Op("add", None, [actual[j]]))
            j += 1
            continue
        expect = expects[i]
        if expect.kind == "elide":
            taken = []
            while j < m and cost[i][j] == cost[i][j + 1] and cost[i][j] != cost[i + 1][j]:
                taken.append(actual[j])
                j += 1
            ops.append(Op("elide", expect, taken))
            i += 1
            continue
        if j < m and hit[i][j] and cost[i][j] == cost[i + 1][j + 1]:
            ops.append(Op("same", expect, [actual[j]]))
            i, j = i + 1, j + 1
        elif cost[i][j] == cost[i + 1][j] + 1:
            ops.append(Op("del", expect))
            i += 1
        else:
            ops.append(Op("add", None, [actual[j]]))
            j += 1
    return ops


def _align_difflib(expects: list[Expect], actual: list[str]) -> list[Op]:
    """Coarse alignment for huge blocks: markers are compared as written."""
    ops: list[Op] = []
    matcher = difflib.SequenceMatcher(None, [e.raw for e in expects], actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(
                Op("same", expects[i], [actual[j]])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        ops.extend(Op("del", expects[i]) for i in range(i1, i2))
        ops.extend(Op("add", None, [actual[j]]) for j in range(j1, j2))
    return ops
