"""Build small labs for tests: two or three computers, policies as netsh lines."""

from __future__ import annotations

import json
from pathlib import Path

from netshpy.lab.runtime import Lab


def require(
    auth: str = "kerberos=yes",
    action: str = "",
    mm: str = "",
    dst: str = "any",
    protocol: str = "any",
    verb: str = "negotiate",
) -> list[str]:
    """netsh lines assigning a policy that applies *verb* to traffic from me to *dst*."""
    mm_tag = f' mmsecmethods="{mm}"' if mm else ""
    return [
        "ipsec static add filterlist name=L",
        f"ipsec static add filter filterlist=L srcaddr=me dstaddr={dst} protocol={protocol}",
        f"ipsec static add filteraction name=A action={verb} {action}".rstrip(),
        f"ipsec static add policy name=P{mm_tag}",
        f"ipsec static add rule name=R policy=P filterlist=L filteraction=A {auth}".rstrip(),
        "ipsec static set policy name=P assign=yes",
    ]


RESPOND = ['ipsec static set policy name="Client (Respond Only)" assign=yes']


def responder(mm: str = "", auth: str = "") -> list[str]:
    """A policy with only the default response rule (*mm* offers, *auth* methods)."""
    offers = f' mmsecmethods="{mm}"' if mm else ""
    lines = [f"ipsec static add policy name=Resp{offers}"]
    if auth:
        lines.append(f"ipsec static set defaultrule policy=Resp {auth}")
    return [*lines, "ipsec static set policy name=Resp assign=yes"]


def _toml(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def computer(name: str, os: str, address: str, setup: list[str], **extra: object) -> str:
    rows = [
        "[[computer]]",
        f'name = "{name}"',
        f'os = "{os}"',
        f'addresses = ["{address}"]',
        f"setup = {json.dumps(setup)}",
    ]
    for key, value in extra.items():
        rows.append(f"{key} = {_toml(value)}")
    return "\n".join(rows) + "\n"


def make_lab(
    tmp: Path,
    a: dict,
    b: dict,
    *,
    nat: bool = False,
    name: str = "t",
    exercises: str = "",
) -> Lab:
    """A lab with computers A and B (dicts: os, setup, and extra keys) on one LAN or across a NAT."""
    text = f'[lab]\nname = "{name}"\n\n[[domain]]\nname = "corp.example"\n\n'
    if nat:
        text += (
            '[[network]]\nname = "home"\nsubnet = "192.168.1.0/24"\n\n'
            '[[network]]\nname = "net"\nsubnet = "203.0.113.0/24"\n\n'
            '[[nat]]\nname = "NAT1"\ninside = "home"\noutside = "net"\naddress = "203.0.113.5"\n\n'
        )
        addr_a, addr_b = "192.168.1.10", "203.0.113.20"
    else:
        text += '[[network]]\nname = "lan"\nsubnet = "10.0.0.0/24"\n\n'
        addr_a, addr_b = "10.0.0.1", "10.0.0.2"
    for label, spec, addr in (("A", a, addr_a), ("B", b, addr_b)):
        spec = dict(spec)
        os_id = spec.pop("os", "2003")
        setup = spec.pop("setup", [])
        text += computer(label, os_id, addr, setup, **spec) + "\n"
    text += exercises
    path = tmp / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return Lab.from_file(path, tmp / f"{name}-root", fresh=True, deterministic=True)
