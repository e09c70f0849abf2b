"""netshpy: a faithful, fast emulator of the Windows Server 2003 ``netsh ipsec`` shell.

Importing ``netshpy`` is cheap; public names are loaded on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Session": "netshpy.session",
    "Result": "netshpy.session",
    "Host": "netshpy.host",
    "NetshError": "netshpy.errors",
    "Emulator": "netshpy.api",
    "CommandPrompt": "netshpy.cmdprompt",
    # Python API (netshpy.api, netshpy.api_results, netshpy.api_errors)
    "RunResult": "netshpy.api_results",
    "Snapshot": "netshpy.api_results",
    "EmulatorError": "netshpy.api_errors",
    "AreaNotAvailable": "netshpy.api_errors",
    "NetshCommandError": "netshpy.api_errors",
    "CommandNotFound": "netshpy.api_errors",
    "InvalidArgument": "netshpy.api_errors",
    "CommandPromptError": "netshpy.api_errors",
    "IpsecError": "netshpy.api_errors",
    "InvalidValue": "netshpy.api_errors",
    "ObjectNotFound": "netshpy.api_errors",
    "ObjectExists": "netshpy.api_errors",
    "ObjectInUse": "netshpy.api_errors",
    "ServiceNotRunning": "netshpy.api_errors",
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
