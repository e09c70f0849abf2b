"""``gpresult`` (Windows Server 2003 / XP, Group Policy Result tool v2.0) in a lab's prompt.

Syntax [D N6]: ``gpresult [/s Computer [/u Domain\\User [/p Password]]] [/user TargetUserName]
[/scope {user | computer}] [{/v | /z}]``. It lists the GPOs applied to the
computer (highest precedence first) and those filtered out; there is no IP
Security section in gpresult (the IPsec policy that won is in ``:rsop``, IP
Security Monitor and ``netsh ipsec static show gpoassignedpolicy``).

The screen is RECONSTRUCTED from captures of later versions (same tool
version, v2.0) and the 2003 syntax: see ``docs/fidelity/lab.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import messages
from .directory import computer_dn, netbios_domain
from .rsop import LOCAL_GPO, Rsop

if TYPE_CHECKING:
    from datetime import datetime

    from ..host import Host
    from .model import ComputerSpec

OS_TYPE = {
    "2003": "Microsoft(R) Windows(R) Server 2003, Enterprise Edition",
    "xp": "Microsoft Windows XP Professional",
    "xp-sp2": "Microsoft Windows XP Professional",
}
OS_VERSION = {"2003": "5.2.3790", "xp": "5.1.2600", "xp-sp2": "5.1.2600"}
RSOP_SECTIONS = (
    "Software Installations",
    "Startup Scripts",
    "Shutdown Scripts",
    "Account Policies",
    "Audit Policy",
    "User Rights",
    "Security Options",
    "Event Log Settings",
    "Restricted Groups",
    "System Services",
    "Registry Settings",
    "File System Settings",
    "Public Key Policies",
    "Administrative Templates",
)
USER_SECTIONS = (
    "Software Installations",
    "Logon Scripts",
    "Logoff Scripts",
    "Public Key Policies",
    "Administrative Templates",
    "Folder Redirection",
    "Internet Explorer Browser User Interface",
    "Internet Explorer Connection",
    "Internet Explorer URLs",
    "Internet Explorer Security",
    "Internet Explorer Programs",
)
LABEL = 29  # "Connected over a slow link?: " and the other header labels
INNER = 36  # "    Group Policy was applied from:      "


class GpresultError(Exception):
    """A gpresult command line that the tool refuses (the text is what it prints)."""


def _stamp(when: datetime) -> str:
    hour = when.hour % 12 or 12
    half = "AM" if when.hour < 12 else "PM"
    return (
        f"{when.month}/{when.day}/{when.year} at {hour}:{when.minute:02d}:{when.second:02d} {half}"
    )


def parse(argv: list[str]) -> dict[str, object]:
    """The switches of a gpresult command line; GpresultError with the tool's error."""
    opts: dict[str, object] = {"scope": None, "verbose": False, "super": False}
    i = 0
    while i < len(argv):
        arg = argv[i]
        low = arg.lower().replace("-", "/", 1) if arg.startswith("-") else arg.lower()
        if low in ("/?", "/h"):
            opts["help"] = True
        elif low == "/v":
            opts["verbose"] = True
        elif low == "/z":
            opts["super"] = True
        elif low in ("/s", "/u", "/p", "/user", "/scope"):
            if i + 1 >= len(argv) or argv[i + 1].startswith("/"):
                if low == "/p":  # /p without a value prompts: not in a lab
                    i += 1
                    continue
                raise GpresultError(messages.GPRESULT_VALUE_EXPECTED.format(option=arg))
            value = argv[i + 1]
            i += 1
            if low == "/scope":
                if value.lower() not in ("user", "computer"):
                    raise GpresultError(messages.GPRESULT_BAD_SCOPE.format(value=value))
                opts["scope"] = value.lower()
            else:
                opts[low[1:]] = value
        else:
            raise GpresultError(messages.GPRESULT_INVALID.format(arg=arg))
        i += 1
    if opts["verbose"] and opts["super"]:
        raise GpresultError(messages.GPRESULT_INVALID.format(arg="/z"))
    if ("u" in opts or "p" in opts) and "s" not in opts:
        raise GpresultError(messages.GPRESULT_NEEDS_S)
    return opts


def _configuration(comp: ComputerSpec, is_dc: bool) -> str:
    server = comp.os == "2003"
    if is_dc:
        return "Primary Domain Controller"
    if comp.domain:
        return "Member Server" if server else "Member Workstation"
    return "Standalone Server" if server else "Standalone Workstation"


