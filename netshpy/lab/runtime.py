"""A running lab: one emulated computer (:class:`~netshpy.host.Host`) per lab computer.

Layout of the lab folder (``root``)::

    <root>/lab.json         which lab file (and which version of it) the folder holds
    <root>/<NAME>/          the state folder of computer NAME (stores, service, config, debug/)
    <root>/domains/         the domain stores, shared by every member of a domain
    <root>/.start/          a copy of the folder right after the set-up (for reset)

The starting state is what each computer's ``setup`` netsh lines produce;
:meth:`Lab.reset` restores it. Opening a folder that already holds the same
lab resumes where the trainee left off.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..host import FixedClock, Host
from ..spec import for_os as spec_for_os
from ..statefiles import make_folder, remove_stale, write_atomically
from ..textfile import load_json
from . import gp
from .hints import HINTS_FILE
from .model import ComputerSpec, LabError, LabSpec, load_lab

if TYPE_CHECKING:
    from ..session import Result, Session
    from .grading import Progress
    from .traffic import TrafficResult

MARKER = "lab.json"
SNAPSHOT = ".start"
DOMAINS = "domains"
START_TIME = datetime(2005, 3, 1, 10, 0, 0)
# Windows 2000 and XP exempt multicast, broadcast, RSVP, Kerberos and IKE (value 0) [D S15].
LEGACY_EXEMPT = {"2000": "0", "xp": "0", "xp-sp2": "0"}


def _fingerprint(spec: LabSpec) -> str:
    try:
        text = spec.path.read_bytes()
    except OSError:
        text = repr(spec).encode()
    return hashlib.sha1(text).hexdigest()


class Lab:
    """A lab running in the folder *root*.

    ``fresh=True`` always rebuilds the starting state; otherwise a folder
    holding the same lab is resumed. ``deterministic=True`` gives every
    computer a fixed clock and sequential GUIDs (transcripts, tests).
    """

    def __init__(
        self,
        spec: LabSpec,
        root: str | Path,
        *,
        fresh: bool = False,
        deterministic: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.spec = spec
        self.root = Path(root)
        self.deterministic = deterministic or clock is not None
        self._clock = clock
        self.hosts: dict[str, Host] = {}
        self._sessions: dict[str, Session] = {}
        self._traffic_log: list[TrafficResult] = []
        fingerprint = _fingerprint(spec)
        if fresh or not self._holds(fingerprint):
            created = not self.root.exists()
            self._wipe()
            try:
                # marked as a lab at once: a set-up killed half way is rebuilt next time
                self._write_marker(None)
                self._open_hosts()
                self._setup()
                self._write_marker(fingerprint)
                self._snapshot()
            except BaseException:
                self._abandon(created)
                raise
        else:
            self._open_hosts()

    # ---- construction --------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | Path, root: str | Path, **kw: Any) -> Lab:
        """Load the lab file *path* and run it in *root*."""
        return cls(load_lab(path), root, **kw)

    def _holds(self, fingerprint: str) -> bool:
        try:
            data = load_json((self.root / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (
            isinstance(data, dict)
            and data.get("fingerprint") == fingerprint
            and (self.root / SNAPSHOT).is_dir()
        )

    def _wipe(self) -> None:
        if self.root.exists():
            if not self.root.is_dir():
                raise LabError(f"{self.root}: not a folder")
            if any(self.root.iterdir()) and not (self.root / MARKER).exists():
                raise LabError(
                    f"{self.root}: the folder is not empty and holds no lab; choose another "
                    "--state-dir"
                )
            for child in self.root.iterdir():
                _remove(child)
        make_folder(self.root)

    def _abandon(self, created: bool) -> None:
        """Undo a set-up that failed: the folder holds nothing of it (it was empty or a lab)."""
        self._close_hosts()
        self.hosts.clear()
        for child in list(self.root.iterdir()) if self.root.is_dir() else []:
            _remove(child)
        if created:
            try:
                self.root.rmdir()
            except OSError:
                pass

    def _write_marker(self, fingerprint: str | None) -> None:
        data = {"lab": self.spec.name, "file": str(self.spec.path), "fingerprint": fingerprint}
        write_atomically(self.root / MARKER, json.dumps(data, indent=1))

    def _open_hosts(self) -> None:
        remove_stale(self.root)  # the lab's own files a killed run was replacing
        for comp in self.spec.computers:
            clock = self._clock
            if self.deterministic and clock is None:
                clock = FixedClock(START_TIME)
            host = Host(
                self.root / comp.name,
                computer_name=comp.name,
                domain=comp.domain,
                clock=clock,
                deterministic=self.deterministic,
                os=comp.os,
                tools=comp.tools,
            )
            # What the dynamic area reads as the computer's own addresses, and the
            # folder the static area keeps domain stores in.
            host.addresses = list(comp.addresses) + [  # type: ignore[attr-defined]
                c.address for c in self.spec.clusters if comp.name in c.members
            ]
            host.domain_root = self.root / DOMAINS  # type: ignore[attr-defined]
            host.lab = self  # type: ignore[attr-defined]
            host.lab_computer = comp  # type: ignore[attr-defined]
            gp.attach(self, host, comp)
            self.hosts[comp.name] = host

    def _setup(self) -> None:
        from ..dynamic.service import get_service
        from ..session import Session

        for comp in self.spec.computers:
            host = self.hosts[comp.name]
            service = get_service(host)
            legacy = LEGACY_EXEMPT.get(comp.os)
            if legacy is not None:
                service.sync(write=True)
                service.config.set("ipsecexempt", legacy)
                service.config.on_reboot()
                service.save()
            # Setup lines are the trainer's: full netsh (ipsec included) on any Windows version.
            session = Session(host, interactive=False, spec=spec_for_os("2003"))
            for line in comp.setup:
                if not line.strip() or line.strip().startswith("#"):
                    continue
                ok, output = _setup_line(session, host, line.strip())
                if not ok:
                    raise LabError(
                        f"{self.spec.path.name}: computer {comp.name!r}: setup line {line!r} "
                        f"failed: {output.strip()}"
                    )
            session.close()
            service.sync()
            if service.running:
                service.require_spd()

    def _close_hosts(self) -> None:
        for host in self.hosts.values():
            host.close()

    def _snapshot(self) -> None:
        self._close_hosts()
        target = self.root / SNAPSHOT
        _remove(target)
        make_folder(target)
        for child in self.root.iterdir():
            if child.name in (SNAPSHOT, MARKER, HINTS_FILE):
                continue
            _copy(child, target / child.name)

    # ---- the computers ---------------------------------------------------------

    def find(self, name_or_address: str) -> ComputerSpec | None:
        """The lab computer called *name_or_address* (or owning that IP address), or None."""
        key = name_or_address.strip().lstrip("\\").lower()
        for comp in self.spec.computers:
            if comp.name.lower() == key or key in comp.addresses:
                return comp
        return None

    def computer(self, name: str) -> ComputerSpec:
        """The lab computer *name* (or address); LabError when there is none."""
        comp = self.find(name)
        if comp is None:
            names = ", ".join(c.name for c in self.spec.computers)
            raise LabError(f"no computer {name!r} in this lab (computers: {names})")
        return comp

    def host(self, name: str) -> Host:
        """The emulated computer *name*."""
        return self.hosts[self.computer(name).name]

    def service(self, name: str) -> Any:
        """The IPsec service of computer *name*."""
        from ..dynamic.service import get_service

        return get_service(self.host(name))

    # ---- sessions ------------------------------------------------------------------

    def session(self, name: str | None = None) -> Session:
        """A netsh session sitting at computer *name* (the start computer by default).

        ``set machine OTHER`` and ``netsh -r OTHER`` reach the other lab computers.
        """
        from ..session import Session

        comp = self.computer(name or self.spec.start)
        session = Session(self.hosts[comp.name], interactive=True)
        self.attach(session, comp.name)
        return session

    def attach(self, session: Session, home: str) -> None:
        """Make *session* a lab session whose own computer is *home*."""
        session.lab = self  # type: ignore[attr-defined]
        session.lab_home = self.computer(home).name  # type: ignore[attr-defined]
        session.machine_resolver = self._resolve  # type: ignore[attr-defined]
        session.host = self.hosts[session.lab_home]  # type: ignore[attr-defined]
        _use_netsh_of(session, self.computer(home).os)
        session.machine = None

    def connect(self, session: Session, name: str) -> str:
        """Sit down at computer *name*: it becomes the session's own computer."""
        comp = self.computer(name)
        session.lab_home = comp.name  # type: ignore[attr-defined]
        session.host = self.hosts[comp.name]
        # netsh runs on the computer sat at: its Windows version's helpers
        # (set machine / -r only change the target, docs/fidelity/computer.md).
        _use_netsh_of(session, comp.os)
        session.machine = None
        return comp.name

    def _resolve(self, session: Session, name: str) -> bool:
        home = getattr(session, "lab_home", self.spec.start)
        key = name.strip().lower()
        comp = self.computer(home) if key in ("", "localhost", ".", "127.0.0.1") else self.find(key)
        if comp is None:
            return False
        session.host = self.hosts[comp.name]
        session.machine = None if comp.name == home else comp.name
        return True

    def run(self, name: str, line: str) -> Result:
        """Run one netsh line on computer *name* (one lasting session per computer)."""
        comp = self.computer(name)
        session = self._sessions.get(comp.name)
        if session is None or session.finished:
            session = self.session(comp.name)
            self._sessions[comp.name] = session
        return session.execute(line)

    def run_script(self, name: str, lines: list[str]) -> list[Result]:
        """Run several netsh lines on computer *name*; every result."""
        return [self.run(name, line) for line in lines if line.strip()]

    # ---- traffic, grading, life cycle ---------------------------------------------

    def send(
        self, src: str, dst: str, protocol: str | int = "icmp", port: int = 0, **kw: Any
    ) -> TrafficResult:
        """Send traffic from *src* to *dst* (see :func:`netshpy.lab.traffic.send`)."""
        from .traffic import send

        result = send(self, src, dst, protocol, port, **kw)
        if kw.get("record", True):
            self._traffic_log.append(result)
        return result

    def ping(self, src: str, dst: str) -> TrafficResult:
        """ICMP echo from *src* to *dst*."""
        return self.send(src, dst, "icmp", 0)

    @property
    def traffic_log(self) -> list[TrafficResult]:
        """Every send since the lab was opened or reset."""
        return list(self._traffic_log)

    def check(self) -> Progress:
        """Grade every exercise item now."""
        from .grading import grade

        return grade(self)

    def reboot(self, name: str, *, start_service: bool = True) -> None:
        """Restart computer *name* (``start_service=False`` stays in startup security)."""
        self.service(name).reboot(start_service=start_service)

    def restart_service(self, name: str) -> None:
        """Restart (or start) the IPsec service of computer *name*."""
        from ..dynamic.service import ServiceStateError

        service = self.service(name)
        try:
            service.stop()
        except ServiceStateError:
            pass
        service.start()

    def reset(self) -> None:
        """Put every computer back in the starting state of the lab."""
        snapshot = self.root / SNAPSHOT
        if not snapshot.is_dir():
            raise LabError(f"{self.root}: the starting state is missing; open the lab afresh")
        self._close_hosts()
        for child in self.root.iterdir():
            if child.name not in (SNAPSHOT, MARKER, HINTS_FILE):
                _remove(child)
        for child in snapshot.iterdir():
            _copy(child, self.root / child.name)
        for host in self.hosts.values():
            host.parts.clear()
        self._traffic_log.clear()

    def close(self) -> None:
        """Close every session and computer."""
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()
        self._close_hosts()

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SETUP_TOOLS = ("ipseccmd", "ipsecpol")


def _setup_line(session: Session, host: Host, line: str) -> tuple[bool, str]:
    """One trainer's setup line: a netsh line, or an ``ipseccmd``/``ipsecpol`` line
    (the computer's own tool, whether or not the trainee has it installed)."""
    word, _, rest = line.partition(" ")
    tool = word.lower().removesuffix(".exe")
    if tool in SETUP_TOOLS:
        from ..tools.ipsec import run

        output, status = run(tool, host, rest)
        return status == 0, output
    result = session.execute(line)
    return result.ok, result.output


def _use_netsh_of(session: Session, os_id: str) -> None:
    """Give *session* the netsh of Windows version *os_id*, keeping its place if it can."""
    spec = spec_for_os(os_id)
    if spec is session.spec:
        return
    session.spec = spec
    session.context = spec.contexts.get(session.context.path, spec.root)
    session.stack = [spec.contexts.get(c.path, spec.root) for c in session.stack]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        shutil.copy2(src, dst)
