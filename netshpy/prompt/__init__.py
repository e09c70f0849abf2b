"""The programs of a computer's command prompt: a registry, one module per program family.

cmd.exe's own built-ins (``echo``, ``exit``, ``rem``, ``cls``...) live in
:mod:`netshpy.cmdprompt`; everything a computer runs besides them registers
here with :func:`command` in a module of :mod:`netshpy.prompt.commands`
or, for an area above the prompt (the lab), in that area's
``prompt_commands.py``; both are discovered on first use, so a new program (``gpresult``, ``wlbs``)
is a new module and nothing else. A program may be there on some computers
only (``ipseccmd`` on Windows XP with the Support Tools): its ``available``
test decides, and elsewhere cmd.exe answers "is not recognized".

A handler gets the prompt, the arguments as cmd.exe's C runtime splits them
and the raw rest of the line, and returns the text it prints, or (text,
ERRORLEVEL).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from ..records import dataclass

Handler = Callable[[Any, list[str], str], "str | tuple[str, int]"]


@dataclass(frozen=True)
class PromptCommand:
    """One program of the prompt."""

    name: str
    handler: Handler
    summary: str
    available: Callable[[Any], bool] | None = None

    def on(self, host: Any) -> bool:
        """Whether computer *host* has this program."""
        return self.available is None or bool(self.available(host))

    def run(self, prompt: Any, ignored: list[str], rest: str) -> str | tuple[str, int]:
        """Run it with *rest* split as a Windows program's C runtime splits it
        (backslashes kept, quotes removed), whatever split the caller made."""
        from ..tools.args import split

        return self.handler(prompt, split(rest), rest)


AREA_MODULE = "prompt_commands"  # netshpy/<area>/prompt_commands.py adds an area's programs
_REGISTRY: dict[str, PromptCommand] = {}
_LOADED = False


def command(
    name: str, summary: str, available: Callable[[Any], bool] | None = None
) -> Callable[[Handler], Handler]:
    """Register the decorated function as program *name* (lower case, no ``.exe``)."""

    def register(handler: Handler) -> Handler:
        _REGISTRY[name.lower()] = PromptCommand(name.lower(), handler, summary, available)
        return handler

    return register


def registry() -> dict[str, PromptCommand]:
    """Every registered program (the modules of ``netshpy.prompt.commands`` loaded once)."""
    global _LOADED
    if not _LOADED:
        from . import commands

        for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
            importlib.import_module(f"{commands.__name__}.{info.name}")
        for module in area_modules():
            importlib.import_module(module)
        _LOADED = True
    return _REGISTRY


def area_modules() -> list[str]:
    """The ``netshpy.<area>.prompt_commands`` modules: programs an area adds (found by name).

    An area above the command prompt (the lab's ``gpresult``) registers its programs
    from its own ``prompt_commands.py``, so this package never imports it.
    """
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    return [
        f"netshpy.{folder.name}.{AREA_MODULE}"
        for folder in sorted(root.iterdir())
        if (folder / f"{AREA_MODULE}.py").is_file()
    ]


def programs_on(host: Any) -> dict[str, PromptCommand]:
    """The programs computer *host* has."""
    return {name: c for name, c in registry().items() if c.on(host)}
