"""Exceptions that carry the text netsh prints."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from .spec import Command


class NetshError(Exception):
    """A command failed; ``text`` is exactly what netsh prints for it.

    ``usage`` names a command whose usage block follows the text (after a
    blank line), as netsh does for syntax errors.
    """

    def __init__(self, text: str, usage: Command | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.usage = usage

    @property
    def code(self) -> int | None:
        """The ``ERR IPsec[NNNNN]`` number, when the text carries one."""
        if self.text.startswith("ERR IPsec[") and self.text[15:16] == "]":
            return int(self.text[10:15])
        return None


class EmulatorUsageError(Exception):
    """Raised by a ``:`` emulator command whose arguments are wrong (its text is printed)."""
