"""Files netshpy reads, damaged every way: a clear error or a default, never a traceback.

Policy export files, transcripts, lab files and the REPL config get
hypothesis-mutated contents; every file of the state folder is replaced by
junk (empty, binary, a folder, JSON of the wrong shape). Junk where a static
store belongs is reported and left exactly as it was.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netshpy.computer.drives import drives
from netshpy.host import Host
from netshpy.lab.model import LabError, load_lab
from netshpy.repl import config as repl_config
from netshpy.session import Session
from netshpy.static import portable
from netshpy.transcript.format import TranscriptError, parse

from .kit import FAST, INTERNAL, NETSH_ERROR

pytestmark = pytest.mark.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]

JSON_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(
        ["", "any", "me", "{00000000-0000-0000-0000-000000000001}", "ESP[3DES,SHA1]"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node, at=()):
    """Every (path, value) in a JSON tree."""
    yield at, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*at, i))


def _put(tree, path, value):
    if not path:
        return value
    node = tree
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return tree


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The data of an export holding a policy with a rule, a filter list and an action."""
    folder = tmp_path_factory.mktemp("export")
    session = Session(Host(folder / "state", deterministic=True))
    for line in [
        "ipsec static add filterlist name=FL",
        "ipsec static add filter filterlist=FL srcaddr=me dstaddr=10.0.0.0 dstmask=24",
        "ipsec static add filteraction name=FA action=negotiate qmsec=ESP[3DES,SHA1]",
        "ipsec static add policy name=P1",
        "ipsec static add rule name=R1 policy=P1 filterlist=FL filteraction=FA psk=k",
        "ipsec static exportpolicy file=C:\\x",
    ]:
        assert session.execute(line).ok, line
    data = drives(session.host).read_bytes("C:\\x.ipsec")
    session.close()
    session.host.close()
    return json.loads(data)


@FAST
@given(data=st.data())
def test_importpolicy_of_mutated_files(
    exported: dict, tmp_path_factory: pytest.TempPathFactory, data
) -> None:
    document = json.loads(json.dumps(exported))
    spots = list(_paths(document["data"]))
    for _ in range(data.draw(st.integers(1, 3))):
        path, _old = data.draw(st.sampled_from(spots))
        document["data"] = _put(document["data"], path, data.draw(JSON_JUNK))
        spots = list(_paths(document["data"]))
    try:
        document["sha256"] = portable._digest(document["data"])  # a checksum that matches
    except (TypeError, ValueError):
        pass
    folder = tmp_path_factory.mktemp("import")
    session = Session(Host(folder / "state", deterministic=True))
    drives(session.host).write_text("C:\\m.ipsec", json.dumps(document))
    before = session.execute("ipsec static show all").output
    result = session.execute("ipsec static importpolicy file=C:\\m.ipsec")
    assert INTERNAL not in result.output
    if not result.ok:
        assert NETSH_ERROR.match(result.output), result.output
        assert session.execute("ipsec static show all").output == before  # all or nothing
    session.close()
    session.host.close()


TRANSCRIPT_LINES = st.sampled_from(
    ["netsh>show mode", "netsh ipsec static>", "online", "# netshpy: clock=junk", "#", "..."]
    + ["# netshpy: os=Windows XP", "# netshpy: computer=", "# netshpy: clock=9999-12-31"]
    + ["netsh>", "C:\\>netsh", "re: [", "re: (?P<x", "glob: [", "* ", "\\", "\t", "\ufeff"]
)


@FAST
@given(lines=st.lists(TRANSCRIPT_LINES | st.text(max_size=12), max_size=8))
def test_transcript_parse_of_random_text(lines: list[str]) -> None:
    try:
        parse("\n".join(lines))
    except TranscriptError:
        pass


LAB_VALUES = st.sampled_from(
    ['""', "1", "-1", "true", "[]", "{}", '["x"]', '"10.0.0.999"', '"2003"', '"XP"', "[1, 2]"]
    + ['"lan"', '"SRV1"', '"10.0.0.0/33"', '"junk"', "1e400", '"\\u0000"', "[[1]]", "{a = 1}"]
)


