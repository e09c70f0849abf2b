"""Handlers of the ``netsh ipsec static`` context (stubs until the static store lands)."""

from __future__ import annotations

from ..errors import NetshError
from ..session import Call


def _pending(call: Call) -> None:
    raise NetshError(f"netshpy: '{call.command.full_name}' is not implemented yet.")


def add_filter(call: Call) -> None:
    _pending(call)


def add_filteraction(call: Call) -> None:
    _pending(call)


def add_filterlist(call: Call) -> None:
    _pending(call)


def add_policy(call: Call) -> None:
    _pending(call)


def add_rule(call: Call) -> None:
    _pending(call)


def delete_all(call: Call) -> None:
    _pending(call)


def delete_filter(call: Call) -> None:
    _pending(call)


def delete_filteraction(call: Call) -> None:
    _pending(call)


def delete_filterlist(call: Call) -> None:
    _pending(call)


def delete_policy(call: Call) -> None:
    _pending(call)


def delete_rule(call: Call) -> None:
    _pending(call)


def set_batch(call: Call) -> None:
    _pending(call)


def set_defaultrule(call: Call) -> None:
    _pending(call)


def set_filteraction(call: Call) -> None:
    _pending(call)


def set_filterlist(call: Call) -> None:
    _pending(call)


def set_policy(call: Call) -> None:
    _pending(call)


def set_rule(call: Call) -> None:
    _pending(call)


def set_store(call: Call) -> None:
    _pending(call)


def show_all(call: Call) -> None:
    _pending(call)


def show_filteraction(call: Call) -> None:
    _pending(call)


def show_filterlist(call: Call) -> None:
    _pending(call)


def show_gpoassignedpolicy(call: Call) -> None:
    _pending(call)


def show_policy(call: Call) -> None:
    _pending(call)


def show_rule(call: Call) -> None:
    _pending(call)


def show_store(call: Call) -> None:
    _pending(call)


def exportpolicy(call: Call) -> None:
    _pending(call)


def importpolicy(call: Call) -> None:
    _pending(call)


def dump(call: Call) -> None:
    _pending(call)
