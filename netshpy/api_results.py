"""What the Python API returns: the result of one line, and a snapshot of the state.

Both are importable as ``netshpy.RunResult`` and ``netshpy.Snapshot`` (and
from :mod:`netshpy.api`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .api_errors import error_for

__all__ = ["RunResult", "Snapshot"]


@dataclass(frozen=True)
class RunResult:
    """What one line printed and whether it failed.

    ``output`` is the plain text exactly as netsh (or cmd.exe) prints it;
    ``ok`` is False when netsh reported an error, whose message is
    ``error_text`` and ``ERR IPsec`` number ``error_code`` (None for shell
    errors). For command prompt lines ``errorlevel`` is the ERRORLEVEL (None
    for netsh lines).
    """

    line: str
    output: str
    ok: bool = True
    error_code: int | None = None
    error_text: str | None = None
    errorlevel: int | None = None

    @property
    def lines(self) -> list[str]:
        """The output split into lines (no line ends)."""
        return self.output.splitlines()

    def __str__(self) -> str:
        return self.output

    def __bool__(self) -> bool:
        return self.ok

    def check(self) -> RunResult:
        """Return self, or raise the typed :class:`~netshpy.NetshCommandError` if it failed."""
        if not self.ok:
            raise error_for(self)
        return self


@dataclass(frozen=True)
class Snapshot:
    """A copy of the whole state directory taken by :meth:`Emulator.snapshot`.

    It stays valid until the emulator that took it is closed.
    """

    path: Path
    context: tuple[str, ...] = ()
    label: str = ""
