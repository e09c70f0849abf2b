"""Handlers of the ``netsh ipsec static`` context.

Thin wrappers: the store selection and batch mode live in the session
state, the semantics in :mod:`netshpy.static.filter_commands` and
:mod:`netshpy.static.policy_commands`, the screens in
:mod:`netshpy.static.show` / :mod:`netshpy.static.render`.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from .. import messages
from ..errors import NetshError
from ..session import Call, Session
from ..spec import Context
from ..static import command_support, filter_commands, policy_commands, portable, show
from ..static import dump as dumping
from ..static import stores as _stores
from ..static.store import StoreCorrupt

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

_STATE = "static"


def _guard(function: Callable[[Call], Any]) -> Callable[[Call], Any]:
    """Turn store problems into the IPsec error text, never a traceback."""

    @functools.wraps(function)
    def run(call: Call) -> Any:
        try:
            return function(call)
        except StoreCorrupt as problem:
            raise NetshError(messages.ipsec("store_corrupt", path=problem.path)) from None
        except sqlite3.OperationalError as problem:
            if "locked" in str(problem) or "busy" in str(problem):
                raise NetshError(messages.ipsec("store_busy")) from None
            raise NetshError(messages.ipsec("store_unavailable")) from None
        except (sqlite3.DatabaseError, OSError):
            raise NetshError(messages.ipsec("store_unavailable")) from None

    return run


def _selection(call: Call) -> dict[str, Any]:
    state = call.session.state(_STATE)
    state.setdefault("location", "local")
    state.setdefault("domain", None)
    return state


def _env(call: Call) -> command_support.Env:
    state = _selection(call)
    store = _stores.stores(call.host).get(state["location"], state["domain"])
    return command_support.Env(call.host, store, state["location"], state["domain"])


def _flush(session: Session, left: Context | None = None) -> None:
    """Leave batch mode: write what it accumulated."""
    state = session.state(_STATE)
    if not state.get("batch"):
        return
    if left is not None and not session.finished and left.path != "ipsec static":
        return
    state["batch"] = False
    _stores.stores(session.host).close_batches()


def _write(call: Call, work: Callable[[command_support.Env, Any], None]) -> None:
    env = _env(call)
    if _selection(call).get("batch"):
        env.store.begin_batch()
    work(env, call.args)


def _label(call: Call) -> str:
    state = _selection(call)
    return _stores.store_label(call.host, state["location"], state["domain"])


def _contents(call: Call):
    return _env(call).store.load()


def _resolver(call: Call) -> Callable[[str], str | None] | None:
    def reverse(address: str) -> str | None:  # the resolver loads only for resolvedns=yes
        from ..computer.resolver import resolver

        return resolver(call.host).reverse(address)

    return reverse


# ---- add / set / delete ------------------------------------------------------


@_guard
def add_filter(call: Call) -> None:
    _write(call, filter_commands.add_filter)


@_guard
def add_filteraction(call: Call) -> None:
    _write(call, filter_commands.add_filteraction)


@_guard
def add_filterlist(call: Call) -> None:
    _write(call, filter_commands.add_filterlist)


@_guard
def add_policy(call: Call) -> None:
    _write(call, policy_commands.add_policy)


@_guard
def add_rule(call: Call) -> None:
    _write(call, policy_commands.add_rule)


@_guard
def delete_all(call: Call) -> None:
    _write(call, policy_commands.delete_all)


@_guard
def delete_filter(call: Call) -> None:
    _write(call, filter_commands.delete_filter)


@_guard
def delete_filteraction(call: Call) -> None:
    _write(call, filter_commands.delete_filteraction)


@_guard
def delete_filterlist(call: Call) -> None:
    _write(call, filter_commands.delete_filterlist)


@_guard
def delete_policy(call: Call) -> None:
    _write(call, policy_commands.delete_policy)


@_guard
def delete_rule(call: Call) -> None:
    _write(call, policy_commands.delete_rule)


@_guard
def set_batch(call: Call) -> None:
    state = _selection(call)
    if call.args["mode"] == "enable":
        state["batch"] = True
        call.session.on_leave(_flush)
    else:
        _flush(call.session)


@_guard
def set_defaultrule(call: Call) -> None:
    _write(call, policy_commands.set_defaultrule)


@_guard
def set_filteraction(call: Call) -> None:
    _write(call, filter_commands.set_filteraction)


@_guard
def set_filterlist(call: Call) -> None:
    _write(call, filter_commands.set_filterlist)


@_guard
def set_policy(call: Call) -> None:
    _write(call, policy_commands.set_policy)


@_guard
def set_rule(call: Call) -> None:
    _write(call, policy_commands.set_rule)


@_guard
def set_store(call: Call) -> None:
    location = call.args["location"]
    domain = call.args.get("domain")
    if location == "domain":
        domain = domain or call.host.domain
        if not domain:
            raise NetshError(messages.ipsec("domain_unavailable"))
    else:
        domain = None
    state = _selection(call)
    if state.get("batch"):
        _stores.stores(call.host).close_batches()
    state["location"], state["domain"] = location, domain
    _env(call).store.conn  # noqa: B018 - open now: a corrupt store is reported here


# ---- show ---------------------------------------------------------------------


@_guard
def show_all(call: Call) -> str:
    return show.everything(_contents(call), show.options(call.args, _label(call), _resolver(call)))


@_guard
def show_filteraction(call: Call) -> str:
    opts = show.options(call.args, _label(call))
    return show.filteractions(_contents(call), call.args, opts)


@_guard
def show_filterlist(call: Call) -> str:
    opts = show.options(call.args, _label(call), _resolver(call))
    return show.filterlists(_contents(call), call.args, opts)


@_guard
def show_gpoassignedpolicy(call: Call) -> str:
    return show.gpo_assigned(call.host, call.args.get("name"))


@_guard
def show_policy(call: Call) -> str:
    opts = show.options(call.args, _label(call))
    return show.policies(_contents(call), call.args, opts)


@_guard
def show_rule(call: Call) -> str:
    opts = show.options(call.args, _label(call))
    return show.rules(_contents(call), call.args, opts)


@_guard
def show_store(call: Call) -> str:
    return show.store_line(_label(call))


# ---- files and dump -------------------------------------------------------------


@_guard
def exportpolicy(call: Call) -> None:
    from ..computer.drives import drives

    portable.export_store(_contents(call), call.args["file"], drives(call.host))


@_guard
def importpolicy(call: Call) -> None:
    env = _env(call)
    if _selection(call).get("batch"):
        env.store.begin_batch()
    from ..computer.drives import drives

    portable.import_file(env, call.args["file"], drives(call.host))


@_guard
def dump(call: Call) -> str:
    state = _selection(call)
    return dumping.script(_contents(call), state["location"], state["domain"])