def render(
    comp: ComputerSpec,
    host: Host,
    rsop: Rsop | None,
    opts: dict[str, object],
    *,
    controller: str | None = None,
) -> str:
    """The gpresult screen of lab computer *comp* (*rsop* None: not a domain member)."""
    domain = comp.domain
    user_domain = netbios_domain(domain) if domain else comp.name
    user = str(opts.get("user") or f"{user_domain}\\Administrator")
    now = host.clock()
    scope = opts.get("scope")
    detail = bool(opts.get("verbose") or opts.get("super"))
    out = [
        "",
        messages.GPRESULT_BANNER,
        messages.GPRESULT_COPYRIGHT,
        "",
        f"Created On {_stamp(now)}",
        "",
        "",
    ]
    title = f"RSOP data for {user} on {comp.name} : Logging Mode"
    out += [title, "-" * (len(title) + 1), ""]
    site = rsop.placement.site if rsop else "N/A"
    slow = "Yes" if rsop and rsop.placement.slow_link else "No"
    head = [("OS Type:", OS_TYPE.get(comp.os, comp.os))]
    head += [
        ("OS Configuration:", _configuration(comp, controller == comp.name)),
        ("OS Version:", OS_VERSION.get(comp.os, "")),
    ]
    if comp.os == "2003":
        head.append(("Terminal Server Mode:", "Remote Administration"))
    head += [
        ("Site Name:", site),
        ("Roaming Profile:", "N/A"),
        ("Local Profile:", "C:\\Documents and Settings\\Administrator"),
        ("Connected over a slow link?:", slow),
    ]
    out += [f"{k:<{LABEL}}{v}".rstrip() for k, v in head]
    if scope in (None, "computer"):
        out += ["", "", "COMPUTER SETTINGS", "-" * 18]
        out += _computer(comp, rsop, now, controller, detail)
    if scope in (None, "user"):
        out += ["", "", "USER SETTINGS", "-" * 14]
        out += _user(user, comp, rsop, now, controller, detail)
    return "\n".join(out) + "\n"


def _common(
    comp: ComputerSpec, rsop: Rsop | None, now: datetime, controller: str | None
) -> list[str]:
    rows = []
    domain = comp.domain
    stale = rsop is not None and rsop.source == "cache"
    applied_from = (
        f"{controller.lower()}.{domain}" if controller and domain and not stale else "N/A"
    )
    rows += [
        ("Last time Group Policy was applied:", _stamp(now)),
        ("Group Policy was applied from:", applied_from),
        ("Group Policy slow link threshold:", "500 kbps"),
        ("Domain Name:", netbios_domain(domain) if domain else comp.name),
        ("Domain Type:", "Windows 2000" if domain else "<Local Computer>"),
    ]
    return [f"    {k:<{INNER}}{v}" for k, v in rows]


def _computer(
    comp: ComputerSpec,
    rsop: Rsop | None,
    now: datetime,
    controller: str | None,
    detail: bool,
) -> list[str]:
    out = []
    if rsop is not None:
        out.append(f"    {computer_dn(comp.name, rsop.placement)}")
    out += _common(comp, rsop, now, controller)
    out += ["", "    Applied Group Policy Objects", "    -----------------------------"]
    applied = rsop.applied_gpos() if rsop else []
    out += [f"        {g}" for g in applied] or ["        N/A"]
    filtered = [(o.gpo, o.filtering) for o in (rsop.skipped if rsop else ()) if o.filtering]
    filtered.append((LOCAL_GPO, "Not Applied (Empty)"))
    out += [
        "",
        "    The following GPOs were not applied because they were filtered out",
        "    -------------------------------------------------------------------",
    ]
    for n, (gpo, why) in enumerate(filtered):
        if n:
            out.append("")
        out += [f"        {gpo}", f"            Filtering:  {why}"]
    out += [
        "",
        "    The computer is a part of the following security groups:",
        "    ---------------------------------------------------------",
    ]
    groups = ["BUILTIN\\Administrators", "Everyone", "BUILTIN\\Users"]
    groups += ["NT AUTHORITY\\NETWORK", "NT AUTHORITY\\Authenticated Users"]
    if comp.domain:
        groups += [f"{comp.name}$", "Domain Computers"]
    out += [f"        {g}" for g in groups]
    if detail:
        out += ["", "", "    Resultant Set Of Policies for Computer", "    " + "-" * 39]
        for section in RSOP_SECTIONS:
            out += ["", f"        {section}", "        " + "-" * len(section), "            N/A"]
    return out


def _user(
    user: str,
    comp: ComputerSpec,
    rsop: Rsop | None,
    now: datetime,
    controller: str | None,
    detail: bool,
) -> list[str]:
    out = [f"    {user}"]
    out += _common(comp, rsop, now, controller)
    out += [
        "",
        "    Applied Group Policy Objects",
        "    -----------------------------",
        "        N/A",
        "",
        "    The following GPOs were not applied because they were filtered out",
        "    -------------------------------------------------------------------",
        f"        {LOCAL_GPO}",
        "            Filtering:  Not Applied (Empty)",
    ]
    if detail:
        out += ["", "", "    Resultant Set Of Policies for User", "    " + "-" * 35]
        for section in USER_SECTIONS:
            out += ["", f"        {section}", "        " + "-" * len(section), "            N/A"]
    return out
