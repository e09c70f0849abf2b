"""The dynamic side of netsh ipsec: the IPsec service and its SPD.

- :mod:`.spd` — the Security Policy Database (policies, rules, SAs, counters)
- :mod:`.expand` — rules into generic and specific main/quick mode filters
- :mod:`.compile` — assigned static policies into SPD entries
- :mod:`.config` — the seven persistent ``set config`` properties
- :mod:`.service` — the PolicyAgent service: life cycle, transactions, boot mode
- :mod:`.state_db` — the service's state file (SQLite, a table per kind of entry)
- :mod:`.render` — every ``show`` screen
- :mod:`.dump` — ``dump`` as a script

``get_service(host)`` is the entry point from Python.
"""

from __future__ import annotations

from .service import BootState, IpsecService, get_service

__all__ = ["BootState", "IpsecService", "get_service"]
