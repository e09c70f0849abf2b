"""dump round trip, exportpolicy/importpolicy, hostile import files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netshpy.computer.drives import drives

from .helpers import KB4471134, run_all, static_session, without_ids

VARIED = [
    *KB4471134,
    'add filterlist name="Web servers" description="Front end"',
    'add filter filterlist="Web servers" srcaddr=10.1.0.0 srcmask=16 dstaddr=me protocol=TCP'
    ' dstport=443 mirrored=no description="https in"',
    'add filter filterlist="Web servers" srcaddr=DNS dstaddr=me protocol=UDP srcport=53',
    "add filter filterlist=Dns www.example.com any",
    "add filteraction name=Secure qmpfs=yes soft=yes inpass=yes"
    ' qmsec="AH[MD5]:204800k/300s ESP[DES,SHA1]:30000k/480s AH[SHA1]+ESP[3DES,MD5]"',
    'add policy name=Tunnelled description="with tunnel" mmpfs=yes mmlifetime=60'
    ' pollinginterval=30 activatedefaultrule=no mmsec="3DES-SHA1-3 DES-MD5-1"',
    'add rule name=T1 policy=Tunnelled filterlist="Web servers" filteraction=Secure'
    ' tunnel=192.168.1.1 conntype=lan psk="pre shared" kerberos=yes'
    ' rootca="C=US,O=Test,CN=Root certmap:yes excludecaname:no"',
    "add rule name=T2 policy=Tunnelled filterlist=Dns filteraction=block activate=no",
    "set defaultrule policy=Tunnelled qmpfs=yes qmsec=ESP[3DES,SHA1]:50000k/600s",
]


def test_dump_round_trip(tmp_path: Path) -> None:
    source = static_session(tmp_path / "a")
    assert run_all(source, VARIED) == ""
    script = source.execute("dump").output
    expected = source.execute("show all").output
    (tmp_path / "script.txt").write_text(script, encoding="utf-8")

    target = static_session(tmp_path / "b")
    target.execute("delete all")
    target.execute("..")
    target.execute("..")
    results = target.run_script(script.splitlines())
    assert [r.output for r in results if r.output] == []
    target.execute("ipsec static")
    assert without_ids(target.execute("show all").output) == without_ids(expected)
    source.close()
    target.close()


def test_export_import_round_trips_exactly(tmp_path: Path) -> None:
    source = static_session(tmp_path / "a")
    run_all(source, VARIED)
    out = source.execute("exportpolicy file=C:\\pol").output
    # .ipsec appended; the file is on the emulated C: drive, inside the state folder
    assert out == "" and (tmp_path / "a" / "drives" / "C" / "pol.ipsec").is_file()
    drives(source.host).copy_to_host("C:\\pol.ipsec", tmp_path / "pol.ipsec")
    target = static_session(tmp_path / "b")
    drives(target.host).copy_from_host(tmp_path / "pol.ipsec", "C:\\WINDOWS\\Temp")
    target.execute("delete all")
    assert target.execute("importpolicy \\windows\\temp\\POL").output == ""
    assert target.execute("show all").output == source.execute("show all").output
    # importing again replaces objects with the same GUIDs: nothing doubles
    target.execute("importpolicy C:/Windows/Temp/pol.ipsec")
    assert target.execute("show all").output == source.execute("show all").output
    source.close()
    target.close()


def test_export_into_a_missing_folder_fails_as_windows_does(tmp_path: Path) -> None:
    session = static_session(tmp_path / "s")
    out = session.execute("exportpolicy file=C:\\Policies\\x.ipsec").output
    assert out == "The system cannot find the path specified.\n"
    assert not list((tmp_path / "s" / "drives" / "C").glob("*olicies*"))
    assert session.execute("exportpolicy file=Q:\\x.ipsec").output == (
        "The system cannot find the drive specified.\n"
    )
    assert session.execute('exportpolicy file="C:\\a<b"').output == (
        "The filename, directory name, or volume label syntax is incorrect.\n"
    )
    session.close()


def _valid_document(tmp_path: Path) -> dict:
    session = static_session(tmp_path / "src")
    session.execute("exportpolicy C:\\good.ipsec")
    data = drives(session.host).read_bytes("C:\\good.ipsec")
    session.close()
    return json.loads(data)


def _resign(document: dict) -> dict:
    from netshpy.static.portable import _digest

    document["sha256"] = _digest(document["data"])
    return document


HOSTILE = {
    "not json": lambda d: b"\x00\xffMZ binary junk",
    "deep nesting": lambda d: b"[" * 100000 + b"]" * 100000,
    "wrong format": lambda d: json.dumps({**d, "format": "other"}).encode(),
    "tampered": lambda d: json.dumps({**d, "data": {**d["data"], "policies": []}}).encode(),
    "extra field": lambda d: json.dumps(_resign({**d, "data": {**d["data"], "x": 1}})).encode(),
    "dangling rule": lambda d: json.dumps(
        _resign(
            {
                **d,
                "data": {**d["data"], "filterlists": []},
            }
        )
    ).encode(),
    "bad port": lambda d: json.dumps(
        _resign(json.loads(json.dumps(d).replace('"dstport": 0', '"dstport": 99999', 1)))
    ).encode(),
    "future version": lambda d: json.dumps({**d, "version": 99}).encode(),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_import_is_rejected_and_store_unchanged(tmp_path: Path, kind: str) -> None:
    document = _valid_document(tmp_path)
    session = static_session(tmp_path / "t")
    drives(session.host).write_bytes("C:\\bad.ipsec", HOSTILE[kind](document))
    run_all(session, ["delete all", "add policy Mine"])
    before = session.execute("show all").output
    result = session.execute("importpolicy C:\\bad.ipsec")
    assert not result.ok and result.output.startswith("ERR IPsec[05041]")
    assert session.execute("show all").output == before
    session.close()


def test_import_missing_file(tmp_path: Path) -> None:
    session = static_session(tmp_path / "t")
    out = session.execute("importpolicy nope").output
    assert out == "The system cannot find the file specified.\n"
    out = session.execute("importpolicy C:\\nowhere\\nope").output
    assert out == "The system cannot find the path specified.\n"
    session.close()
