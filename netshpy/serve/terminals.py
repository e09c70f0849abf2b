"""One pty-backed lab REPL per trainee (terminado's pty manager, with the class's limits).

Each trainee's terminal runs ``python -m netshpy --lab LAB --state-dir <class>/<key>``
and nothing else (never a shell), in a process of its own with an address
space bound (``RLIMIT_AS``). Every connection of the trainee (browser tabs,
SSH sessions) and the trainer's read-only watchers are the terminal's clients.
Output is read at most at the class's output rate: past it, reading pauses
(the REPL waits) and the clients get a notice.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ptyprocess import PtyProcessUnicode
from terminado.management import NamedTermManager, PtyWithClients
from tornado.ioloop import IOLoop

from ..statefiles import make_folder
from . import confine, notices
from .classroom import ClassError, Classroom


@dataclass
class Limits:
    """The class's limits (``netshpy serve`` options)."""

    max_sessions: int = 40
    idle_timeout: float = 1800.0  # seconds without a keystroke
    output_rate: int = 256 * 1024  # characters a second per terminal
    memory_mb: int = 512  # address space of a trainee's process


class Client(Protocol):
    """What a terminal needs of a connection (a websocket, an SSH channel, a watcher)."""

    size: tuple[int | None, int | None]
    readonly: bool

    def on_pty_read(self, text: str) -> None: ...
    def on_pty_died(self) -> None: ...
    def notice(self, text: str) -> None: ...


class SessionRefused(Exception):
    """A terminal that may not start (the class is full); the text says why."""


def _limit_child(memory_bytes: int, ruleset: int | None) -> Callable[[], None]:
    def preexec() -> None:  # runs in the child, between fork and exec
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        if ruleset is not None:
            confine.restrict(ruleset)

    return preexec


class TraineeTerminal(PtyWithClients):
    """A trainee's REPL in a pty, with its clients and the replay buffer for reconnection."""

    def __init__(
        self,
        key: str,
        argv: list[str],
        env: dict[str, str],
        cwd: str,
        limits: Limits,
        ruleset: int | None = None,
    ) -> None:
        self.clients: list[Any] = []
        self.read_buffer: deque[str] = deque([], maxlen=2000)
        self.term_name: str = key
        self.ended_by: str | None = None  # the notice when the server ended it
        self.end_kind: str | None = None  # "idle", "reset" or "stop"
        self.limits = limits
        self.started = time.monotonic()
        self.exit_status: int | None = None
        self.signal_status: int | None = None
        self.tokens = float(limits.output_rate)
        self.refilled = time.monotonic()
        self.paused = False
        self.last_rate_notice = 0.0
        self.ptyproc = PtyProcessUnicode.spawn(
            argv,
            env=env,
            cwd=cwd,
            dimensions=(24, 80),
            preexec_fn=_limit_child(limits.memory_mb * 1024 * 1024, ruleset),
            pass_fds=() if ruleset is None else (ruleset,),
        )
        self.ptyproc.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def resize_to_smallest(self) -> None:
        """Size the pty to the smallest trainee client (watchers do not count)."""
        sizes = [c.size for c in self.clients if not c.readonly and None not in c.size]
        if not sizes:
            return
        rows, cols = min(r for r, _ in sizes), min(c for _, c in sizes)
        rows, cols = max(4, min(rows, 500)), max(10, min(cols, 1000))
        try:
            if self.ptyproc.getwinsize() != (rows, cols):
                self.ptyproc.setwinsize(rows, cols)
        except OSError:
            pass

    def write(self, text: str) -> None:
        """Keystrokes from a trainee client."""
        try:
            self.ptyproc.write(text)
        except OSError:
            pass

    def spend(self, n: int) -> float:
        """Take *n* characters from the output budget; seconds to wait before reading on."""
        now = time.monotonic()
        rate = self.limits.output_rate
        self.tokens = min(float(rate), self.tokens + (now - self.refilled) * rate)
        self.refilled = now
        self.tokens -= n
        return 0.0 if self.tokens >= 0 else -self.tokens / rate


