"""``ping``: four ICMP echoes through the lab's traffic engine, printed as Windows prints them.

In a lab each run is one send of the traffic engine (so it is graded,
explained with ``:why`` and logged like ``:ping``): a secured exchange
prints ``Negotiating IP Security.`` for the echo IKE consumed, then three
replies; blocked traffic times out; a failed negotiation prints
``Negotiating IP Security.`` for every echo. Outside a lab a computer
answers only itself.
"""

from __future__ import annotations

from typing import Any

from ... import messages
from ...values import digits
from .. import command

COUNT = 4


def _lines(outcome: str, address: str) -> tuple[list[str], int]:
    reply = messages.PING_REPLY.format(address=address)
    if outcome == "clear":
        return [reply] * COUNT, COUNT
    if outcome == "secured":
        return [messages.PING_NEGOTIATING] + [reply] * (COUNT - 1), COUNT - 1
    if outcome == "failed":
        return [messages.PING_NEGOTIATING] * COUNT, 0
    return [messages.PING_TIMEOUT] * COUNT, 0


def _target(prompt: Any, name: str) -> tuple[str, str, str | None] | None:
    """(shown name, address, lab computer) of *name*, or None when it resolves nowhere."""
    from ...dynamic.service import local_addresses

    host = prompt.host
    lab = getattr(host, "lab", None)
    if lab is not None:
        comp = lab.find(name)
        if comp is None:
            return _resolved(host, name, lab)
        address = name if name in comp.addresses else comp.addresses[0]
        shown = address if name == address else f"{name} [{address}]"
        return shown, address, comp.name
    own = local_addresses(host)
    if name.lower() in (host.computer_name.lower(), "localhost"):
        return f"{name} [{own[0]}]", own[0], host.computer_name
    if name == "127.0.0.1" or name in own:
        return name, name, host.computer_name
    parts = name.split(".")
    if len(parts) == 4 and all((digits(p) or 0) < 256 and digits(p) is not None for p in parts):
        return name, name, None
    return _resolved(host, name, None)


def _resolved(host: Any, name: str, lab: Any) -> tuple[str, str, str | None] | None:
    """*name* through the computer's resolver (hosts file, outside names), or None."""
    from ...computer.resolver import resolver
    from ...dynamic.service import local_addresses

    found = resolver(host).lookup(name)
    if not found:
        return None
    address = found[0]
    comp = lab.find(address) if lab is not None else None
    if comp is not None:
        computer: str | None = comp.name
    elif address == "127.0.0.1" or address in local_addresses(host):
        computer = host.computer_name
    else:
        computer = None
    return f"{name} [{address}]", address, computer


@command("ping", "Sends ICMP echo requests to another computer.")
def ping(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``ping NAME`` / ``ping ADDRESS``."""
    names = [a for a in args if not a.startswith(("-", "/"))]
    if len(names) != 1:
        return "\n" + messages.PING_USAGE + "\n", 1
    found = _target(prompt, names[0])
    if found is None:
        return messages.PING_UNKNOWN_HOST.format(name=names[0]) + "\n", 1
    shown, address, computer = found
    host = prompt.host
    lab = getattr(host, "lab", None)
    if computer is None:
        outcome = "blocked"  # no network outside a lab: nobody answers
    elif lab is None or computer == getattr(host, "computer_name", None):
        outcome = "clear"
    else:
        home = getattr(host, "lab_computer", None)
        src = home.name if home is not None else host.computer_name
        outcome = lab.ping(src, computer).outcome if src != computer else "clear"
    body, received = _lines(outcome, address)
    lost = COUNT - received
    out = ["", messages.PING_HEADER.format(target=shown), "", *body, ""]
    out.append(
        messages.PING_STATS.format(
            address=address, received=received, lost=lost, percent=lost * 100 // COUNT
        )
    )
    if received:
        out.append(messages.PING_TIMES)
    return "\n".join(out) + "\n", 0 if received else 1
