"""No line and cursor position, however broken, makes completion raise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from netshpy import spec
from netshpy.host import Host
from netshpy.repl.completer import NetshCompleter
from netshpy.session import Session

SPEC = spec.load()
PIECES = sorted(
    {w for c in SPEC.commands() for w in c.context + c.words}
    | {p.tag + "=" for c in SPEC.commands() for p in c.params}
    | {" ", "  ", '"', "=", "?", ":", "..", "me", "ALL", "\t", "\u00e9", 'policy="Client '}
)


@pytest.fixture(scope="module")
def completer(tmp_path_factory: pytest.TempPathFactory) -> NetshCompleter:
    session = Session(Host(Path(tmp_path_factory.mktemp("fuzz")), deterministic=True))
    session.execute("ipsec static")
    return NetshCompleter(session)


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=10), st.data())
def test_completion_never_raises(completer: NetshCompleter, pieces: list[str], data) -> None:
    text = "".join(pieces)
    cursor = data.draw(st.integers(min_value=0, max_value=len(text)))
    event = CompleteEvent(completion_requested=True)
    for completion in completer.get_completions(Document(text, cursor), event):
        assert isinstance(completion.text, str)
        assert -completion.start_position <= cursor
