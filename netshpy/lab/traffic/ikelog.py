"""Observer: the IKE log, ``<state_dir>/debug/oakley.log``, when ``ikelogging`` is 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...dynamic.service import get_service
from ...statefiles import append_private, make_folder
from .packet import Side
from .result import TrafficResult

if TYPE_CHECKING:
    from ..view import LabView


def _log(side: Side, lines: list[str]) -> None:
    service = get_service(side.host)
    if int(service.config.effective.get("ikelogging", 0)) != 1:
        return
    folder = side.host.state_dir / "debug"
    try:
        make_folder(folder)
        now = side.host.clock()
        stamp = f"{now.month}-{now.day:02d}: {now:%H:%M:%S}:{now.microsecond // 1000:03d}"
        text = "".join(f"{stamp} {line}\n" for line in lines)
        append_private(folder / "oakley.log", text.encode("utf-8"))
    except OSError:
        pass


def write_ike_log(lab: LabView, result: TrafficResult) -> None:
    """Append the negotiation of *result*, if any, to each side's IKE log."""
    neg = result.negotiation
    if neg is None:
        return
    for side in (neg.init, neg.resp):
        role = "initiator" if side is neg.init else "responder"
        _log(
            side,
            [f"Acquire: {role} {side.address} <-> {side.peer_address}"]
            + neg.steps
            + ["Negotiation succeeded" if neg.ok else "Negotiation failed"],
        )
