"""The pytest plugin in separate pytest runs (pytester)."""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path

import pytest

INSTALLED = any(ep.value == "netshpy.pytest_plugin" for ep in entry_points(group="pytest11"))
PLUGIN = [] if INSTALLED else ["-p", "netshpy.pytest_plugin"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # Hypothesis is not needed inside, and re-importing it costs a second a run.
    return pytester.runpytest(*PLUGIN, "-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


@pytest.fixture
def tests(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester whose runs happen in this process (fast; the shim finds netshpy itself)."""
    return pytester


def test_fixtures_marker_and_isolation(tests: pytest.Pytester) -> None:
    tests.makepyfile(
        test_it="""
        import subprocess
        import pytest

        def test_a(netsh):
            assert "A.DLL" not in netsh.run("show helper").output
            netsh.run("add helper a.dll")

        def test_b(netsh):
            assert "A.DLL" not in netsh.run("show helper").output

        @pytest.mark.netshpy(computer_name="DC01", strict=True)
        def test_marker(netsh):
            assert netsh.cmd("hostname").output == "DC01\\n"
            with pytest.raises(Exception):
                netsh.run("nothing")

        def test_session(netsh_session):
            netsh_session.run("add helper s.dll")

        def test_session_again(netsh_session):
            assert "S.DLL" in netsh_session.run("show helper").output

        def test_on_path(netsh_on_path):
            out = subprocess.run(["netsh", "add", "helper", "p.dll"], capture_output=True, text=True)
            assert out.stdout == "Ok.\\n"
            assert "P.DLL" in netsh_on_path.run("show helper").output
        """
    )
    result = run(tests, "-v")
    result.assert_outcomes(passed=6)


def test_computer_name_option(tests: pytest.Pytester) -> None:
    tests.makepyfile(
        test_name="""
        def test_name(netsh):
            assert netsh.cmd("hostname").output == "GATEWAY\\n"
        """
    )
    run(tests, "--netshpy-computer-name", "GATEWAY").assert_outcomes(passed=1)


def test_keep_failed_prints_and_keeps_the_state(tests: pytest.Pytester) -> None:
    tests.makepyfile(
        test_keep="""
        def test_fails(netsh):
            netsh.run("add helper evidence.dll")
            assert False, "boom"

        def test_passes(netsh):
            netsh.run("add helper clean.dll")
        """
    )
    result = run(tests, "--netshpy-keep-failed")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*netshpy: state of failing tests*", "*test_fails: *"])
    line = next(x for x in result.outlines if "test_keep.py::test_fails: " in x)
    kept = Path(line.split(": ", 1)[1])
    assert "evidence.dll" in (kept / "helpers.json").read_text()
    assert not any("test_passes: " in x for x in result.outlines)


def test_without_keep_failed_the_state_is_removed(tests: pytest.Pytester) -> None:
    tests.makepyfile(
        test_drop="""
        import pathlib
        STATE = []

        def test_fails(netsh):
            STATE.append(netsh.state_dir)
            assert False

        def test_check():
            assert not STATE[0].exists()
        """
    )
    result = run(tests)
    result.assert_outcomes(passed=1, failed=1)
    assert "state of failing tests" not in result.stdout.str()


def test_bad_marker_arguments_are_reported(tests: pytest.Pytester) -> None:
    tests.makepyfile(
        test_bad="""
        import pytest

        @pytest.mark.netshpy(colour="blue")
        def test_x(netsh):
            pass
        """
    )
    result = run(tests)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*netshpy takes only keywords*"])


def test_help_lists_the_options(tests: pytest.Pytester) -> None:
    result = run(tests, "--help")
    result.stdout.fnmatch_lines(
        ["*netshpy*", "*--netshpy-keep-failed*", "*--netshpy-computer-name*"]
    )


def test_pytest_xdist_workers_never_share_state(
    tests: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("xdist")
    root = str(Path(__file__).resolve().parents[2])  # the run is a subprocess: find netshpy
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    )
    tests.makepyfile(
        test_par="""
        import os
        import subprocess
        import pytest

        @pytest.mark.parametrize("n", range(8))
        def test_isolated(netsh_on_path, n):
            assert "SHARED.DLL" not in netsh_on_path.run("show helper").output
            subprocess.run(["netsh", "add", "helper", "shared.dll"], check=True)
            assert "SHARED.DLL" in netsh_on_path.run("show helper").output

        def test_fails(netsh):
            assert False
        """
    )
    result = tests.runpytest_subprocess(
        *PLUGIN, "-p", "no:cacheprovider", "-n", "2", "--netshpy-keep-failed"
    )
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines(["*netshpy: state of failing tests*", "*test_fails: *"])


def test_markers_help_lists_every_marker_key(tests: pytest.Pytester) -> None:
    # `pytest --markers` did not mention os= and tools=, which the marker takes.
    from netshpy.pytest_plugin import _MARKER_KEYS

    line = next(x for x in run(tests, "--markers").outlines if x.startswith("@pytest.mark.netshpy"))
    assert all(f"{key}=" in line for key in _MARKER_KEYS), line
