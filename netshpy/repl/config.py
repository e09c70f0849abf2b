"""The interactive shell's settings: a commented TOML file in the user's config folder.

The file is written with every default (and a comment on each) the first time
the REPL starts, at ``$XDG_CONFIG_HOME/netshpy/config.toml`` (``~/.config``
when unset; ``%APPDATA%\\netshpy\\config.toml`` on Windows). Without it, or
with a broken one, the defaults apply and the problem is reported once.
``NO_COLOR`` (any non-empty value) turns colours off whatever the file says.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..textfile import load_toml, read_text

DEFAULT_CONFIG = """\
# netshpy interactive shell settings.
# Written on first use; delete this file to get the defaults back.
# Nothing here changes what netsh commands print: only the prompt's behaviour.

# Key bindings: "emacs" or "vi".
editing_mode = "emacs"

# When the completion menu opens: "tab" (press Tab) or "auto" (while typing).
completion = "tab"

# Keep a history of typed lines in the state folder (<state-dir>/history).
# Ctrl-R searches it; Up/Down walk it.
history = true

# Suggest the rest of a line from history in grey; Right arrow accepts it.
auto_suggest = true

# Show the bottom toolbar (computer, context, store, batch mode, IPsec service).
toolbar = true

# Typing "?" at the end of a line shows that command's help at once, keeping the line.
help_key = true

# Colours. The NO_COLOR environment variable turns them off regardless.
color = true

# A Pygments style for the highlighted command line: "netshpy" (readable on dark
# and light backgrounds), or any Pygments style ("native", "monokai", "bw"...).
syntax_style = "netshpy"
"""

_CHOICES = {"editing_mode": ("emacs", "vi"), "completion": ("tab", "auto")}


@dataclass
class Config:
    """Effective settings of the interactive shell."""

    editing_mode: str = "emacs"
    completion: str = "tab"
    history: bool = True
    auto_suggest: bool = True
    toolbar: bool = True
    help_key: bool = True
    color: bool = True
    syntax_style: str = "netshpy"
    path: Path | None = None
    problems: list[str] = field(default_factory=list)

    def settings(self) -> dict[str, Any]:
        """The settings only (no path or problems), in file order."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("path", "problems")
        }


def config_dir(platform: str | None = None) -> Path:
    """The user's netshpy config folder (*platform*: ``os.name``, for tests)."""
    if (platform or os.name) == "nt":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "netshpy"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "netshpy"


def config_path() -> Path:
    """Where the config file lives (it may not exist yet)."""
    return config_dir() / "config.toml"


def no_color() -> bool:
    """True when the ``NO_COLOR`` convention asks for no colours."""
    return bool(os.environ.get("NO_COLOR"))


def write_default(path: Path) -> bool:
    """Write the commented default file at *path* unless one exists; True if written."""
    if path.exists():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DEFAULT_CONFIG, encoding="utf-8")
    except OSError:
        return False
    return True


def load(path: Path | None = None, *, create: bool = True) -> Config:
    """Read the settings at *path* (default :func:`config_path`), writing the default file first."""

    path = path or config_path()
    config = Config(path=path)
    if create:
        write_default(path)
    try:
        raw = load_toml(read_text(path))
    except FileNotFoundError:
        raw = {}
    except (OSError, ValueError) as exc:
        config.problems.append(f"netshpy: {path}: {exc}; using the defaults")
        raw = {}
    defaults = Config()
    for key, value in raw.items():
        if key not in defaults.settings():
            config.problems.append(f"netshpy: {path}: unknown setting {key!r} ignored")
            continue
        want = type(getattr(defaults, key))
        if not isinstance(value, want) or (key in _CHOICES and value not in _CHOICES[key]):
            allowed = " or ".join(f'"{c}"' for c in _CHOICES.get(key, ())) or want.__name__
            config.problems.append(f"netshpy: {path}: {key} must be {allowed}; using the default")
            continue
        setattr(config, key, value)
    if no_color():
        config.color = False
    return config
