"""The REPL's emulator-only commands: :tree, :history, :config."""

from __future__ import annotations

from netshpy import messages
from netshpy.repl.colon_commands import Node, render_plain, render_rich
from netshpy.session import Session


def run(session: Session, line: str) -> str:
    return session.execute(line).output


def test_tree_without_a_store(session: Session, monkeypatch) -> None:
    monkeypatch.setattr("netshpy.repl.colon_commands.query_module", lambda: None)
    assert run(session, ":tree") == messages.REPL_NO_STORE + "\n"


def test_tree_plain(session: Session, fake_store) -> None:
    out = run(session, ":tree")
    assert out.splitlines()[:6] == [
        "IPsec policies (local store)",
        "├── policy: Block 445",
        "│   ├── description: KB example",
        "│   ├── assigned: yes",
        "│   └── rules (1)",
        "│       └── rule: Block SMB",
    ]
    assert "filterlist: SMB traffic" in out and "action: block" in out
    assert "└── policy: Server" in out and out.splitlines()[-1].startswith("    ")


def test_tree_one_policy_and_unknown_policy(session: Session, fake_store) -> None:
    out = run(session, ":tree server")
    assert "policy: Server" in out and "Block 445" not in out
    result = session.execute(":tree nothere")
    assert result.output == messages.REPL_NO_POLICY.format(name="nothere") + "\n"
    assert not session.execute(":tree a b").ok


def test_tree_of_an_empty_store(session: Session, fake_store) -> None:
    session.state("static")["location"] = "persistent"
    assert run(session, ":tree") == "IPsec policies (persistent store)\n└── (no policies)\n"


def test_tree_store_failure_is_reported(session: Session, fake_store) -> None:
    def broken(host, location):
        raise RuntimeError("corrupt")

    fake_store.policies = broken
    assert "corrupt" in run(session, ":tree")


def test_rich_tree_has_the_same_text() -> None:
    import re

    node = Node("root", [Node("a: 1", [Node("b")]), Node("c")])
    coloured = render_rich(node)
    assert "\x1b[" in coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert [line.rstrip() for line in plain.splitlines()] == render_plain(node).splitlines()


def test_history_reads_the_state_folder(session: Session) -> None:
    assert run(session, ":history") == messages.REPL_HISTORY_EMPTY + "\n"
    (session.host.state_dir / "history").write_text(
        "\n# 2005\n+ipsec static\n\n# 2005\n+show all\n\n# 2005\n+exit\n"
    )
    assert run(session, ":history") == "    1  ipsec static\n    2  show all\n    3  exit\n"
    assert run(session, ":history 1") == "    3  exit\n"
    assert not session.execute(":history x").ok
    assert run(session, ":history clear") == messages.REPL_HISTORY_CLEARED + "\n"
    assert not (session.host.state_dir / "history").exists()


def test_config_shows_the_path(session: Session, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    out = run(session, ":config")
    assert out.startswith(f"Config file: {tmp_path}/netshpy/config.toml (not written yet")
    assert "  editing_mode   = emacs" in out
    assert not (tmp_path / "netshpy").exists()  # :config never writes
    assert not session.execute(":config extra").ok


def test_help_lists_the_repl_commands(session: Session) -> None:
    out = run(session, ":help")
    for name in ("tree", "history", "config"):
        assert f":{name}" in out
    assert run(session, ":help tree").startswith(":tree [policy]")


def test_help_is_wrapped_to_the_terminal_at_blanks(session: Session) -> None:
    # At 80 columns the terminal broke ":account ... cha|nges its groups." inside words.
    class Terminal:
        def terminal_width(self) -> int:
            return 80

    wide = run(session, ":help")
    session.state("repl")["repl"] = Terminal()
    out = run(session, ":help")
    assert max(len(line) for line in out.splitlines()) < 80
    assert out.split() == wide.split()  # the same words, none broken


def test_tree_and_names_from_the_real_static_store(session: Session) -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from netshpy.repl.completer import NetshCompleter

    for line in (
        "ipsec static",
        'add policy name="Block 445"',
        "add filter filterlist=SMB srcaddr=any dstaddr=me protocol=tcp dstport=445",
        "add filteraction name=Block action=block",
        'add rule policy="Block 445" filterlist=SMB filteraction=Block name=BlockSMB',
    ):
        assert session.execute(line).ok, line
    out = run(session, ':tree "block 445"')
    assert out.startswith("IPsec policies (local store)\n└── policy: Block 445\n")
    for text in ("├── rule: BlockSMB", "filterlist: SMB", "dstport: 445", "action: block"):
        assert text in out
    assert "guid" not in out
    completer = NetshCompleter(session)
    doc = Document('set rule policy="Block 445" name=')
    assert [c.text for c in completer.get_completions(doc, CompleteEvent())] == ["BlockSMB"]


def test_rich_tree_leaves_the_last_column_free() -> None:
    # A full-width line wraps on some consoles; :tree filled all 80 columns.
    import re

    node = Node("root", [Node("description: " + "x" * 200)])  # folded at the width
    plain = re.sub(r"\x1b\[[0-9;]*m", "", render_rich(node, 80))
    assert max(len(line) for line in plain.splitlines()) < 80
