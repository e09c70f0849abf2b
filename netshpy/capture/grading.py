"""The ``captured`` check of lab exercises: what the trainee's captures hold.

An item passes when a capture made in the lab (running or stopped; its facts
are kept in the lab folder, :mod:`netshpy.capture.facts`) holds frames of an
exchange from ``from`` to ``to`` (on ``network`` when given) showing what the
item asks: the Diffie-Hellman group the responder accepted (``group``: 1, 2,
2048; group 2048 is 14 on the wire), IKE or ESP on a UDP ``port`` (4500
after NAT traversal), a certificate request with or without a CA name
(``ca_name``), or how the data went (``carries``: esp, udp-esp, ah, clear).
It needs no packet library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..lab.grading import register_check
from . import facts

if TYPE_CHECKING:
    from ..lab.view import LabView

GROUP_VALUES = {"1": 1, "768": 1, "2": 2, "1024": 2, "3": 3, "2048": 3, "14": 3}
WIRE_GROUP = {1: 1, 2: 2, 3: 14}


def check_captured(lab: LabView, p: dict[str, Any]) -> tuple[bool, str]:
    """Whether the lab's captures show what item parameters *p* ask for, and why not."""
    frames = facts.load(lab.root)
    if not frames:
        return False, "no frames captured yet (:capture start, then send the traffic)"
    src, dst = lab.computer(p["from"]).name, lab.computer(p["to"]).name
    where = ""
    if "network" in p:
        frames = [
            f for f in frames if str(f.get("network", "")).lower() == str(p["network"]).lower()
        ]
        where = f" on network {p['network']}"
    ike = [
        f
        for f in frames
        if f.get("kind") == "ike" and (f.get("initiator"), f.get("responder")) == (src, dst)
    ]
    data = [
        f
        for f in frames
        if f.get("kind") == "data" and {f.get("sender"), f.get("receiver")} == {src, dst}
    ]
    if not ike and not data:
        return False, f"the capture holds no traffic from {src} to {dst}{where}"
    if "group" in p:
        want = GROUP_VALUES.get(str(p["group"]).strip())
        groups: set[int] = {
            int(f["group"]) for f in ike if f.get("label") == "Main Mode 2" and f.get("group")
        }
        if want not in groups:
            seen = ", ".join(str(WIRE_GROUP.get(g, g)) for g in sorted(groups)) or "none"
            return False, (
                f"the capture holds no answer of {dst} to {src}'s main mode with group "
                f"{WIRE_GROUP.get(want or 0, p['group'])}{where} (groups answered: {seen})"
            )
    if "port" in p:
        port = int(p["port"])
        if not any(f.get("port") == port for f in ike + data):
            return False, f"no frame between {src} and {dst} on UDP port {port}{where}"
    if "ca_name" in p:
        requests = [f for f in ike if f.get("label") == "Main Mode 4" and f.get("certreqs")]
        if not requests:
            return False, f"the capture holds no certificate request of {dst} to {src}{where}"
        named = any(any(f["certreqs"]) for f in requests)
        if named != bool(p["ca_name"]):
            what = "names a CA" if named else "carries no CA name"
            return False, f"{dst}'s certificate request {what}{where}"
    if "carries" in p:
        want_kind = str(p["carries"]).lower()
        kinds = {f.get("carries") for f in data}
        if want_kind not in kinds:
            seen = ", ".join(sorted(str(k) for k in kinds)) or "no data"
            return False, f"the data between {src} and {dst}{where} went as {seen}, not {want_kind}"
    return True, ""


register_check("captured", check_captured)
