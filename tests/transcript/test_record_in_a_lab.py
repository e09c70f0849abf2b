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


def test_recordings_made_at_another_computer_replay_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --connect XP1 (or :connect SRV2, then :record) recorded XP1's lines with no trace of
    # XP1: replay started at SRV1, the lab's start, and 'hostname' said SRV1.
    import io

    from netshpy.command_line import Options
    from netshpy.lab_cli import run_lab_prompt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("hostname\nipseccmd show filters\nexit\n"))
    monkeypatch.setattr("sys.stdout", io.StringIO())
    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path / "lab", fresh=True, deterministic=True)
    try:
        run_lab_prompt(lab, "XP1", Options(record=str(tmp_path / "xp1.txt")))
        session = lab.session("SRV2")
        attach_log(session)
        session.execute(":record srv2.txt")
        assert session.execute("ipsec static show store").ok
        session.execute(":record off")
        session.execute(":save srv2-saved.txt")
        session.close()
    finally:
        lab.close()
    xp1 = (tmp_path / "xp1.txt").read_text()
    assert "#! lab: dh2048\n#! connect: XP1\n" in xp1 and "C:\\>hostname\nXP1\n" in xp1
    for name in ("xp1.txt", "srv2.txt", "srv2-saved.txt"):
        outcome = replay_file(tmp_path / name)
        assert outcome.ok, name
    assert "#! connect: SRV2\n" in (tmp_path / "srv2.txt").read_text()
    assert "Local Store <SRV2>" in (tmp_path / "srv2.txt").read_text()


@pytest.mark.parametrize(
    ("head", "said"),
    [
        ("#! connect: XP1\n", "it needs a '#! lab:' header"),
        ("#! lab: dh2048\n#! connect: NOSUCH\n", "the lab has no computer NOSUCH"),
        ("#! lab: dh2048\n#! connect: a b\n", "not a valid computer name"),
    ],
)
def test_a_bad_connect_header_names_its_line(tmp_path: Path, head: str, said: str) -> None:
    from netshpy.transcript.format import TranscriptError

    path = tmp_path / "t.txt"
    path.write_text(head + "netsh>show mode\nonline\n")
    with pytest.raises(TranscriptError, match=said) as info:
        replay_file(path)
    assert f"t.txt:{head.count(chr(10))}:" in str(info.value)
