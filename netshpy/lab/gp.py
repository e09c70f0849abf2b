"""Group Policy in a running lab: the directory as the trainee changed it, RSoP per computer,
and the domain IPsec policy each member applies.

Layout in the lab folder::

    <root>/directory.json          the directory after the trainee's changes (:gpo ...)
    <root>/<NAME>/gp-cache.json    the domain IPsec policy NAME applied last (its cached copy)

The IPsec service of a lab computer asks :func:`domain_policy` (through the
``gpo_policy`` hook :func:`attach` sets on its Host) which domain policy it
applies; without a lab the first policy naming a GPO applies, as before.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..statefiles import write_atomically
from ..textfile import load_json
from .directory import Account, Directory, Gpo, Link, Placement, Som
from .rsop import Candidate, Rsop, compute

if TYPE_CHECKING:
    from ..host import Host
    from .model import ComputerSpec
    from .view import LabView as Lab

DIRECTORY_FILE = "directory.json"
CACHE_FILE = "gp-cache.json"


# ---- the directory as it is now ------------------------------------------------------


def directory(lab: Lab) -> Directory:
    """The lab's directory, with the trainee's changes."""
    path = lab.root / DIRECTORY_FILE
    try:
        data = load_json(path.read_text(encoding="utf-8"))
        return Directory.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return lab.spec.directory


def save_directory(lab: Lab, new: Directory) -> None:
    """Store the changed directory (it survives a resume; :reset restores the lab's)."""
    write_atomically(lab.root / DIRECTORY_FILE, json.dumps(new.to_dict(), indent=1))


def stamp(lab: Lab) -> str:
    """Changes whenever the directory or a domain controller's availability changes."""
    path = lab.root / DIRECTORY_FILE
    try:
        st = path.stat()
        return f"{st.st_mtime_ns}:{st.st_size}"
    except OSError:
        return "spec"


def dc_available(lab: Lab, domain: str) -> bool:
    """True unless the domain's controller is unreachable (``:gpo dc down``)."""
    return domain.lower() not in {d.lower() for d in directory(lab).dc_down}


# ---- RSoP of a computer --------------------------------------------------------------------


def placement(comp: ComputerSpec, d: Directory | None = None, **changes: Any) -> Placement:
    """Where *comp* sits in directory *d* (moved or as the lab file says), with what-if
    *changes*."""
    base = Placement(comp.domain or "", comp.site, comp.ou)
    if d is not None:
        base = d.placement_of(comp.name, base)
    return replace(base, **changes) if changes else base


def assignments(host: Host, domain: str) -> dict[str, str]:
    """``{GPO name: policy}`` from the domain store (``set policy gponame=``); the first
    policy naming a GPO counts (one IPsec policy per GPO)."""
    try:
        from ..static import query

        policies = query.policies(host, "domain", domain)
    except Exception:  # noqa: BLE001 - an unreadable domain store assigns nothing
        return {}
    out: dict[str, str] = {}
    seen: set[str] = set()
    for policy in policies:
        if policy.gponame and policy.gponame.lower() not in seen:
            seen.add(policy.gponame.lower())
            out[policy.gponame] = policy.name
    return out


def with_implicit_gpos(d: Directory, domain: str, assigned: dict[str, str]) -> Directory:
    """GPOs the domain store names but the lab does not declare: linked to the domain, last."""
    missing = [g for g in assigned if d.gpo(g, domain) is None]
    if not missing:
        return d
    gpos = d.gpos + tuple(Gpo(g, domain) for g in missing)
    links = tuple(Link(g) for g in missing)
    som = d.som("domain", domain, domain)
    if som is None:
        soms = (*d.soms, Som("domain", domain, domain, links))
    else:
        soms = tuple(replace(s, links=s.links + links) if s is som else s for s in d.soms)
    return replace(d, soms=soms, gpos=gpos)


def rsop_for(
    lab: Lab,
    name: str,
    *,
    directory_override: Directory | None = None,
    mode: str = "logging",
    changes: tuple[str, ...] = (),
    **where: Any,
) -> Rsop | None:
    """The RSoP of lab computer *name* (None: not a domain member)."""
    comp = lab.computer(name)
    if not comp.domain:
        return None
    host = lab.host(comp.name)
    assigned = assignments(host, comp.domain)
    base = directory_override or directory(lab)
    d = with_implicit_gpos(base, comp.domain, assigned)
    available = dc_available(lab, comp.domain) if mode == "logging" else True
    return compute(
        d,
        comp.name,
        placement(comp, base, **where),
        {k.lower(): v for k, v in assigned.items()},
        mode=mode,
        dc_available=available,
        cached=read_cache(host) if not available else None,
        changes=changes,
    )


# ---- the cached copy of the domain policy ---------------------------------------------------


def read_cache(host: Host) -> Candidate | None:
    """The domain policy *host* applied last, as RSoP saw it."""
    try:
        data = load_json((host.state_dir / CACHE_FILE).read_text(encoding="utf-8"))
        som = Som(data["som_kind"], data["som"], data["som_domain"])
        return Candidate(data["policy"], data["gpo"], som, 1, bool(data["enforced"]), data["dn"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(host: Host, winner: Candidate | None) -> None:
    path = host.state_dir / CACHE_FILE
    if winner is None:
        if path.exists():
            path.unlink()
        return
    data = {
        "policy": winner.policy,
        "gpo": winner.gpo,
        "som_kind": winner.som.kind,
        "som": winner.som.name,
        "som_domain": winner.som.domain,
        "enforced": winner.enforced,
        "dn": winner.gpo_dn,
    }
    text = json.dumps(data, indent=1)
    try:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return
        write_atomically(path, text)
    except OSError:
        pass


# ---- the hook the IPsec service uses --------------------------------------------------------


def domain_policy(lab: Lab, name: str) -> Any:
    """The domain store Policy that RSoP says *name* applies, or None.

    Keeps the cached copy up to date while the domain controller answers and
    falls back to it while it does not.
    """
    comp = lab.computer(name)
    if not comp.domain:
        return None
    host = lab.host(comp.name)
    try:
        from ..static import query

        policies = query.policies(host, "domain", comp.domain)
    except Exception:  # noqa: BLE001 - an unreadable domain store applies nothing
        return None
    if not dc_available(lab, comp.domain):
        cached = read_cache(host)
        wanted = cached.policy.lower() if cached else None
    else:
        if not any(p.gponame for p in policies):
            _write_cache(host, None)
            return None
        rsop = rsop_for(lab, comp.name)
        win = rsop.winner if rsop else None
        _write_cache(host, win)
        wanted = win.policy.lower() if win else None
    if wanted is None:
        return None
    return next((p for p in policies if p.name.lower() == wanted), None)


def attach(lab: Lab, host: Host, comp: ComputerSpec) -> None:
    """Give *host* the hooks its IPsec service asks: the domain policy and its stamp."""
    if not comp.domain:
        return
    host.gpo_policy = lambda: domain_policy(lab, comp.name)  # type: ignore[attr-defined]
    host.gpo_stamp = lambda: stamp(lab)  # type: ignore[attr-defined]


def lookup_account(lab: Lab, name: str, domain: str) -> Account | None:
    """The account for certificate mapping; a lab that declares no ``[[account]]`` in
    *domain* has every named account (it does not model accounts there)."""
    d = directory(lab)
    found = d.account(name, domain)
    if found is None and domain.lower() not in {x.lower() for x in d.account_domains}:
        return Account(name, domain)
    return found


def rights_of(lab: Lab, comp: ComputerSpec) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """*comp*'s network logon rights now: ``(access (None: the default), deny)``."""
    changed = directory(lab).rights.get(comp.name.upper())
    if changed is not None:
        return changed
    return comp.network_logon, comp.deny_network_logon
