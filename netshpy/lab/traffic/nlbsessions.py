"""Observer: which member of an NLB cluster a client's IPsec session landed on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nlb
from ..nlb_state import cluster_for, load, save
from .result import TrafficResult

if TYPE_CHECKING:
    from ..view import LabView


def record_nlb(lab: LabView, result: TrafficResult) -> None:
    """Observer: a recorded send to a cluster address opens (or drops) the client's session."""
    if result.cluster is None or not result.nlb_client:
        return
    spec = cluster_for(lab, result.cluster)
    if spec is None:
        return
    states = load(lab)
    state = states[spec.name]
    handling = nlb.handle(spec, state, result.nlb_client, record=True)
    if handling.ok and result.outcome == "failed" and handling.renegotiate:
        nlb.forget(state, result.nlb_client)  # IKE failed: no session
    save(lab, states)
