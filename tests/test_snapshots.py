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


# ---- issue 12: names that are paths, files netshpy did not create ----------------


def test_dot_names_are_refused_and_nothing_is_deleted(tmp_path) -> None:
    from netshpy.host import Host

    project = tmp_path / "proj"
    project.mkdir()
    (project / "notes.txt").write_text("mine")
    (project / "src").mkdir()
    (project / "src" / "main.c").write_text("int main;")
    session = Session(Host(project / "state", deterministic=True))
    session.execute("ipsec static add filterlist name=L")
    for verb in ("save", "restore", "delete"):
        for name in ("..", ".", "...", ".hidden", "a/b", "..\\x"):
            result = session.execute(f":snapshot {verb} {name}")
            assert not result.ok and result.output.startswith("netshpy: "), (verb, name)
    assert (project / "notes.txt").read_text() == "mine"
    assert (project / "src" / "main.c").exists()
    session.close()


def test_a_state_folder_with_foreign_files_keeps_them(tmp_path) -> None:
    from netshpy.host import Host

    state = tmp_path / "proj"
    state.mkdir()
    (state / "notes.txt").write_text("mine")
    session = Session(Host(state, deterministic=True))
    session.execute("ipsec static add filterlist name=Before")
    assert session.execute(":snapshot save start").ok
    assert not (state / "snapshots" / "start" / "notes.txt").exists()
    (state / "later.txt").write_text("also mine")
    assert session.execute(":snapshot restore start").ok
    assert (state / "notes.txt").read_text() == "mine"
    assert (state / "later.txt").read_text() == "also mine"
    assert "Before" in _lists(session)
    session.close()


def test_every_entry_a_busy_computer_makes_is_a_state_entry(tmp_path) -> None:
    """A part that adds a top-level entry must list it in snapshots.STATE_ENTRIES."""
    from netshpy import Emulator
    from netshpy.snapshots import STATE_ENTRIES

    with Emulator(state_dir=tmp_path / "s") as emu:
        for line in (
            "ipsec static add policy name=P",
            "ipsec static set store location=persistent",
            "ipsec static add filterlist name=L",
            "ipsec static set store location=domain domain=corp.example",
            "ipsec static add filterlist name=D",
            "ipsec dynamic set config property=ikelogging value=1",
            "ipsec dynamic add mmpolicy name=M",
            "add helper x.dll",
            "ipsec static exportpolicy file=C:\\x",
            ":snapshot save s1",
        ):
            emu.run(line)
        emu.cmd("shutdown /r")
    made = {p.name for p in (tmp_path / "s").iterdir()} - {"snapshots"}
    assert made <= STATE_ENTRIES, made - STATE_ENTRIES
