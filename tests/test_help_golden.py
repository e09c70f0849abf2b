"""Golden files for every help screen: context listings, group listings, usage blocks.

Set NETSHPY_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change,
then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netshpy import spec
from netshpy.host import Host
from netshpy.session import Session

GOLDEN = Path(__file__).parent / "golden" / "help"
SPEC = spec.load()


def _screens() -> list[tuple[str, str]]:
    screens = []
    for path, ctx in SPEC.contexts.items():
        prefix = " ".join(path)
        screens.append((f"{prefix} ?".strip(), f"context-{'-'.join(path) or 'netsh'}"))
        for group in ctx.groups:
            screens.append((f"{prefix} {group}".strip(), f"group-{'-'.join(path + (group,))}"))
        for command in ctx.commands.values():
            name = "-".join(path + command.words).replace("?", "qmark").replace("..", "up")
            screens.append((f"{command.full_name} ?", f"usage-{name}"))
    return screens


SCREENS = _screens()


@pytest.mark.parametrize(("line", "name"), SCREENS, ids=[s[1] for s in SCREENS])
def test_help_screen(tmp_path: Path, line: str, name: str) -> None:
    session = Session(Host(tmp_path, deterministic=True))
    output = session.execute(line).output
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("NETSHPY_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden.name}; run with NETSHPY_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8")


def test_no_stale_golden_files() -> None:
    names = {f"{name}.txt" for _, name in SCREENS}
    stale = sorted(p.name for p in GOLDEN.glob("*.txt") if p.name not in names)
    assert not stale, f"golden files without a screen: {stale}"


def test_listing_layout_matches_the_reference() -> None:
    """The ipsec listing, verbatim from the reference (section 5)."""
    expected = (
        "\n"
        "The following commands are available:\n"
        "\n"
        "Commands in this context:\n"
        "?              - Displays a list of commands.\n"
        "dump           - Displays a configuration script.\n"
        "dynamic        - Changes to the `netsh ipsec dynamic' context.\n"
        "help           - Displays a list of commands.\n"
        "static         - Changes to the `netsh ipsec static' context.\n"
        "\n"
        "The following sub-contexts are available:\n"
        " dynamic static\n"
        "\n"
        "To view help for a command, type the command, followed by a space, and then\n"
        " type ?.\n"
        "\n"
    )
    assert (GOLDEN / "context-ipsec.txt").read_text() == expected


def test_static_show_group_matches_the_reference() -> None:
    text = (GOLDEN / "group-ipsec-static-show.txt").read_text()
    assert "show gpoassignedpolicy - Displays details of a group assigned policy.\n" in text
    assert "show all       - Displays details of all policies and related information.\n" in text
    assert "To view help" not in text
