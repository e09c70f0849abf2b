"""pcap and pcapng files (Ethernet link type): what Wireshark and tshark open.

pcap is a 24-byte file header and a 16-byte header per frame (seconds,
microseconds, captured and original length). pcapng (chosen by a ``.pcapng``
name) adds a comment to each frame, which Wireshark shows with the packet:
who sent it to whom and what it is ("Main Mode 1: SA (3 transforms ...)").
Neither needs a packet library, so saving a capture is as fast as writing
its bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

MAGIC = 0xA1B2C3D4
LINKTYPE_ETHERNET = 1
SNAPLEN = 65535


def _seconds(when: datetime) -> tuple[int, int]:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    stamp = when.timestamp()
    sec = int(stamp)
    return sec, int(round((stamp - sec) * 1_000_000)) % 1_000_000


def write_stream(out: BinaryIO, frames: Iterable[tuple[datetime, bytes]]) -> int:
    """Write a pcap stream of (time, Ethernet frame) pairs; the number of frames written."""
    out.write(struct.pack("<IHHiIII", MAGIC, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
    count = 0
    for when, data in frames:
        sec, usec = _seconds(when)
        out.write(struct.pack("<IIII", sec, usec, len(data), len(data)))
        out.write(data)
        count += 1
    return count


# pcapng (draft-ietf-opsawg-pcapng): block types and option codes.
SHB, IDB, EPB = 0x0A0D0D0A, 0x00000001, 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D
OPT_ENDOFOPT, OPT_COMMENT, SHB_USERAPPL = 0, 1, 4


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def _options(pairs: list[tuple[int, bytes]]) -> bytes:
    if not pairs:
        return b""
    return b"".join(_option(c, v) for c, v in pairs) + struct.pack("<HH", OPT_ENDOFOPT, 0)


def _block(kind: int, body: bytes) -> bytes:
    length = 12 + len(body)
    return struct.pack("<II", kind, length) + body + struct.pack("<I", length)


def write_pcapng_stream(out: BinaryIO, frames: Iterable[tuple[datetime, bytes, str]]) -> int:
    """Write a pcapng stream of (time, Ethernet frame, comment) triples; frames written."""
    userappl = [(SHB_USERAPPL, b"netshpy")]
    out.write(_block(SHB, struct.pack("<IHHq", BYTE_ORDER_MAGIC, 1, 0, -1) + _options(userappl)))
    out.write(_block(IDB, struct.pack("<HHI", LINKTYPE_ETHERNET, 0, SNAPLEN)))  # microseconds
    count = 0
    for when, data, comment in frames:
        sec, usec = _seconds(when)
        stamp = sec * 1_000_000 + usec
        body = struct.pack("<IIIII", 0, stamp >> 32, stamp & 0xFFFFFFFF, len(data), len(data))
        body += data + b"\0" * (-len(data) % 4)
        body += _options([(OPT_COMMENT, comment.encode("utf-8"))] if comment else [])
        out.write(_block(EPB, body))
        count += 1
    return count


def is_pcapng(path: str | Path) -> bool:
    """Whether *path* asks for pcapng (its name ends in ``.pcapng``)."""
    return str(path).lower().endswith(".pcapng")


def write(path: str | Path, frames: Iterable[tuple[datetime, bytes, str]]) -> int:
    """Write (time, frame, comment) triples at *path*: pcapng for a ``.pcapng`` name (with
    the comments), else pcap. OSError when it cannot be written."""
    with open(path, "wb") as out:
        if is_pcapng(path):
            return write_pcapng_stream(out, frames)
        return write_stream(out, ((when, data) for when, data, _ in frames))
