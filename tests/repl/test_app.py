"""The REPL driven through prompt_toolkit's pipe input and dummy output."""

from __future__ import annotations

import io
import types

import pytest

from netshpy.host import Host
from netshpy.modes import plain_reader
from netshpy.repl import toolbar
from netshpy.repl.config import Config
from netshpy.session import Session

ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
UP = "\x1b[A"

LINES = [
    "ipsec static",
    "add filter",
    "sh pol /?",
    "bogus command",
    "..",
    ":context",
    "show mode",
]


def test_output_is_identical_to_the_plain_reader(drive, tmp_path, monkeypatch) -> None:
    out, status = drive("".join(line + ENTER for line in LINES) + "exit" + ENTER)
    assert status == 0
    plain = io.StringIO()
    monkeypatch.setattr("netshpy.modes.write", plain.write)
    other = Session(Host(tmp_path / "other", deterministic=True))
    plain_reader(other, io.StringIO("\n".join(LINES + ["exit"]) + "\n"))
    # The plain reader prints its prompt itself; the REPL's prompt is drawn by prompt_toolkit.
    expected = plain.getvalue()
    for prompt in ("netsh ipsec static>", "netsh ipsec>", "netsh>"):
        expected = expected.replace(prompt, "")
    assert out == expected
    assert "Usage:" in out and "The following command was not found: bogus command." in out


def test_ctrl_d_leaves_like_exit(drive, session: Session) -> None:
    out, status = drive("ipsec" + ENTER + CTRL_D)
    assert status == 0
    assert session.finished


def test_ctrl_c_clears_the_line(drive, session: Session) -> None:
    out, _ = drive("ipsec static" + CTRL_C + "ipsec" + ENTER + ":context" + ENTER + CTRL_D)
    assert "netsh ipsec\n" in out
    assert "netsh ipsec static" not in out


def test_question_mark_shows_help_and_keeps_the_line(drive) -> None:
    keys = "ipsec static" + ENTER + "show policy ?" + "all" + ENTER + ":history" + ENTER + CTRL_D
    out, _ = drive(keys)
    assert (
        "netsh ipsec static>show policy ?\n\nUsage:\n  policy [ name = ] <string> | [ all ]" in out
    )
    # the line typed before "?" was kept and completed with "all"
    assert "show policy all" in out
    assert "show policy ?" not in out.split(":history")[-1]


def test_question_mark_inside_a_value_is_text(drive, session: Session) -> None:
    session.execute("ipsec static")
    out, _ = drive('add filter description="why?' + CTRL_C + ":history" + ENTER + CTRL_D)
    assert "Usage" not in out


def test_question_mark_off_switch(drive, session: Session, tmp_path) -> None:
    config = Config(path=tmp_path / "c.toml", help_key=False)
    out, _ = drive("show ?" + ENTER + CTRL_D, config=config)
    # "?" was typed as text; the line then ran as netsh runs "show ?" (a group listing)
    assert "netsh>show ?" not in out
    assert "Commands in this context:" in out


def test_question_mark_on_an_emulator_line_shows_its_help(drive) -> None:
    out, _ = drive(":tree ?" + CTRL_C + CTRL_D)
    assert ":tree [policy]" in out


def test_history_across_two_sessions(drive, tmp_path) -> None:
    host = Host(tmp_path / "pc", deterministic=True)
    drive("ipsec static" + ENTER + "exit" + ENTER, sess=Session(host))
    second = Session(host)
    out, _ = drive(UP + UP + ENTER + ":context" + ENTER + CTRL_D, sess=second)
    assert (host.state_dir / "history").exists()
    assert out == "netsh ipsec static\n"


def test_history_off_switch_keeps_no_file(drive, tmp_path) -> None:
    host = Host(tmp_path / "pc", deterministic=True)
    config = Config(path=tmp_path / "c.toml", history=False)
    drive("ipsec" + ENTER + CTRL_D, sess=Session(host), config=config)
    assert not (host.state_dir / "history").exists()


def test_ctrl_r_searches_history(drive, tmp_path) -> None:
    host = Host(tmp_path / "pc", deterministic=True)
    drive("ipsec static" + ENTER + ".." + ENTER + "show mode" + ENTER + CTRL_D, sess=Session(host))
    again = Session(host)
    out, _ = drive("\x12stat" + ENTER + ENTER + ":context" + ENTER + CTRL_D, sess=again)
    assert out.endswith("netsh ipsec static\n")


def test_strict_exit_status(drive) -> None:
    opts = types.SimpleNamespace(strict=True, record=None)
    _, status = drive("bogus" + ENTER + CTRL_D, opts=opts)
    assert status == 1


def test_recording_hook(drive, monkeypatch, tmp_path) -> None:
    seen = []

    class Recorder:
        def __init__(self, path):
            seen.append(("open", path))

        def add(self, session, line, output):
            seen.append((line, output))

        def close(self):
            seen.append(("close",))

    monkeypatch.setattr("netshpy.transcript.record.Recorder", Recorder)
    opts = types.SimpleNamespace(strict=False, record=str(tmp_path / "t.txt"))
    drive("ipsec" + ENTER + "bogus" + ENTER + CTRL_D, opts=opts)
    assert seen[0] == ("open", str(tmp_path / "t.txt"))
    assert ("ipsec", "") in seen
    assert ("bogus", "The following command was not found: bogus.\n") in seen
    assert seen[-1] == ("close",)


def test_config_problems_are_reported(drive, tmp_path) -> None:
    config = Config(path=tmp_path / "c.toml", problems=["netshpy: c.toml: something"])
    out, _ = drive(CTRL_D, config=config)
    assert out.startswith("netshpy: c.toml: something\n")


