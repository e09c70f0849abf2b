"""``:copy``: move a file between the host and the emulated computer's drives.

``:copy host:policy.ipsec C:\\Policies`` copies a host file onto drive ``C:``;
``:copy C:\\dump.txt host:dump.txt`` copies a drive file out to the host.
Exactly one side starts with ``host:``; the other is a Windows path on the
computer (relative to the prompt's working directory).
"""

from __future__ import annotations

from pathlib import Path

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from .drives import DriveError, drives

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from ..session import Session

HOST_PREFIX = "host:"


def _host_side(word: str) -> str | None:
    return word[len(HOST_PREFIX) :] if word.lower().startswith(HOST_PREFIX) else None


@command(
    "copy",
    "Copies a file between this machine (host:PATH) and the emulated computer's drives.",
    ":copy host:HOSTPATH DRIVEPATH | :copy DRIVEPATH host:HOSTPATH",
)
def _copy(session: Session, argv: list[str]) -> str:
    if len(argv) != 2:
        raise EmulatorUsageError(messages.COPY_USAGE)
    source, target = argv
    from_host, to_host = _host_side(source), _host_side(target)
    if (from_host is None) == (to_host is None) or not (from_host or to_host):
        raise EmulatorUsageError(messages.COPY_USAGE)
    disk = drives(session.host)
    try:
        if from_host is not None:
            where = disk.copy_from_host(from_host, target)
            return messages.COPY_DONE.format(source=from_host, target=where)
        assert to_host is not None
        done = disk.copy_to_host(source, to_host)
        shown = to_host if done.name == Path(to_host).name else str(Path(to_host) / done.name)
        return messages.COPY_DONE.format(source=disk.full_path(source), target=shown)
    except DriveError as error:
        raise EmulatorUsageError(
            messages.COPY_FAILED.format(path=source if from_host is None else target, error=error)
        ) from None
    except OSError as error:
        host_path = from_host if from_host is not None else to_host
        raise EmulatorUsageError(
            messages.COPY_FAILED.format(path=host_path, error=error.strerror or error)
        ) from None
