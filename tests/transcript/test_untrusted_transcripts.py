"""Issue 12, item 6: replaying a transcript runs someone else's file.

Its files stay in the replay's scratch folder (netsh paths on the emulated
drives, the host paths of ``:`` commands through netshpy.hostfiles), its
``#! lab:`` header opens only files in the transcript's folder tree or a
shipped lab, and its patterns cannot hang the replay.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from netshpy import hostfiles, messages
from netshpy.cli import main
from netshpy.transcript import report, timed_match
from netshpy.transcript.format import TranscriptError, parse, parse_expect
from netshpy.transcript.replay import replay, run_steps, updated_text

PLUGIN = ("-p", "netshpy.transcript.pytest_collect", "-p", "no:cacheprovider")
CONFINED = messages.HOST_PATH_CONFINED
LAB_TOML = """\
[lab]
name = "Two computers"
start = "A"

[[network]]
name = "lan"
subnet = "10.0.0.0/24"

[[computer]]
name = "A"
os = "2003"
addresses = ["10.0.0.1"]

[[computer]]
name = "B"
os = "2003"
addresses = ["10.0.0.2"]
"""


@pytest.fixture
def scratch_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Replays make their scratch folder at ``tmp_path/tmp/netshpy-replay-*/files``,
    so ``../../../x`` from it is ``tmp_path/x``: an escape shows up as that file."""
    parent = tmp_path / "tmp"
    parent.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(parent))
    return parent


def outputs(text: str, path: str = "<transcript>") -> list[str]:
    """What each input line printed when *text* replays."""
    return [output for _step, _prompt, output in run_steps(parse(text, path))]


def left_outside(tmp_path: Path) -> list[str]:
    """The files a replay left in *tmp_path* besides its own folders."""
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in ("tmp", "in"))


# ---- host paths of ':' commands ---------------------------------------------


@pytest.mark.parametrize("command", [":save", ":script", ":record"])
@pytest.mark.parametrize("where", ["../../../escaped.txt", "ABSOLUTE"])
def test_transcript_commands_write_nothing_outside_the_scratch_folder(
    tmp_path: Path, scratch_parent: Path, command: str, where: str
) -> None:
    target = str(tmp_path / "escaped.txt") if where == "ABSOLUTE" else where
    out = outputs(f"netsh>show mode\nnetsh>{command} {target}\nnetsh>show mode\n")
    assert out[1] == messages.TRANSCRIPT_CANNOT_WRITE.format(path=target, error=CONFINED) + "\n"
    assert left_outside(tmp_path) == []


