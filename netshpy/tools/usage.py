"""The usage screen of ``ipseccmd`` / ``ipsecpol``, generated from the flag table.

The synopsis lines follow Microsoft's documented syntax (reference §5, §6,
§10, §13); the flag descriptions are netshpy's own words. The real screen is
known only from leaked source, which netshpy never uses: the whole screen is
listed as reconstructed in ``docs/fidelity/computer.md``.
"""

from __future__ import annotations

import re
import textwrap

from .spec import Tool

WIDTH = 79
FLAG_WIDTH = 30


def _bracket(tool: Tool, names: list[str]) -> str:
    parts = []
    for name in names:
        flag = tool.flag(name)
        if flag is not None:
            parts.append(f"[{flag.synopsis}]")
    return " ".join(parts)


def synopsis(tool: Tool) -> list[str]:
    """The syntax lines: dynamic, static, delete and (ipseccmd) query mode."""
    name = tool.name
    common = ["-n", "-t", "-a", "-1s", "-1k", "-1p", "-1f", "-1e", "-soft"]
    dynamic = f"{name} [\\\\ComputerName] -f FilterList {_bracket(tool, common)} [-confirm] [{{-dialup | -lan}}]"
    static = (
        f"{name} [\\\\ComputerName] -w TYPE[:Domain] -p PolicyName[:PollInterval] "
        f"[-r RuleName] [-f FilterList] {_bracket(tool, ['-n', '-t', '-a', '-1s', '-1k', '-1p', '-soft'])} "
        "[{-dialup | -lan}] [-x | -y] [-o]"
    )
    lines = [dynamic, static, f"{name} [\\\\ComputerName] -u"]
    if tool.show:
        lines.append(f"{name} [\\\\ComputerName] show {{{' | '.join(tool.show)}}}")
    return lines


def _wrap(text: str, indent: int) -> list[str]:
    """Wrap a syntax line between its bracketed groups, never inside one."""
    lines: list[str] = []
    current = ""
    for token in re.findall(r"\[[^\]]*\]|\{[^}]*\}|\S+", text):
        candidate = f"{current} {token}" if current else token
        if current and len(candidate) > WIDTH - 2:
            lines.append(current)
            current = " " * (indent - 2) + token
        else:
            current = candidate
    return lines + [current]


def usage(tool: Tool) -> str:
    """The whole usage screen (``/?``, and after every rejected line)."""
    out = textwrap.wrap(f"{tool.name.upper()}: {tool.description}", WIDTH)
    out += [f"({tool.package})", "", "Usage:"]
    for line in synopsis(tool):
        out += ["  " + w for w in _wrap(line, 6)]
    out += ["", "Flags:"]
    for flag in tool.flags:
        head = f"  {flag.synopsis}"
        body = textwrap.wrap(flag.help, WIDTH - FLAG_WIDTH)
        if len(head) >= FLAG_WIDTH:
            out.append(head)
            head = ""
        for i, piece in enumerate(body):
            out.append(f"{head if i == 0 else '':<{FLAG_WIDTH}}{piece}")
    out += [
        "",
        "Examples:",
        f'  {tool.name} -w REG -p "Block 445" -r "Block TCP 445" -f *=0:445:TCP -n BLOCK -x',
        f"  {tool.name} -f [0=10.0.0.2:445:TCP]",
        f"  {tool.name} -u",
    ]
    return "\n".join(out) + "\n"
