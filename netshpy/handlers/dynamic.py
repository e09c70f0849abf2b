"""Handlers of the ``netsh ipsec dynamic`` context (stubs until the dynamic store lands)."""

from __future__ import annotations

from ..errors import NetshError
from ..session import Call


def _pending(call: Call) -> None:
    raise NetshError(f"netshpy: '{call.command.full_name}' is not implemented yet.")


def add_mmpolicy(call: Call) -> None:
    _pending(call)


def add_qmpolicy(call: Call) -> None:
    _pending(call)


def add_rule(call: Call) -> None:
    _pending(call)


def delete_all(call: Call) -> None:
    _pending(call)


def delete_mmpolicy(call: Call) -> None:
    _pending(call)


def delete_qmpolicy(call: Call) -> None:
    _pending(call)


def delete_rule(call: Call) -> None:
    _pending(call)


def set_config(call: Call) -> None:
    _pending(call)


def set_mmpolicy(call: Call) -> None:
    _pending(call)


def set_qmpolicy(call: Call) -> None:
    _pending(call)


def set_rule(call: Call) -> None:
    _pending(call)


def show_all(call: Call) -> None:
    _pending(call)


def show_config(call: Call) -> None:
    _pending(call)


def show_mmfilter(call: Call) -> None:
    _pending(call)


def show_mmpolicy(call: Call) -> None:
    _pending(call)


def show_mmsas(call: Call) -> None:
    _pending(call)


def show_qmfilter(call: Call) -> None:
    _pending(call)


def show_qmpolicy(call: Call) -> None:
    _pending(call)


def show_qmsas(call: Call) -> None:
    _pending(call)


def show_rule(call: Call) -> None:
    _pending(call)


def show_stats(call: Call) -> None:
    _pending(call)


def dump(call: Call) -> None:
    _pending(call)