def test_copy_reads_no_host_file_outside_the_scratch_folder(tmp_path: Path) -> None:
    """``:copy host:/etc/passwd C:\\p.txt`` then ``exec C:\\p.txt`` showed the file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET\n")
    out = outputs(
        f"netsh>:copy host:{secret} C:\\p.txt\nnetsh>exec C:\\p.txt\nnetsh>exec {secret}\n"
    )
    assert out[0] == messages.COPY_FAILED.format(path=secret, error=CONFINED) + "\n"
    assert "TOP-SECRET" not in "".join(out)


EXPORT = "netsh>ipsec static exportpolicy file=C:\\a\n"


def test_copy_writes_no_host_file_outside_the_scratch_folder(
    tmp_path: Path, scratch_parent: Path
) -> None:
    out = outputs(
        EXPORT
        + f"netsh>:copy C:\\a.ipsec host:{tmp_path / 'copied.ipsec'}\n"
        + "netsh>:copy C:\\a.ipsec host:../../../copied2.ipsec\n"
    )
    assert out[0] == "" and CONFINED in out[1] and CONFINED in out[2]
    assert left_outside(tmp_path) == []


def test_host_files_inside_the_scratch_folder_still_work() -> None:
    """Relative names stay usable: save, record, script, copy out and back."""
    out = outputs(
        "netsh>:save t.txt\n"
        "netsh>:record r.txt\n"
        "netsh>:record off\n"
        "netsh>:script sub/../s.txt\n" + EXPORT + "netsh>:copy C:\\a.ipsec host:a.ipsec\n"
        "netsh>:copy host:a.ipsec C:\\b.ipsec\n"
        "netsh>ipsec static importpolicy file=C:\\b.ipsec\n"
    )
    assert out[0] == messages.TRANSCRIPT_SAVED.format(count=0, path="t.txt") + "\n"
    assert out[1] == messages.TRANSCRIPT_RECORDING.format(path="r.txt") + "\n"
    assert "s.txt" in out[3] and CONFINED not in "".join(out)
    assert out[5] == messages.COPY_DONE.format(source="C:\\a.ipsec", target="a.ipsec") + "\n"
    assert out[6].startswith("netshpy: copied a.ipsec") and out[7] == ""


def test_config_reads_no_user_file_during_a_replay() -> None:
    out = outputs("netsh>:config\n")
    assert out[0].startswith("netshpy: cannot read ") and CONFINED in out[0]


def test_a_symlink_in_the_folder_that_points_outside_counts_as_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    (root / "file-link").symlink_to(outside / "x.txt")
    (root / "ok").mkdir()
    with hostfiles.confined(root):
        for name in ("link/x.txt", "file-link", str(outside / "x.txt"), "../outside/x.txt"):
            with pytest.raises(hostfiles.OutsideFolder) as caught:
                hostfiles.host_path(name)
            assert caught.value.strerror == CONFINED
        assert hostfiles.host_path("ok/y.txt") == (root / "ok" / "y.txt").resolve()
    assert hostfiles.host_path("../anywhere") == Path("../anywhere")  # not confined


def test_capture_and_result_files_stay_in_the_scratch_folder(
    tmp_path: Path, scratch_parent: Path
) -> None:
    pytest.importorskip("scapy")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lab.toml").write_text(LAB_TOML)
    out = outputs(
        "#! lab: lab.toml\n"
        "netsh>:capture start\n"
        "netsh>:ping B\n"
        f"netsh>:capture save {tmp_path / 'x.pcap'}\n"
        "netsh>:capture save ../../../y.pcap\n"
        f"netsh>:result {tmp_path / 'r.json'}\n"
        "netsh>:capture save inside.pcap\n"
        "netsh>:result inside.json\n",
        str(folder / "t.txt"),
    )
    assert all(CONFINED in line for line in out[2:5]), out
    assert CONFINED not in out[5] + out[6]
    assert left_outside(tmp_path) == []


# ---- netsh file names: Windows paths on the emulated drives ------------------


@pytest.mark.parametrize(
    "line",
    [
        "exportpolicy file=../../../../../../../../{out}/x",
        "exportpolicy file={out}/x",
        "exportpolicy file=C:\\..\\..\\..\\..\\{out}\\x",
        "importpolicy file={secret}",
        "exec {secret}",
    ],
)
def test_netsh_file_names_never_reach_host_files(tmp_path: Path, line: str) -> None:
    secret = tmp_path / "secret.ipsec"
    secret.write_text("TOP-SECRET\n")
    typed = line.format(out=str(tmp_path).lstrip("/"), secret=secret)
    if typed.startswith("exportpolicy file=" + str(tmp_path).lstrip("/")):
        typed = line.format(out=tmp_path, secret=secret)
    out = outputs(
        f"netsh>ipsec static\nnetsh ipsec static>add policy name=P\nnetsh ipsec static>{typed}\n"
    )
    assert out[2] == "The system cannot find the path specified.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.ipsec"]


# ---- the #! lab: header --------------------------------------------------------


def lab_transcript(folder: Path, lab: str) -> Path:
    path = folder / "t.txt"
    path.write_text(f"#| a lab transcript\n#! lab: {lab}\nnetsh>:lab\n...\n")
    return path


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "symlinked-folder"])
def test_a_lab_header_outside_the_transcripts_folder_is_refused_unopened(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "lab.toml").write_text(LAB_TOML)  # a valid lab: the old code loaded it
    name = {
        "absolute": str(elsewhere / "lab.toml"),
        "dotdot": "../elsewhere/lab.toml",
        "symlink": "lab.toml",
        "symlinked-folder": "labs/lab.toml",
    }[how]
    if how == "symlink":
        (folder / "lab.toml").symlink_to(elsewhere / "lab.toml")
    if how == "symlinked-folder":
        (folder / "labs").symlink_to(elsewhere)
    opened: list[str] = []
    real_read = Path.read_bytes

    def spy(self: Path) -> bytes:
        opened.append(str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    transcript = lab_transcript(folder, name)
    with pytest.raises(TranscriptError) as caught:
        replay(parse(transcript.read_text(), str(transcript)))
    assert caught.value.lineno == 2
    assert caught.value.message == messages.TRANSCRIPT_LAB_OUTSIDE.format(name=name)
    assert not any("lab.toml" in p for p in opened)


def test_etc_shadow_as_a_lab_is_refused_by_the_cli(tmp_path: Path, capsys) -> None:
    transcript = lab_transcript(tmp_path, "/etc/shadow")
    assert main(["--replay", str(transcript), "--no-color"]) == 2
    said = capsys.readouterr()
    assert f"{transcript}:2: " + messages.TRANSCRIPT_LAB_OUTSIDE.format(name="/etc/shadow") in (
        said.out + said.err
    )


def test_lab_files_in_the_transcripts_tree_and_shipped_labs_replay(tmp_path: Path) -> None:
    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "mine.toml").write_text(LAB_TOML)
    for name in (
        "labs/mine.toml",
        str(tmp_path / "labs" / "mine.toml"),
        "dh2048",
        "labs/dh2048.toml",
    ):
        transcript = lab_transcript(tmp_path, name)
        assert replay(parse(transcript.read_text(), str(transcript))).ok, name


def test_a_missing_lab_names_its_header_line(tmp_path: Path) -> None:
    transcript = lab_transcript(tmp_path, "nowhere.toml")
    with pytest.raises(TranscriptError) as caught:
        replay(parse(transcript.read_text(), str(transcript)))
    assert caught.value.lineno == 2
    assert caught.value.message == messages.TRANSCRIPT_LAB_MISSING.format(name="nowhere.toml")


# ---- the pytest-collected path ---------------------------------------------------


def test_collected_transcripts_are_confined_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nnetshpy_transcripts = transcripts/*.txt\n")
    outside = pytester.path / "escaped.txt"
    pytester.makefile(
        ".txt",
        **{
            "transcripts/save": f"netsh>:save {outside}\n"
            + messages.TRANSCRIPT_CANNOT_WRITE.format(path=outside, error=CONFINED)
            + "\n",
            "transcripts/lab": "#! lab: /etc/shadow\nnetsh>:lab\n",
        },
    )
    result = pytester.runpytest(*PLUGIN, "transcripts")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*lab.txt:1: '#! lab: /etc/shadow' is outside*"])
    assert not outside.exists()
    assert "Traceback" not in result.stdout.str()


def test_the_working_directory_and_confinement_are_restored(tmp_path: Path) -> None:
    here = os.getcwd()
    outputs("netsh>show mode\n")
    assert os.getcwd() == here and hostfiles.confinement() is None


def test_a_recording_names_its_own_lab_relative_to_the_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lab of one's own is written relative to the transcript, so the recording replays."""
    from netshpy.lab.runtime import Lab
    from netshpy.transcript.record import attach_log
    from netshpy.transcript.replay import replay_file

    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "mine.toml").write_text(LAB_TOML)
    monkeypatch.chdir(tmp_path)
    lab = Lab.from_file(tmp_path / "labs" / "mine.toml", tmp_path / "root", deterministic=True)
    try:
        session = lab.session()
        attach_log(session)
        assert session.execute(":ping B").ok
        session.execute(":save saved.txt")
        session.close()
    finally:
        lab.close()
    assert "#! lab: labs/mine.toml\n" in (tmp_path / "saved.txt").read_text()
    assert replay_file(tmp_path / "saved.txt").ok


