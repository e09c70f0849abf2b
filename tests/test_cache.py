"""The compiled cache: installations on one machine keep entries of their own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from netshpy import cache

ROOT = Path(__file__).resolve().parent.parent

# A one-shot command, then whether Lark was imported (it is only on a cold cache).
ONE_SHOT = """
import sys
from netshpy.cli import main
main(["ipsec", "static", "show", "store"])
print("netshpy from", __import__("netshpy").__file__, file=sys.stderr)
print("compiled" if "lark" in sys.modules else "cached")
"""


def _source_tree(where: Path) -> Path:
    for name in ("netshpy", "grammar", "contexts"):
        shutil.copytree(ROOT / name, where / name, ignore=shutil.ignore_patterns("__pycache__"))
    return where


def _one_shot(tree: Path, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree), "NETSHPY_STATE_DIR": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-B", "-c", ONE_SHOT],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert f"netshpy from {tree}" in done.stderr
    return done.stdout.splitlines()[-1]


def _entries(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


def test_two_source_trees_run_one_after_the_other_without_recompiling(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(folder))
    trees = [_source_tree(tmp_path / "one"), _source_tree(tmp_path / "two")]
    assert [_one_shot(tree, tmp_path) for tree in trees] == ["compiled", "compiled"]
    entries = _entries(folder)
    assert len(entries) == 2 * 2  # per tree: the netsh grammar and the specs
    assert [_one_shot(tree, tmp_path) for tree in trees] == ["cached", "cached"]
    assert _entries(folder) == entries


def test_a_few_entries_are_kept_per_kind(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(tmp_path))
    for n in range(cache.KEEP + 3):
        cache.cached("kind", f"{n:012x}", [n].copy)
        os.utime(tmp_path / f"kind-{n:012x}.json", ns=(n * 10**9, n * 10**9))
    cache.cached("other", "0" * 12, lambda: [])
    kept = sorted(p.name for p in tmp_path.glob("kind-*.json"))
    assert kept == [f"kind-{n:012x}.json" for n in range(3, cache.KEEP + 3)]
    assert (tmp_path / f"other-{'0' * 12}.json").exists()
    assert cache.cached("kind", f"{3:012x}", lambda: ["rebuilt"]) == [3]
