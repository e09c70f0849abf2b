"""What traffic and grading need of a running lab: its spec, its computers, their hosts.

:class:`~netshpy.lab.runtime.Lab` is one. Traffic (:mod:`netshpy.lab.traffic`)
and grading (:mod:`netshpy.lab.grading`) take this protocol rather than the
runtime class, so they sit below the runtime that calls them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .model import ComputerSpec, LabSpec

if TYPE_CHECKING:
    from ..host import Host


class LabView(Protocol):
    """A running lab, as a send or a grader sees it."""

    spec: LabSpec
    root: Path  # the folder the lab runs in

    def find(self, name_or_address: str) -> ComputerSpec | None:
        """The lab computer called *name_or_address* (or owning that IP address), or None."""

    def computer(self, name: str) -> ComputerSpec:
        """The lab computer *name* (or address); LabError when there is none."""

    def host(self, name: str) -> Host:
        """The emulated computer *name*."""
