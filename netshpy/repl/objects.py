"""Names of existing static store objects, for completion and ``:tree``.

The static store is another area of netshpy; this module reads it only
through ``netshpy.static.query`` and copes with that module being absent or
failing (completion then simply offers no names). Functions looked for:
``policies(host, location)``, ``filterlists(host, location)``,
``filteractions(host, location)`` and, optionally, ``rules(host, location,
policy)``. Their items may be strings, mappings or objects with a ``name``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..session import Session

QUERY_MODULE = "netshpy.static.query"
KIND_FUNCTIONS = {
    "policy": "policies",
    "filterlist": "filterlists",
    "filteraction": "filteractions",
    "rule": "rules",
}


def query_module() -> Any | None:
    """``netshpy.static.query`` when it exists, else None."""
    try:
        return importlib.import_module(QUERY_MODULE)
    except ImportError:
        return None


def location(session: Session) -> str:
    """The static store the session is pointed at (``set store``)."""
    return str(session.state("static").get("location", "local"))


def name_of(item: Any) -> str | None:
    """The ``name`` of a store item of any shape."""
    if isinstance(item, str):
        return item
    name = item.get("name") if isinstance(item, dict) else getattr(item, "name", None)
    return name if isinstance(name, str) and name else None


def field(item: Any, key: str) -> Any:
    """Attribute or mapping entry *key* of *item* (None when absent)."""
    if isinstance(item, dict):
        return item.get(key)
    return getattr(item, key, None)


class StoreNames:
    """Cached object names of a session's current static store.

    The cache is dropped by :meth:`invalidate`, which the REPL calls after
    every command, so completion per keystroke never touches the disk twice.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, str, str | None], list[str]] = {}

    def invalidate(self) -> None:
        """Forget cached names (the store may have changed)."""
        self._cache.clear()

    def names(self, kind: str, policy: str | None = None) -> list[str]:
        """Sorted names of the objects of *kind* (policy, filterlist, filteraction, rule)."""
        key = (kind, location(self.session), policy)
        if key not in self._cache:
            self._cache[key] = sorted(set(self._fetch(kind, key[1], policy)), key=str.lower)
        return self._cache[key]

    def _fetch(self, kind: str, where: str, policy: str | None) -> Iterable[str]:
        query = query_module()
        if query is None or kind not in KIND_FUNCTIONS:
            return []
        host = self.session.host
        try:
            if hasattr(query, "names"):  # names only: cheap on large stores
                return query.names(host, kind, where, policy=policy)
            if kind == "rule":
                return self._rules(query, host, where, policy)
            func = getattr(query, KIND_FUNCTIONS[kind], None)
            if func is None:
                return []
            return [n for n in map(name_of, func(host, where)) if n]
        except Exception:  # another area's bug must not break typing
            return []

    @staticmethod
    def _rules(query: Any, host: Any, where: str, policy: str | None) -> list[str]:
        func = getattr(query, "rules", None)
        if func is not None:
            try:
                items = func(host, where, policy)
            except TypeError:
                items = func(host, where)
            return [n for n in map(name_of, items) if n]
        out: list[str] = []
        for pol in getattr(query, "policies", lambda *a: [])(host, where):
            if policy is None or (name_of(pol) or "").lower() == policy.lower():
                out += [n for n in map(name_of, field(pol, "rules") or []) if n]
        return out
