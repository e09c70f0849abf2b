"""Replay a transcript on a fresh emulated computer, compare, and rewrite it.

Every transcript runs on its own computer (a temporary state folder unless
one is given) that is deterministic by default: a fixed clock, sequential
GUIDs and the computer name ``WIN2003`` (``WINXP``... on other versions), unless
the header says otherwise.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import messages
from ..host import FixedClock, Host
from ..hostfiles import confined, inside
from ..osinfo import os_from_name, os_info
from ..textfile import read_text
from .console import Console, ConsoleEnded
from .format import (
    Expect,
    Step,
    Transcript,
    TranscriptError,
    escape_line,
    parse,
)
from .match import Op, align, block_matches
from .redact import replay_input, replay_output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..lab.runtime import Lab


@dataclass
class Settings:
    """How to build the emulated computer (command-line overrides of the header)."""

    state_dir: str | None = None
    computer_name: str | None = None
    clock: datetime | None = None
    deterministic: bool = True


@dataclass
class StepOutcome:
    """What one input line did, compared with what the transcript expects."""

    step: Step
    prompt: str | None
    lines: list[str]
    expects: list[Expect]
    ok: bool
    prompt_ok: bool
    missing: bool = False
    trailing_blanks: int = 0

    def ops(self) -> list[Op]:
        """The alignment of the expected lines with the actual ones."""
        return align(self.expects, self.lines)


@dataclass
class FileOutcome:
    """The replay of one transcript."""

    transcript: Transcript
    steps: list[StepOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every command matched."""
        return all(s.ok for s in self.steps)

    @property
    def failed(self) -> list[StepOutcome]:
        """The commands that did not match."""
        return [s for s in self.steps if not s.ok]

    @property
    def updatable(self) -> bool:
        """Whether ``--update`` can make the transcript pass (the console did not end early)."""
        return all(s.prompt is not None for s in self.failed)


def make_host(transcript: Transcript, settings: Settings, state_dir: Path) -> Host:
    """The emulated computer for *transcript*."""
    header = transcript.header
    start = header.clock or settings.clock
    os_id = os_from_name(header.os) if header.os else None
    return Host(
        state_dir,
        computer_name=header.computer_name
        or settings.computer_name
        or os_info(os_id).computer_name,
        clock=FixedClock(start) if start is not None else None,
        deterministic=settings.deterministic,
        domain=header.domain,
        os=os_id,
    )


def lab_file(transcript: Transcript) -> Path:
    """The lab file a ``#! lab:`` header names: in the transcript's folder or below it,
    else a lab shipped with netshpy (by its name: ``dh2048``, ``labs/dh2048.toml``).

    A transcript is someone else's file: a path that leaves its folder (``..``,
    an absolute path, a symlink pointing outside) is refused before anything is
    opened, with a :class:`TranscriptError` naming the header line.
    """
    header = transcript.header
    name = header.lab or ""
    folder = Path(transcript.path).parent
    within = inside(folder, name)
    if within and (folder / name).is_file():
        return folder / name
    shipped = _shipped_lab(name)
    if shipped is not None:
        return shipped
    text = messages.TRANSCRIPT_LAB_MISSING if within else messages.TRANSCRIPT_LAB_OUTSIDE
    raise TranscriptError(transcript.path, header.lab_line, text.format(name=name))


def _shipped_lab(name: str) -> Path | None:
    """The shipped lab *name* stands for: a relative name without ``..`` whose last part
    is a shipped lab's name (with or without ``.toml``)."""
    parts = Path(name.replace("\\", "/")).parts
    if not parts or Path(name).is_absolute() or ".." in parts or "\x00" in name:
        return None
    from ..lab.shipped import shipped_labs

    stem = parts[-1].removesuffix(".toml")
    for path in shipped_labs():
        if path.stem in (stem, f"lab-{stem}"):
            return path
    return None


def open_lab(transcript: Transcript, settings: Settings, state: Path):
    """A fresh, deterministic :class:`~netshpy.lab.runtime.Lab` for a ``#! lab:`` transcript."""
    from ..lab.model import LabError
    from ..lab.runtime import Lab

    start = transcript.header.clock or settings.clock
    try:
        return Lab.from_file(
            lab_file(transcript),
            state / "lab",
            fresh=True,
            deterministic=True,
            clock=FixedClock(start) if start is not None else None,
        )
    except LabError as exc:
        raise TranscriptError(transcript.path, 0, str(exc)) from None


