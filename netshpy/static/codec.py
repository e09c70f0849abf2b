"""Conversions between model values and their stored (JSON-friendly) form.

Shared by the SQLite store and the export file format, so both spell a
value the same way.
"""

from __future__ import annotations

import json
from datetime import datetime

from ..values import Address, MmOffer, QmOffer, RootCa
from .model import AuthMethod

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

ADDRESS_KINDS = ("me", "any", "server", "ip", "dns")


def mm_to_data(offers: list[MmOffer]) -> list[str]:
    """``["3DES-SHA1-2", ...]``."""
    return [str(o) for o in offers]


def mm_from_data(data: list[str]) -> list[MmOffer]:
    """The inverse of :func:`mm_to_data` (trusted input)."""
    result = []
    for text in data:
        enc, integ, group = text.split("-")
        result.append(MmOffer(enc, integ, int(group)))
    return result


def qm_to_data(offers: list[QmOffer]) -> list[dict[str, Any]]:
    """One dict per offer with the fields of :class:`QmOffer`."""
    return [
        {
            "ah": o.ah,
            "esp_encryption": o.esp_encryption,
            "esp_integrity": o.esp_integrity,
            "kbytes": o.kbytes,
            "seconds": o.seconds,
        }
        for o in offers
    ]


def qm_from_data(data: list[dict[str, Any]]) -> list[QmOffer]:
    """The inverse of :func:`qm_to_data` (trusted input)."""
    return [QmOffer(**d) for d in data]


def auth_to_data(methods: list[AuthMethod]) -> list[dict[str, Any]]:
    """``[{"kind": "psk", "value": "key"}, {"kind": "rootca", "value": {...}}]``."""
    out: list[dict[str, Any]] = []
    for m in methods:
        value: Any = m.value
        if isinstance(value, RootCa):
            value = {
                "name": value.name,
                "certmap": value.certmap,
                "excludecaname": value.excludecaname,
            }
        out.append({"kind": m.kind, "value": value})
    return out


def auth_from_data(data: list[dict[str, Any]]) -> list[AuthMethod]:
    """The inverse of :func:`auth_to_data` (trusted input)."""
    out = []
    for d in data:
        value = d.get("value")
        if d["kind"] == "rootca" and isinstance(value, dict):
            value = RootCa(value["name"], bool(value["certmap"]), bool(value["excludecaname"]))
        out.append(AuthMethod(d["kind"], value))
    return out


RESOLVED_MARK = "@"  # never part of a DNS name netsh accepts


def address_to_data(address: Address) -> list[str]:
    """``[kind, value]``, and a DNS name's address as a third item when it has one."""
    if address.resolved:
        return [address.kind, address.value, address.resolved]
    return [address.kind, address.value]


def stored_value(address: Address) -> str:
    """The address as the store's one value column keeps it (``name@192.0.2.10``)."""
    if address.resolved:
        return f"{address.value}{RESOLVED_MARK}{address.resolved}"
    return address.value


def address_from_data(kind: str, value: str) -> Address:
    """The inverse of :func:`stored_value` (and of :func:`address_to_data`'s first two)."""
    if kind == "dns" and RESOLVED_MARK in value:
        name, _, resolved = value.partition(RESOLVED_MARK)
        return Address(kind, name, resolved)
    return Address(kind, value)


def time_to_data(when: datetime) -> str:
    """ISO 8601 to the second."""
    return when.replace(microsecond=0).isoformat()


def time_from_data(text: str) -> datetime:
    """The inverse of :func:`time_to_data`."""
    return datetime.fromisoformat(text)


def dumps(data: Any) -> str:
    """Compact, stable JSON."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True)
