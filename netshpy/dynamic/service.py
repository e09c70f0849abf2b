"""The simulated IPsec service (display name "IPSEC Services", name PolicyAgent).

It owns the running SPD. Its state (running or stopped, in boot mode or not,
the SPD and the stamp of the policy it applied) is kept in
``service/spd.json`` under the host's state folder, written atomically after
every change and read again whenever another process changed it, so that two
one-shot ``netshpy`` runs see the same SPD, exactly as the real service
outlives netsh.exe. Inside one process the in-memory object is used.

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
  then the service (start type Automatic) starts and applies policy.
  ``reboot(start_service=False)`` stops after the boot-mode phase, for a lab
  that wants to look at the computer before policy applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import messages
from ..computer.addresses import DEFAULT_ADDRESSES, local_addresses  # noqa: F401 - also imported from here
from ..errors import NetshError
from ..host import write_atomically
from ..records import dataclass, field
from ..textfile import load_json, read_text
from ..values import BootExemption
from .compile import compile_assigned, stores_stamp
from .config import IpsecConfig
from .spd import Spd

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

SERVICE_NAME = "PolicyAgent"
DISPLAY_NAME = "IPSEC Services"
DISPLAY_NAME_2000 = "IPSEC Policy Agent"  # Windows 2000's name; XP renamed it


def display_name_for(os_id: str | None) -> str:
    """The service's display name on that version of Windows."""
    return DISPLAY_NAME_2000 if os_id == "2000" else DISPLAY_NAME


SPD_FILE = Path("service") / "spd.json"


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
        self.path = Path(host.state_dir) / SPD_FILE
        self.config = IpsecConfig(host.state_dir)
        self.running = True
        self.booting = False
        self.policy_stamp: str | None = None
        self.applied: list[str] = []
        self.spd = Spd()
        self._file_stamp: tuple[int, int] | None = None
        # Store generations at this process's last compile (None: compile next time).
        self._stores_stamp: tuple[str, ...] | None = None
        self._load()

    # ---- persistence -------------------------------------------------------

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load(self) -> None:
        self._file_stamp = self._stat()
        self._stores_stamp = None  # the SPD may come from another process: check it again
        try:
            data = load_json(read_text(self.path))
            spd = Spd.from_dict(data.get("spd", {}))
            running = bool(data.get("running", True))
            booting = bool(data.get("booting", False))
            stamp = data.get("policy_stamp")
            applied = [str(s) for s in data.get("applied", [])]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            # No file (a computer that booted long ago) or a damaged one: running, nothing applied.
            self.running, self.booting, self.policy_stamp, self.applied = True, False, None, []
            self.spd = Spd()
            return
        self.running, self.booting, self.spd = running, booting, spd
        self.policy_stamp = stamp if isinstance(stamp, str) else None
        self.applied = applied

    def save(self) -> None:
        """Write the service state and the SPD atomically."""
        data = {
            "running": self.running,
            "booting": self.booting,
            "policy_stamp": self.policy_stamp,
            "applied": self.applied,
            "spd": self.spd.to_dict(),
        }
        write_atomically(self.path, json.dumps(data, indent=1))
        self._file_stamp = self._stat()

    def sync(self) -> None:
        """Pick up changes another process made to the service or the configuration."""
        if self._stat() != self._file_stamp:
            self._load()
        self.config.reload()

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

    def require_spd(self) -> Spd:
        """The running SPD, current with the stores; the netsh error when stopped."""
        self.sync()
        if not self.running:
            raise NetshError(messages.ipsec("service_stopped"))
        if self.apply_policy():
            self.save()
        return self.spd

    # ---- life cycle ----------------------------------------------------------

    def start(self) -> None:
        """Start the service: a fresh SPD built from the stores."""
        self.sync()
        if self.running:
            raise ServiceStateError("already_running")
        self.running = True
        self.booting = False
        self.spd = Spd()
        self.policy_stamp = None
        self.apply_policy(force=True)
        self.save()

    def stop(self) -> None:
        """Stop the service: the SPD and every dynamic change are discarded."""
        self.sync()
        if not self.running:
            raise ServiceStateError("not_started")
        self.running = False
        self.booting = False
        self.spd = Spd()
        self.policy_stamp = None
        self.applied = []
        self.save()

    def reboot(self, *, start_service: bool = True) -> None:
        """Restart the computer (``shutdown /r``)."""
        self.sync()
        self.config.on_reboot()
        self.running = False
        self.booting = True
        self.spd = Spd()
        self.policy_stamp = None
        self.applied = []
        self.save()
        if start_service:
            self.start()

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
        """Nothing to flush: every change is saved when made."""


def get_service(host: Any) -> IpsecService:
    """The IPsec service of *host* (one object per Host)."""
    return host.part("service", IpsecService)
