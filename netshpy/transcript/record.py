"""Recording: a session's lines and output written as a transcript.

:func:`attach_log` keeps a per-session log (``session.state("transcript")``)
through :meth:`Session.add_observer`; ``:save FILE`` writes it out.
:class:`Recorder` writes a transcript as the session goes (``--record FILE``,
``:record FILE``), flushing after every line so that nothing is lost.
Preshared keys are written as ``***``, in the lines (however the tag is
typed: by what the line means, see :mod:`.redact`) and in the output (the
fields that show a key, and every key typed or held by the computer's open
stores), so recordings can be published; replay puts a key back. The live
console is not masked: only what is written to a file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, messages
from .format import escape_line
from .redact import redact_line, redact_output, stored_keys

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Result, Session
    from ..spec import Spec

STATE = "transcript"
Entry = tuple[str, str, str]  # (prompt, typed line, output)


def log_of(session: Session) -> list[Entry] | None:
    """The session's log, if :func:`attach_log` was called."""
    return session.state(STATE).get("log")


def attach_log(session: Session) -> list[Entry]:
    """Start (once) logging every line *session* runs; return the log."""
    state = session.state(STATE)
    if "log" not in state:
        log: list[Entry] = []
        state["log"] = log

        failed: set[int] = set()
        state["failed"] = failed

        def observe(_session: Session, prompt: str, line: str, result: Result) -> None:
            if not result.ok:
                failed.add(len(log))
            log.append((prompt, line, result.output))

        session.add_observer(observe)
    return state["log"]


def render(
    entries: list[Entry],
    computer_name: str | None = None,
    lab: str | None = None,
    *,
    spec: Spec | None = None,
    keys: Iterable[str] = (),
    connect: str | None = None,
) -> str:
    """*entries* as transcript text, keys masked (*spec* reads the lines; *keys* are known)."""
    known = set(keys)
    masked: list[tuple[str, str, str]] = []
    for prompt, line, output in entries:
        line, found = redact_line(spec, prompt, line)
        known.update(found)
        known.update(redact_output(output, ())[1])
        masked.append((prompt, line, output))
    parts = [header(computer_name, lab, connect)]
    for prompt, line, output in masked:
        parts.append(entry_text(prompt, line, redact_output(output, known)[0]))
    return "".join(parts)


def header(computer_name: str | None, lab: str | None = None, connect: str | None = None) -> str:
    """The comment and header lines a recording starts with (a lab's: its ``#! lab:``, and
    ``#! connect:`` when it starts at another computer than the lab's start one)."""
    text = messages.TRANSCRIPT_RECORDED_BY.format(version=__version__) + "\n"
    if lab:
        text += f"#! lab: {lab}\n"
        return text + (f"#! connect: {connect}\n" if connect else "")
    if computer_name:
        text += f"#! computer-name: {computer_name}\n"
    return text


def lab_computer(session: Session) -> str | None:
    """The lab computer *session* sits at, when it is not the lab's start computer."""
    spec = getattr(getattr(session, "lab", None), "spec", None)
    host = getattr(session, "host", None)
    if spec is None or host is None:
        return None
    name = str(host.computer_name)
    return None if name.lower() == str(spec.start).lower() else name


def lab_reference(session: Session, transcript: str | Path | None = None) -> str | None:
    """The ``#! lab:`` value for a session in a lab: a shipped lab's name, else its file
    (relative to the folder of the *transcript* being written when it lies below it, as
    replay opens only lab files there)."""
    path = getattr(getattr(getattr(session, "lab", None), "spec", None), "path", None)
    if path is None:
        return None
    from ..lab.shipped import find_lab_file

    path = Path(path).resolve()
    if find_lab_file(path.stem).resolve() == path:
        return path.stem
    if transcript is not None:
        folder = Path(transcript).resolve().parent
        if path.is_relative_to(folder):
            return path.relative_to(folder).as_posix()
    return str(path)


def entry_text(prompt: str, line: str, output: str) -> str:
    """One input line and its output, as transcript lines."""
    lines = [prompt + line]
    if output:
        body = output[:-1] if output.endswith("\n") else output
        lines.extend(escape_line(ln) for ln in body.split("\n"))
    return "\n".join(lines) + "\n"


