"""``ipconfig`` and ``help``: what the computer is, and what its prompt knows."""

from __future__ import annotations

from typing import Any

from ... import messages
from .. import command, programs_on

# cmd.exe's own one-liners (HELP lists them this way) [V].
BUILTINS = {
    "CD": "Displays the name of or changes the current directory.",
    "CLS": "Clears the screen.",
    "DIR": "Displays a list of files and subdirectories in a directory.",
    "ECHO": "Displays messages, or turns command echoing on or off.",
    "EXIT": "Quits the CMD.EXE program (command interpreter).",
    "HELP": "Provides Help information for Windows commands.",
    "REM": "Records comments (remarks) in batch files or CONFIG.SYS.",
    "TYPE": "Displays the contents of a text file.",
    "VER": "Displays the Windows version.",
}
# ipconfig's labels, dots included, as Windows XP / Server 2003 print them [V].
LABELS = {
    "Host Name": "Host Name . . . . . . . . . . . . :",
    "Primary Dns Suffix": "Primary Dns Suffix  . . . . . . . :",
    "Node Type": "Node Type . . . . . . . . . . . . :",
    "IP Routing Enabled": "IP Routing Enabled. . . . . . . . :",
    "WINS Proxy Enabled": "WINS Proxy Enabled. . . . . . . . :",
    "Connection-specific DNS Suffix": "Connection-specific DNS Suffix  . :",
    "IP Address": "IP Address. . . . . . . . . . . . :",
    "Subnet Mask": "Subnet Mask . . . . . . . . . . . :",
    "Default Gateway": "Default Gateway . . . . . . . . . :",
}


def _row(label: str, value: str) -> str:
    return f"        {LABELS[label]} {value}"


def _mask(host: Any, address: str) -> str:
    lab = getattr(host, "lab", None)
    network = lab.spec.network_of(address) if lab is not None else None
    return str(network.subnet.netmask) if network is not None else "255.255.255.0"


@command("ipconfig", "Displays the IP configuration of the computer.")
def ipconfig(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``ipconfig`` and ``ipconfig /all``."""
    from ...dynamic.service import local_addresses

    flags = [a.lower().replace("-", "/") for a in args]
    if flags not in ([], ["/all"]):
        return messages.IPCONFIG_BAD + "\n", 1
    host = prompt.host
    suffix = getattr(host, "domain", None) or ""
    w2k = getattr(host, "os", None) == "2000"
    lines = ["", messages.IPCONFIG_TITLE_2000 if w2k else messages.IPCONFIG_TITLE, ""]
    if flags:
        lines += [
            _row("Host Name", host.computer_name),
            _row("Primary Dns Suffix", suffix),
            _row("Node Type", "Unknown"),
            _row("IP Routing Enabled", "No"),
            _row("WINS Proxy Enabled", "No"),
        ]
    lines += ["", "Ethernet adapter Local Area Connection:", ""]
    lines.append(_row("Connection-specific DNS Suffix", suffix))
    for address in local_addresses(host):
        lines.append(_row("IP Address", address))
        lines.append(_row("Subnet Mask", _mask(host, address)))
    lines.append(_row("Default Gateway", ""))
    return "\n".join(lines) + "\n", 0


@command("help", "Provides Help information for Windows commands.")
def help_(prompt: Any, args: list[str], rest: str) -> tuple[str, int]:
    """``help``: cmd's built-ins and the programs netshpy emulates on this computer."""
    entries = dict(BUILTINS)
    for name, program in programs_on(prompt.host).items():
        if name.upper() not in entries and name not in ("help", "chdir"):
            entries[name.upper()] = program.summary
    for name in ("NET", "NETSH", "SC", "SHUTDOWN", "HOSTNAME"):
        entries.setdefault(name, _EXTERNAL[name])
    lines = [messages.CMD_HELP_HEADER]
    lines += [f"{name:<15}{text}" for name, text in sorted(entries.items())]
    return "\n".join(lines) + "\n", 0


_EXTERNAL = {
    "HOSTNAME": "Prints the name of the computer.",
    "NET": "Starts and stops services (net start, net stop).",
    "NETSH": "Configures networking components (the network shell).",
    "SC": "Queries, starts and stops services.",
    "SHUTDOWN": "Restarts the computer (shutdown /r).",
}
