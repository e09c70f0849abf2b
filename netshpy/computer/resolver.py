"""DNS names as the emulated computer resolves them.

A name is looked up, in this order, in:

1. the computer's ``hosts`` file, ``C:\\WINDOWS\\system32\\drivers\\etc\\hosts`` on
   its drive (editable, read at every lookup, as Windows reads it);
2. the computer's own name (its addresses);
3. the lab's computers, when the computer is in a lab (``NAME`` and
   ``NAME.domain``);
4. a few names of the outside world, :data:`OUTSIDE_NAMES`: the example
   domains reserved by RFC 2606 at documentation addresses of RFC 5737. A
   trainee's filter on ``www.example.com`` resolves; no other outside name
   does (the emulated computer has no real network).

Names are compared in any case; a trailing dot is ignored. Only IPv4.
"""

from __future__ import annotations

from .addresses import is_ipv4, local_addresses
from .drives import DriveError, drives

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

# The outside world the emulated computers see (emulator convention, documented
# in docs/fidelity/computer.md): reserved example names at documentation addresses.
OUTSIDE_NAMES: dict[str, tuple[str, ...]] = {
    "example.com": ("192.0.2.10",),
    "www.example.com": ("192.0.2.10",),
    "mail.example.com": ("192.0.2.25",),
    "edr.example.com": ("192.0.2.50", "192.0.2.51"),
    "example.net": ("198.51.100.10",),
    "www.example.net": ("198.51.100.10",),
    "example.org": ("203.0.113.10",),
    "www.example.org": ("203.0.113.10",),
}


def resolver(host: Any) -> Resolver:
    """The resolver of *host* (one per computer)."""
    return host.part("resolver", Resolver)


def parse_hosts(text: str) -> list[tuple[str, list[str]]]:
    """``(address, names)`` of each entry of a hosts file (comments and junk skipped)."""
    out = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and is_ipv4(words[0]):
            out.append((words[0], [w.lower().rstrip(".") for w in words[1:]]))
    return out


class Resolver:
    """Names to addresses (and back) for one emulated computer."""

    def __init__(self, host: Any) -> None:
        self.host = host

    def _hosts(self) -> list[tuple[str, list[str]]]:
        try:
            return parse_hosts((disk := drives(self.host)).read_text(disk.hosts_path))
        except DriveError:
            return []

    def _own(self) -> list[str]:
        return local_addresses(self.host)

    def _lab_computers(self) -> list[Any]:
        lab = getattr(self.host, "lab", None)
        spec = getattr(lab, "spec", None)
        return list(getattr(spec, "computers", ()))

    def lookup(self, name: str) -> list[str]:
        """The IPv4 addresses of *name*, in order; empty when nothing knows it."""
        low = name.lower().rstrip(".")
        if not low:
            return []
        found = [address for address, names in self._hosts() if low in names]
        if found:
            return list(dict.fromkeys(found))
        computer = str(getattr(self.host, "computer_name", "")).lower()
        if low == computer:
            return self._own()
        for comp in self._lab_computers():
            names = {comp.name.lower()}
            if getattr(comp, "domain", None):
                names.add(f"{comp.name}.{comp.domain}".lower())
            if low in names:
                return list(comp.addresses)
        return list(OUTSIDE_NAMES.get(low, ()))

    def reverse(self, address: str) -> str | None:
        """The name of *address*: the hosts file, this computer, a lab computer, or None."""
        for entry, names in self._hosts():
            if entry == address:
                return names[0]
        if address in self._own():
            return str(getattr(self.host, "computer_name", "")) or None
        for comp in self._lab_computers():
            if address in comp.addresses:
                return str(comp.name)
        for name, addresses in OUTSIDE_NAMES.items():
            if address in addresses:
                return name
        return None
