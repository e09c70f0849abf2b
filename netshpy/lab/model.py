"""A lab file (TOML), loaded and validated strictly.

See ``docs/labs.md`` for the format. Every error names the file and the
offending entry, counting from 1 as ``:check`` does, e.g.
``dh2048.toml: computer[3] 'XP1': unknown os 'vista'``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..textfile import load_toml, read_text
from .directory import DEFAULT_SITE, Directory
from .ike import OS_NAMES
from .nlb import ClusterSpec
from .reader import LabError  # noqa: F401 - the lab's modules import it from here
from .reader import Reader as _Reader
from .reader import table_list as _list

CHECKS = {
    "assigned": {"computer", "policy", "location"},
    "traffic": {"from", "to", "protocol", "port", "expect", "group"},
    "config": {"computer", "property", "value"},
    "service": {"computer", "state"},
    "mmgroup": {"computer", "group", "only", "first"},
    "blocks": {"computer", "protocol", "port", "location"},
    "auth": {"computer", "rule", "method", "certmap"},
    # What the trainee's capture holds (netshpy/capture/grading.py).
    "captured": {"from", "to", "network", "group", "port", "ca_name", "carries"},
    "rsop": {"computer", "policy", "gpo", "precedence"},
    "mapping": {"from", "to", "protocol", "port", "account", "refused"},
    "certreq": {"from", "to", "protocol", "port", "ca_name"},
    "nlb": {"from", "to", "protocol", "port", "expect"},
}
CARRIES = ("esp", "udp-esp", "ah", "clear")  # how a captured exchange's data went
BOOLEAN_KEYS = ("only", "first", "certmap", "ca_name")
LOCATIONS = ("local", "persistent", "domain", "dynamic")
EXPECT = ("secured", "clear", "blocked", "failed")
GROUPS = ("1", "2", "3", "768", "1024", "2048")
DIRECTORY_TABLES = ("site", "ou", "gpo", "account", "cluster")
COMPUTER_DIRECTORY_KEYS = {"site", "ou", "rights"}
RIGHTS = {"network_logon", "deny_network_logon"}


@dataclass(frozen=True)
class CertificateSpec:
    """A computer certificate in the lab."""

    subject: str
    root: str
    account: str | None = None


@dataclass(frozen=True)
class ComputerSpec:
    """One emulated computer."""

    name: str
    os: str
    addresses: tuple[str, ...]
    domain: str | None = None
    trusted_roots: tuple[str, ...] = ()
    certificates: tuple[CertificateSpec, ...] = ()
    setup: tuple[str, ...] = ()
    site: str = DEFAULT_SITE  # Active Directory site
    ou: str | None = None  # OU path ("Servers/Web"); None = the Computers container
    # User rights: "Access this computer from the network" (None = the default,
    # Everyone) and "Deny access to this computer from the network".
    network_logon: tuple[str, ...] | None = None
    deny_network_logon: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()  # installed extras: support-tools (XP), resource-kit (2000)


@dataclass(frozen=True)
class NetworkSpec:
    """An IPv4 subnet computers sit on."""

    name: str
    subnet: ipaddress.IPv4Network


@dataclass(frozen=True)
class NatSpec:
    """A NAT device between an inside and an outside network."""

    name: str
    inside: str
    outside: str
    address: str


@dataclass(frozen=True)
class ItemSpec:
    """One graded item of an exercise: a check on meaning, never on text."""

    description: str
    check: str
    params: dict[str, Any]
    hints: tuple[str, ...] = ()  # progressive: the concept, then where, then the command
    points: int = 1


@dataclass(frozen=True)
class ExerciseSpec:
    """Instructions and graded items."""

    title: str
    instructions: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class LabSpec:
    """A whole lab."""

    name: str
    description: str
    path: Path
    computers: tuple[ComputerSpec, ...]
    networks: tuple[NetworkSpec, ...] = ()
    nats: tuple[NatSpec, ...] = ()
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exercises: tuple[ExerciseSpec, ...] = ()
    start: str = ""
    directory: Directory = field(default_factory=Directory)
    clusters: tuple[ClusterSpec, ...] = ()

    def computer(self, name: str) -> ComputerSpec:
        """The computer called *name* (any case)."""
        for c in self.computers:
            if c.name.lower() == name.lower():
                return c
        raise KeyError(name)

    def network_of(self, address: str) -> NetworkSpec | None:
        """The network an address belongs to."""
        ip = ipaddress.IPv4Address(address)
        return next((n for n in self.networks if ip in n.subnet), None)


def load_lab(path: str | Path) -> LabSpec:
    """Read and validate the lab file at *path*."""
    path = Path(path)
    top = _Reader(path.name)
    try:
        raw = load_toml(read_text(path))
    except OSError as exc:
        raise top.fail(f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise top.fail(f"not valid TOML: {exc}") from None
    top.keys(
        raw,
        {"lab", "domain", "network", "nat", "computer", "exercise", *DIRECTORY_TABLES},
        {"lab", "computer"},
    )
    lab = top.sub("[lab]").keys(raw["lab"], {"name", "description", "start"}, {"name"})
    domains = _domains(top, raw.get("domain", []))
    networks = _networks(top, raw.get("network", []))
    computers = _computers(top, raw["computer"], domains, networks)
    nats = _nats(top, raw.get("nat", []), networks)
    from .model_directory import load_directory

    directory = load_directory(top, raw, domains, computers)
    from .model_nlb import load_clusters

    clusters = load_clusters(top, raw.get("cluster", []), computers, networks)
    names = {c.name.lower() for c in computers}
    targets = names | {c.name.lower() for c in clusters} | {c.address for c in clusters}
    exercises = _exercises(top, raw.get("exercise", []), targets)
    start = top.text(lab.get("start", computers[0].name), "[lab] start")
    if start.lower() not in names:
        raise top.fail(f"[lab] start names unknown computer {start!r}")
    return LabSpec(
        name=top.text(lab["name"], "name"),
        description=top.optional_text(lab.get("description", ""), "[lab] description"),
        path=path.resolve(),
        computers=computers,
        networks=networks,
        nats=nats,
        domains=domains,
        exercises=exercises,
        start=start,
        directory=directory,
        clusters=clusters,
    )


def _domains(top: _Reader, items: Any) -> dict[str, tuple[str, ...]]:
    domains: dict[str, tuple[str, ...]] = {}
    for i, raw in enumerate(_list(top, items, "domain"), 1):
        r = top.sub(f"domain[{i}]")
        r.keys(raw, {"name", "trusts", "links", "controller"}, {"name"})
        domains[r.text(raw["name"], "name").lower()] = tuple(
            d.lower() for d in r.texts(raw.get("trusts", []), "trusts")
        )
    return domains


def _networks(top: _Reader, items: Any) -> tuple[NetworkSpec, ...]:
    out = []
    for i, raw in enumerate(_list(top, items, "network"), 1):
        r = top.sub(f"network[{i}]")
        r.keys(raw, {"name", "subnet"}, {"name", "subnet"})
        try:
            subnet = ipaddress.IPv4Network(r.text(raw["subnet"], "subnet"), strict=False)
        except ValueError:
            raise r.fail(f"subnet {raw['subnet']!r} is not an IPv4 network") from None
        out.append(NetworkSpec(r.text(raw["name"], "name"), subnet))
    if len({n.name.lower() for n in out}) != len(out):
        raise top.fail("two networks share a name")
    return tuple(out)


def _tools(r: _Reader, raw: dict, os_id: str) -> tuple[str, ...]:
    """``tools``: the extras installed on the computer (the IPsec tool's package)."""
    from ..osinfo import os_info

    tools = r.texts(raw.get("tools", []), "tools")
    package = os_info(os_id).package_id
    for name in tools:
        if name != package:
            allowed = f"only {package!r}" if package else "none"
            raise r.fail(f"tools: {name!r} cannot be installed on this os ({allowed})")
    return tuple(dict.fromkeys(tools))


def _computers(
    top: _Reader, items: Any, domains: dict, networks: tuple
) -> tuple[ComputerSpec, ...]:
    out = []
    for i, raw in enumerate(_list(top, items, "computer"), 1):
        r = top.sub(
            f"computer[{i}] {raw.get('name', '?')!r}" if isinstance(raw, dict) else f"computer[{i}]"
        )
        r.keys(
            raw,
            {"name", "os", "addresses", "domain", "trusted_roots", "certificate", "setup", "tools"}
            | COMPUTER_DIRECTORY_KEYS,
            {"name", "os", "addresses"},
        )
        name = r.text(raw["name"], "name")
        if not (name.isascii() and name.replace("-", "").isalnum()) or len(name) > 15:
            raise r.fail("name must be a NetBIOS name (letters, digits, '-', at most 15)")
        os_id = r.text(raw["os"], "os")
        if os_id not in OS_NAMES:
            raise r.fail(f"unknown os {os_id!r} (one of {', '.join(OS_NAMES)})")
        addresses = r.texts(raw["addresses"], "addresses")
        if not addresses:
            raise r.fail("needs at least one address")
        for address in addresses:
            try:
                ip = ipaddress.IPv4Address(address)
            except ValueError:
                raise r.fail(f"address {address!r} is not IPv4") from None
            if networks and not any(ip in n.subnet for n in networks):
                raise r.fail(f"address {address} is on no declared network")
        domain = raw.get("domain")
        if domain is not None:
            domain = r.text(domain, "domain").lower()
            if domains and domain not in domains:
                raise r.fail(f"domain {domain!r} is not declared in a [[domain]]")
        certs = []
        for j, c in enumerate(_list(r, raw.get("certificate", []), "certificate"), 1):
            cr = r.sub(f"certificate[{j}]")
            cr.keys(c, {"subject", "root", "account"}, {"subject", "root"})
            account = c.get("account")
            certs.append(
                CertificateSpec(
                    cr.text(c["subject"], "subject"),
                    cr.text(c["root"], "root"),
                    None if account is None else cr.text(account, "account"),
                )
            )
        out.append(
            ComputerSpec(
                name=name.upper(),
                os=os_id,
                addresses=addresses,
                domain=domain,
                trusted_roots=r.texts(raw.get("trusted_roots", []), "trusted_roots"),
                certificates=tuple(certs),
                setup=r.texts(raw.get("setup", []), "setup"),
                tools=_tools(r, raw, os_id),
                **_computer_directory(r, raw),
            )
        )
    if not out:
        raise top.fail("a lab needs at least one computer")
    if len({c.name for c in out}) != len(out):
        raise top.fail("two computers share a name")
    seen: dict[str, str] = {}
    for c in out:
        for a in c.addresses:
            if a in seen:
                raise top.fail(f"address {a} is used by both {seen[a]} and {c.name}")
            seen[a] = c.name
    return tuple(out)


def _computer_directory(r: _Reader, raw: dict) -> dict[str, Any]:
    """The computer's site, OU and network logon rights."""
    out: dict[str, Any] = {}
    if "site" in raw:
        out["site"] = r.text(raw["site"], "site")
    if "ou" in raw:
        out["ou"] = r.text(raw["ou"], "ou").strip("/")
    if "rights" in raw:
        rights = r.sub("rights").keys(raw["rights"], RIGHTS)
        if "network_logon" in rights:
            out["network_logon"] = r.texts(rights["network_logon"], "rights.network_logon")
        if "deny_network_logon" in rights:
            out["deny_network_logon"] = r.texts(
                rights["deny_network_logon"], "rights.deny_network_logon"
            )
    return out


def _nats(top: _Reader, items: Any, networks: tuple) -> tuple[NatSpec, ...]:
    names = {n.name.lower() for n in networks}
    out = []
    for i, raw in enumerate(_list(top, items, "nat"), 1):
        r = top.sub(f"nat[{i}]")
        r.keys(
            raw, {"name", "inside", "outside", "address"}, {"name", "inside", "outside", "address"}
        )
        for key in ("inside", "outside"):
            if r.text(raw[key], key).lower() not in names:
                raise r.fail(f"{key} names unknown network {raw[key]!r}")
        try:
            ipaddress.IPv4Address(r.text(raw["address"], "address"))
        except ValueError:
            raise r.fail(f"address {raw['address']!r} is not IPv4") from None
        out.append(
            NatSpec(r.text(raw["name"], "name"), raw["inside"], raw["outside"], raw["address"])
        )
    return tuple(out)


def _exercises(top: _Reader, items: Any, computers: set[str]) -> tuple[ExerciseSpec, ...]:
    out = []
    for i, raw in enumerate(_list(top, items, "exercise"), 1):
        r = top.sub(f"exercise[{i}]")
        r.keys(raw, {"title", "instructions", "item"}, {"title", "instructions", "item"})
        graded = []
        for j, item in enumerate(_list(r, raw["item"], "item"), 1):
            ir = r.sub(f"item[{j}]")
            ir.keys(
                item,
                {"description", "check", "hint", "points"} | set().union(*CHECKS.values()),
                {"description", "check"},
            )
            check = ir.text(item["check"], "check")
            if check not in CHECKS:
                raise ir.fail(f"unknown check {check!r} (one of {', '.join(CHECKS)})")
            params = {
                k: v for k, v in item.items() if k not in ("description", "check", "hint", "points")
            }
            extra = set(params) - CHECKS[check]
            if extra:
                raise ir.fail(f"check {check!r} takes no {', '.join(sorted(extra))}")
            for key, value in params.items():
                if key in BOOLEAN_KEYS and not isinstance(value, bool):
                    raise ir.fail(f"{key} must be true or false")
                if key == "port" and (isinstance(value, bool) or not isinstance(value, int)):
                    raise ir.fail("port must be a number")
                if key not in (*BOOLEAN_KEYS, "port") and not isinstance(value, str | int | bool):
                    raise ir.fail(f"{key} must be a string")
            if "group" in params and str(params["group"]).strip() not in GROUPS:
                raise ir.fail(f"group must be one of {', '.join(GROUPS)}")
            if "location" in params and str(params["location"]).lower() not in LOCATIONS:
                raise ir.fail(f"location must be one of {', '.join(LOCATIONS)}")
            for key in ("computer", "from", "to"):
                if key in params and str(params[key]).lower() not in {c.lower() for c in computers}:
                    raise ir.fail(f"{key} names unknown computer {params[key]!r}")
            if "carries" in params and params["carries"] not in CARRIES:
                raise ir.fail(f"carries must be one of {', '.join(CARRIES)}")
            if check == "nlb" and params.get("expect") not in ("sticky", "failover", "moved"):
                raise ir.fail("nlb expect must be sticky, failover or moved")
            if check == "traffic" and params.get("expect") not in EXPECT:
                raise ir.fail(f"traffic expect must be one of {', '.join(EXPECT)}")
            precedence = params.get("precedence", 1)
            if isinstance(precedence, bool) or not isinstance(precedence, int) or precedence < 1:
                raise ir.fail("precedence must be a positive integer")
            points = item.get("points", 1)
            if isinstance(points, bool) or not isinstance(points, int) or points < 1:
                raise ir.fail("points must be a positive integer")
            graded.append(
                ItemSpec(
                    ir.text(item["description"], "description"),
                    check,
                    params,
                    _hints(ir, item.get("hint", [])),
                    points,
                )
            )
        out.append(
            ExerciseSpec(
                r.text(raw["title"], "title"),
                r.optional_text(raw["instructions"], "instructions"),
                tuple(graded),
            )
        )
    return tuple(out)


def _hints(reader: _Reader, value: Any) -> tuple[str, ...]:
    """``hint``: one text, or a list given one at a time (concept, where, command)."""
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    hints = reader.texts(value, "hint")
    if not all(h.strip() for h in hints):
        raise reader.fail("hint must not hold an empty text")
    return hints
