"""Captures observe every recorded send of a lab (:mod:`netshpy.lab.traffic.observers`
imports this module by its name), so that a capture started by one netshpy process
keeps the frames of the sends of the next ones."""

from __future__ import annotations

from ..lab.traffic.observers import register
from .recorder import observe

register(observe)
