"""The class folder: trainees' lab folders, names, codes, progress and activity.

Layout of the class folder::

    <class>/<trainee>/          the trainee's lab folder (``--state-dir`` of their REPL)
    <class>/<trainee>/events.jsonl   progress events the lab writes (netshpy.lab.events)
    <class>/.serve/class.json   the lab, the class code and the trainer token
    <class>/.serve/activity.json     first and last activity, time on task, per trainee
    <class>/.serve/ssh_host_key      the SSH server's key (kept so clients trust it again)
    <class>/.serve/home/<trainee>/   the REPL's config folder (XDG_CONFIG_HOME)
    <class>/.serve/results/     result files written for a download

Everything is on disk: a stopped server leaves it all, and a new one resumes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..statefiles import make_folder, write_atomically
from ..textfile import load_json

NAME_RULE = "1-32 letters, digits, '.', '_' or '-', starting with a letter or digit"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
SERVE = ".serve"
ACTIVE_GAP = 300.0  # seconds: a longer pause between keystrokes is not time on task


class ClassError(Exception):
    """A class folder that cannot be used, or a name that cannot be a trainee."""


def trainee_key(name: str) -> str:
    """The folder name for trainee *name* (lower case); ClassError if it is not a valid name.

    A valid name has no path separator, no ``..`` and cannot start with a dot,
    so the folder is always a direct child of the class folder.
    """
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise ClassError(f"a trainee name is {NAME_RULE}")
    return name.lower()


@dataclass
class Trainee:
    """What the trainer's page shows of one trainee."""

    key: str
    name: str
    items: dict[int, bool] = field(default_factory=dict)
    score: int = 0
    total: int = 0
    hints: int = 0
    sends: int = 0
    checks: int = 0
    first: float = 0.0  # epoch seconds
    last: float = 0.0
    active: float = 0.0  # seconds on task
    online: int = 0  # connected terminals (browser tabs, SSH sessions)
    running: bool = False  # a REPL process is alive
    events_offset: int = 0

    def touch(self, now: float | None = None) -> None:
        """Count activity now (a keystroke)."""
        now = time.time() if now is None else now
        if not self.first:
            self.first = now
        elif 0 < now - self.last <= ACTIVE_GAP:
            self.active += now - self.last
        self.last = max(self.last, now)

    def row(self) -> dict[str, Any]:
        """The JSON row of the trainer's table."""
        return {
            "key": self.key,
            "name": self.name,
            "items": {str(k): v for k, v in sorted(self.items.items())},
            "score": self.score,
            "total": self.total,
            "hints": self.hints,
            "sends": self.sends,
            "checks": self.checks,
            "first": self.first,
            "last": self.last,
            "active": round(self.active),
            "online": self.online,
            "running": self.running,
        }


class Classroom:
    """The class folder of one lab, its codes and its trainees."""

    def __init__(
        self,
        root: str | Path,
        lab_file: Path,
        *,
        code: str | None = None,
        trainer_token: str | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.lab_file = lab_file.resolve()
        self.meta = self.root / SERVE
        self.meta.mkdir(parents=True, exist_ok=True)
        os.chmod(self.meta, 0o700)
        saved = _read_json(self.meta / "class.json")
        if saved and saved.get("lab") and saved["lab"] != self.lab_file.stem:
            raise ClassError(
                f"{self.root} holds the class of lab {saved['lab']!r}; "
                "choose another --class-dir for this lab"
            )
        self.code = code or saved.get("code") or _new_code()
        self.trainer_token = (
            trainer_token or saved.get("trainer_token") or secrets.token_urlsafe(16)
        )
        _write_json(
            self.meta / "class.json",
            {"lab": self.lab_file.stem, "code": self.code, "trainer_token": self.trainer_token},
        )
        self.trainees: dict[str, Trainee] = {}
        self._load_activity()
        for child in sorted(self.root.iterdir()):
            if child.is_dir() and not child.name.startswith("."):
                try:
                    key = trainee_key(child.name)
                except ClassError:
                    continue
                self.trainee(key, child.name)

    # ---- trainees ------------------------------------------------------------

    def folder(self, key: str) -> Path:
        """The lab folder of trainee *key*, always directly inside the class folder."""
        path = (self.root / trainee_key(key)).resolve()
        if path.parent != self.root:
            raise ClassError(f"a trainee name is {NAME_RULE}")
        return path

    def config_home(self, key: str) -> Path:
        """The trainee's REPL config folder (outside the lab folder)."""
        path = self.meta / "home" / trainee_key(key)
        make_folder(path)
        return path

    def trainee(self, key: str, name: str | None = None) -> Trainee:
        """The trainee *key* (created on first use)."""
        name = name or key
        key = trainee_key(key)
        found = self.trainees.get(key)
        if found is None:
            found = Trainee(key, name)
            self.trainees[key] = found
            self.read_events(key)
        return found

    def forget_progress(self, key: str) -> None:
        """After a reset by the trainer: no items passed, events read from the start."""
        t = self.trainee(key)
        t.items.clear()
        t.score = t.hints = t.sends = t.checks = 0
        t.events_offset = 0

    # ---- progress events -----------------------------------------------------

    def read_events(self, key: str) -> bool:
        """Read the trainee's new progress events; True when something changed."""
        t = self.trainees[key]
        path = self.root / key / "events.jsonl"
        try:
            size = path.stat().st_size
        except OSError:
            return False
        if size < t.events_offset:  # the lab was reset or rebuilt: the file started again
            t.events_offset = 0
            t.items.clear()
            t.score = t.hints = t.sends = t.checks = 0
        if size == t.events_offset:
            return False
        try:
            with path.open("rb") as stream:
                stream.seek(t.events_offset)
                data = stream.read(size - t.events_offset)
        except OSError:
            return False
        end = data.rfind(b"\n") + 1  # a line being written is read next time
        t.events_offset += end
        for raw in data[:end].splitlines():
            try:
                event = load_json(raw)
            except ValueError:
                continue
            if isinstance(event, dict):
                _apply(t, event)
        return end > 0

    # ---- activity ------------------------------------------------------------

    def _load_activity(self) -> None:
        for key, data in _read_json(self.meta / "activity.json").items():
            try:
                t = self.trainee(key, data.get("name"))
                t.first = float(data.get("first", 0))
                t.last = float(data.get("last", 0))
                t.active = float(data.get("active", 0))
            except (ClassError, TypeError, ValueError, AttributeError):
                continue

    def save_activity(self) -> None:
        """Write every trainee's activity to ``.serve/activity.json``."""
        data = {
            t.key: {"name": t.name, "first": t.first, "last": t.last, "active": t.active}
            for t in self.trainees.values()
            if t.first
        }
        _write_json(self.meta / "activity.json", data)


def _apply(t: Trainee, event: dict[str, Any]) -> None:
    kind = event.get("event")
    if isinstance(event.get("hints"), int):  # the lab counts hints (they survive a reset)
        t.hints = event["hints"]
    elif kind == "hint":
        t.hints += 1
    if kind == "reset":
        t.items.clear()
        t.score = 0
    if kind == "send":
        t.sends += 1
    if kind == "check":
        t.checks += 1
    items = event.get("items")
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("number"), int):
                t.items[item["number"]] = bool(item.get("passed"))
        t.score = int(event.get("score", 0) or 0)
        t.total = int(event.get("total", 0) or 0)


def _new_code() -> str:
    """A class code easy to read out: three groups of letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: Any) -> None:
    """Write *data* atomically (a crash leaves the old file or the new one)."""
    write_atomically(path, json.dumps(data, indent=1))
