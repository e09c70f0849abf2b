"""Mismatch reports: a diff with the transcript's line numbers, plain or coloured.

The report is built as rows ``(kind, lineno, text)`` once, then rendered as
plain text (pipes, ``NO_COLOR``, pytest) or with rich colours on a terminal.
Rich is imported only when colour is used.
"""

from __future__ import annotations

import os
from typing import TextIO

from .. import messages
from .replay import FileOutcome, StepOutcome

CONTEXT = 2
Row = tuple[str, int | None, str]  # kind: title | note | same | del | add | skip


def rows(outcome: FileOutcome) -> list[Row]:
    """The diff rows of every failed step of *outcome*."""
    out: list[Row] = []
    path = outcome.transcript.path
    for result in outcome.failed:
        out.extend(step_rows(result, path))
    return out


def step_rows(result: StepOutcome, path: str) -> list[Row]:
    """The diff rows of one failed step."""
    step = result.step
    out: list[Row] = [("title", step.lineno, f"{path}:{step.lineno}: {step.prompt_line()}")]
    if result.prompt is None:
        out.append(("note", None, messages.TRANSCRIPT_ENDED))
    elif not result.prompt_ok:
        out.append(("note", None, messages.TRANSCRIPT_PROMPT_DIFFERS))
        out.append(("del", step.lineno, step.prompt_line()))
        out.append(("add", None, step.prompt_line(result.prompt)))
    else:
        out.append(("same", step.lineno, step.prompt_line()))
    if result.missing:
        out.append(("note", None, messages.TRANSCRIPT_MISSING))
    elif result.prompt_ok and result.prompt is not None:
        out.append(("note", None, messages.TRANSCRIPT_OUTPUT_DIFFERS))
    diff: list[Row] = []
    for op in result.ops():
        if op.expect is None:
            diff.append(("add", None, op.lines[0]))
        else:
            kind = "del" if op.kind == "del" else "same"
            diff.append((kind, op.expect.lineno, op.expect.raw))
            if op.expect.timed_out is not None:
                text = messages.TRANSCRIPT_REGEX_TIMEOUT.format(seconds=op.expect.timed_out)
                diff.append(("note", None, f"line {op.expect.lineno}: {text}"))
    out.extend(_trim_context(diff))
    return out


def _trim_context(diff: list[Row]) -> list[Row]:
    """Keep CONTEXT unchanged lines around each change; fold the rest."""
    changed = [i for i, row in enumerate(diff) if row[0] != "same"]
    if not changed:
        return diff
    keep: set[int] = set()
    for i in changed:
        keep.update(range(max(0, i - CONTEXT), min(len(diff), i + CONTEXT + 1)))
    out: list[Row] = []
    skipped = 0
    for i, row in enumerate(diff):
        if i in keep:
            if skipped:
                out.append(("skip", None, f"({skipped} matching lines)"))
                skipped = 0
            out.append(row)
        else:
            skipped += 1
    if skipped:
        out.append(("skip", None, f"({skipped} matching lines)"))
    return out


_MARK = {"same": " ", "del": "-", "add": "+", "skip": " "}


def plain(report: list[Row]) -> str:
    """The report as plain text."""
    width = max((len(str(n)) for _, n, _ in report if n is not None), default=1)
    lines = []
    for kind, lineno, text in report:
        if kind == "title":
            lines.append(text)
        elif kind == "note":
            lines.append(f"  {text}")
        else:
            number = str(lineno) if lineno is not None else ""
            lines.append(f"{_MARK[kind]} {number:>{width}} | {text}")
    return "\n".join(lines) + ("\n" if lines else "")


def use_color(stream: TextIO, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never with ``--no-color`` or ``NO_COLOR``."""
    if no_color or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write(report: list[Row], stream: TextIO, *, color: bool) -> None:
    """Write *report* to *stream*, coloured with rich when *color*."""
    if not color:
        stream.write(plain(report))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    styles = {"same": "dim", "del": "red", "add": "green", "skip": "dim italic"}
    width = max((len(str(n)) for _, n, _ in report if n is not None), default=1)
    for kind, lineno, text in report:
        if kind == "title":
            console.print(Text(text, style="bold"))
        elif kind == "note":
            console.print(Text(f"  {text}", style="yellow"))
        else:
            number = str(lineno) if lineno is not None else ""
            console.print(Text(f"{_MARK[kind]} {number:>{width}} | {text}", style=styles[kind]))