class TerminalManager(NamedTermManager):
    """The class's terminals, by trainee key."""

    def __init__(
        self,
        classroom: Classroom,
        lab: str,
        limits: Limits,
        on_change: Callable[[str], None] = lambda key: None,
    ) -> None:
        super().__init__(shell_command=[], max_terminals=limits.max_sessions)
        self.classroom = classroom
        self.lab = lab
        self.limits = limits
        self.on_change = on_change
        self.terminals: dict[str, TraineeTerminal] = {}  # type: ignore[assignment]
        self.confined = confine.abi() > 0  # Landlock: each REPL sees only its own folders
        if self.confined:
            self.reads()  # a class folder every trainee could read is refused now

    # ---- starting ------------------------------------------------------------

    def argv(self, key: str) -> list[str]:
        """The trainee's REPL: netshpy's lab front end, never a shell."""
        folder = self.classroom.folder(key)
        return [sys.executable, "-m", "netshpy", "--lab", self.lab, "--state-dir", str(folder)]

    def env(self, key: str) -> dict[str, str]:
        """A small environment: nothing of the server's own secrets reaches a trainee."""
        from ..resources import cache_dir

        home = str(self.classroom.config_home(key))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "NETSHPY_CACHE_DIR": str(cache_dir()),
            "NETSHPY_LEARNER": self.classroom.trainee(key).name,
            "NETSHPY_LAB_EVENTS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for name in ("PYTHONPATH", "NO_COLOR"):
            if os.environ.get(name):
                env[name] = os.environ[name]
        return env

    def get_terminal(self, term_name: str) -> TraineeTerminal:  # type: ignore[override]
        """Trainee *term_name*'s running terminal, started if needed (SessionRefused when full)."""
        key = term_name
        term = self.terminals.get(key)
        if term is not None:
            return term
        if len(self.terminals) >= self.limits.max_sessions:
            raise SessionRefused(notices.CLASS_FULL.format(n=self.limits.max_sessions))
        folder = self.classroom.folder(key)
        make_folder(folder)  # empty (and private): the lab builds itself in it
        env = self.env(key)
        ruleset = self.ruleset(key) if self.confined else None
        try:
            term = TraineeTerminal(key, self.argv(key), env, str(folder), self.limits, ruleset)
        finally:
            if ruleset is not None:
                os.close(ruleset)
        self.terminals[key] = term
        self.start_reading(term)
        self.classroom.trainee(key).running = True
        self.on_change(key)
        return term

    def reads(self) -> list[Path]:
        """What every trainee's REPL may read (nothing of the class folder)."""
        import netshpy

        from ..resources import cache_dir, data_dir

        here = Path(netshpy.__file__).resolve().parent
        places = [*confine.system_reads(self.classroom.root), here, Path(self.lab)]
        cache = cache_dir()
        if cache is not None:
            places.append(cache)
        for name in ("grammar", "contexts", "labs"):
            try:
                places.append(data_dir(name))
            except FileNotFoundError:
                pass
        for place in places:
            if confine.holds(place, self.classroom.root):
                raise ClassError(
                    f"the class folder {self.classroom.root} is inside {place}, which every "
                    "trainee reads; choose a --class-dir elsewhere"
                )
        return places

    def ruleset(self, key: str) -> int | None:
        """Trainee *key*'s Landlock ruleset: the common reads, its own folders to write."""
        writes = [self.classroom.folder(key), self.classroom.config_home(key), Path("/dev/null")]
        return confine.ruleset(self.reads(), writes)

    # ---- output, with the rate limit -------------------------------------------

    def pty_read(self, fd: int, events: Any = None) -> None:
        """Read what the REPL printed and pass it to every client (within the rate)."""
        term = self.ptys_by_fd.get(fd)
        if term is None:
            return
        assert isinstance(term, TraineeTerminal)
        try:
            text = term.ptyproc.read(65536)
        except EOFError:
            self.on_eof(term)
            return
        except OSError:
            return
        term.read_buffer.append(text)
        for client in list(term.clients):
            client.on_pty_read(text)
        wait = term.spend(len(text))
        if wait > 0 and not term.paused:
            term.paused = True
            IOLoop.current().remove_handler(fd)
            IOLoop.current().call_later(wait, self._resume, term)
            now = time.monotonic()
            if now - term.last_rate_notice > 10:
                term.last_rate_notice = now
                text = notices.OUTPUT_RATE.format(kb=self.limits.output_rate // 1024)
                for client in list(term.clients):
                    client.notice(text)

    def _resume(self, term: TraineeTerminal) -> None:
        term.paused = False
        fd = term.ptyproc.fd
        if self.ptys_by_fd.get(fd) is term:
            IOLoop.current().add_handler(fd, self.pty_read, IOLoop.READ)

    # ---- ending ----------------------------------------------------------------

    def on_eof(self, ptywclients: PtyWithClients) -> None:
        """The REPL ended (exit, a kill, the memory bound): tell the clients why."""
        term = ptywclients
        assert isinstance(term, TraineeTerminal)
        fd = term.ptyproc.fd
        if self.ptys_by_fd.get(fd) is term:
            del self.ptys_by_fd[fd]
            if not term.paused:
                IOLoop.current().remove_handler(fd)
        key = term.term_name or ""
        if self.terminals.get(key) is term:
            del self.terminals[key]
        try:
            term.ptyproc.close(force=True)
        except OSError:
            pass
        term.exit_status = term.ptyproc.exitstatus
        term.signal_status = term.ptyproc.signalstatus
        if key in self.classroom.trainees and key not in self.terminals:
            self.classroom.trainees[key].running = False
        for client in list(term.clients):
            client.on_pty_died()
        self.on_change(key)

    def why_ended(self, term: TraineeTerminal) -> str:
        """The notice for a terminal that ended."""
        status, sig = term.exit_status, term.signal_status
        if term.ended_by:
            return term.ended_by
        failed = sig is not None or status not in (0, None, 130)
        tail = "".join(list(term.read_buffer)[-8:])  # netshpy says it ran out of memory
        out_of_memory = "out of memory" in tail or "MemoryError" in tail or sig == signal.SIGKILL
        if failed and self.limits.memory_mb and out_of_memory:
            return notices.OUT_OF_MEMORY.format(mb=self.limits.memory_mb)
        if failed:
            shown = status if status is not None else f"signal {sig}"
            return notices.SESSION_FAILED.format(status=shown)
        return notices.SESSION_ENDED

    async def stop(self, key: str, reason: str, kind: str) -> None:
        """End trainee *key*'s REPL (*kind*: idle, reset, stop); the lab stays on disk."""
        term = self.terminals.get(key)
        if term is None:
            return
        term.ended_by, term.end_kind = reason, kind
        await term.terminate(force=True)
        for _ in range(50):  # the EOF arrives through the event loop
            if key not in self.terminals or self.terminals[key] is not term:
                return
            await asyncio.sleep(0.02)
        self.on_eof(term)

    async def stop_all(self) -> None:
        """End every REPL (server shutdown); every lab stays on disk."""
        await asyncio.gather(
            *(self.stop(k, notices.SERVER_STOPPED, "stop") for k in list(self.terminals))
        )

    def idle(self, now: float | None = None) -> list[str]:
        """Trainees whose terminal saw no keystroke for the idle timeout."""
        now = time.time() if now is None else now
        found = []
        for key, term in self.terminals.items():
            trainee = self.classroom.trainee(key)
            last = max(trainee.last, time.time() - (time.monotonic() - term.started))
            if now - last > self.limits.idle_timeout:
                found.append(key)
        return found
