"""Grading exercise items on meaning: the progress, the registry of checks, hints.

Every check reads the emulated computers' state (never the text netsh
printed), so that any correct way of reaching a goal passes. The lab's own
checks live in :mod:`.checks`; an area above the lab adds its own from its
``grading.py``. :func:`grade` returns a :class:`Progress`; :mod:`.result_file`
turns it into the JSON result file described in ``docs/labs.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import NetshError
from .checks import CHECKS, Checker
from .model import ItemSpec, LabError

if TYPE_CHECKING:
    from .view import LabView


@dataclass
class ItemResult:
    """One graded item, checked now."""

    number: int
    exercise: str
    description: str
    passed: bool
    points: int
    detail: str = ""
    hints: tuple[str, ...] = ()
    hints_used: int = 0


@dataclass
class Progress:
    """Every item of every exercise, and the score."""

    lab: str
    items: list[ItemResult] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Points earned."""
        return sum(i.points for i in self.items if i.passed)

    @property
    def total(self) -> int:
        """Points available."""
        return sum(i.points for i in self.items)

    @property
    def complete(self) -> bool:
        """True when every item passes."""
        return all(i.passed for i in self.items)

    @property
    def hints_used(self) -> int:
        """Hints shown, over every item."""
        return sum(i.hints_used for i in self.items)

    @property
    def percent(self) -> int:
        """The score in percent (100 for a lab without items)."""
        return 100 if not self.total else round(100 * self.score / self.total)

    def first_failing(self) -> ItemResult | None:
        """The first item still to do."""
        return next((i for i in self.items if not i.passed), None)

    def text(self) -> str:
        """The plain progress table."""
        if not self.items:
            return f"{self.lab}: this lab has no graded exercises."
        rows = [f"{self.lab}: {self.score}/{self.total} points ({self.percent}%)", ""]
        exercise = None
        for item in self.items:
            if item.exercise != exercise:
                exercise = item.exercise
                rows.append(exercise)
            mark = "[x]" if item.passed else "[ ]"
            used = f", {_hints_text(item.hints_used)}" if item.hints_used else ""
            rows.append(f"  {item.number:>2}. {mark} {item.description}  ({item.points} pt{used})")
            if not item.passed and item.detail:
                rows.append(f"         {item.detail}")
        if self.hints_used:
            rows += ["", f"Hints used: {self.hints_used}"]
        return "\n".join(rows)

    def rich(self) -> Any:
        """A rich renderable of the progress (imports rich)."""
        from rich.markup import escape
        from rich.table import Table

        title = f"{self.lab}: {self.score}/{self.total} points ({self.percent}%)"
        if self.hints_used:
            title += f", {_hints_text(self.hints_used)}"
        table = Table(title=title, show_lines=False, expand=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Item", overflow="fold")
        table.add_column("Done", justify="center", no_wrap=True)
        table.add_column("Pt", justify="right", no_wrap=True)
        table.add_column("Hints", justify="right", no_wrap=True)
        exercise = None
        for item in self.items:
            if item.exercise != exercise:
                # The exercise title once, as a section row above its items.
                exercise = item.exercise
                table.add_row("", f"[bold]{escape(exercise)}[/bold]", "", "", "")
            done = "[green]yes[/green]" if item.passed else "[bold red]no[/bold red]"
            text = escape(item.description)
            if not item.passed and item.detail:
                text += f"\n[italic]{escape(item.detail)}[/italic]"
            table.add_row(
                str(item.number), text, done, str(item.points), str(item.hints_used or "")
            )
        return table


def _hints_text(count: int) -> str:
    return f"{count} hint{'s' if count != 1 else ''} used"


AREA_MODULE = "grading"  # netshpy/<area>/grading.py registers that area's checks

CHECKERS: dict[str, Checker] = dict(CHECKS)


_areas_loaded = False


def register_check(name: str, checker: Checker) -> None:
    """Add the check *name*: an area above the lab (captures) registers its checks this way."""
    CHECKERS[name] = checker


def checkers() -> dict[str, Checker]:
    """Every check: the lab's own, and those of every ``netshpy/<area>/grading.py`` (found by
    name and imported once), so the lab never imports the areas built on it."""
    global _areas_loaded
    if not _areas_loaded:
        _areas_loaded = True
        import importlib
        from pathlib import Path

        root = Path(__file__).resolve().parent.parent
        for folder in sorted(root.iterdir()):
            if folder.name != "lab" and (folder / f"{AREA_MODULE}.py").is_file():
                importlib.import_module(f"netshpy.{folder.name}.{AREA_MODULE}")
    return CHECKERS


def check_item(lab: LabView, item: ItemSpec) -> tuple[bool, str]:
    """Check one item; (passed, why not)."""
    try:
        return checkers()[item.check](lab, item.params)
    except (LabError, NetshError, KeyError, ValueError, TypeError) as exc:
        text = getattr(exc, "text", None) or str(exc)
        return False, f"cannot check: {text}"


def grade(lab: LabView) -> Progress:
    """Check every item of every exercise of *lab*."""
    from . import hints

    progress = Progress(lab.spec.name)
    used = hints.load(lab.root)
    n = 0
    for exercise in lab.spec.exercises:
        for item in exercise.items:
            n += 1
            passed, detail = check_item(lab, item)
            progress.items.append(
                ItemResult(
                    n,
                    exercise.title,
                    item.description,
                    passed,
                    item.points,
                    detail,
                    item.hints,
                    min(used.get(n, 0), len(item.hints)),
                )
            )
    return progress


def hint(lab: LabView, number: int | None = None) -> str:
    """The next hint of item *number*, or of the first item still to do (and count it).

    An item's hints come one at a time, each ``:hint`` the next one: first
    the concept, then where to look, then the command; the last one repeats.
    """
    from . import hints

    progress = grade(lab)
    if number is None:
        item = progress.first_failing()
        if item is None:
            return "Every item is done. Well done!"
    else:
        item = next((i for i in progress.items if i.number == number), None)
        if item is None:
            raise LabError(f"no item {number} (items 1-{len(progress.items)})")
    head = f"Item {item.number}: {item.description}"
    if not item.hints:
        return f"{head}\n  No hint for this item."
    level = min(item.hints_used, len(item.hints) - 1)
    if item.hints_used < len(item.hints):
        used = hints.load(lab.root)
        used[item.number] = item.hints_used + 1
        hints.save(lab.root, used)
    total = len(item.hints)
    rows = [head, f"  Hint {level + 1} of {total}: {item.hints[level]}"]
    if level + 1 < total:
        rows.append(f"  (:hint {item.number} again for the next hint)")
    return "\n".join(rows)
