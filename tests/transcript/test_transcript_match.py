"""The matcher: literal lines, markers, elision, and the alignment behind diffs."""

from __future__ import annotations

import pytest

from netshpy.transcript.format import parse_expect
from netshpy.transcript.match import align, block_matches


def expects(*raw: str):
    return [parse_expect(i, r) for i, r in enumerate(raw, 1)]


@pytest.mark.parametrize(
    ("pattern", "actual", "ok"),
    [
        ((), [], True),
        ((), [""], False),
        (("a",), ["a"], True),
        (("a",), ["a "], False),
        (("a ",), ["a"], False),
        ((" a",), ["a"], False),
        (("a", "b"), ["a"], False),
        (("a",), ["a", "b"], False),
        (("",), [""], True),
        (("a", ""), ["a"], False),
        (("...",), [], True),
        (("...",), ["x", "y"], True),
        (("a", "...", "z"), ["a", "z"], True),
        (("a", "...", "z"), ["a", "b", "c", "z"], True),
        (("a", "...", "z"), ["a", "b", "c"], False),
        (("...", "z"), ["z", "z"], True),
        (("...", "b", "...", "d"), ["a", "b", "c", "d"], True),
        (("...", "b", "...", "d"), ["a", "c", "d"], False),
        (("[[NUMBER]] rules", "..."), ["3 rules", "r1"], True),
        (("x (re)", "..."), ["y"], False),
    ],
)
def test_block_matches(pattern, actual, ok):
    assert block_matches(expects(*pattern), actual) is ok


def kinds(ops):
    return [(op.kind, op.expect.raw if op.expect else None, op.lines) for op in ops]


def test_align_extra_output_line():
    ops = align(expects("a", "c"), ["a", "b", "c"])
    assert kinds(ops) == [
        ("same", "a", ["a"]),
        ("add", None, ["b"]),
        ("same", "c", ["c"]),
    ]


def test_align_missing_output_line():
    ops = align(expects("a", "b", "c"), ["a", "c"])
    assert kinds(ops) == [("same", "a", ["a"]), ("del", "b", []), ("same", "c", ["c"])]


def test_align_changed_line_shows_delete_then_add():
    ops = align(expects("a", "b"), ["a", "B"])
    assert kinds(ops) == [("same", "a", ["a"]), ("del", "b", []), ("add", None, ["B"])]


def test_align_elision_takes_the_lines_it_stands_for():
    ops = align(expects("head", "...", "tail", "extra"), ["head", "1", "2", "tail"])
    assert kinds(ops) == [
        ("same", "head", ["head"]),
        ("elide", "...", ["1", "2"]),
        ("same", "tail", ["tail"]),
        ("del", "extra", []),
    ]


def test_align_keeps_markers_that_match():
    ops = align(expects("GUID [[GUID]]", "x"), ["GUID {00000000-0000-0000-0000-000000000001}", "y"])
    assert ops[0].kind == "same" and ops[0].expect.raw == "GUID [[GUID]]"


def test_align_of_a_matching_block_has_no_edits():
    pattern = expects("a", "...", "[[NUMBER]]")
    ops = align(pattern, ["a", "q", "r", "5"])
    assert all(op.kind in ("same", "elide") for op in ops)


def test_align_huge_blocks_falls_back_without_crashing(monkeypatch):
    import netshpy.transcript.match as match

    monkeypatch.setattr(match, "_DP_LIMIT", 10)
    ops = align(expects("a", "b", "c", "d"), ["a", "x", "c", "d"])
    assert [op.kind for op in ops].count("same") == 3
