"""A capture of a lab: where it listens, the frames it holds, starting and stopping.

One capture per lab at a time. It listens on one network (every frame on
that segment), at one computer (what its network card sees: the frames it
sends and receives), or everywhere (``*``: every segment; a frame crossing
a NAT or a router appears once per segment). While it runs, it observes
every recorded send of the lab (:mod:`netshpy.lab.traffic.observers`) and
keeps the frames :func:`netshpy.capture.frames.build` makes of it. A stopped
capture keeps its frames for ``show`` and ``save`` until the next start.
The capture and its frames are kept in the lab folder (:mod:`.persist`), so
one netshpy process may start it, another send, a third save it; grading
reads what every capture kept there (:mod:`.facts`).

Python::

    from netshpy.capture import recorder
    capture = recorder.start(lab, "SRV1")   # or a network name, or "*"
    lab.ping("SRV1", "SRV2")
    [f.summary for f in capture.frames]
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..lab.model import LabError
from . import facts, pcap, persist

if TYPE_CHECKING:
    from ..lab.runtime import Lab
    from ..lab.traffic import TrafficResult
    from ..lab.view import LabView
    from .frames import Frame

EVERYWHERE = "*"
GAP = timedelta(seconds=1)  # between two sends in a deterministic lab


class CaptureError(LabError):
    """A capture cannot do what was asked (with the reason)."""


@dataclass
class Capture:
    """The frames seen on one network, at one computer, or everywhere."""

    kind: str  # network | computer | everywhere
    name: str  # the network's or the computer's name ("*" everywhere)
    started: datetime
    running: bool = True
    frames: list[Frame] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # sends whose frames could not be built
    _next: datetime | None = None  # a deterministic lab's clock for the next send

    @property
    def where(self) -> str:
        """``network LAN``, ``computer SRV1`` or ``every network``."""
        if self.kind == "everywhere":
            return "every network"
        return f"{self.kind} {self.name}"

    def keeps(self, frame: Frame) -> bool:
        """True when this capture sees *frame*."""
        if self.kind == "network":
            return frame.network.lower() == self.name.lower()
        if self.kind == "computer":
            return self.name in (frame.sender, frame.receiver)
        return True

    def observe(self, lab: Lab, result: TrafficResult) -> None:
        """Add the frames of a recorded send (when running)."""
        if not self.running or not result.wire:
            return
        from .frames import build

        built = build(lab, result)
        if lab.deterministic:
            base = self._next or self.started
        else:
            base = datetime.now(UTC).replace(tzinfo=None)
        last = base
        kept = []
        for frame in built:
            frame.time = base + timedelta(seconds=frame.offset)
            last = max(last, frame.time)
            if self.keeps(frame):
                frame.number = len(self.frames) + 1
                self.frames.append(frame)
                kept.append(facts.fact(frame, self.where))
        self._next = last + GAP
        root = Path(lab.root)
        try:
            facts.append(root, kept)
            persist.append_frames(root, self.frames[len(self.frames) - len(kept) :])
            persist.save_state(root, self.state())
        except OSError as exc:
            self.problems.append(f"cannot keep the captured frames in the lab folder: {exc}")

    def state(self) -> dict[str, Any]:
        """What the lab folder keeps of the capture besides its frames (:mod:`.persist`)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "started": self.started.isoformat(),
            "running": self.running,
            "next": self._next.isoformat() if self._next else None,
        }

    def offset(self, frame: Frame) -> float:
        """Seconds from the start of the capture to *frame*."""
        return (frame.time - self.started).total_seconds()

    def frame(self, number: int) -> Frame:
        """Frame *number* (1-based); CaptureError when there is none."""
        if not 1 <= number <= len(self.frames):
            if not self.frames:
                raise CaptureError("the capture holds no frames")
            raise CaptureError(f"no frame {number} (frames 1-{len(self.frames)})")
        return self.frames[number - 1]

    def save(self, path: str | Path) -> int:
        """Write the frames as a pcap file (pcapng, with a comment a frame, for a
        ``.pcapng`` name); how many were written."""
        return pcap.write(path, ((f.time, f.data, comment(f)) for f in self.frames))


def comment(frame: Frame) -> str:
    """What a pcapng file says of *frame*: ``SRV1 -> XP1: Main Mode 1: SA (...)``."""
    return f"{_who(frame.sender)} -> {_who(frame.receiver)}: {frame.summary}"


