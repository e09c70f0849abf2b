"""The seven ``set config`` properties: persistent like registry values.

Values live in the service's state file (``service/state.sqlite``, see
:mod:`netshpy.dynamic.state_db`) and survive service restarts and reboots.
Properties that Windows reads only at boot (``NEEDS_REBOOT``) keep, besides the stored value, the value in effect since
the last boot; ``show config`` says when the two differ.
"""

from __future__ import annotations

from .. import messages
from ..errors import NetshError
from ..records import dataclass
from ..values import BootExemption, ValueProblem, decimal, parse_bootexemptions, unique_choice

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

BOOT_MODES = ("stateful", "block", "permit")


@dataclass(frozen=True)
class Property:
    """A configuration property: its range or choices, default, and reboot need."""

    name: str
    kind: str  # "integer" | "bootmode" | "exemptions"
    default: Any
    low: int = 0
    high: int = 0
    needs_reboot: bool = False


# Ranges [M reference 7.8]; defaults [D S15, S16; M]. Reboot needs: ipsecexempt
# [D S15]; diagnostics, boot mode and exemptions are read by the driver at boot [M].
PROPERTIES: dict[str, Property] = {
    p.name: p
    for p in (
        Property("ipsecdiagnostics", "integer", 0, 0, 7, needs_reboot=True),
        Property("ikelogging", "integer", 0, 0, 1),
        Property("strongcrlcheck", "integer", 1, 0, 2),
        Property("ipsecloginterval", "integer", 3600, 60, 86400),
        Property("ipsecexempt", "integer", 3, 0, 3, needs_reboot=True),
        Property("bootmode", "bootmode", "stateful", needs_reboot=True),
        Property("bootexemptions", "exemptions", [], needs_reboot=True),
    )
}


def parse_value(prop: Property, text: str) -> Any:
    """The typed value of *text* for *prop*; the netsh error when it does not fit."""
    if prop.kind == "integer":
        value = decimal(text)
        if value is None:
            raise NetshError(messages.ipsec("bad_config_value", value=text, property=prop.name))
        if not prop.low <= value <= prop.high:
            raise NetshError(
                messages.ipsec(
                    "out_of_range", value=text, tag=prop.name, low=prop.low, high=prop.high
                )
            )
        return value
    if prop.kind == "bootmode":
        choice = unique_choice(text.strip(), BOOT_MODES)
        if choice is None:
            raise NetshError(messages.ipsec("bad_config_value", value=text, property=prop.name))
        return choice
    try:
        return parse_bootexemptions(prop.name, text)
    except ValueProblem:
        raise NetshError(
            messages.ipsec("bad_config_value", value=text, property=prop.name)
        ) from None


def _encode(prop: Property, value: Any) -> Any:
    if prop.kind == "exemptions":
        return [str(e) for e in value]
    return value


def _decode(prop: Property, raw: Any) -> Any:
    if prop.kind == "exemptions":
        return parse_bootexemptions(prop.name, " ".join(raw) if raw else "none")
    if prop.kind == "integer":
        value = int(raw)
        if not prop.low <= value <= prop.high:
            raise ValueError(raw)
        return value
    if raw not in BOOT_MODES:
        raise ValueError(raw)
    return raw


class IpsecConfig:
    """The persistent configuration of the IPsec service of one computer.

    The values live in the service's state file (:mod:`netshpy.dynamic.state_db`),
    which reads and writes them with :meth:`load` and :meth:`to_data`.
    """

    def __init__(self) -> None:
        self.values: dict[str, Any] = {n: p.default for n, p in PROPERTIES.items()}
        self.effective: dict[str, Any] = dict(self.values)

    def load(self, data: Any) -> None:
        """Take the values of *data* (as :meth:`to_data` made it); damaged ones are defaults."""
        self.values = {n: p.default for n, p in PROPERTIES.items()}
        self.effective = dict(self.values)
        if not isinstance(data, dict):
            return
        for table, target in (("values", self.values), ("effective", self.effective)):
            raw = data.get(table)
            if not isinstance(raw, dict):
                continue
            for name, prop in PROPERTIES.items():
                if name in raw:
                    try:
                        target[name] = _decode(prop, raw[name])
                    except (ValueError, TypeError, ValueProblem):
                        pass  # a damaged value falls back to its default

    def to_data(self) -> dict[str, Any]:
        """The stored and effective values as plain JSON-able data."""
        return {
            "values": {n: _encode(p, self.values[n]) for n, p in PROPERTIES.items()},
            "effective": {n: _encode(p, self.effective[n]) for n, p in PROPERTIES.items()},
        }

    def set(self, name: str, text: str) -> Any:
        """Validate and store property *name*; properties read at boot wait for a reboot."""
        prop = PROPERTIES[name]
        value = parse_value(prop, text)
        self.values[name] = value
        if not prop.needs_reboot:
            self.effective[name] = value
        return value

    def pending(self, name: str) -> bool:
        """True when *name* was changed since the last boot and waits for a reboot."""
        return self.values[name] != self.effective[name]

    def on_reboot(self) -> None:
        """The computer restarted: every stored value is now in effect."""
        self.effective = dict(self.values)

    @property
    def bootmode(self) -> str:
        """The boot mode in effect (stateful, block or permit)."""
        return str(self.effective["bootmode"])

    @property
    def bootexemptions(self) -> list[BootExemption]:
        """The boot exemptions in effect."""
        return list(self.effective["bootexemptions"])
