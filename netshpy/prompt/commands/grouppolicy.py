"""``gpresult`` (Windows XP and Server 2003; Windows 2000 had only a Resource Kit tool of
that name, another program)."""

from __future__ import annotations

from typing import Any

from .. import command


def _has_gpresult(host: Any) -> bool:
    return getattr(host, "os", None) in (None, "xp", "xp-sp2", "2003")


@command("gpresult", "Displays the Resultant Set of Policy (RSoP).", _has_gpresult)
def gpresult(prompt: Any, args: list[str], rest: str) -> str:
    """``gpresult [/s Computer] [/user Name] [/scope user|computer] [/v | /z]``."""
    from ...lab.prompt_commands import gpresult as run

    return run(prompt, args, rest)
