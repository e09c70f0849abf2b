"""The default palette is readable on dark and on light terminals."""

from __future__ import annotations

import re

import pytest

from netshpy.repl.style import PALETTE, netsh_style


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


_CUBE = {"00", "5f", "87", "af", "d7", "ff"}
_GREYS = {f"{8 + 10 * n:02x}" for n in range(24)}


def _xterm256(hex_colour: str) -> bool:
    parts = [hex_colour[i : i + 2] for i in (0, 2, 4)]
    return all(p in _CUBE for p in parts) or (len(set(parts)) == 1 and parts[0] in _GREYS)


@pytest.mark.parametrize("role", sorted(PALETTE))
def test_every_colour_reads_on_black_and_on_white(role: str) -> None:
    spec = PALETTE[role]
    background = re.search(r"bg:#([0-9a-f]{6})", spec)
    colour = re.search(r"(?<!bg:)#([0-9a-f]{6})", spec)
    assert colour is not None
    # what a 256-colour terminal shows is the colour checked here
    assert _xterm256(colour.group(1)), role
    if background:  # text on its own background (errors): readable whatever the terminal
        assert _contrast(colour.group(1), background.group(1)) >= 4.5
    else:
        # WCAG's 3:1 for large or bold text, on both backgrounds
        assert _contrast(colour.group(1), "000000") >= 3, role
        assert _contrast(colour.group(1), "ffffff") >= 3, role


def test_old_config_files_get_the_palette() -> None:
    from netshpy.repl.config import Config
    from netshpy.repl.style import make_style

    for name in ("default", "netshpy"):
        attrs = make_style(Config(syntax_style=name)).get_attrs_for_style_str(
            "class:pygments.name.attribute"
        )
        assert attrs.color == PALETTE["tag"].lstrip("#")


def test_the_pygments_style_uses_the_palette() -> None:
    from pygments.token import Error, Name

    style = netsh_style()
    assert style.style_for_token(Name.Attribute)["color"] == PALETTE["tag"].lstrip("#")
    assert style.style_for_token(Error)["bgcolor"] == "d70000"
