"""Lab runtime, grading, emulator commands, the result file, the --lab front end and
the shipped labs (each solution reaches 100%)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from netshpy.cli import main
from netshpy.lab.model import LabError, load_lab
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import shipped_labs
from netshpy.transcript.format import is_prompt, split_prompt
from netshpy.transcript.replay import load

from .labkit import RESPOND, make_lab, require

DOM = {"domain": "corp.example"}
EXERCISE = """
[[exercise]]
title = "Secure"
instructions = "Secure A to B."

[[exercise.item]]
description = "A pings B secured"
check = "traffic"
from = "A"
to = "B"
protocol = "icmp"
expect = "secured"
hint = "Assign Client (Respond Only) on B"
points = 3

[[exercise.item]]
description = "B uses the respond-only policy"
check = "assigned"
computer = "B"
policy = "Client (Respond Only)"
"""


@pytest.fixture
def lab(tmp_path: Path):
    lab = make_lab(tmp_path, {"setup": require(), **DOM}, {**DOM}, exercises=EXERCISE)
    yield lab
    lab.close()


def test_computers_share_the_domain_store_and_have_their_addresses(lab: Lab) -> None:
    a, b = lab.host("A"), lab.host("B")
    assert a.addresses == ["10.0.0.1"] and b.computer_name == "B"
    assert lab.run("A", "ipsec static set store location=domain").ok
    assert lab.run("A", "ipsec static add policy name=Shared").ok
    assert lab.run("B", "ipsec static set store location=domain").ok
    assert "Shared" in lab.run("B", "ipsec static show policy name=Shared").output
    assert lab.host("10.0.0.2") is b


def test_reset_restores_the_starting_state(lab: Lab) -> None:
    assert lab.run("B", RESPOND[0]).ok
    assert lab.ping("A", "B").outcome == "secured"
    lab.reset()
    assert lab.ping("A", "B").outcome == "failed"
    assert "No Main Mode SAs" in lab.run("A", "ipsec dynamic show mmsas").output
    assert lab.traffic_log[-1].outcome == "failed" and len(lab.traffic_log) == 1


def test_a_folder_with_the_same_lab_resumes(tmp_path: Path) -> None:
    lab = make_lab(tmp_path, {}, {"setup": []})
    lab.run("B", "ipsec static add policy name=Mine")
    lab.close()
    again = Lab(lab.spec, lab.root)
    assert "Mine" in again.run("B", "ipsec static show policy name=Mine").output
    again.close()
    fresh = Lab(lab.spec, lab.root, fresh=True)
    assert "ERR" in fresh.run("B", "ipsec static show policy name=Mine").output
    fresh.close()


def test_a_foreign_folder_is_never_wiped(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "precious.txt").write_text("x")
    spec = make_lab(tmp_path, {}, {}).spec
    with pytest.raises(LabError, match="holds no lab"):
        Lab(spec, tmp_path / "mine")
    assert (tmp_path / "mine" / "precious.txt").exists()


def test_a_failing_setup_line_names_the_computer(tmp_path: Path) -> None:
    with pytest.raises(LabError, match=r"computer 'B': setup line .*failed"):
        make_lab(tmp_path, {}, {"setup": ["ipsec static delete policy name=Nope"]})


def test_set_machine_and_connect(lab: Lab) -> None:
    s = lab.session("A")
    assert s.execute("set machine B").ok and s.prompt == "[B] netsh>"
    assert s.host is lab.host("B")
    assert s.execute("set machine \\\\10.0.0.1").ok and s.prompt == "netsh>"
    out = s.execute("set machine NOWHERE")
    assert not out.ok and "NOWHERE" in out.output and s.host is lab.host("A")
    s.execute("set machine B")
    assert s.execute("set machine").ok and s.host is lab.host("A")
    assert s.execute(":connect B").output == "Now at B.\n" and s.prompt == "netsh>"
    assert "*" in s.execute(":lab").output.split("B ")[0].splitlines()[-1]


def test_grading_progress_hints_and_result_file(lab: Lab, tmp_path: Path) -> None:
    progress = lab.check()
    assert (progress.score, progress.total, progress.complete) == (0, 4, False)
    assert "expected secured" in progress.text()
    s = lab.session("A")
    assert "Assign Client (Respond Only) on B" in s.execute(":hint").output
    assert "Item 2" in s.execute(":hint 2").output
    assert "no item 9" in s.execute(":hint 9").output
    # an exercise number out of range says so, like :hint, instead of a bare usage
    assert "no exercise 7 (exercises 1-" in s.execute(":exercise 7").output
    assert "usage: :exercise [N]" in s.execute(":exercise x").output
    s.execute("set machine B")
    assert s.execute(RESPOND[0]).ok
    assert lab.check().complete
    target = tmp_path / "result.json"
    out = s.execute(f":result {target} Ada").output
    assert "4/4 points" in out
    doc = json.loads(target.read_text())
    assert doc["learner"] == "Ada" and doc["score"] == {"raw": 4, "max": 4, "percent": 100}
    assert [i["passed"] for i in doc["items"]] == [True, True]
    statement = doc["statement"]
    assert statement["verb"]["display"]["en-US"] == "passed"
    assert statement["result"]["score"]["scaled"] == 1.0
    assert statement["actor"]["name"] == "Ada"
    assert "cannot write" in s.execute(f":result {tmp_path}/no/such/dir/r.json").output


def test_rich_progress(lab: Lab) -> None:
    s = lab.session()
    s.lab_rich = True
    assert "\x1b[" in s.execute(":check").output


def test_emulator_command_errors(lab: Lab, tmp_path: Path) -> None:
    s = lab.session()
    for line, text in [
        (":ping", "usage: :ping"),
        (":send A B", "usage: :send"),
        (":send A B tcp x", "usage: :send"),
        (":connect", "usage: :connect"),
        (":ping A NOPE", "no computer 'NOPE'"),
        (":reboot NOPE", "no computer"),
        (":exercise 7", "no exercise 7"),
    ]:
        result = s.execute(line)
        assert not result.ok and text in result.output, line
    assert s.execute(":exercise 1").output.startswith("1. Secure")
    assert "restarted and waits" in s.execute(":reboot B hold").output
    assert "startup security" in s.execute(":lab").output
    assert "was restarted" in s.execute(":restart B").output
    assert "back in its starting state" in s.execute(":reset").output


def test_lab_commands_need_a_lab(tmp_path: Path) -> None:
    from netshpy.host import Host
    from netshpy.session import Session

    s = Session(Host(tmp_path / "h", deterministic=True))
    out = s.execute(":ping A B")
    assert not out.ok and "no lab is loaded" in out.output


def test_cli_one_shot_on_the_start_computer_and_remote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labfile = Path("labs/dh2048.toml")
    root = tmp_path / "root"
    assert (
        main(
            [
                "--lab",
                str(labfile),
                "--state-dir",
                str(root),
                "ipsec",
                "static",
                "show",
                "policy",
                "name=Strong IKE",
            ]
        )
        == 0
    )
    assert "Strong IKE" in capsys.readouterr().out
    assert (
        main(
            [
                "--lab",
                "dh2048",
                "--state-dir",
                str(root),
                "-r",
                "XP1",
                "ipsec",
                "static",
                "show",
                "policy",
                "name=Strong IKE",
            ]
        )
        == 0
    )
    assert "ERR IPsec" in capsys.readouterr().out
    assert main(["--lab", "no-such-lab", "--state-dir", str(root)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "dh2048" in err
    (tmp_path / "bad.toml").write_text("[lab]\n")
    assert main(["--lab", str(tmp_path / "bad.toml"), "--state-dir", str(root)]) == 2


def test_cli_interactive_plain(tmp_path: Path, capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("set machine XP1\n:ping SRV1 XP1\nexit\n"))
    assert main(["--lab", "dh2048", "--state-dir", str(tmp_path / "r"), "--plain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lab: Diffie-Hellman") and "[XP1] netsh>" in out
    assert "Result: SRV1 -> XP1 ICMP: failed" in out


# ---- shipped labs: each solution transcript brings the lab to 100% -------------------

TRANSCRIPTS = sorted(Path("transcripts").glob("lab-*.txt"))


def test_every_shipped_lab_has_a_solution_transcript() -> None:
    labs = {p.stem for p in shipped_labs()}
    assert len(labs) == 12
    assert {p.stem.removeprefix("lab-") for p in TRANSCRIPTS} == labs
    for p in shipped_labs():
        spec = load_lab(p)
        assert spec.exercises and all(e.items for e in spec.exercises)


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_solution_reaches_full_marks(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = load(path)
    lab = Lab.from_file(Path(transcript.header.lab), tmp_path / "lab", deterministic=True)
    monkeypatch.chdir(
        tmp_path
    )  # files the solution writes (:capture save) stay out of the checkout
    try:
        first = lab.check()
        assert not first.complete, "the exercise must not be solved before the solution"
        session: Any = lab.session()
        if transcript.steps and transcript.steps[0].is_cmd:  # sitting at a C:\> prompt
            from netshpy.lab.at_prompt import LabPrompt

            session = LabPrompt(lab, lab.spec.start)
            session.execute = session.run
        steps = [step.text for step in transcript.steps]
        last_check = max(i for i, text in enumerate(steps) if text.strip() == ":check")
        for text in steps[:last_check]:  # up to the solution's final :check
            session.execute(text)
        final = lab.check()
        assert final.complete, final.text()
    finally:
        lab.close()


def test_prompt_parsing_knows_lab_prompts() -> None:
    assert is_prompt("[XP1] netsh ipsec>") and split_prompt("[XP1] netsh>show mode")
    assert re.match(r"\[XP1\] netsh>", "[XP1] netsh>")


def test_a_transcript_naming_a_missing_lab_cannot_be_read(tmp_path: Path, capsys) -> None:
    t = tmp_path / "t.txt"
    t.write_text("#! lab: nowhere.toml\nnetsh>:lab\n")
    assert main(["--replay", str(t), "--no-color"]) == 2
    captured = capsys.readouterr()
    assert "nowhere.toml" in captured.out + captured.err


def test_a_failed_setup_leaves_nothing_and_the_fixed_lab_loads(tmp_path: Path) -> None:
    """Issue 12: the half-built folder used to be refused as "not empty and holds no lab"."""
    with pytest.raises(LabError):
        make_lab(tmp_path, {}, {"setup": ["ipsec static delete policy name=Nope"]})
    assert not (tmp_path / "t-root").exists()
    (tmp_path / "t-root").mkdir()  # a folder given by the user stays, empty
    with pytest.raises(LabError):
        Lab.from_file(tmp_path / "t.toml", tmp_path / "t-root")
    assert (tmp_path / "t-root").is_dir() and not any((tmp_path / "t-root").iterdir())
    lab = make_lab(tmp_path, {}, {"setup": ["ipsec static add policy name=Fixed"]})
    assert "Fixed" in lab.session("B").execute("ipsec static show policy name=Fixed").output
    lab.close()


@pytest.mark.parametrize("name", ["A²", "ÅSA", "..", "A/B"])
def test_computer_names_that_would_be_odd_folders_are_refused(tmp_path: Path, name: str) -> None:
    from netshpy.lab.model import load_lab

    path = tmp_path / "odd.toml"
    path.write_text(
        f'[lab]\nname = "odd"\n\n[[computer]]\nname = "{name}"\nos = "2003"\n'
        'addresses = ["10.0.0.1"]\n',
        encoding="utf-8",
    )
    with pytest.raises(LabError, match="NetBIOS name"):
        load_lab(path)


def test_a_resumed_lab_folder_loses_the_temporary_files_of_a_killed_run(tmp_path: Path) -> None:
    """The lab's own files (lab.json, directory.json...) are replaced through temporary files."""
    import subprocess
    import sys

    lab = make_lab(tmp_path, {}, {"setup": []})
    lab.close()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    leftover = lab.root / f".lab.json.{child.pid}.0123456789abcdef.netshpy-tmp"
    leftover.write_text("{")
    again = Lab(lab.spec, lab.root)
    again.close()
    assert not leftover.exists()