def output_lines(text: str) -> list[str]:
    """The lines a console shows for *text* (a final newline ends the last line)."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def run_steps(transcript: Transcript, settings: Settings | None = None):
    """Yield ``(step, prompt, output)`` for each input line, replayed in order.

    The lines run with a scratch folder as the current directory, so that
    relative file names (``exec``, ``exportpolicy``, ``:save``) never touch
    the caller's files, and the host files of ``:`` commands are confined to
    it (:mod:`netshpy.hostfiles`) from the lab's setup lines on.
    """
    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="netshpy-replay-") as tmp:
        scratch = Path(tmp) / "files"
        scratch.mkdir()
        with confined(scratch):
            yield from _run_in(transcript, settings, Path(tmp), scratch)


def _run_in(transcript: Transcript, settings: Settings, tmp: Path, scratch: Path):
    state = Path(settings.state_dir) if settings.state_dir else tmp / "state"
    lab = open_lab(transcript, settings, state) if transcript.header.lab else None
    start = _start_computer(transcript, lab)
    host = lab.host(start) if lab is not None else make_host(transcript, settings, state)
    first = transcript.steps[0] if transcript.steps else None
    console = Console(
        host,
        cmd_prompt=first.prompt if first and first.is_cmd else None,
        session_factory=(lambda: lab.session(start)) if lab is not None else None,
    )
    if lab is not None and console.cmd is not None and first is not None:
        # At a lab computer's prompt: ':' lines are the lab's (':connect' moves it).
        from ..lab.at_prompt import LabPrompt

        at = LabPrompt(lab, start)
        at.cmd.prompt = first.prompt
        console.cmd = at  # type: ignore[assignment]
        console._factory = at.netsh_session
    key = transcript.psk
    here = os.getcwd()
    os.chdir(scratch)  # relative files (exec, exportpolicy, :save) stay in the replay
    try:
        for step in transcript.steps:
            prompt = console.prompt
            try:
                output = console.feed(replay_input(console, prompt, step.text, key))
            except ConsoleEnded:
                output = ""
            except Exception as exc:  # a bug must show as a failure, not a traceback
                output = messages.TRANSCRIPT_CRASH.format(error=f"{type(exc).__name__}: {exc}")
                output += "\n"
            yield step, prompt, replay_output(console, output, key)
    finally:
        os.chdir(here)
        console.close()
        if lab is not None:
            lab.close()
        else:
            host.close()


def _start_computer(transcript: Transcript, lab: Lab | None) -> str:
    """The lab computer the first line is typed at: ``#! connect:``, else the start one."""
    if lab is None:
        return ""
    name = transcript.header.connect
    if not name:
        return str(lab.spec.start)
    from ..lab.model import LabError

    try:
        return str(lab.computer(name).name)
    except LabError:
        lab.close()
        text = messages.TRANSCRIPT_CONNECT_UNKNOWN.format(name=name)
        raise TranscriptError(transcript.path, transcript.header.connect_line, text) from None


def replay(transcript: Transcript, settings: Settings | None = None) -> FileOutcome:
    """Run every input of *transcript* and compare each output with its expectation."""
    outcome = FileOutcome(transcript)
    last = transcript.steps[-1] if transcript.steps else None
    for expect in (e for s in transcript.steps for e in s.body if e.kind == "regex"):
        expect.spent, expect.timed_out = 0.0, None  # each replay has its pattern budgets
    for step, prompt, output in run_steps(transcript, settings):
        lines = output_lines(output)
        expects = step.expects
        blanks = 0
        if step is last:  # blank lines at the end of the file are not significant
            while lines and lines[-1] == "":
                lines.pop()
            while expects and expects[-1].kind == "literal" and expects[-1].raw == "":
                expects = expects[:-1]
                blanks += 1
        prompt_ok = prompt == step.prompt
        missing = not expects and bool(lines)
        ok = prompt_ok and not missing and block_matches(expects, lines)
        outcome.steps.append(
            StepOutcome(step, prompt, lines, expects, ok, prompt_ok, missing, blanks)
        )
    return outcome


def replay_file(path: str | Path, settings: Settings | None = None) -> FileOutcome:
    """Read, parse and replay the transcript at *path* (raises TranscriptError, OSError)."""
    transcript = load(path)
    return replay(transcript, settings)


def load(path: str | Path) -> Transcript:
    """Read and parse a transcript file."""
    text = read_text(path, encoding="utf-8-sig", errors="replace")
    transcript = parse(text, str(path))
    if not transcript.steps:
        raise TranscriptError(str(path), 0, messages.TRANSCRIPT_NO_PROMPT)
    return transcript


def updated_text(outcome: FileOutcome) -> str:
    """The transcript rewritten so that it expects what the replay printed.

    Lines that still match keep their markers as written, comments stay where
    they were, wrong prompts are corrected and other lines become the actual
    output (escaped where it would otherwise read as a marker or a prompt).
    """
    transcript = outcome.transcript
    lines = list(transcript.preamble)
    for result in outcome.steps:
        step = result.step
        if result.ok:
            lines.append(step.prompt_line())
            lines.extend(e.raw for e in step.body)
            continue
        prompt = result.prompt if result.prompt is not None else step.prompt
        lines.append(step.prompt_line(prompt))
        lines.extend(_new_body(result))
    return transcript.render(lines)


def _new_body(result: StepOutcome) -> list[str]:
    body = result.step.body
    comments_before: dict[int, list[str]] = {}
    pending: list[str] = []
    for item in body:
        if item.kind == "comment":
            pending.append(item.raw)
        else:
            comments_before[id(item)] = pending
            pending = []
    out: list[str] = []
    for op in result.ops():
        if op.expect is not None:
            out.extend(comments_before.pop(id(op.expect), []))
        if op.kind in ("same", "elide"):
            assert op.expect is not None
            out.append(op.expect.raw)
        elif op.kind == "add":
            out.extend(escape_line(line) for line in op.lines)
    for leftover in comments_before.values():
        out.extend(leftover)
    out.extend(pending)
    out.extend([""] * result.trailing_blanks)  # kept as written
    return out
