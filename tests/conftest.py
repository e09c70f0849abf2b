"""Shared fixtures: an isolated, deterministic emulated computer per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netshpy.host import Host
from netshpy.session import Session


def _plugin_installed() -> bool:
    """True when netshpy is pip-installed: pytest then loads its plugin by entry point."""
    from importlib.metadata import entry_points

    return any(ep.value == "netshpy.pytest_plugin" for ep in entry_points(group="pytest11"))


# pytester runs the plugin in separate pytest runs; the netsh fixtures serve every test.
# The plugin also collects transcripts/ as tests (ini: netshpy_transcripts).
pytest_plugins = ["pytester"] + ([] if _plugin_installed() else ["netshpy.pytest_plugin"])


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the user's state, cache or config folders."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("NETSHPY_STATE_DIR", str(base / "default-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.delenv("NETSHPY_COMPUTER_NAME", raising=False)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    """A fresh emulated computer with a fixed clock and sequential GUIDs."""
    h = Host(tmp_path / "state", deterministic=True)
    yield h
    h.close()


@pytest.fixture
def session(host: Host) -> Iterator[Session]:
    """An interactive-style netsh session on the fresh computer."""
    s = Session(host)
    yield s
    s.close()


@pytest.fixture
def run(session: Session) -> Callable[[str], str]:
    """Run one line in the session and return what it printed."""

    def _run(line: str) -> str:
        return session.execute(line).output

    return _run
