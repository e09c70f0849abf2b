"""The class's web side (tornado): the trainee page, the terminal socket, the trainer's pages.

Trainee socket ``/ws`` (JSON messages): the page sends ``{"type": "join",
"name", "code", "rows", "cols"}`` first, then ``stdin`` (``data``) and
``resize`` (``rows``, ``cols``); the server sends ``joined``, ``stdout``
(``data``), ``notice`` (``text``: a limit was reached), ``ended`` (``text``,
``kind``: ``exit`` or ``reset``, Enter starts the REPL again; ``idle`` or
``stop``, the socket closes: after ``idle`` the page waits for a key before
signing in again, after ``stop`` it retries until the server is back) and
``error`` (``text``; then it closes). The trainer's pages and sockets need the trainer token (``?token=``
or the cookie set when ``/trainer?token=`` is opened).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import shutil
import time
from pathlib import Path
from typing import Any

from tornado import web, websocket
from tornado.ioloop import IOLoop, PeriodicCallback

from ..textfile import load_json
from . import notices
from .classroom import NAME_RULE, ClassError, Classroom, trainee_key
from .terminals import SessionRefused, TerminalManager, TraineeTerminal

STATIC = Path(__file__).parent / "static"
GUESS_LIMIT, GUESS_WINDOW = 10, 60.0  # wrong class codes from one address, in seconds
COOKIE = "netshpy_trainer"


class Server:
    """What the handlers share: the class, its terminals, the trainer's live sockets."""

    def __init__(self, classroom: Classroom, terminals: TerminalManager, lab_info: dict) -> None:
        self.classroom = classroom
        self.terminals = terminals
        self.lab_info = lab_info  # name, id, items (columns of the trainer's table)
        self.trainer_sockets: set[TrainerSocket] = set()
        self.activity_dirty = False
        self.connected: dict[str, set[Any]] = {}  # the trainee connections, by trainee
        self.failures: dict[str, list[float]] = {}  # wrong class codes, by client address
        self._row_sent: dict[str, float] = {}
        terminals.on_change = self.changed
        self._timers: list[PeriodicCallback] = []

    def start(self) -> None:
        """Start the periodic work: progress events, idle sessions, saving activity."""
        self._timers = [
            PeriodicCallback(self.poll_events, 500),
            PeriodicCallback(self.check_idle, 1000 * min(5.0, self.terminals.limits.idle_timeout)),
            PeriodicCallback(self.save_activity, 5000),
        ]
        for timer in self._timers:
            timer.start()

    def stop_timers(self) -> None:
        """Stop the periodic work."""
        for timer in self._timers:
            timer.stop()

    # ---- the trainer's live view -----------------------------------------------

    def changed(self, key: str, *, throttle: bool = False) -> None:
        """Send trainee *key*'s row to every trainer page."""
        now = time.monotonic()
        if throttle and now - self._row_sent.get(key, 0) < 1.0:
            return
        self._row_sent[key] = now
        message = {"type": "trainee", "row": self.classroom.trainee(key).row()}
        for sock in list(self.trainer_sockets):
            sock.send(message)

    def snapshot(self) -> dict[str, Any]:
        """The whole class, for a trainer page that just connected."""
        rows = [t.row() for t in sorted(self.classroom.trainees.values(), key=lambda t: t.key)]
        return {"type": "class", "lab": self.lab_info, "trainees": rows, "now": time.time()}

    def poll_events(self) -> None:
        """Read new progress events of every trainee."""
        for key in list(self.classroom.trainees):
            if self.classroom.read_events(key):
                self.changed(key)

    def save_activity(self) -> None:
        """Write the activity file when something changed."""
        if self.activity_dirty:
            self.activity_dirty = False
            try:
                self.classroom.save_activity()
            except OSError:
                self.activity_dirty = True

    def check_idle(self) -> None:
        """End the REPLs that saw no keystroke for the idle timeout."""
        text = notices.IDLE.format(duration=notices.duration(self.terminals.limits.idle_timeout))
        for key in self.terminals.idle():
            asyncio.ensure_future(self.terminals.stop(key, text, "idle"))

    def keystroke(self, key: str) -> None:
        """Count a trainee's keystroke (time on task, last activity)."""
        self.classroom.trainee(key).touch()
        self.activity_dirty = True
        self.changed(key, throttle=True)

    # ---- trainer actions ---------------------------------------------------------

    async def reset(self, key: str) -> None:
        """Put trainee *key*'s lab back at its start: end the REPL, remove the lab folder."""
        await self.terminals.stop(key, notices.RESET, "reset")
        folder = self.classroom.folder(key)
        if folder.is_dir():
            await IOLoop.current().run_in_executor(None, shutil.rmtree, folder, True)
        self.classroom.forget_progress(key)
        self.changed(key)

    def attach(self, key: str, client: Any) -> TraineeTerminal:
        """Start (or find) trainee *key*'s terminal and add *client* to it."""
        term = self.terminals.get_terminal(key)
        term.clients.append(client)
        if not getattr(client, "readonly", False):
            self.connected.setdefault(key, set()).add(client)
            self.classroom.trainee(key).online = len(self.connected[key])
        self.changed(key)
        return term

    def detach(self, key: str, client: Any, term: TraineeTerminal | None) -> None:
        """Remove *client* from trainee *key*'s terminal (the REPL keeps running)."""
        if term is not None and client in term.clients:
            term.clients.remove(client)
            term.resize_to_smallest()
        clients = self.connected.get(key, set())
        if client in clients:
            clients.discard(client)
            self.classroom.trainee(key).online = len(clients)
            self.changed(key)

    def check_code(self, code: Any, client: str = "") -> bool:
        """True when *code* is the class code (a wrong one counts against *client*'s address)."""
        ok = isinstance(code, str) and hmac.compare_digest(
            code.strip().encode(), self.classroom.code.encode()
        )
        if not ok:
            self.failures.setdefault(client, []).append(time.monotonic())
        return ok

    def guessing(self, client: str) -> bool:
        """True while *client* has had too many wrong codes lately (no more tries for now)."""
        now = time.monotonic()
        recent = [t for t in self.failures.get(client, []) if now - t < GUESS_WINDOW]
        self.failures[client] = recent
        if not recent:
            del self.failures[client]
        return len(recent) >= GUESS_LIMIT

    def check_token(self, token: Any) -> bool:
        """True when *token* is the trainer token."""
        return isinstance(token, str) and hmac.compare_digest(
            token.encode(), self.classroom.trainer_token.encode()
        )


