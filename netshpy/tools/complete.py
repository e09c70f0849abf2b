"""Completion and highlighting of ``ipseccmd`` / ``ipsecpol`` lines, from the flag table.

Both work on the text after the program name. :func:`complete` offers the
flags (and ``show`` keywords) that fit where the cursor is; :func:`tokens`
labels every word for a highlighter: ``flag``, ``value``, ``keyword`` (show
keywords, BLOCK/PASS/INPASS), ``computer`` or ``error`` (what the tool would
reject).
"""

from __future__ import annotations

from .args import split
from .spec import Tool
from .values import NEGOTIATION_KEYWORDS


def complete(tool: Tool, before_cursor: str) -> list[str]:
    """The words that may replace the word the cursor is in (sorted)."""
    words = split(before_cursor)
    partial = "" if before_cursor.endswith((" ", "\t")) or not words else words.pop()
    if words and words[0].lower() == "show":
        return sorted(k for k in tool.show if k.startswith(partial.lower()))
    previous = tool.flag(words[-1]) if words else None
    if previous is not None and previous.name == "-n" and not partial.startswith("-"):
        return sorted(k for k in NEGOTIATION_KEYWORDS if k.startswith(partial.upper()))
    if previous is not None and previous.value != "none" and not partial.startswith("-"):
        return []  # a value of the user's own
    given = {w.lower() for w in words}
    names = [f.name for f in tool.flags if f.repeat or f.name not in given]
    if not words and tool.show:
        names.append("show")
    return sorted(n for n in names if n.startswith(partial.lower()))


def tokens(tool: Tool, text: str) -> list[tuple[str, str]]:
    """(word, kind) for every word of *text*."""
    out: list[tuple[str, str]] = []
    words = split(text)
    expecting = 0  # values still expected by the last flag (-1: any number)
    for i, word in enumerate(words):
        flag = tool.flag(word) if word.startswith("-") else None
        if i == 0 and word.startswith("\\\\"):
            out.append((word, "computer"))
        elif flag is not None:
            out.append((word, "flag"))
            expecting = {"none": 0, "one": 1, "list": -1}[flag.value]
        elif out and out[0][0].lower() == "show" or (i == 0 and word.lower() == "show"):
            out.append((word, "keyword" if word.lower() in tool.show + ("show",) else "error"))
        elif expecting:
            out.append((word, "keyword" if word in NEGOTIATION_KEYWORDS else "value"))
            expecting = max(expecting - 1, -1) if expecting > 0 else -1
        else:
            out.append((word, "error"))
    return out
