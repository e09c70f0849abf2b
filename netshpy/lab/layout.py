"""Emulator text fitted to the terminal: wrapped at blanks, never inside a word.

netsh's own screens keep Windows' layout; the emulator's own text (a send's
explanation, ``:check``, ``:hint``, ``:exercise``) is wrapped to the width of
the terminal it is shown on. Off a terminal (pipes, scripts, transcripts,
the API) it is left as it is, one explanation step a line.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

MIN_WIDTH = 40


def terminal_width(session: Any) -> int | None:
    """Columns of the terminal *session* is shown on, or None off a terminal."""
    repl = session.state("repl").get("repl") if hasattr(session, "state") else None
    if repl is not None:
        try:
            return max(MIN_WIDTH, int(repl.terminal_width()))
        except Exception:
            return 80
    if getattr(session, "lab_rich", False):  # a lab on a terminal (plain reader)
        return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    return None


def wrap(text: str, width: int | None, hang: int = 2) -> str:
    """Each line of *text* wrapped to *width* at blanks, continued *hang* columns deeper.

    Words, addresses and names longer than the line stay whole (they overflow
    rather than break); ``None`` leaves *text* unchanged.
    """
    if width is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) < width:  # strictly shorter: a full-width line wraps on some consoles
            out.append(line)
            continue
        body = line.lstrip(" ")
        lead = " " * (len(line) - len(body))
        out.extend(
            textwrap.wrap(
                body,
                width=width - 1,
                initial_indent=lead,
                subsequent_indent=lead + " " * hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [line]
        )
    return "\n".join(out)
