"""Replay against a fresh emulated computer: pass, mismatch kinds, update, console model."""

from __future__ import annotations

import pytest

from netshpy.transcript.format import parse
from netshpy.transcript.replay import Settings, replay, updated_text

IPSEC_LISTING = """\
netsh ipsec>?

The following commands are available:

Commands in this context:
?              - Displays a list of commands.
dump           - Displays a configuration script.
dynamic        - Changes to the `netsh ipsec dynamic' context.
help           - Displays a list of commands.
static         - Changes to the `netsh ipsec static' context.

The following sub-contexts are available:
 dynamic static

To view help for a command, type the command, followed by a space, and then
 type ?.
"""


def run(text: str, settings: Settings | None = None):
    return replay(parse(text, "t.txt"), settings)


def test_a_faithful_transcript_passes():
    outcome = run("#| teaches\nnetsh>show mode\nonline\nnetsh>ipsec\n" + IPSEC_LISTING)
    assert outcome.ok, [(s.step.text, s.lines) for s in outcome.failed]
    assert len(outcome.steps) == 3


def test_wrong_output_line_fails_with_both_sides():
    outcome = run("netsh>show mode\noffline\n")
    (failed,) = outcome.failed
    assert failed.prompt_ok and not failed.missing
    assert failed.lines == ["online"]
    assert [op.kind for op in failed.ops()] == ["del", "add"]


def test_wrong_prompt_is_a_mismatch():
    outcome = run("netsh>ipsec\nnetsh ipsec static>show mode\nonline\n")
    (failed,) = outcome.failed
    assert not failed.prompt_ok
    assert failed.prompt == "netsh ipsec>"
    assert failed.step.lineno == 2


def test_extra_output_line_fails():
    outcome = run("netsh>show mode\nonline\nmore\n" + "netsh>show mode\nonline\n")
    assert [s.step.lineno for s in outcome.failed] == [1]
    assert [op.kind for op in outcome.failed[0].ops()] == ["same", "del"]


def test_missing_output_line_fails():
    text = IPSEC_LISTING.replace("help           - Displays a list of commands.\n", "")
    outcome = run("netsh>ipsec\n" + text)
    (failed,) = outcome.failed
    assert [op.kind for op in failed.ops()].count("add") == 1


def test_whitespace_counts():
    assert not run("netsh>show mode\nonline \n").ok
    assert not run("netsh>show mode\n online\n").ok


def test_missing_expectation_is_its_own_failure():
    outcome = run("netsh>show mode\nnetsh>show mode\nonline\n")
    (failed,) = outcome.failed
    assert failed.missing
    assert failed.step.lineno == 1


def test_command_printing_nothing_needs_no_expectation():
    assert run("netsh>ipsec\nnetsh ipsec>..\nnetsh>\n").ok


def test_crlf_transcript_passes_and_update_keeps_crlf():
    text = "netsh>show mode\r\nonline\r\nnetsh>show mode\r\nwrong\r\n"
    outcome = run(text)
    assert [s.step.lineno for s in outcome.failed] == [3]
    assert updated_text(outcome) == "netsh>show mode\r\nonline\r\nnetsh>show mode\r\nonline\r\n"


def test_blank_lines_at_end_of_file_are_not_significant():
    assert run("C:\\>hostname\nWIN2003\n").ok
    assert run("C:\\>hostname\nWIN2003\n\n").ok
    assert run("netsh>show mode\nonline\n\n\n").ok
    assert not run("C:\\>hostname\n\nWIN2003\n").ok


def test_update_keeps_markers_comments_and_fixes_the_rest():
    text = (
        "#| header comment\n"
        "netsh>ipsec\n"
        "netsh ipsec>?\n"
        "\n"
        "#| the title\n"
        "The following commands are WRONG:\n"
        "\n"
        "Commands in this context:\n"
        "?              - [[ANY]]\n"
        "...\n"
        " type ?.\n"
        "netsh ipsec static>show mode\n"
        "netsh>show mode\n"
        "#| keep me\n"
    )
    outcome = run(text)
    new = updated_text(outcome)
    assert new.splitlines()[:10] == [
        "#| header comment",
        "netsh>ipsec",
        "netsh ipsec>?",
        "",
        "#| the title",
        "The following commands are available:",
        "",
        "Commands in this context:",
        "?              - [[ANY]]",
        "...",
    ]
    assert "netsh ipsec>show mode\nonline\n" in new
    assert new.endswith("netsh ipsec>show mode\nonline\n#| keep me\n")
    assert run(new).ok
    assert updated_text(run(new)) == new


