"""Load and validate the declarative context specs in ``contexts/*.toml``.

The specs are the single source of every command's shape (see
``docs/spec-format.md``). Loading is strict: unknown keys, wrong types and
dangling references raise :class:`SpecError`. The validated form is cached as
JSON so that one-shot commands do not pay for TOML parsing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .cache import cached, source_key
from .records import dataclass, field
from .resources import data_dir
from .textfile import load_toml

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

TYPES = frozenset(
    [
        "string",
        "integer",
        "yesno",
        "enum",
        "flag",
        "guid",
        "address",
        "mask",
        "port",
        "protocol",
        "mmsecmethods",
        "qmsecmethods",
        "rootca",
        "psk",
        "bootexemptions",
        "tunnel",
        "file",
        "text",
    ]
)
_FILE_KEYS = {"path", "description", "handlers", "groups", "command"}
_COMMAND_KEYS = {
    "name",
    "description",
    "summary",
    "handler",
    "interactive",
    "hidden",
    "remarks",
    "examples",
    "alternatives",
    "param",
}
_PARAM_KEYS = {
    "tag",
    "type",
    "required",
    "help",
    "default",
    "choices",
    "min",
    "max",
    "repeat",
    "syntax",
    "usage",
}


class SpecError(ValueError):
    """A context spec file is malformed."""


@dataclass(frozen=True)
class Param:
    """One tag of a command."""

    tag: str
    type: str
    help: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    repeat: bool = False
    syntax: str | None = None
    usage: str | None = None


@dataclass(frozen=True)
class Command:
    """One command of a context, e.g. ``add filter`` of ``ipsec static``."""

    words: tuple[str, ...]
    context: tuple[str, ...]
    description: str
    summary: str = ""
    handler: str = ""
    module: str = ""
    interactive: bool = False
    hidden: bool = False
    remarks: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = ()
    params: tuple[Param, ...] = ()

    @property
    def name(self) -> str:
        """The command's words joined by blanks."""
        return " ".join(self.words)

    @property
    def full_name(self) -> str:
        """The command's path from the root, e.g. ``ipsec static add filter``."""
        return " ".join(self.context + self.words)

    def param(self, tag: str) -> Param | None:
        """The parameter called *tag* (exact, lower-case), if any."""
        for param in self.params:
            if param.tag == tag:
                return param
        return None

    def match_tag(self, word: str) -> Param | None:
        """The parameter a typed tag names, as netsh's helper API matches tags.

        The exact tag (any case), else the first tag, in the command's order,
        that *word* is a prefix of: ``filter`` names ``filterlist`` in ``add
        rule`` (its tags run ``name policy filterlist filteraction ...``).
        """
        low = word.lower()
        if not low:
            return None
        exact = self.param(low)
        if exact is not None:
            return exact
        return next((p for p in self.params if p.tag.startswith(low)), None)

    def alternative_of(self, tag: str) -> tuple[str, ...] | None:
        """The alternatives set *tag* belongs to, if any."""
        for group in self.alternatives:
            if tag in group:
                return group
        return None


@dataclass
class Context:
    """A netsh context: its commands, command groups and sub-contexts."""

    path: tuple[str, ...]
    description: str
    module: str
    groups: dict[str, str] = field(default_factory=dict)
    commands: dict[tuple[str, ...], Command] = field(default_factory=dict)
    children: dict[str, Context] = field(default_factory=dict)
    parent: Context | None = None
    stub: bool = False  # a helper's context that netshpy lists but does not emulate

    @property
    def name(self) -> str:
        """The context's own word ("" for the root)."""
        return self.path[-1] if self.path else "netsh"

    @property
    def prompt_path(self) -> str:
        """``netsh`` followed by the context path, as the prompt shows it."""
        return " ".join(("netsh",) + self.path)


@dataclass
class Spec:
    """Every context, keyed by path."""

    contexts: dict[tuple[str, ...], Context]

    @property
    def root(self) -> Context:
        """The ``netsh`` context."""
        return self.contexts[()]

    def commands(self) -> list[Command]:
        """All commands of all contexts."""
        return [c for ctx in self.contexts.values() for c in ctx.commands.values()]


