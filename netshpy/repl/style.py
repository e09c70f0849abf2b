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

# One palette for dark and light terminals: every colour is of middle lightness
# (readable on black and on white), never pure blue, dark red or dark grey, and
# an exact xterm-256 colour, so that a 256-colour terminal shows this very colour.
# Checked with screenshots on both backgrounds (tests/repl/test_style.py
# checks the contrast numerically).
PALETTE = {
    "context": "bold #af5fd7",  # ipsec, static
    "command": "bold #0087d7",  # add filter
    "tag": "#d75f00",  # srcaddr
    "operator": "#8a8a8a",  # =
    "string": "#5f8700",  # names, descriptions
    "constant": "#008787",  # yes, me, TCP
    "number": "#af8700",  # 500
    "address": "#5f87af",  # 10.0.0.1
    "comment": "italic #8a8a8a",
    "error": "bold #ffffff bg:#d70000",  # an unknown word or a value netsh refuses
    "positional": "underline italic #d75f00",  # a value bound by position
    "prompt": "#8a8a8a",
}

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
    "auto-suggestion": "#8a8a8a",
    "pygments.literal.number.address": PALETTE["address"],
    "pygments.error": PALETTE["error"],
    "pygments.name.attribute.positional": PALETTE["positional"],
}


def make_style(config: Config) -> BaseStyle:
    """The style for *config*: none at all when colours are off."""
    if not config.color:
        return DummyStyle()
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    # "default" too: config files written before the palette existed say so.
    if config.syntax_style in (DEFAULT_STYLE, "default"):
        pygments_style = netsh_style()
    else:
        try:
            pygments_style = get_style_by_name(config.syntax_style)
        except ClassNotFound:
            pygments_style = netsh_style()
    return merge_styles([style_from_pygments_cls(pygments_style), Style.from_dict(UI_STYLE)])


DEFAULT_STYLE = "netshpy"


def netsh_style() -> type:
    """The Pygments style of :data:`PALETTE` (also usable with ``pygmentize``)."""
    from pygments.style import Style as PygmentsStyle
    from pygments.token import (
        Comment,
        Error,
        Generic,
        Keyword,
        Name,
        Number,
        Operator,
        String,
    )

    class NetshStyle(PygmentsStyle):
        """netshpy's palette: readable on dark and on light backgrounds."""

        name = DEFAULT_STYLE
        background_color = ""
        styles = {
            Name.Namespace: PALETTE["context"],
            Keyword: PALETTE["command"],
            Keyword.Pseudo: PALETTE["context"],
            Name.Attribute: PALETTE["tag"],
            Name.Attribute.Positional: PALETTE["positional"],
            Operator: PALETTE["operator"],
            String: PALETTE["string"],
            Name.Other: PALETTE["string"],
            Keyword.Constant: PALETTE["constant"],
            Number: PALETTE["number"],
            Number.Address: PALETTE["address"],
            Comment: PALETTE["comment"],
            Error: PALETTE["error"],
            Generic.Prompt: PALETTE["prompt"],
            Generic.Output: "",
        }

    return NetshStyle
