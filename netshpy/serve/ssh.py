"""SSH to the class (asyncssh): ``ssh -p PORT NAME@HOST``, the class code as the password.

The SSH session is one more client of the trainee's terminal, the same
REPL process as the browser's: typing in either shows in both. Only an
interactive shell with a pty is accepted; commands, subsystems (sftp, scp)
and forwarding are refused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncssh

from . import notices
from .classroom import ClassError, trainee_key
from .terminals import SessionRefused, TraineeTerminal

if TYPE_CHECKING:
    from .web import Server


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The server's SSH key, made once and kept in the class folder."""
    path = folder / "ssh_host_key"
    if path.is_file():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    key.write_private_key(str(path))
    os.chmod(path, 0o600)
    return key


class TraineeSSHSession(asyncssh.SSHServerSession):
    """One SSH channel on a trainee's terminal."""

    readonly = False

    def __init__(self, server: Server, name: str) -> None:
        self.server = server
        self.name = name
        self.key = trainee_key(name)
        self.term: TraineeTerminal | None = None
        self.size: tuple[int | None, int | None] = (None, None)
        self.chan: Any = None

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        width, height = term_size[0], term_size[1]
        self.size = (height or 24, width or 80)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        if self.chan.get_terminal_type() is None:
            self.chan.write(notices.SSH_NEED_PTY)
            self.chan.exit(1)
            return
        self.server.classroom.trainee(self.key, self.name)
        self.chan.write(
            notices.SSH_WELCOME.format(lab=self.server.lab_info["name"], name=self.name)
        )
        self.start()

    def start(self) -> None:
        try:
            self.term = self.server.attach(self.key, self)
        except (SessionRefused, ClassError, OSError) as exc:
            self.chan.write(f"{exc}\r\n")
            self.chan.exit(1)
            return
        replay = "".join(self.term.read_buffer)
        if replay:
            self.chan.write(replay)
        self.term.resize_to_smallest()

    def data_received(self, data: str, datatype: Any) -> None:
        self.server.keystroke(self.key)
        if self.term is None:
            if "\r" in data:
                self.start()
            return
        self.term.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (height or 24, width or 80)
        if self.term is not None:
            self.term.resize_to_smallest()

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.detach(self.key, self, self.term)
        self.term = None

    # Client protocol (the terminal calls these)
    def on_pty_read(self, text: str) -> None:
        try:
            self.chan.write(text)
        except (OSError, asyncssh.Error):
            pass

    def on_pty_died(self) -> None:
        term, self.term = self.term, None
        text = self.server.terminals.why_ended(term) if term is not None else ""
        try:
            self.chan.write(f"\r\n{text}\r\n")
            if term is not None and term.end_kind != "reset":
                self.chan.exit(0)
        except (OSError, asyncssh.Error):
            pass

    def notice(self, text: str) -> None:
        try:
            self.chan.write_stderr(f"\r\n[{text}]\r\n")
        except (OSError, asyncssh.Error):
            pass


class ClassSSHServer(asyncssh.SSHServer):
    """Password authentication: a valid trainee name and the class code."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: Any = None

    def connection_made(self, conn: Any) -> None:
        self.conn = conn

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        peer = self.conn.get_extra_info("peername") if self.conn is not None else None
        client = str(peer[0]) if peer else ""
        if self.server.guessing(client):
            return False
        try:
            trainee_key(username)
        except ClassError:
            return False
        return self.server.check_code(password, client)

    def session_requested(self) -> Any:
        return TraineeSSHSession(self.server, self.conn.get_extra_info("username"))


async def start_ssh(server: Server, host: str, port: int) -> Any:
    """Listen for SSH on *host*:*port*; returns the asyncssh acceptor."""
    return await asyncssh.create_server(
        lambda: ClassSSHServer(server),
        host,
        port,
        server_host_keys=[host_key(server.classroom.meta)],
        line_editor=False,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        keepalive_interval=30,
    )
