"""The Python API: :class:`Emulator`, an emulated Windows Server 2003 computer.

>>> from netshpy import Emulator
>>> with Emulator() as emu:
...     emu.run("show mode").output
'online\\n'

An :class:`Emulator` owns a :class:`~netshpy.host.Host` (the computer and its
state directory), one netsh :class:`~netshpy.session.Session` (what a running
``netsh.exe`` holds: current context, aliases, batch mode) and a command
prompt. Its state directory is a temporary folder removed by :meth:`close`
unless one is given. The clock is fixed and GUIDs are sequential by default,
so tests are deterministic.

Sharing the state with other processes: the host keeps open parts (SQLite
connections, the in-memory SPD of the service) between lines. When another
process (the ``netsh`` shim, ``netshpy --state-dir``) changes the same state
directory, call :meth:`Emulator.sync` before reading, or create the emulator
with ``shared=True`` (the ``netsh_on_path`` fixture does): then every line and
every query flushes and reopens the host parts, so each one sees what the
other processes wrote and leaves everything on disk for them.

This module imports neither the REPL nor rich, prompt_toolkit or pygments.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from .api_errors import EmulatorError, error_for
from .api_queries import DynamicQueries, Service, StaticQueries, require_service
from .api_results import RunResult, Snapshot
from .errors import NetshError
from .host import FixedClock, Host, parse_clock, valid_computer_name

DEFAULT_CLOCK = datetime(2005, 3, 1, 10, 0, 0)

__all__ = ["Emulator", "RunResult", "Snapshot", "DEFAULT_CLOCK"]


def _clock_start(clock: datetime | str | None) -> datetime:
    """The start of a fixed clock given as a datetime or an ISO string."""
    if clock is None:
        return DEFAULT_CLOCK
    if isinstance(clock, str):
        try:
            return parse_clock(clock)
        except ValueError as exc:
            raise EmulatorError(f"clock: {exc}") from None
    return clock


class Emulator:
    """An emulated Windows Server 2003 computer driven from Python.

    *state_dir*: where the computer keeps its state (default: a temporary
    folder removed on :meth:`close`). *computer_name*: its name (by default
    ``WIN2003``, or ``WINXPSP2``, ``WINXP``, ``WIN2000`` for the other *os*).
    *clock*: a ``datetime`` (a fixed clock starting there, one second per
    reading), an ISO string, or any callable returning datetimes; by default
    a fixed clock at 2005-03-01 10:00:00. ``deterministic=False`` uses the
    real clock (unless *clock* is given) and random GUIDs. ``strict=True``
    makes every failing line raise a typed :class:`~netshpy.NetshCommandError`.
    ``shared=True``: other processes use the same state directory (see the
    module docs). *os*: the computer's Windows version, ``"2003"`` (default),
    ``"xp-sp2"``, ``"xp"`` or ``"2000"``; on XP and 2000 netsh has no
    ``ipsec`` and :meth:`cmd` runs ``ipseccmd`` / ``ipsecpol`` instead.
    *tools*: the extras installed (``"support-tools"`` on XP, ``"resource-kit"``
    on 2000); by default the one that brings that version's IPsec tool.
    """

    def __init__(
        self,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        computer_name: str | None = None,
        clock: datetime | str | Callable[[], datetime] | None = None,
        deterministic: bool = True,
        strict: bool = False,
        shared: bool = False,
        domain: str | None = None,
        os: str | None = None,  # noqa: A002 - the computer's Windows version
        tools: tuple[str, ...] | list[str] | None = None,
    ) -> None:
        from .osinfo import OSES, os_info

        if os is not None and (not isinstance(os, str) or os.lower() not in OSES):
            raise EmulatorError(f"os: expected one of {', '.join(OSES)}, not {os!r}")
        for name, value in (("computer_name", computer_name), ("domain", domain)):
            if value is not None and not isinstance(value, str):
                raise EmulatorError(f"{name}: expected a string, not {value!r}")
        if computer_name is not None and not valid_computer_name(computer_name):
            raise EmulatorError(f"computer_name: not a valid computer name: {computer_name!r}")
        computer_name = computer_name or os_info(os).computer_name
        self._owned_root: Path | None = None
        if state_dir is None:
            self._owned_root = Path(tempfile.mkdtemp(prefix="netshpy-"))
            state_dir = self._owned_root / "state"
        self.state_dir = Path(state_dir)
        self.deterministic = deterministic
        self.strict = strict
        self.shared = shared
        self.domain = domain
        # A fixed clock (its start is passed on to the shim) unless a callable is given.
        self.clock_start: datetime | None = None
        self._clock: Callable[[], datetime] | None = None
        if isinstance(clock, datetime | str) or (clock is None and deterministic):
            self.clock_start = _clock_start(clock)
            self._clock = FixedClock(self.clock_start)
        elif clock is not None:
            if not callable(clock):
                raise EmulatorError(
                    f"clock: expected a datetime, an ISO string or a callable, not {clock!r}"
                )
            self._clock = clock
        self._snapshot_root: Path | None = None
        self._snapshots = 0
        self.closed = False
        self.host = Host(
            self.state_dir,
            computer_name=computer_name,
            clock=self._clock,
            deterministic=deterministic,
            domain=domain,
            os=os,
            tools=tools,
        )
        self.os = self.host.os
        self.computer_name = self.host.computer_name
        self.session = self._new_session()
        self._prompt: Any = None
        self.static = StaticQueries(self)
        self.dynamic = DynamicQueries(self)
        self.service = Service(self)

    # ---- life cycle ------------------------------------------------------

    def _new_session(self) -> Any:
        from .session import Session

        return Session(self.host, interactive=True)

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "closed" if self.closed else f"context={self.context!r}"
        return f"<Emulator {self.computer_name} state_dir={str(self.state_dir)!r} {where}>"

    def close(self, *, keep: bool = False) -> None:
        """End the session, flush the host, and remove temporary folders.

        ``keep=True`` leaves a temporary state directory in place (its path
        is :attr:`state_dir`); snapshots are always removed.
        """
        if self.closed:
            return
        self.closed = True
        try:
            self.session.close()
        finally:
            self.host.close()
            if self._snapshot_root is not None:
                shutil.rmtree(self._snapshot_root, ignore_errors=True)
            if self._owned_root is not None and not keep:
                shutil.rmtree(self._owned_root, ignore_errors=True)

    def _alive(self) -> None:
        if self.closed:
            raise EmulatorError("this Emulator is closed")

    def sync(self) -> None:
        """Flush the host's open parts and reopen them on next use.

        Call it after another process changed the state directory, or before
        handing it to one. Session state (context, aliases) is kept.
        """
        self._alive()
        self.host.close()

    # ---- running lines ---------------------------------------------------

    def run(self, line: str) -> RunResult:
        """Run one netsh line in the current context (as typed at the ``netsh>`` prompt)."""
        self._alive()
        if self.shared:
            self.host.close()
        try:
            res = self.session.execute(line)
        finally:
            if self.shared:
                self.host.close()
        err = res.error
        result = RunResult(
            line,
            res.output,
            res.ok,
            err.code if err is not None else None,
            err.text if err is not None else None,
        )
        if self.strict and not res.ok:
            raise error_for(result)
        return result

    def run_script(self, text: str) -> list[RunResult]:
        """Run a script's lines (blank lines and ``#`` comments skipped), one result each."""
        results = []
        for raw in text.splitlines():
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            results.append(self.run(stripped))
            if self.session.finished:
                break
        return results

    def cmd(self, line: str) -> RunResult:
        """Run one line at the simulated ``C:\\>`` prompt (``netsh ...``, ``net stop ...``)."""
        self._alive()
        if self._prompt is None:
            from .cmdprompt import CommandPrompt

            self._prompt = CommandPrompt(self.host)
        if self.shared:
            self.host.close()
        try:
            res = self._prompt.run(line)
        finally:
            if self.shared:
                self.host.close()
        ok = res.errorlevel == 0
        text = None if ok else res.output.strip()
        result = RunResult(line, res.output, ok, None, text, res.errorlevel)
        if self.strict and not ok:
            raise error_for(result)
        return result

    def netsh(self, *argv: str) -> RunResult:
        """Run ``netsh <argv>`` once, as a separate netsh.exe would (own session)."""
        self._alive()
        from .command_line import run_netsh_argv

        output, status = run_netsh_argv(list(argv), self.host, strict=True)
        if self.shared:
            self.host.close()
        line = " ".join(("netsh",) + argv)
        if status == 0:
            result = RunResult(line, output)
        else:
            text = output.strip()
            result = RunResult(line, output, False, NetshError(text).code, text or None)
        if self.strict and not result.ok:
            raise error_for(result)
        return result

    # ---- context ---------------------------------------------------------

    @property
    def context(self) -> str:
        """The current context path, e.g. ``"ipsec static"`` ("" at the root)."""
        return " ".join(self.session.context.path)

    @property
    def prompt(self) -> str:
        """The prompt netsh shows, e.g. ``netsh ipsec static>``."""
        return self.session.prompt

    def enter(self, path: str = "") -> Emulator:
        """Make *path* (``"ipsec static"``; ``""`` is the root) the current context."""
        self._alive()
        words = tuple(w.lower() for w in path.split())
        ctx = self.session.spec.contexts.get(words)
        if ctx is None:
            raise EmulatorError(f"no such context: {path!r}")
        self.session.change_context(ctx)
        return self

    # ---- service and reboot ----------------------------------------------

    def reboot(self) -> RunResult:
        """Restart the emulated computer (``shutdown /r`` at the command prompt).

        A reboot ends netsh: the session starts again at the root context.
        """
        require_service()
        result = self.cmd("shutdown /r")
        self.session.close()
        self.host.close()
        self.session = self._new_session()
        self._prompt = None
        return result

    # ---- the computer's files ----------------------------------------------

    @property
    def drives(self) -> Any:
        """The computer's drives (:class:`netshpy.computer.drives.Drives`): Windows
        paths such as ``C:\\Policies\\x.ipsec``, kept inside the state folder."""
        self._alive()
        from .computer.drives import drives

        return drives(self.host)

    def copy_to_drive(self, source: str | os.PathLike[str], path: str) -> str:
        """Copy the host file *source* to *path* on the computer's drives
        (an existing folder keeps the file's name); return the Windows path."""
        from .computer.drives import DriveError

        try:
            return str(self.drives.copy_from_host(source, path))
        except DriveError as error:
            raise EmulatorError(f"{path}: {error.text}") from None
        except OSError as error:
            raise EmulatorError(f"{source}: {error.strerror or error}") from None

    def copy_from_drive(self, path: str, target: str | os.PathLike[str]) -> Path:
        """Copy the file *path* on the computer's drives to the host file or
        folder *target*; return the host path."""
        from .computer.drives import DriveError

        try:
            return self.drives.copy_to_host(path, target)
        except DriveError as error:
            raise EmulatorError(f"{path}: {error.text}") from None
        except OSError as error:
            raise EmulatorError(f"{target}: {error.strerror or error}") from None

    # ---- snapshots -------------------------------------------------------

    def snapshot(self, label: str = "") -> Snapshot:
        """Copy the whole state directory (stores, SPD, config) aside."""
        self._alive()
        self.host.close()
        if self._snapshot_root is None:
            self._snapshot_root = Path(tempfile.mkdtemp(prefix="netshpy-snapshots-"))
        self._snapshots += 1
        target = self._snapshot_root / f"{self._snapshots:04d}"
        from .snapshots import copy_state

        copy_state(self.state_dir, target)
        return Snapshot(target, self.session.context.path, label)

    def restore(self, snapshot: Snapshot) -> None:
        """Put the state directory back as it was when *snapshot* was taken.

        The netsh session restarts (pending batch changes are dropped) in the
        context it was in at snapshot time.
        """
        self._alive()
        if not snapshot.path.is_dir():
            raise EmulatorError(f"snapshot {snapshot.path} no longer exists")
        self.session.close()
        self.host.close()
        from .snapshots import replace_state

        replace_state(self.state_dir, snapshot.path)
        self.session = self._new_session()
        self._prompt = None
        ctx = self.session.spec.contexts.get(snapshot.context)
        if ctx is not None:
            self.session.context = ctx

    # ---- the netsh shim --------------------------------------------------

    def shim_env(self) -> dict[str, str]:
        """Environment variables that make the ``netsh`` shim act on this computer."""
        env = {
            "NETSHPY_STATE_DIR": str(self.state_dir),
            "NETSHPY_COMPUTER_NAME": self.computer_name,
            "NETSHPY_DETERMINISTIC": "1" if self.deterministic else "0",
            "NETSHPY_STRICT": "1" if self.strict else "0",
        }
        if self.clock_start is not None:
            env["NETSHPY_CLOCK"] = self.clock_start.isoformat()
        return env

    def install_shim(self, bin_dir: str | os.PathLike[str]) -> Path:
        """Write a ``netsh`` executable into *bin_dir*; return its path.

        Put *bin_dir* first on ``PATH`` and the variables of :meth:`shim_env`
        in the environment (the ``netsh_on_path`` fixture does both), and set
        ``shared=True`` so that this object sees what the shim wrote.
        """
        from .shim import write_shim

        return write_shim(Path(bin_dir))
