"""Each limit of the class server, with the message a trainee gets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest.importorskip("tornado")
pytest.importorskip("terminado")

from netshpy.serve import notices  # noqa: E402
from netshpy.serve.cli import parser  # noqa: E402

from .classkit import WebTrainee, served  # noqa: E402

PROMPT = r"\nnetsh>"


def test_localhost_unless_told_otherwise() -> None:
    args = parser().parse_args(["--lab", "dh2048"])
    assert args.host == "127.0.0.1"
    assert (args.max_sessions, args.idle_timeout, args.output_rate, args.memory) == (
        40,
        30.0,
        256,
        512,
    )


def test_durations_read_as_english() -> None:
    assert [notices.duration(s) for s in (1, 45, 60, 1800)] == [
        "1 second",
        "45 seconds",
        "1 minute",
        "30 minutes",
    ]


def test_max_sessions(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class", max_sessions=1) as running:
            ada, bob = WebTrainee(running.port), WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            await bob.join("Bob")
            text = (await bob.message("error"))["text"]
            assert text == notices.CLASS_FULL.format(n=1) and "--max-sessions" in text
            again = WebTrainee(running.port)  # Ada's second tab is the same session
            await again.join("Ada")
            await again.until(PROMPT)
            assert list(running.server.terminals.terminals) == ["ada"]
            ada.close()
            again.close()

    asyncio.run(main())


def test_idle_timeout_ends_the_session_and_keeps_the_lab(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class", idle_timeout=1.0) as running:
            # The clock runs from the REPL's start: on a loaded machine (a cold cache, two
            # cores shared by the suite) the start alone can take over a second, and the
            # session would end before its lab exists. Hold the limit off until the prompt.
            limits = running.server.terminals.limits
            limits.idle_timeout = 3600.0
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            assert (tmp_path / "class" / "ada" / "lab.json").is_file()
            limits.idle_timeout = 1.0  # and from now on Ada types nothing
            ended = await ada.message("ended", timeout=30)
            text = ended["text"]
            assert text.startswith("Disconnected after 1 second without a keystroke")
            assert "--idle-timeout" in text
            assert ended["kind"] == "idle"  # the page waits for a key before signing in again
            assert await ada.closing(timeout=30)
            assert ada.closed and not running.server.terminals.terminals
            assert (tmp_path / "class" / "ada" / "lab.json").is_file()

    asyncio.run(main())


def test_output_rate_pauses_output_without_losing_any(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class", output_rate=2048) as running:
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            await ada.run(":help", r"netsh>", timeout=60)
            text = (await ada.message("notice"))["text"]
            assert text == notices.OUTPUT_RATE.format(kb=2) and "--output-rate" in text
            out = await ada.run(":lab", r"XP1[\s\S]*netsh>", timeout=60)
            assert "SRV2" in out
            ada.close()

    asyncio.run(main())


def test_memory_bound_stops_a_session_with_a_clear_message(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class", memory_mb=64) as running:
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            text = (await ada.message("ended", timeout=60))["text"]
            assert text == notices.OUT_OF_MEMORY.format(mb=64) and "--memory" in text
            assert not running.server.terminals.terminals

    asyncio.run(main())


def test_guessing_the_class_code_is_stopped_for_a_while(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            for _ in range(10):
                t = WebTrainee(running.port)
                await t.join("Eve", code="guess")
                assert (await t.message("error"))["text"] == notices.BAD_CODE
            t = WebTrainee(running.port)
            await t.join("Eve")  # the right code, too late
            assert (await t.message("error"))["text"] == notices.TOO_MANY_CODES
            assert not running.server.terminals.terminals
            running.server.failures.clear()  # a minute later
            t = WebTrainee(running.port)
            await t.join("Eve")
            assert (await t.message("joined"))["name"] == "Eve"
            t.close()

    asyncio.run(main())


def test_one_server_per_class_folder(tmp_path: Path) -> None:
    from netshpy.serve.classroom import ClassError

    async def main() -> None:
        async with served(tmp_path / "class"):
            with pytest.raises(ClassError, match="another netshpy serve runs the class"):
                async with served(tmp_path / "class"):
                    pass
        async with served(tmp_path / "class"):  # released when the first stopped
            pass

    asyncio.run(main())
