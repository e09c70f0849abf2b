"""The ``C:\\>`` prompt on a terminal: same output as the plain reader, plus editing,
its own history and completion."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from netshpy.cmdprompt import CommandPrompt
from netshpy.host import Host
from netshpy.repl.cmd_app import HISTORY_FILE, CmdCompleter, run_cmd_repl
from netshpy.repl.config import Config

ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
UP = "\x1b[A"


def _drive(prompt: CommandPrompt, keys: str, tmp_path: Path, netsh=lambda line: False) -> str:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        status = run_cmd_repl(
            prompt,
            netsh,
            config=Config(path=tmp_path / "config.toml"),
            input=pipe,
            output=DummyOutput(),
            stdout=out,
        )
    assert status == 0
    return out.getvalue()


def _completions(prompt: CommandPrompt, text: str) -> list[str]:
    found = CmdCompleter(prompt).get_completions(Document(text, len(text)), CompleteEvent())
    return [c.text for c in found]


@pytest.fixture
def prompt(tmp_path: Path) -> CommandPrompt:
    return CommandPrompt(Host(tmp_path / "state", deterministic=True))


def test_output_matches_the_plain_reader(prompt: CommandPrompt, tmp_path: Path) -> None:
    lines = ["hostname", "ver", "bogus", "echo hi", "exit"]
    out = _drive(prompt, "".join(line + ENTER for line in lines), tmp_path)
    other = CommandPrompt(Host(tmp_path / "other", deterministic=True))
    expected = ""
    for line in lines:
        expected += other.run(line).output + ("" if other.finished else "\n")
    assert out == expected
    assert "'bogus' is not recognized" in out and prompt.finished


def test_history_is_its_own_and_up_recalls(prompt: CommandPrompt, tmp_path: Path) -> None:
    assert _drive(prompt, "hostname" + ENTER + CTRL_D, tmp_path) == "WIN2003\n\n\n"
    again = CommandPrompt(prompt.host)  # a later --cmd session recalls it with Up
    assert _drive(again, UP + ENTER + CTRL_D, tmp_path) == "WIN2003\n\n\n"
    stored = (prompt.host.state_dir / HISTORY_FILE).read_text()
    assert "+hostname" in stored
    assert not (prompt.host.state_dir / "history").exists()  # netsh's history is apart


def test_ctrl_c_clears_and_ctrl_d_ends(prompt: CommandPrompt, tmp_path: Path) -> None:
    out = _drive(prompt, "hostn" + CTRL_C + "ver" + ENTER + CTRL_D, tmp_path)
    assert out.startswith("^C\n") and "Microsoft Windows [Version 5.2.3790]" in out
    assert "WIN2003" not in out


def test_a_bare_netsh_is_handed_over(prompt: CommandPrompt, tmp_path: Path) -> None:
    seen: list[str] = []
    _drive(prompt, "netsh" + ENTER + CTRL_D, tmp_path, lambda line: seen.append(line) or True)
    assert seen == ["netsh"]


def test_completes_programs_by_version(tmp_path: Path) -> None:
    server = CommandPrompt(Host(tmp_path / "a", deterministic=True))
    assert {"ipconfig", "ping", "netsh", "net", "sc"} <= set(_completions(server, ""))
    assert _completions(server, "ips") == []  # no ipseccmd on Server 2003
    xp = CommandPrompt(Host(tmp_path / "b", os="xp", deterministic=True))
    assert _completions(xp, "ips") == ["ipseccmd"]
    bare_2000 = CommandPrompt(Host(tmp_path / "c", os="2000", tools=(), deterministic=True))
    assert "sc" not in _completions(bare_2000, "") and "net" in _completions(bare_2000, "")


def test_completes_verbs_services_files_and_netsh(prompt: CommandPrompt) -> None:
    assert _completions(prompt, "net st") == ["start", "stop"]
    assert _completions(prompt, "sc query pol") == ["policyagent"]
    assert _completions(prompt, "shutdown /") == ["/r", "/s"]
    prompt.run("netsh ipsec static exportpolicy file=C:\\pol.ipsec")
    assert "pol.ipsec" in _completions(prompt, "type p")
    assert "static" in _completions(prompt, "netsh ipsec st")


def test_an_empty_line_prints_no_blank_line(prompt: CommandPrompt, tmp_path: Path) -> None:
    # cmd.exe prompts again at once after Enter on an empty line.
    assert _drive(prompt, ENTER + "hostname" + ENTER + CTRL_D, tmp_path) == "WIN2003\n\n\n"


def test_a_lab_computers_prompt(tmp_path: Path) -> None:
    # A trainee at an XP computer of a lab (the classroom's terminals too) gets the same
    # editing and completion, the lab's ':' commands included, and ':connect' moves it.
    from netshpy.lab.at_prompt import LabPrompt
    from netshpy.lab.runtime import Lab
    from netshpy.lab.shipped import find_lab_file

    lab = Lab.from_file(find_lab_file("dh2048"), tmp_path / "lab", fresh=True, deterministic=True)
    try:
        at = LabPrompt(lab, "XP1")
        completer = CmdCompleter(at)
        found = completer.get_completions(Document(":con", 4), CompleteEvent())
        assert ":connect" in [c.text for c in found]
        assert [c.text for c in completer.get_completions(Document("ips", 3), CompleteEvent())] == [
            "ipseccmd"
        ]
        seen: list[tuple[str, str, str]] = []
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        out = io.StringIO()
        keys = "hostname" + ENTER + ":connect SRV2" + ENTER + "hostname" + ENTER + CTRL_D
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            run_cmd_repl(
                at,
                lambda line: False,
                after=lambda *row: seen.append(row),
                config=Config(path=tmp_path / "config.toml"),
                input=pipe,
                output=DummyOutput(),
                stdout=out,
            )
        assert out.getvalue().startswith("XP1\n\n") and "SRV2\n\n" in out.getvalue()
        assert [row[1] for row in seen] == ["hostname", ":connect SRV2", "hostname"]
        assert seen[0][0] == "C:\\>" and seen[2][2] == "SRV2\n\n"
        assert [
            c.text for c in completer.get_completions(Document("ips", 3), CompleteEvent())
        ] == []
    finally:
        lab.close()
