"""NLB clusters in a running lab: their state in the lab folder (the observer that records
which member a client's IPsec session landed on is :mod:`netshpy.lab.traffic.nlbsessions`).

``<root>/nlb.json`` keeps each cluster's :class:`~netshpy.lab.nlb.ClusterState`
(member states, client sessions, the cluster's clock); :meth:`Lab.reset`
restores the starting state with the rest of the folder.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..statefiles import write_atomically
from ..textfile import load_json
from .nlb import ClusterSpec, ClusterState

if TYPE_CHECKING:
    from .view import LabView

STATE_FILE = "nlb.json"


def cluster_for(lab: LabView, text: str) -> ClusterSpec | None:
    """The cluster whose address or name is *text*, or None."""
    key = text.strip().lstrip("\\").lower()
    return next((c for c in lab.spec.clusters if c.address == key or c.name.lower() == key), None)


def cluster_of(lab: LabView, member: str) -> ClusterSpec | None:
    """The cluster computer *member* belongs to, or None."""
    return next((c for c in lab.spec.clusters if member.upper() in c.members), None)


def load(lab: LabView) -> dict[str, ClusterState]:
    """Every cluster's state (the initial one when none is stored)."""
    try:
        data = load_json((lab.root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    out = {}
    for spec in lab.spec.clusters:
        try:
            out[spec.name] = ClusterState.from_dict(data[spec.name])
        except (KeyError, TypeError, ValueError):
            out[spec.name] = ClusterState.initial(spec)
    return out


def save(lab: LabView, states: dict[str, ClusterState]) -> None:
    """Store every cluster's state."""
    data = {name: state.to_dict() for name, state in states.items()}
    write_atomically(lab.root / STATE_FILE, json.dumps(data, indent=1))
