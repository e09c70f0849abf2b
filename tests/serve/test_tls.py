"""``netshpy serve --certfile``: the class over HTTPS and WSS, and its refusals."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("tornado")
pytest.importorskip("terminado")

from tornado.httpclient import AsyncHTTPClient, HTTPClientError  # noqa: E402

from netshpy.serve.cli import tls_context  # noqa: E402

from .classkit import TOKEN, WebTrainee, served  # noqa: E402

TLS = Path(__file__).resolve().parent.parent / "data" / "tls"
CERT, KEY = str(TLS / "cert.pem"), str(TLS / "key.pem")


def _trusting() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=CERT)  # the test certificate, self-signed


def test_trainee_and_trainer_over_https_and_wss(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class", tls=tls_context(CERT, KEY)) as running:
            assert running.scheme == "https"
            client = AsyncHTTPClient()
            base = f"https://127.0.0.1:{running.port}"
            page = await client.fetch(base + "/", ssl_options=_trusting())
            assert page.code == 200 and b"xterm" in page.body
            trainer = await client.fetch(f"{base}/trainer?token={TOKEN}", ssl_options=_trusting())
            cookie = trainer.headers.get("Set-Cookie", "")
            assert "Secure" in cookie and "HttpOnly" in cookie  # never back over plain HTTP
            with pytest.raises((HTTPClientError, OSError)):  # plain HTTP there gets nothing
                await client.fetch(f"http://127.0.0.1:{running.port}/", request_timeout=5)
            with pytest.raises(ssl.SSLError):  # a client that does not trust it stops
                await client.fetch(base + "/", ssl_options=ssl.create_default_context())
            ada = WebTrainee(running.port, "wss", _trusting())
            await ada.join("ada")
            await ada.run("ipsec static", r"netsh ipsec static>")

    asyncio.run(main())


def test_plain_http_cookie_is_not_marked_secure(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            assert running.scheme == "http"
            page = await AsyncHTTPClient().fetch(
                f"http://127.0.0.1:{running.port}/trainer?token={TOKEN}"
            )
            assert "Secure" not in page.headers.get("Set-Cookie", "")

    asyncio.run(main())


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--certfile", "/nonexistent/cert.pem"], "cannot use the certificate /nonexistent"),
        (["--certfile", CERT], "cannot use the certificate"),  # no key in it, none given
        (["--keyfile", KEY], "--keyfile needs --certfile"),
    ],
)
def test_unusable_certificates_are_refused_before_listening(
    tmp_path: Path, args: list[str], said: str
) -> None:
    argv = ["--lab", "dh2048", "--class-dir", str(tmp_path / "c"), "--port", "0", *args]
    done = subprocess.run(
        [sys.executable, "-m", "netshpy", "serve", *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert said in done.stderr and "netshpy serve:" in done.stderr
