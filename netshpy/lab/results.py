"""The instructor's view: a class's result files summed up per item and per learner.

``netshpy --lab NAME --results DIR [--csv FILE]`` reads every result file a
trainee wrote with ``:result`` (``docs/labs.md``) in DIR, keeps those of lab
NAME (the newest file per learner), prints a table per item (who passed,
who did not, hints used) and one per learner, and writes the learners' rows
as CSV (to FILE, or ``DIR/<lab>-summary.csv``; ``-`` for standard output).
Only the standard library: nothing is imported on other paths.
"""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..textfile import load_json
from .model import LabSpec

FORMAT = "netshpy-lab-result/1"
NAME_WIDTH = 14  # learner names in the per-learner table
ITEM_WIDTH = 44  # item descriptions in the per-item table (80 columns in all)


def printable(text: str) -> str:
    """*text* with control characters shown as ``?``: a result file is a trainee's, and
    an escape sequence in a name must not reach the instructor's terminal."""
    return "".join(c if c.isprintable() else "?" for c in text)


@dataclass
class ItemSummary:
    """One graded item over the class."""

    number: int
    description: str
    points: int
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    hints: int = 0  # hints shown, over every learner
    hinted: int = 0  # learners who asked for at least one hint


@dataclass
class LearnerResult:
    """The newest result file of one learner."""

    learner: str
    timestamp: str
    score: int
    total: int
    percent: int
    completed: bool
    passed: dict[int, bool]
    hints: dict[int, int]
    path: Path

    @property
    def hints_used(self) -> int:
        """Hints over every item."""
        return sum(self.hints.values())


