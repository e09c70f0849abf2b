"""netshpy.records behaves like the dataclasses subset it replaces."""

from __future__ import annotations

import dataclasses

import pytest

from netshpy import records


def make(module):
    @module.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: list[str] = module.field(default_factory=list)

    @module.dataclass
    class Box:
        name: str
        items: list[int] = module.field(default_factory=list)
        size: int = 3

        def __post_init__(self) -> None:
            self.size = max(self.size, len(self.items))

    @module.dataclass(frozen=True)
    class Point3(Point):
        z: int = 9

    return Point, Box, Point3


@pytest.mark.parametrize("module", [dataclasses, records], ids=["dataclasses", "records"])
def test_same_behaviour(module) -> None:
    Point, Box, Point3 = make(module)
    p = Point(1)
    assert (p.x, p.y, p.tags) == (1, 0, [])
    assert repr(p).endswith("Point(x=1, y=0, tags=[])")
    assert p == Point(1, 0, []) and p != Point(2)
    with pytest.raises(AttributeError):
        p.x = 5
    assert Point(1, tags=["a"]).tags is not Point(1).tags
    b = Box("b", [1, 2, 3, 4])
    assert b.size == 4
    b.name = "c"
    assert b.name == "c"
    with pytest.raises(TypeError):
        hash(b)
    assert hash(Point(1, 2, ())) == hash(Point(1, 2, ()))
    assert [f.name for f in module.fields(Point3)] == ["x", "y", "tags", "z"]
    assert module.replace(Point3(1), z=2) == Point3(1, 0, [], 2)
    assert Point3(1).__match_args__ == ("x", "y", "tags", "z")
    assert Box("x") != Point(1)
    with pytest.raises(TypeError):
        Point()


def test_field_order_is_checked() -> None:
    with pytest.raises(TypeError):

        @records.dataclass
        class Bad:
            a: int = 1
            b: int


def test_compiled_code_is_cached_across_processes(tmp_path, monkeypatch) -> None:
    """The second process finds the record classes' code in the cache file."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root), "NETSHPY_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    probe = "import netshpy.records as r, netshpy.static.model\nprint(len(r._new))\n"
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert int(first.stdout) > 0  # compiled and written at exit
    assert int(second.stdout) == 0  # nothing left to compile
    assert list(tmp_path.glob("records-*.marshal"))


def test_a_damaged_code_cache_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NETSHPY_CACHE_DIR", str(tmp_path))
    import sys

    (tmp_path / f"records-{sys.implementation.cache_tag}.marshal").write_bytes(b"\x00junk")
    assert records._read_cache() == {}
