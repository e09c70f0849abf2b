"""pcap files (libpcap format, Ethernet link type): what Wireshark and tshark open.

The format is a 24-byte file header and a 16-byte header per frame
(seconds, microseconds, captured and original length); it needs no packet
library, so saving a capture is as fast as writing its bytes.
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


def write(path: str | Path, frames: Iterable[tuple[datetime, bytes]]) -> int:
    """Write a pcap file at *path* (OSError when it cannot be written)."""
    with open(path, "wb") as out:
        return write_stream(out, frames)
