"""The result of one send: the outcome, its explanation, and what observers record."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...dynamic.spd_records import MmSa, QmSa
from ...values import protocol_label
from .exchange import Datagram, IkeExchange
from .negotiation import Negotiation
from .packet import Side

OUTCOMES = ("secured", "clear", "blocked", "failed")


@dataclass
class TrafficResult:
    """The outcome of one :func:`~netshpy.lab.traffic.send`, with its plain-language explanation."""

    outcome: str  # secured | clear | blocked | failed
    explanation: list[str]
    src: str
    dst: str
    protocol: int
    port: int
    src_address: str = ""
    dst_address: str = ""
    nat: str | None = None  # the NAT device crossed
    initiator: str | None = None  # who started IKE
    mm: MmSa | None = None  # the initiator's main mode SA
    qm: QmSa | None = None  # the initiator's quick mode SA
    nat_t: bool = False
    soft: bool = False
    cluster: str | None = None  # the NLB cluster the destination address belongs to
    member: str | None = None  # the cluster member that handled the client
    nlb_client: str = ""  # the client's address as NLB hashes it
    # What observers need; not part of the outcome's value.
    sides: tuple[Side, ...] = field(default=(), repr=False, compare=False)
    negotiation: Negotiation | None = field(default=None, repr=False, compare=False)
    unanswered: Side | None = field(default=None, repr=False, compare=False)  # IKE got no answer
    # What went on the wire, in order: datagrams and IKE exchanges (netshpy.lab.traffic.exchange).
    wire: list[Datagram | IkeExchange] = field(default_factory=list, repr=False, compare=False)

    @property
    def summary(self) -> str:
        """``XP1 -> SRV1 ICMP: secured``."""
        what = protocol_label(self.protocol)
        if self.port:
            what += f" port {self.port}"
        dst = self.dst
        if self.cluster is not None:
            dst = f"{self.cluster}" + (f" (member {self.member})" if self.member else "")
        return f"{self.src} -> {dst} {what}: {self.outcome}"

    def text(self) -> str:
        """The explanation, one step a line, then the outcome."""
        lines = [f"  {line}" for line in self.explanation]
        return "\n".join([*lines, f"Result: {self.summary}"])

    @property
    def touched(self) -> tuple[Side, ...]:
        """The sides whose SPD a recorded send changes (their service is saved)."""
        if self.negotiation is not None:
            return (self.negotiation.init, self.negotiation.resp)
        if self.unanswered is not None:
            return (self.unanswered,)
        return ()
