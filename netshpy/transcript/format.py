"""The transcript format: parse a console capture, and write it back.

A line that starts with a netsh prompt (``netsh>``, ``netsh ipsec static>``)
or a command prompt (``C:\\>``, ``C:\\Documents and Settings\\Administrator>``)
is input; the lines up to the next prompt line are its expected output.
Expected lines are literal unless they carry a marker (see
``docs/transcripts.md``): ``#|`` comments, ``...`` elision, ``[[NAME]]``
placeholders, and lines ending in `` (re)`` or `` (glob)``.
Everything before the first prompt is the preamble, where ``#! key: value``
lines set up the emulated computer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime

from .. import messages
from ..host import parse_clock, valid_computer_name
from . import timed_match

NETSH_PROMPT = re.compile(r"(?:\[[^\]\r\n]+\] )?netsh(?: [A-Za-z][A-Za-z0-9_]*)*>")
CMD_PROMPT = re.compile(r"[A-Za-z]:\\[^<>|\"*?\r\n]*>")
COMMENT = "#|"
HEADER = "#!"
ELISION = "..."
REGEX_SUFFIX = " (re)"
GLOB_SUFFIX = " (glob)"
MASK = "***"
DEFAULT_PSK = "netshpy-demo-key"

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?"
_DATE = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
PLACEHOLDERS: dict[str, str] = {
    "GUID": r"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?",
    "DATE": _DATE,
    "TIME": _TIME,
    "DATETIME": _DATE + r",? " + _TIME,
    "COMPUTER": r"[A-Za-z0-9][A-Za-z0-9_.$-]{0,62}",
    "DOMAIN": r"[A-Za-z0-9][A-Za-z0-9_.-]*",
    "IP": r"\d{1,3}(?:\.\d{1,3}){3}",
    "NUMBER": r"-?\d+",
    "HEX": r"(?:0x)?[0-9A-Fa-f]+",
    "WORD": r"\S+",
    "ANY": r".*",
}
_PLACEHOLDER = re.compile(r"\[\[(" + "|".join(PLACEHOLDERS) + r")\]\]")
HEADER_KEYS = ("computer-name", "domain", "os", "clock", "psk", "lab", "connect")
_PSK_INPUT = re.compile(r'(?i)(\bpsk\s*=\s*)("[^"]*"|[^\s"]+)')


class TranscriptError(Exception):
    """A transcript that cannot be read; ``lineno`` is 1-based (0: the whole file)."""

    def __init__(self, path: str, lineno: int, message: str) -> None:
        super().__init__(f"{path}:{lineno}: {message}" if lineno else f"{path}: {message}")
        self.path = path
        self.lineno = lineno
        self.message = message


@dataclass
class Expect:
    """One expected output line as written: literal, a pattern, ``...`` or a comment."""

    lineno: int
    raw: str
    kind: str = "literal"  # literal | regex | elide | comment
    regex: re.Pattern[str] | None = None
    # A pattern's matching time so far, and the budget it overran (then it matches nothing).
    spent: float = field(default=0.0, compare=False, repr=False)
    timed_out: float | None = field(default=None, compare=False, repr=False)

    def matches(self, line: str) -> bool:
        """Whether the actual output *line* satisfies this expectation.

        A pattern has :data:`.timed_match.LIMIT_SECONDS` for all its matches
        together (:mod:`.timed_match` interrupts a match at the limit): one that
        overruns it is recorded in ``timed_out`` and from then on matches nothing.
        """
        if self.kind == "literal":
            return self.raw == line
        if self.kind == "regex":
            assert self.regex is not None
            if self.timed_out is not None:
                return False
            budget = timed_match.LIMIT_SECONDS
            start = time.monotonic()
            try:
                return timed_match.fullmatch(self.regex, line, budget - self.spent)
            except timed_match.PatternTimeout:
                self.timed_out = budget
                return False
            finally:
                self.spent += time.monotonic() - start
        return self.kind == "elide"


@dataclass
class Step:
    """A prompt line (the input) and the expected output below it."""

    lineno: int
    prompt: str
    sep: str
    text: str
    body: list[Expect] = field(default_factory=list)

    @property
    def expects(self) -> list[Expect]:
        """The body without comment lines."""
        return [e for e in self.body if e.kind != "comment"]

    @property
    def is_cmd(self) -> bool:
        """Whether this line was typed at a command prompt (``C:\\>``)."""
        return CMD_PROMPT.fullmatch(self.prompt) is not None

    def prompt_line(self, prompt: str | None = None) -> str:
        """The input line as written (optionally with another prompt)."""
        return (prompt if prompt is not None else self.prompt) + self.sep + self.text


@dataclass
class Header:
    """The emulated computer a transcript expects (``#! key: value`` lines)."""

    computer_name: str | None = None
    domain: str | None = None
    os: str | None = None
    clock: datetime | None = None
    psk: str | None = None
    lab: str | None = None  # a lab file: the transcript runs in a fresh lab
    lab_line: int = 0  # the line of the ``#! lab:`` header
    connect: str | None = None  # the lab computer the first line is typed at
    connect_line: int = 0


@dataclass
class Transcript:
    """A parsed transcript; ``render()`` gives back the text it was parsed from."""

    path: str
    preamble: list[str]
    header: Header
    steps: list[Step]
    crlf: bool = False
    final_newline: bool = True

    def render(self, lines: list[str] | None = None) -> str:
        """The file text for *lines* (default: the transcript as parsed)."""
        if lines is None:
            lines = list(self.preamble)
            for step in self.steps:
                lines.append(step.prompt_line())
                lines.extend(e.raw for e in step.body)
        eol = "\r\n" if self.crlf else "\n"
        text = eol.join(lines)
        return text + eol if lines and self.final_newline else text

    @property
    def psk(self) -> str:
        """The key substituted for ``psk=***`` in input."""
        return self.header.psk or DEFAULT_PSK


def split_prompt(line: str) -> tuple[str, str, str] | None:
    """``(prompt, sep, text)`` when *line* is an input line, else None."""
    found = NETSH_PROMPT.match(line) or CMD_PROMPT.match(line)
    if found is None:
        return None
    prompt, rest = found.group(0), line[found.end() :]
    if rest.startswith(" "):
        return prompt, " ", rest[1:]
    return prompt, "", rest


def is_prompt(line: str) -> bool:
    """Whether *line* would be read as an input line."""
    return split_prompt(line) is not None


def parse_expect(lineno: int, raw: str, path: str = "<transcript>") -> Expect:
    """Classify one expected output line."""
    if raw.startswith(COMMENT):
        return Expect(lineno, raw, "comment")
    if raw == ELISION:
        return Expect(lineno, raw, "elide")
    if raw.endswith(REGEX_SUFFIX):
        try:
            regex = re.compile(raw[: -len(REGEX_SUFFIX)])
        except re.error as exc:
            raise TranscriptError(
                path, lineno, messages.TRANSCRIPT_BAD_REGEX.format(error=exc)
            ) from None
        except RecursionError:  # re's parser recurses: ((((...)))) thousands deep
            raise TranscriptError(
                path, lineno, messages.TRANSCRIPT_BAD_REGEX.format(error=messages.REGEX_TOO_DEEP)
            ) from None
        return Expect(lineno, raw, "regex", regex)
    if raw.endswith(GLOB_SUFFIX):
        return Expect(lineno, raw, "regex", re.compile(_glob(raw[: -len(GLOB_SUFFIX)])))
    if _PLACEHOLDER.search(raw):
        parts, pos = [], 0
        for found in _PLACEHOLDER.finditer(raw):
            parts.append(re.escape(raw[pos : found.start()]))
            parts.append(f"(?:{PLACEHOLDERS[found.group(1)]})")
            pos = found.end()
        parts.append(re.escape(raw[pos:]))
        return Expect(lineno, raw, "regex", re.compile("".join(parts)))
    return Expect(lineno, raw)


def _glob(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*?\\":
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return "".join(out)


def escape_line(line: str) -> str:
    """*line* written so that it reads back as exactly this literal output line."""
    if not (
        is_prompt(line)
        or line.startswith(COMMENT)
        or line == ELISION
        or line.endswith(REGEX_SUFFIX)
        or line.endswith(GLOB_SUFFIX)
        or _PLACEHOLDER.search(line)
    ):
        return line
    first = line[0]
    head = f"[\\{first}]" if first in "\\]^-[" else f"[{first}]"
    return head + re.escape(line[1:]) + REGEX_SUFFIX


def split_lines(text: str) -> tuple[list[str], bool, bool]:
    """``(lines, crlf, final_newline)``; CR LF and LF line ends are both accepted."""
    crlf = "\r\n" in text[: text.find("\n") + 1] if "\n" in text else False
    lines = text.split("\n")
    final_newline = len(lines) > 1 and lines[-1] == ""
    if final_newline or lines == [""]:
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines], crlf, final_newline


def parse(text: str, path: str = "<transcript>") -> Transcript:
    """Parse transcript *text*; raises :class:`TranscriptError` on a bad header or pattern."""
    lines, crlf, final_newline = split_lines(text.lstrip("\ufeff"))
    preamble: list[str] = []
    steps: list[Step] = []
    header = Header()
    for lineno, line in enumerate(lines, 1):
        found = split_prompt(line)
        if found is not None:
            steps.append(Step(lineno, *found))
        elif not steps:
            preamble.append(line)
            if line.startswith(HEADER):
                _header_line(header, line, lineno, path)
        else:
            steps[-1].body.append(parse_expect(lineno, line, path))
    if header.connect and not header.lab:
        raise TranscriptError(path, header.connect_line, messages.TRANSCRIPT_CONNECT_NO_LAB)
    return Transcript(path, preamble, header, steps, crlf, final_newline)


def _header_line(header: Header, line: str, lineno: int, path: str) -> None:
    key, colon, value = line[len(HEADER) :].partition(":")
    key, value = key.strip().lower(), value.strip()
    if not colon or key not in HEADER_KEYS:
        raise TranscriptError(
            path, lineno, messages.TRANSCRIPT_BAD_HEADER.format(keys=", ".join(HEADER_KEYS))
        )
    if not value:
        raise TranscriptError(path, lineno, messages.TRANSCRIPT_EMPTY_HEADER.format(key=key))
    if key == "computer-name":
        if not valid_computer_name(value):
            raise TranscriptError(path, lineno, messages.TRANSCRIPT_BAD_COMPUTER.format(name=value))
        header.computer_name = value
    elif key == "domain":
        header.domain = value
    elif key == "os":
        from ..osinfo import os_from_name

        if os_from_name(value) is None:
            raise TranscriptError(path, lineno, messages.TRANSCRIPT_BAD_OS.format(os=value))
        header.os = value
    elif key == "clock":
        try:
            header.clock = parse_clock(value)
        except ValueError:
            raise TranscriptError(
                path, lineno, messages.TRANSCRIPT_BAD_CLOCK.format(clock=value)
            ) from None
    elif key == "lab":
        header.lab = value
        header.lab_line = lineno
    elif key == "connect":
        if not valid_computer_name(value):
            raise TranscriptError(path, lineno, messages.TRANSCRIPT_BAD_COMPUTER.format(name=value))
        header.connect = value
        header.connect_line = lineno
    else:
        if len(value) < 4 or value == MASK:
            raise TranscriptError(path, lineno, messages.TRANSCRIPT_BAD_PSK)
        header.psk = value


# ---- preshared keys --------------------------------------------------------


def unmask_input(text: str, key: str) -> str:
    """Replace ``psk=***`` (or ``psk="***"``) in typed *text* with *key*."""

    def sub(found: re.Match[str]) -> str:
        value = found.group(2)
        if value.strip('"') != MASK:
            return found.group(0)
        quoted = value.startswith('"') or " " in key
        return found.group(1) + (f'"{key}"' if quoted else key)

    return _PSK_INPUT.sub(sub, text)


def mask_input(text: str) -> tuple[str, list[str]]:
    """*text* with every ``psk=`` value replaced by ``***``, and the keys it held."""
    keys: list[str] = []

    def sub(found: re.Match[str]) -> str:
        value = found.group(2)
        bare = value.strip('"')
        if bare and bare != MASK:
            keys.append(bare)
        return found.group(1) + ('"***"' if value.startswith('"') else MASK)

    return _PSK_INPUT.sub(sub, text), keys


def mask_output(text: str, keys: list[str] | tuple[str, ...]) -> str:
    """*text* with every occurrence of the *keys* replaced by ``***``."""
    for key in sorted(set(keys), key=len, reverse=True):
        if len(key) >= 4:
            text = text.replace(key, MASK)
    return text
