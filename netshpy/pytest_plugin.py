"""pytest plugin (entry point ``pytest11``): emulated Windows computers as fixtures.

Fixtures:

``netsh``          a fresh :class:`~netshpy.Emulator` per test, its state in the
                   test's ``tmp_path`` (so xdist workers and tests never share one)
``netsh_session``  one emulator for the whole session (per xdist worker)
``netsh_on_path``  the test's ``netsh`` emulator, with a ``netsh`` executable
                   first on ``PATH`` acting on the same state directory

Marker ``@pytest.mark.netshpy(computer_name=..., clock=..., deterministic=...,
strict=..., domain=...)`` configures the ``netsh`` fixture of a test.

Options (group "netshpy"): ``--netshpy-keep-failed`` keeps the state
directory of failing tests and prints where it is; ``--netshpy-computer-name``
sets the default computer name.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .api import Emulator

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
_KEPT_PROPERTY = "netshpy_state_dir"
_MARKER_KEYS = ("computer_name", "clock", "deterministic", "strict", "domain", "os", "tools")

# Transcript files are collected as tests (ini ``netshpy_transcripts``).
pytest_plugins = ["netshpy.transcript.pytest_collect"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the netshpy options group."""
    group = parser.getgroup("netshpy", "netshpy: emulated netsh ipsec computers")
    group.addoption(
        "--netshpy-keep-failed",
        action="store_true",
        default=False,
        help="keep the emulated computer's state directory of failing tests and print its path",
    )
    group.addoption(
        "--netshpy-computer-name",
        default=None,
        metavar="NAME",
        help="computer name of the emulators the fixtures create (default WIN2003)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``netshpy`` marker."""
    config.addinivalue_line(
        "markers",
        "netshpy(computer_name=None, clock=None, deterministic=True, strict=False, domain=None,"
        " os='2003', tools=None): configure the netsh fixture's emulated computer",
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report so teardown knows whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {}
    name = request.config.getoption("netshpy_computer_name")
    if name:
        options["computer_name"] = name
    marker = request.node.get_closest_marker("netshpy")
    if marker is not None:
        unknown = set(marker.kwargs) - set(_MARKER_KEYS)
        if unknown or marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.netshpy takes only keywords {', '.join(_MARKER_KEYS)}; "
                f"got {sorted(unknown) or marker.args}"
            )
        options.update({k: v for k, v in marker.kwargs.items() if v is not None})
    return options


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORTS, {})
    return any(r.failed for r in reports.values())


@pytest.fixture
def netsh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Emulator]:
    """A fresh emulated computer (deterministic clock and GUIDs) for this test."""
    state_dir = tmp_path / "netshpy-state"
    emulator = Emulator(state_dir, **_options(request))
    yield emulator
    emulator.close()
    if request.config.getoption("netshpy_keep_failed") and _failed(request):
        request.node.user_properties.append((_KEPT_PROPERTY, str(state_dir)))
    else:
        shutil.rmtree(state_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def netsh_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Emulator]:
    """One emulated computer shared by every test of the session (per xdist worker)."""
    options: dict[str, Any] = {}
    name = request.config.getoption("netshpy_computer_name")
    if name:
        options["computer_name"] = name
    emulator = Emulator(tmp_path_factory.mktemp("netshpy-session") / "state", **options)
    yield emulator
    emulator.close()


@pytest.fixture
def netsh_on_path(netsh: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The ``netsh`` emulator, with a ``netsh`` executable first on ``PATH``.

    ``subprocess.run(["netsh", ...])`` then acts on the emulator's state
    directory; the emulator is switched to ``shared`` mode so that its runs
    and queries see what the subprocess wrote.
    """
    bin_dir = tmp_path / "netshpy-bin"
    netsh.install_shim(bin_dir)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    for key, value in netsh.shim_env().items():
        monkeypatch.setenv(key, value)
    netsh.shared = True
    return netsh


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the state folders kept for failing tests."""
    if not terminalreporter.config.getoption("netshpy_keep_failed"):
        return
    kept = []
    # The path rides on the teardown report (xdist carries user_properties to the controller).
    for reports in terminalreporter.stats.values():
        for report in reports:
            for key, value in getattr(report, "user_properties", []):
                if key == _KEPT_PROPERTY and (report.nodeid, value) not in kept:
                    kept.append((report.nodeid, value))
    if kept:
        terminalreporter.section("netshpy: state of failing tests")
        for nodeid, path in kept:
            terminalreporter.write_line(f"{nodeid}: {path}")
