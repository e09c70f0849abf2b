"""The simulated IPsec service (display name "IPSEC Services", name PolicyAgent).

It owns the running SPD. Its state (running or stopped, in boot mode or not,
the stamp of the policy it applied, the ``set config`` values and the SPD) is
kept in ``service/state.sqlite`` under the host's state folder
(:mod:`netshpy.dynamic.state_db`), so that two one-shot ``netshpy`` runs see
the same SPD, exactly as the real service outlives netsh.exe. A command reads
only the parts it needs (``show mmpolicy`` never reads the rules), and every
change is one transaction: the commands that change the SPD, ``set config``,
``net stop``, ``net start`` and a reboot each leave the file wholly before or
wholly after the change, whenever the process dies. Another process's changes
are picked up at the next access (a generation number in the file).

Policy application: the assigned static policies are compiled when the
service starts, and again at once when the assignment or an assigned policy
changes: every access of the SPD compares a fingerprint of the assigned
policies with the one last applied (no polling interval is simulated).

Life cycle and startup security:

- ``stop()`` discards the SPD (every dynamic change and the applied policy);
  the IPsec driver then passes all traffic (``driver_mode == "permit"``).
- ``start()`` builds a fresh SPD from the stores.
- ``reboot()`` restarts the computer: the configuration values waiting for a
  reboot take effect, the driver starts in its boot mode (``boot_state``),
  then the service (start type Automatic) starts and applies policy, all in
  one change of the state file.
  ``reboot(start_service=False)`` stops after the boot-mode phase, for a lab
  that wants to look at the computer before policy applies.
"""

from __future__ import annotations

from pathlib import Path

from .. import messages
from ..computer.addresses import DEFAULT_ADDRESSES, local_addresses  # noqa: F401 - also imported from here
from ..errors import NetshError
from ..records import dataclass, field
from ..values import BootExemption
from .compile import compile_assigned, stores_stamp
from .config import IpsecConfig
from .spd import SECTIONS, Spd
from .state_db import STATE_FILE, ServiceDb, SpdTables

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

SERVICE_NAME = "PolicyAgent"
DISPLAY_NAME = "IPSEC Services"
DISPLAY_NAME_2000 = "IPSEC Policy Agent"  # Windows 2000's name; XP renamed it


def display_name_for(os_id: str | None) -> str:
    """The service's display name on that version of Windows."""
    return DISPLAY_NAME_2000 if os_id == "2000" else DISPLAY_NAME


SPD_FILE = STATE_FILE  # where the service keeps its state, relative to the state folder


