"""A send's explanation says what the trainee needs: RSVP by name, a boot exemption
with swapped ports, a setting stored but not in effect until a restart."""

from __future__ import annotations

from pathlib import Path

from netshpy.host import Host
from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file
from netshpy.session import Session


def _open(name: str, tmp_path: Path) -> Lab:
    return Lab.from_file(find_lab_file(name), tmp_path / name, fresh=True, deterministic=True)


def test_rsvp_is_named(tmp_path: Path) -> None:
    with _open("default-exemptions", tmp_path) as lab:
        result = lab.send("SRV1", "DC1", "rsvp")
        assert result.summary.startswith("SRV1 -> DC1 RSVP:")
        assert " 46" not in result.text()


def test_a_swapped_boot_exemption_is_explained(tmp_path: Path) -> None:
    with _open("startup-security", tmp_path) as lab:
        lab.run("SRV1", "ipsec dynamic set config property=bootmode value=block")
        lab.run(
            "SRV1", 'ipsec dynamic set config property=bootexemptions value="TCP:3389:0:inbound"'
        )
        lab.reboot("SRV1", start_service=False)
        text = lab.send("ADMIN", "SRV1", "tcp", 3389).text()
        assert "TCP:3389:0:inbound has its ports swapped" in text
        assert "TCP:0:3389:inbound exempts destination port 3389" in text
        # and the grader says the same of the setting
        assert "its ports are swapped" in lab.check().text()


def test_a_pending_ipsecexempt_is_explained(tmp_path: Path) -> None:
    with _open("default-exemptions", tmp_path) as lab:
        assert lab.run("SRV1", "ipsec dynamic set config property=ipsecexempt value=2").ok
        result = lab.send("SRV1", "DC1", "udp", 88)
        assert result.outcome == "failed"
        assert "ipsecexempt=2 is stored but takes effect only after SRV1 restarts" in result.text()
        # traffic the stored value would not exempt gets no such note
        assert "ipsecexempt" not in lab.send("SRV1", "DC1", "tcp", 445).text()
        lab.reboot("SRV1")
        result = lab.send("SRV1", "DC1", "udp", 88)
        assert result.outcome == "clear" and "is stored but" not in result.text()


def test_tree_names_protocols(tmp_path: Path) -> None:
    s = Session(Host(tmp_path, deterministic=True), interactive=False)
    for line in (
        "ipsec static add filterlist name=L",
        "ipsec static add filter filterlist=L srcaddr=me dstaddr=any protocol=TCP dstport=80",
        "ipsec static add filter filterlist=L srcaddr=me dstaddr=any protocol=46",
        "ipsec static add filteraction name=A action=block",
        "ipsec static add policy name=P",
        "ipsec static add rule name=R policy=P filterlist=L filteraction=A",
    ):
        assert s.execute(line).ok, line
    out = s.execute(":tree P").output
    assert "protocol: TCP" in out and "protocol: RSVP" in out
    assert "protocol: 6" not in out and "protocol: 46" not in out


class _Terminal:
    """What the emulator asks of the REPL: its width."""

    def __init__(self, columns: int) -> None:
        self.columns = columns

    def terminal_width(self) -> int:
        return self.columns


def _visible(text: str) -> list[str]:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()


def test_emulator_output_fits_the_terminal_without_breaking_words(tmp_path: Path) -> None:
    with _open("dh2048", tmp_path) as lab:
        plain = lab.session()
        wide = plain.execute(":ping SRV1 XP1").output
        assert max(len(line) for line in wide.splitlines()) > 80  # one step a line off a terminal
        s = lab.session()
        s.state("repl")["repl"] = _Terminal(80)
        for line in (":ping SRV1 XP1", ":check", ":hint", ":exercise", ":lab"):
            out = s.execute(line).output
            assert all(len(row) < 80 for row in _visible(out)), line
        out = s.execute(":ping SRV1 XP1").output
        assert out.split() == wide.split()  # the same words, none broken
        s.lab_rich = True
        table = s.execute(":check").output
        assert all(len(row) < 80 for row in _visible(table))
        assert sum("Keep group 2048" in row for row in _visible(table)) == 1


def test_connect_to_xp_fits_the_terminal(tmp_path: Path) -> None:
    # The "no netsh ipsec on XP" note was one 120-column line, broken inside a word at 80.
    with _open("dh2048", tmp_path) as lab:
        s = lab.session()
        s.state("repl")["repl"] = _Terminal(80)
        out = s.execute(":connect XP1").output
        assert "ipseccmd" in out
        assert all(len(row) < 80 for row in _visible(out))


def test_connect_to_xp_names_a_command_that_works(tmp_path: Path) -> None:
    # For a lab file of one's own the note said "--lab my-lab", which finds no lab.
    import shutil

    from netshpy.lab.shipped import find_lab_file

    mine = tmp_path / "my-lab.toml"
    shutil.copy(find_lab_file("dh2048"), mine)
    with Lab.from_file(mine, tmp_path / "state", fresh=True, deterministic=True) as lab:
        out = lab.session().execute(":connect XP1").output
        assert f"--lab {mine.resolve()} --connect XP1" in out and ":cmd ipseccmd" in out
    with _open("dh2048", tmp_path) as lab:
        assert "--lab dh2048 --connect XP1" in lab.session().execute(":connect XP1").output
