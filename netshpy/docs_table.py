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
    out += ["", "## Value placeholders", "", "| type | shown in usage as |", "|---|---|"]
    for kind, text in sorted(helptext.PLACEHOLDERS.items()):
        shown = text.replace("|", "\\|")
        out.append(f"| `{kind}` | `{shown}` |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render(load()))