class ServiceStateError(Exception):
    """A start of a running service or a stop of a stopped one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "already_running" | "not_started"


@dataclass(frozen=True)
class BootState:
    """Startup security of the computer.

    ``active`` is True from a reboot until the IPsec service applies policy;
    while active the driver filters by ``mode`` (stateful, block or permit),
    letting the ``exemptions`` (and DHCP) through.
    """

    active: bool
    mode: str
    exemptions: list[BootExemption] = field(default_factory=list)


class IpsecService:
    """The IPsec service of one emulated computer."""

    name = SERVICE_NAME
    display_name = DISPLAY_NAME

    def __init__(self, host: Any) -> None:
        self.host = host
        self.db = ServiceDb(Path(host.state_dir))
        self.path = self.db.path
        self.tables = SpdTables(self.db)
        self._config = IpsecConfig()
        self.running = True
        self.booting = False
        self.policy_stamp: str | None = None
        self.applied: list[str] = []
        self.spd = Spd(source=self.tables)
        self._generation: int | None = None  # of the file when last read; None: read it
        self._saved: dict[str, Any] = {}  # the service and config blobs as last read or written
        # Store generations at this process's last compile (None: compile next time).
        self._stores_stamp: tuple[str, ...] | None = None

    @property
    def config(self) -> IpsecConfig:
        """The ``set config`` values, as the state file holds them."""
        if self._generation is None:
            self.sync()
        return self._config

    # ---- persistence -------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "booting": self.booting,
            "policy_stamp": self.policy_stamp,
            "applied": self.applied,
        }

    def _load(self, generation: int) -> None:
        """Read the service state and configuration; the SPD's sections load on use."""
        self._generation = generation
        self._stores_stamp = None  # the SPD may come from another process: check it again
        data = self.db.get_blob("service")
        try:
            running = bool(data.get("running", True))
            booting = bool(data.get("booting", False))
            stamp = data.get("policy_stamp")
            applied = [str(s) for s in data.get("applied", [])]
        except (ValueError, TypeError, AttributeError):
            # No state (a computer that booted long ago) or a damaged one: running, nothing applied.
            running, booting, stamp, applied = True, False, None, []
        self.running, self.booting, self.applied = running, booting, applied
        self.policy_stamp = stamp if isinstance(stamp, str) else None
        config = self.db.get_blob("config")
        self._config.load(config)
        self._saved = {"service": self._state(), "config": self._config.to_data()}
        self.tables.forget()
        self.spd = Spd(source=self.tables)

    def sync(self, *, write: bool = False) -> None:
        """Pick up changes another process made to the service or the configuration.

        Opens the transaction the rest of the command runs in: a read one, or
        with *write* one that keeps other writers waiting until :meth:`save`.
        A transaction left open by a command that failed is dropped first.
        """
        if self.db.rollback():
            self._generation = None  # what this process read may hold the dropped writes
        self.db.begin(write)
        generation = self.db.generation()
        if generation != self._generation:
            self._load(generation)

    def save(self) -> None:
        """Write what changed (service state, configuration, SPD sections) in one transaction."""
        self.db.begin(write=True)
        state, config = self._state(), self.config.to_data()
        if state != self._saved.get("service"):
            self.db.put_blob("service", state)
        if config != self._saved.get("config"):
            self.db.put_blob("config", config)
        self._saved = {"service": state, "config": config}
        if self.spd.source is not self.tables:  # a whole new SPD: every section is written
            self.tables.forget()
            for section in SECTIONS:
                self.tables.write_section(section, getattr(self.spd, section))
            self.spd.attach(self.tables)  # its sections are now the file's
        else:
            for section in self.spd.loaded():
                self.tables.write_section(section, getattr(self.spd, section))
        generation = self.db.generation() + 1
        self.db.put_blob("generation", generation)
        self.db.commit()
        self._generation = generation

    # ---- policy ------------------------------------------------------------

    def apply_policy(self, *, force: bool = False) -> bool:
        """Compile the assigned policies into the SPD if they changed; True if applied."""
        stamp = stores_stamp(self.host)
        if not force and stamp is not None and stamp == self._stores_stamp:
            return False  # no store was written since the last compile in this process
        self._stores_stamp = stamp
        taken = {p.name.lower() for p in self.spd.mmpolicies if not p.origin}
        taken |= {p.name.lower() for p in self.spd.qmpolicies if not p.origin}
        compiled = compile_assigned(self.host, taken)
        if not force and compiled.fingerprint == self.policy_stamp:
            return False
        self.spd.replace_compiled(compiled.mmpolicies, compiled.qmpolicies, compiled.rules)
        self.policy_stamp = compiled.fingerprint
        self.applied = compiled.sources
        return True

    def require_spd(self, *, write: bool = False) -> Spd:
        """The running SPD, current with the stores; the netsh error when stopped.

        With *write* the command's changes are written by :meth:`save` in the
        same transaction as what it read (concurrent writers queue).
        """
        self.sync(write=write)
        if not self.running:
            raise NetshError(messages.ipsec("service_stopped"))
        if self.apply_policy():
            self.save()
            if write:
                self.db.begin(write=True)
        return self.spd

    def set_config(self, name: str, text: str) -> Any:
        """``set config``: validate and store one property (the service may be stopped)."""
        self.sync(write=True)
        value = self.config.set(name, text)
        self.save()
        return value

    # ---- life cycle ----------------------------------------------------------

    def _fresh(self, *, running: bool, booting: bool) -> None:
        self.running, self.booting = running, booting
        self.spd = Spd()
        self.policy_stamp = None
        self.applied = []

    def start(self) -> None:
        """Start the service: a fresh SPD built from the stores."""
        self.sync(write=True)
        if self.running:
            raise ServiceStateError("already_running")
        self._fresh(running=True, booting=False)
        self.apply_policy(force=True)
        self.save()

    def stop(self) -> None:
        """Stop the service: the SPD and every dynamic change are discarded."""
        self.sync(write=True)
        if not self.running:
            raise ServiceStateError("not_started")
        self._fresh(running=False, booting=False)
        self.save()

    def reboot(self, *, start_service: bool = True) -> None:
        """Restart the computer (``shutdown /r``): one change of the state file."""
        self.sync(write=True)
        self.config.on_reboot()
        self._fresh(running=False, booting=True)
        if start_service:
            self._fresh(running=True, booting=False)
            self.apply_policy(force=True)
        self.save()

    # ---- state for the lab ---------------------------------------------------

    @property
    def boot_state(self) -> BootState:
        """The startup-security state (``active`` until the service applies policy)."""
        self.sync()
        return BootState(self.booting, self.config.bootmode, self.config.bootexemptions)

    @property
    def driver_mode(self) -> str:
        """``boot`` (boot mode), ``policy`` (SPD enforced) or ``permit`` (service stopped)."""
        self.sync()
        if self.booting:
            return "boot"
        return "policy" if self.running else "permit"

    def local_addresses(self) -> list[str]:
        """The computer's own addresses, to which specific filters are bound."""
        return local_addresses(self.host)

    def close(self) -> None:
        """Close the state file (every change was saved when made)."""
        self.db.close()
        self._generation = None


def get_service(host: Any) -> IpsecService:
    """The IPsec service of *host* (one object per Host)."""
    return host.part("service", IpsecService)
