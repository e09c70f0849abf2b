"""``netshpy serve --lab NAME [--host H] [--port N] [--ssh-port N] ...``: run a class.

Binds to 127.0.0.1 unless ``--host`` says otherwise; ``--certfile`` (and
``--keyfile``) serve HTTPS and WSS instead of HTTP. Prints the trainees'
address, the class code and the trainer's address (with its token); Ctrl+C
stops the server and leaves every trainee's lab on disk for the next start.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .classroom import Classroom
    from .terminals import Limits
    from .web import Server

USAGE = "netshpy serve --lab NAME [--host H] [--port N] [--ssh-port N] [--certfile PEM] [options]"


def parser() -> argparse.ArgumentParser:
    """The options of ``netshpy serve``."""
    p = argparse.ArgumentParser(
        prog="netshpy serve",
        usage=USAGE,
        description="A classroom on one machine: each trainee's lab in a browser or over SSH.",
    )
    p.add_argument("--lab", required=True, help="a shipped lab's name or a lab file")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, metavar="N", help="web port (8080)")
    p.add_argument(
        "--ssh-port", type=int, default=None, metavar="N", help="SSH port (none: no SSH)"
    )
    p.add_argument(
        "--class-dir",
        default=None,
        metavar="DIR",
        help="class folder (<netshpy data>/classes/<lab>)",
    )
    p.add_argument("--code", default=None, help="class code (kept in the class folder)")
    p.add_argument(
        "--trainer-token", default=None, metavar="TOKEN", help="trainer token (kept likewise)"
    )
    p.add_argument(
        "--max-sessions", type=int, default=40, metavar="N", help="running sessions at most (40)"
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        metavar="MIN",
        help="minutes without a keystroke (30)",
    )
    p.add_argument(
        "--output-rate", type=int, default=256, metavar="KB", help="KB a second per session (256)"
    )
    p.add_argument(
        "--memory", type=int, default=512, metavar="MB", help="MB of address space a session (512)"
    )
    p.add_argument(
        "--certfile",
        default=None,
        metavar="PEM",
        help="serve HTTPS with this certificate chain (PEM; may hold the key too)",
    )
    p.add_argument(
        "--keyfile", default=None, metavar="PEM", help="the certificate's private key (PEM)"
    )
    return p


def tls_context(certfile: str, keyfile: str | None = None) -> Any:
    """A server-side TLS context for *certfile* (and *keyfile*); raises ClassError if unusable."""
    import ssl

    from .classroom import ClassError

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
        raise ClassError(f"cannot use the certificate {certfile}: {reason}") from None
    return context


def serve_main(argv: list[str]) -> int:
    """Entry point of ``netshpy serve``."""
    try:
        import asyncssh  # noqa: F401
        import terminado  # noqa: F401
        import tornado  # noqa: F401
    except ImportError as exc:
        sys.stderr.write(
            f"netshpy serve needs the 'serve' extra ({exc.name} is missing): "
            "pip install 'netshpy[serve]'\n"
        )
        return 2
    args = parser().parse_args(argv)
    from ..lab.model import LabError
    from ..lab.shipped import find_lab_file, shipped_labs
    from .classroom import ClassError

    lab_file = find_lab_file(args.lab)
    try:
        run(args, lab_file)
    except LabError as exc:
        sys.stderr.write(f"netshpy: {exc}\n")
        if not lab_file.exists():
            names = ", ".join(p.stem for p in shipped_labs())
            sys.stderr.write(f"netshpy: shipped labs: {names}\n")
        return 2
    except (ClassError, OSError) as exc:
        sys.stderr.write(f"netshpy serve: {exc}\n")
        return 2
    except KeyboardInterrupt:
        pass
    return 0


@dataclass
class Running:
    """A class being served (for the command and for tests)."""

    server: Server
    http: Any
    acceptor: Any
    port: int
    ssh_port: int | None
    lock: Any = None
    scheme: str = "http"  # "https" with a certificate

    async def stop(self) -> None:
        """Stop listening, end every REPL; the labs stay on disk."""
        self.http.stop()
        if self.acceptor is not None:
            self.acceptor.close()
        self.server.stop_timers()
        await self.server.terminals.stop_all()
        self.server.activity_dirty = True
        self.server.save_activity()
        if self.lock is not None:
            self.lock.close()  # releases the class folder


def _lock(classroom: Classroom) -> Any:
    """Hold the class folder for this server: a second server on it is refused."""
    import fcntl

    from .classroom import ClassError

    handle = (classroom.meta / "lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ClassError(f"another netshpy serve runs the class in {classroom.root}") from None
    return handle


async def start_class(
    classroom: Classroom,
    lab_file: Path,
    limits: Limits,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    ssh_port: int | None = None,
    tls: Any = None,
) -> Running:
    """Listen for trainees and the trainer (port 0: any free port); returns the running class.

    *tls*: an ``ssl.SSLContext`` (:func:`tls_context`) to serve HTTPS and WSS instead.
    """
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    from .results import lab_info
    from .terminals import TerminalManager
    from .web import Server, make_app

    info = lab_info(lab_file)
    lock = _lock(classroom)
    try:
        terminals = TerminalManager(classroom, str(lab_file.resolve()), limits)
        server = Server(classroom, terminals, info)
        sockets = bind_sockets(port, address=host)
        http = HTTPServer(make_app(server), ssl_options=tls)
        http.add_sockets(sockets)
        acceptor = None
        if ssh_port is not None:
            from .ssh import start_ssh

            acceptor = await start_ssh(server, host, ssh_port)
            ssh_port = acceptor.sockets[0].getsockname()[1]
    except BaseException:
        lock.close()
        raise
    server.start()
    port = sockets[0].getsockname()[1]
    return Running(server, http, acceptor, port, ssh_port, lock, "https" if tls else "http")


def run(args: argparse.Namespace, lab_file: Path) -> None:
    """Start the class and serve until SIGINT or SIGTERM."""
    from ..host import default_state_dir
    from .classroom import Classroom
    from .results import lab_info
    from .terminals import Limits

    info = lab_info(lab_file)  # a broken lab file stops here, before anything listens
    if args.keyfile and not args.certfile:
        from .classroom import ClassError

        raise ClassError("--keyfile needs --certfile")
    tls = tls_context(args.certfile, args.keyfile) if args.certfile else None
    root = Path(args.class_dir or default_state_dir().parent / "classes" / lab_file.stem)
    classroom = Classroom(root, lab_file, code=args.code, trainer_token=args.trainer_token)
    limits = Limits(
        max_sessions=max(1, args.max_sessions),
        idle_timeout=max(1.0, args.idle_timeout * 60),
        output_rate=max(1, args.output_rate) * 1024,
        memory_mb=max(0, args.memory),
    )

    async def main() -> None:
        running = await start_class(
            classroom,
            lab_file,
            limits,
            host=args.host,
            port=args.port,
            ssh_port=args.ssh_port,
            tls=tls,
        )
        show = f"[{args.host}]" if ":" in args.host else args.host
        lines = [
            f"netshpy classroom: {info['name']} ({lab_file.stem})",
            f"  trainees: {running.scheme}://{show}:{running.port}/   class code: {classroom.code}",
        ]
        if running.ssh_port is not None:
            lines.append(
                f"  ssh:      ssh -p {running.ssh_port} NAME@{args.host}  (password: the code)"
            )
        lines += [
            f"  trainer:  {running.scheme}://{show}:{running.port}/trainer?token="
            f"{classroom.trainer_token}",
            f"  class folder: {classroom.root}",
            "Ctrl+C stops the class; every lab stays on disk.",
        ]
        if not running.server.terminals.confined:
            lines.append(
                "warning: this kernel has no Landlock: a trainee's file names "
                "(exportpolicy file=, :save ...) are not confined to their lab folder"
            )
        print("\n".join(lines), flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await running.stop()

    asyncio.run(main())
