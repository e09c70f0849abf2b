"""Display forms shared by every ``show`` screen, static and dynamic.

Real console captures fix ``YES``/``NO``, ``ANY`` ports, ``<My IP Address>`` /
``<Any IP Address>`` (R11) and the label column: every label padded to 23
characters, then ``: `` (``Destination IP Address : ...``). The server-type
names, the US English timestamp and the trailer after the last record are
RECONSTRUCTED (docs/fidelity/static.md). They live here once so both stores'
screens always agree.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from datetime import datetime

    from .values import Address

LABEL_WIDTH = 23  # R11: "Destination IP Address : ..." (22 letters, one space)
MY_ADDRESS = "<My IP Address>"
ANY_ADDRESS = "<Any IP Address>"
SERVER_NAMES = {
    "WINS": "<WINS Servers>",
    "DNS": "<DNS Servers>",
    "DHCP": "<DHCP Server>",
    "GATEWAY": "<Default Gateway>",
}


def labelled(label: str, value: object) -> str:
    """``Label<padding>: value``: the label padded to ``LABEL_WIDTH``, a longer one
    followed by one space (RECONSTRUCTED for the 23-letter dynamic labels)."""
    return f"{label:<{LABEL_WIDTH - 1}} : {value}"


def count_line(count: int, noun: str) -> str:
    """The RECONSTRUCTED count that closes a listing: ``3 Policy(s)``."""
    return f"{count} {noun}"


def yes_no(flag: bool) -> str:
    """``YES`` / ``NO``."""
    return "YES" if flag else "NO"


def port(number: int) -> str:
    """``ANY`` for 0, the number otherwise."""
    return "ANY" if number == 0 else str(number)


def timestamp(when: datetime) -> str:
    """``3/1/2005 10:00:00 AM`` (US English locale)."""
    hour = when.hour % 12 or 12
    half = "AM" if when.hour < 12 else "PM"
    return f"{when.month}/{when.day}/{when.year} {hour}:{when.minute:02}:{when.second:02} {half}"


def address(value: Address) -> str:
    """An address as the screens print it: me, any and server types by name, a DNS
    name by the address it had when the filter or rule was made."""
    if value.kind == "dns" and value.resolved:
        return value.resolved
    if value.kind == "me":
        return MY_ADDRESS
    if value.kind == "any":
        return ANY_ADDRESS
    if value.kind == "server":
        return SERVER_NAMES.get(value.value, value.value)
    return value.value
