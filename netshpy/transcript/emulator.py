"""Emulator-only commands of the transcript area: ``:save`` and ``:record``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import messages
from ..emulator import EmulatorUsageError, command
from .record import STATE, Recorder, attach_log, save, save_script

if TYPE_CHECKING:
    from ..session import Session


@command(
    "save",
    "Saves the session so far as a transcript (replay it with --replay).",
    ":save FILE",
)
def _save(session: Session, argv: list[str]) -> str:
    if len(argv) != 1:
        raise EmulatorUsageError()
    attach_log(session)
    try:
        count = save(session, argv[0])
    except OSError as exc:
        raise EmulatorUsageError(
            messages.TRANSCRIPT_CANNOT_WRITE.format(path=argv[0], error=exc.strerror)
        ) from None
    return messages.TRANSCRIPT_SAVED.format(count=count, path=argv[0])


@command(
    "script",
    "Saves the netsh lines that ran so far as a script (run it with netsh -f).",
    ":script FILE",
)
def _script(session: Session, argv: list[str]) -> str:
    if len(argv) != 1:
        raise EmulatorUsageError()
    attach_log(session)
    try:
        count = save_script(session, argv[0])
    except OSError as exc:
        raise EmulatorUsageError(
            messages.TRANSCRIPT_CANNOT_WRITE.format(path=argv[0], error=exc.strerror)
        ) from None
    return messages.SCRIPT_SAVED.format(count=count, path=argv[0])


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
    if current is not None:
        session.remove_observer(state.pop("record_observer"))
        current.close()
    if argv[0].lower() == "off":
        if current is None:
            return messages.TRANSCRIPT_NOT_RECORDING
        return messages.TRANSCRIPT_RECORDING_OFF.format(path=current.path)
    recorder = Recorder(argv[0])
    error = recorder.start(session.host.computer_name)
    if error:
        raise EmulatorUsageError(error)

    def observe(session: Session, prompt: str, line: str, result) -> None:
        if not line.lstrip().lower().startswith(":record"):  # not the line that started it
            recorder.observer(session, prompt, line, result)

    state["recorder"] = recorder
    state["record_observer"] = observe
    session.add_observer(observe)
    return messages.TRANSCRIPT_RECORDING.format(path=argv[0])
