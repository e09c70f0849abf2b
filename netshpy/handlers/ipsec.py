"""Handlers of the ``netsh ipsec`` context."""

from __future__ import annotations

from ..session import Call, handler_for


def dump(call: Call) -> str:
    """The static store's script, then the dynamic SPD's."""
    parts = []
    for name in ("static", "dynamic"):
        child = call.context.children.get(name)
        command = child.commands.get(("dump",)) if child else None
        if child is not None and command is not None:
            text = handler_for(command)(Call(call.session, command, call.args, child))
            if text:
                parts.append(text.rstrip("\n"))
    return "\n".join(parts) + "\n"
