"""Emulator-only commands of the interactive shell: ``:tree``, ``:history``, ``:config``.

They run in every front end (plain text there); in the REPL ``:tree`` is
drawn with rich. Importing this module registers them (the registry,
:mod:`netshpy.colon_commands`, finds it by its name); rich is imported only
when drawing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .. import messages, records
from ..colon_commands import EmulatorUsageError, command
from ..hostfiles import host_path
from ..values import digits, protocol_label
from . import config as configuration
from . import history as hist
from .objects import field, location, name_of, query_module

if TYPE_CHECKING:
    from ..session import Session

# Child collections shown as branches of a policy tree, in this order.
_BRANCHES = ("rules", "filterlist", "filteraction", "filters")
_SKIP = {"name", "policy", "guid", "modified"}


@dataclasses.dataclass
class Node:
    """One line of a tree and its children."""

    label: str
    children: list[Node] = dataclasses.field(default_factory=list)


def _scalar(value: Any) -> bool:
    """A value shown on one line: plain data, or an object with its own text form."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, dict | list | tuple) or name_of(value) is not None:
        return False
    return type(value).__str__ is not object.__str__


def _items(obj: Any) -> list[tuple[str, Any]]:
    if isinstance(obj, dict):
        return list(obj.items())
    if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
        return [(f.name, getattr(obj, f.name)) for f in records.fields(obj)]
    return (
        [(k, v) for k, v in vars(obj).items() if not k.startswith("_")]
        if hasattr(obj, "__dict__")
        else []
    )


def _show(value: Any, key: str = "") -> str:
    if key == "protocol" and isinstance(value, int) and not isinstance(value, bool):
        return protocol_label(value)  # TCP, not 6
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def object_node(obj: Any, title: str = "", depth: int = 0) -> Node:
    """A tree of any store object: scalars as ``key: value``, collections as branches."""
    name = name_of(obj)
    label = f"{title}: {name}" if title and name else (name or title or str(obj))
    node = Node(label)
    if _scalar(obj) or depth > 6:
        return node
    branches: list[tuple[str, Any]] = []
    for key, value in _items(obj):
        if key in _SKIP:
            continue
        if _scalar(value) or (
            isinstance(value, list | tuple) and all(_scalar(v) or not _items(v) for v in value)
        ):
            if value not in (None, "", [], ()):
                node.children.append(Node(f"{key}: {_show(value, key)}"))
        else:
            branches.append((key, value))
    branches.sort(key=lambda kv: _BRANCHES.index(kv[0]) if kv[0] in _BRANCHES else len(_BRANCHES))
    for key, value in branches:
        if isinstance(value, list | tuple):
            singular = key[:-1] if key.endswith("s") else key
            group = Node(f"{key} ({len(value)})")
            group.children = [object_node(v, singular, depth + 1) for v in value]
            node.children.append(group)
        else:
            node.children.append(object_node(value, key, depth + 1))
    return node


def render_plain(node: Node) -> str:
    """The tree in plain text with box-drawing guides (as rich draws it)."""
    lines = [node.label]

    def walk(children: list[Node], prefix: str) -> None:
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.append(prefix + ("└── " if last else "├── ") + child.label)
            walk(child.children, prefix + ("    " if last else "│   "))

    walk(node.children, "")
    return "\n".join(lines)


def render_rich(node: Node, width: int = 80) -> str:
    """The tree drawn by rich, with colours, as text with ANSI codes."""
    import io

    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    def build(branch: Tree, children: list[Node]) -> None:
        for child in children:
            key, sep, rest = child.label.partition(": ")
            label = f"[cyan]{escape(key)}[/]: {escape(rest)}" if sep else f"[bold]{escape(key)}[/]"
            build(branch.add(label), child.children)

    tree = Tree(f"[bold magenta]{escape(node.label)}[/]", guide_style="dim")
    build(tree, node.children)
    buffer = io.StringIO()
    # One column short of the width, as the lab's output: a full-width line wraps on some consoles.
    console = Console(file=buffer, force_terminal=True, width=width - 1, color_system="standard")
    console.print(tree)
    return buffer.getvalue().rstrip("\n")


