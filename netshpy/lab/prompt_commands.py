"""Lab tools in the simulated command prompt: ``gpresult`` (and, on NLB cluster members,
``wlbs`` / ``nlb``). They are registered as programs in
:mod:`netshpy.prompt.commands.grouppolicy` (and ``.nlb``), which call these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import messages

if TYPE_CHECKING:
    from ..cmdprompt import CommandPrompt


def _lab_of(host: Any) -> tuple[Any, Any]:
    return getattr(host, "lab", None), getattr(host, "lab_computer", None)


def gpresult(prompt: CommandPrompt, args: list[str], rest: str) -> str:
    """``gpresult [/s Computer] [/user Name] [/scope user|computer] [/v | /z]``."""
    from .gpresult import GpresultError, parse, render

    lab, comp = _lab_of(prompt.host)
    try:
        opts = parse(args)
    except GpresultError as exc:
        return f"{exc}\n"
    if opts.get("help"):
        return messages.GPRESULT_USAGE
    if comp is None:
        from .model import ComputerSpec

        host = prompt.host
        comp = ComputerSpec(host.computer_name, "2003", (), getattr(host, "domain", None))
        return render(comp, host, None, opts)
    if "s" in opts:
        target = lab.find(str(opts["s"]))
        if target is None:
            return messages.GPRESULT_REMOTE_FAILED + "\n"
        comp = target
    from . import gp

    rsop = gp.rsop_for(lab, comp.name)
    controller = gp.directory(lab).controllers.get(comp.domain or "")
    return render(comp, lab.host(comp.name), rsop, opts, controller=controller)
