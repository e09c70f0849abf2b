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

import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from .api_errors import AreaNotAvailable, EmulatorError, error_for
from .errors import NetshError
from .host import DEFAULT_COMPUTER_NAME, FixedClock, Host, parse_clock

DEFAULT_CLOCK = datetime(2005, 3, 1, 10, 0, 0)
SERVICE_NAME = "policyagent"

__all__ = ["Emulator", "RunResult", "Snapshot", "DEFAULT_CLOCK"]


@dataclass(frozen=True)
class RunResult:
    """What one line printed and whether it failed.

    ``output`` is the plain text exactly as netsh (or cmd.exe) prints it;
    ``ok`` is False when netsh reported an error, whose message is
    ``error_text`` and ``ERR IPsec`` number ``error_code`` (None for shell
    errors). For command prompt lines ``errorlevel`` is the ERRORLEVEL (None
    for netsh lines).
    """

    line: str
    output: str
    ok: bool = True
    error_code: int | None = None
    error_text: str | None = None
    errorlevel: int | None = None

    @property
    def lines(self) -> list[str]:
        """The output split into lines (no line ends)."""
        return self.output.splitlines()

    def __str__(self) -> str:
        return self.output

    def __bool__(self) -> bool:
        return self.ok

    def check(self) -> RunResult:
        """Return self, or raise the typed :class:`~netshpy.NetshCommandError` if it failed."""
        if not self.ok:
            raise error_for(self)
        return self


@dataclass(frozen=True)
class Snapshot:
    """A copy of the whole state directory taken by :meth:`Emulator.snapshot`.

    It stays valid until the emulator that took it is closed.
    """

    path: Path
    context: tuple[str, ...] = ()
    label: str = ""


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
    folder removed on :meth:`close`). *computer_name*: its name.
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
        computer_name: str = DEFAULT_COMPUTER_NAME,
        clock: datetime | str | Callable[[], datetime] | None = None,
        deterministic: bool = True,
        strict: bool = False,
        shared: bool = False,
        domain: str | None = None,
        os: str | None = None,  # noqa: A002 - the computer's Windows version
        tools: tuple[str, ...] | list[str] | None = None,
    ) -> None:
        from .osinfo import OSES

        if os is not None and (not isinstance(os, str) or os.lower() not in OSES):
            raise EmulatorError(f"os: expected one of {', '.join(OSES)}, not {os!r}")
        self._owned_root: Path | None = None
        if state_dir is None:
            self._owned_root = Path(tempfile.mkdtemp(prefix="netshpy-"))
            state_dir = self._owned_root / "state"
        self.state_dir = Path(state_dir)
        self.computer_name = computer_name
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
        from .cli import run_netsh_argv

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
        _require_service()
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


def _require_service() -> ModuleType:
    try:
        return importlib.import_module("netshpy.service_commands")
    except ImportError:
        raise AreaNotAvailable(
            "service control needs the IPsec service (netshpy.service_commands), "
            "which this build of netshpy does not have"
        ) from None


class Service:
    """The IPsec Services service (PolicyAgent), driven by cmd.exe's commands."""

    def __init__(self, emulator: Emulator) -> None:
        self._emu = emulator

    def _cmd(self, line: str) -> RunResult:
        _require_service()
        return self._emu.cmd(line)

    def stop(self) -> RunResult:
        """``net stop policyagent``: the dynamic SPD is discarded."""
        return self._cmd(f"net stop {SERVICE_NAME}")

    def start(self) -> RunResult:
        """``net start policyagent``: the SPD is rebuilt from the stores."""
        return self._cmd(f"net start {SERVICE_NAME}")

    def restart(self) -> RunResult:
        """Stop then start; the result of the start."""
        self.stop()
        return self.start()

    def query(self) -> RunResult:
        """``sc query policyagent``."""
        return self._cmd(f"sc query {SERVICE_NAME}")

    @property
    def running(self) -> bool:
        """True when ``sc query`` reports the service RUNNING."""
        for line in self.query().lines:
            if line.strip().upper().startswith("STATE"):
                return "RUNNING" in line.upper()
        return False


class _Queries:
    """Delegates ``name(*args)`` to ``<module>.name(host, *args)`` with a fresh host."""

    _modules: tuple[str, ...] = ()
    _area = ""

    def __init__(self, emulator: Emulator) -> None:
        self._emu = emulator

    def _module(self) -> ModuleType:
        for name in self._modules:
            try:
                return importlib.import_module(name)
            except ImportError as exc:
                if exc.name is not None and not name.startswith(exc.name):
                    raise  # a real import error inside the module
                continue
        raise AreaNotAvailable(
            f"the {self._area} is not available in this build of netshpy "
            f"(none of {', '.join(self._modules)} could be imported)"
        )

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        emu = self._emu
        emu._alive()
        func = getattr(self._module(), name, None)
        if func is None or not callable(func):
            raise AreaNotAvailable(f"{self._area}: no query called {name!r}")
        if emu.shared:
            emu.host.close()
        try:
            return func(emu.host, *args, **kwargs)
        finally:
            if emu.shared:
                emu.host.close()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, *args, **kwargs)

    @property
    def available(self) -> bool:
        """True when this build has the area."""
        try:
            self._module()
        except AreaNotAvailable:
            return False
        return True