def _who(node: str) -> str:
    """A lab computer by name; a NAT device (``nat:NAME``) as ``NAME (NAT)``."""
    return f"{node[4:]} (NAT)" if node.startswith("nat:") else node


# The capture each open lab holds, with the stamp of the lab folder's files it was read at.
_CAPTURES: weakref.WeakKeyDictionary[Lab, tuple[Capture, Any]] = weakref.WeakKeyDictionary()


def current(lab: Lab) -> Capture | None:
    """The lab's capture (running or stopped), if any: as kept in the lab folder, read
    again when another process changed it."""
    root = Path(lab.root)
    seen = persist.stamp(root)
    cached = _CAPTURES.get(lab)
    if cached is not None and cached[1] == seen:
        return cached[0]
    capture = _load(root) if seen is not None else None
    if capture is None:
        _CAPTURES.pop(lab, None)
        return None
    _CAPTURES[lab] = (capture, seen)
    return capture


def _load(root: Path) -> Capture | None:
    state = persist.load_state(root)
    if state is None:
        return None
    try:
        capture = Capture(
            str(state["kind"]),
            str(state["name"]),
            datetime.fromisoformat(state["started"]),
            running=bool(state["running"]),
        )
        if state.get("next"):
            capture._next = datetime.fromisoformat(state["next"])
    except (KeyError, TypeError, ValueError):
        return None  # a damaged state file: no capture
    capture.frames = persist.load_frames(root)
    return capture


def _keep(lab: Lab, capture: Capture, *, fresh: bool = False) -> None:
    """Write *capture*'s state to the lab folder and remember it as read there."""
    root = Path(lab.root)
    try:
        persist.save_state(root, capture.state(), fresh=fresh)
    except OSError as exc:
        raise CaptureError(f"cannot keep the capture in the lab folder: {exc}") from None
    _CAPTURES[lab] = (capture, persist.stamp(root))


def _scope(lab: Lab, where: str) -> tuple[str, str]:
    if where == EVERYWHERE or where.lower() in ("all", "everywhere"):
        return "everywhere", EVERYWHERE
    for net in lab.spec.networks:
        if net.name.lower() == where.lower():
            return "network", net.name
    comp = lab.find(where)
    if comp is not None:
        return "computer", comp.name
    if not lab.spec.networks and where.lower() == "lan":
        return "everywhere", EVERYWHERE
    nets = ", ".join(n.name for n in lab.spec.networks) or "none declared"
    comps = ", ".join(c.name for c in lab.spec.computers)
    raise CaptureError(f"no network or computer {where!r} (networks: {nets}; computers: {comps})")


def start(lab: Lab, where: str) -> Capture:
    """Start capturing at *where* (a network, a computer or ``*``), replacing any earlier one."""
    from . import layers

    if not layers.available():
        raise CaptureError(
            "captures need scapy (pip install 'netshpy[capture]'): " + str(layers.IMPORT_ERROR)
        )
    old = current(lab)
    if old is not None and old.running:
        raise CaptureError(f"a capture is already running on {old.where} (:capture stop first)")
    kind, name = _scope(lab, where)
    _register()
    if lab.deterministic:
        from ..lab.runtime import START_TIME

        started = START_TIME
    else:
        started = datetime.now(UTC).replace(tzinfo=None)
    capture = Capture(kind, name, started)
    _keep(lab, capture, fresh=True)
    return capture


def stop(lab: Lab) -> Capture:
    """Stop the lab's running capture (its frames stay)."""
    capture = current(lab)
    if capture is None or not capture.running:
        raise CaptureError("no capture is running (:capture start first)")
    capture.running = False
    _keep(lab, capture)
    return capture


def observe(view: LabView, result: TrafficResult) -> None:
    """The observer of recorded sends: feed the lab's running capture."""
    lab = cast("Lab", view)  # sends run in a runtime Lab; only a running one has a capture
    capture = current(lab)
    if capture is not None and capture.running:
        try:
            capture.observe(lab, result)
        except Exception as exc:  # noqa: BLE001 - a capture must never break a send
            capture.problems.append(f"{result.summary}: frames not built ({exc})")
        _CAPTURES[lab] = (capture, persist.stamp(Path(lab.root)))


def _register() -> None:
    from ..lab.traffic.observers import register

    register(observe)
