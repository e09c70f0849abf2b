"""Path finding: which addresses two lab computers use, and a NAT device crossed.

Same network first; then through a NAT device (the destination sees the NAT's
address); a computer behind a NAT cannot be reached from outside; otherwise
routed, between the first addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import ComputerSpec, NatSpec

if TYPE_CHECKING:
    from ..view import LabView


@dataclass
class Path:
    """How traffic goes from one computer to another."""

    src_address: str
    dst_address: str
    seen_src: str  # the source address the destination sees
    nat: NatSpec | None = None
    unreachable: str | None = None


def _network(lab: LabView, address: str) -> str | None:
    net = lab.spec.network_of(address)
    return net.name.lower() if net else None


def find_path(lab: LabView, src: ComputerSpec, dst: ComputerSpec) -> Path:
    """The addresses used between *src* and *dst*, and a NAT device crossed."""
    for a in src.addresses:
        for b in dst.addresses:
            na, nb = _network(lab, a), _network(lab, b)
            if na is not None and na == nb:
                return Path(a, b, a)
    for nat in lab.spec.nats:
        inside, outside = nat.inside.lower(), nat.outside.lower()
        for a in src.addresses:
            for b in dst.addresses:
                na, nb = _network(lab, a), _network(lab, b)
                if na == inside and nb == outside:
                    return Path(a, b, nat.address, nat)
                if na == outside and nb == inside:
                    return Path(
                        a,
                        b,
                        a,
                        nat,
                        unreachable=(
                            f"{dst.name} sits behind the NAT device {nat.name}: traffic started "
                            f"from outside ({src.name}) has no translation and is dropped."
                        ),
                    )
    return Path(src.addresses[0], dst.addresses[0], src.addresses[0])
