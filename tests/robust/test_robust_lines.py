"""Every line front end, in every situation: netsh's error text, never a traceback.

The session is fuzzed inside each context (static with real objects, batch
mode, dynamic with an SPD, the service stopped, offline mode, a lab
computer); emulator ``:`` commands and the simulated command prompt get
random arguments.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netshpy import colon_commands
from netshpy.cmdprompt import CommandPrompt
from netshpy.host import Host
from netshpy.lab.model import load_lab
from netshpy.lab.runtime import Lab
from netshpy.session import Session

from .kit import FAST, INTERNAL, NETSH_ERROR, WORDS

pytestmark = pytest.mark.filterwarnings("ignore")
LABS = Path(__file__).resolve().parents[2] / "labs"

SETUPS = {
    "static": [
        "ipsec static",
        "add policy name=P1",
        "add filterlist name=FL",
        "add filter filterlist=FL srcaddr=me dstaddr=any",
        "add filteraction name=FA action=negotiate",
        "add rule name=R1 policy=P1 filterlist=FL filteraction=FA",
    ],
    "batch": ["ipsec static", "set batch enable", "add policy name=B1"],
    "dynamic": [
        "ipsec dynamic",
        'add mmpolicy name=M1 mmsec="3DES-SHA1-2"',
        "add qmpolicy name=Q1",
        "add rule srcaddr=10.0.0.1 dstaddr=10.0.0.2 mmpolicy=M1 qmpolicy=Q1",
    ],
    "stopped": ["ipsec dynamic"],
    "offline": ["set mode offline", "ipsec static"],
}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Session]]:
    """One prepared session per situation, plus a session on a lab computer."""
    built = {}
    for name, lines in SETUPS.items():
        host = Host(tmp_path_factory.mktemp(name), deterministic=True)
        if name == "stopped":
            CommandPrompt(host).run("net stop policyagent")
        session = Session(host)
        for line in lines:
            assert session.execute(line).ok, line
        built[name] = session
    assert not built["stopped"].execute("show mmpolicy all").ok  # the service is stopped
    lab = Lab(load_lab(LABS / "netsh-only.toml"), tmp_path_factory.mktemp("lab"))
    built["lab"] = lab.session()
    yield built
    for session in built.values():
        session.close()
        session.host.close()
    lab.close()


def _check(session: Session, line: str) -> None:
    context = session.context
    result = session.execute(line)
    assert isinstance(result.output, str)
    assert INTERNAL not in result.output
    if not result.ok:
        assert NETSH_ERROR.match(result.output), result.output[:200]
    session.finished = False  # keep fuzzing after "exit"
    session.context = context  # ... and inside the context under test


@pytest.mark.parametrize("where", [*SETUPS, "lab"])
@FAST
@given(words=st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=10))
def test_lines_in_every_situation(sessions: dict[str, Session], where: str, words) -> None:
    _check(sessions[where], " ".join(words))


EMULATOR_ARGS = st.sampled_from(
    ["", "x", "-1", "0", "99999999999", "clear", "P1", "SRV2", "..", "\x00", "é", "a b"]
    + ["{tmp}", "{tmp}/f/sub", "/dev/null", "off", "on", "2", "/", "--x"]
)


@pytest.mark.parametrize("where", ["static", "lab"])
@FAST
@given(
    name=st.sampled_from(sorted(colon_commands.commands()) + ["", "h", "zz", "RE"]),
    argv=st.lists(EMULATOR_ARGS | st.text(max_size=6), max_size=3),
)
def test_emulator_commands_with_random_arguments(
    sessions: dict[str, Session],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    name: str,
    argv: list[str],
) -> None:
    tmp = tmp_path_factory.getbasetemp() / "emulator-files"
    tmp.mkdir(exist_ok=True)
    (tmp / "f").write_text("a file where a folder is expected")
    monkeypatch.chdir(tmp)  # :save, :record and :result write relative names here
    args = " ".join(shlex.quote(a.replace("{tmp}", str(tmp))) for a in argv)
    _check(sessions[where], f":{name} {args}")


CMD_WORDS = st.sampled_from(
    ["net", "sc", "shutdown", "netsh", "echo", "ver", "hostname", "start", "stop", "query"]
    + ["config", "policyagent", "start=", "auto", "disabled", "/r", "/s", "/t", "/a", "-r"]
    + ["0", "/?", "-f", "-c", "-a", '"', "ipsec", "static", "show", "all", "\x00", "--cmd"]
    + ["--state-dir", "--lab", "--replay", "@", "::", "rem", "cls", "exit", "netsh.exe"]
)


@FAST
@given(words=st.lists(CMD_WORDS | st.text(max_size=6), max_size=8))
def test_command_prompt_lines(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, words
) -> None:
    monkeypatch.chdir(tmp_path_factory.getbasetemp())
    prompt = CommandPrompt(Host(tmp_path_factory.getbasetemp() / "cmd", deterministic=True))
    result = prompt.run(" ".join(words))
    assert isinstance(result.output, str) and isinstance(result.errorlevel, int)
    assert INTERNAL not in result.output


@pytest.mark.parametrize(
    "line",
    [
        ":save a\x00b",
        ":record a\x00b",
        ":history 99999999999999999999999",
        ":history -5",
        ":tree \x00",
        ":exercise 0",
        ":hint -1",
    ],
)
def test_emulator_regressions(
    sessions: dict[str, Session], line: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # :save and :record write relative names here
    _check(sessions["static"], line)
    sessions["static"].execute(":record off")


@pytest.mark.parametrize(
    "line", ["netsh -f a\x00b", "netsh exec a\x00b", "net start \x00", "shutdown /t 1e999"]
)
def test_command_prompt_regressions(host: Host, line: str) -> None:
    result = CommandPrompt(host).run(line)
    assert "Traceback" not in result.output and INTERNAL not in result.output


@pytest.mark.parametrize(
    "line",
    [
        "add policy name=Big mmlifetime=99999999999999999999",
        "add policy name=Big qmpermm=99999999999999999999",
        "add policy name=Big pollinginterval=-99999999999999999999",
        "set policy name=P1 mmlifetime=4294967296",
    ],
)
def test_integers_beyond_32_bits_are_invalid_values(
    sessions: dict[str, Session], line: str
) -> None:
    """They reached SQLite and overflowed (an internal error) before."""
    result = sessions["static"].execute(line)
    assert not result.ok and result.output.startswith("ERR IPsec[05027] : Invalid value"), (
        result.output
    )
