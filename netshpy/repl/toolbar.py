"""The bottom toolbar: computer, context, static store, batch mode, IPsec service
(``running``, ``stopped`` or ``boot mode block`` in startup security), and the
``set config`` settings waiting for a restart.

Hidden when the terminal is smaller than :data:`MIN_COLUMNS` x :data:`MIN_ROWS`.
The IPsec service state comes from the dynamic area when it exists (see
:func:`service_state`); until then the toolbar says "unknown".
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..host import Host
    from ..session import Session

MIN_COLUMNS = 60
MIN_ROWS = 8
UNKNOWN = "unknown"


def service_state(host: Host) -> str:
    """``running``, ``stopped``... of the simulated IPsec service, or ``unknown``.

    Asks ``netshpy.dynamic.service``: ``state(host)`` (or ``status``) when it
    has one, else ``get_service(host).running``; any failure means "unknown",
    never an error at the prompt.
    """
    try:
        module = importlib.import_module("netshpy.dynamic.service")
    except ImportError:
        return UNKNOWN
    func: Any = getattr(module, "state", None) or getattr(module, "status", None)
    try:
        if func is not None:
            value = func(host)
        elif hasattr(module, "get_service"):
            service = module.get_service(host)
            sync = getattr(service, "sync", None)
            if sync is not None:
                sync()  # another process (net stop) may have changed it
            if getattr(service, "driver_mode", None) == "boot":
                # Startup security: the driver filters by its boot mode, not "stopped"
                # (a stopped service would pass everything).
                return f"boot mode {service.boot_state.mode}"
            value = bool(service.running)
        else:
            return UNKNOWN
    except Exception:
        return UNKNOWN
    if isinstance(value, bool):
        return "running" if value else "stopped"
    text = str(getattr(value, "value", value) or "").strip()
    return text.lower() or UNKNOWN


def pending_restart(host: Host) -> str:
    """The settings stored with ``set config`` that wait for a restart (``bootmode, ...``)."""
    try:
        from ..dynamic.config import PROPERTIES
        from ..dynamic.service import get_service

        config = get_service(host).config
        return ", ".join(name for name in PROPERTIES if config.pending(name))
    except Exception:
        return ""


def fields(session: Session) -> list[tuple[str, str]]:
    """(label, value) pairs the toolbar shows, left to right.

    ``after restart`` appears while ``set config`` values wait for the
    computer to restart (netsh's ``show config`` prints them as stored).
    """
    from ..osinfo import has_netsh_ipsec

    static = session.state("static")
    batch = static.get("batch")
    out = [
        ("", session.machine or session.host.computer_name),
        ("", session.context.prompt_path),
    ]
    if has_netsh_ipsec(getattr(session.host, "os", None)):  # XP/2000: no store, no batch
        out += [
            ("store", str(static.get("location", "local"))),
            ("batch", "on" if batch else "off"),
        ]
    out.append(("IPsec", service_state(session.host)))
    waiting = pending_restart(session.host)
    if waiting:
        out.append(("after restart", waiting))
    return out


def plain_text(session: Session) -> str:
    """The toolbar as one line of plain text."""
    return " | ".join(f"{k}: {v}" if k else v for k, v in fields(session))


def formatted(session: Session, columns: int, rows: int) -> list[tuple[str, str]] | None:
    """The toolbar as prompt_toolkit formatted text, or None when it does not fit."""
    if columns < MIN_COLUMNS or rows < MIN_ROWS:
        return None
    out: list[tuple[str, str]] = [("class:bottom-toolbar", " ")]
    for i, (label, value) in enumerate(fields(session)):
        if i:
            out.append(("class:bottom-toolbar.sep", " | "))
        if label:
            out.append(("class:bottom-toolbar.label", f"{label}: "))
        out.append(("class:bottom-toolbar.value", value))
    text = "".join(t for _, t in out)
    if len(text) > columns:
        return [("class:bottom-toolbar", text[: columns - 1])]
    return out