# ---- patterns: matching is bounded in time --------------------------------------

EVIL = (
    "netsh>"
    + "a" * 40
    + "\nThe following command was not found: (a+)+b\\. (re)\nnetsh>show mode\nonline\n"
)


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> float:
    """A short limit keeps these tests quick; the patterns below never finish anyway."""
    monkeypatch.setattr(timed_match, "LIMIT_SECONDS", 0.2)
    return 0.2


def test_a_catastrophic_pattern_fails_its_line_instead_of_hanging(short_limit: float) -> None:
    outcome = replay(parse(EVIL, "evil.txt"))
    assert [s.ok for s in outcome.steps] == [False, True]
    expect = outcome.steps[0].expects[0]
    assert expect.timed_out == short_limit
    note = f"line 2: {messages.TRANSCRIPT_REGEX_TIMEOUT.format(seconds=short_limit)}"
    assert ("note", None, note) in report.rows(outcome)
    assert "aaaa." in updated_text(outcome)  # --update replaces the line by the output


def test_globs_and_placeholders_are_bounded_too(short_limit: float) -> None:
    line = "a" * 400
    for raw in ("*a" * 12 + "b (glob)", "[[ANY]]a" * 12 + "b"):
        expect = parse_expect(1, raw)
        assert not expect.matches(line) and expect.timed_out == short_limit, raw


def test_the_timer_path_restores_the_signal_handler_and_timer() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(timed_match.PatternTimeout):
        timed_match.fullmatch(re.compile(r"(a+)+b"), "a" * 40, 0.1)
    assert timed_match.fullmatch(re.compile(r"a+b"), "aab", 0.1)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_worker_path_bounds_matches_off_the_main_thread() -> None:
    """Off the main thread no signal can interrupt ``re``: a worker process is killed."""
    results: list[object] = []

    def run() -> None:
        for pattern, line in ((r"(a+)+b", "a" * 40), (r"a+b", "aab"), (r"x\u00e9", "x\u00e9")):
            try:
                results.append(timed_match.fullmatch(re.compile(pattern), line, 0.5))
            except timed_match.PatternTimeout as exc:
                results.append(exc.seconds)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert results == [0.5, True, True]


