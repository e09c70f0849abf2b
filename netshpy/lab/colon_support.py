"""What every lab ``:`` command module shares: the session's lab and the guard that
turns a lab's own errors into the emulator's error output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import messages
from ..colon_commands import EmulatorUsageError
from .model import LabError

if TYPE_CHECKING:
    from ..session import Session
    from .runtime import Lab


def session_lab(session: Session) -> Lab:
    """The lab *session* runs in; the emulator's "no lab is loaded" error outside one."""
    lab = getattr(session, "lab", None)
    if lab is None:
        raise EmulatorUsageError(messages.LAB_NONE)
    return lab


def guard(func: Any, errors: tuple[type[Exception], ...] = (LabError,)) -> Any:
    """Wrap a ``:`` command so that *errors* print as the emulator's lab error."""

    def run(session: Session, argv: list[str]) -> str | None:
        try:
            return func(session, argv)
        except errors as exc:
            raise EmulatorUsageError(messages.LAB_ERROR.format(text=exc)) from None

    run.__doc__ = func.__doc__
    return run
