"""Real-world netsh ipsec lines (tests/data/real_world_scripts.toml) run as netsh runs them.

Every line of every script runs, in order, at the command prompt of a fresh
emulated Windows Server 2003 computer. A line Windows accepts prints no error;
a line Windows refuses (the script's ``rejects``) prints netsh's message and
changes nothing the later lines rely on. Together the scripts cover tagged and
positional arguments, quoting, ``name = x`` spacing, abbreviated tags, me/any,
masks and prefixes, ports, and every static and dynamic command family.

Isolation: the whole transcript corpus and this corpus run with an empty
current directory; afterwards nothing exists outside the emulated computers'
state folders (exportpolicy, exec, importpolicy and ``dump > FILE`` use the
computer's drives, inside its state folder).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from netshpy.cmdprompt import CommandPrompt
from netshpy.host import Host
from netshpy.transcript import replay as replay_module
from netshpy.transcript.replay import Settings, load, replay

DATA = Path(__file__).resolve().parent / "data" / "real_world_scripts.toml"
SCRIPTS = tomllib.loads(DATA.read_text(encoding="utf-8"))["script"]
ERRORS = (
    "ERR ",
    "The following command was not found",
    "is not a valid argument",
    "The syntax supplied",
    "One or more essential parameters",
    "The system cannot",
    "is not recognized",
)


def run_script(state: Path, script: dict) -> list[tuple[str, str]]:
    """(line, output) of the script's setup and lines, run at a fresh computer's prompt."""
    host = Host(state, deterministic=True)
    prompt = CommandPrompt(host)
    out = []
    for line in [*script.get("setup", []), *script["lines"]]:
        out.append((line, prompt.run(line).output))
    host.close()
    return out


@pytest.mark.parametrize("script", SCRIPTS, ids=[s["source"][:60] for s in SCRIPTS])
def test_real_world_lines_run_as_netsh_runs_them(tmp_path: Path, script: dict) -> None:
    rejects = script.get("rejects", {})
    assert set(rejects) <= set(script["lines"]), "a reject that is not a line of the script"
    for line, output in run_script(tmp_path / "state", script):
        if line in rejects:  # netsh's message (a usage block may follow it)
            assert output.strip().split("\n")[0] == rejects[line], line
        else:
            assert not any(e in output for e in ERRORS), f"{line}\n{output}"


def _lines() -> list[str]:
    return [line for s in SCRIPTS for line in s["lines"]]


def test_the_corpus_covers_what_scripts_use() -> None:
    text = "\n".join(_lines()).lower()
    for needle in (
        "qmsec=",
        "mmsec=",
        "mir=",
        "mirror=",
        "proto=",
        "srca=",
        "name = ",
        "name =",
        "mmpfs= yes",
        "srcaddr=me",
        "dstaddr=any",
        "srcmask=24",
        "srcmask=255.0.0.0",
        "dstport=445",
        "psk=",
        'filterlist "domain controllers"',
        "filter=china_block",
    ):
        assert needle in text, needle
    families = {
        tuple(line.split()[1:5])
        for line in _lines()
        if line.lower().split()[0] in ("netsh", "netsh.exe")
    }
    verbs = {(f[1].lower(), f[2].lower()) for f in families if len(f) > 2}
    for context, verb in [
        ("static", "add"),
        ("static", "set"),
        ("static", "delete"),
        ("static", "show"),
        ("static", "exportpolicy"),
        ("dynamic", "add"),
        ("dynamic", "set"),
        ("dynamic", "delete"),
    ]:
        assert (context, verb) in verbs, (context, verb)


TRANSCRIPTS = Path(__file__).resolve().parent.parent / "transcripts"


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_corpora_leave_nothing_outside_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    scratches: list[Path] = []

    class KeptTemporaryDirectory:
        """The replay's temporary folder, kept for inspection."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            self.name = str(tmp_path / "replay" / str(len(scratches)))
            Path(self.name).mkdir(parents=True)
            scratches.append(Path(self.name))

        def __enter__(self) -> str:
            return self.name

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(replay_module.tempfile, "TemporaryDirectory", KeptTemporaryDirectory)
    states = tmp_path / "states"
    named: list[set[str]] = []  # files `:` emulator commands write on the host, by design
    for path in sorted(TRANSCRIPTS.glob("*.txt")):
        state = states / f"t-{path.stem}"
        transcript = load(path)
        outcome = replay(transcript, Settings(state_dir=str(state)))
        assert outcome.ok, path.name
        named.append(
            {w for s in transcript.steps if s.text.startswith(":") for w in s.text.split()}
        )
    for i, script in enumerate(SCRIPTS):
        run_script(states / f"s-{i}", script)
    assert len(scratches) == len(list(TRANSCRIPTS.glob("*.txt")))
    assert _files(cwd) == []
    for scratch, allowed in zip(scratches, named, strict=True):
        assert [p for p in _files(scratch) if p.name not in allowed] == [], scratch
    replays = tmp_path / "replay"
    outside = [p for p in _files(tmp_path) if states not in p.parents and replays not in p.parents]
    assert outside == []
    # the corpora did write files: on the computers' drives, inside their state folders
    assert any(p.suffix == ".ipsec" for p in _files(states))
