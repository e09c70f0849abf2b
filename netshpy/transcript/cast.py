"""Export a transcript as an asciinema v2 cast, with a marker per command.

The transcript is replayed (deterministically) so that the cast shows real
output even where the transcript has placeholders or elisions. Typing is
simulated at a steady pace; each command gets a marker event (``"m"``)
labelled with the typed line, so players can jump from command to command.
Timing is fixed, so the same transcript always gives the same cast.
"""

from __future__ import annotations

import json
from pathlib import Path

from .format import Transcript
from .replay import Settings, run_steps

WIDTH, HEIGHT = 80, 25
TYPE_DELAY = 0.04
ENTER_DELAY = 0.3
READ_DELAY = 0.8


def cast_text(transcript: Transcript, settings: Settings | None = None, *, title: str = "") -> str:
    """The asciinema v2 file for *transcript* (header line, then one event a line)."""
    head = {
        "version": 2,
        "width": WIDTH,
        "height": HEIGHT,
        "title": title or Path(transcript.path).stem,
        "env": {"TERM": "xterm-256color", "SHELL": "netsh"},
    }
    events: list[list[object]] = []
    now = 0.0
    for step, prompt, output in run_steps(transcript, settings):
        shown = prompt if prompt is not None else step.prompt
        events.append([round(now, 3), "o", shown])
        now += READ_DELAY / 2
        events.append([round(now, 3), "m", step.text or shown])
        for char in step.text:
            now += TYPE_DELAY
            events.append([round(now, 3), "o", char])
        now += ENTER_DELAY
        events.append([round(now, 3), "o", "\r\n"])
        if output:
            now += 0.05
            events.append([round(now, 3), "o", output.replace("\n", "\r\n")])
            now += READ_DELAY
    lines = [json.dumps(head)]
    lines.extend(json.dumps(event, ensure_ascii=False) for event in events)
    return "\n".join(lines) + "\n"


def export(transcript: Transcript, out: str | Path, settings: Settings | None = None) -> int:
    """Write the cast of *transcript* to *out*; return the number of commands."""
    Path(out).write_text(cast_text(transcript, settings), encoding="utf-8")
    return len(transcript.steps)
