"""What each emulated Windows version is: its name, ``ver`` text, netsh helpers, tools.

One table, read by the session core (which netsh contexts exist), the command
prompt (``ver``, which programs it knows) and the lab (a computer's ``os``).
Sources: ``ipseccmd-ipsecpol.md`` §2–§3 in the shared reference. The netsh
helper lists of Windows 2000 and XP without SP2, and the DLL names of those
helpers, are reconstructed (listed in ``docs/fidelity/computer.md``).
"""

from __future__ import annotations

from .records import dataclass

DEFAULT_OS = "2003"


@dataclass(frozen=True)
class Helper:
    """A netsh helper DLL and the top-level context it provides."""

    dll: str
    context: str
    guid: str


@dataclass(frozen=True)
class OsInfo:
    """One Windows version as a lab computer has it."""

    id: str
    name: str
    version: str  # what ``ver`` prints
    helpers: tuple[Helper, ...]
    ipsec_tool: str | None  # "netsh" | "ipseccmd" | "ipsecpol"
    tool_package: str = ""  # where the IPsec tool comes from (not installed with Windows)
    package_id: str = ""  # that package's id in lab files and host.json ("tools")
    windir: str = "C:\\WINDOWS"  # %SystemRoot%: Windows 2000 installs into C:\\WINNT
    computer_name: str = "WIN2003"  # netshpy's default name for a computer of this version


def _helper(dll: str, context: str, n: int) -> Helper:
    # The GUIDs are netshpy's own (no capture of `show helper` on XP/2000 is known).
    return Helper(dll, context, f"{{0C5A2E10-7D3B-4E61-9C4F-{n:012X}}}")


_BRIDGE = _helper("HNETMON.DLL", "bridge", 1)
_DIAG = _helper("DGNET.DLL", "diag", 2)
_FIREWALL = _helper("FWCFG.DLL", "firewall", 3)
_INTERFACE = _helper("IFMON.DLL", "interface", 4)
_LAN = _helper("DOT3CFG.DLL", "lan", 5)
_RAS = _helper("RASMONTR.DLL", "ras", 6)
_ROUTING = _helper("IPMONTR.DLL", "routing", 7)
_WINSOCK = _helper("WSHELPER.DLL", "winsock", 8)

OSES: dict[str, OsInfo] = {
    "2000": OsInfo(
        "2000",
        "Windows 2000",
        "Microsoft Windows 2000 [Version 5.00.2195]",
        (_INTERFACE, _RAS, _ROUTING),
        "ipsecpol",
        "Windows 2000 Server Resource Kit",
        "resource-kit",
        "C:\\WINNT",
        "WIN2000",
    ),
    "xp": OsInfo(
        "xp",
        "Windows XP",
        "Microsoft Windows XP [Version 5.1.2600]",
        (_BRIDGE, _DIAG, _INTERFACE, _RAS, _ROUTING),
        "ipseccmd",
        "Windows XP Support Tools",
        "support-tools",
        computer_name="WINXP",
    ),
    "xp-sp2": OsInfo(
        "xp-sp2",
        "Windows XP SP2",
        "Microsoft Windows XP [Version 5.1.2600]",
        (_BRIDGE, _DIAG, _FIREWALL, _INTERFACE, _LAN, _RAS, _ROUTING, _WINSOCK),
        "ipseccmd",
        "Windows XP Support Tools",
        "support-tools",
        computer_name="WINXPSP2",
    ),
    "2003": OsInfo(
        "2003", "Windows Server 2003", "Microsoft Windows [Version 5.2.3790]", (), "netsh"
    ),
}
OS_IDS = tuple(OSES)
PACKAGES = {
    "support-tools": "Windows XP Support Tools",
    "resource-kit": "Windows 2000 Server Resource Kit",
}


def os_info(os_id: str | None) -> OsInfo:
    """The table entry of *os_id* (Server 2003 for None or an unknown id)."""
    return OSES.get((os_id or DEFAULT_OS).lower(), OSES[DEFAULT_OS])


def has_netsh_ipsec(os_id: str | None) -> bool:
    """True on Windows Server 2003, the only version whose netsh has ``ipsec``."""
    return os_info(os_id).ipsec_tool == "netsh"


def os_from_name(text: str) -> str | None:
    """The id of the Windows version *text* names (``Windows XP SP2``, ``xp-sp2``), or None.

    Used by transcript headers (``#! os: Windows XP SP2``); the longest
    matching name wins, so "Windows XP SP2" is not plain XP.
    """
    low = " ".join(text.lower().replace("service pack ", "sp").split())
    if low in OSES:
        return low
    names = sorted(OSES.values(), key=lambda o: len(o.name), reverse=True)
    for info in names:
        if low.startswith(info.name.lower()):
            return info.id
    return None
