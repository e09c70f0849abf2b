"""The emulated computer: its state folder, name, clock and GUID source.

Everything the computer owns (stores, service state, config, history) lives
under one state directory. Time and GUIDs come from injectable sources so that
transcripts and tests are deterministic.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import statefiles
from .textfile import load_json, read_text

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from typing import Any

DEFAULT_COMPUTER_NAME = "WIN2003"
_ENVIRON = os.environ  # Host.__init__ has a parameter called os
NAME_CHARS = "-_"  # besides ASCII letters and digits


def valid_computer_name(name: str) -> bool:
    """A NetBIOS computer name: 1-15 ASCII letters, digits, ``-`` or ``_``, not starting
    with ``-`` or ``_`` (``--computer-name``, ``Emulator(computer_name=)``, headers)."""
    return (
        0 < len(name) <= 15
        and name.isascii()
        and name[0].isalnum()
        and all(c.isalnum() or c in NAME_CHARS for c in name)
    )


SETTINGS_FILE = "host.json"


def default_state_dir() -> Path:
    """The per-user data folder (``NETSHPY_STATE_DIR`` overrides it)."""
    env = os.environ.get("NETSHPY_STATE_DIR")
    if env:
        return Path(env)
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "netshpy" / "state"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "netshpy" / "state"


def _now() -> datetime:
    """The real time (datetime is imported only when a clock is read)."""
    from datetime import datetime

    return datetime.now()


FIRST_YEAR, LAST_YEAR = 1601, 9998  # FILETIME starts in 1601; leave room for lifetimes


def parse_clock(text: str) -> datetime:
    """The start of a fixed clock from an ISO date and time (``--clock``, headers).

    The emulated computer keeps local wall-clock time, so a zone suffix is
    dropped. Raises ``ValueError`` with the text to show for junk or for a
    date too close to the ends of the calendar to add SA lifetimes to.
    """
    from datetime import datetime

    from . import messages

    try:
        start = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(messages.CLOCK_NOT_ISO.format(clock=text)) from None
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise ValueError(
            messages.CLOCK_OUT_OF_RANGE.format(clock=text, first=FIRST_YEAR, last=LAST_YEAR)
        )
    return start.replace(tzinfo=None)


class FixedClock:
    """A clock that starts at a fixed instant and advances one second a call.

    It stops at the end of the calendar instead of overflowing.
    """

    def __init__(self, start: datetime, step: timedelta | None = None) -> None:
        from datetime import timedelta

        self._now = start
        self._step = step if step is not None else timedelta(seconds=1)

    def __call__(self) -> datetime:
        now = self._now
        try:
            self._now += self._step
        except OverflowError:
            pass
        return now


class SequentialGuids:
    """Deterministic GUIDs: {00000000-0000-0000-0000-000000000001}, ... per host.

    The counter lives in the state folder and is advanced under a lock, so
    processes sharing the folder never draw the same number. A number can
    still name an object already there (imported from another store): stores
    skip those (see ``static.command_support.Env.guid``).
    """

    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / "guid-counter"
        self._last = 0  # never draw a number twice in this process, even if the file is stuck

    def __call__(self) -> str:
        with _locked(self._path.with_name(".guid-counter.lock")):
            try:
                n = int(read_text(self._path, limit=64).strip() or "0")
            except (OSError, ValueError):
                n = 0
            n = self._last = max(n, self._last) + 1
            try:
                write_atomically(self._path, str(n))
            except OSError:
                pass
        return f"{{00000000-0000-0000-0000-{n % 16**12:012X}}}"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on *path* (created if need be); no lock where none exists."""
    try:
        import fcntl
    except ImportError:  # not POSIX: one process at a time is all we promise there
        yield
        return
    try:
        fd = statefiles.open_private(path)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str) -> None:
    """Replace *path* with *text* all at once, a private file (see :mod:`netshpy.statefiles`).

    On failure the previous file is left as it was, no temporary file stays
    behind, and the ``OSError`` is raised for the caller to report.
    """
    statefiles.write_atomically(path, text)


def random_guid() -> str:
    """A random GUID in registry form."""
    import uuid  # uuid pulls in platform: keep it off the start-up path

    return "{" + str(uuid.uuid4()).upper() + "}"


