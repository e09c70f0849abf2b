"""The instructor's view: netshpy --lab NAME --results DIR [--csv FILE]."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from netshpy.cli import main
from netshpy.lab.model import load_lab
from netshpy.lab.results import lab_id, summarize
from netshpy.lab.shipped import find_lab_file


def _doc(learner: str, passed: list[bool], hints: list[int], stamp: str, lab: str) -> dict:
    items = [
        {"number": n, "passed": p, "points": 1, "earned": int(p), "hints": h}
        for n, (p, h) in enumerate(zip(passed, hints, strict=True), 1)
    ]
    score = sum(passed)
    return {
        "format": "netshpy-lab-result/1",
        "lab": {"id": lab, "name": "x", "file": "x.toml"},
        "learner": learner,
        "timestamp": stamp,
        "items": items,
        "score": {"raw": score, "max": len(items), "percent": round(100 * score / len(items))},
        "hints": sum(hints),
        "completed": all(passed),
    }


def _class(folder: Path) -> int:
    spec = load_lab(find_lab_file("nat-t"))
    n = sum(len(e.items) for e in spec.exercises)
    lab = lab_id(spec)
    docs = {
        "ada.json": _doc("Ada", [True] * n, [0] * n, "2005-03-01T10:00:00", lab),
        "bob-old.json": _doc("Bob", [False] * n, [0] * n, "2005-03-01T09:00:00", lab),
        "bob.json": _doc(
            "Bob", [True] + [False] * (n - 1), [2] + [0] * (n - 1), "2005-03-01T11:00:00", lab
        ),
        "other.json": _doc(
            "Cy", [True] * n, [0] * n, "2005-03-01T10:00:00", "urn:netshpy:lab:dh2048"
        ),
    }
    for name, doc in docs.items():
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return n


def test_summary_per_item_and_learner(tmp_path: Path) -> None:
    n = _class(tmp_path)
    summary = summarize(load_lab(find_lab_file("nat-t")), tmp_path)
    assert [r.learner for r in summary.learners] == ["Ada", "Bob"]  # newest file per learner
    first = summary.items[0]
    assert first.passed == ["Ada", "Bob"] and first.failed == [] and first.hints == 2
    assert all(item.failed == ["Bob"] for item in summary.items[1:n])
    skipped = "\n".join(summary.skipped)
    assert "other.json: another lab" in skipped and "broken.json" in skipped
    assert "bob-old.json: an older result of Bob" in skipped


def test_cli_prints_the_tables_and_writes_csv(tmp_path: Path, capsys) -> None:
    n = _class(tmp_path)
    assert main(["--lab", "nat-t", "--results", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 learner(s)" in out and "Not yet" in out
    assert all(
        len(line) < 80 for line in out.splitlines() if not line.startswith(("lab ", "CSV: "))
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "nat-t-summary.csv").read_text())))
    assert [r["learner"] for r in rows] == ["Ada", "Bob"]
    assert rows[1]["item 1"] == "yes" and rows[1]["item 1 hints"] == "2"
    assert rows[1][f"item {n}"] == "no" and rows[0]["completed"] == "yes"
    target = tmp_path / "out"
    target.mkdir()
    assert main(["--lab", "nat-t", "--results", str(tmp_path), "--csv", str(target / "c.csv")]) == 0
    assert (target / "c.csv").read_text().startswith("learner,timestamp,score")


def test_cli_errors(tmp_path: Path, capsys) -> None:
    assert main(["--lab", "nat-t", "--results", str(tmp_path / "none")]) == 2
    assert main(["--lab", "nat-t", "--csv", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert "is not a folder" in err and "--csv goes with --results" in err
    assert main(["--lab", "nat-t", "--results", str(tmp_path)]) == 0
    assert "No result file of this lab" in capsys.readouterr().out


def test_escape_sequences_in_result_files_never_reach_the_terminal(tmp_path: Path, capsys) -> None:
    # A trainee's result file named its learner "\x1b]0;pwned\x07\x1b[2J": the instructor's
    # terminal got its title changed and its screen cleared.
    spec = load_lab(find_lab_file("nat-t"))
    n = sum(len(e.items) for e in spec.exercises)
    evil = "Eve\x1b]0;pwned\x07\x1b[2J\r"
    doc = _doc(evil, [True] * n, [0] * n, "2005-03-01T10:00:00", lab_id(spec))
    (tmp_path / "eve.json").write_text(json.dumps(doc), encoding="utf-8")
    other = _doc("Cy", [True] * n, [0] * n, "2005-03-01T10:00:00", "urn:\x1b[31mx")
    (tmp_path / "cy.json").write_text(json.dumps(other), encoding="utf-8")
    main(["--lab", "nat-t", "--results", str(tmp_path), "--csv", str(tmp_path / "s.csv")])
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\x07" not in out.out + out.err
    assert "Eve?]0;pwne" in out.out  # shown, harmless
    assert "\x1b" not in (tmp_path / "s.csv").read_text()
