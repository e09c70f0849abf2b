"""An ``ipseccmd`` / ``ipsecpol`` command line, parsed against the flag table.

:func:`split` splits the line as the Microsoft C runtime does for these
programs (blanks separate, double quotes group and are removed, backslashes
stay); :func:`parse` checks every flag and value before anything runs, so a
bad line changes nothing.
"""

from __future__ import annotations

from ..records import dataclass, field
from . import values as v
from .spec import Flag, Tool

HELP_WORDS = ("/?", "-?", "-h", "/h")


class ToolUsage(ValueError):
    """A line the tool rejects: print the reason, then the usage."""


@dataclass
class Invocation:
    """Everything one command line asks for."""

    tool: str
    mode: str = "dynamic"  # dynamic | static | query | delete | help
    computer: str | None = None
    filters: list[v.FilterSpec] = field(default_factory=list)
    mm_filters: list[v.FilterSpec] = field(default_factory=list)
    negotiation: v.Negotiation | None = None
    tunnel: v.Address | None = None
    auth: list[v.AuthMethod] = field(default_factory=list)
    mm_offers: list[v.MmOffer] = field(default_factory=list)
    rekey: v.Rekey | None = None
    master_pfs: bool = False
    soft_expiration: int | None = None
    soft: bool = False
    confirm: bool = False
    conntype: str = "all"
    store: v.Store | None = None
    policy: v.PolicyName | None = None
    rules: list[str] = field(default_factory=list)
    assign: bool = False
    unassign: bool = False
    delete: bool = False
    show: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)  # the flags, in order


def split(text: str) -> list[str]:
    """The arguments of *text* as the program's ``argv`` sees them."""
    args: list[str] = []
    current: list[str] = []
    quoted = started = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            started = True
        elif ch in " \t" and not quoted:
            if started:
                args.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
    if started:
        args.append("".join(current))
    return args


_VALUE_PARSERS = {
    "tunnel": v.parse_tunnel,
    "rekey": v.parse_rekey,
    "integer": v.parse_integer,
    "store": v.parse_store,
    "policy": v.parse_policy,
    "text": lambda text: text,
}


def _is_flag(tool: Tool, word: str) -> bool:
    return word.startswith("-") and tool.flag(word) is not None


def parse(tool: Tool, argv: list[str]) -> Invocation:
    """Parse *argv* (without the program name); :class:`ToolUsage` when it is wrong."""
    inv = Invocation(tool.name)
    args = list(argv)
    if any(a.lower() in HELP_WORDS for a in args):
        inv.mode = "help"
        return inv
    if args and args[0].startswith("\\\\"):
        inv.computer = args.pop(0)[2:]
        if not inv.computer:
            raise ToolUsage("the computer name after \\\\ is missing")
    if not args:
        inv.mode = "help"
        return inv
    if args[0].lower() == "show":
        return _show(tool, inv, args[1:])
    i = 0
    while i < len(args):
        word = args[i]
        flag = tool.flag(word) if word.startswith("-") else None
        if flag is None:
            if word.startswith("\\\\"):
                raise ToolUsage("\\\\ComputerName must be the first argument")
            raise ToolUsage(f"{word} is not a valid argument")
        if flag.name in inv.given and not flag.repeat:
            raise ToolUsage(f"{flag.name} is given twice")
        inv.given.append(flag.name)
        i += 1
        taken: list[str] = []
        if flag.value == "one":
            if i >= len(args) or _is_flag(tool, args[i]):
                raise ToolUsage(f"{flag.name} needs a value ({flag.placeholder})")
            taken = [args[i]]
            i += 1
        elif flag.value == "list":
            while i < len(args) and not _is_flag(tool, args[i]):
                taken.append(args[i])
                i += 1
            if not taken:
                raise ToolUsage(f"{flag.name} needs a value ({flag.placeholder})")
        try:
            _apply(inv, flag, taken)
        except v.BadValue as problem:
            raise ToolUsage(str(problem)) from None
    _check_mode(tool, inv)
    return inv


def _apply(inv: Invocation, flag: Flag, taken: list[str]) -> None:
    name = flag.name
    if name == "-f":
        inv.filters = [v.parse_filter(t) for t in taken]
    elif name == "-1f":
        inv.mm_filters = [v.parse_filter(t) for t in taken]
    elif name == "-n":
        inv.negotiation = v.parse_negotiation(taken)
    elif name == "-a":
        inv.auth = [v.parse_auth(t) for t in taken]
    elif name == "-1s":
        inv.mm_offers = [v.parse_mmoffer(t) for t in taken]
    elif flag.value == "one":
        value = _VALUE_PARSERS[flag.type](taken[0])
        if name == "-t":
            inv.tunnel = value
        elif name == "-1k":
            inv.rekey = value
        elif name == "-1e":
            inv.soft_expiration = value
        elif name == "-w":
            inv.store = value
        elif name == "-p":
            inv.policy = value
        elif name == "-r":
            inv.rules.append(value)
    else:
        attr = {
            "-1p": "master_pfs",
            "-soft": "soft",
            "-confirm": "confirm",
            "-x": "assign",
            "-y": "unassign",
            "-o": "delete",
        }.get(name)
        if attr is not None:
            setattr(inv, attr, True)
        elif name in ("-dialup", "-lan"):
            if inv.conntype != "all":
                raise v.BadValue("-dialup and -lan exclude each other")
            inv.conntype = "dialup" if name == "-dialup" else "lan"
        elif name == "-u":
            inv.mode = "delete"


def _check_mode(tool: Tool, inv: Invocation) -> None:
    """Which mode the flags select, and whether they fit together (reference §5, §6, §13)."""
    if inv.mode == "delete":
        if len(inv.given) > 1:
            raise ToolUsage("-u takes no other flag")
        return
    static = inv.store is not None
    inv.mode = "static" if static else "dynamic"
    for name in inv.given:
        flag = tool.flag(name)
        assert flag is not None
        if inv.mode not in flag.modes:
            need = "-w (static mode)" if flag.modes == ("static",) else "dynamic mode (no -w)"
            raise ToolUsage(f"{name} is used only in {need}")
    if static:
        if inv.policy is None:
            raise ToolUsage("static mode (-w) needs -p PolicyName")
        if inv.assign and inv.unassign:
            raise ToolUsage("-x and -y exclude each other")
        if inv.delete and (inv.filters or inv.assign):
            raise ToolUsage("-o deletes: it takes no -f or -x")
        if inv.filters and len(inv.rules) != 1:
            raise ToolUsage("static mode with -f needs one -r RuleName")
        if not (inv.filters or inv.assign or inv.unassign or inv.delete):
            raise ToolUsage("static mode needs -f, -x, -y or -o")
        if any(f.kind != "plain" for f in inv.filters):
            raise ToolUsage("[ ] and ( ) filters are used only in dynamic mode")
    elif not inv.filters:
        raise ToolUsage("-f FilterList is required")


def _show(tool: Tool, inv: Invocation, words: list[str]) -> Invocation:
    if not tool.show:
        raise ToolUsage("show is not a valid argument")
    if not words:
        raise ToolUsage("show needs one of " + ", ".join(tool.show))
    for word in words:
        if word.lower() not in tool.show:
            raise ToolUsage(f"{word} is not one of " + ", ".join(tool.show))
        if word.lower() not in inv.show:
            inv.show.append(word.lower())
    inv.mode = "query"
    return inv
