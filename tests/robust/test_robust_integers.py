"""Integers in every place netsh reads one: ASCII digits only, any length (issue 12).

``int()`` refuses more than 4,300 digits and reads ``'٣'`` as 3;
``str.isdigit()`` accepts ``'²'``, which ``int()`` then refuses. Each of
these used to reach ``int()`` and end in an internal error, or be accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netshpy import Emulator
from netshpy.values import HUGE, decimal

BIG = "9" * 4301


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        (" +3 ", 3),
        ("-0", 0),
        ("007", 7),
        ("²", None),
        ("٣", None),
        ("+-3", None),
        ("", None),
        ("3 4", None),
        (BIG, HUGE),
        ("-" + BIG, -HUGE),
        ("0" * 5000 + "12", 12),
    ],
)
def test_decimal(text: str, value: int | None) -> None:
    assert decimal(text) == value


INVALID = "ERR IPsec[05027] : Invalid value"
CASES = [
    (f"ipsec dynamic set config property=ipsecexempt value={BIG}", "ERR IPsec[05028] : Value"),
    ("ipsec dynamic set config property=ipsecexempt value=²", "ERR IPsec[05113] : Invalid value"),
    ("ipsec dynamic set config property=ipsecexempt value=٣", "ERR IPsec[05113] : Invalid value"),
    ("ipsec dynamic set config property=ipsecexempt value=+-3", "ERR IPsec[05113] : Invalid"),
    (
        f"ipsec dynamic set config property=bootexemptions value=TCP:{BIG}:80:inbound",
        "ERR IPsec[05113] : Invalid value",
    ),
    (f"ipsec static add filter filterlist=FL srcaddr=me dstaddr=any protocol={BIG}", "ERR"),
    ("ipsec static add filter filterlist=FL srcaddr=me dstaddr=any protocol=٣", INVALID),
    (f"ipsec static add filter filterlist=FL srcaddr=10.0.0.1 dstaddr=any srcmask={BIG}", "ERR"),
    (f'ipsec static add policy name=P mmsec="DES-MD5-{BIG}"', "ERR IPsec[05029]"),
    (f"ipsec static add policy name=P qmpermm={BIG}", INVALID),
    (f'ipsec static add filteraction name=A qmsec="ESP[DES,SHA1]:{BIG}k/300s"', "ERR IPsec[05030]"),
    ('ipsec static add filteraction name=A qmsec="ESP[DES,SHA1]:2147483648k/300s"', "ERR"),
    (f"ipsec dynamic add mmpolicy name=M mmlifetime={BIG}", INVALID),
]


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.run("ipsec static add filterlist name=FL").check()
        yield emulator


@pytest.mark.parametrize(("line", "error"), CASES, ids=[c[0][:60] for c in CASES])
def test_integers_get_netsh_errors(emu: Emulator, line: str, error: str) -> None:
    result = emu.run(line)
    assert not result.ok
    assert result.output.startswith(error), result.output[:120]


def test_accepted_values_survive_export_and_import(tmp_path: Path) -> None:
    """What the commands accept, a policy file holds and imports again."""
    with Emulator() as emu:
        for line in (
            "ipsec static add policy name=P qmpermm=4294967295 mmlifetime=-5 "
            "pollinginterval=4294967295",
            'ipsec static add filteraction name=A qmsec="ESP[DES,SHA1]:0k/2147483647s"',
            "ipsec static exportpolicy file=C:\\all",
        ):
            emu.run(line).check()
        emu.drives.copy_to_host("C:\\all.ipsec", tmp_path)
    with Emulator() as emu:
        emu.drives.copy_from_host(tmp_path / "all.ipsec", "C:\\")
        emu.run("ipsec static importpolicy file=C:\\all.ipsec").check()
        assert "P" in emu.run("ipsec static show policy name=P").output


@pytest.fixture(scope="module")
def lab_session(tmp_path_factory: pytest.TempPathFactory):
    from netshpy.lab.model import load_lab
    from netshpy.lab.runtime import Lab

    labs = Path(__file__).resolve().parents[2] / "labs"
    lab = Lab(load_lab(labs / "netsh-only.toml"), tmp_path_factory.mktemp("lab"))
    yield lab.session()
    lab.close()


@pytest.mark.parametrize("number", ["²", "٣", BIG, "-1", "+1"])
@pytest.mark.parametrize(
    "line", [":history {n}", ":hint {n}", ":exercise {n}", ":capture show {n}", ":send A B tcp {n}"]
)
def test_colon_command_numbers(lab_session, line: str, number: str) -> None:
    """ASCII digits only; the command's own usage or range message, never a traceback."""
    result = lab_session.execute(line.format(n=number))
    assert "internal error" not in result.output
    if line.startswith(":history") and number == BIG:
        return  # a valid count: all of the history
    assert not result.ok, result.output[:200]
    assert result.output.startswith("netshpy: ") or "no exercise" in result.output, result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("ipseccmd -f 0+*:²", "Error: ² is not a valid port."),
        (f"ipseccmd -f 0+*:{BIG}", f"Error: {BIG} is not a valid port."),
        ("ipseccmd -f 0+*::²", "Error: ² is not a valid protocol."),
        (f"ipseccmd -f 0+*::{BIG}", f"Error: {BIG} is not a valid protocol."),
        ("ipseccmd -1e ²", "Error: ² is not a valid number."),
        (f"ipseccmd -1e {BIG}", f"Error: {BIG} is not a valid number."),
        ("ipseccmd -f 1٣.0.0.1+*", "Error: 1٣.0.0.1 is not a valid address."),
        ("ipseccmd -f 1٣.0.0.*+*", "Error: 1٣.0.0.* is not a valid address."),
    ],
)
def test_ipseccmd_numbers(tmp_path: Path, line: str, error: str) -> None:
    """ipseccmd's values went through str.isdigit() and int() (status 70), or read '٣' as 3."""
    with Emulator(tmp_path / "xp", os="xp") as emu:
        assert emu.cmd(line).output.startswith(error + "\n")


@pytest.mark.parametrize("number", [BIG + "K", BIG + "S"])
def test_ipseccmd_lifetimes_and_rekeys_of_4301_digits(tmp_path: Path, number: str) -> None:
    with Emulator(tmp_path / "xp", os="xp") as emu:
        for line in (f"ipseccmd -f 0+* -n ESP[DES,MD5]{number}", f"ipseccmd -f 0+* -1k {number}"):
            result = emu.cmd(line)
            assert "internal error" not in result.output
