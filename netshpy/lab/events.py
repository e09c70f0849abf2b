"""Progress events: what a trainee did in a lab, one JSON line each, for a watcher.

When the environment variable ``NETSHPY_LAB_EVENTS`` is set (``netshpy serve``
sets it for every trainee), the lab's ``:check``, ``:hint``, ``:ping``/``:send``
and ``:reset`` append one line to ``<lab folder>/events.jsonl``::

    {"format": "netshpy-lab-events/1", "time": "2026-12-02T17:40:00+00:00",
     "event": "send", "summary": "XP1 -> SRV1 ICMP: secured",
     "score": 2, "total": 4, "hints": 1,
     "items": [{"number": 1, "passed": true, "hints": 1}, ...]}

``event`` is ``check``, ``hint`` (with ``item``, the number asked for, or null
for the first item still to do), ``send`` (with ``summary``) or ``reset``.
Every event carries the grade right after it (``score``, ``total``, ``hints``
used, ``items`` with ``passed`` and ``hints``): a send grades the lab too, so that a watcher sees an item pass as soon as the traffic
proves it. Times are real (UTC), whatever the lab's clock. Without the variable
nothing is written and nothing is graded beyond what the command itself does.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..statefiles import append_private

if TYPE_CHECKING:
    from .grading import Progress
    from .runtime import Lab

ENV = "NETSHPY_LAB_EVENTS"
FILE = "events.jsonl"
FORMAT = "netshpy-lab-events/1"
MAX_BYTES = 4 * 1024 * 1024  # a runaway loop of sends cannot fill the disk


def enabled() -> bool:
    """True when the progress events are asked for."""
    return bool(os.environ.get(ENV))


def grade_fields(progress: Progress) -> dict[str, Any]:
    """The grade part of an event."""
    return {
        "score": progress.score,
        "total": progress.total,
        "hints": progress.hints_used,
        "items": [
            {"number": i.number, "passed": i.passed, "hints": i.hints_used} for i in progress.items
        ],
    }


def record(lab: Lab, event: str, **data: Any) -> None:
    """Append one event to the lab folder's ``events.jsonl`` (when enabled)."""
    if not enabled():
        return
    line = {
        "format": FORMAT,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        **data,
    }
    path = lab.root / FILE
    try:
        if path.exists() and path.stat().st_size > MAX_BYTES:
            return
        append_private(path, (json.dumps(line) + "\n").encode("utf-8"))
    except OSError:
        pass  # progress reporting never gets in the trainee's way


def record_graded(lab: Lab, event: str, progress: Progress | None = None, **data: Any) -> None:
    """Append an event with the lab's grade now (*progress*, or graded here)."""
    if not enabled():
        return
    if progress is None:
        progress = lab.check()
    record(lab, event, **data, **grade_fields(progress))
