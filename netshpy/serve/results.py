"""The class's results: each trainee's result file (``:result``), as CSV and as xAPI statements.

Each trainee's lab is graded as it is now by netshpy itself
(``netshpy --lab LAB --state-dir <class>/<trainee> :result FILE NAME``, in a
process of its own, two at a time), so the files are exactly what the trainee's
own ``:result`` writes (``docs/labs.md``); they are kept in
``<class>/.serve/results/``, which ``netshpy --lab LAB --results`` also reads.
The CSV is that instructor summary's (``netshpy.lab.results``) with the
classroom's own columns added.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sys
from typing import TYPE_CHECKING, Any

from ..textfile import load_json

if TYPE_CHECKING:
    from typing import Protocol

    from .classroom import Classroom
    from .terminals import TerminalManager

    class Server(Protocol):
        """What results read of the class's server (:class:`netshpy.serve.web.Server`)."""

        classroom: Classroom
        terminals: TerminalManager
        lab_info: dict


PARALLEL = 2


async def _result(server: Server, key: str, gate: asyncio.Semaphore) -> dict[str, Any] | None:
    classroom = server.classroom
    folder = classroom.folder(key)
    if not (folder / "lab.json").is_file():
        return None  # signed in, never started: no lab to grade
    out = classroom.meta / "results" / f"{key}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    env = server.terminals.env(key)
    env.pop("NETSHPY_LAB_EVENTS", None)  # grading for the trainer is not the trainee's event
    argv = [*server.terminals.argv(key), ":result", str(out), classroom.trainee(key).name]
    async with gate:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await proc.wait()
    try:
        doc = load_json(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


async def class_results(server: Server) -> dict[str, dict[str, Any]]:
    """Every trainee's result document now, by trainee key (the older files are removed)."""
    for old in (server.classroom.meta / "results").glob("*.json"):
        old.unlink(missing_ok=True)  # a trainee reset since has no result now
    gate = asyncio.Semaphore(PARALLEL)
    keys = sorted(server.classroom.trainees)
    docs = await asyncio.gather(*(_result(server, key, gate) for key in keys))
    return {key: doc for key, doc in zip(keys, docs, strict=True) if doc is not None}


def xapi_statements(docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The xAPI statements of the result files, one per trainee (a list an LRS accepts)."""
    return [doc["statement"] for doc in docs.values() if isinstance(doc.get("statement"), dict)]


def csv_text(server: Server) -> str:
    """The class's CSV: the instructor summary's rows (``netshpy.lab.results``) of the
    result files just written, plus minutes on task and last activity per learner."""
    from datetime import UTC, datetime

    from ..lab.model import load_lab
    from ..lab.results import csv_text as summary_csv
    from ..lab.results import summarize

    classroom = server.classroom
    summary = summarize(load_lab(classroom.lab_file), classroom.meta / "results")
    rows = list(csv.reader(io.StringIO(summary_csv(summary))))
    by_name = {t.name.casefold(): t for t in classroom.trainees.values()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for n, row in enumerate(rows):
        if n == 0:
            writer.writerow([*row, "minutes on task", "last activity (UTC)"])
            continue
        trainee = by_name.get(row[0].casefold()) if row else None
        if trainee is None:
            writer.writerow([*row, "", ""])
            continue
        last = datetime.fromtimestamp(trainee.last, UTC) if trainee.last else None
        stamp = last.isoformat(timespec="seconds") if last else ""
        writer.writerow([*row, round(trainee.active / 60, 1), stamp])
    return buffer.getvalue()


def lab_info(lab_file: Any) -> dict[str, Any]:
    """The lab's name and graded items (the trainer table's columns)."""
    from ..lab.model import load_lab

    spec = load_lab(lab_file)
    items = []
    n = 0
    for exercise in spec.exercises:
        for item in exercise.items:
            n += 1
            items.append(
                {
                    "number": n,
                    "exercise": exercise.title,
                    "description": item.description,
                    "points": item.points,
                }
            )
    return {"name": spec.name, "file": spec.path.name, "items": items, "python": sys.version}
