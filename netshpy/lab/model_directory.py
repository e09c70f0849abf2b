"""The lab file's Active Directory tables: ``[[site]]``, ``[[ou]]``, ``[[gpo]]``, ``[[account]]``
and the ``links``/``controller`` keys of ``[[domain]]``, validated as strictly as the rest.

A link is a GPO name, or a table ``{ gpo = "...", enabled = false, enforced = true }``;
a SOM's ``links`` are in link order (the first has link order 1, the highest precedence).
"""

from __future__ import annotations

from typing import Any, Protocol

from .directory import DEFAULT_SITE, Account, Directory, Gpo, Link, Som, ou_parents
from .reader import Reader as _Reader
from .reader import table_list as _list


class ComputerSpec(Protocol):
    """What the directory reads of a lab computer (:class:`netshpy.lab.model.ComputerSpec`)."""

    @property
    def name(self) -> str: ...
    @property
    def domain(self) -> str | None: ...
    @property
    def site(self) -> str: ...
    @property
    def ou(self) -> str | None: ...


DOMAIN_KEYS = {"links", "controller"}


def _links(r: _Reader, value: Any, gpos: set[str]) -> tuple[Link, ...]:
    if not isinstance(value, list):
        raise r.fail("links must be a list of GPO names or tables")
    out: list[Link] = []
    for j, item in enumerate(value, 1):
        if isinstance(item, str):
            name, enabled, enforced = item, True, False
        else:
            lr = r.sub(f"links[{j}]")
            lr.keys(item, {"gpo", "enabled", "enforced"}, {"gpo"})
            name = lr.text(item["gpo"], "gpo")
            enabled, enforced = item.get("enabled", True), item.get("enforced", False)
            if not isinstance(enabled, bool) or not isinstance(enforced, bool):
                raise lr.fail("enabled and enforced must be true or false")
        if name.lower() not in gpos:
            raise r.fail(f"links name unknown GPO {name!r} (declare it in a [[gpo]])")
        if any(lk.gpo.lower() == name.lower() for lk in out):
            raise r.fail(f"GPO {name!r} is linked twice")
        out.append(Link(name, enabled, enforced))
    return tuple(out)


def _domain_of(r: _Reader, raw: dict, domains: dict[str, tuple[str, ...]]) -> str:
    if "domain" in raw:
        domain = r.text(raw["domain"], "domain").lower()
        if domain not in domains:
            raise r.fail(f"domain {domain!r} is not declared in a [[domain]]")
        return domain
    if len(domains) != 1:
        raise r.fail("needs domain = ... (the lab declares several domains, or none)")
    return next(iter(domains))


def load_directory(
    top: _Reader,
    raw: dict[str, Any],
    domains: dict[str, tuple[str, ...]],
    computers: tuple[ComputerSpec, ...],
) -> Directory:
    """The lab's directory from its ``[[domain]]``, ``[[site]]``, ``[[ou]]``, ``[[gpo]]``,
    ``[[account]]`` tables; an error names the entry."""
    gpos: list[Gpo] = []
    for i, item in enumerate(_list(top, raw.get("gpo", []), "gpo"), 1):
        r = top.sub(f"gpo[{i}]")
        r.keys(item, {"name", "domain", "computer_settings"}, {"name"})
        enabled = item.get("computer_settings", True)
        if not isinstance(enabled, bool):
            raise r.fail("computer_settings must be true or false")
        gpo = Gpo(r.text(item["name"], "name"), _domain_of(r, item, domains), enabled)
        if any(g.name.lower() == gpo.name.lower() for g in gpos):
            raise r.fail(f"two GPOs are called {gpo.name!r}")
        gpos.append(gpo)
    by_domain = {d: {g.name.lower() for g in gpos if g.domain == d} for d in domains}
    every = {g.name.lower() for g in gpos}
    soms: list[Som] = []
    controllers: dict[str, str] = {}
    names = {c.name.lower(): c for c in computers}
    for i, item in enumerate(_list(top, raw.get("domain", []), "domain"), 1):
        r = top.sub(f"domain[{i}]")
        domain = str(item["name"]).lower()
        if "links" in item:
            soms.append(Som("domain", domain, domain, _links(r, item["links"], by_domain[domain])))
        if "controller" in item:
            dc = r.text(item["controller"], "controller")
            comp = names.get(dc.lower())
            if comp is None:
                raise r.fail(f"controller names unknown computer {dc!r}")
            if comp.domain != domain:
                raise r.fail(f"controller {comp.name} is not a member of {domain}")
            controllers[domain] = comp.name
    for i, item in enumerate(_list(top, raw.get("site", []), "site"), 1):
        r = top.sub(f"site[{i}]")
        r.keys(item, {"name", "links"}, {"name"})
        name = r.text(item["name"], "name")
        if any(s.kind == "site" and s.name.lower() == name.lower() for s in soms):
            raise r.fail(f"two sites are called {name!r}")
        soms.append(Som("site", name, "", _links(r, item.get("links", []), every)))
    for i, item in enumerate(_list(top, raw.get("ou", []), "ou"), 1):
        r = top.sub(f"ou[{i}]")
        r.keys(item, {"path", "domain", "links", "block_inheritance"}, {"path"})
        path = r.text(item["path"], "path").strip("/")
        domain = _domain_of(r, item, domains)
        block = item.get("block_inheritance", False)
        if not isinstance(block, bool):
            raise r.fail("block_inheritance must be true or false")
        for parent in ou_parents(path)[:-1]:
            if not any(
                s.kind == "ou" and s.domain == domain and s.name.lower() == parent.lower()
                for s in soms
            ):
                raise r.fail(f"parent OU {parent!r} must be declared before {path!r}")
        if any(
            s.kind == "ou" and s.domain == domain and s.name.lower() == path.lower() for s in soms
        ):
            raise r.fail(f"OU {path!r} is declared twice")
        soms.append(
            Som("ou", path, domain, _links(r, item.get("links", []), by_domain[domain]), block)
        )
    accounts: dict[tuple[str, str], Account] = {}
    for comp in computers:
        if comp.domain:
            accounts[(comp.domain, f"{comp.name}$".lower())] = Account(f"{comp.name}$", comp.domain)
    explicit: list[Account] = []
    for i, item in enumerate(_list(top, raw.get("account", []), "account"), 1):
        r = top.sub(f"account[{i}]")
        r.keys(item, {"name", "domain", "enabled", "groups"}, {"name"})
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            raise r.fail("enabled must be true or false")
        account = Account(
            r.text(item["name"], "name"),
            _domain_of(r, item, domains),
            enabled,
            r.texts(item.get("groups", []), "groups"),
        )
        accounts[(account.domain, account.name.lower())] = account
        explicit.append(account)
    declared = tuple(sorted({a.domain for a in explicit}))
    directory = Directory(tuple(soms), tuple(gpos), tuple(accounts.values()), controllers, declared)
    for comp in computers:
        where = top.sub(f"computer {comp.name!r}")
        if comp.ou and not comp.domain:
            raise where.fail("ou needs the computer to be a domain member")
        if comp.ou and comp.domain and not directory.has_ou(comp.domain, comp.ou):
            raise where.fail(f"ou {comp.ou!r} is not declared in an [[ou]] of {comp.domain}")
        if comp.site and comp.site != DEFAULT_SITE and directory.som("site", comp.site) is None:
            raise where.fail(f"site {comp.site!r} is not declared in a [[site]]")
    return directory