class _Base(web.RequestHandler):
    server: Server

    def initialize(self, server: Server) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")


class PageHandler(_Base):
    """The trainee's page."""

    def get(self) -> None:
        self.render_page("index.html")

    def render_page(self, name: str) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'",
        )
        self.write((STATIC / name).read_bytes())


class NoIcon(web.RequestHandler):
    """``/favicon.ico``: none (browsers ask; a 404 would fill the log)."""

    def get(self) -> None:
        self.set_status(204)


class TrainerMixin:
    """The trainer token, from ``?token=``, the ``X-Trainer-Token`` header or the cookie."""

    server: Server

    def trainer_ok(self) -> bool:
        handler: Any = self
        token = (
            handler.get_query_argument("token", None)
            or handler.request.headers.get("X-Trainer-Token")
            or handler.get_cookie(COOKIE)
        )
        return self.server.check_token(token)


class TrainerPage(TrainerMixin, PageHandler):
    """``/trainer`` and ``/trainer/watch/NAME``: refused without the trainer token."""

    def get(self, name: str | None = None) -> None:
        if not self.trainer_ok():
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.write(notices.TRAINER_REFUSED + "\n")
            return
        self.set_cookie(
            COOKIE,
            self.server.classroom.trainer_token,
            httponly=True,
            samesite="Strict",
            secure=self.request.protocol == "https",  # never sent back over plain HTTP
        )
        self.render_page("watch.html" if name is not None else "trainer.html")


class TrainerAction(TrainerMixin, _Base):
    """``POST /trainer/reset/NAME`` and the result downloads."""

    def check_xsrf_cookie(self) -> None:  # the token or a SameSite=Strict cookie is required
        pass

    async def post(self, action: str, name: str) -> None:
        if not self.trainer_ok():
            raise web.HTTPError(403)
        try:
            key = trainee_key(name)
        except ClassError as exc:
            raise web.HTTPError(400, reason=str(exc)) from None
        if action == "reset":
            await self.server.reset(key)
            self.write({"reset": key})

    async def get(self, kind: str) -> None:
        if not self.trainer_ok():
            self.set_status(403)
            self.write(notices.TRAINER_REFUSED + "\n")
            return
        from .results import class_results, csv_text, xapi_statements

        docs = await class_results(self.server)  # writes the result files the CSV reads
        if kind == "csv":
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="class-results.csv"')
            self.write(csv_text(self.server))
        else:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="class-xapi.json"')
            self.write(json.dumps(xapi_statements(docs), indent=1))


class _Socket(websocket.WebSocketHandler):
    server: Server

    def initialize(self, server: Server) -> None:
        self.server = server

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.write_message(json.dumps(message))
        except websocket.WebSocketClosedError:
            pass

    def check_origin(self, origin: str) -> bool:
        from urllib.parse import urlparse

        return urlparse(origin).netloc == self.request.host


