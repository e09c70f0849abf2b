"""A trainee's result file: the plain fields and an xAPI-style statement.

``:result FILE`` writes it (``docs/labs.md`` gives the format); the
instructor's summary (:mod:`.results`) reads a class's files back.
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .grading import Progress
    from .view import LabView

HINTS_EXTENSION = "urn:netshpy:hints"  # xAPI result extension: hints shown


def learner_name() -> str:
    """``NETSHPY_LEARNER``, else the user name."""
    name = os.environ.get("NETSHPY_LEARNER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "learner"


def result_document(
    lab: LabView, progress: Progress, learner: str | None = None, when: datetime | None = None
) -> dict[str, Any]:
    """The result file's content: plain fields plus an xAPI-style ``statement``."""
    learner = learner or learner_name()
    when = when or datetime.now(UTC)
    stamp = when.isoformat(timespec="seconds")
    lab_id = f"urn:netshpy:lab:{lab.spec.path.stem}"
    items = [
        {
            "number": i.number,
            "exercise": i.exercise,
            "description": i.description,
            "passed": i.passed,
            "points": i.points,
            "earned": i.points if i.passed else 0,
            "hints": i.hints_used,
        }
        for i in progress.items
    ]
    scaled = progress.score / progress.total if progress.total else 1.0
    return {
        "format": "netshpy-lab-result/1",
        "lab": {"id": lab_id, "name": lab.spec.name, "file": lab.spec.path.name},
        "learner": learner,
        "timestamp": stamp,
        "items": items,
        "score": {"raw": progress.score, "max": progress.total, "percent": progress.percent},
        "hints": progress.hints_used,
        "completed": progress.complete,
        "statement": {
            "actor": {
                "objectType": "Agent",
                "name": learner,
                "account": {"homePage": "urn:netshpy", "name": learner},
            },
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/"
                + ("passed" if progress.complete else "attempted"),
                "display": {"en-US": "passed" if progress.complete else "attempted"},
            },
            "object": {
                "objectType": "Activity",
                "id": lab_id,
                "definition": {
                    "name": {"en-US": lab.spec.name},
                    "description": {"en-US": lab.spec.description or lab.spec.name},
                    "type": "http://adlnet.gov/expapi/activities/simulation",
                },
            },
            "result": {
                "score": {
                    "raw": progress.score,
                    "min": 0,
                    "max": progress.total,
                    "scaled": round(scaled, 4),
                },
                "success": progress.complete,
                "completion": progress.complete,
                "extensions": {HINTS_EXTENSION: progress.hints_used},
            },
            "timestamp": stamp,
        },
    }
