"""The emulated computer's own IPv4 addresses (the IPsec service binds specific filters to them)."""

from __future__ import annotations

from ..textfile import load_json, read_text

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

DEFAULT_ADDRESSES = ("192.168.0.10",)


def local_addresses(host: Any) -> list[str]:
    """The computer's IPv4 addresses: ``host.addresses``, host.json ``addresses``, or a default."""
    addresses = getattr(host, "addresses", None)
    if not addresses:
        try:
            data = load_json(read_text(host.state_dir / "host.json"))
            addresses = data.get("addresses") if isinstance(data, dict) else None
        except (OSError, ValueError):
            addresses = None
    if not isinstance(addresses, list | tuple) or not addresses:
        return list(DEFAULT_ADDRESSES)
    if not all(isinstance(a, str) and is_ipv4(a) for a in addresses):
        return list(DEFAULT_ADDRESSES)  # a hand-edited host.json with junk in it
    return list(addresses)


def is_ipv4(text: str) -> bool:
    """True for a dotted-quad IPv4 address."""
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and p.isascii() and int(p) < 256 for p in parts)