class Host:
    """One emulated Windows computer (Server 2003 unless *os* says otherwise).

    *os* is a :data:`netshpy.osinfo.OS_IDS` id (``"2000"``, ``"xp"``,
    ``"xp-sp2"``, ``"2003"``); given, it is kept in the state folder's
    ``host.json`` so that later runs (and the ``netsh`` shim) see the same
    computer; omitted, the stored one (or Server 2003) is used.

    *clock* and *guids* may be injected; ``deterministic=True`` fixes both (a
    fixed clock at 2005-03-01 10:00:00 and sequential GUIDs) for transcripts
    and tests.
    """

    def __init__(
        self,
        state_dir: Path | str | None = None,
        *,
        computer_name: str | None = None,
        clock: Callable[[], datetime] | None = None,
        guids: Callable[[], str] | None = None,
        deterministic: bool = False,
        domain: str | None = None,
        os: str | None = None,  # noqa: A002 - the computer's operating system
        tools: Iterable[str] | None = None,
    ) -> None:
        from .osinfo import DEFAULT_OS, OSES, PACKAGES, os_info

        if os is not None and os.lower() not in OSES:
            raise ValueError(f"unknown os {os!r} (one of {', '.join(OSES)})")
        self.state_dir = Path(state_dir) if state_dir is not None else default_state_dir()
        statefiles.make_folder(self.state_dir)
        statefiles.remove_stale(self.state_dir)
        settings = self._load_settings()
        stored = settings.get("os")
        if os is not None:
            self.os = os.lower()
            if stored != self.os:
                self._store_setting("os", self.os)
        else:
            self.os = stored if isinstance(stored, str) and stored in OSES else DEFAULT_OS
        # Installed extras (Support Tools, Resource Kit): given, kept in host.json;
        # by default the one that brings this Windows version's IPsec tool.
        stored_tools = settings.get("tools")
        if tools is not None:
            self.tools = tuple(t for t in tools if t in PACKAGES)
            if stored_tools != list(self.tools):
                self._store_setting("tools", list(self.tools))
        elif isinstance(stored_tools, list):
            self.tools = tuple(t for t in stored_tools if t in PACKAGES)
        else:
            package = os_info(self.os).package_id
            self.tools = (package,) if package else ()
        self.computer_name = (
            computer_name
            or settings.get("computer_name")
            or _ENVIRON.get("NETSHPY_COMPUTER_NAME")
            or os_info(self.os).computer_name
        )
        self.domain = domain if domain is not None else settings.get("domain")
        if deterministic:
            if clock is None:
                from datetime import datetime

                clock = FixedClock(datetime(2005, 3, 1, 10, 0, 0))
            guids = guids or SequentialGuids(self.state_dir)
        self.clock: Callable[[], datetime] = clock or _now
        self.new_guid: Callable[[], str] = guids or random_guid
        # Per-concern objects (static stores, IPsec service) attach here lazily.
        self.parts: dict[str, Any] = {}

    def _load_settings(self) -> dict[str, Any]:
        try:
            data = load_json(read_text(self.state_dir / SETTINGS_FILE))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        # A hand-edited file: a name that is not text is no name at all.
        for key in ("computer_name", "domain"):
            if key in data and not (isinstance(data[key], str) and data[key].strip()):
                del data[key]
        return data

    def _store_setting(self, key: str, value: Any) -> None:
        """Keep *key* in ``host.json``, leaving its other settings as they were."""
        try:
            data = load_json(read_text(self.state_dir / SETTINGS_FILE))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[key] = value
        try:
            write_atomically(self.state_dir / SETTINGS_FILE, json.dumps(data, indent=1))
        except OSError:
            pass  # a read-only state folder: this run still knows its os

    def part(self, name: str, factory: Callable[[Host], Any]) -> Any:
        """The host's *name* object (a store, the service), created on first use."""
        if name not in self.parts:
            self.parts[name] = factory(self)
        return self.parts[name]

    def close(self) -> None:
        """Flush and close everything the host opened."""
        for part in list(self.parts.values()):
            close = getattr(part, "close", None)
            if close is not None:
                close()
        self.parts.clear()
