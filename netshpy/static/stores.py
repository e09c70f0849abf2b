"""Where the stores of an emulated computer live, and the per-computer store set.

The local and persistent stores belong to one computer (under its state
folder); the domain store belongs to a domain and is shared by every
emulated computer that names it. :func:`domain_root` is the one place that
decides where domain stores live, so lab set-ups can point it to a shared
folder (``NETSHPY_DOMAIN_DIR``, or a ``domain_root`` attribute on the Host).
A replay (:func:`netshpy.hostfiles.confined`) ignores ``NETSHPY_DOMAIN_DIR``:
a transcript's domain stores stay in its own computers' folders.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..host import Host
from ..hostfiles import confinement
from .store import Store

LOCATIONS = ("local", "persistent", "domain")


def domain_root(host: Host) -> Path:
    """The folder holding domain stores (shared between computers of a lab)."""
    env = os.environ.get("NETSHPY_DOMAIN_DIR")
    if env and confinement() is None:
        return Path(env)
    root = getattr(host, "domain_root", None)
    if root:
        return Path(root)
    return host.state_dir / "domains"


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^a-z0-9._-]", "_", name.lower()).strip(".")
    return cleaned or "_"


def store_path(host: Host, location: str, domain: str | None = None) -> Path:
    """The file of the *location* store (of *domain* for the domain store)."""
    if location == "domain":
        name = _safe(domain or "")
        domain_dir = getattr(host, "domain_dir", None)
        if callable(domain_dir):
            return Path(domain_dir(domain)) / "ipsec-static.sqlite"
        return domain_root(host) / f"{name}.sqlite"
    return host.state_dir / "static" / f"{location}.sqlite"


def store_label(host: Host, location: str, domain: str | None = None) -> str:
    """``Local Store <WIN2003>`` as show screens print it."""
    if location == "domain":
        return f"Domain Store <{domain}>"
    if location == "persistent":
        return f"Persistent Store <{host.computer_name}>"
    return f"Local Store <{host.computer_name}>"


class StaticStores:
    """The stores one computer has opened, by (location, domain)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._stores: dict[tuple[str, str], Store] = {}

    def get(self, location: str, domain: str | None = None) -> Store:
        """The store of *location*, opened lazily (a fresh local store is seeded)."""
        key = (location, (domain or "").lower() if location == "domain" else "")
        store = self._stores.get(key)
        if store is None:
            from .defaults import seed

            path = store_path(self.host, location, domain)
            store = Store(path, seed if location == "local" else None)
            self._stores[key] = store
        return store

    def close_batches(self) -> None:
        """Write every batch in progress."""
        for store in self._stores.values():
            store.end_batch()

    def preshared_keys(self) -> set[str]:
        """The preshared keys of every rule in the stores this computer has open."""
        keys: set[str] = set()
        for store in self._stores.values():
            keys |= store.preshared_keys()
        return keys

    def close(self) -> None:
        """Commit open batches and close every file."""
        for store in self._stores.values():
            store.close()
        self._stores.clear()


def stores(host: Host) -> StaticStores:
    """The computer's :class:`StaticStores`."""
    return host.part("static", StaticStores)