def test_the_worker_path_is_used_when_another_timer_runs() -> None:
    import signal

    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.setitimer(signal.ITIMER_REAL, 1000)  # someone else's timer: left alone
    try:
        with pytest.raises(timed_match.PatternTimeout):
            timed_match.fullmatch(re.compile(r"(a+)+b"), "a" * 40, 0.5)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 1000
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_cli_reports_a_catastrophic_pattern_and_goes_on(tmp_path: Path) -> None:
    """The default limit, through ``netshpy --replay`` in its own process."""
    path = tmp_path / "evil.txt"
    path.write_text(EVIL)
    done = subprocess.run(
        [sys.executable, "-m", "netshpy", "--replay", str(path), "--no-color"],
        capture_output=True,
        text=True,
        timeout=300,  # only a guard against the old endless replay
        check=False,
    )
    assert done.returncode == 1
    seconds = timed_match.LIMIT_SECONDS
    assert f"line 2: {messages.TRANSCRIPT_REGEX_TIMEOUT.format(seconds=seconds)}" in done.stdout
    assert "FAILED (1 of 2 commands differ)" in done.stdout


def test_collected_transcripts_bound_their_patterns(
    pytester: pytest.Pytester, short_limit: float
) -> None:
    pytester.makeini("[pytest]\nnetshpy_transcripts = transcripts/*.txt\n")
    pytester.makefile(".txt", **{"transcripts/evil": EVIL})
    result = pytester.runpytest(*PLUGIN, "transcripts")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*line 2: pattern took longer than 0.2 s*"])


def test_a_labs_setup_lines_are_confined_too(tmp_path: Path, scratch_parent: Path) -> None:
    """A lab file beside a transcript is as untrusted: its setup runs in the confinement."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET\n")
    folder = tmp_path / "in"
    folder.mkdir()
    for setup in (f":copy host:{secret} C:\\\\p.txt", f":save {tmp_path / 'saved.txt'}"):
        lab = LAB_TOML.replace(
            'addresses = ["10.0.0.1"]', f'addresses = ["10.0.0.1"]\nsetup = ["{setup}"]'
        )
        (folder / "lab.toml").write_text(lab)
        transcript = lab_transcript(folder, "lab.toml")
        with pytest.raises(TranscriptError) as caught:
            replay(parse(transcript.read_text(), str(transcript)))
        assert CONFINED in caught.value.message, setup
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "secret.txt", "tmp"]


def test_domain_stores_stay_out_of_netshpy_domain_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NETSHPY_DOMAIN_DIR names the user's shared domain stores: a replay leaves them alone."""
    shared = tmp_path / "shared-domains"
    shared.mkdir()
    monkeypatch.setenv("NETSHPY_DOMAIN_DIR", str(shared))
    out = outputs(
        "netsh>ipsec static\n"
        "netsh ipsec static>set store location=domain domain=corp.example\n"
        "netsh ipsec static>add policy name=FromATranscript\n"
        "netsh ipsec static>show policy all\n"
    )
    assert "FromATranscript" in out[3]
    assert list(shared.iterdir()) == []


def test_a_pattern_nested_thousands_deep_is_a_bad_regex_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.txt"
    path.write_text("netsh>show mode\n" + "(" * 3000 + "online" + ")" * 3000 + " (re)\n")
    assert main(["--replay", str(path), "--no-color"]) == 2
    said = capsys.readouterr()
    expected = messages.TRANSCRIPT_BAD_REGEX.format(error=messages.REGEX_TOO_DEEP)
    assert f"{path}:2: {expected}" in said.out + said.err


def test_a_pattern_has_one_budget_for_all_its_attempts(short_limit: float) -> None:
    """Slow on each of many lines but under the limit each time: the sum is bounded."""
    expect = parse_expect(1, "(a+)+b (re)")
    expect.spent = short_limit * 0.99  # what earlier lines used
    assert not expect.matches("a" * 40)
    assert expect.timed_out == short_limit
    assert not expect.matches("ab")  # from then on: no match, no time


def test_each_replay_gives_its_patterns_a_fresh_budget(short_limit: float) -> None:
    transcript = parse("netsh>show mode\non(l)ine (re)\n", "t.txt")
    transcript.steps[0].body[0].spent = short_limit  # as if used up by an earlier replay
    assert replay(transcript).ok