class StaticQueries(_Queries):
    """The static policy store as Python objects (``netshpy.static.model``).

    *location* is ``"local"``, ``"persistent"`` or ``"domain"`` (then give
    *domain*). Any other function of ``netshpy.static.query`` is reachable
    as a method too, called with the host as first argument.
    """

    _modules = ("netshpy.static.query",)
    _area = "static policy store"

    def policies(self, location: str = "local", domain: str | None = None) -> list[Any]:
        """Every policy of the store, with their rules."""
        return list(self._call("policies", location, domain))

    def policy(self, name: str, location: str = "local", domain: str | None = None) -> Any:
        """The policy called *name* (case-insensitive) or with GUID *name*; KeyError if none."""
        return _find(self.policies(location, domain), name, "policy")

    def assigned_policy(self, location: str = "local", domain: str | None = None) -> Any:
        """The assigned policy of the store, or None."""
        return self._call("assigned_policy", location, domain)

    def filterlists(self, location: str = "local", domain: str | None = None) -> list[Any]:
        """Every filter list with its filters."""
        return list(self._call("filterlists", location, domain))

    def filterlist(self, name: str, location: str = "local", domain: str | None = None) -> Any:
        """The filter list called *name*; KeyError if none."""
        return _find(self.filterlists(location, domain), name, "filter list")

    def filteractions(self, location: str = "local", domain: str | None = None) -> list[Any]:
        """Every filter action."""
        return list(self._call("filteractions", location, domain))

    def filteraction(self, name: str, location: str = "local", domain: str | None = None) -> Any:
        """The filter action called *name*; KeyError if none."""
        return _find(self.filteractions(location, domain), name, "filter action")

    def rules(self, policy: str, location: str = "local", domain: str | None = None) -> list[Any]:
        """The rules of *policy* (the default response rule included)."""
        return list(getattr(self.policy(policy, location, domain), "rules", []))


class DynamicQueries(_Queries):
    """The running SPD of the IPsec service (``netshpy.dynamic``) as Python objects.

    Rules, policies and SAs are the dataclasses of ``netshpy.dynamic.spd``;
    filters are the ``FilterView`` objects of ``netshpy.dynamic.expand``. The
    SPD is brought up to date with the assigned static policies first, as
    ``show`` does. While the service is stopped the SPD is empty: every
    list is empty (``running()`` tells why).
    """

    _modules = ("netshpy.dynamic",)
    _area = "dynamic SPD"

    def _service(self) -> Any:
        emu = self._emu
        emu._alive()
        module = self._module()
        if emu.shared:
            emu.host.close()
        return module.get_service(emu.host)

    def _spd(self) -> Any:
        service = self._service()
        service.sync()
        if not service.running:
            return None
        return service.require_spd()

    def _list(self, attr: str) -> list[Any]:
        spd = self._spd()
        return list(getattr(spd, attr)) if spd is not None else []

    def running(self) -> bool:
        """True when the IPsec service (PolicyAgent) is running."""
        service = self._service()
        service.sync()
        return bool(service.running)

    def rules(self) -> list[Any]:
        """Every rule in the SPD (policy-derived ones have ``origin`` set)."""
        return self._list("rules")

    def mmpolicies(self) -> list[Any]:
        """Every main mode policy."""
        return self._list("mmpolicies")

    def qmpolicies(self) -> list[Any]:
        """Every quick mode policy."""
        return self._list("qmpolicies")

    def mmsas(self) -> list[Any]:
        """Main mode security associations."""
        return self._list("mmsas")

    def qmsas(self) -> list[Any]:
        """Quick mode security associations."""
        return self._list("qmsas")

    def _filters(self, layer: str, kind: str) -> list[Any]:
        if kind not in ("generic", "specific"):
            raise EmulatorError(f"kind must be 'generic' or 'specific', not {kind!r}")
        spd = self._spd()
        if spd is None:
            return []
        from .dynamic import expand

        return list(expand.filters(spd.rules, layer, kind, self._service().local_addresses()))

    def mmfilters(self, kind: str = "generic") -> list[Any]:
        """Main mode filters the rules expand into (``kind="specific"``: per local address)."""
        return self._filters("mm", kind)

    def qmfilters(self, kind: str = "generic") -> list[Any]:
        """Quick mode filters the rules expand into (``kind="specific"``: per local address)."""
        return self._filters("qm", kind)

    def config(self) -> dict[str, Any]:
        """The ``set config`` properties as stored (some wait for a reboot: see ``pending``)."""
        return dict(self._service().config.values)

    def effective_config(self) -> dict[str, Any]:
        """The ``set config`` properties in effect now."""
        return dict(self._service().config.effective)

    def boot_state(self) -> Any:
        """The startup-security state (``BootState``: active, mode, exemptions)."""
        return self._service().boot_state

    def driver_mode(self) -> str:
        """``boot`` (boot mode), ``policy`` (SPD enforced) or ``permit`` (service stopped)."""
        return str(self._service().driver_mode)


def _find(objects: list[Any], key: str, kind: str) -> Any:
    low = key.lower()
    for obj in objects:
        if str(getattr(obj, "name", "")).lower() == low or str(
            getattr(obj, "guid", "")
        ).lower() in (
            low,
            "{" + low.strip("{}") + "}",
        ):
            return obj
    raise KeyError(f"no {kind} named {key!r}")
