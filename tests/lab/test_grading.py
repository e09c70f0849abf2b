"""Graders test what the exercise says: wrong answers that meet the letter of an item
but not its instructions fail, right answers pass; hints come one at a time and count."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from netshpy.lab.runtime import Lab
from netshpy.lab.shipped import find_lab_file, shipped_labs

# (lab, the lines of a wrong answer (computer, netsh line or :reboot/:restart), items
# that must fail, a text of the failing item's detail)
WRONG = [
    (
        # CL2's member stopped instead of CL1's: CL2 loses its session
        "nlb",
        [("CL2", ":send CL2 10.0.0.100 tcp 80"), ("NODE3", ":cmd wlbs stop")],
        {1, 2},
        "expected secured",
    ),
    (
        # the CA name hidden, but certificates never mapped: anyone with a Corp certificate gets in
        "certificates",
        [
            (
                "SRV1",
                'ipsec static set rule name=Partners policy="Partner access" '
                'rootca="CN=Corp Root CA certmap:no excludecaname:yes"',
            )
        ],
        {1, 2, 3},
        "mapped no certificate of PART1",
    ),
    (
        # LOST blocked by taking the right away from the whole group: PART1 is refused too
        "certificates",
        [
            (
                "SRV1",
                'ipsec static set rule name=Partners policy="Partner access" '
                'rootca="CN=Corp Root CA certmap:yes"',
            ),
            ("SRV1", ':right SRV1 revoke "CORP\\IPsec Partners"'),
        ],
        {1},
        "grants nobody",
    ),
    (
        # the legacy GPO unlinked instead of the link order fixed
        "rsop",
        [("WEB1", ':gpo unlink "Legacy Web Exemption" Servers/Web')],
        {2},
        "1. 'Web server isolation' (GPO 'Web Server Isolation'); 2. 'Domain clients (request)'",
    ),
    (
        # the legacy link disabled: it no longer applies at all
        "rsop",
        [("WEB1", ':gpo disable "Legacy Web Exemption" Servers/Web')],
        {2},
        "RSoP of WEB1: 1. 'Web server isolation'",
    ),
    (
        # the isolation GPO enforced on the domain instead: every member gets the server
        # policy, and XP1 no longer requests security for its web traffic
        "rsop",
        [
            ("WEB1", ':gpo link "Web Server Isolation" domain'),
            ("WEB1", ':gpo enforce "Web Server Isolation" domain'),
        ],
        {3},
        "",
    ),
    (
        "dh2048",
        [
            (
                "SRV1",
                'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-2 3DES-SHA1-3"',
            )
        ],
        {2, 3},
        "prefers group 2 (1024-bit)",
    ),
    (
        "dh2048",
        [
            (
                "SRV1",
                'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 DES-MD5-1"',
            )
        ],
        {1},
        "group 1 (768-bit) (expected group 2 (1024-bit))",
    ),
    (
        # an empty persistent policy, the block hidden in the domain policy
        "persistent-policy",
        [
            ("SRV1", "ipsec static set store location=persistent"),
            ("SRV1", "ipsec static add policy name=Empty"),
            ("SRV1", "ipsec static set policy name=Empty assign=yes"),
            ("SRV1", "ipsec static set store location=domain"),
            ("SRV1", "ipsec static add filterlist name=SMB"),
            (
                "SRV1",
                "ipsec static add filter filterlist=SMB srcaddr=any dstaddr=me protocol=TCP "
                "dstport=445",
            ),
            ("SRV1", "ipsec static add filteraction name=Block action=block"),
            (
                "SRV1",
                'ipsec static add rule name=B policy="Corp domain policy" filterlist=SMB filteraction=Block',
            ),
        ],
        {2},
        "not by a persistent rule",
    ),
    (
        # a static policy that does nothing, the block still a dynamic rule
        "static-vs-dynamic",
        [
            ("SRV1", "ipsec static add policy name=E"),
            ("SRV1", "ipsec static set policy name=E assign=yes"),
            (
                "SRV1",
                "ipsec dynamic add rule srcaddr=any dstaddr=me protocol=ICMP mmpolicy=mm "
                "actioninbound=block actionoutbound=block",
            ),
        ],
        {3},
        "blocked by a dynamic rule (dynamic rules go when the service restarts), not by a local rule",
    ),
    (
        # PARTNER2 refused because its own policy is gone, not by the mapping
        "certmap",
        [
            # PARTNER2 is XP: a Server 2003 netsh reaches its store with set machine
            ("PARTNER1", "set machine PARTNER2"),
            ("PARTNER1", 'ipsec static set policy name="Corp link" assign=no'),
        ],
        {3},
        "certificate-to-account mapping is not on",
    ),
    (
        "startup-security",
        [
            ("SRV1", "ipsec dynamic set config property=bootmode value=block"),
            ("SRV1", 'ipsec dynamic set config property=bootexemptions value="TCP:3389:0:inbound"'),
            ("SRV1", ":reboot hold"),
        ],
        {2, 4},
        "ports are swapped",
    ),
]


def _open(name: str, tmp_path: Path) -> Lab:
    return Lab.from_file(find_lab_file(name), tmp_path / name, fresh=True, deterministic=True)


def _apply(lab: Lab, lines: list[tuple[str, str]]) -> None:
    for computer, line in lines:
        if line.startswith(":reboot"):
            lab.reboot(computer, start_service="hold" not in line)
        else:
            assert lab.run(computer, line).ok, line


@pytest.mark.parametrize(
    ("name", "lines", "failing", "detail"), WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)]
)
def test_a_wrong_answer_does_not_pass(
    name: str, lines: list[tuple[str, str]], failing: set[int], detail: str, tmp_path: Path
) -> None:
    lab = _open(name, tmp_path)
    try:
        _apply(lab, lines)
        progress = lab.check()
        assert {i.number for i in progress.items if not i.passed} >= failing, progress.text()
        assert not progress.complete
        assert detail in progress.text()
    finally:
        lab.close()


def test_dh2048_the_right_order_passes(tmp_path: Path) -> None:
    lab = _open("dh2048", tmp_path)
    try:
        line = 'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 3DES-SHA1-2"'
        assert lab.run("SRV1", line).ok
        assert all(i.passed for i in lab.check().items[:3])  # the exercise on the order
        # another group-2 fallback is right too
        line = 'ipsec static set policy name="Strong IKE" mmsecmethods="3DES-SHA1-3 3DES-MD5-2"'
        assert lab.run("SRV1", line).ok
        assert all(i.passed for i in lab.check().items[:3])  # the exercise on the order
    finally:
        lab.close()


def test_hints_come_one_at_a_time_and_count(tmp_path: Path) -> None:
    lab = _open("dh2048", tmp_path)
    try:
        s = lab.session()
        first = s.execute(":hint").output
        assert "Hint 1 of 3" in first and "initiator's order" in first
        assert "mmsecmethods=" not in first  # the concept before the command
        assert "Hint 2 of 3" in s.execute(":hint").output
        third = s.execute(":hint 1").output
        assert "Hint 3 of 3" in third and "3DES-SHA1-3 3DES-SHA1-2" in third
        assert "Hint 3 of 3" in s.execute(":hint 1").output  # the last one repeats
        assert "Hint 1 of 3" in s.execute(":hint 3").output
        progress = lab.check()
        assert [i.hints_used for i in progress.items][:3] == [3, 0, 1]
        assert progress.hints_used == 4 and "Hints used: 4" in progress.text()
        # resetting the computers does not take a hint back
        s.execute(":reset")
        assert lab.check().hints_used == 4
        target = tmp_path / "r.json"
        s.execute(f":result {target} Ada")
        doc = json.loads(target.read_text())
        assert [i["hints"] for i in doc["items"]][:3] == [3, 0, 1] and doc["hints"] == 4
        assert doc["statement"]["result"]["extensions"] == {"urn:netshpy:hints": 4}
    finally:
        lab.close()


def test_reset_returns_to_the_start_computer(tmp_path: Path) -> None:
    lab = _open("dh2048", tmp_path)
    try:
        s = lab.session()
        s.execute(":connect SRV2")
        s.execute("set machine XP1")
        s.execute("ipsec static")
        assert s.prompt == "[XP1] netsh ipsec static>"
        s.execute(":reset")
        assert s.prompt == "netsh>" and s.host is lab.host("SRV1")
        assert "* SRV1" in s.execute(":lab").output
    finally:
        lab.close()


def test_check_names_each_exercise_once(tmp_path: Path) -> None:
    lab = _open("dh2048", tmp_path)
    try:
        progress = lab.check()
        title = progress.items[0].exercise
        assert progress.text().count(title) == 1
        from rich.console import Console

        console = Console(width=80, record=True, color_system=None)
        console.print(progress.rich())
        assert console.export_text().count(title) == 1
    finally:
        lab.close()


_TAG_VALUE = re.compile(r"\w=\S")  # a command's tag=value: the answer itself
_COLON_COMMAND = re.compile(r"(^|\s):[a-z]+\s+\S")


@pytest.mark.parametrize("path", shipped_labs(), ids=lambda p: p.stem)
def test_shipped_hints_start_with_the_idea(path: Path) -> None:
    # The first :hint gives the idea, not the command: no tag=value in it, and a
    # lone hint (a caution such as "block only TCP 445") names no command at all.
    from netshpy.lab.model import load_lab

    for exercise in load_lab(path).exercises:
        for item in exercise.items:
            if not item.hints:
                continue
            where = f"{path.name}: {item.description}"
            assert not _TAG_VALUE.search(item.hints[0]), where
            if len(item.hints) == 1:
                assert not _COLON_COMMAND.search(item.hints[0]), where
