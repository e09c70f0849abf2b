"""Showing a capture: the frame list (like Network Monitor) and one frame field by field.

The list has a row per frame: number, time offset from the start of the
capture, source, destination, protocol and a one-line description. One
frame is decoded from its bytes by scapy's dissectors, layer by layer and
field by field; an encrypted IKE message also shows the payloads inside, as
the two peers (and Wireshark given the keys) see them. Plain text always;
rich renderables for a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import layers as L
from .ike_messages import vendor_name

if TYPE_CHECKING:
    from .frames import Frame
    from .recorder import Capture

VALUE_WIDTH = 72
TITLES = {
    "Ether": "Ethernet II",
    "IP": "Internet Protocol Version 4",
    "UDP": "User Datagram Protocol",
    "TCP": "Transmission Control Protocol",
    "ICMP": "Internet Control Message Protocol",
    "ESP": "Encapsulating Security Payload",
    "AH": "Authentication Header",
    "NON_ESP": "Non-ESP marker (IKE on UDP 4500)",
    "ISAKMP": "Internet Security Association and Key Management Protocol",
    "Raw": "Data",
}
HEADER = (
    f"{'Frame':>5}  {'Time':>10}  {'Source':<15}  {'Destination':<15}  {'Protocol':<8}  Description"
)


def _state(capture: Capture) -> str:
    state = "running" if capture.running else "stopped"
    count = len(capture.frames)
    return f"Capture on {capture.where} ({state}): {count} frame{'s' if count != 1 else ''}"


def frame_list(capture: Capture) -> str:
    """The numbered frame list, plain text."""
    rows = [_state(capture)]
    rows += [f"  (not captured: {p})" for p in capture.problems]
    if capture.frames:
        rows += ["", HEADER]
        for f in capture.frames:
            rows.append(
                f"{f.number:>5}  {capture.offset(f):>10.6f}  {f.src:<15}  {f.dst:<15}  "
                f"{f.protocol:<8}  {f.summary}"
            )
    return "\n".join(rows)


def frame_list_rich(capture: Capture) -> Any:
    """The frame list as a rich table (imports rich)."""
    from rich.table import Table

    table = Table(title=_state(capture))
    for name, justify in (
        ("Frame", "right"),
        ("Time", "right"),
        ("Source", "left"),
        ("Destination", "left"),
        ("Protocol", "left"),
        ("Description", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    colours = {"ISAKMP": "cyan", "ESP": "green", "AH": "green"}
    for f in capture.frames:
        colour = colours.get(f.protocol, "yellow")
        table.add_row(
            str(f.number),
            f"{capture.offset(f):.6f}",
            f.src,
            f.dst,
            f"[{colour}]{f.protocol}[/{colour}]",
            f.summary,
        )
    return table


def _value(layer: Any, fld: Any, value: Any) -> str:
    if isinstance(value, bytes):
        text = value.hex()
        if len(text) > VALUE_WIDTH:
            text = text[: VALUE_WIDTH - 3] + f"... ({len(value)} bytes)"
        return text
    try:
        text = fld.i2repr(layer, value)
    except Exception:  # noqa: BLE001 - a dissector's repr must never break the display
        text = repr(value)
    text = str(text)
    if len(text) > VALUE_WIDTH:
        size = len(value) if isinstance(value, bytes | str) else None
        text = text[: VALUE_WIDTH - 3] + "..." + (f" ({size} bytes)" if size else "")
    return text


def _walk(packet: Any, depth: int, out: list[tuple[int, str]]) -> None:
    layer = packet
    while layer is not None and layer.__class__.__name__ != "NoPayload":
        name = layer.__class__.__name__
        if _encrypted_parent(layer):
            out.append((depth, f"Encrypted payloads: {len(layer.load)} bytes"))
            return
        out.append((depth, TITLES.get(name, getattr(layer, "name", name))))
        for fld in layer.fields_desc:
            value = layer.getfieldval(fld.name)
            if isinstance(value, L.Packet):  # a nested packet (SA proposal, transforms)
                out.append((depth + 1, f"{fld.name}:"))
                _walk(value, depth + 2, out)
            elif isinstance(value, list) and value and isinstance(value[0], tuple):
                out.append((depth + 1, f"{fld.name}:"))  # IKE attributes, one a line
                out += [(depth + 2, f"{k}: {_attribute(k, v)}") for k, v in value]
            elif fld.name == "VendorID" and isinstance(value, bytes):
                out.append((depth + 1, f"VendorID: {_value(layer, fld, value)}"))
                name = vendor_name(value)
                if name:
                    out.append((depth + 2, name))
            else:
                out.append((depth + 1, f"{fld.name}: {_value(layer, fld, value)}"))
        layer = layer.payload


def _attribute(key: object, value: object) -> str:
    if key == "Authentication" and value in ("XAUTHInitPreShared", 65001):
        return "65001 (Kerberos: the value Windows uses; Wireshark names it XAUTHInitPreShared)"
    if key == "GroupDesc" and value == "2048MODPgr":
        return "14 (2048-bit MODP: Windows' group 2048)"
    return str(value)


def _encrypted_parent(layer: Any) -> bool:
    parent = getattr(layer, "underlayer", None)
    return (
        layer.__class__.__name__ == "Raw"
        and parent is not None
        and parent.__class__.__name__ == "ISAKMP"
        and bool(int(parent.flags) & 1)
    )


def decode(frame: Frame, capture: Capture | None = None) -> list[tuple[int, str]]:
    """Frame *frame* as (depth, text) lines: its layers and their fields."""
    when = frame.time.strftime("%Y-%m-%d %H:%M:%S.%f") if frame.time else ""
    out = [
        (
            0,
            f"Frame {frame.number}: {len(frame.data)} bytes on network {frame.network}"
            + (f", {when}" if when else ""),
        )
    ]
    _walk(L.Ether(frame.data), 1, out)
    if frame.inner:
        out.append((1, "Inside the encryption (as the peers decrypt it):"))
        header = bytes(L.ISAKMP(next_payload=frame.inner_first, flags=0))
        inner = L.ISAKMP(header[:28] + frame.inner)
        _walk(inner.payload, 2, out)
    return out


def decode_text(frame: Frame) -> str:
    """One frame decoded, plain text."""
    return "\n".join("  " * depth + text for depth, text in decode(frame))


def decode_rich(frame: Frame) -> Any:
    """One frame decoded, as a rich tree (imports rich)."""
    from rich.tree import Tree

    lines = decode(frame)
    root = Tree(f"[bold]{lines[0][1]}[/bold]")
    stack: list[tuple[int, Any]] = [(0, root)]
    for depth, text in lines[1:]:
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else root
        label = text if ":" in text and not text.endswith(":") else f"[bold]{text}[/bold]"
        node = parent.add(label)
        stack.append((depth, node))
    return root
