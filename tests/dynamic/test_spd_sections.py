"""A dynamic command reads only the parts of the SPD it needs (issue 12, item 11).

Each check opens the computer afresh (as a new one-shot process would), runs
one command and looks at which SPD sections the service read from its state
file (``service.tables.loads``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.dynamic import get_service
from netshpy.host import Host
from netshpy.session import Session

RULES = 30


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """A computer with two policies and RULES dynamic rules."""
    path = tmp_path / "s"
    session = Session(Host(path, deterministic=True))
    lines = ["ipsec dynamic add mmpolicy name=mm", "ipsec dynamic add qmpolicy name=qm"]
    lines += [
        f"ipsec dynamic add rule srcaddr=10.0.0.{i} dstaddr=me mmpolicy=mm qmpolicy=qm"
        for i in range(1, RULES + 1)
    ]
    for line in lines:
        assert session.execute(line).ok, line
    session.host.close()
    return path


def _run(state: Path, line: str) -> tuple[str, list[str]]:
    """Output of *line* on a freshly opened computer, and the sections it read."""
    host = Host(state, deterministic=True)
    try:
        output = Session(host).execute(line).output
        return output, list(get_service(host).tables.loads)
    finally:
        host.close()


def _rule_count(state: Path) -> int:
    out, _ = _run(state, "ipsec dynamic show rule")
    line = next(x for x in out.splitlines() if "Rule(s)" in x)
    return int(line.split()[0])


@pytest.mark.parametrize(
    "line",
    [
        "ipsec dynamic show mmpolicy all",
        "ipsec dynamic show qmpolicy name=qm",
        "ipsec dynamic show stats",
        "ipsec dynamic show config",
        "ipsec dynamic set config property=ikelogging value=1",
        "ipsec dynamic set mmpolicy name=mm qmpermm=2",
    ],
)
def test_commands_about_policies_and_config_never_read_the_rules(state: Path, line: str) -> None:
    out, loads = _run(state, line)
    assert "ERR" not in out
    assert "rules" not in loads


def test_show_config_reads_no_spd_section(state: Path) -> None:
    _, loads = _run(state, "ipsec dynamic show config")
    assert loads == []


def test_one_rule_is_added_changed_and_deleted_without_reading_the_others(state: Path) -> None:
    rule = "srcaddr=172.16.0.1 dstaddr=me"
    ident = f"{rule} protocol=any srcport=0 dstport=0 mirrored=yes conntype=all"
    out, loads = _run(state, f"ipsec dynamic add rule {rule} mmpolicy=mm qmpolicy=qm")
    assert out == "" and "rules" not in loads
    out, loads = _run(state, f"ipsec dynamic add rule {rule} mmpolicy=mm qmpolicy=qm")
    assert "05104" in out and "rules" not in loads  # the same identity is refused
    out, loads = _run(state, f"ipsec dynamic set rule {ident} actioninbound=block")
    assert out == "" and "rules" not in loads
    shown, loads = _run(state, "ipsec dynamic show rule srcaddr=172.16.0.1")
    assert "rules" in loads and "Block" in shown
    assert _rule_count(state) == RULES + 1
    out, loads = _run(state, f"ipsec dynamic delete rule {ident}")
    assert out == "" and "rules" not in loads
    out, _ = _run(state, f"ipsec dynamic delete rule {ident}")
    assert "05105" in out or "ERR" in out
    assert _rule_count(state) == RULES


def test_a_policy_in_use_is_found_without_reading_the_rules(state: Path) -> None:
    out, loads = _run(state, "ipsec dynamic delete mmpolicy name=mm")
    assert "ERR IPsec" in out and "rules" not in loads
    out, _ = _run(state, "ipsec dynamic add mmpolicy name=spare")
    out, loads = _run(state, "ipsec dynamic delete mmpolicy name=spare")
    assert out == "" and "rules" not in loads


def test_an_assigned_policy_is_applied_before_the_dynamic_rules_without_reading_them(
    state: Path,
) -> None:
    lines = [
        "ipsec static add filterlist name=fl",
        "ipsec static add filter filterlist=fl srcaddr=me dstaddr=192.168.5.5",
        "ipsec static add filteraction name=fa action=block",
        "ipsec static add policy name=p assign=yes",
        "ipsec static add rule name=r policy=p filterlist=fl filteraction=fa",
    ]
    session = Session(Host(state, deterministic=True))
    for line in lines:
        assert session.execute(line).ok, line
    session.host.close()
    out, loads = _run(state, "ipsec dynamic show mmpolicy all")
    assert "p\n" in out or "Policy Name" in out
    assert "rules" not in loads
    shown, _ = _run(state, "ipsec dynamic show rule")
    assert shown.index("192.168.5.5") < shown.index("10.0.0.1")  # policy-derived first
    assert _rule_count(state) == RULES + 1
    session = Session(Host(state, deterministic=True))
    assert session.execute("ipsec static set policy name=p assign=no").ok
    session.host.close()
    _, loads = _run(state, "ipsec dynamic show qmpolicy all")
    assert "rules" not in loads
    assert _rule_count(state) == RULES


def test_an_unchanged_section_is_not_written_again(state: Path) -> None:
    host = Host(state, deterministic=True)
    try:
        assert Session(host).execute("ipsec dynamic show rule").ok
        service = get_service(host)
        before = service.db.generation()
        writes = []
        service.db.write = lambda sql, params=(): writes.append(sql)  # type: ignore[method-assign]
        service.db.write_many = lambda sql, rows: writes.append(sql)  # type: ignore[method-assign]
        service.tables.write_section("rules", service.spd.rules)
        assert writes == []
        assert service.db.generation() == before
    finally:
        host.close()
