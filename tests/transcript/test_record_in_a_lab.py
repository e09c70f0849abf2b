"""A session recorded in a lab replays in that lab (its header says which)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file
from netshpy.transcript.record import attach_log
from netshpy.transcript.replay import replay_file


def test_record_and_save_in_a_lab_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Recorded with "#! computer-name: SRV1", :check replayed as "no lab is loaded".
    # Relative names: the saved transcript's ':record' line replays in the scratch folder
    # (an absolute path outside it is refused on replay).
    monkeypatch.chdir(tmp_path)
    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path / "lab", fresh=True, deterministic=True)
    try:
        session = lab.session()
        attach_log(session)  # as every interactive front end does
        session.execute(":record rec.txt")
        for line in ("ipsec static show policy all", ":check", ":ping SRV1 SRV2"):
            assert session.execute(line).ok, line
        session.execute(":record off")
        session.execute(":save saved.txt")
        session.close()
    finally:
        lab.close()
    for name in ("rec.txt", "saved.txt"):
        text = (tmp_path / name).read_text()
        assert "#! lab: dh2048\n" in text and "computer-name" not in text, name
        outcome = replay_file(tmp_path / name)
        assert outcome.ok and len(outcome.steps) >= 3, name


def test_record_at_a_labs_command_prompt(tmp_path: Path, monkeypatch) -> None:
    # --record in a lab that starts at a C:\> prompt wrote no file at all.
    import io

    from netshpy.command_line import Options
    from netshpy.lab_cli import run_lab_prompt

    typed = "ver\n:check\nnetsh\nshow mode\nexit\nhostname\nexit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    monkeypatch.setattr("sys.stdout", io.StringIO())
    lab = Lab.from_file(
        find_lab_file("block-445"), tmp_path / "lab", fresh=True, deterministic=True
    )
    try:
        run_lab_prompt(lab, "W2K", Options(record=str(tmp_path / "rec.txt")))
    finally:
        lab.close()
    text = (tmp_path / "rec.txt").read_text()
    assert text.count("C:\\>") == 5 and "netsh>show mode\nonline\nnetsh>exit\n\nC:\\>" in text
    outcome = replay_file(tmp_path / "rec.txt")
    assert outcome.ok and len(outcome.steps) == 7
