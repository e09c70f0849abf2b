"""Help screens, generated from the context specs.

Layouts follow the reference (section 3.5): a 14-column name field, the
sub-context section and the wrapped trailer for context listings; group
listings without trailer; usage blocks with aligned continuation lines.
"""

from __future__ import annotations

from . import messages
from .spec import Command, Context, Param

NAME_WIDTH = 14
WRAP = 79
TAG_WIDTH = 14

PLACEHOLDERS = {
    "string": "<string>",
    "file": "<string>",
    "text": "<string>",
    "integer": "<integer>",
    "port": "<port>",
    "guid": "<guid>",
    "psk": "<preshared key>",
    "yesno": "(yes | no)",
    "address": "(ip | dns | server)",  # pre-Vista form: no IPv6, no ranges
    "tunnel": "(ip | dns)",
    "mask": "(mask | prefix)",
    "protocol": "(ANY | ICMP | TCP | UDP | RAW | <integer>)",
    "mmsecmethods": "(sec#1 sec#2 ... sec#n)",
    "qmsecmethods": "(neg#1 neg#2 ... neg#n)",
    "rootca": '"<certificate> certmap:(yes | no) excludecaname:(yes | no)"',
    "bootexemptions": "<exemption list>",
}


def _entry(name: str, description: str) -> str:
    return (
        f"{name:<{NAME_WIDTH}} - {description}"
        if len(name) < NAME_WIDTH + 1
        else (f"{name} - {description}")
    )


def listed_commands(
    ctx: Context, root: Context, include_interactive: bool = True
) -> list[tuple[str, str]]:
    """(name, one-liner) of every entry of *ctx*'s listing, sorted as netsh sorts."""
    entries: dict[str, str] = {}
    for words, command in ctx.commands.items():
        if command.hidden or (command.interactive and not include_interactive):
            continue
        if len(words) == 1:
            entries[words[0]] = command.description
        else:
            entries[words[0]] = ctx.groups[words[0]]
    if ctx is not root:
        for word in ("?", "help"):
            entries.setdefault(word, root.commands[(word,)].description)
    for name, child in ctx.children.items():
        entries[name] = child.description
    return sorted(entries.items())


def context_listing(ctx: Context, root: Context, include_interactive: bool = True) -> str:
    """The listing printed by ``?`` / ``help`` in *ctx*.

    ``netsh /?`` from the command prompt leaves out interactive-only commands.
    """
    lines = ["", messages.HELP_HEADER, "", messages.HELP_COMMANDS]
    entries = listed_commands(ctx, root, include_interactive)
    lines += [_entry(name, text) for name, text in entries]
    lines.append("")
    if ctx.children:
        lines += [messages.HELP_SUBCONTEXTS, " " + " ".join(sorted(ctx.children)), ""]
    lines += [messages.HELP_TRAILER, ""]
    return "\n".join(lines) + "\n"


def group_listing(ctx: Context, group: str) -> str:
    """The listing printed for a command group, e.g. ``show`` alone."""
    members = sorted(
        (c for w, c in ctx.commands.items() if w[0] == group and len(w) == 2),
        key=lambda c: c.words,
    )
    lines = ["", messages.HELP_HEADER, "", messages.HELP_COMMANDS]
    lines += [_entry(c.name, c.description) for c in members if not c.hidden]
    lines.append("")
    return "\n".join(lines) + "\n"


def placeholder(param: Param) -> str:
    """The value placeholder of *param* in a usage line."""
    if param.syntax:
        return param.syntax
    if param.type == "enum":
        return "(" + " | ".join(param.choices) + ")"
    return PLACEHOLDERS.get(param.type, "<string>")


def usage_item(param: Param, optional: bool) -> str:
    """``[ tag = ] <value>``, wrapped in brackets when optional."""
    if param.usage:
        return param.usage
    if param.type == "flag":
        return f"[ {param.tag} ]"
    item = f"[ {param.tag} = ] {placeholder(param)}"
    return f"[ {item} ]" if optional else item


def usage_lines(command: Command) -> list[str]:
    """The ``Usage:`` lines of *command*."""
    head = f"  {command.words[-1]} "
    indent = " " * len(head)
    rows: list[str] = []
    done: set[str] = set()
    for param in command.params:
        if param.tag in done:
            continue
        group = command.alternative_of(param.tag)
        if group:
            members = [p for p in command.params if p.tag in group]
            done.update(group)
            rows.append(" | ".join(usage_item(p, False) for p in members))
        else:
            done.add(param.tag)
            rows.append(usage_item(param, not param.required))
    if not rows:
        return [head.rstrip()]
    # A row may span several lines (a ``usage``/``syntax`` override with
    # newlines, as ``set config`` has): its continuation lines carry their own
    # alignment spaces after the command's indent.
    lines = "\n".join(rows).split("\n")
    return [head + lines[0]] + [indent + line for line in lines[1:]]


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Word-wrap *text* to *width* with the given line prefixes."""
    import textwrap

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _numbered(label: str, items: tuple[str, ...], *, as_written: bool = False) -> list[str]:
    """Numbered paragraphs after *label*; *as_written* keeps each item's own line breaks.

    Remarks are word-wrapped at 79 columns. Examples are printed as written:
    netsh's help texts are preformatted, and reference 6.1 shows an example
    longer than 80 columns on one line next to examples broken by hand.
    """
    lines: list[str] = []
    pad = " " * 10
    for n, text in enumerate(items, 1):
        number = f"{n}. " if len(items) > 1 else ""
        first = (f"{label:<10}" if n == 1 else pad) + number
        rest = " " * len(first)
        if as_written:
            head, *tail = text.split("\n")
            lines += [first + head] + [rest + line for line in tail]
        else:
            lines += wrap(text, WRAP, first, rest)
    return lines


def usage_block(command: Command) -> str:
    """The help screen of one command: usage, description, parameters, remarks, examples."""
    lines = ["", "Usage:"] + usage_lines(command)
    if command.summary:
        lines += [""] + wrap(command.summary, WRAP, "  ", "  ")
    if command.params:
        lines += ["", "Parameters:", "", f"  {'Tag':<{TAG_WIDTH}} Value"]
        for param in command.params:
            first = (
                f"  {param.tag:<{TAG_WIDTH}}-"
                if len(param.tag) < TAG_WIDTH
                else (f"  {param.tag} -")
            )
            lines += wrap(param.help, WRAP, first, " " * (TAG_WIDTH + 3))
    if command.remarks:
        lines += [""] + _numbered("Remarks:", command.remarks)
    if command.examples:
        lines += [""] + _numbered("Examples:", command.examples, as_written=True)
    lines.append("")
    return "\n".join(lines) + "\n"
