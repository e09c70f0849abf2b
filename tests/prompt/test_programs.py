"""The command prompt's programs: ver per OS, ipconfig, help, cd/dir/type, ping through the lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from netshpy.api import Emulator
from netshpy.cmdprompt import CommandPrompt
from netshpy.prompt import command, registry


@pytest.mark.parametrize(
    ("os_id", "version"),
    [
        ("2000", "Microsoft Windows 2000 [Version 5.00.2195]"),
        ("xp", "Microsoft Windows XP [Version 5.1.2600]"),
        ("xp-sp2", "Microsoft Windows XP [Version 5.1.2600]"),
        ("2003", "Microsoft Windows [Version 5.2.3790]"),
    ],
)
def test_ver(os_id: str, version: str) -> None:
    with Emulator(os=os_id) as pc:
        assert pc.cmd("ver").output == f"\n{version}\n"


def test_ipconfig_and_help() -> None:
    with Emulator(os="xp") as pc:
        out = pc.cmd("ipconfig").output
        assert "        IP Address. . . . . . . . . . . . : 192.168.0.10\n" in out
        assert pc.cmd("ipconfig /renew").errorlevel == 1
        assert "Host Name . . . . . . . . . . . . : WINXP" in pc.cmd("ipconfig /all").output
        listing = pc.cmd("help").output
        assert listing.startswith("For more information on a specific command")
        assert "IPSECCMD" in listing and "IPSECPOL" not in listing


def test_cd_dir_type() -> None:
    with Emulator(os="xp") as pc:
        assert "<DIR>          WINDOWS" in pc.cmd("dir").output
        assert pc.cmd("cd windows").ok
        assert pc.cmd("cd").output.lower() == "c:\\windows\n"
        assert pc.cmd("cd nowhere").output == "The system cannot find the path specified.\n"
        assert pc.cmd("cd \\").ok
        assert pc.cmd("dir nowhere").output == "File Not Found\n"
        assert not pc.cmd("type C:\\nothing.txt").ok
        log = pc.state_dir / "debug" / "oakley.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("3-01: 10:00:00:000 hello\n")
        assert pc.cmd("type C:\\WINDOWS\\debug\\oakley.log").output == "3-01: 10:00:00:000 hello\n"


def test_windows_2000_lives_in_winnt() -> None:
    """%SystemRoot% is C:\\WINNT on Windows 2000: the folder, its hosts file and oakley.log."""
    with Emulator(os="2000") as pc:
        listing = pc.cmd("dir C:\\").output
        assert "<DIR>          WINNT" in listing and "WINDOWS" not in listing
        assert "localhost" in pc.cmd("type C:\\WINNT\\system32\\drivers\\etc\\hosts").output
        log = pc.state_dir / "debug" / "oakley.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("3-01: 10:00:00:000 hello\n")
        assert pc.cmd("type C:\\WINNT\\debug\\oakley.log").output == "3-01: 10:00:00:000 hello\n"
        assert not pc.cmd("type C:\\WINDOWS\\debug\\oakley.log").ok


def test_ping_through_the_lab(tmp_path: Path) -> None:
    from tests.lab.labkit import make_lab, require

    psk = require(auth="psk=k123")
    lab = make_lab(tmp_path, {"os": "xp-sp2", "setup": psk}, {"setup": psk})
    try:
        a = CommandPrompt(lab.host("A"))
        b = CommandPrompt(lab.host("B"))
        out = b.run("ping A").output
        assert "Pinging A [" in out and "\nNegotiating IP Security.\nReply from" in out
        assert "Received = 3, Lost = 1 (25% loss)" in out
        assert lab.traffic_log[-1].outcome == "secured"
        assert a.run("ping nowhere").errorlevel == 1
    finally:
        lab.close()


def test_ping_outside_a_lab() -> None:
    with Emulator() as pc:
        assert "Received = 4" in pc.cmd("ping localhost").output
        assert "Request timed out." in pc.cmd("ping 10.9.9.9").output
        assert pc.cmd("ping").errorlevel == 1


def test_a_new_program_is_one_registered_function() -> None:
    # What issue #16 does for gpresult: a module that registers; nothing else changes.
    @command("zz-test", "A test program.", available=lambda host: host.os == "xp")
    def _zz(prompt, args, rest):
        return f"zz {args}\n", 3

    try:
        with Emulator(os="xp") as pc:
            result = pc.cmd("zz-test a b")
            assert (result.output, result.errorlevel) == ("zz ['a', 'b']\n", 3)
        with Emulator(os="2003") as pc:
            assert "is not recognized" in pc.cmd("zz-test").output
    finally:
        registry().pop("zz-test", None)


def test_gpresult_outside_a_lab_names_the_computers_own_windows() -> None:
    # An XP computer's gpresult must not say it is a Server 2003 (it did: "5.2.3790").
    with Emulator(os="xp-sp2") as pc:
        out = pc.cmd("gpresult /scope computer").output
        assert "Microsoft Windows XP Professional" in out and "5.1.2600" in out
        assert "Server 2003" not in out and "Terminal Server Mode" not in out
    with Emulator() as pc:
        assert "Server 2003" in pc.cmd("gpresult /scope computer").output


def test_errorlevel_is_expanded() -> None:
    with Emulator(os="xp") as pc:
        pc.cmd("ipseccmd -f 0+* -n block")
        assert pc.cmd("echo %ERRORLEVEL%").output == "1\n"
        assert pc.cmd("echo %errorlevel%").output == "1\n"  # echo leaves it alone
        pc.cmd("ver")
        assert pc.cmd("echo %ERRORLEVEL% %COMPUTERNAME% %NOSUCH%").output == "0 WINXP %NOSUCH%\n"
        pc.cmd("notepad")
        assert pc.cmd("echo %ERRORLEVEL%").output == "9009\n"


def test_windows_2000_names_the_service_ipsec_policy_agent() -> None:
    # Windows 2000's PolicyAgent is "IPSEC Policy Agent" ("IPSEC Services" from XP on).
    with Emulator(os="2000") as w2k:
        out = w2k.cmd("net stop policyagent").output
        assert out.startswith("The IPSEC Policy Agent service is stopping.\n")
        assert "IPSEC Services" not in w2k.cmd("net start").output
        assert w2k.cmd('net start "IPSEC Policy Agent"').output.startswith(
            "The IPSEC Policy Agent service is starting."
        )
        assert "   IPSEC Policy Agent\n" in w2k.cmd("net start").output
        assert "DISPLAY_NAME: IPSEC Policy Agent" in w2k.cmd("sc query").output
    with Emulator(os="xp-sp2") as xp:
        assert xp.cmd("net stop policyagent").output.startswith("The IPSEC Services service")


def test_ipsecpol_names_the_stopped_service_as_windows_2000_does() -> None:
    with Emulator(os="2000") as w2k:
        w2k.cmd("net stop policyagent")
        out = w2k.cmd("ipsecpol -f [0=*:445:TCP]").output
        assert "the IPSEC Policy Agent service is not running" in out


def test_ipconfig_title_on_windows_2000() -> None:
    # Windows 2000's ipconfig says "Windows 2000 IP Configuration" (XP and 2003: "Windows IP ...").
    with Emulator(os="2000") as w2k:
        assert w2k.cmd("ipconfig").output.startswith("\nWindows 2000 IP Configuration\n")
    with Emulator(os="xp") as xp:
        assert xp.cmd("ipconfig /all").output.startswith("\nWindows IP Configuration\n")


@pytest.mark.parametrize("program", ["sc query policyagent", "shutdown /r"])
def test_sc_and_shutdown_need_the_resource_kit_on_2000(program: str) -> None:
    # sc.exe and shutdown.exe are Resource Kit tools on Windows 2000 (native from XP on).
    name = program.split()[0]
    with Emulator(os="2000", tools=()) as pc:
        result = pc.cmd(program)
        assert result.output.startswith(f"'{name}' is not recognized as an internal or external")
        assert result.errorlevel == 9009
        assert "was stopped successfully" in pc.cmd("net stop policyagent").output  # native
    with Emulator(os="2000", tools=("resource-kit",)) as pc:
        assert "is not recognized" not in pc.cmd(program).output
    with Emulator(os="xp", tools=()) as pc:
        assert "is not recognized" not in pc.cmd(program).output
