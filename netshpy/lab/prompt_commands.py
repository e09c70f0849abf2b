"""Lab tools in the simulated command prompt: ``gpresult`` (and, on NLB cluster members,
``wlbs`` / ``nlb``), registered here as programs of :mod:`netshpy.prompt` (whose registry
finds every ``netshpy/<area>/prompt_commands.py`` by name).

``gpresult`` exists on Windows XP and Server 2003; Windows 2000 had only a Resource Kit
tool of that name, another program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import messages
from ..prompt import command

if TYPE_CHECKING:
    from ..cmdprompt import CommandPrompt


def _lab_of(host: Any) -> tuple[Any, Any]:
    return getattr(host, "lab", None), getattr(host, "lab_computer", None)


def _has_gpresult(host: Any) -> bool:
    return getattr(host, "os", None) in (None, "xp", "xp-sp2", "2003")


@command("gpresult", "Displays the Resultant Set of Policy (RSoP).", _has_gpresult)
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
        os_name = getattr(host, "os", None) or "2003"  # an XP computer is not a 2003 server
        comp = ComputerSpec(host.computer_name, os_name, (), getattr(host, "domain", None))
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


def nlb_tool(tool: str, prompt: CommandPrompt, args: list[str]) -> str:
    """``wlbs`` / ``nlb`` ``query|start|stop|drainstop`` on a cluster member."""
    from . import nlb, nlb_state

    lab, comp = _lab_of(prompt.host)
    spec = nlb_state.cluster_of(lab, comp.name) if comp is not None else None
    banner = messages.NLB_BANNER.format(tool=tool.upper()) + "\n"
    if spec is None or lab is None:
        return banner + messages.NLB_NOT_INSTALLED.format(tool=tool.upper()) + "\n"
    verb = args[0].lower() if args else ""
    if verb not in ("query", "start", "stop", "drainstop"):
        return banner + messages.NLB_USAGE.format(tool=tool.lower()) + "\n"
    states = nlb_state.load(lab)
    state = states[spec.name]
    host_id = spec.members.index(comp.name) + 1
    out = [banner.rstrip("\n"), messages.NLB_CLUSTER.format(address=spec.address)]
    current = state.members.get(comp.name, "converged")
    if verb == "query":
        if current == "stopped":
            out.append(messages.NLB_QUERY_STOPPED.format(host=host_id))
        elif current == "draining":
            out.append(messages.NLB_QUERY_DRAINING.format(host=host_id))
        else:
            up = [
                str(spec.members.index(m) + 1)
                for m in spec.members
                if state.members.get(m) in ("converged", "draining")
            ]
            out.append(messages.NLB_QUERY_CONVERGED.format(host=host_id, hosts=", ".join(up)))
        return "\n".join(out) + "\n"
    if verb == "stop":
        if current == "stopped":
            out.append(messages.NLB_ALREADY_STOPPED)
        else:
            nlb.stop(spec, state, comp.name)
            out.append(messages.NLB_STOPPED)
    elif verb == "start":
        if current == "converged":
            out.append(messages.NLB_ALREADY_STARTED)
        else:
            nlb.start(spec, state, comp.name)
            out.append(messages.NLB_STARTED)
    else:
        if current == "stopped":
            out.append(messages.NLB_ALREADY_STOPPED)
        else:
            nlb.drainstop(spec, state, comp.name)
            out.append(messages.NLB_DRAINING)
    nlb_state.save(lab, states)
    return "\n".join(out) + "\n"


def _server(names: tuple[str, ...]) -> Any:
    def check(host: Any) -> bool:
        return getattr(host, "os", None) in names

    return check


@command("wlbs", "Controls Network Load Balancing on this host.", _server(("2000", "2003")))
def wlbs(prompt: Any, args: list[str], rest: str) -> str:
    """``wlbs query|start|stop|drainstop``: the NLB control utility (Windows 2000, Server 2003)."""
    return nlb_tool("wlbs", prompt, args)


@command("nlb", "Controls Network Load Balancing on this host.", _server(("2003",)))
def nlb(prompt: Any, args: list[str], rest: str) -> str:
    """``nlb query|start|stop|drainstop``: the NLB control utility (Server 2003)."""
    return nlb_tool("nlb", prompt, args)
