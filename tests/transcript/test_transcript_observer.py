"""Session.add_observer: one call per line a front end runs, with the prompt before it."""

from __future__ import annotations


def test_observer_sees_prompt_line_and_result(session):
    seen = []
    session.add_observer(lambda s, prompt, line, result: seen.append((prompt, line, result.output)))
    session.execute("ipsec")
    session.execute("show mode")
    session.execute("nonsense")
    assert seen == [
        ("netsh>", "ipsec", ""),
        ("netsh ipsec>", "show mode", "online\n"),
        ("netsh ipsec>", "nonsense", "The following command was not found: nonsense.\n"),
    ]


def test_lines_run_on_behalf_of_another_are_not_reported(session):
    seen = []
    session.add_observer(lambda s, prompt, line, result: seen.append(line))
    session.execute("pushd ipsec")
    assert seen == ["pushd ipsec"]
    assert session.prompt == "netsh ipsec>"


def test_observer_added_twice_is_called_once_and_can_be_removed(session):
    seen = []

    def fn(s, prompt, line, result):
        seen.append(line)

    session.add_observer(fn)
    session.add_observer(fn)
    session.execute("show mode")
    session.remove_observer(fn)
    session.remove_observer(fn)
    session.execute("show mode")
    assert seen == ["show mode"]


def test_emulator_lines_are_reported_too(session):
    seen = []
    session.add_observer(lambda s, prompt, line, result: seen.append((line, result.ok)))
    session.execute(":context")
    assert seen == [(":context", True)]
