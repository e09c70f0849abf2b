"""A real browser: two trainees join and type in xterm.js, one passes an item, the trainer sees it.

Drives the distribution's headless Chromium through the DevTools protocol.
Screenshots of each page go to ``$NETSHPY_ARTIFACTS`` (default
``<tmp>/netshpy-artifacts``), outside the checkout. Skipped when no Chromium is
installed, except in CI (``CI`` set), where its absence is a failure.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("tornado")
pytest.importorskip("terminado")

from .cdp import Browser, Page, find_chromium  # noqa: E402
from .classkit import CODE, SOLUTION, TOKEN, served  # noqa: E402

SCREEN = (
    "document.querySelector('.xterm-rows') ? document.querySelector('.xterm-rows').innerText : ''"
)


def artifacts() -> Path:
    folder = Path(
        os.environ.get("NETSHPY_ARTIFACTS") or Path(tempfile.gettempdir()) / "netshpy-artifacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _join(page: Page, url: str, name: str, shot: Path | None = None) -> None:
    await page.goto(url)
    await page.js(f"document.getElementById('name').value = {name!r}")
    await page.js(f"document.getElementById('code').value = {CODE!r}")
    if shot is not None:
        await page.screenshot(shot)
    await page.js("document.getElementById('go').click()")
    await page.wait(f"({SCREEN}).includes('netsh>')")


async def _run(page: Page, line: str, expect: str) -> str:
    await page.type(line + "\r")
    return await page.wait(f"(s => s.includes({expect!r}) && s)({SCREEN})")


def test_two_trainees_in_chromium_and_the_trainer_page(tmp_path: Path) -> None:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs Debian's chromium for this test (.ci/run)")
        pytest.skip("no Chromium installed (apt install chromium)")
    out = artifacts()

    async def main() -> None:
        async with served(tmp_path / "class") as running:
            base = f"http://127.0.0.1:{running.port}"
            browser = Browser(binary, tmp_path / "profile")
            try:
                await browser.start()
                ada, bob, trainer = [await browser.new_page() for _ in range(3)]
                await _join(ada, base + "/", "Ada", out / "classroom-join.png")
                await _join(bob, base + "/", "Bob")
                # Completion works as in a terminal: Tab completes a netsh word.
                await ada.type("ipsec stat\t")
                await ada.wait(f"({SCREEN}).includes('ipsec static')")
                await _run(ada, " show store", "Current Store")
                await _run(ada, SOLUTION, "netsh>")
                await _run(ada, ":capture start *", "Capturing on every network")
                await _run(ada, ":ping SRV1 XP1", "ICMP: secured")
                await _run(ada, ":ping SRV1 SRV2", "SRV2 ICMP: secured")
                await _run(bob, ":check", "2/6 points")
                await trainer.goto(f"{base}/trainer?token={TOKEN}")
                await trainer.wait("document.querySelector('#trainee-ada td.pass') !== null")
                bob_row = "(r => r && r.innerText)(document.querySelector('#trainee-bob'))"
                await trainer.wait(f"({bob_row} || '').includes('2/6')")  # the :check arrived
                row = await trainer.js("document.querySelector('#trainee-ada').innerText")
                assert "Ada" in row and "6/6" in row and "passed" in row
                assert "passed" not in (await trainer.js(bob_row)).split("2/6")[1].split("\t")[1]
                await ada.screenshot(out / "classroom-trainee-ada.png")
                await bob.screenshot(out / "classroom-trainee-bob.png")
                await trainer.screenshot(out / "classroom-trainer.png")
                watch = await browser.new_page()
                await watch.goto(f"{base}/trainer/watch/ada")  # the cookie the trainer page set
                await watch.wait(f"({SCREEN}).includes('ICMP: secured')")
                await watch.screenshot(out / "classroom-watch.png")
                refused = await browser.new_page()
                await refused.call("Network.clearBrowserCookies")
                await refused.goto(f"{base}/trainer")
                assert "trainer token" in await refused.js("document.body.innerText")
            finally:
                browser.close()

    asyncio.run(main())
    for name in ("join", "trainee-ada", "trainee-bob", "trainer", "watch"):
        assert (out / f"classroom-{name}.png").stat().st_size > 1000
