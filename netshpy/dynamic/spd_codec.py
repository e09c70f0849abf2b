"""SPD sections to plain JSON-able data and back, as the service's state file keeps them."""

from __future__ import annotations

from ..records import fields
from ..values import Address, MmOffer, QmOffer, RootCa
from .spd_records import IKE_COUNTERS, IPSEC_COUNTERS, Auth, MmPolicy, MmSa, QmPolicy, QmSa, Rule

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


def encode_section(section: str, items: Any) -> Any:
    """*items* of *section* as plain JSON-able data (a list, or a dict of counters)."""
    if section.endswith("_stats"):
        return dict(items)
    return [_plain(item) for item in items]


_DECODERS: dict[str, Any] = {}


def decode_item(section: str, data: dict[str, Any]) -> Any:
    """One item of list *section* from its plain data (raises on malformed data)."""
    if not _DECODERS:
        _DECODERS.update(
            mmpolicies=_mmpolicy,
            qmpolicies=_qmpolicy,
            rules=_rule,
            mmsas=lambda d: MmSa(**d),
            qmsas=lambda d: QmSa(**d),
        )
    return _DECODERS[section](data)


def decode_section(section: str, data: Any) -> Any:
    """*section* from its plain data (None: empty); raises on malformed data."""
    if section.endswith("_stats"):
        names = IKE_COUNTERS if section == "ike_stats" else IPSEC_COUNTERS
        counters = dict.fromkeys(names, 0)
        for name, value in (data or {}).items():
            if name in counters:
                counters[name] = int(value)
        return counters
    return [decode_item(section, d) for d in (data or [])]


def _plain(obj: Any) -> Any:
    if isinstance(obj, (Address, MmOffer, QmOffer, RootCa)):
        return {"_": type(obj).__name__, **{f.name: getattr(obj, f.name) for f in fields(obj)}}
    if isinstance(obj, Auth):
        return {"kind": obj.kind, "value": _plain(obj.value)}
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    return obj


_VALUE_TYPES = {"Address": Address, "MmOffer": MmOffer, "QmOffer": QmOffer, "RootCa": RootCa}


def _value(data: Any) -> Any:
    if isinstance(data, dict) and "_" in data:
        kind = _VALUE_TYPES[data["_"]]
        return kind(**{k: v for k, v in data.items() if k != "_"})
    return data


def _mmpolicy(data: dict[str, Any]) -> MmPolicy:
    return MmPolicy(**{**data, "offers": [_value(o) for o in data.get("offers", [])]})


def _qmpolicy(data: dict[str, Any]) -> QmPolicy:
    return QmPolicy(**{**data, "offers": [_value(o) for o in data.get("offers", [])]})


def _rule(data: dict[str, Any]) -> Rule:
    auth = [Auth(a["kind"], _value(a["value"])) for a in data.get("auth", [])]
    return Rule(
        **{
            **data,
            "srcaddr": _value(data["srcaddr"]),
            "dstaddr": _value(data["dstaddr"]),
            "auth": auth,
        }
    )
