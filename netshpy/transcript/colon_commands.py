"""Emulator-only commands of the transcript area: ``:save``, ``:script`` and ``:record``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from ..hostfiles import host_path
from .record import STATE, Recorder, attach_log, lab_computer, lab_reference, save, save_script

if TYPE_CHECKING:
    from ..session import Session


def _write_log(session: Session, argv: list[str], writer, done: str) -> str:
    """Write the session's log with *writer* to the one file named in *argv*."""
    if len(argv) != 1:
        raise EmulatorUsageError()
    attach_log(session)
    try:
        count = writer(session, host_path(argv[0]))
    except OSError as exc:
        raise EmulatorUsageError(
            messages.TRANSCRIPT_CANNOT_WRITE.format(path=argv[0], error=exc.strerror)
        ) from None
    return done.format(count=count, path=argv[0])


@command(
    "save",
    "Saves the session so far as a transcript (replay it with --replay).",
    ":save FILE",
)
def _save(session: Session, argv: list[str]) -> str:
    return _write_log(session, argv, save, messages.TRANSCRIPT_SAVED)


@command(
    "script",
    "Saves the netsh lines that ran so far as a script (run it with netsh -f).",
    ":script FILE",
)
def _script(session: Session, argv: list[str]) -> str:
    return _write_log(session, argv, save_script, messages.SCRIPT_SAVED)


@command(
    "record",
    "Records the following commands as a transcript, or stops (:record off).",
    ":record FILE | :record off",
)
def _record(session: Session, argv: list[str]) -> str:
    if len(argv) != 1:
        raise EmulatorUsageError()
    state = session.state(STATE)
    current: Recorder | None = state.pop("recorder", None)
    shown = state.pop("record_name", None)  # the name as typed (host_path may resolve it)
    if current is not None:
        session.remove_observer(state.pop("record_observer"))
        current.close()
    if argv[0].lower() == "off":
        if current is None:
            return messages.TRANSCRIPT_NOT_RECORDING
        return messages.TRANSCRIPT_RECORDING_OFF.format(path=shown or current.path)
    try:
        recorder = Recorder(host_path(argv[0]))
    except OSError as exc:
        raise EmulatorUsageError(
            messages.TRANSCRIPT_CANNOT_WRITE.format(path=argv[0], error=exc.strerror)
        ) from None
    lab = lab_reference(session, recorder.path)
    error = recorder.start(session.host.computer_name, lab, lab_computer(session))
    if error:
        raise EmulatorUsageError(error)

    def observe(session: Session, prompt: str, line: str, result) -> None:
        if not line.lstrip().lower().startswith(":record"):  # not the line that started it
            recorder.observer(session, prompt, line, result)

    state["recorder"] = recorder
    state["record_name"] = argv[0]
    state["record_observer"] = observe
    session.add_observer(observe)
    return messages.TRANSCRIPT_RECORDING.format(path=argv[0])
