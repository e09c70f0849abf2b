"""Golden show screens: the KB 4471134 block-445 sequence and a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import KB4471134, golden, run_all, static_session


def test_kb4471134_block_445(tmp_path: Path) -> None:
    session = static_session(tmp_path / "s")
    assert run_all(session, ["delete all", *KB4471134]) == ""  # success prints nothing
    golden("kb4471134_show_policy_all.txt", session.execute("show policy all").output)
    golden(
        "kb4471134_show_filterlist_all_verbose.txt",
        session.execute("show filterlist all level=verbose").output,
    )
    session.close()


SCREENS = [
    ("fresh_show_all.txt", "show all"),
    ("fresh_show_all_table.txt", "show all format=table"),
    ("fresh_show_policy_verbose.txt", 'show policy name="Server (Request Security)" level=verbose'),
    ("fresh_show_policy_table.txt", "show policy all format=table wide=no"),
    ("fresh_show_filteraction_all.txt", "show filteraction all level=verbose"),
    ("fresh_show_filteraction_table.txt", "show filteraction all format=table"),
    ("fresh_show_filterlist_normal.txt", "show filterlist all"),
    ("fresh_show_filterlist_table.txt", "show filterlist all format=table level=verbose"),
    ("fresh_show_rule_all.txt", 'show rule all policy="Secure Server (Require Security)"'),
    (
        "fresh_show_rule_default.txt",
        'show rule default policy="Client (Respond Only)" level=verbose',
    ),
    ("fresh_show_store.txt", "show store"),
]


@pytest.mark.parametrize(("name", "line"), SCREENS)
def test_fresh_store_screens(tmp_path: Path, name: str, line: str) -> None:
    session = static_session(tmp_path / "s")
    result = session.execute(line)
    assert result.ok, result.output
    golden(name, result.output)
    session.close()
