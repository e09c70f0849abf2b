"""The Python API's views of one emulated computer's areas: its service, static store, SPD.

``emu.service`` drives the IPsec Services service with cmd.exe's commands;
``emu.static`` and ``emu.dynamic`` read the static policy store and the
running SPD as Python objects. Each area is imported on first use, and a
build without it raises :class:`~netshpy.AreaNotAvailable`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any, Protocol

from .api_errors import AreaNotAvailable, EmulatorError
from .api_results import RunResult
from .host import Host

SERVICE_NAME = "policyagent"


class Driven(Protocol):
    """What the views use of their :class:`~netshpy.Emulator`."""

    host: Host
    shared: bool

    def cmd(self, line: str) -> RunResult:
        """Run one command prompt line."""

    def _alive(self) -> None: ...


def require_service() -> ModuleType:
    """The IPsec service's command prompt commands, or :class:`AreaNotAvailable`."""
    try:
        return importlib.import_module("netshpy.service_commands")
    except ImportError:
        raise AreaNotAvailable(
            "service control needs the IPsec service (netshpy.service_commands), "
            "which this build of netshpy does not have"
        ) from None


class Service:
    """The IPsec Services service (PolicyAgent), driven by cmd.exe's commands."""

    def __init__(self, emulator: Driven) -> None:
        self._emu = emulator

    def _cmd(self, line: str) -> RunResult:
        require_service()
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

    def __init__(self, emulator: Driven) -> None:
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