@dataclass
class ClassSummary:
    """What the result files of a folder say about a lab."""

    lab: LabSpec
    folder: Path
    learners: list[LearnerResult] = field(default_factory=list)
    items: list[ItemSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files not counted, and why


def lab_id(spec: LabSpec) -> str:
    """The lab's id in result files (``urn:netshpy:lab:<file stem>``)."""
    return f"urn:netshpy:lab:{spec.path.stem}"


def _items(spec: LabSpec) -> list[ItemSummary]:
    out: list[ItemSummary] = []
    for exercise in spec.exercises:
        for item in exercise.items:
            out.append(ItemSummary(len(out) + 1, item.description, item.points))
    return out


def _read(path: Path, want: str) -> tuple[LearnerResult | None, str]:
    """The result in *path*, or None and why it is not counted."""
    try:
        doc = load_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None, "not a readable JSON file"
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None, "not a netshpy result file"
    raw_lab = doc.get("lab")
    lab: dict[str, Any] = raw_lab if isinstance(raw_lab, dict) else {}
    if lab.get("id") != want:
        return None, f"another lab ({printable(str(lab.get('id', '?')))})"
    try:
        items = [i for i in doc.get("items", []) if isinstance(i, dict)]
        score = doc.get("score") or {}
        return (
            LearnerResult(
                learner=printable(str(doc.get("learner") or path.stem)),
                timestamp=str(doc.get("timestamp") or ""),
                score=int(score.get("raw", 0)),
                total=int(score.get("max", 0)),
                percent=int(score.get("percent", 0)),
                completed=bool(doc.get("completed")),
                passed={int(i["number"]): bool(i.get("passed")) for i in items},
                hints={int(i["number"]): int(i.get("hints", 0) or 0) for i in items},
                path=path,
            ),
            "",
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, "a result file with missing or malformed fields"


def summarize(spec: LabSpec, folder: Path) -> ClassSummary:
    """Read every ``*.json`` in *folder* (not its subfolders) for lab *spec*."""
    summary = ClassSummary(spec, folder, items=_items(spec))
    newest: dict[str, LearnerResult] = {}
    want = lab_id(spec)
    for path in sorted(folder.glob("*.json")):
        result, why = _read(path, want)
        if result is None:
            summary.skipped.append(f"{printable(path.name)}: {why}")
            continue
        key = result.learner.casefold()
        old = newest.get(key)
        if old is None or result.timestamp >= old.timestamp:
            if old is not None:
                summary.skipped.append(
                    f"{printable(old.path.name)}: an older result of {old.learner}"
                )
            newest[key] = result
        else:
            summary.skipped.append(f"{printable(path.name)}: an older result of {result.learner}")
    summary.learners = sorted(newest.values(), key=lambda r: r.learner.casefold())
    for item in summary.items:
        for learner in summary.learners:
            (item.passed if learner.passed.get(item.number) else item.failed).append(
                learner.learner
            )
            used = learner.hints.get(item.number, 0)
            item.hints += used
            item.hinted += 1 if used else 0
    return summary


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def text(summary: ClassSummary) -> str:
    """The per-item and per-learner tables, in plain text (80 columns)."""
    spec = summary.lab
    count = len(summary.learners)
    rows = [spec.name, f"lab {spec.path.stem}: {count} learner(s) in {summary.folder}"]
    if not count:
        rows.append("No result file of this lab. Trainees write one with :result FILE NAME.")
    else:
        rows += ["", f"{'#':>3}  {'Item':<{ITEM_WIDTH}} {'Passed':>8} {'Hints':>6}  Not yet"]
        for item in summary.items:
            passed = f"{len(item.passed)}/{count}"
            lead = (
                f"{item.number:>3}  {_cut(item.description, ITEM_WIDTH):<{ITEM_WIDTH}} "
                f"{passed:>8} {item.hints:>6}  "
            )
            names = textwrap.wrap(", ".join(item.failed) or "-", 79 - len(lead)) or ["-"]
            rows.append(lead + names[0])
            rows += [" " * len(lead) + more for more in names[1:]]
        numbers = [i.number for i in summary.items]
        head = " ".join(f"{n:>2}" for n in numbers)
        rows += ["", f"{'Learner':<{NAME_WIDTH}} {'Score':>11} {'Hints':>5}  {head}"]
        for r in summary.learners:
            marks = " ".join(
                f"{('x' if r.passed.get(n) else '.') + ('h' if r.hints.get(n) else ' '):>2}"
                for n in numbers
            )
            score = f"{r.score}/{r.total} {r.percent:>3}%"
            rows.append(
                f"{_cut(r.learner, NAME_WIDTH):<{NAME_WIDTH}} {score:>11} {r.hints_used:>5}  {marks}"
            )
        rows.append("(x passed, . not yet, h hints used)")
    if summary.skipped:
        rows += ["", "Not counted:"] + [f"  {s}" for s in summary.skipped]
    return "\n".join(rows)


def csv_text(summary: ClassSummary) -> str:
    """One row per learner: score, each item (yes/no), hints per item, timestamp."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    numbers = [i.number for i in summary.items]
    writer.writerow(
        ["learner", "timestamp", "score", "max", "percent", "completed", "hints"]
        + [f"item {n}" for n in numbers]
        + [f"item {n} hints" for n in numbers]
    )
    for r in summary.learners:
        writer.writerow(
            [r.learner, r.timestamp, r.score, r.total, r.percent]
            + ["yes" if r.completed else "no", r.hints_used]
            + ["yes" if r.passed.get(n) else "no" for n in numbers]
            + [r.hints.get(n, 0) for n in numbers]
        )
    return buffer.getvalue()


def default_csv_path(summary: ClassSummary) -> Path:
    """``<folder>/<lab file stem>-summary.csv``."""
    return summary.folder / f"{summary.lab.path.stem}-summary.csv"


def item_rows(summary: ClassSummary) -> list[dict[str, Any]]:
    """The per-item table as data (for tools built on netshpy)."""
    return [
        {
            "number": i.number,
            "description": i.description,
            "passed": list(i.passed),
            "failed": list(i.failed),
            "hints": i.hints,
            "hinted": i.hinted,
        }
        for i in summary.items
    ]
