"""``wlbs`` (Windows 2000 and Server 2003) and ``nlb`` (Server 2003): the Network Load
Balancing cluster control utility, on servers."""

from __future__ import annotations

from typing import Any

from .. import command


def _server(names: tuple[str, ...]) -> Any:
    def check(host: Any) -> bool:
        return getattr(host, "os", None) in names

    return check


@command("wlbs", "Controls Network Load Balancing on this host.", _server(("2000", "2003")))
def wlbs(prompt: Any, args: list[str], rest: str) -> str:
    """``wlbs query|start|stop|drainstop``."""
    from ...lab.prompt_commands import nlb_tool

    return nlb_tool("wlbs", prompt, args)


@command("nlb", "Controls Network Load Balancing on this host.", _server(("2003",)))
def nlb(prompt: Any, args: list[str], rest: str) -> str:
    """``nlb query|start|stop|drainstop``."""
    from ...lab.prompt_commands import nlb_tool

    return nlb_tool("nlb", prompt, args)
