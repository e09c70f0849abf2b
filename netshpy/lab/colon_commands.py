"""Lab emulator commands: ``:lab``, ``:connect``, ``:ping``, ``:send``, ``:check`` ...

They need a session that runs inside a lab (``netshpy --lab FILE`` or
:meth:`netshpy.lab.runtime.Lab.session`); elsewhere they say so.
Their output is plain text (the explanation of a send, the progress), never
netsh output; in a terminal ``:check`` prints a rich table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import messages
from ..colon_commands import EmulatorUsageError, command
from ..hostfiles import host_path
from ..osinfo import os_info
from ..values import digits
from . import (
    account_colon_commands,  # noqa: F401 - registers :account and :right
    events,
    gp_colon_commands,  # noqa: F401 - registers :rsop and :gpo
    nlb_colon_commands,  # noqa: F401 - registers :nlb and :wait
)
from .colon_support import guard, session_lab
from .layout import terminal_width, wrap
from .model import LabError

if TYPE_CHECKING:
    from ..session import Session
    from .runtime import Lab


_lab = session_lab


def _usage(text: str) -> EmulatorUsageError:
    return EmulatorUsageError(messages.BAD_USAGE_LAB.format(usage=text))


_guard = guard


def _here(session: Session) -> str:
    return session.host.computer_name


def _this_computer(session: Session, argv: list[str]) -> bool:
    """No name, or the name of the computer the session is on."""
    return not argv or (len(argv) == 1 and argv[0].lower() == _here(session).lower())


def _service_state(lab: Lab, name: str) -> str:
    service = lab.service(name)
    mode = service.driver_mode
    if mode == "boot":
        return f"startup security ({service.boot_state.mode})"
    return {"policy": "running", "permit": "stopped"}[mode]


def _assigned(lab: Lab, name: str) -> str:
    from ..dynamic.compile import assigned_policies

    pairs = assigned_policies(lab.host(name))
    return ", ".join(f"{p.name} ({loc})" for loc, p in pairs) or "none"


@command("lab", "Lists the lab's computers (addresses, OS, domain, service, policy).", ":lab")
@_guard
def _show_lab(session: Session, argv: list[str]) -> str:
    from ..dynamic.render import pending_note
    from .ike import os_name

    lab = _lab(session)
    here = getattr(session, "lab_home", "")
    rows = [f"Lab: {lab.spec.name}"]
    if lab.spec.description:
        rows.append(f"  {lab.spec.description}")
    rows.append("")
    for comp in lab.spec.computers:
        mark = "*" if comp.name == here else " "
        rows.append(f"{mark} {comp.name:<15} {os_name(comp.os)}")
        rows.append(f"    addresses : {', '.join(comp.addresses)}")
        rows.append(f"    domain    : {comp.domain or '(workgroup)'}")
        rows.append(f"    IPsec     : {_service_state(lab, comp.name)}")
        waiting = pending_note(lab.service(comp.name).config)
        if waiting:
            rows.append(f"    pending   : {waiting}")
        rows.append(f"    policy    : {_assigned(lab, comp.name)}")
        if comp.certificates:
            certs = "; ".join(f"{c.subject} from {c.root}" for c in comp.certificates)
            rows.append(f"    certs     : {certs}")
    for nat in lab.spec.nats:
        rows.append(f"  NAT {nat.name}: {nat.inside} -> {nat.outside} as {nat.address}")
    if lab.spec.exercises:
        rows.append("")
        rows.append("Exercises (:exercise N for the instructions):")
        for n, ex in enumerate(lab.spec.exercises, 1):
            rows.append(f"  {n}. {ex.title}")
    return wrap("\n".join(rows), terminal_width(session), hang=4)


@command("exercise", "Shows the instructions of an exercise of the lab.", ":exercise [N]")
@_guard
def _exercise(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if not lab.spec.exercises:
        return f"{lab.spec.name}: this lab has no exercises."
    numbers = range(1, len(lab.spec.exercises) + 1)
    if argv:
        wanted = digits(argv[0])
        if len(argv) > 1 or wanted is None:
            raise _usage(":exercise [N]")
        if wanted not in numbers:
            raise LabError(f"no exercise {argv[0]} (exercises 1-{len(lab.spec.exercises)})")
        numbers = range(wanted, wanted + 1)
    parts = []
    for n in numbers:
        ex = lab.spec.exercises[n - 1]
        parts.append(f"{n}. {ex.title}\n\n{ex.instructions.strip()}")
    return wrap("\n\n".join(parts), terminal_width(session))


@command("connect", "Sits down at another computer of the lab.", ":connect NAME")
@_guard
def _connect(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if len(argv) != 1:
        raise _usage(":connect NAME")
    name = lab.connect(session, argv[0])
    said = messages.LAB_CONNECTED.format(name=name)
    info = os_info(lab.computer(name).os)
    if info.ipsec_tool != "netsh" and not getattr(session, "at_prompt", False):
        # This netsh has no ipsec: say where the computer's IPsec tool is.
        said += "\n" + messages.LAB_CONNECTED_NO_NETSH_IPSEC.format(
            os=info.name, tool=info.ipsec_tool, lab=_lab_argument(lab), name=name
        )
    return wrap(said, terminal_width(session))


def _lab_argument(lab: Lab) -> str:
    """What to pass to ``--lab`` for *lab*: a shipped lab's name, else its file."""
    from .shipped import find_lab_file

    path = Path(lab.spec.path).resolve()
    return path.stem if find_lab_file(path.stem).resolve() == path else str(path)


