"""The end of list screens: parsers written against Windows keep every record.

A public Python IP blocker (2017, reference 3P S17) reads ``show filterlist
name=X level=verbose`` and ``show policy all`` by splitting the output on
blank lines and dropping the last chunk (the filters after the ``---------``
line) or the last two chunks (policies), then reading every line of the other
chunks as ``label : value``. These tests parse netshpy's screens the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import run_all, static_session


def _chunks(text: str, drop: int) -> list[dict[str, str]]:
    """Split on blank lines, drop the last *drop* chunks, read ``label : value`` lines."""
    records = []
    for chunk in text.split("\n\n")[:-drop]:
        fields = {}
        for line in chunk.strip().split("\n"):
            label, value = line.split(":", 1)  # a line without a colon raises, as there
            fields[label.strip()] = value.strip()
        records.append(fields)
    return records


def _filters(text: str) -> list[dict[str, str]]:
    start = text.find("---------")
    assert start != -1
    return _chunks(text[start + 10 :], 1)


@pytest.mark.parametrize("count", [1, 2, 5])
def test_named_filter_list_keeps_every_filter(tmp_path: Path, count: int) -> None:
    session = static_session(tmp_path)
    lines = [f"add filter filterlist=Ban srcaddr=10.0.0.{i} dstaddr=me" for i in range(count)]
    assert run_all(session, lines) == ""
    out = session.execute("show filterlist name=Ban level=verbose").output
    filters = _filters(out)
    assert [f["Source IP Address"] for f in filters] == [f"10.0.0.{i}" for i in range(count)]
    assert all(f["Destination IP Address"] == "<My IP Address>" for f in filters)


def test_policy_all_keeps_every_policy_including_the_last(tmp_path: Path) -> None:
    session = static_session(tmp_path)
    assert session.execute("add policy name=Blocker assign=yes").output == ""
    policies = _chunks(session.execute("show policy all").output, 2)
    names = [p["Policy Name"] for p in policies]
    assert names == [
        "Client (Respond Only)",
        "Secure Server (Require Security)",
        "Server (Request Security)",
        "Blocker",
    ]
    assert policies[-1]["Assigned"] == "YES"


def test_policy_all_with_a_single_policy(tmp_path: Path) -> None:
    session = static_session(tmp_path)
    run_all(session, ["delete all", "add policy name=Only"])
    policies = _chunks(session.execute("show policy all").output, 2)
    assert [p["Policy Name"] for p in policies] == ["Only"]


@pytest.mark.parametrize(
    ("command", "label", "drop"),
    [
        ("show filterlist all", "FilterList Name", 2),
        ("show filteraction all", "FilterAction Name", 2),
        ("show policy all", "Policy Name", 2),
        ("show filterlist name=Ban", "FilterList Name", 1),
        ("show filteraction name=Block", "FilterAction Name", 1),
        ("show policy name=Blocker", "Policy Name", 1),
    ],
)
def test_every_list_screen_ends_the_same_way(
    tmp_path: Path, command: str, label: str, drop: int
) -> None:
    session = static_session(tmp_path)
    run_all(
        session,
        [
            "add filter filterlist=Ban srcaddr=10.0.0.1 dstaddr=me",
            "add filteraction name=Block action=block",
            "add policy name=Blocker",
        ],
    )
    out = session.execute(command).output
    kept = out.split("\n\n")[:-drop]
    everything = [c for c in out.split("\n\n") if c.strip().startswith(label)]
    assert kept and [c for c in kept if c.strip().startswith(label)] == everything, out
    assert out.endswith("\n\n")
