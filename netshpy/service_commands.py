"""The IPsec service in the simulated command prompt: ``net``, ``sc``, ``shutdown``.

``net stop|start policyagent`` (or ``"IPSEC Services"``), ``net start`` (the
started services), ``sc query|queryex|stop|start policyagent`` and
``shutdown /r`` (a simulated reboot), with cmd.exe's texts from
``netshpy.messages``. :func:`commands_on` is what ``netshpy.cmdprompt`` picks up.
"""

from __future__ import annotations

from collections.abc import Callable

from . import messages
from .dynamic.service import (
    DISPLAY_NAME,
    SERVICE_NAME,
    ServiceStateError,
    display_name_for,
    get_service,
)

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Protocol

    from .host import Host

    class CommandPrompt(Protocol):
        """What these commands use of :class:`netshpy.cmdprompt.CommandPrompt` (which imports them)."""

        host: Host


_LSASS_PID = 512


def display_name(host: Host) -> str:
    """The service's display name on *host*'s version of Windows (2000: IPSEC Policy Agent)."""
    return display_name_for(getattr(host, "os", None))


def _net_error(text: str, code: int) -> str:
    return f"{text}\n\n{messages.NET_HELPMSG.format(code=code)}\n\n"


def _net_started_list(running: bool, display: str = DISPLAY_NAME) -> str:
    names = [display if n == DISPLAY_NAME else n for n in messages.NET_SERVICES_STARTED]
    names = [n for n in names if running or n != display]
    body = "\n".join(f"   {n}" for n in names)
    return f"{messages.NET_STARTED_LIST}\n\n{body}\n\n{messages.NET_COMPLETED}\n\n"


def net(prompt: CommandPrompt, args: list[str], rest: str) -> str:
    """``net start|stop <service>``."""
    if not args or args[0].lower() not in ("start", "stop"):
        return messages.NET_SYNTAX + "\n\n"
    verb = args[0].lower()
    name = " ".join(args[1:]).strip()
    service = get_service(prompt.host)
    if not name:
        if verb == "start":
            service.sync()
            return _net_started_list(service.running, display_name(prompt.host))
        return messages.NET_STOP_SYNTAX + "\n\n"
    display = display_name(prompt.host)
    if name.lower() not in (SERVICE_NAME.lower(), display.lower()):
        return _net_error(messages.NET_INVALID_NAME, 2185)
    try:
        if verb == "stop":
            service.stop()
        else:
            service.start()
    except ServiceStateError:
        if verb == "stop":
            return _net_error(messages.NET_NOT_STARTED.format(name=display), 3521)
        return _net_error(messages.NET_ALREADY_STARTED, 2182)
    if verb == "stop":
        first, last = messages.NET_STOPPING, messages.NET_STOPPED
    else:
        first, last = messages.NET_STARTING, messages.NET_STARTED
    return f"{first.format(name=display)}\n{last.format(name=display)}\n\n"


def _status(name: str, state: str, controls: str, wait_hint: str = "0x0", pid: bool = False) -> str:
    text = messages.SC_STATUS.format(name=name, state=state, controls=controls, wait_hint=wait_hint)
    if pid:
        text += "\n" + messages.SC_PID.format(pid=_LSASS_PID)
    return text + "\n"


_RUNNING = ("4  RUNNING", "STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN")
_STOPPED = ("1  STOPPED", "NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN")


def sc(prompt: CommandPrompt, args: list[str], rest: str) -> str:
    """``sc [\\\\server] query|queryex|stop|start policyagent``."""
    if args and args[0].startswith("\\"):
        args = args[1:]
    if not args or args[0].lower() not in ("query", "queryex", "stop", "start"):
        return messages.SC_USAGE + "\n"
    verb = args[0].lower()
    service = get_service(prompt.host)
    service.sync()
    if len(args) < 2:
        if verb.startswith("query"):
            # Enumeration: netshpy knows only its one service.
            state, controls = _RUNNING if service.running else _STOPPED
            block = _status(SERVICE_NAME, state, controls)
            return block.replace(
                "\n        TYPE", f"\nDISPLAY_NAME: {display_name(prompt.host)}\n        TYPE", 1
            )
        return messages.SC_USAGE + "\n"
    name = args[1]
    if name.lower() != SERVICE_NAME.lower():
        head = messages.SC_QUERY_FAILED if verb.startswith("query") else messages.SC_OPEN_FAILED
        return f"{head}\n\n{messages.SC_NO_SUCH_SERVICE}\n\n"
    if verb.startswith("query"):
        state, controls = _RUNNING if service.running else _STOPPED
        return _status(name, state, controls, pid=verb == "queryex")
    try:
        if verb == "stop":
            service.stop()
            return _status(name, "3  STOP_PENDING", _STOPPED[1])
        service.start()
        return _status(name, "2  START_PENDING", _STOPPED[1], wait_hint="0x7d0", pid=True)
    except ServiceStateError:
        if verb == "stop":
            return f"{messages.SC_STOP_FAILED}\n\n{messages.SC_NOT_STARTED}\n\n"
        return f"{messages.SC_START_FAILED}\n\n{messages.SC_ALREADY_RUNNING}\n\n"


def shutdown(prompt: CommandPrompt, args: list[str], rest: str) -> str:
    """``shutdown /r`` (or ``/s``): the computer restarts at once; nothing is printed."""
    flags = {a.lower().replace("-", "/") for a in args}
    if flags & {"/r", "/s"}:
        get_service(prompt.host).reboot()
        return ""
    return messages.SHUTDOWN_USAGE + "\n"


COMMANDS: dict[str, Callable[[CommandPrompt, list[str], str], str]] = {
    "net": net,
    "sc": sc,
    "shutdown": shutdown,
}
_RESOURCE_KIT_ON_2000 = ("sc", "shutdown")  # sc.exe and shutdown.exe came with XP


def commands_on(host: Host) -> dict[str, Callable[[CommandPrompt, list[str], str], str]]:
    """The :data:`COMMANDS` computer *host* has: on Windows 2000, ``sc`` and ``shutdown``
    are Resource Kit tools, there only when the kit is installed (``net`` always is)."""
    if getattr(host, "os", None) != "2000" or "resource-kit" in getattr(host, "tools", ()):
        return dict(COMMANDS)
    return {n: c for n, c in COMMANDS.items() if n not in _RESOURCE_KIT_ON_2000}