@command(
    "ping", "Pings from one lab computer to another and explains the outcome.", ":ping [SRC] DST"
)
@_guard
def _ping(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if len(argv) == 1:
        argv = [_here(session), argv[0]]
    if len(argv) != 2:
        raise _usage(":ping [SRC] DST")
    result = lab.send(argv[0], argv[1], "icmp", 0)
    events.record_graded(lab, "send", summary=result.summary)
    return wrap(result.text(), terminal_width(session), hang=4)


@command(
    "send",
    "Sends traffic (icmp, tcp, udp, rsvp or a number; a port) and explains the outcome.",
    ":send SRC DST PROTOCOL [PORT]",
)
@_guard
def _send(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    if len(argv) not in (3, 4):
        raise _usage(":send SRC DST PROTOCOL [PORT]")
    port = 0
    if len(argv) == 4:
        given = digits(argv[3])
        if given is None:
            raise _usage(":send SRC DST PROTOCOL [PORT]")
        port = given
    result = lab.send(argv[0], argv[1], argv[2], port)
    events.record_graded(lab, "send", summary=result.summary)
    return wrap(result.text(), terminal_width(session), hang=4)


@command("check", "Grades the lab's exercises now and shows the progress.", ":check")
@_guard
def _check(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    progress = lab.check()
    events.record_graded(lab, "check", progress)
    width = terminal_width(session)
    if getattr(session, "lab_rich", False):
        return _rich_text(progress.rich(), width or 80)
    return wrap(progress.text(), width, hang=4)


def _rich_text(renderable: Any, width: int = 80) -> str:
    """*renderable* drawn by rich for a terminal *width* columns wide."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    # One column short of the width: a full-width line wraps on some consoles.
    Console(file=buffer, force_terminal=True, width=width - 1).print(renderable)
    return buffer.getvalue().rstrip("\n")


@command("hint", "Shows the hint of the first item still to do, or of item N.", ":hint [N]")
@_guard
def _hint(session: Session, argv: list[str]) -> str:
    from .grading import hint

    lab = _lab(session)
    number = None
    if argv:
        number = digits(argv[0])
        if number is None:
            raise _usage(":hint [N]")
    text = hint(lab, number)
    events.record_graded(lab, "hint", item=number)
    return wrap(text, terminal_width(session), hang=8)


@command("reset", "Puts every lab computer back in its starting state.", ":reset")
@_guard
def _reset(session: Session, argv: list[str]) -> str:
    lab = _lab(session)
    lab.reset()
    events.record_graded(lab, "reset")
    # Back to where a fresh lab starts: the start computer, at the netsh root.
    lab.connect(session, lab.spec.start)
    session.change_context(session.spec.root)
    session.stack.clear()
    session.helper_state.clear()
    return messages.LAB_RESET


@command(
    "restart",
    "Restarts the IPsec service (of this computer, or of lab computer NAME).",
    ":restart [NAME]",
)
@_guard
def _restart(session: Session, argv: list[str]) -> str:
    if getattr(session, "lab", None) is None and _this_computer(session, argv):
        from ..dynamic.service import get_service

        service = get_service(session.host)
        if service.running:
            service.stop()
        service.start()
        return messages.LAB_RESTARTED.format(name=_here(session))
    lab = _lab(session)
    name = lab.computer(argv[0] if argv else _here(session)).name
    lab.restart_service(name)
    return messages.LAB_RESTARTED.format(name=name)


@command(
    "reboot",
    "Restarts this or a lab computer (hold: stay in startup security, service not started).",
    ":reboot [NAME] [hold]",
)
@_guard
def _reboot(session: Session, argv: list[str]) -> str:
    hold = bool(argv) and argv[-1].lower() == "hold"
    rest = argv[:-1] if hold else argv
    if len(rest) > 1:
        raise _usage(":reboot [NAME] [hold]")
    if getattr(session, "lab", None) is None and _this_computer(session, rest):
        from ..dynamic.service import get_service

        service = get_service(session.host)
        service.reboot(start_service=not hold)
        if hold:
            mode = service.boot_state.mode
            return messages.LAB_REBOOT_HOLD.format(name=_here(session), mode=mode)
        return messages.LAB_REBOOTED.format(name=_here(session))
    lab = _lab(session)
    name = lab.computer(rest[0] if rest else _here(session)).name
    lab.reboot(name, start_service=not hold)
    if hold:
        return messages.LAB_REBOOT_HOLD.format(name=name, mode=lab.service(name).boot_state.mode)
    return messages.LAB_REBOOTED.format(name=name)


@command(
    "result", "Writes the result file for a learning-management system.", ":result FILE [LEARNER]"
)
@_guard
def _result(session: Session, argv: list[str]) -> str:
    from .result_file import result_document

    lab = _lab(session)
    if len(argv) not in (1, 2):
        raise _usage(":result FILE [LEARNER]")
    progress = lab.check()
    when = lab.hosts[lab.spec.computers[0].name].clock() if lab.deterministic else None
    doc = result_document(lab, progress, argv[1] if len(argv) == 2 else None, when)
    path = Path(argv[0])
    try:
        host_path(path).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise EmulatorUsageError(
            messages.LAB_RESULT_FAILED.format(path=path, reason=exc.strerror or exc)
        ) from None
    return messages.LAB_RESULT_WRITTEN.format(path=path, score=progress.score, total=progress.total)
