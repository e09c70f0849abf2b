""":snapshot saves and restores the whole emulated computer, from any front end."""

from __future__ import annotations

from netshpy.session import Session


def _lists(session: Session) -> str:
    return session.execute("ipsec static show filterlist all format=table").output


def test_save_and_restore(session: Session) -> None:
    session.execute("ipsec static add filterlist name=Before")
    session.execute("ipsec dynamic set config property=ikelogging value=1")
    assert session.execute(":snapshot save start").ok
    session.execute("ipsec static add filterlist name=After")
    session.execute("ipsec dynamic set config property=ikelogging value=0")
    assert "After" in _lists(session)
    assert session.execute(":snapshot restore start").ok
    assert "Before" in _lists(session) and "After" not in _lists(session)
    assert "IKELogging             : 1" in session.execute("ipsec dynamic show config").output


def test_list_delete_and_errors(session: Session) -> None:
    assert "no snapshots" in session.execute(":snapshot list").output
    session.execute(":snapshot save one")
    session.execute(":snapshot save two")
    assert session.execute(":snapshot").output == "one\ntwo\n"
    assert session.execute(":snapshot delete one").ok
    assert session.execute(":snapshot list").output == "two\n"
    for bad in (
        ":snapshot restore one",
        ":snapshot save ../x",
        ":snapshot frob x",
        ":snapshot save",
    ):
        result = session.execute(bad)
        assert not result.ok and result.output.startswith("netshpy: "), bad


def test_a_batch_is_written_before_the_snapshot(session: Session) -> None:
    session.execute("ipsec static")
    session.execute("set batch enable")
    session.execute("add filterlist name=Batched")
    session.execute(":snapshot save s")
    session.execute("delete filterlist name=Batched")
    session.execute(":snapshot restore s")
    assert "Batched" in _lists(session)


def test_script_replays_the_typed_lines(session: Session, tmp_path) -> None:
    from netshpy.host import Host
    from netshpy.transcript.record import attach_log

    attach_log(session)  # as every interactive front end does at start
    typed = (
        "ipsec static",
        "add policy P1",
        ":tree",
        "add filter ?",
        "bogus",
        "add filterlist L1",
        "?",
        "..",
    )
    for line in typed:
        session.execute(line)
    script = tmp_path / "typed.netsh"
    assert session.execute(f":script {script}").ok
    body = script.read_text().splitlines()
    assert body[1:] == ["ipsec static", "add policy P1", "add filterlist L1", ".."]
    other = Session(Host(tmp_path / "other", deterministic=True))
    results = other.run_script(script.read_text().splitlines())
    assert all(r.ok for r in results)
    assert "P1" in other.execute("ipsec static show policy name=P1").output


def test_dot_names_never_touch_the_state_folder(session: Session) -> None:
    # ":snapshot save .." removed the whole state folder (files netshpy did not make too).
    state = session.host.state_dir
    (state / "mine.txt").write_text("not netshpy's")
    session.execute(":snapshot save keep")
    for bad in (
        ":snapshot save ..",
        ":snapshot save .",
        ":snapshot delete ..",
        ":snapshot delete .",
        ":snapshot restore ..",
    ):
        result = session.execute(bad)
        assert not result.ok and result.output.startswith("netshpy: usage"), bad
    assert (state / "mine.txt").read_text() == "not netshpy's"
    assert session.execute(":snapshot list").output == "keep\n"
