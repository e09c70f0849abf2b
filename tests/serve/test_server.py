"""The class server end to end, in the test's event loop: REPLs in ptys, sockets, SSH, limits.

Each trainee's REPL is a real ``python -m netshpy --lab`` process, so these
tests take a few seconds; they assert what a trainee and the trainer see.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from pathlib import Path

import pytest

pytest.importorskip("tornado")
pytest.importorskip("terminado")

from tornado.httpclient import AsyncHTTPClient, HTTPClientError  # noqa: E402
from tornado.websocket import websocket_connect  # noqa: E402

from netshpy.serve import notices  # noqa: E402

from .classkit import CODE, SOLUTION, TOKEN, WebTrainee, served  # noqa: E402

PROMPT = r"\nnetsh>"
ITEM1 = r"Result: SRV1 -> XP1 ICMP: secured"


async def _get(port: int, path: str, **kw: object) -> tuple[int, str]:
    try:
        r = await AsyncHTTPClient().fetch(f"http://127.0.0.1:{port}{path}", **kw)  # type: ignore[arg-type]
    except HTTPClientError as exc:
        return exc.code, exc.response.body.decode() if exc.response else ""
    return r.code, r.body.decode()


def test_two_trainees_each_in_their_own_lab_and_the_trainer_sees_them(tmp_path: Path) -> None:
    os.environ["NETSHPY_TEST_SECRET"] = "must not reach a trainee"

    async def main() -> None:
        async with served(tmp_path / "class") as running:
            port = running.port
            trainer = await websocket_connect(f"ws://127.0.0.1:{port}/trainer/ws?token={TOKEN}")
            first = json.loads(await trainer.read_message())
            assert first["type"] == "class" and [i["number"] for i in first["lab"]["items"]] == [
                1,
                2,
                3,
                4,
                5,
            ]
            ada, bob = WebTrainee(port), WebTrainee(port)
            await ada.join("Ada")
            await bob.join("Bob")
            await ada.until(PROMPT)
            await bob.until(PROMPT)
            # Ada solves item 1; Bob only looks: nothing of Ada's reaches Bob's lab or screen.
            await ada.run(":capture start *", PROMPT)  # the capture exercise too
            await ada.run(SOLUTION, PROMPT)
            out = await ada.run(":ping SRV1 XP1", ITEM1)
            assert "Strong IKE" in out
            await ada.run(":ping SRV1 SRV2", r"SRV2 ICMP: secured")
            out = await bob.run(":ping SRV1 XP1", r"Result: SRV1 -> XP1 ICMP: failed")
            assert "mmsecmethods" not in bob.output and "secured" not in out
            # The trainer's table: Ada passed item 1, Bob did not.
            rows = {}
            while not rows.get("ada", {}).get("items", {}).get("5"):
                msg = json.loads(await asyncio.wait_for(trainer.read_message(), 20))
                if msg["type"] == "trainee":
                    rows[msg["row"]["key"]] = msg["row"]
            await bob.run(":check", r"2/6 points")
            while rows.get("bob", {}).get("checks", 0) < 1:
                msg = json.loads(await asyncio.wait_for(trainer.read_message(), 20))
                if msg["type"] == "trainee":
                    rows[msg["row"]["key"]] = msg["row"]
            assert rows["ada"]["score"] == 6 and rows["ada"]["sends"] == 2
            assert rows["bob"]["items"] == {
                "1": False,
                "2": True,
                "3": True,
                "4": False,
                "5": False,
            }
            assert rows["ada"]["online"] == 1 and rows["ada"]["last"] > 0
            # Each runs netshpy in a process of its own, never a shell, with a small environment.
            terms = running.server.terminals.terminals
            assert terms["ada"].ptyproc.pid != terms["bob"].ptyproc.pid
            for key in ("ada", "bob"):
                argv = Path(f"/proc/{terms[key].ptyproc.pid}/cmdline").read_bytes().split(b"\0")
                assert argv[1:5] == [
                    b"-m",
                    b"netshpy",
                    b"--lab",
                    str(running.server.terminals.lab).encode(),
                ]
                assert argv[6] == str(tmp_path / "class" / key).encode()
                env = Path(f"/proc/{terms[key].ptyproc.pid}/environ").read_bytes()
                assert b"NETSHPY_TEST_SECRET" not in env and b"NETSHPY_LAB_EVENTS=1" in env
            # Downloads: CSV and xAPI from the trainees' own result files.
            code, text = await _get(port, f"/trainer/results.csv?token={TOKEN}", request_timeout=60)
            assert code == 200
            rows = list(csv.DictReader(io.StringIO(text)))  # the instructor summary's columns
            assert [(r["learner"], r["score"], r["max"], r["completed"]) for r in rows] == [
                ("Ada", "6", "6", "yes"),
                ("Bob", "2", "6", "no"),
            ]
            assert [[r[f"item {n}"] for n in range(1, 6)] for r in rows] == [
                ["yes"] * 5,
                ["no", "yes", "yes", "no", "no"],
            ]
            assert [r["hints"] for r in rows] == ["0", "0"]
            assert float(rows[0]["minutes on task"]) >= 0 and rows[0]["last activity (UTC)"]
            code, text = await _get(
                port, f"/trainer/results.xapi.json?token={TOKEN}", request_timeout=60
            )
            statements = json.loads(text)
            assert [(s["actor"]["name"], s["verb"]["display"]["en-US"]) for s in statements] == [
                ("Ada", "passed"),
                ("Bob", "attempted"),
            ]
            # The trainer watches Ada read-only: output arrives, keystrokes are ignored.
            watch = await websocket_connect(
                f"ws://127.0.0.1:{port}/trainer/ws/watch/ada?token={TOKEN}"
            )
            assert json.loads(await watch.read_message())["type"] == "size"
            assert json.loads(await watch.read_message()) == {"type": "name", "name": "Ada"}
            assert "mmsecmethods" in json.loads(await watch.read_message())["data"]
            await watch.write_message(json.dumps({"type": "stdin", "data": ":reset\r"}))
            await ada.run(":lab", r"SRV1")
            assert ":reset" not in ada.output
            ada.close()
            bob.close()
            trainer.close()
            watch.close()

    asyncio.run(main())


def test_trainer_pages_are_refused_without_the_token(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            port = running.port
            for path in ("/trainer", "/trainer/watch/ada", "/trainer/results.csv"):
                code, body = await _get(port, path)
                assert code == 403 and "trainer token" in body
                assert (await _get(port, path + "?token=wrong"))[0] == 403
            assert (await _get(port, "/trainer/reset/ada", method="POST", body=""))[0] == 403
            assert (await _get(port, f"/trainer?token={TOKEN}"))[0] == 200
            assert (await _get(port, f"/trainer?token={CODE}"))[
                0
            ] == 403  # the class code is not it
            for path in ("/trainer/ws", "/trainer/ws/watch/ada"):
                ws = await websocket_connect(f"ws://127.0.0.1:{port}{path}")
                assert await ws.read_message() is None
                assert ws.close_code == 4403
            page, index = await _get(port, "/"), await _get(port, "/static/vendor/xterm.js")
            assert page[0] == 200 and index[0] == 200 and "xterm" in page[1]

    asyncio.run(main())


def test_wrong_code_and_bad_names_get_no_session(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            for name, code, text in [
                ("Ada", "wrong", notices.BAD_CODE),
                ("../../etc", CODE, "A name is"),
                ("a/b", CODE, "A name is"),
                (".serve", CODE, "A name is"),
            ]:
                t = WebTrainee(running.port)
                await t.join(name, code)
                assert (await t.message("error"))["text"].startswith(text[:9])
                await t.pump(5)
                assert t.closed
            assert not running.server.terminals.terminals
            assert sorted(p.name for p in (tmp_path / "class").iterdir()) == [".serve"]
            assert not (tmp_path / "etc").exists()

    asyncio.run(main())


def test_reconnect_resumes_and_a_restarted_server_resumes_every_lab(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            await ada.run(SOLUTION, PROMPT)
            await ada.run("ipsec static", r"netsh ipsec static>")
            ada.close()  # a closed tab: the REPL goes on
            await asyncio.sleep(0.2)
            again = WebTrainee(running.port)
            await again.join("ada")
            await again.until(r"netsh ipsec static>")  # the screen is replayed, context kept
            await again.run(":ping SRV1 XP1", ITEM1)
            again.close()
        async with served(tmp_path / "class") as running:
            # The trainer's table comes back from disk before anyone signs in again.
            row = running.server.classroom.trainee("ada")
            assert (row.name, row.items.get(1), row.sends) == ("Ada", True, 1)
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            await ada.run(":ping SRV1 XP1", ITEM1)  # the solution is still there
            for _ in range(300):  # the progress events are read periodically: up to 30 s
                if row.sends >= 2:
                    break
                await asyncio.sleep(0.1)
            assert row.sends >= 2 and row.items[1] is True and row.first > 0
            ada.close()

    asyncio.run(main())


def test_trainer_reset_puts_the_lab_back_at_its_start(tmp_path: Path) -> None:
    async def main() -> None:
        async with served(tmp_path / "class") as running:
            ada = WebTrainee(running.port)
            await ada.join("Ada")
            await ada.until(PROMPT)
            await ada.run(SOLUTION, PROMPT)
            await ada.run(":ping SRV1 XP1", ITEM1)
            code, _ = await _get(
                running.port, f"/trainer/reset/ada?token={TOKEN}", method="POST", body=""
            )
            assert code == 200
            ended = await ada.message("ended")
            assert (ended["text"], ended["kind"]) == (notices.RESET, "reset")
            assert running.server.classroom.trainee("ada").items == {}
            await ada.type("\r")  # Enter starts the lab again, fresh
            await ada.until(r"Lab: Diffie-Hellman", since=len(ada.output))
            await ada.run(":ping SRV1 XP1", r"ICMP: failed")
            await ada.type("exit\r")  # the trainee leaves netsh: the page stays, Enter is back
            ended = await ada.message("ended")
            assert (ended["text"], ended["kind"]) == (notices.SESSION_ENDED, "exit")
            ada.close()

    asyncio.run(main())


def test_ssh_reaches_the_same_session_with_the_class_code(tmp_path: Path) -> None:
    asyncssh = pytest.importorskip("asyncssh")

    async def main() -> None:
        async with served(tmp_path / "class", ssh=True) as running:
            web = WebTrainee(running.port)
            await web.join("Ada")
            await web.until(PROMPT)
            opts = {"username": "Ada", "known_hosts": None, "port": running.ssh_port}
            with pytest.raises(asyncssh.PermissionDenied):
                await asyncssh.connect("127.0.0.1", password="wrong", **opts)
            with pytest.raises(asyncssh.PermissionDenied):
                await asyncssh.connect("127.0.0.1", password=CODE, **{**opts, "username": "../x"})
            async with asyncssh.connect("127.0.0.1", password=CODE, **opts) as conn:
                with pytest.raises(asyncssh.ChannelOpenError):
                    await conn.run("id", term_type=None)  # a command is never run
                proc = await conn.create_process(term_type="xterm", term_size=(100, 30))
                proc.stdin.write(":lab\r")
                seen = ""
                while "XP1" not in seen:
                    seen += await asyncio.wait_for(proc.stdout.read(4096), 20)
                assert "trainee Ada" in seen
                await web.until(r"NAT|XP1")  # typed over SSH, seen in the browser: one session
                proc.close()
            web.close()

    asyncio.run(main())


def test_file_names_reach_only_the_trainees_own_folder(tmp_path: Path) -> None:
    from netshpy.serve import confine

    if not confine.abi():
        pytest.skip("this kernel has no Landlock")
    outside = tmp_path / "host"
    outside.mkdir()
    (outside / "secret.txt").write_text("ipsec static add policy name=LEAKED\n")

    async def main() -> None:
        async with served(tmp_path / "class") as running:
            assert running.server.terminals.confined
            bob, ada = WebTrainee(running.port), WebTrainee(running.port)
            await bob.join("Bob")
            await bob.until(PROMPT)
            await ada.join("Ada")
            await ada.until(PROMPT)
            lines = [
                f"ipsec static exportpolicy file={outside}/stolen",
                f":save {outside}/log.txt",
                f":result {outside}/result.json",
                f"exec {outside}/secret.txt",
                f"exec {tmp_path}/class/bob/lab.json",
                f"ipsec static importpolicy file={tmp_path}/class/.serve/class.json",
                "ipsec static exportpolicy file=mine",
            ]
            for line in lines:
                await ada.run(line, PROMPT)
            await ada.run("ipsec static show policy all", PROMPT)
            assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
            screen = ada.output
            assert "LEAKED" not in screen and "fingerprint" not in screen and CODE not in screen
            assert list((tmp_path / "class" / "ada").rglob("mine.ipsec"))  # its own folder works
            ada.close()
            bob.close()

    asyncio.run(main())