@command("tree", "Shows the static policies (or one) as a tree.", ":tree [policy]")
def tree(session: Session, argv: list[str]) -> str:
    """``:tree [policy]``: the policies of the current static store as a tree."""
    if len(argv) > 1:
        raise EmulatorUsageError(messages.REPL_TREE_USAGE)
    query = query_module()
    if query is None or not hasattr(query, "policies"):
        return messages.REPL_NO_STORE
    where = location(session)
    try:
        policies = list(query.policies(session.host, where))
    except Exception as exc:  # another area's failure is reported, not raised
        return messages.REPL_STORE_FAILED.format(error=exc)
    if argv:
        want = argv[0].lower()
        policies = [p for p in policies if (name_of(p) or "").lower() == want]
        if not policies:
            return messages.REPL_NO_POLICY.format(name=argv[0])
    root = Node(messages.REPL_TREE_TITLE.format(location=where))
    root.children = [object_node(p, "policy") for p in policies]
    if not policies:
        root.children = [Node(messages.REPL_TREE_EMPTY)]
    state = session.state("repl")
    if state.get("rich"):
        repl = state.get("repl")
        width = repl.terminal_width() if repl is not None else 80
        return render_rich(root, width)
    return render_plain(root)


@command("history", "Shows the lines typed at the prompt, or clears them.", ":history [N | clear]")
def history(session: Session, argv: list[str]) -> str:
    """``:history [N | clear]``: the last N (default all) remembered lines."""
    path = hist.history_path(session.host)
    live = session.state("repl").get("history")
    if argv and argv[0].lower() == "clear":
        hist.clear(path)
        if live is not None:
            live._loaded_strings = []  # noqa: SLF001 - prompt_toolkit keeps a copy in memory
        return messages.REPL_HISTORY_CLEARED
    wanted = digits(argv[0]) if argv else 0
    if len(argv) > 1 or wanted is None:
        raise EmulatorUsageError(messages.REPL_HISTORY_USAGE)
    lines = list(live.get_strings()) if live is not None else hist.entries(path)
    start = max(0, len(lines) - wanted) if argv else 0
    if not lines:
        return messages.REPL_HISTORY_EMPTY
    return "\n".join(f"{i + 1:5}  {line}" for i, line in enumerate(lines) if i >= start)


@command("config", "Shows the interactive shell's config file and settings.", ":config")
def config(session: Session, argv: list[str]) -> str:
    """``:config``: where the config file is, and the settings in force."""
    if argv:
        raise EmulatorUsageError(messages.REPL_CONFIG_USAGE)
    current = session.state("repl").get("config")
    path = configuration.config_path() if current is None else current.path
    if path is not None:
        try:
            host_path(path)  # a replay reads no file outside its scratch folder
        except OSError as exc:
            raise EmulatorUsageError(
                messages.HOST_FILE_CANNOT_READ.format(path=path, error=exc.strerror)
            ) from None
    exists = path is not None and path.exists()
    lines = [
        messages.REPL_CONFIG_FILE.format(
            path=path, state="" if exists else messages.REPL_CONFIG_MISSING
        )
    ]
    if current is None:
        current = configuration.load(path, create=False)
    for key, value in current.settings().items():
        shown = ("true" if value else "false") if isinstance(value, bool) else value
        lines.append(f"  {key:<14} = {shown}")
    if configuration.no_color():
        lines.append(messages.REPL_CONFIG_NO_COLOR)
    return "\n".join(lines)


__all__ = [
    "Node",
    "config",
    "field",
    "history",
    "object_node",
    "render_plain",
    "render_rich",
    "tree",
]