@FAST
@given(data=st.data())
def test_lab_files_mutated(tmp_path: Path, data) -> None:
    source = data.draw(st.sampled_from(sorted((ROOT / "labs").glob("*.toml"))))
    lines = source.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["value", "drop", "dup", "text"]))
        if action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + data.draw(LAB_VALUES)
        elif action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        else:
            lines[i] = data.draw(st.text(max_size=10))
    path = tmp_path / "lab.toml"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        load_lab(path)
    except LabError:
        pass


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[lab]\nname = " + "9" * 4400, "a number is too long"),
        ("a = " + "[" * 100_000, "nested too deeply"),
    ],
)
def test_lab_files_beyond_the_parsers_limits(tmp_path: Path, text: str, reason: str) -> None:
    """A ValueError and a RecursionError from tomllib were internal errors (status 70)."""
    path = tmp_path / "lab.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LabError, match="not valid TOML: .*" + reason):
        load_lab(path)


@pytest.mark.parametrize("text", ["history = " + "9" * 4400, "a = " + "[" * 100_000])
def test_repl_config_beyond_the_parsers_limits(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = repl_config.load(path, create=False)
    assert config.problems and config.history is True


@FAST
@given(
    text=st.text(max_size=60) | st.sampled_from(["history = 1", "color = 'x'", "x = [1", "a.b = 1"])
)
def test_repl_config_with_junk(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    config = repl_config.load(path, create=False)
    assert isinstance(config.history, bool) and config.editing_mode in ("emacs", "vi")


# ---- the state folder ------------------------------------------------------------

COMMANDS = [
    "show helper",
    "add helper bar.dll",
    "delete helper foo.dll",
    "ipsec static show all",
    "ipsec static add policy name=q",
    "ipsec static set store location=persistent",
    "ipsec static show policy all",
    "ipsec static set store location=local",
    "ipsec static set batch enable",
    "ipsec static add filterlist name=fx",
    "ipsec static set batch disable",
    "ipsec static set policy name=p1 assign=yes",
    "ipsec dynamic show all",
    "ipsec dynamic set config ikelogging 0",
    'ipsec dynamic add mmpolicy name=m2 mmsec="3DES-SHA1-2"',
    "ipsec dynamic show mmpolicy all",
    ":tree",
    ":history",
]
JUNK = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "list": b"[1, 2]",
    "null": b"null",
    "truncated": b'{"running": tr',
    "wrong-types": b'{"running": "yes", "spd": [], "applied": 5, "computer_name": 5, '
    b'"domain": [1], "addresses": "x", "values": 3, "foo.dll": [1]}',
    "wrong-types-2": b'{"spd": {"mmpolicies": [{"name": 5}], "rules": "x"}, '
    b'"addresses": [1, null], "computer_name": ["a"], "values": {"ikelogging": "zz"}, "a": {}}',
    "huge-int": b"9" * 5000,
    "deep": b"[" * 100_000,  # RecursionError escaped every JSON reader before
    "deep-object": b'{"a":' * 100_000,
    "utf16": "\ufeff{}".encode("utf-16"),
    "folder": None,
}
STATE_FILES = [
    "host.json",
    "helpers.json",
    "ipsec-config.json",
    "guid-counter",
    "history",
    "service/state.sqlite",
    "service",
    "static",
    "static/local.sqlite",
    "static/persistent.sqlite",
]


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state folder in which every state file exists."""
    state = tmp_path_factory.mktemp("populated") / "state"
    session = Session(Host(state, deterministic=True))
    for line in [
        "ipsec static add policy name=p1",
        "ipsec static set store location=persistent",
        "ipsec static add policy name=p2",
        "ipsec dynamic set config ikelogging 1",
        'ipsec dynamic add mmpolicy name=m1 mmsec="3DES-SHA1-2"',
        "add helper foo.dll",
    ]:
        assert session.execute(line).ok, line
    session.close()
    session.host.close()
    (state / "history").write_text("show mode\n", encoding="utf-8")
    (state / "host.json").write_text('{"computer_name": "SRV9"}', encoding="utf-8")
    return state


@pytest.mark.parametrize("junk", sorted(JUNK))
@pytest.mark.parametrize("name", STATE_FILES)
def test_state_file_replaced_by_junk(populated: Path, tmp_path: Path, name: str, junk: str):
    state = tmp_path / "state"
    shutil.copytree(populated, state)
    target = state / name
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink(missing_ok=True)
    if JUNK[junk] is None:
        (target / "inner").mkdir(parents=True)
    else:
        target.write_bytes(JUNK[junk])
    session = Session(Host(state, deterministic=True))
    for line in COMMANDS:
        result = session.execute(line)
        assert INTERNAL not in result.output
        if not result.ok:
            assert NETSH_ERROR.match(result.output), (line, result.output)
    session.close()
    session.host.close()
    if name.startswith("static/") and JUNK[junk]:
        assert target.read_bytes() == JUNK[junk]  # a policy store is reported, never replaced
    if name == "service/state.sqlite" and JUNK[junk]:
        # The service's volatile state is rebuilt: a running service, an empty SPD.
        assert target.read_bytes().startswith(b"SQLite format 3\x00")
    leftovers = [p.name for p in state.rglob(".*.tmp")]
    assert not leftovers  # no half-written temporary file stays behind


def test_a_static_store_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "static").write_text("a file where the store folder belongs")
    session = Session(Host(state, deterministic=True))
    result = session.execute("ipsec static add policy name=x")
    assert result.output == "ERR IPsec[05073] : Unable to open the Policy Store.\n"


def test_dynamic_state_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "service").write_text("a file where the service's folder belongs")
    session = Session(Host(state, deterministic=True))
    result = session.execute("ipsec dynamic set config ikelogging 1")
    assert not result.ok
    assert result.output.startswith("netshpy: cannot use the emulated computer's state: ")
    assert [p.name for p in state.iterdir()] == ["service"]  # no temporary left


def test_helpers_json_with_junk_entries_lists_only_names(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "helpers.json").write_text('{"a.dll": "A.dll", "b": [1], "c": {}, "d": 5}')
    session = Session(Host(state, deterministic=True))
    output = session.execute("show helper").output
    assert output.rstrip().endswith("A.DLL") and "[1]" not in output


def test_host_json_names_that_are_not_text_are_ignored(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "host.json").write_text('{"computer_name": ["x"], "domain": 5}')
    host = Host(state)
    assert host.computer_name == "WIN2003" and host.domain is None


def test_lab_hint_counts_with_junk_item_numbers(tmp_path: Path) -> None:
    """``hints.json`` keys went through str.isdigit() and int(): '²' raised ValueError."""
    from netshpy.lab import hints
    from netshpy.values import HUGE

    (tmp_path / hints.HINTS_FILE).write_text(
        json.dumps({"²": 1, "٣": 2, "9" * 5000: 1, "2": 3, "x": 1, "4": "y"}), encoding="utf-8"
    )
    assert hints.load(tmp_path) == {2: 3, HUGE: 1}  # no item has that number


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_json_numbers_python_reads_and_json_has_not(tmp_path: Path, number: str) -> None:
    """``Infinity`` (or ``1e400``) in a state file reached int(): OverflowError, status 70."""
    from netshpy.lab.results import FORMAT, _read
    from netshpy.textfile import DataError, load_json

    with pytest.raises(DataError):
        load_json(f'{{"a": [{number}]}}')
    state = tmp_path / "state"
    (state / "service").mkdir(parents=True)
    (state / "ipsec-config.json").write_text(f'{{"values": {{"ikelogging": {number}}}}}')
    (state / "service" / "spd.json").write_text(
        f'{{"spd": {{"ike_stats": {{"main_modes": {number}}}}}}}'
    )
    session = Session(Host(state, deterministic=True))
    for line in ("ipsec dynamic show config", "ipsec dynamic show all"):
        result = session.execute(line)
        assert result.ok and INTERNAL not in result.output, result.output
    session.close()
    session.host.close()
    result_file = tmp_path / "learner.json"
    result_file.write_text(  # a trainee's result file, read by the instructor's view
        f'{{"format": "{FORMAT}", "lab": {{"id": "x"}}, "score": {{"raw": {number}}}}}'
    )
    assert _read(result_file, "x") == (None, "not a readable JSON file")
