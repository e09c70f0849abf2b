"""Colours of the prompt: a Pygments style for the line plus the shell's own parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prompt_toolkit.styles import (
    BaseStyle,
    DummyStyle,
    Style,
    merge_styles,
    style_from_pygments_cls,
)

if TYPE_CHECKING:
    from .config import Config

UI_STYLE = {
    "prompt": "",
    "bottom-toolbar": "bg:#222222 #aaaaaa noreverse",
    "bottom-toolbar.label": "bg:#222222 #888888",
    "bottom-toolbar.value": "bg:#222222 #ffffff bold",
    "bottom-toolbar.sep": "bg:#222222 #555555",
    "completion-menu.completion": "bg:#303030 #e0e0e0",
    "completion-menu.completion.current": "bg:#5f87af #ffffff",
    "completion-menu.meta.completion": "bg:#444444 #bbbbbb",
    "completion-menu.meta.completion.current": "bg:#5f87af #ffffff",
    "auto-suggestion": "#767676",
    "pygments.literal.number.address": "#008787",
    "pygments.error": "#d70000 underline",
}


def make_style(config: Config) -> BaseStyle:
    """The style for *config*: none at all when colours are off."""
    if not config.color:
        return DummyStyle()
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        pygments_style = get_style_by_name(config.syntax_style)
    except ClassNotFound:
        pygments_style = get_style_by_name("default")
    return merge_styles([style_from_pygments_cls(pygments_style), Style.from_dict(UI_STYLE)])