def save(session: Session, path: str | Path) -> int:
    """Write the session's log to *path*; return the number of commands (raises OSError)."""
    entries = list(log_of(session) or [])
    keys = stored_keys(session.host)  # with the keys typed and those the fields show
    text = render(
        entries,
        session.host.computer_name,
        lab_reference(session, path),
        spec=getattr(session, "spec", None),
        keys=keys,
        connect=lab_computer(session),
    )
    Path(path).write_text(text, encoding="utf-8")
    return len(entries)


SCRIPT_HEADER = "# netsh script saved by netshpy from an interactive session; run it with netsh -f"


def save_script(session: Session, path: str | Path) -> int:
    """Write the netsh lines typed so far as a script for ``netsh -f``; return their number.

    Kept: the netsh lines that ran without an error. Left out: emulator
    (``:``) lines, help requests (``?``, ``help``), lines that failed, and
    lines that leave netsh (exit, quit, bye), so the script can be followed
    by more commands.
    """
    failed = session.state(STATE).get("failed", set())
    lines = [
        line.strip()
        for index, (_prompt, line, _output) in enumerate(log_of(session) or [])
        if index not in failed and _scriptable(line)
    ]
    Path(path).write_text(SCRIPT_HEADER + "\n" + "".join(f"{x}\n" for x in lines), encoding="utf-8")
    return len(lines)


def _scriptable(line: str) -> bool:
    words = line.split()
    if not words or words[0].startswith(":"):
        return False
    if words[0].lower() in ("exit", "quit", "bye", "help", "?", "/?", "-?"):
        return False
    return not any(w in ("?", "/?", "-?") for w in words[1:])


class Recorder:
    """Writes a transcript of a session as it goes.

    ``Recorder(path).add(session, line, output)`` after every line, then
    ``close()``. Pass ``prompt=`` (the prompt the line was typed at) when you
    can; otherwise it is taken from the session's log or from the prompt
    after the previous line. A file that cannot be written is reported once
    on stderr and recording stops; the session goes on.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.keys: set[str] = set()
        self.count = 0
        self._started = False
        self._failed = False
        self._next_prompt: str | None = None

    def add(self, session: Session, line: str, output: str, prompt: str | None = None) -> None:
        """Record *line* typed at *prompt* and the *output* it printed."""
        if prompt is None:
            prompt = self._prompt_for(session, line, output)
        self._next_prompt = session.prompt
        if not self._started:
            lab = lab_reference(session, self.path)
            self._report(self.start(session.host.computer_name, lab, lab_computer(session)))
        if self._failed:
            return
        masked, found = redact_line(getattr(session, "spec", None), prompt, line)
        self.keys.update(found)
        if output:
            self.keys.update(stored_keys(getattr(session, "host", None)))
        output, seen = redact_output(output, self.keys)
        self.keys.update(seen)
        self._report(self._write(entry_text(prompt, masked, output), "a"))
        self.count += 1

    def start(
        self, computer_name: str | None = None, lab: str | None = None, connect: str | None = None
    ) -> str | None:
        """Create the file with its header; return an error text if it cannot be written."""
        self._started = True
        return self._write(header(computer_name, lab, connect), "w")

    def _prompt_for(self, session: Session, line: str, output: str) -> str:
        log = log_of(session)
        if log and log[-1][1] == line and log[-1][2] == output:
            return log[-1][0]
        if self._next_prompt is not None:
            return self._next_prompt
        return session.spec.root.prompt_path + ">"

    def _write(self, text: str, mode: str) -> str | None:
        if self._failed:
            return None
        try:
            with self.path.open(mode, encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as exc:
            self._failed = True
            return messages.TRANSCRIPT_CANNOT_WRITE.format(path=self.path, error=exc.strerror)
        return None

    @staticmethod
    def _report(error: str | None) -> None:
        if error:
            sys.stderr.write(error + "\n")

    def observer(self, session: Session, prompt: str, line: str, result: Result) -> None:
        """A :meth:`Session.add_observer` callback that records every line."""
        self.add(session, line, result.output, prompt=prompt)

    def close(self) -> None:
        """Finish the recording (an empty session still gets its header)."""
        if not self._started:
            self._report(self.start())


def open_recorder(path: str | None) -> Recorder | None:
    """A transcript recorder writing to *path* (``--record``), or None without a path."""
    return Recorder(path) if path else None
