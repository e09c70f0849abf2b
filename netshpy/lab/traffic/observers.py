"""What observes a recorded send: one registration per observer.

A send (:func:`netshpy.lab.traffic.send`) decides and negotiates without
changing anything and returns a :class:`TrafficResult`; its explanation is
part of that result. With ``record=True`` each observer below then consumes
the result, in order, and the services of the computers it touched are saved.
To add an observer, write a function ``observer(lab, result)`` and register
it: ``register(observer)`` (or add it to ``OBSERVERS`` below when it ships
with the lab). An area above the lab registers its observers from its own
``traffic_observers.py`` (captures do), found by that name and imported before
the first send is observed, so the lab never imports the areas built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...dynamic.service import get_service
from .ikelog import write_ike_log
from .nlbsessions import record_nlb
from .result import TrafficResult
from .sas import record_sas

if TYPE_CHECKING:
    from ..view import LabView

Observer = Callable[["LabView", TrafficResult], None]

OBSERVERS: list[Observer] = [
    record_sas,  # SAs and statistics in both SPDs (show mmsas / qmsas / stats)
    write_ike_log,  # debug/oakley.log
    record_nlb,  # which NLB cluster member a client's session landed on
]


def register(observer: Observer) -> Observer:
    """Add *observer* to those a recorded send notifies (usable as a decorator)."""
    if observer not in OBSERVERS:
        OBSERVERS.append(observer)
    return observer


AREA_MODULE = "traffic_observers"  # netshpy/<area>/traffic_observers.py registers observers
_areas_loaded = False


def _load_areas() -> None:
    global _areas_loaded
    if _areas_loaded:
        return
    _areas_loaded = True
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent
    for folder in sorted(root.iterdir()):
        if (folder / f"{AREA_MODULE}.py").is_file():
            importlib.import_module(f"netshpy.{folder.name}.{AREA_MODULE}")


def notify(lab: LabView, result: TrafficResult) -> None:
    """Let every observer consume *result*, then save the services it touched."""
    _load_areas()
    for observer in OBSERVERS:
        observer(lab, result)
    for side in result.touched:
        get_service(side.host).save()
