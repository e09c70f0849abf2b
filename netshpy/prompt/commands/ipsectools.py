"""``ipseccmd`` (Windows XP, Support Tools) and ``ipsecpol`` (Windows 2000, Resource Kit)."""

from __future__ import annotations

from typing import Any

from .. import command


def _installed(tool_name: str) -> Any:
    def check(host: Any) -> bool:
        from ...osinfo import os_info

        info = os_info(getattr(host, "os", None))
        return info.ipsec_tool == tool_name and info.package_id in getattr(host, "tools", ())

    return check


@command("ipseccmd", "Configures IPSec policies (Support Tools).", _installed("ipseccmd"))
def ipseccmd(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``ipseccmd ...`` on this computer."""
    from ...tools.ipsec import run

    return run("ipseccmd", prompt.host, rest)


@command("ipsecpol", "Configures IPSec policies (Resource Kit).", _installed("ipsecpol"))
def ipsecpol(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``ipsecpol ...`` on this computer."""
    from ...tools.ipsec import run

    return run("ipsecpol", prompt.host, rest)
