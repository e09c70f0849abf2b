"""Regular-expression matching with a time limit, for the patterns a transcript brings.

A `` (re)`` line is someone else's regular expression, and Python's ``re``
backtracks: ``(a+)+b`` against forty ``a`` runs for days, and ``re`` has no
timeout. :func:`fullmatch` bounds every match of a transcript pattern (``(re)``
and ``(glob)`` lines and lines with placeholders) by :data:`LIMIT_SECONDS` and
raises :class:`PatternTimeout` past it. Two ways, both interrupting the match
itself rather than abandoning it:

- **An interval timer** (POSIX, main thread, the usual case): ``re`` checks
  for signals while it backtracks, so a ``SIGALRM`` handler raising an
  exception stops the match where it is. Arming and disarming the timer costs
  about two microseconds; the handler is installed only around the match
  (or once around a block, :func:`bounded`) and the previous one restored. It
  is used only when no other ``ITIMER_REAL`` is running.
- **A worker process** elsewhere (Windows, another thread, a timer already in
  use): the match runs in a small Python process fed through a pipe; past the
  limit the process is killed, and the next match starts a new one. A worker
  that dies counts as no match; where no process can be started at all, the
  match runs unbounded in the caller.

A thread alone could not do it: a thread running a match cannot be stopped,
and it would hold the GIL and the CPU after the replay moved on.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

TYPE_CHECKING = False
if TYPE_CHECKING:
    import queue
    import subprocess

LIMIT_SECONDS = 2.0


class PatternTimeout(Exception):
    """A pattern that did not finish matching within ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"pattern took longer than {seconds:g} s")
        self.seconds = seconds


def fullmatch(regex: re.Pattern[str], line: str, limit: float | None = None) -> bool:
    """Whether *regex* matches the whole of *line*; raises :class:`PatternTimeout`
    when matching takes longer than *limit* seconds (default :data:`LIMIT_SECONDS`)."""
    seconds = LIMIT_SECONDS if limit is None else limit
    if seconds <= 0:
        raise PatternTimeout(seconds)
    if _alarm_usable():
        return _alarm_fullmatch(regex, line, seconds)
    return _worker().fullmatch(regex, line, seconds)


@contextmanager
def bounded() -> Iterator[None]:
    """Keep the ``SIGALRM`` handler installed for a block of matches (cheaper per match)."""
    if not _alarm_usable() or signal.getsignal(signal.SIGALRM) is _on_alarm:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


# ---- the interval timer --------------------------------------------------------------

_armed = False  # the handler raises only while a match runs


class _Expired(BaseException):
    """Raised by the handler inside ``re``; never escapes this module."""


def _on_alarm(signum: int, frame: object) -> None:
    if _armed:
        raise _Expired


def _alarm_usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def _alarm_fullmatch(regex: re.Pattern[str], line: str, seconds: float) -> bool:
    global _armed
    installed = signal.getsignal(signal.SIGALRM) is _on_alarm
    previous = None if installed else signal.signal(signal.SIGALRM, _on_alarm)
    try:
        try:
            _armed = True
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                found = regex.fullmatch(line) is not None
            finally:
                _armed = False  # a signal handled after this is ignored
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _Expired:
            raise PatternTimeout(seconds) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)
    return found


# ---- the worker process ---------------------------------------------------------------

_WORKER_CODE = """\
import json, re, sys
for request in sys.stdin:
    pattern, flags, line = json.loads(request)
    sys.stdout.write("1\\n" if re.fullmatch(pattern, line, flags) else "0\\n")
    sys.stdout.flush()
"""


class _Worker:
    """A Python process that matches on request and is killed when it takes too long."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        import queue
        import subprocess
        import sys

        proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _WORKER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            encoding="ascii",
        )
        answers: queue.Queue[str] = queue.Queue()
        stdout = proc.stdout
        assert stdout is not None

        def read() -> None:
            for answer in stdout:
                answers.put(answer)
            answers.put("")  # the process ended

        threading.Thread(target=read, name="netshpy-pattern-reader", daemon=True).start()
        self._proc, self._answers = proc, answers
        return proc

    def fullmatch(self, regex: re.Pattern[str], line: str, seconds: float) -> bool:
        import json
        import queue

        with self._lock:
            try:
                proc = self._proc if self._proc and self._proc.poll() is None else self._start()
            except OSError:  # no process can be started here: match unbounded
                return regex.fullmatch(line) is not None
            assert proc.stdin is not None
            request = json.dumps([regex.pattern, regex.flags, line]) + "\n"  # ASCII: escaped
            try:
                proc.stdin.write(request)
                proc.stdin.flush()
                assert self._answers is not None
                answer = self._answers.get(timeout=seconds)
            except queue.Empty:
                self._stop(proc)
                raise PatternTimeout(seconds) from None
            except OSError:
                answer = ""
            if answer == "":  # the worker died (out of memory...): no match
                self._stop(proc)
                return False
            return answer.strip() == "1"

    def _stop(self, proc: subprocess.Popen[str]) -> None:
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._proc = None


_WORKER: _Worker | None = None
_WORKER_LOCK = threading.Lock()


def _worker() -> _Worker:
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = _Worker()
        return _WORKER
