"""The flag table of ``ipseccmd`` and ``ipsecpol`` (``contexts/tools/ipsectools.toml``).

Loaded strictly, like the netsh specs: unknown keys, wrong types and unknown
value types raise :class:`ToolSpecError`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..records import dataclass
from ..resources import data_dir
from ..textfile import load_toml

SPEC_FILE = Path("tools") / "ipsectools.toml"
VALUE_KINDS = ("none", "one", "list")
TYPES = (
    "filter",
    "negotiation",
    "tunnel",
    "auth",
    "mmoffer",
    "rekey",
    "integer",
    "store",
    "policy",
    "text",
)
MODES = ("dynamic", "static")
_TOOL_KEYS = {"name", "os", "package", "description", "show"}
_FLAG_KEYS = {"name", "value", "type", "placeholder", "modes", "tools", "help", "repeat"}


class ToolSpecError(ValueError):
    """The tool spec file is malformed."""


@dataclass(frozen=True)
class Flag:
    """One flag of the tools: ``-f FilterList``, ``-1p`` ..."""

    name: str
    value: str  # none | one | list
    help: str
    modes: tuple[str, ...]
    tools: tuple[str, ...]
    type: str = ""
    placeholder: str = ""
    repeat: bool = False

    @property
    def synopsis(self) -> str:
        """``-f FilterList`` as the usage line writes it."""
        return f"{self.name} {self.placeholder}" if self.placeholder else self.name


@dataclass(frozen=True)
class Tool:
    """``ipseccmd`` or ``ipsecpol`` and the flags it knows."""

    name: str
    os: tuple[str, ...]
    package: str
    description: str
    show: tuple[str, ...]
    flags: tuple[Flag, ...]

    def flag(self, name: str) -> Flag | None:
        """The flag called *name* (any case), if this tool has it."""
        low = name.lower()
        return next((f for f in self.flags if f.name == low), None)


def _fail(where: str, text: str) -> ToolSpecError:
    return ToolSpecError(f"{SPEC_FILE.name}: {where}: {text}")


def _check(where: str, table: Any, allowed: set[str], required: tuple[str, ...]) -> None:
    if not isinstance(table, dict):
        raise _fail(where, "expected a table")
    unknown = set(table) - allowed
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in required:
        if key not in table:
            raise _fail(where, f"missing {key}")


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, "expected a list of strings")
    return tuple(value)


def parse(raw: dict[str, Any]) -> dict[str, Tool]:
    """Validate the spec data; every tool with its flags, by name."""
    from ..osinfo import OSES

    tools_raw = raw.get("tool", [])
    flags_raw = raw.get("flag", [])
    if set(raw) - {"tool", "flag"} or not tools_raw:
        raise _fail("file", "expected [[tool]] and [[flag]] tables")
    names = []
    for i, t in enumerate(tools_raw):
        _check(f"tool[{i}]", t, _TOOL_KEYS, ("name", "os", "package", "description"))
        names.append(t["name"])
        for os_id in _strings(f"tool[{i}].os", t["os"]):
            if os_id not in OSES:
                raise _fail(f"tool[{i}]", f"unknown os {os_id!r}")
    flags: list[Flag] = []
    for i, f in enumerate(flags_raw):
        where = f"flag[{i}] {f.get('name', '?')!r}" if isinstance(f, dict) else f"flag[{i}]"
        _check(where, f, _FLAG_KEYS, ("name", "value", "modes", "help"))
        if f["value"] not in VALUE_KINDS:
            raise _fail(where, f"value must be one of {', '.join(VALUE_KINDS)}")
        kind = f.get("type", "")
        if (f["value"] == "none") != (kind == "") or (kind and kind not in TYPES):
            raise _fail(where, "a flag with a value needs a known type, one without none")
        modes = _strings(f"{where}.modes", f["modes"])
        if not modes or set(modes) - set(MODES):
            raise _fail(where, f"modes must be among {', '.join(MODES)}")
        tools = _strings(f"{where}.tools", f.get("tools", names))
        if set(tools) - set(names):
            raise _fail(where, "names an unknown tool")
        flags.append(
            Flag(
                name=f["name"],
                value=f["value"],
                help=f["help"],
                modes=modes,
                tools=tools,
                type=kind,
                placeholder=f.get("placeholder", ""),
                repeat=bool(f.get("repeat", False)),
            )
        )
    if len({f.name for f in flags}) != len(flags):
        raise _fail("flags", "a flag is declared twice")
    return {
        t["name"]: Tool(
            name=t["name"],
            os=tuple(t["os"]),
            package=t["package"],
            description=t["description"],
            show=_strings(f"tool {t['name']}.show", t.get("show", [])),
            flags=tuple(f for f in flags if t["name"] in f.tools),
        )
        for t in tools_raw
    }


@lru_cache(maxsize=2)
def load(path: Path | None = None) -> dict[str, Tool]:
    """The tools of the shipped spec (or of *path*)."""

    target = path or data_dir("contexts") / SPEC_FILE
    try:
        raw = load_toml(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _fail("file", str(exc)) from None
    return parse(raw)


def tool(name: str) -> Tool:
    """The tool called *name* (``ipseccmd`` or ``ipsecpol``)."""
    return load()[name]
