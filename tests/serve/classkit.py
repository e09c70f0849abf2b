"""A class served in the test's own event loop, and clients that type like trainees."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tornado.websocket import websocket_connect

from netshpy.lab.shipped import find_lab_file
from netshpy.serve.classroom import Classroom
from netshpy.serve.cli import Running, start_class
from netshpy.serve.terminals import Limits

CODE = "test-code"
TOKEN = "trainer-secret"
SOLUTION = 'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 3DES-SHA1-2"'
_ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>78]")


def plain(text: str) -> str:
    """Terminal output without escape sequences and carriage returns."""
    return _ANSI.sub("", text).replace("\r", "")


@asynccontextmanager
async def served(
    folder: Path, *, ssh: bool = False, tls: Any = None, **limits: Any
) -> AsyncIterator[Running]:
    """Serve lab dh2048 from the class folder *folder* on free ports of 127.0.0.1."""
    classroom = Classroom(folder, find_lab_file("dh2048"), code=CODE, trainer_token=TOKEN)
    running = await start_class(
        classroom, find_lab_file("dh2048"), Limits(**limits), ssh_port=0 if ssh else None, tls=tls
    )
    try:
        yield running
    finally:
        await running.stop()


class WebTrainee:
    """A browser's side of the trainee socket, without a browser."""

    def __init__(self, port: int, scheme: str = "ws", ssl: Any = None) -> None:
        self.port = port
        self.scheme = scheme
        self.ssl = ssl  # an ssl.SSLContext that trusts the server (wss)
        self.ws: Any = None
        self.output = ""
        self.messages: list[dict[str, Any]] = []
        self.closed = False

    async def join(self, name: str, code: str = CODE, rows: int = 30, cols: int = 100) -> None:
        from tornado.httpclient import HTTPRequest

        url = f"{self.scheme}://127.0.0.1:{self.port}/ws"
        self.ws = await websocket_connect(HTTPRequest(url, ssl_options=self.ssl))
        await self.ws.write_message(
            json.dumps({"type": "join", "name": name, "code": code, "rows": rows, "cols": cols})
        )

    async def type(self, text: str) -> None:
        await self.ws.write_message(json.dumps({"type": "stdin", "data": text}))

    async def pump(self, timeout: float) -> bool:
        """Read one message; False on timeout or close."""
        try:
            raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        except TimeoutError:
            return False
        if raw is None:
            self.closed = True
            return False
        msg = json.loads(raw)
        if msg["type"] == "stdout":
            self.output += msg["data"]
            if "\x1b[6n" in msg["data"]:  # where is the cursor? (xterm.js answers it too)
                await self.type("\x1b[1;1R")
        else:
            self.messages.append(msg)
        return True

    async def until(self, pattern: str, timeout: float = 30.0, *, since: int = 0) -> str:
        """Read until *pattern* (a regex) shows in the plain output after *since*; the output."""
        end = time.monotonic() + timeout
        while not re.search(pattern, plain(self.output[since:])):
            left = end - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"no {pattern!r} in: {plain(self.output[since:])[-2000:]!r}")
            await self.pump(left)
        return plain(self.output[since:])

    async def message(self, kind: str, timeout: float = 30.0) -> dict[str, Any]:
        """Read until a message of *kind* (``ended``, ``notice``, ``error``...) arrives."""
        end = time.monotonic() + timeout
        while True:
            for msg in self.messages:
                if msg["type"] == kind:
                    self.messages.remove(msg)
                    return msg
            left = end - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"no {kind!r} message; got {self.messages}")
            await self.pump(left)

    async def closing(self, timeout: float = 30.0) -> bool:
        """Read until the server closes the socket; False if it is still open after *timeout*."""
        end = time.monotonic() + timeout
        while not self.closed:
            left = end - time.monotonic()
            if left <= 0:
                return False
            await self.pump(left)
        return True

    async def run(self, line: str, expect: str, timeout: float = 30.0) -> str:
        """Type *line* and Enter; wait for *expect* in what follows."""
        mark = len(self.output)
        await self.type(line + "\r")
        return await self.until(expect, timeout, since=mark)

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
