"""The command reference in ``docs/commands.md``, generated from the specs.

``python -m netshpy.docs_table > docs/commands.md`` rewrites it; a test fails
when the committed page and the specs disagree, so the table never drifts.
"""

from __future__ import annotations

from . import help as helptext
from .spec import Spec, load

HEADER = """\
# Command reference

Generated from `contexts/*.toml` by `python -m netshpy.docs_table`; do not
edit by hand. Each command's full help screen is what `<command> ?` prints in
netshpy. Required tags are in **bold**; `a | b` marks tags of which one is given.
"""


def _tags(command) -> str:
    shown = []
    done: set[str] = set()
    for param in command.params:
        if param.tag in done:
            continue
        group = command.alternative_of(param.tag)
        members = [p for p in command.params if group and p.tag in group] or [param]
        done.update(p.tag for p in members)
        text = " \\| ".join(f"`{p.tag}`" for p in members)
        shown.append(f"**{text}**" if any(p.required for p in members) else text)
    return ", ".join(shown) or "—"


def render(spec: Spec) -> str:
    """The whole page."""
    out = [HEADER]
    for path, ctx in sorted(spec.contexts.items()):
        title = " ".join(("netsh",) + path)
        out += ["", f"## `{title}`", "", "| command | description | tags |", "|---|---|---|"]
        for command in sorted(ctx.commands.values(), key=lambda c: c.words):
            if command.hidden:
                continue
            name = command.name.replace("|", "\\|")
            note = " (interactive only)" if command.interactive else ""
            out.append(f"| `{name}` | {command.description}{note} | {_tags(command)} |")
        if ctx.children:
            out += ["", "Sub-contexts: " + ", ".join(f"`{c}`" for c in sorted(ctx.children)) + "."]
    out += _tools()
    out += _programs()
    out += ["", "## Value placeholders", "", "| type | shown in usage as |", "|---|---|"]
    for kind, text in sorted(helptext.PLACEHOLDERS.items()):
        shown = text.replace("|", "\\|")
        out.append(f"| `{kind}` | `{shown}` |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _tools() -> list[str]:
    """The flags of ipseccmd (XP) and ipsecpol (2000), from ``contexts/tools/``."""
    from .tools.spec import Flag
    from .tools.spec import load as load_tools

    tools = load_tools()
    names = sorted(tools)
    out = [
        "",
        "## `ipseccmd` (Windows XP) and `ipsecpol` (Windows 2000)",
        "",
        "Generated from `contexts/tools/ipsectools.toml`; `ipseccmd /?` and `ipsecpol -?`",
        "print the whole usage. "
        + " ".join(f"`{t.name}`: {t.package}, on {', '.join(t.os)}." for t in tools.values()),
        "",
        "| flag | " + " | ".join(f"`{n}`" for n in names) + " | mode | description |",
        "|---|" + "---|" * len(names) + "---|---|",
    ]
    seen: dict[str, Flag] = {}
    for tool in tools.values():
        for flag in tool.flags:
            seen.setdefault(flag.name, flag)
    for name, flag in seen.items():
        has = " | ".join("yes" if tools[n].flag(name) else "—" for n in names)
        synopsis = _cell(flag.synopsis)
        modes = ", ".join(flag.modes)
        out.append(f"| `{synopsis}` | {has} | {modes} | {_cell(flag.help)} |")
    shows = sorted({k for t in tools.values() for k in t.show})
    out.append(
        f"| `show` | {' | '.join('yes' if tools[n].show else '—' for n in names)} | query | "
        + ", ".join(f"`{k}`" for k in shows)
        + " |"
    )
    return out


def _programs() -> list[str]:
    """The programs of the command prompt (``netshpy.prompt``)."""
    from .prompt import registry

    out = ["", "## Command prompt programs", "", "| program | description |", "|---|---|"]
    for name, program in sorted(registry().items()):
        out.append(f"| `{name}` | {_cell(program.summary)} |")
    out += [
        "",
        "Also cmd.exe's `echo`, `exit`, `rem`, `cls`, `ver`, `hostname`, and `netsh`, `net`, `sc`, "
        "`shutdown`; `ipseccmd` needs the Support Tools on XP, `ipsecpol` the Resource Kit on 2000, "
        "where `sc` and `shutdown` come with the Resource Kit too.",
    ]
    return out


if __name__ == "__main__":
    import sys

    sys.stdout.write(render(load()))
