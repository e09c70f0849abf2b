"""Every ```python example of docs/api.md runs.

Plain blocks run in process; a block starting with ``# file: test_x.py`` is a
test file run by a separate pytest with the plugin (pytester); a
``# needs: static|dynamic|service`` line skips the block while that area is
missing from the build.
"""

from __future__ import annotations

import importlib
import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
INSTALLED = any(ep.value == "netshpy.pytest_plugin" for ep in entry_points(group="pytest11"))
PLUGIN = [] if INSTALLED else ["-p", "netshpy.pytest_plugin"]


def _available(area: str) -> bool:
    from netshpy import Emulator

    if area == "service":
        try:
            importlib.import_module("netshpy.service_commands")
        except ImportError:
            return False
        return True
    with Emulator() as emu:
        return bool(getattr(emu, area).available)


def _needs(block: str) -> None:
    for area in re.findall(r"^# needs: (\w+)", block, re.M):
        if not _available(area):
            pytest.skip(f"docs example needs the {area} area, not in this build")


def _file(block: str) -> str | None:
    found = re.match(r"# file: (\S+\.py)\n", block)
    return found.group(1) if found else None


IN_PROCESS = [b for b in BLOCKS if _file(b) is None]
TEST_FILES = [b for b in BLOCKS if _file(b) is not None]


def test_the_page_has_examples_of_each_kind() -> None:
    assert len(IN_PROCESS) >= 5 and len(TEST_FILES) >= 3


@pytest.mark.parametrize("block", IN_PROCESS, ids=[f"block{i}" for i in range(len(IN_PROCESS))])
def test_in_process_example(block: str) -> None:
    _needs(block)
    exec(compile(block, str(DOC), "exec"), {"__name__": "docs_example"})


@pytest.mark.parametrize("block", TEST_FILES, ids=[_file(b) for b in TEST_FILES])
def test_plugin_example(block: str, pytester: pytest.Pytester) -> None:
    _needs(block)
    name = _file(block)
    assert name is not None
    pytester.path.joinpath(name).write_text(block, encoding="utf-8")
    result = pytester.runpytest(*PLUGIN, "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1
    assert not outcomes.get("failed") and not outcomes.get("errors"), result.stdout.str()
