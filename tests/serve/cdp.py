"""A small Chrome DevTools Protocol client (tornado websockets) for the browser test.

Starts the distribution's Chromium headless with a fresh profile and drives
its pages directly: no chromedriver, no selenium.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import websocket_connect

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
    "--remote-debugging-port=0",
]


def find_chromium() -> str | None:
    """The installed Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Page:
    """One browser tab."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer."""
        n = next(self.ids)
        await self.ws.write_message(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            raw = await asyncio.wait_for(self.ws.read_message(), 30)
            if raw is None:
                raise RuntimeError("the browser closed the page")
            msg = json.loads(raw)
            if msg.get("id") == n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    async def front(self) -> None:
        """Make this the visible tab (a hidden tab does not paint, so xterm.js draws nothing)."""
        await self.call("Page.bringToFront")

    async def goto(self, url: str) -> None:
        await self.front()
        await self.call("Page.navigate", url=url)
        await self.wait("document.readyState === 'complete'")

    async def js(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait(self, expression: str, timeout: float = 30.0) -> Any:
        """Wait until the JavaScript *expression* is truthy; its value."""
        end = time.monotonic() + timeout
        while True:
            value = await self.js(expression)
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {expression}")
            await asyncio.sleep(0.1)

    async def type(self, text: str) -> None:
        """Type *text* where the focus is; '\\r' is the Enter key."""
        await self.front()
        for part in text.replace("\r", "\0\r\0").split("\0"):
            if part == "\r":
                key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
                await self.call("Input.dispatchKeyEvent", type="keyDown", **key)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter")
            elif part:
                await self.call("Input.insertText", text=part)

    async def screenshot(self, path: Path) -> None:
        await self.front()
        await asyncio.sleep(0.3)  # let the page paint
        data = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(data["data"]))


class Browser:
    """Headless Chromium with a fresh profile in *profile*."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.profile = profile
        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(profile)},
        )
        self.port = 0

    async def start(self) -> None:
        marker = self.profile / "DevToolsActivePort"
        end = time.monotonic() + 30
        while not marker.is_file() or not marker.read_text().strip():
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError("Chromium did not start")
            await asyncio.sleep(0.1)
        self.port = int(marker.read_text().split()[0])

    async def new_page(self) -> Page:
        url = f"http://127.0.0.1:{self.port}/json/new?about:blank"
        r = await AsyncHTTPClient().fetch(
            url, method="PUT", body=b"", allow_nonstandard_methods=True
        )
        target = json.loads(r.body)
        page = Page(
            await websocket_connect(target["webSocketDebuggerUrl"], max_message_size=64 << 20)
        )
        await page.call("Page.enable")
        return page

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
