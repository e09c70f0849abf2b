"""The class folder: trainee names never leave it; progress events; codes kept across starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("tornado")

from netshpy.lab.shipped import find_lab_file  # noqa: E402
from netshpy.serve.classroom import ClassError, Classroom, trainee_key  # noqa: E402

BAD_NAMES = ["", ".", "..", "../x", "a/b", "a\\b", ".hidden", "a..b", "x" * 33, "a b", "é", "a\x00"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_that_could_leave_the_class_folder_are_refused(name: str) -> None:
    with pytest.raises(ClassError):
        trainee_key(name)


def test_a_name_is_one_folder_directly_inside_the_class(tmp_path: Path) -> None:
    room = Classroom(tmp_path / "class", find_lab_file("dh2048"))
    assert trainee_key("Ada.L-1_x") == "ada.l-1_x"
    assert room.folder("Ada") == (tmp_path / "class" / "ada").resolve()
    for name in BAD_NAMES:
        with pytest.raises(ClassError):
            room.folder(name)


def test_code_and_token_survive_a_restart_and_another_lab_is_refused(tmp_path: Path) -> None:
    first = Classroom(tmp_path / "class", find_lab_file("dh2048"))
    again = Classroom(tmp_path / "class", find_lab_file("dh2048"))
    assert (again.code, again.trainer_token) == (first.code, first.trainer_token)
    assert len(first.code) == 14 and first.trainer_token
    with pytest.raises(ClassError, match="holds the class of lab 'dh2048'"):
        Classroom(tmp_path / "class", find_lab_file("nat-t"))


def _event(kind: str, **data: object) -> str:
    return json.dumps({"format": "netshpy-lab-events/1", "event": kind, **data}) + "\n"


def test_progress_events_are_read_as_they_come_and_after_a_lab_reset(tmp_path: Path) -> None:
    room = Classroom(tmp_path / "class", find_lab_file("dh2048"))
    (tmp_path / "class" / "ada").mkdir()
    events = tmp_path / "class" / "ada" / "events.jsonl"
    t = room.trainee("ada")
    items = [{"number": 1, "passed": False}, {"number": 2, "passed": True}]
    events.write_text(_event("check", score=1, total=3, items=items) + _event("hint", item=1))
    assert room.read_events("ada")
    assert (t.items, t.score, t.total, t.hints, t.checks) == ({1: False, 2: True}, 1, 3, 1, 1)
    assert not room.read_events("ada")  # nothing new
    with events.open("a") as out:
        out.write(_event("send", score=3, total=3, items=[{"number": 1, "passed": True}]))
        out.write('{"event": "check", "items": [')  # a line still being written
    assert room.read_events("ada")
    assert (t.items[1], t.score, t.sends, t.checks) == (True, 3, 1, 1)
    events.write_text(_event("reset"))  # the lab wiped its folder: the file starts again
    assert room.read_events("ada")
    assert (t.items, t.score) == ({}, 0)


def test_time_on_task_counts_short_pauses_only_and_is_kept(tmp_path: Path) -> None:
    room = Classroom(tmp_path / "class", find_lab_file("dh2048"))
    t = room.trainee("Ada")
    for now in (1000.0, 1010.0, 1070.0, 5000.0, 5030.0):  # one long pause
        t.touch(now)
    assert (t.first, t.last, t.active) == (1000.0, 5030.0, 100.0)
    room.save_activity()
    again = Classroom(tmp_path / "class", find_lab_file("dh2048")).trainee("ada")
    assert (again.name, again.first, again.last, again.active) == ("Ada", 1000.0, 5030.0, 100.0)


def test_the_one_shot_path_never_imports_the_classroom(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = (
        "import io, sys\n"
        "from netshpy.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        "main(['--state-dir', sys.argv[1], 'ipsec', 'static', 'show', 'store'])\n"
        "print([m for m in ('netshpy.serve', 'tornado', 'terminado', 'asyncssh') if m in sys.modules],"
        " file=sys.__stdout__)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_serve_usage_errors_are_messages_not_tracebacks(capsys: pytest.CaptureFixture) -> None:
    from netshpy.cli import main

    assert main(["serve", "--lab", "no-such-lab"]) == 2
    err = capsys.readouterr().err
    assert "no-such-lab" in err and "shipped labs:" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", "x"])
    assert stop.value.code == 2
