"""netshpy: a faithful, fast emulator of the Windows Server 2003 ``netsh ipsec`` shell.

Importing ``netshpy`` is cheap; public names are loaded on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Session": "netshpy.session",
    "Result": "netshpy.session",
    "Host": "netshpy.host",
    "NetshError": "netshpy.errors",
    "Emulator": "netshpy.api",
    "CommandPrompt": "netshpy.cmdprompt",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netshpy' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
