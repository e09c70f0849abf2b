"""The training corpus uses every static and dynamic command and every help screen."""

from __future__ import annotations

from pathlib import Path

import pytest

import netshpy.help
import netshpy.session
from netshpy import spec
from netshpy.transcript.replay import replay_file

CORPUS = sorted((Path(__file__).resolve().parent.parent / "transcripts").glob("*.txt"))
SPEC = spec.load()


@pytest.fixture(scope="module")
def used(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set]:
    ran: set[str] = set()
    screens: set[str] = set()
    mp = pytest.MonkeyPatch()
    real_handler_for = netshpy.session.handler_for
    real_usage, real_context, real_group = (
        netshpy.help.usage_block,
        netshpy.help.context_listing,
        netshpy.help.group_listing,
    )

    def handler_for(command):
        ran.add(command.full_name)
        return real_handler_for(command)

    def usage_block(command):
        screens.add("usage " + command.full_name)
        return real_usage(command)

    def context_listing(ctx, root, *args, **kw):
        screens.add("context " + " ".join(ctx.path))
        return real_context(ctx, root, *args, **kw)

    def group_listing(ctx, group):
        screens.add("group " + " ".join(ctx.path + (group,)))
        return real_group(ctx, group)

    mp.setattr(netshpy.session, "handler_for", handler_for)
    mp.setattr(netshpy.help, "usage_block", usage_block)
    mp.setattr(netshpy.help, "context_listing", context_listing)
    mp.setattr(netshpy.help, "group_listing", group_listing)
    try:
        for path in CORPUS:
            replay_file(path)
    finally:
        mp.undo()
    return {"ran": ran, "screens": screens}


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("area", ["ipsec static", "ipsec dynamic"])
def test_every_command_runs_somewhere(used: dict[str, set], area: str) -> None:
    wanted = {c.full_name for c in SPEC.commands() if c.full_name.startswith(area + " ")}
    missing = sorted(wanted - used["ran"])
    assert not missing, f"commands no transcript runs: {missing}"


def test_every_help_screen_is_shown_somewhere(used: dict[str, set]) -> None:
    wanted = {"context " + " ".join(p) for p in SPEC.contexts}
    for path, ctx in SPEC.contexts.items():
        wanted |= {"group " + " ".join(path + (g,)) for g in ctx.groups}
        wanted |= {"usage " + c.full_name for c in ctx.commands.values() if path}
    missing = sorted(wanted - used["screens"])
    assert not missing, f"help screens no transcript shows: {missing}"


def test_the_corpus_index_is_current() -> None:
    from netshpy.transcript.index import render

    folder = CORPUS[0].parent
    assert (folder / "INDEX.md").read_text(encoding="utf-8") == render(folder), (
        "transcripts/INDEX.md is stale: python -m netshpy.transcript.index > transcripts/INDEX.md"
    )


def test_every_transcript_says_what_it_teaches() -> None:
    from netshpy.transcript.index import teaches

    assert all(teaches(path) for path in CORPUS)
