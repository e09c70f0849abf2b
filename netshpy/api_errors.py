"""Typed exceptions of the Python API (raised in strict mode, or on misuse).

Every class is importable as ``netshpy.<Name>``. In strict mode a failing
netsh line raises the most specific subclass of :class:`NetshCommandError`;
the exception keeps what netsh printed (``.output``), the message (``.text``)
and the ``ERR IPsec[NNNNN]`` number (``.code``, None for shell errors).

Family tree::

    EmulatorError                     misuse of the API, closed emulator ...
    ├── AreaNotAvailable              a part of netshpy this build does not have
    └── NetshCommandError             a line netsh reported as failed
        ├── CommandNotFound           "The following command was not found: ..."
        ├── InvalidArgument           bad tag, bad syntax, missing parameters
        ├── CommandPromptError        a command prompt line with ERRORLEVEL != 0
        └── IpsecError                any "ERR IPsec[NNNNN] : ..." line
            ├── InvalidValue          (also an InvalidArgument) a value out of its grammar/range
            ├── ObjectNotFound        a policy, list, action, rule ... that does not exist
            ├── ObjectExists          a name already taken
            ├── ObjectInUse           still referenced by a rule
            └── ServiceNotRunning     the IPsec Services service is stopped
"""

from __future__ import annotations

from typing import Protocol


class LineResult(Protocol):
    """What an error needs of a line's result (:class:`netshpy.api.RunResult` is one).

    A protocol, so that this module does not import the API that raises its errors.
    """

    @property
    def line(self) -> str: ...
    @property
    def output(self) -> str: ...
    @property
    def error_code(self) -> int | None: ...
    @property
    def error_text(self) -> str | None: ...
    @property
    def errorlevel(self) -> int | None: ...


class EmulatorError(Exception):
    """Base class of every exception the Python API raises on its own."""


class AreaNotAvailable(EmulatorError, NotImplementedError):
    """The requested part of netshpy (static store, dynamic SPD, service) is missing."""


class NetshCommandError(EmulatorError):
    """A line that netsh (or the command prompt) reported as failed.

    ``line`` is what was run, ``output`` all it printed, ``text`` the error
    message, ``code`` the ``ERR IPsec`` number or None, ``result`` the
    :class:`~netshpy.api.RunResult`.
    """

    def __init__(self, result: LineResult) -> None:
        self.result = result
        self.line = result.line
        self.output = result.output
        self.text = result.error_text or result.output.strip()
        self.code = result.error_code
        super().__init__(f"{self.line!r}: {self.text}")


class CommandNotFound(NetshCommandError):
    """netsh did not recognise the command words."""


class InvalidArgument(NetshCommandError):
    """A tag netsh does not know, a malformed line or missing parameters."""


class CommandPromptError(NetshCommandError):
    """A command prompt line ended with a non-zero ERRORLEVEL."""

    @property
    def errorlevel(self) -> int:
        """The ERRORLEVEL the line set."""
        return self.result.errorlevel or 0


class IpsecError(NetshCommandError):
    """An ``ERR IPsec[NNNNN] : ...`` error of the ipsec helper."""


class InvalidValue(IpsecError, InvalidArgument):
    """A value that fails its grammar or range (an ``ERR IPsec`` invalid-value error)."""


class ObjectNotFound(IpsecError, LookupError):
    """The named policy, filter list, filter action, rule ... does not exist."""


class ObjectExists(IpsecError):
    """An object with that name already exists."""


class ObjectInUse(IpsecError):
    """The object is still used by a rule and cannot be deleted."""


class ServiceNotRunning(IpsecError):
    """The IPsec Services service (PolicyAgent) is stopped."""


__all__ = [
    "AreaNotAvailable",
    "CommandNotFound",
    "CommandPromptError",
    "EmulatorError",
    "InvalidArgument",
    "InvalidValue",
    "IpsecError",
    "NetshCommandError",
    "ObjectExists",
    "ObjectInUse",
    "ObjectNotFound",
    "ServiceNotRunning",
]


def _ipsec_family(code: int) -> type[IpsecError]:
    """The subclass for an ``ERR IPsec`` code, from its key in the message table."""
    from . import messages

    key = next((k for k, e in messages.IPSEC.items() if e.code == code), "")
    if key.endswith("_missing") or key.startswith("no_"):
        return ObjectNotFound
    if key.endswith("_exists") or key.endswith("_exists_dynamic"):
        return ObjectExists
    if key.endswith("_in_use"):
        return ObjectInUse
    if key.startswith("bad_") or key in ("out_of_range", "unresolved_dns", "port_needs_tcp_udp"):
        return InvalidValue
    if key == "service_stopped":
        return ServiceNotRunning
    return IpsecError


def error_for(result: LineResult) -> NetshCommandError:
    """The most specific exception describing the failed *result*."""
    from . import messages

    if result.errorlevel is not None:
        return CommandPromptError(result)
    if result.error_code is not None:
        return _ipsec_family(result.error_code)(result)
    text = result.error_text or ""
    if text.startswith(messages.COMMAND_NOT_FOUND.split("{")[0]):
        return CommandNotFound(result)
    invalid_arg = messages.INVALID_ARGUMENT.split("{arg}")[1]
    if text in (messages.BAD_SYNTAX, messages.MISSING_PARAMETERS) or text.endswith(invalid_arg):
        return InvalidArgument(result)
    return NetshCommandError(result)
