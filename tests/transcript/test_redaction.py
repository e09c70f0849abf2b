"""Preshared keys stay out of recordings, whatever the tag looks like (issue 12, item 9).

Every path a key took into a file in clear: an abbreviated tag (``ps=``) in
``--record`` and ``:save``, a key stored before the recording started shown
by ``show rule`` and ``dump``, ``ipseccmd``'s ``PRESHARE:`` and ``netsh`` typed
at a command prompt. The live console still shows the key; replay of the
masked recording passes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from netshpy.host import Host
from netshpy.session import Session
from netshpy.transcript.record import Recorder, attach_log
from netshpy.transcript.redact import redact_line, restore_line
from netshpy.transcript.replay import load, replay

KEY = "TopSecretKey2"
SETUP = [
    "ipsec static",
    "add policy name=P",
    "add filterlist name=FL",
    "add filter filterlist=FL srcaddr=me dstaddr=any",
    "add filteraction name=FA action=negotiate",
]


def _record(host: Host, path: Path, lines: list[str]) -> str:
    session = Session(host)
    attach_log(session)
    recorder = Recorder(path)
    try:
        for line in lines:
            prompt = session.prompt
            result = session.execute(line)
            recorder.add(session, line, result.output, prompt=prompt)
        recorder.close()
        session.execute(f":save {path.with_suffix('.saved.txt')}")
    finally:
        session.close()
    return path.read_text(encoding="utf-8")


def test_an_abbreviated_tag_is_masked_in_record_and_save(tmp_path: Path) -> None:
    host = Host(tmp_path / "state", deterministic=True)
    lines = [*SETUP, f"add rule name=R policy=P filterlist=FL filteraction=FA ps={KEY}"]
    try:
        recorded = _record(host, tmp_path / "rec.txt", lines)
    finally:
        host.close()
    saved = (tmp_path / "rec.saved.txt").read_text(encoding="utf-8")
    for text in (recorded, saved):
        assert KEY not in text
        assert "filteraction=FA ps=***\n" in text
    assert replay(load(tmp_path / "rec.txt")).ok
    assert replay(load(tmp_path / "rec.saved.txt")).ok


def test_keys_stored_before_the_recording_are_masked_in_show_and_dump(tmp_path: Path) -> None:
    host = Host(tmp_path / "state", deterministic=True)
    try:
        earlier = Session(host)
        for line in [*SETUP, f'add rule name=R policy=P filterlist=FL filteraction=FA psk="{KEY}"']:
            assert earlier.execute(line).ok
        earlier.close()
        live = Session(host)
        shown = live.execute("ipsec static show rule name=R policy=P").output
        live.close()
        assert f"Preshared Key: {KEY}" in shown  # the console shows what netsh shows
        recorded = _record(
            host,
            tmp_path / "rec.txt",
            ["ipsec static", "show rule name=R policy=P", "dump", "show all"],
        )
    finally:
        host.close()
    saved = (tmp_path / "rec.saved.txt").read_text(encoding="utf-8")
    for text in (recorded, saved):
        assert KEY not in text
        assert "Preshared Key: ***" in text
        assert 'psk="***"' in text


def test_a_short_stored_key_is_masked_where_a_field_shows_it(tmp_path: Path) -> None:
    host = Host(tmp_path / "state", deterministic=True)
    try:
        earlier = Session(host)
        for line in [*SETUP, "add rule name=R policy=P filterlist=FL filteraction=FA psk=Zq9"]:
            assert earlier.execute(line).ok
        earlier.close()
        recorded = _record(
            host, tmp_path / "rec.txt", ["ipsec static", "show rule name=R policy=P", "dump"]
        )
    finally:
        host.close()
    assert "Zq9" not in recorded


def test_keys_in_the_dynamic_context_and_by_position(tmp_path: Path) -> None:
    host = Host(tmp_path / "state", deterministic=True)
    lines = [
        "ipsec dynamic",
        "add mmpolicy name=MM mmsecmethods=3DES-SHA1-2",
        f'add rule srcaddr=10.0.0.1 dstaddr=10.0.0.2 mmpolicy=MM actioninbound=permit actionoutbound=permit PS = "{KEY} x"',
        "show all",
    ]
    try:
        recorded = _record(host, tmp_path / "rec.txt", lines)
    finally:
        host.close()
    assert KEY not in recorded
    assert 'PS = "***"' in recorded
    assert replay(load(tmp_path / "rec.txt")).ok


def _recorded_line(host: Host, tmp_path: Path, prompt: str, line: str) -> str:
    """The input line as a recording writes it."""
    path = tmp_path / "one.txt"
    recorder = Recorder(path)
    recorder.add(Session(host), line, "", prompt=prompt)
    recorder.close()
    return path.read_text(encoding="utf-8").splitlines()[-1].removeprefix(prompt)


def test_a_key_given_by_position_is_found_by_meaning(host: Host, tmp_path: Path) -> None:
    """No tag at all: the tenth value of ``add rule`` is its psk."""
    line = f"add rule R P FL FA 0 all yes Desc no {KEY}"
    masked = _recorded_line(host, tmp_path, "netsh ipsec static>", line)
    assert masked == "add rule R P FL FA 0 all yes Desc no ***"
    spec = Session(host).spec
    assert redact_line(spec, "netsh ipsec static>", line) == (masked, [KEY])
    assert restore_line(spec, "netsh ipsec static>", masked, "k3y!") == line.replace(KEY, "k3y!")


def test_tags_that_mean_something_else_are_left_alone(host: Host) -> None:
    spec = Session(host).spec
    line = "add rule name=R p=P filterlist=FL filteraction=FA"  # p is policy, not psk
    assert redact_line(spec, "netsh ipsec static>", line) == (line, [])


def test_command_prompt_lines_netsh_and_ipseccmd(host: Host, tmp_path: Path) -> None:
    cases = {
        f'netsh -c "ipsec static" add rule name=R policy=P filterlist=FL filteraction=FA ps={KEY}': (
            'netsh -c "ipsec static" add rule name=R policy=P filterlist=FL filteraction=FA ps=***'
        ),
        f"netsh ipsec static set rule name=R policy=P PSK = {KEY}": (
            "netsh ipsec static set rule name=R policy=P PSK = ***"
        ),
        f'ipseccmd -f 0+192.168.0.1 -a PRESHARE:"{KEY} x" -1s 3DES-SHA-2': (
            'ipseccmd -f 0+192.168.0.1 -a PRESHARE:"***" -1s 3DES-SHA-2'
        ),
        f'ipsecpol -f 0+192.168.0.1 -a KERBEROS "preshare:{KEY} x"': (
            'ipsecpol -f 0+192.168.0.1 -a KERBEROS PRESHARE:"***"'
        ),
    }
    for line, expected in cases.items():
        assert _recorded_line(host, tmp_path, "C:\\>", line) == expected, line


def test_a_recorded_ipseccmd_transcript_replays(tmp_path: Path) -> None:
    """transcripts/36 types its key in clear: masked as a recording would, it still passes."""
    source = Path(__file__).resolve().parents[2] / "transcripts" / "36-ipseccmd-dynamic.txt"
    text = source.read_text(encoding="utf-8")
    assert 'PRESHARE:"secret key"' in text
    masked = text.replace('PRESHARE:"secret key"', 'PRESHARE:"***"').replace(
        "#! computer-name: XP1", "#! computer-name: XP1\n#! psk: secret key"
    )
    path = tmp_path / "36.txt"
    path.write_text(masked, encoding="utf-8")
    assert replay(load(path)).ok


def test_the_cli_records_masked_and_shows_the_key(tmp_path: Path) -> None:
    """``netshpy --record`` through the plain reader: console in clear, file masked."""
    record = tmp_path / "rec.txt"
    lines = [*SETUP, f"add rule name=R policy=P filterlist=FL filteraction=FA ps={KEY}", "dump"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netshpy",
            "--state-dir",
            str(tmp_path / "s"),
            "--deterministic",
            "--plain",
            "--record",
            str(record),
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert f'psk="{KEY}"' in done.stdout
    text = record.read_text(encoding="utf-8")
    assert KEY not in text
    assert replay(load(record)).ok
