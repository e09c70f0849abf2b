"""``:capture``: start, stop, show and save a capture of the lab's traffic.

``:capture start [NETWORK|COMPUTER|*]`` listens on a network, at a computer
(default: the one you sit at) or everywhere; ``:capture stop``;
``:capture show`` lists the frames (time, source, destination, protocol,
description, like Network Monitor); ``:capture show N`` decodes frame N
field by field; ``:capture save FILE`` writes a pcap file. Output is plain
text, a rich table or tree on a terminal. scapy is imported only when a
capture starts or a frame is decoded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from ..hostfiles import host_path
from ..lab.colon_support import session_lab
from ..lab.model import LabError
from ..values import digits
from . import pcap

if TYPE_CHECKING:
    from ..session import Session

USAGE = ":capture start [NETWORK|COMPUTER|*] | stop | show [N] | save FILE"


_lab = session_lab


def _usage() -> EmulatorUsageError:
    return EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=USAGE))


def _rich_text(session: Session, renderable: Any) -> str:
    """*renderable* drawn by rich for the session's terminal (one column short of it)."""
    import io

    from rich.console import Console

    from ..lab.layout import terminal_width

    buffer = io.StringIO()
    width = (terminal_width(session) or 80) - 1
    Console(file=buffer, force_terminal=True, width=width).print(renderable)
    return buffer.getvalue().rstrip("\n")


@command(
    "capture",
    "Captures the lab's traffic: start, stop, show [N], save FILE (pcap, or pcapng).",
    USAGE,
)
def _capture(session: Session, argv: list[str]) -> str:
    try:
        return _run(session, argv)
    except LabError as exc:
        raise EmulatorUsageError(messages.LAB_ERROR.format(text=exc)) from None


def _run(session: Session, argv: list[str]) -> str:
    from . import recorder

    lab = _lab(session)
    if not argv:
        raise _usage()
    verb, rest = argv[0].lower(), argv[1:]
    if verb == "start":
        if len(rest) > 1:
            raise _usage()
        where = (
            rest[0] if rest else getattr(session, "lab_home", None) or session.host.computer_name
        )
        capture = recorder.start(lab, where)
        return messages.CAPTURE_STARTED.format(where=capture.where)
    if verb == "stop":
        if rest:
            raise _usage()
        capture = recorder.stop(lab)
        return messages.CAPTURE_STOPPED.format(where=capture.where, count=len(capture.frames))
    existing = recorder.current(lab)
    if verb == "show":
        if len(rest) > 1 or (rest and digits(rest[0]) is None):
            raise _usage()
        if existing is None:
            raise EmulatorUsageError(messages.CAPTURE_NONE)
        from . import decode

        rich = getattr(session, "lab_rich", False)
        if rest:
            frame = existing.frame(digits(rest[0]) or 0)
            return (
                _rich_text(session, decode.decode_rich(frame))
                if rich
                else decode.decode_text(frame)
            )
        if rich and existing.frames:
            return _rich_text(session, decode.frame_list_rich(existing))
        return decode.frame_list(existing)
    if verb == "save":
        if len(rest) != 1:
            raise _usage()
        if existing is None:
            raise EmulatorUsageError(messages.CAPTURE_NONE)
        path = Path(rest[0])
        try:
            count = existing.save(host_path(path))
        except OSError as exc:
            raise EmulatorUsageError(
                messages.CAPTURE_SAVE_FAILED.format(path=path, reason=exc.strerror or exc)
            ) from None
        kind = "pcapng" if pcap.is_pcapng(path) else "pcap"
        return messages.CAPTURE_SAVED.format(count=count, path=path, format=kind)
    raise _usage()
