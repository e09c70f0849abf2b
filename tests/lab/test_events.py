"""Progress events (NETSHPY_LAB_EVENTS): what a watcher of a lab folder reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netshpy.lab.events import FILE
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file

FIX = 'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 3DES-SHA1-2"'


def _events(lab: Lab) -> list[dict]:
    path = lab.root / FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_nothing_is_written_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETSHPY_LAB_EVENTS", raising=False)
    with Lab.from_file(find_lab_file("dh2048"), tmp_path / "lab", deterministic=True) as lab:
        session = lab.session()
        for line in (":check", ":hint", ":ping SRV1 XP1"):
            session.execute(line)
        assert not (lab.root / FILE).exists()


def test_check_hint_send_and_reset_each_write_the_grade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSHPY_LAB_EVENTS", "1")
    with Lab.from_file(find_lab_file("dh2048"), tmp_path / "lab", deterministic=True) as lab:
        session = lab.session()
        for line in (":check", ":hint", FIX, ":ping SRV1 XP1", ":send SRV1 XP1 tcp 445"):
            assert session.execute(line).ok, line
        events = _events(lab)
        assert [e["event"] for e in events] == ["check", "hint", "send", "send"]
        assert {e["format"] for e in events} == {"netshpy-lab-events/1"}
        check, hinted, ping = events[0], events[1], events[2]
        assert (check["score"], check["total"], check["hints"]) == (2, 6, 0)
        assert check["items"][0] == {"number": 1, "passed": False, "hints": 0}
        assert (hinted["item"], hinted["hints"], hinted["items"][0]["hints"]) == (None, 1, 1)
        assert ping["summary"] == "SRV1 -> XP1 ICMP: secured"
        assert (ping["score"], ping["items"][0]["passed"]) == (4, True)  # the send graded the lab
        assert ping["time"].endswith("+00:00")  # real time, not the lab's fixed clock
        session.execute(":reset")
        (reset,) = _events(lab)  # the reset wiped the folder: the file starts again
        assert (reset["event"], reset["score"], reset["hints"]) == ("reset", 2, 1)
