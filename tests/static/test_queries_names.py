"""query.names: the cheap name lookup completion uses."""

from __future__ import annotations

from pathlib import Path

from netshpy.static import query

from .helpers import static_session


def test_names_of_each_kind(tmp_path: Path) -> None:
    session = static_session(tmp_path / "s")
    for line in (
        "delete all",
        "add policy P1",
        "add policy P2",
        "add filteraction Block action=block",
        "add filter filterlist=L1 srcaddr=me dstaddr=any",
        "add rule name=R1 policy=P1 filterlist=L1 filteraction=Block",
        "add rule name=R2 policy=P2 filterlist=L1 filteraction=Block",
    ):
        assert session.execute(line).ok, line
    host = session.host
    assert sorted(query.names(host, "policy")) == ["P1", "P2"]
    assert query.names(host, "filterlist") == ["L1"]
    assert query.names(host, "filteraction") == ["Block"]
    assert sorted(query.names(host, "rule")) == ["R1", "R2"]
    assert query.names(host, "rule", policy="p2") == ["R2"]  # names match in any case
    assert query.names(host, "policy", location="persistent") == []