def test_update_escapes_output_that_would_read_as_a_marker():
    # `alias` echoes whatever we give it: output lines that look like prompts or markers
    text = 'netsh>alias a "netsh>x"\nnetsh>alias a\nnetsh>alias b "..."\nnetsh>alias b\n'
    new = updated_text(run(text))
    assert "[n]etsh>x (re)" in new
    assert run(new).ok


def test_cmd_prompt_runs_interactive_netsh_until_exit():
    text = (
        "C:\\Documents and Settings\\Administrator>netsh\n"
        "netsh>ipsec static\n"
        "netsh ipsec static>exit\n"
        "\n"
        'C:\\Documents and Settings\\Administrator>netsh -c "ipsec dynamic"\n'
        "netsh ipsec dynamic>quit\n"
        "\n"
        "C:\\Documents and Settings\\Administrator>hostname\n"
        "WIN2003\n"
        "\n"
        "C:\\Documents and Settings\\Administrator>\n"
        "C:\\Documents and Settings\\Administrator>exit\n"
    )
    outcome = run(text)
    assert outcome.ok, [(s.step.lineno, s.prompt, s.lines) for s in outcome.failed]


def test_one_shot_netsh_from_cmd_returns_to_cmd():
    outcome = run("C:\\>netsh show mode\nonline\n\nC:\\>netsh\nnetsh>\n")
    assert outcome.ok


def test_lines_after_the_session_ended_fail_and_cannot_be_updated():
    outcome = run("netsh>exit\nnetsh>show mode\nonline\n")
    (failed,) = outcome.failed
    assert failed.prompt is None
    assert not outcome.updatable


def test_header_sets_the_computer():
    outcome = run("#! computer-name: SRV09\nC:\\>hostname\nSRV09\n")
    assert outcome.ok
    assert run("C:\\>hostname\nWIN2003\n", Settings(computer_name="OTHER")).failed
    assert run("C:\\>hostname\nOTHER\n", Settings(computer_name="OTHER")).ok


def test_psk_is_substituted_in_input_and_masked_in_output():
    text = (
        "#! psk: s3cret-key\n"
        "netsh>alias k psk=***\n"
        "netsh>alias k\n"
        "psk=***\n"
        "netsh>alias j s3cret-key\n"
        "netsh>alias j\n"
        "***\n"
    )
    assert run(text).ok


def test_a_crashing_handler_is_a_failure_not_a_traceback(monkeypatch):
    from netshpy.handlers import root

    def boom(call):
        raise RuntimeError("boom")

    monkeypatch.setattr(root, "show_mode", boom)
    outcome = run("netsh>show mode\nonline\n")
    (failed,) = outcome.failed
    assert failed.lines == ["netshpy: internal error while running this line: RuntimeError: boom"]


def test_each_replay_gets_a_fresh_computer():
    text = "netsh>add helper foo.dll\nOk.\n"
    assert run(text).ok
    assert run(text).ok


def test_state_dir_setting_is_used(tmp_path):
    text = "netsh>add helper foo.dll\nOk.\n"
    assert run(text, Settings(state_dir=str(tmp_path))).ok
    assert (tmp_path / "helpers.json").exists()
    assert not run(text, Settings(state_dir=str(tmp_path))).ok


@pytest.mark.parametrize("exit_word", ["exit", "quit", "bye"])
def test_exit_words_end_a_top_level_session(exit_word):
    outcome = run(f"netsh>{exit_word}\n")
    assert outcome.ok


def test_relative_files_stay_in_a_scratch_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (
        "netsh>:save saved.txt\nnetshpy: 0 commands saved to saved.txt\n"
        "netsh>:copy host:saved.txt C:\\saved.txt\n"
        "netshpy: copied saved.txt to C:\\saved.txt\n"
        "netsh>exec saved.txt\n"
        "netsh>ipsec static exportpolicy x\n"
    )
    assert run(text).ok
    assert list(tmp_path.iterdir()) == []