def _check_keys(where: str, table: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise SpecError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _expect(where: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SpecError(f"{where}: expected {getattr(kind, '__name__', kind)}, got {value!r}")
    return value


def _validate_param(where: str, raw: dict[str, Any]) -> dict[str, Any]:
    _check_keys(where, raw, _PARAM_KEYS)
    for key in ("tag", "type", "help"):
        if key not in raw:
            raise SpecError(f"{where}: missing {key}")
        _expect(f"{where}.{key}", raw[key], str)
    tag, kind = raw["tag"], raw["type"]
    if tag != tag.lower() or not tag.isidentifier():
        raise SpecError(f"{where}: tag {tag!r} must be a lower-case word")
    if kind not in TYPES:
        raise SpecError(f"{where}: unknown type {kind!r}")
    if kind == "enum" and not raw.get("choices"):
        raise SpecError(f"{where}: enum {tag!r} needs choices")
    if "choices" in raw and kind != "enum":
        raise SpecError(f"{where}: choices only go with enum")
    for key in ("required", "repeat"):
        if key in raw:
            _expect(f"{where}.{key}", raw[key], bool)
    for key in ("min", "max"):
        if key in raw:
            _expect(f"{where}.{key}", raw[key], int)
    for key in ("syntax", "usage"):
        if key in raw:
            _expect(f"{where}.{key}", raw[key], str)
    if "default" in raw:
        want = {"integer": int, "port": int, "yesno": bool}.get(kind, (str, int))
        _expect(f"{where}.default", raw["default"], want)
        if kind == "enum" and str(raw["default"]).lower() not in {
            c.lower() for c in raw["choices"]
        }:
            raise SpecError(f"{where}: default {raw['default']!r} is not a choice")
    return dict(raw)


def _validate_command(where: str, raw: dict[str, Any], module: str) -> dict[str, Any]:
    _check_keys(where, raw, _COMMAND_KEYS)
    for key in ("name", "description"):
        if key not in raw:
            raise SpecError(f"{where}: missing {key}")
        _expect(f"{where}.{key}", raw[key], str)
    words = raw["name"].split()
    if not 1 <= len(words) <= 2 or raw["name"] != " ".join(words):
        raise SpecError(f"{where}: a command name is one or two words, got {raw['name']!r}")
    params = [_validate_param(f"{where}.param[{i}]", p) for i, p in enumerate(raw.get("param", []))]
    tags = [p["tag"] for p in params]
    if len(set(tags)) != len(tags):
        raise SpecError(f"{where}: duplicate tags")
    alternatives = raw.get("alternatives", [])
    for group in alternatives:
        _expect(f"{where}.alternatives", group, list)
        for tag in group:
            if tag not in tags:
                raise SpecError(f"{where}: alternatives name unknown tag {tag!r}")
    for key in ("remarks", "examples"):
        for item in raw.get(key, []):
            _expect(f"{where}.{key}", item, str)
    for key in ("interactive", "hidden"):
        if key in raw:
            _expect(f"{where}.{key}", raw[key], bool)
    return {
        "words": words,
        "description": raw["description"],
        "summary": raw.get("summary", ""),
        "handler": _handler_name(where, raw.get("handler") or "_".join(words)),
        "module": module,
        "interactive": raw.get("interactive", False),
        "hidden": raw.get("hidden", False),
        "remarks": raw.get("remarks", []),
        "examples": raw.get("examples", []),
        "alternatives": alternatives,
        "params": params,
    }


def _handler_name(where: str, name: str) -> str:
    if not name.isidentifier():
        raise SpecError(f"{where}: handler {name!r} is not an identifier (set handler =)")
    return name


def _load_files(paths: list[Path]) -> list[dict[str, Any]]:
    """Parse and validate every spec file into plain JSON-able data."""
    files = []
    seen: set[str] = set()
    for path in paths:
        where = path.name
        try:
            raw = load_toml(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise SpecError(f"{where}: {exc}") from None
        except OSError as exc:
            raise SpecError(f"{where}: cannot read: {exc.strerror or exc}") from None
        _check_keys(where, raw, _FILE_KEYS)
        for key in ("path", "description", "handlers"):
            if key not in raw:
                raise SpecError(f"{where}: missing {key}")
            _expect(f"{where}.{key}", raw[key], str)
        if raw["path"] in seen:
            raise SpecError(f"{where}: context {raw['path']!r} declared twice")
        seen.add(raw["path"])
        groups = _expect(f"{where}.groups", raw.get("groups", {}), dict)
        commands = [
            _validate_command(f"{where}: command[{i}] {c.get('name', '?')!r}", c, raw["handlers"])
            for i, c in enumerate(raw.get("command", []))
        ]
        names = [" ".join(c["words"]) for c in commands]
        if len(set(names)) != len(names):
            raise SpecError(f"{where}: duplicate command names")
        for command in commands:
            if len(command["words"]) == 2 and command["words"][0] not in groups:
                raise SpecError(f"{where}: group {command['words'][0]!r} has no one-liner")
        files.append(
            {
                "path": raw["path"].split(),
                "description": raw["description"],
                "module": raw["handlers"],
                "groups": groups,
                "commands": commands,
            }
        )
    paths_seen = {tuple(f["path"]) for f in files}
    if () not in paths_seen:
        raise SpecError('no root context (path = "") among the spec files')
    for context_path in paths_seen:
        if context_path and context_path[:-1] not in paths_seen:
            raise SpecError(f"context {' '.join(context_path)!r} has no parent context")
    return files


def build(files: list[dict[str, Any]]) -> Spec:
    """Turn validated spec data into linked :class:`Context` objects."""
    contexts: dict[tuple[str, ...], Context] = {}
    for data in files:
        path = tuple(data["path"])
        ctx = Context(path, data["description"], data["module"], dict(data["groups"]))
        for c in data["commands"]:
            params = tuple(
                Param(
                    tag=p["tag"],
                    type=p["type"],
                    help=p["help"],
                    required=p.get("required", False),
                    default=p.get("default"),
                    choices=tuple(p.get("choices", ())),
                    min=p.get("min"),
                    max=p.get("max"),
                    repeat=p.get("repeat", False),
                    syntax=p.get("syntax"),
                    usage=p.get("usage"),
                )
                for p in c["params"]
            )
            command = Command(
                words=tuple(c["words"]),
                context=path,
                description=c["description"],
                summary=c["summary"],
                handler=c["handler"],
                module=c["module"],
                interactive=c["interactive"],
                hidden=c["hidden"],
                remarks=tuple(c["remarks"]),
                examples=tuple(c["examples"]),
                alternatives=tuple(tuple(g) for g in c["alternatives"]),
                params=params,
            )
            ctx.commands[command.words] = command
        contexts[path] = ctx
    for path, ctx in sorted(contexts.items()):
        if path:
            parent = contexts[path[:-1]]
            ctx.parent = parent
            parent.children[path[-1]] = ctx
    return Spec(contexts)


def spec_files(folder: Path | None = None) -> list[Path]:
    """The spec files of *folder* (default: the shipped ``contexts/``)."""
    return sorted((folder or data_dir("contexts")).glob("*.toml"))


@lru_cache(maxsize=4)
def load(folder: Path | None = None) -> Spec:
    """Load the specs of *folder* (default: the shipped ``contexts/``), cached."""
    paths = spec_files(folder)
    key = source_key(paths, "spec")
    return cached("spec", key, lambda: _load_files(paths), build)


@lru_cache(maxsize=8)
def for_os(os_id: str | None, folder: Path | None = None) -> Spec:
    """The netsh of Windows version *os_id* (see :mod:`netshpy.osinfo`).

    Server 2003 gets every shipped context. Windows 2000 and XP get the same
    root context without ``ipsec`` (new in Server 2003), plus their own
    helpers' contexts as stubs: listed, never emulated.
    """
    from .osinfo import os_info

    spec = load(folder)
    info = os_info(os_id)
    if info.ipsec_tool == "netsh":
        return spec
    old = spec.root
    root = Context((), old.description, old.module, dict(old.groups), dict(old.commands))
    contexts: dict[tuple[str, ...], Context] = {(): root}
    for helper in info.helpers:
        path = (helper.context,)
        description = f"Changes to the `netsh {helper.context}' context."
        child = Context(path, description, "", parent=root, stub=True)
        root.children[helper.context] = child
        contexts[path] = child
    return Spec(contexts)
