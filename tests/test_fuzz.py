"""Property-based: no command line, however broken, makes the session raise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netshpy import spec
from netshpy.host import Host
from netshpy.session import Session

SPEC = spec.load()
WORDS = sorted(
    {w for c in SPEC.commands() for w in c.context + c.words}
    | {p.tag + "=" for c in SPEC.commands() for p in c.params}
    | {
        "me",
        "any",
        "yes",
        "no",
        "all",
        '"x y"',
        "=",
        "?",
        "/?",
        "..",
        "3DES-SHA1-3",
        "ESP[3DES,SHA1]",
    }
)
NETSH_ERROR = re.compile(
    r"^(The following command was not found: |'.*' is not a valid argument for this command\.|"
    r"The syntax supplied for this command is not valid\.|One or more essential parameters|"
    r"ERR IPsec\[\d{5}\] : |The context stack is empty\.|The system cannot find the file|"
    r"The following helper is not available|The alias '|Helper |netshpy: )",
)

pytestmark = pytest.mark.filterwarnings("ignore")
SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture(scope="module")
def fuzz_session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return Session(Host(Path(tmp_path_factory.mktemp("fuzz")), deterministic=True))


def _check(session: Session, line: str) -> None:
    result = session.execute(line)
    assert isinstance(result.output, str)
    if not result.ok:
        assert NETSH_ERROR.match(result.output), result.output[:200]
    session.finished = False  # keep fuzzing after an "exit"


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text(fuzz_session: Session, line: str) -> None:
    _check(fuzz_session, line)


@SETTINGS
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=12))
def test_word_salad(fuzz_session: Session, words: list[str]) -> None:
    _check(fuzz_session, " ".join(words))


@SETTINGS
@given(
    st.sampled_from(SPEC.commands()),
    st.lists(st.tuples(st.sampled_from(WORDS), st.text(max_size=12)), max_size=6),
)
def test_real_commands_with_mutated_arguments(fuzz_session: Session, command, pairs) -> None:
    args = " ".join(f"{tag}{'' if tag.endswith('=') else '='}{value}" for tag, value in pairs)
    _check(fuzz_session, f"{command.full_name} {args}")


@pytest.mark.parametrize(
    "line",
    [
        "a" * 100_000,
        "ipsec static add filterlist " + "x" * 50_000,
        '"' * 1000,
        "= " * 5000,
        "\x00\x01\x02\x1b[31m",
        "ipsec static add policy name=\u2603 description=\U0001f600",
        "ipsec " * 2000,
    ],
)
def test_extreme_lines(fuzz_session: Session, line: str) -> None:
    _check(fuzz_session, line)


# ---- issue 12's fuzz bar: every entry point, asserting no internal error ----------------
# The generators and targets are shared with benchmarks/fuzz.py (the long run).

from robust import fuzzkit  # noqa: E402

ENTRY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@pytest.fixture(scope="module")
def emulators(tmp_path_factory: pytest.TempPathFactory):
    pool = fuzzkit.Emulators(tmp_path_factory.mktemp("fuzz-api"))
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder four levels deep: a fuzzed '--state-dir ../..' stays in the test's temp."""
    folder = tmp_path_factory.mktemp("fuzz-work") / "a" / "b" / "c" / "d"
    folder.mkdir(parents=True)
    return folder


@settings(ENTRY, max_examples=200)
@given(fuzzkit.api_cases)
def test_api_on_every_windows_version(emulators, case: fuzzkit.ApiCase) -> None:
    """netsh lines in every context, ':' commands, the C:\\> prompt with ipseccmd/ipsecpol."""
    fuzzkit.run_api(emulators, case)


@settings(ENTRY, max_examples=40)
@given(fuzzkit.cli_cases)
def test_cli_argv_and_stdin(work: Path, case: fuzzkit.CliCase) -> None:
    fuzzkit.run_cli(work, case)


@settings(ENTRY, max_examples=3)
@given(fuzzkit.process_cases)
def test_cli_process_with_raw_bytes(work: Path, case: fuzzkit.CliCase) -> None:
    """A real process: undecodable argv, random stdin bytes, strict and ASCII streams."""
    fuzzkit.run_process(work, case)


@settings(ENTRY, max_examples=15)
@given(fuzzkit.transcripts(), st.booleans())
def test_mutated_transcripts_replay(work: Path, transcript: tuple[str, str], cast: bool) -> None:
    """Replay (and cast export) passes or reports failures; never an internal error."""
    fuzzkit.run_transcript(work, *transcript, cast=cast)


@settings(ENTRY, max_examples=15)
@given(fuzzkit.lab_files(), st.lists(fuzzkit.LAB_LINES, max_size=3), st.booleans())
def test_mutated_lab_files_load_and_start(
    work: Path, lab: tuple[str, str], lines: list[str], cli: bool
) -> None:
    """Loaded and started by the lab runtime, or through ``netshpy --lab`` (twice)."""
    fuzzkit.run_lab(work, *lab, lines, cli=cli)
