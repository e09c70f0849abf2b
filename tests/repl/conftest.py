"""Fixtures for the REPL tests: a fake static store and a REPL driven through a pipe."""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netshpy.session import Session


@dataclass
class FakeRule:
    name: str
    filterlist: dict
    filteraction: dict
    tunnel: str = ""


@dataclass
class FakePolicy:
    name: str
    description: str = ""
    assigned: bool = False
    rules: list = field(default_factory=list)


POLICIES = [
    FakePolicy(
        "Block 445",
        "KB example",
        True,
        [
            FakeRule(
                "Block SMB",
                {"name": "SMB traffic", "filters": [{"srcaddr": "any", "dstaddr": "me"}]},
                {"name": "Block", "action": "block"},
            )
        ],
    ),
    FakePolicy("Server", rules=[FakeRule("R1", {"name": "All IP"}, {"name": "Permit"})]),
]


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """A stand-in ``netshpy.static.query`` with two policies (the real one is another area)."""
    module = types.ModuleType("netshpy.static.query")
    module.policies = lambda host, location: list(POLICIES) if location == "local" else []
    module.filterlists = lambda host, location: [{"name": "SMB traffic"}, {"name": "All IP"}]
    module.filteractions = lambda host, location: ["Block", "Permit"]
    package = types.ModuleType("netshpy.static")
    package.__path__ = []
    package.query = module
    if "netshpy.static" not in sys.modules:
        monkeypatch.setitem(sys.modules, "netshpy.static", package)
    monkeypatch.setitem(sys.modules, "netshpy.static.query", module)
    return module


@pytest.fixture
def drive(session: Session, tmp_path: Path) -> Callable[..., tuple[str, int]]:
    """Type *keys* into a REPL on the session (pipe input, dummy output); (stdout, status)."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from netshpy.repl.app import Repl
    from netshpy.repl.config import Config

    def _drive(keys: str, *, sess: Session | None = None, config: Config | None = None, opts=None):
        out = io.StringIO()
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            repl = Repl(
                sess or session,
                opts,
                config=config or Config(path=tmp_path / "config.toml"),
                input=pipe,
                output=DummyOutput(),
                stdout=out,
            )
            status = repl.run()
        return out.getvalue(), status

    return _drive
