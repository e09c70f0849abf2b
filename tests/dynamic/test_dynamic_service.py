"""The IPsec service: life cycle, persistence across processes, config, boot mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.dynamic import get_service
from netshpy.host import Host
from netshpy.session import Session

ROOT = Path(__file__).resolve().parents[2]


def _add_rule(run):
    run("ipsec dynamic add mmpolicy name=mm")
    run(
        "ipsec dynamic add rule srcaddr=me dstaddr=any mmpolicy=mm actioninbound=block actionoutbound=block"
    )


@pytest.mark.parametrize("how", ["stop_start", "reboot"])
def test_dynamic_changes_are_lost(session, run, how):
    _add_rule(run)
    service = get_service(session.host)
    if how == "reboot":
        service.reboot()
    else:
        service.stop()
        assert "05077" in run("ipsec dynamic show rule")
        service.start()
    assert "05110" in run("ipsec dynamic show rule")
    assert "05108" in run("ipsec dynamic show mmpolicy all")


def test_every_spd_command_fails_while_stopped(session, run):
    get_service(session.host).stop()
    lines = [
        "add mmpolicy name=x",
        "add qmpolicy name=x",
        "add rule srcaddr=me dstaddr=any mmpolicy=x",
        "delete all",
        "delete mmpolicy all",
        "delete qmpolicy all",
        "delete rule me any ANY 0 0 yes all",
        "set mmpolicy all qmpermm=1",
        "set qmpolicy name=x soft=yes",
        "set rule me any ANY 0 0 yes all actioninbound=block",
        "show all",
        "show mmpolicy all",
        "show qmpolicy all",
        "show mmfilter all",
        "show qmfilter all",
        "show rule",
        "show mmsas",
        "show qmsas",
        "show stats",
    ]
    for line in lines:
        result = session.execute("ipsec dynamic " + line)
        assert result.code == 5077, line
    # Configuration and dump are registry-like and still work.
    assert run("ipsec dynamic set config ikelogging 1") == ""
    assert "IKELogging             : 1" in run("ipsec dynamic show config")
    assert "set config property=ikelogging value=1" in run("ipsec dynamic dump")


def test_second_session_in_same_process_sees_same_spd(host, run):
    _add_rule(run)
    other = Session(host)
    assert "1 Rule(s)" in other.execute("ipsec dynamic show rule").output


def test_another_host_object_on_same_state_dir_sees_the_spd(tmp_path):
    a = Host(tmp_path / "s", deterministic=True)
    Session(a).execute("ipsec dynamic add mmpolicy name=shared")
    b = Host(tmp_path / "s")
    assert "shared" in Session(b).execute("ipsec dynamic show mmpolicy all").output
    # A stop made through b is seen by a's in-memory service at its next access.
    get_service(b).stop()
    assert Session(a).execute("ipsec dynamic show mmpolicy all").code == 5077


def _netshpy(state: Path, *argv: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "netshpy", "--state-dir", str(state), *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.stderr == ""
    return done.stdout


def test_cross_process_spd(tmp_path):
    state = tmp_path / "x"
    assert _netshpy(state, "ipsec", "dynamic", "add", "mmpolicy", "name=cross") == ""
    assert "cross" in _netshpy(state, "ipsec", "dynamic", "show", "mmpolicy", "all")
    out = _netshpy(state, "--cmd", "net stop policyagent")
    assert "was stopped successfully" in out
    assert "05077" in _netshpy(state, "ipsec", "dynamic", "show", "mmpolicy", "all")
    _netshpy(state, "--cmd", "net start policyagent")
    assert "05108" in _netshpy(state, "ipsec", "dynamic", "show", "mmpolicy", "all")


def test_config_ranges_and_persistence(session, run):
    cases = {
        "ipsecdiagnostics": (0, 7),
        "ikelogging": (0, 1),
        "strongcrlcheck": (0, 2),
        "ipsecloginterval": (60, 86400),
        "ipsecexempt": (0, 3),
    }
    for prop, (low, high) in cases.items():
        for good in (low, high):
            assert run(f"ipsec dynamic set config {prop} value={good}") == "", prop
        for bad in (low - 1, high + 1):
            result = session.execute(f"ipsec dynamic set config {prop} value={bad}")
            assert result.code == 5028, (prop, bad)
            assert f"Valid range is {low}-{high}." in result.output
        assert session.execute(f"ipsec dynamic set config {prop} value=x").code == 5113
    assert session.execute("ipsec dynamic set config bootmode value=open").code == 5113
    assert session.execute('ipsec dynamic set config bootexemptions value="TCP:0:80"').code == 5113
    assert session.execute("ipsec dynamic set config nosuch value=1").code == 5027
    run("ipsec dynamic set config bootmode value=block")
    run('ipsec dynamic set config bootexemptions value="TCP:0:3389:inbound UDP:0:53:outbound"')
    get_service(session.host).stop()
    fresh = Session(Host(session.host.state_dir))
    out = fresh.execute("ipsec dynamic show config").output
    # Windows prints the stored values and no word of Windows' own about the restart
    assert "Boot Mode              : block\n" in out
    assert "TCP:0:3389:inbound\n                         UDP:0:53:outbound\n" in out
    assert "takes effect" not in out
    from netshpy.dynamic.render import pending_note

    note = pending_note(get_service(fresh.host).config)
    assert "bootmode=block, bootexemptions=TCP:0:3389:inbound UDP:0:53:outbound" in note
    assert note.endswith("(takes effect after the computer restarts)")
    run("ipsec dynamic set config bootexemptions value=none")
    assert "Boot Exemptions        : NONE" in run("ipsec dynamic show config")


def test_config_defaults_screen(run):
    golden = ROOT / "tests" / "golden" / "dynamic" / "show_config.txt"
    assert run("ipsec dynamic show config") == golden.read_text(encoding="utf-8")


def test_reboot_applies_pending_config_and_boot_state(session, run):
    service = get_service(session.host)
    assert service.boot_state.active is False and service.driver_mode == "policy"
    run("ipsec dynamic set config bootmode value=block")
    run('ipsec dynamic set config bootexemptions value="TCP:0:3389:inbound"')
    run("ipsec dynamic set config ikelogging value=1")
    assert service.config.effective["ikelogging"] == 1  # honoured at once
    assert service.boot_state.mode == "stateful"  # block waits for the reboot
    service.reboot(start_service=False)
    state = service.boot_state
    assert state.active and state.mode == "block"
    assert [str(e) for e in state.exemptions] == ["TCP:0:3389:inbound"]
    assert service.driver_mode == "boot"
    assert "05077" in run("ipsec dynamic show rule")
    assert "(takes effect" not in run("ipsec dynamic show config")
    service.start()
    assert service.boot_state.active is False and service.driver_mode == "policy"
    service.stop()
    assert service.driver_mode == "permit"


def test_damaged_state_files_do_not_crash(host, run):
    (host.state_dir / "service").mkdir(parents=True, exist_ok=True)
    (host.state_dir / "service" / "spd.json").write_text("{not json")
    (host.state_dir / "ipsec-config.json").write_text(
        '{"values": {"ipsecexempt": 99, "bootmode": 3}}'
    )
    assert "05108" in run("ipsec dynamic show mmpolicy all")
    assert "IPSecExempt            : 3" in run("ipsec dynamic show config")


# ---- the simulated command prompt ---------------------------------------------

NET_STOP = (
    "The IPSEC Services service is stopping.\n"
    "The IPSEC Services service was stopped successfully.\n\n"
)
NET_START = (
    "The IPSEC Services service is starting.\n"
    "The IPSEC Services service was started successfully.\n\n"
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["net stop policyagent"], NET_STOP),
        (['net stop "IPSEC Services"'], NET_STOP),
        (
            ["net stop policyagent", "net stop PolicyAgent"],
            "The IPSEC Services service is not started.\n\n"
            "More help is available by typing NET HELPMSG 3521.\n\n",
        ),
        (["net stop policyagent", 'net start "ipsec services"'], NET_START),
        (
            ["net start policyagent"],
            "The requested service has already been started.\n\n"
            "More help is available by typing NET HELPMSG 2182.\n\n",
        ),
        (
            ["net stop ipsec"],
            "The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.\n\n",
        ),
        (
            ["sc stop policyagent", "sc stop policyagent"],
            "[SC] ControlService FAILED 1062:\n\nThe service has not been started.\n\n",
        ),
        (
            ["sc start policyagent"],
            "[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n\n",
        ),
        (
            ["sc query IPSEC"],
            "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\n"
            "The specified service does not exist as an installed service.\n\n",
        ),
        (["shutdown /r /t 0"], ""),
    ],
)
def test_prompt_service_messages(host, lines, expected):
    prompt = CommandPrompt(host)
    for line in lines[:-1]:
        prompt.run(line)
    assert prompt.run(lines[-1]).output == expected


def test_sc_query_block(host):
    prompt = CommandPrompt(host)
    out = prompt.run("sc query policyagent").output
    assert out.startswith(
        "\nSERVICE_NAME: policyagent\n        TYPE               : 20  WIN32_SHARE_PROCESS\n"
    )
    assert "STATE              : 4  RUNNING\n" in out
    prompt.run("sc stop policyagent")
    assert "STATE              : 1  STOPPED\n" in prompt.run("sc query policyagent").output
    assert "START_PENDING" in prompt.run("sc start policyagent").output
    assert "DISPLAY_NAME: IPSEC Services" in prompt.run("sc query").output
    assert "IPSEC Services" in prompt.run("net start").output
    assert "NET [ ACCOUNTS" in prompt.run("net").output
    assert "USAGE:" in prompt.run("sc").output
    assert "Usage: shutdown" in prompt.run("shutdown").output


def test_shutdown_restarts_and_loses_dynamic_state(host, run):
    _add_rule(run)
    CommandPrompt(host).run("shutdown /r")
    assert "05110" in run("ipsec dynamic show rule")
    assert get_service(host).running
