"""The context specs: strict validation, and spec <-> handler consistency."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from netshpy import spec as specmod
from netshpy.session import handler_for

SPEC = specmod.load()


def test_every_context_of_the_design_is_declared() -> None:
    assert set(SPEC.contexts) == {(), ("ipsec",), ("ipsec", "static"), ("ipsec", "dynamic")}


@pytest.mark.parametrize("command", SPEC.commands(), ids=lambda c: c.full_name or "?")
def test_every_spec_command_has_a_handler(command: specmod.Command) -> None:
    assert callable(handler_for(command))


def test_every_handler_has_a_spec_command() -> None:
    declared = {(c.module, c.handler) for c in SPEC.commands()}
    for module_name in {c.module for c in SPEC.commands()}:
        module = importlib.import_module(f"netshpy.handlers.{module_name}")
        public = {
            name
            for name, obj in vars(module).items()
            if inspect.isfunction(obj)
            and not name.startswith("_")
            and obj.__module__ == module.__name__
        }
        missing = {name for name in public if (module_name, name) not in declared}
        assert not missing, f"handlers without a spec command in {module_name}: {missing}"


ROOT = """
path = ""
description = "x"
handlers = "root"
"""

BAD_SPECS = [
    ("unknown file key", ROOT + 'colour = "red"\n', "unknown key"),
    (
        "unknown command key",
        ROOT + '[[command]]\nname = "a"\ndescription = "d"\nfoo = 1\n',
        "unknown key",
    ),
    ("missing description", ROOT + '[[command]]\nname = "a"\n', "missing description"),
    ("three words", ROOT + '[[command]]\nname = "a b c"\ndescription = "d"\n', "one or two words"),
    (
        "group without one-liner",
        ROOT + '[[command]]\nname = "show x"\ndescription = "d"\n',
        "no one-liner",
    ),
    (
        "unknown type",
        ROOT
        + '[[command]]\nname = "a"\ndescription = "d"\n[[command.param]]\ntag = "t"\ntype = "colour"\nhelp = "h"\n',
        "unknown type",
    ),
    (
        "enum without choices",
        ROOT
        + '[[command]]\nname = "a"\ndescription = "d"\n[[command.param]]\ntag = "t"\ntype = "enum"\nhelp = "h"\n',
        "needs choices",
    ),
    (
        "duplicate tags",
        ROOT
        + '[[command]]\nname = "a"\ndescription = "d"\n'
        + '[[command.param]]\ntag = "t"\ntype = "string"\nhelp = "h"\n' * 2,
        "duplicate tags",
    ),
    (
        "alternative names unknown tag",
        ROOT + '[[command]]\nname = "a"\ndescription = "d"\nalternatives = [["x"]]\n',
        "unknown tag",
    ),
    (
        "integer default for yesno",
        ROOT
        + '[[command]]\nname = "a"\ndescription = "d"\n[[command.param]]\ntag = "t"\ntype = "yesno"\nhelp = "h"\ndefault = 1\n',
        "expected bool",
    ),
    (
        "upper-case tag",
        ROOT
        + '[[command]]\nname = "a"\ndescription = "d"\n[[command.param]]\ntag = "Tag"\ntype = "string"\nhelp = "h"\n',
        "lower-case",
    ),
    (
        "symbol command without handler",
        ROOT + '[[command]]\nname = ".."\ndescription = "d"\n',
        "not an identifier",
    ),
    ("not TOML", "path = \n", "netsh.toml"),
]


@pytest.mark.parametrize(("why", "text", "message"), BAD_SPECS, ids=[b[0] for b in BAD_SPECS])
def test_malformed_specs_are_rejected(tmp_path: Path, why: str, text: str, message: str) -> None:
    (tmp_path / "netsh.toml").write_text(text)
    with pytest.raises(specmod.SpecError, match=message):
        specmod.load(tmp_path)


def test_a_context_needs_its_parent(tmp_path: Path) -> None:
    (tmp_path / "netsh.toml").write_text(ROOT)
    (tmp_path / "x.toml").write_text('path = "a b"\ndescription = "x"\nhandlers = "root"\n')
    with pytest.raises(specmod.SpecError, match="no parent"):
        specmod.load(tmp_path)


def test_a_root_is_required(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text('path = "a"\ndescription = "x"\nhandlers = "root"\n')
    with pytest.raises(specmod.SpecError, match="no root"):
        specmod.load(tmp_path)