# ---- toolbar -----------------------------------------------------------


def test_toolbar_text(session: Session) -> None:
    session.execute("ipsec static")
    assert toolbar.plain_text(session) == (
        "WIN2003 | netsh ipsec static | store: local | batch: off | IPsec: running"
    )
    from netshpy.dynamic.service import get_service

    get_service(session.host).stop()
    assert toolbar.plain_text(session).endswith("IPsec: stopped")
    session.state("static").update(location="persistent", batch=True)
    assert "store: persistent | batch: on" in toolbar.plain_text(session)


def test_toolbar_on_xp_shows_no_static_store_or_batch_mode() -> None:
    # XP's netsh has no ipsec: "store: local | batch: off" taught a netsh ipsec static state.
    from netshpy import Emulator

    with Emulator(os="xp-sp2") as xp:
        assert toolbar.plain_text(xp.session) == "WINXPSP2 | netsh | IPsec: running"


def test_toolbar_shows_startup_security_and_pending_settings(session: Session) -> None:
    from netshpy.dynamic.service import get_service

    assert session.execute("ipsec dynamic set config property=bootmode value=block").ok
    assert toolbar.plain_text(session).endswith("IPsec: running | after restart: bootmode")
    get_service(session.host).reboot(start_service=False)  # :reboot hold
    assert toolbar.plain_text(session).endswith("IPsec: boot mode block")


def test_toolbar_hides_on_small_terminals(session: Session) -> None:
    assert toolbar.formatted(session, 100, 30) is not None
    assert toolbar.formatted(session, toolbar.MIN_COLUMNS - 1, 30) is None
    assert toolbar.formatted(session, 100, toolbar.MIN_ROWS - 1) is None
    text = "".join(t for _, t in toolbar.formatted(session, 61, 30))
    assert len(text) <= 61


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "running"), (False, "stopped"), ("Running", "running"), ("", "unknown")],
)
def test_toolbar_service_state(session: Session, monkeypatch, value, shown) -> None:
    module = types.ModuleType("netshpy.dynamic.service")
    module.state = lambda host: value
    monkeypatch.setitem(__import__("sys").modules, "netshpy.dynamic.service", module)
    assert toolbar.service_state(session.host) == shown


def test_toolbar_service_failure_is_unknown(session: Session, monkeypatch) -> None:
    module = types.ModuleType("netshpy.dynamic.service")

    def boom(host):
        raise RuntimeError("x")

    module.state = boom
    monkeypatch.setitem(__import__("sys").modules, "netshpy.dynamic.service", module)
    assert toolbar.service_state(session.host) == "unknown"


def test_prompt_session_toolbar_follows_terminal_size(session: Session, tmp_path) -> None:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output import DummyOutput

    from netshpy.repl.app import Repl

    class Small(DummyOutput):
        size = Size(rows=40, columns=80)

        def get_size(self) -> Size:
            return self.size

    output = Small()
    repl = Repl(session, None, config=Config(path=tmp_path / "c.toml"), output=output)
    assert repl.prompt.bottom_toolbar is not None
    output.size = Size(rows=5, columns=80)
    assert repl.prompt.bottom_toolbar is None
    off = Repl(session, None, config=Config(path=tmp_path / "c.toml", toolbar=False), output=output)
    output.size = Size(rows=40, columns=80)
    assert off.prompt.bottom_toolbar is None


def test_enter_takes_the_chosen_completion_instead_of_running() -> None:
    from prompt_toolkit.buffer import Buffer, CompletionState
    from prompt_toolkit.completion import Completion
    from prompt_toolkit.document import Document
    from prompt_toolkit.filters import completion_is_selected
    from prompt_toolkit.keys import Keys

    from netshpy.repl.keys import make_bindings

    bindings = make_bindings(lambda line: None, lambda: True)
    (enter,) = [b for b in bindings.bindings if b.keys == (Keys.ControlM,)]
    assert enter.filter is completion_is_selected  # only while a completion is chosen
    accepted: list[str] = []
    buffer = Buffer(accept_handler=lambda b: accepted.append(b.text) or False)
    buffer.document = Document("ipsec static")
    buffer.complete_state = CompletionState(
        Document("ipsec s"), [Completion("static", -1), Completion("show", -1)], 0
    )
    enter.handler(types.SimpleNamespace(current_buffer=buffer))
    assert buffer.complete_state is None and buffer.text == "ipsec static"
    assert accepted == []  # the line did not run


def test_auto_suggest_skips_lines_that_failed(tmp_path) -> None:
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document
    from prompt_toolkit.history import InMemoryHistory

    from netshpy.repl.history import FailedLines, SuggestWorkingLines

    failed = FailedLines(tmp_path / "history.failed")
    history = InMemoryHistory()
    for line in ("ipsec static show all", 'ipsec static add policy name="x'):
        history.append_string(line)
    failed.note('ipsec static add policy name="x', ok=False)
    buffer = Buffer(history=history)
    suggest = SuggestWorkingLines(FailedLines(tmp_path / "history.failed"))  # read back
    suggestion = suggest.get_suggestion(buffer, Document("ipsec static "))
    assert suggestion is not None and suggestion.text == "show all"
    failed.note('ipsec static add policy name="x', ok=True)  # it works now
    suggest = SuggestWorkingLines(FailedLines(tmp_path / "history.failed"))
    assert suggest.get_suggestion(buffer, Document("ipsec static ")).text == 'add policy name="x'
