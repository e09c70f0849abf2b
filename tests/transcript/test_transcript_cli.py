"""netshpy --replay / --update / --export-cast, recording, :save and :record."""

from __future__ import annotations

import io
import json

import pytest

from netshpy.cli import main
from netshpy.modes import plain_reader
from netshpy.session import Session
from netshpy.transcript.format import parse
from netshpy.transcript.record import Recorder, attach_log
from netshpy.transcript.replay import load, replay

GOOD = "#| teaches show mode\nnetsh>show mode\nonline\n"
BAD = "#| teaches show mode\nnetsh>show mode\noffline\n"


@pytest.fixture
def files(tmp_path):
    def make(**texts: str):
        paths = {}
        for name, text in texts.items():
            path = tmp_path / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            paths[name] = path
        return paths

    return make


def test_replay_passes(files, capsys):
    paths = files(good=GOOD)
    assert main(["--replay", str(paths["good"])]) == 0
    out = capsys.readouterr().out
    assert "good.txt: ok (1 commands)" in out
    assert "1 passed, 0 failed" in out


def test_replay_mismatch_prints_diff_with_line_numbers(files, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    paths = files(bad=BAD)
    assert main(["--replay", str(paths["bad"])]) == 1
    out = capsys.readouterr().out
    assert f"{paths['bad']}:2: netsh>show mode" in out
    assert "- 3 | offline" in out
    assert "+   | online" in out
    assert "\x1b[" not in out  # not a terminal: plain


def test_missing_expectation_tells_to_update(files, capsys):
    paths = files(m="netsh>show mode\n")
    assert main(["--replay", str(paths["m"])]) == 1
    assert "run with --update" in capsys.readouterr().out
    assert paths["m"].read_text() == "netsh>show mode\n"


def test_update_after_the_files_rewrites_in_place(files, capsys):
    paths = files(bad=BAD, m="netsh>show mode\n")
    assert main(["--replay", str(paths["bad"]), str(paths["m"]), "--update"]) == 0
    assert paths["bad"].read_text() == GOOD
    assert paths["m"].read_text() == "netsh>show mode\nonline\n"
    assert "0 passed, 2 updated, 0 failed" in capsys.readouterr().out
    assert main(["--replay", str(paths["bad"]), str(paths["m"])]) == 0


def test_update_before_replay_works_too(files):
    paths = files(bad=BAD)
    assert main(["--update", "--replay", str(paths["bad"])]) == 0
    assert paths["bad"].read_text() == GOOD


def test_globs_and_folders(files, tmp_path, capsys):
    files(a=GOOD, b=GOOD)
    assert main(["--replay", str(tmp_path / "*.txt")]) == 0
    assert "2 passed" in capsys.readouterr().out
    assert main(["--replay", str(tmp_path)]) == 0
    assert "2 passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv_tail",
    [["nothing-here-*.txt"], ["missing.txt"]],
)
def test_no_such_transcript(argv_tail, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--replay", *argv_tail]) == 2


def test_bad_header_is_reported_not_raised(files, capsys):
    paths = files(h="#! colour: red\nnetsh>show mode\nonline\n")
    assert main(["--replay", str(paths["h"])]) == 2
    assert ":1: unknown header line" in capsys.readouterr().out


def test_file_without_prompt_is_an_error(files, capsys):
    paths = files(e="just text\n")
    assert main(["--replay", str(paths["e"])]) == 2
    assert "no prompt line" in capsys.readouterr().out


def test_unknown_option_after_files(files, capsys):
    paths = files(good=GOOD)
    assert main(["--replay", str(paths["good"]), "--bogus"]) == 2


def test_options_after_files_apply(files):
    paths = files(h="C:\\>hostname\nLAB7\n")
    assert main(["--replay", str(paths["h"]), "--computer-name", "LAB7"]) == 0


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_and_not_with_no_color(files, monkeypatch):
    from netshpy.command_line import parse_args
    from netshpy.replay_cli import replay_main

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    paths = files(bad=BAD)
    tty = _Tty()
    assert replay_main(parse_args(["--replay", str(paths["bad"])]), out=tty) == 1
    assert "\x1b[" in tty.getvalue()
    for argv, env in ((["--no-color"], None), ([], "1")):
        if env:
            monkeypatch.setenv("NO_COLOR", env)
        tty = _Tty()
        replay_main(parse_args(["--replay", str(paths["bad"]), *argv]), out=tty)
        assert "\x1b[" not in tty.getvalue()
        assert "- 3 | offline" in tty.getvalue()


def test_export_cast(files, tmp_path, capsys):
    paths = files(c=GOOD + "netsh>ipsec\nnetsh ipsec>exit\n")
    cast = tmp_path / "c.cast"
    assert main(["--export-cast", str(paths["c"]), str(cast)]) == 0
    lines = cast.read_text().splitlines()
    head = json.loads(lines[0])
    assert head["version"] == 2 and head["width"] == 80
    events = [json.loads(line) for line in lines[1:]]
    markers = [e[2] for e in events if e[1] == "m"]
    assert markers == ["show mode", "ipsec", "exit"]
    times = [e[0] for e in events]
    assert times == sorted(times)
    shown = "".join(e[2] for e in events if e[1] == "o")
    assert shown.startswith("netsh>show mode\r\nonline\r\nnetsh>ipsec")
    again = tmp_path / "d.cast"
    main(["--export-cast", str(paths["c"]), str(again)])
    assert again.read_text() == cast.read_text()


def test_export_cast_errors(tmp_path, capsys):
    assert main(["--export-cast", str(tmp_path / "none.txt"), str(tmp_path / "o.cast")]) == 2
    assert main(["--export-cast", "only-one"]) == 2


def test_record_from_the_plain_reader_replays(host, tmp_path, capsys):
    path = tmp_path / "rec.txt"
    session = Session(host)
    stdin = io.StringIO('show mode\nipsec\n?\nalias k "psk=topsecret"\nalias k\nbad\nexit\n')
    plain_reader(session, stdin, record=str(path))
    text = path.read_text()
    assert text.startswith("#| Recorded with netshpy")
    assert "#! computer-name: WIN2003" in text
    assert 'netsh ipsec>alias k "psk=***"' in text
    assert "topsecret" not in text
    assert "netsh ipsec>bad\nThe following command was not found: bad.\n" in text
    assert replay(load(path)).ok


def test_recorder_without_prompt_uses_the_log(host, tmp_path):
    session = Session(host)
    attach_log(session)
    rec = Recorder(tmp_path / "r.txt")
    for line in ("ipsec", "show mode"):
        result = session.execute(line)
        rec.add(session, line, result.output)
    rec.close()
    assert "netsh>ipsec\nnetsh ipsec>show mode\nonline\n" in (tmp_path / "r.txt").read_text()


def test_recorder_on_an_unwritable_path_warns_once(host, tmp_path, capsys):
    session = Session(host)
    rec = Recorder(tmp_path / "no" / "such" / "dir" / "r.txt")
    rec.add(session, "show mode", "online\n", prompt="netsh>")
    rec.add(session, "show mode", "online\n", prompt="netsh>")
    rec.close()
    assert capsys.readouterr().err.count("cannot write") == 1


def test_save_writes_the_session_so_far(host, tmp_path):
    session = Session(host)
    attach_log(session)
    for line in ("ipsec", "static", "show mode", "..", "pushd dynamic", "popd"):
        session.execute(line)
    path = tmp_path / "saved.txt"
    result = session.execute(f":save {path}")
    assert result.ok and "6 commands saved" in result.output
    transcript = load(path)
    assert [s.prompt_line() for s in transcript.steps][:3] == [
        "netsh>ipsec",
        "netsh ipsec>static",
        "netsh ipsec static>show mode",
    ]
    assert replay(transcript).ok


def test_save_usage_and_write_errors(session, tmp_path):
    assert not session.execute(":save").ok
    bad = session.execute(f":save {tmp_path / 'no' / 'dir' / 'x.txt'}")
    assert not bad.ok and "cannot write" in bad.output


def test_record_command_on_and_off(session, tmp_path):
    path = tmp_path / "r.txt"
    assert "recording to" in session.execute(f":record {path}").output
    session.execute("show mode")
    session.execute("ipsec")
    assert "recording stopped" in session.execute(":record off").output
    session.execute("show mode")
    steps = [s.prompt_line() for s in load(path).steps]
    assert steps == ["netsh>show mode", "netsh>ipsec"]
    assert session.execute(":record off").output.startswith("netshpy: not recording")


def test_record_command_unwritable(session, tmp_path):
    result = session.execute(f":record {tmp_path / 'no' / 'dir' / 'r.txt'}")
    assert not result.ok and "cannot write" in result.output


def test_parse_of_recorded_escape(host, tmp_path):
    session = Session(host)
    path = tmp_path / "e.txt"
    rec = Recorder(path)
    rec.add(session, 'alias a "netsh>x"', "", prompt="netsh>")
    rec.add(session, "alias a", "netsh>x\n", prompt="netsh>")
    rec.close()
    transcript = parse(path.read_text())
    assert len(transcript.steps) == 2
    assert replay(transcript).ok
