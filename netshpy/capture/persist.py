"""A lab's capture kept in the lab folder, so that it outlives one netshpy process.

``netshpy --lab dh2048 :capture start``, then ``netshpy --lab dh2048 :ping SRV1
XP1`` and ``netshpy --lab dh2048 :capture save x.pcapng`` are three processes:
the capture's state (where it listens, running or not, its clock) is
``capture.json`` and its frames ``capture-frames.jsonl`` (one JSON object a
frame, appended as sends are recorded). A damaged file is an empty capture.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..statefiles import append_private, write_atomically
from ..textfile import load_json

if TYPE_CHECKING:
    from .frames import Frame

STATE_FILE = "capture.json"
FRAMES_FILE = "capture-frames.jsonl"
_TEXT = ("network", "src", "dst", "protocol", "summary", "sender", "receiver", "label")


def stamp(root: Path) -> tuple[int, ...] | None:
    """What changes when the kept capture changes (None: the lab has no capture)."""
    try:
        state = (root / STATE_FILE).stat()
    except OSError:
        return None
    try:
        frames = (root / FRAMES_FILE).stat()
    except OSError:
        return (state.st_mtime_ns, state.st_ino)
    return (state.st_mtime_ns, state.st_ino, frames.st_mtime_ns, frames.st_size)


def save_state(root: Path, state: dict[str, Any], *, fresh: bool = False) -> None:
    """Write the capture's *state* (and, *fresh*, an empty frame file)."""
    if fresh:
        write_atomically(root / FRAMES_FILE, b"")
    write_atomically(root / STATE_FILE, json.dumps(state, sort_keys=True) + "\n")


def append_frames(root: Path, frames: list[Frame]) -> None:
    """Add *frames* to the frame file (OSError when it cannot be written)."""
    if frames:
        text = "".join(json.dumps(_plain(f), sort_keys=True) + "\n" for f in frames)
        append_private(root / FRAMES_FILE, text.encode("utf-8"))


def load_state(root: Path) -> dict[str, Any] | None:
    """The capture's state kept in *root*, or None (none, or a damaged file)."""
    try:
        state = load_json((root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _plain(frame: Frame) -> dict[str, Any]:
    out: dict[str, Any] = {key: getattr(frame, key) for key in _TEXT}
    out.update(
        offset=frame.offset,
        data=frame.data.hex(),
        inner=frame.inner.hex(),
        inner_first=frame.inner_first,
        number=frame.number,
        time=frame.time.isoformat(),
        port=frame.port,
    )
    return out


def load_frames(root: Path) -> list[Frame]:
    """The frames kept in *root*, numbered from 1 (a damaged line is skipped)."""
    from .frames import Frame

    try:
        text = (root / FRAMES_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    frames: list[Frame] = []
    for line in text.splitlines():
        try:
            item = load_json(line)
            frame = Frame(
                offset=float(item["offset"]),
                network=str(item["network"]),
                src=str(item["src"]),
                dst=str(item["dst"]),
                protocol=str(item["protocol"]),
                summary=str(item["summary"]),
                data=bytes.fromhex(item["data"]),
                sender=str(item["sender"]),
                receiver=str(item["receiver"]),
                inner=bytes.fromhex(item["inner"]),
                inner_first=int(item["inner_first"]),
                time=datetime.fromisoformat(item["time"]),
                port=int(item["port"]),
                label=str(item["label"]),
            )
        except (ValueError, KeyError, TypeError):
            continue  # a damaged line (a killed writer's last) is skipped
        frame.number = len(frames) + 1
        frames.append(frame)
    return frames
