"""Light record classes for the start-up path: a subset of :mod:`dataclasses`.

``import dataclasses`` pulls in ``inspect`` (with ``ast``, ``dis`` and
``tokenize``) and builds each method with a separate ``exec``: together about
half of a one-shot command's run time. Records used on the one-shot path are
declared with this module instead. It supports what netshpy uses: fields from
annotations (in order, inherited), defaults, ``field(default_factory=...)``,
``frozen``, ``eq``, ``repr``, ``__post_init__``, ``fields()`` and ``replace()``.
Each class's methods are generated with one ``exec``; the compiled code is
kept in the user's cache folder (like ``__pycache__``), since compiling it is
most of a record class's cost.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

_FIELDS = "__dataclass_fields__"
_MAX_CACHED = 512  # code objects kept in the cache file (older ones are dropped)  # the dataclasses name, so duck-typed checks keep working


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """One field of a record."""

    __slots__ = ("name", "default", "default_factory")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def _field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING) -> Any:
    """A field with a default or a default factory."""
    return Field(default, default_factory)


def _fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order."""
    return tuple(getattr(obj, _FIELDS).values())


def _replace(obj: T, **changes: Any) -> T:
    """A copy of record *obj* with *changes* applied."""
    values = {name: getattr(obj, name) for name in getattr(obj, _FIELDS)}
    values.update(changes)
    return obj.__class__(**values)


def _dataclass(
    cls: type | None = None, *, frozen: bool = False, eq: bool = True, repr: bool = True
) -> Any:
    """Make *cls* a record (usable as ``@dataclass`` or ``@dataclass(frozen=True)``)."""

    def wrap(klass: type) -> type:
        return _process(klass, frozen, eq, repr)

    return wrap if cls is None else wrap(cls)


def _own_fields(cls: type) -> dict[str, Field]:
    found: dict[str, Field] = {}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        if isinstance(value, Field):
            if spec.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        found[name] = spec
    return found


def _process(cls: type, frozen: bool, eq: bool, want_repr: bool) -> type:
    all_fields: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        all_fields.update(getattr(base, _FIELDS, {}))
    all_fields.update(_own_fields(cls))
    names = list(all_fields)
    env: dict[str, Any] = {"MISSING": MISSING, "FrozenInstanceError": FrozenInstanceError}
    params, body = [], []
    setter = "object.__setattr__(self, {!r}, {})" if frozen else "self.{} = {}"
    for name, spec in all_fields.items():
        if spec.default_factory is not MISSING:
            env[f"_f_{name}"] = spec.default_factory
            params.append(f"{name}=MISSING")
            value = f"_f_{name}() if {name} is MISSING else {name}"
        else:
            if spec.default is not MISSING:
                env[f"_d_{name}"] = spec.default
                params.append(f"{name}=_d_{name}")
            else:
                if any(p.endswith(("=MISSING",)) or "=_d_" in p for p in params):
                    raise TypeError(f"non-default field {name!r} follows a default field")
                params.append(name)
            value = name
        body.append(setter.format(name, value) if frozen else setter.format(name, value))
    if "__post_init__" in dir(cls):
        body.append("self.__post_init__()")
    src = [f"def __init__(self, {', '.join(params)}):"] if params else ["def __init__(self):"]
    src += [f"    {line}" for line in body or ["pass"]]
    values = "(" + "".join(f"self.{n}, " for n in names) + ")"
    if want_repr:
        shown = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
        src += ["def __repr__(self):", f"    return f'{{self.__class__.__qualname__}}({shown})'"]
    if eq:
        src += [
            "def __eq__(self, other):",
            "    if other.__class__ is not self.__class__:",
            "        return NotImplemented",
            f"    return {values} == {values.replace('self.', 'other.')}",
        ]
    if frozen:
        src += [
            "def __setattr__(self, name, value):",
            "    raise FrozenInstanceError(f'cannot assign to field {name!r}')",
            "def __delattr__(self, name):",
            "    raise FrozenInstanceError(f'cannot delete field {name!r}')",
        ]
        if eq:
            src += ["def __hash__(self):", f"    return hash({values})"]
    namespace: dict[str, Any] = {}
    exec(_compiled("\n".join(src)), env, namespace)  # noqa: S102 - generated from field names
    for name, func in namespace.items():
        own = cls.__dict__.get(name, MISSING)
        if name != "__init__" and own is not MISSING and own is not None:
            continue  # a method the class defines itself wins
        func.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, func)
    if eq and not frozen and "__hash__" not in cls.__dict__:
        cls.__hash__ = None  # type: ignore[assignment,method-assign]  # mutable: unhashable
    setattr(cls, _FIELDS, all_fields)
    cls.__match_args__ = tuple(names)  # type: ignore[attr-defined,misc]
    return cls


# ---- compiled code, cached across processes -------------------------------

_code: dict[str, Any] | None = None
_new: dict[str, Any] = {}


def _cache_file() -> str | None:
    from .resources import cache_dir  # the start-up path imports resources anyway

    folder = cache_dir()
    return str(folder / f"records-{sys.implementation.cache_tag}.marshal") if folder else None


def _read_cache() -> dict[str, Any]:
    path = _cache_file()
    try:
        with open(path, "rb") as handle:  # type: ignore[arg-type]
            data = handle.read()
        if zlib.crc32(data[4:]).to_bytes(4, "big") != data[:4]:
            return {}
        table = marshal.loads(data[4:])
    except (OSError, TypeError, ValueError, EOFError):
        return {}
    return table if isinstance(table, dict) else {}


def _compiled(source: str) -> Any:
    """The code object of *source*, compiled at most once per cache folder."""
    global _code
    if _code is None:
        _code = _read_cache()
    code = _code.get(source)
    if code is None or not hasattr(code, "co_code"):
        code = compile(source, "<netshpy.records>", "exec")
        _code[source] = code
        if not _new:
            import atexit

            atexit.register(_write_cache)
        _new[source] = code
    return code


def _write_cache() -> None:
    """Add this process's new code objects to the cache file (atomically)."""
    path = _cache_file()
    if path is None:
        return
    table = _read_cache()
    if len(table) + len(_new) > _MAX_CACHED:
        table = {}
    table.update(_new)
    try:
        data = marshal.dumps(table)
        from . import statefiles

        statefiles.write_atomically(path, zlib.crc32(data).to_bytes(4, "big") + data)
    except (OSError, ValueError):
        pass


if TYPE_CHECKING:  # the type checker sees the standard API this module implements a subset of
    from dataclasses import dataclass, field, fields, replace
else:
    dataclass, field, fields, replace = _dataclass, _field, _fields, _replace