class TraineeSocket(_Socket):
    """A trainee's terminal in the browser."""

    readonly = False

    def open(self) -> None:
        self.key: str | None = None
        self.term: TraineeTerminal | None = None
        self.size: tuple[int | None, int | None] = (None, None)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = load_json(message)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        kind = data.get("type")
        if self.key is None:
            if kind == "join":
                self.join(data)
            return
        if kind == "stdin" and isinstance(data.get("data"), str):
            self.server.keystroke(self.key)
            if self.term is None:
                if "\r" in data["data"]:
                    self.start()
                return
            self.term.write(data["data"])
        elif kind == "resize":
            self.resize(data)

    def resize(self, data: dict[str, Any]) -> None:
        try:
            self.size = (int(data["rows"]), int(data["cols"]))
        except (KeyError, TypeError, ValueError):
            return
        if self.term is not None:
            self.term.resize_to_smallest()

    def join(self, data: dict[str, Any]) -> None:
        client = self.request.remote_ip or ""
        if self.server.guessing(client):
            self.fail(notices.TOO_MANY_CODES)
            return
        if not self.server.check_code(data.get("code"), client):
            self.fail(notices.BAD_CODE)
            return
        try:
            key = trainee_key(data.get("name", ""))
        except ClassError:
            self.fail(notices.BAD_NAME.format(rule=NAME_RULE))
            return
        self.key = key
        self.server.classroom.trainee(key, data.get("name"))
        self.resize(data)
        self.send({"type": "joined", "name": self.server.classroom.trainee(key).name})
        self.start()

    def start(self) -> None:
        assert self.key is not None
        try:
            self.term = self.server.attach(self.key, self)
        except SessionRefused as exc:
            self.fail(str(exc))
            return
        except (ClassError, OSError) as exc:
            self.fail(str(exc))
            return
        replay = "".join(self.term.read_buffer)
        if replay:
            self.send({"type": "stdout", "data": replay})
        self.term.resize_to_smallest()

    def fail(self, text: str) -> None:
        self.send({"type": "error", "text": text})
        self.close()

    def on_close(self) -> None:
        if self.key is not None:
            self.server.detach(self.key, self, self.term)
            self.term = None

    # Client protocol (the terminal calls these)
    def on_pty_read(self, text: str) -> None:
        self.send({"type": "stdout", "data": text})

    def on_pty_died(self) -> None:
        term, self.term = self.term, None
        text = self.server.terminals.why_ended(term) if term is not None else ""
        kind = term.end_kind if term is not None else None
        self.send({"type": "ended", "text": text, "kind": kind or "exit"})
        if kind in ("idle", "stop"):
            self.close()  # idle or server stop: the trainee signs in again

    def notice(self, text: str) -> None:
        self.send({"type": "notice", "text": text})


class WatchSocket(TrainerMixin, _Socket):
    """The trainer watching a trainee's terminal: output only, keystrokes ignored."""

    readonly = True
    size = (None, None)

    def open(self, name: str) -> None:
        self.term: TraineeTerminal | None = None
        if not self.trainer_ok():
            self.close(4403, "trainer token needed")
            return
        try:
            key = trainee_key(name)
        except ClassError:
            self.close(4400, "bad name")
            return
        self.key = key
        term = self.server.terminals.terminals.get(key)
        if term is None:
            self.send({"type": "notice", "text": f"{name} has no session running."})
            return
        self.term = term
        term.clients.append(self)
        rows, cols = term.ptyproc.getwinsize()
        self.send({"type": "size", "rows": rows, "cols": cols})
        self.send({"type": "name", "name": self.server.classroom.trainee(key).name})
        self.send({"type": "stdout", "data": "".join(term.read_buffer)})

    def on_message(self, message: str | bytes) -> None:
        pass  # read-only

    def on_close(self) -> None:
        if self.term is not None and self in self.term.clients:
            self.term.clients.remove(self)

    def on_pty_read(self, text: str) -> None:
        self.send({"type": "stdout", "data": text})

    def on_pty_died(self) -> None:
        self.term = None
        self.send({"type": "notice", "text": "The session ended."})

    def notice(self, text: str) -> None:
        self.send({"type": "notice", "text": text})


class TrainerSocket(TrainerMixin, _Socket):
    """The trainer page's live table."""

    def open(self) -> None:
        if not self.trainer_ok():
            self.close(4403, "trainer token needed")
            return
        self.server.trainer_sockets.add(self)
        self.send(self.server.snapshot())

    def on_message(self, message: str | bytes) -> None:
        pass

    def on_close(self) -> None:
        self.server.trainer_sockets.discard(self)


def make_app(server: Server) -> web.Application:
    """The tornado application of the class."""
    name = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,31})"
    args = {"server": server}
    return web.Application(
        [
            (r"/", PageHandler, args),
            (r"/ws", TraineeSocket, args),
            (r"/trainer", TrainerPage, args),
            (rf"/trainer/watch/{name}", TrainerPage, args),
            (r"/trainer/ws", TrainerSocket, args),
            (rf"/trainer/ws/watch/{name}", WatchSocket, args),
            (rf"/trainer/(reset)/{name}", TrainerAction, args),
            (r"/trainer/results\.(csv|xapi\.json)", TrainerAction, args),
            (r"/static/(.*)", web.StaticFileHandler, {"path": str(STATIC)}),
            (r"/favicon\.ico", NoIcon),
        ],
        websocket_max_message_size=256 * 1024,
        websocket_ping_interval=20,
    )
