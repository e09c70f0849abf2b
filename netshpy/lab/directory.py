"""Active Directory as a lab sees it: sites, domains, OUs, GPOs and their links, accounts.

Pure data with pure edits: every change (:meth:`Directory.link`,
:meth:`Directory.unlink`, :meth:`Directory.move`, ...) returns a new
:class:`Directory`, so planning mode (``:rsop plan``) can try a change
without touching the lab, and the lab can store the edited directory as
JSON (:meth:`Directory.to_dict` / :meth:`Directory.from_dict`).

Conventions (Windows Server 2003, Group Policy Management Console):

- a scope of management (SOM) is a site, a domain or an organizational unit;
  OUs are written as paths from the domain down, ``Servers/Web``;
- a SOM's links are kept in *link order*: the first link has link order 1,
  the highest precedence among the links of that SOM (it is processed last);
- a link may be disabled (not processed) or enforced (No Override); an OU may
  block inheritance (links above it are skipped unless enforced);
- a GPO may have its computer configuration settings disabled;
- which IPsec policy a GPO assigns is not part of the directory: it is the
  domain store's policy whose ``gponame`` names the GPO (``set policy
  gponame=``), read by :mod:`netshpy.lab.rsop`.

Accounts: every domain member computer has a computer account ``NAME$``
(enabled); ``[[account]]`` entries add accounts or change them (disabled,
group memberships).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_SITE = "Default-First-Site-Name"
COMPUTERS_CONTAINER = "Computers"  # CN=Computers: not an OU, no GPO can be linked to it
SOM_KINDS = ("site", "domain", "ou")


class DirectoryError(ValueError):
    """A directory edit names something that does not exist."""


@dataclass(frozen=True)
class Link:
    """A GPO link on a site, a domain or an OU."""

    gpo: str
    enabled: bool = True
    enforced: bool = False


@dataclass(frozen=True)
class Som:
    """A scope of management: a site, a domain or an OU, and its GPO links in link order."""

    kind: str  # site | domain | ou
    name: str  # site name, domain name, or OU path "Servers/Web"
    domain: str = ""  # the domain of a domain or an OU ("" for a site)
    links: tuple[Link, ...] = ()
    block_inheritance: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity: (kind, domain, lower-case name)."""
        return (self.kind, self.domain.lower(), self.name.lower())

    def label(self) -> str:
        """``corp.example/Servers/Web`` for an OU, the name otherwise."""
        if self.kind == "ou":
            return f"{self.domain}/{self.name}"
        return self.name

    def dn(self) -> str:
        """The distinguished name (a site: ``CN=<site>,CN=Sites,CN=Configuration,...``)."""
        if self.kind == "site":
            return f"CN={self.name},CN=Sites,CN=Configuration"
        base = domain_dn(self.domain)
        if self.kind == "domain":
            return base
        parts = [f"OU={p}" for p in reversed(self.name.split("/"))]
        return ",".join([*parts, base])


@dataclass(frozen=True)
class Gpo:
    """A Group Policy object of a domain."""

    name: str
    domain: str
    computer_enabled: bool = True  # GPO status: computer configuration settings enabled

    @property
    def guid(self) -> str:
        """A stable GUID derived from the domain and the name (labs are deterministic)."""
        data = f"{self.domain.lower()}/{self.name.lower()}".encode()
        a = zlib.crc32(data)
        b = zlib.adler32(data)
        c = zlib.crc32(data[::-1])
        d = zlib.crc32(data + b"#")
        return f"{{{a:08X}-{b >> 16:04X}-{b & 0xFFFF:04X}-{c >> 16:04X}-{c & 0xFFFF:04X}{d:08X}}}"

    def dn(self) -> str:
        """``CN={GUID},CN=Policies,CN=System,DC=...`` (the GPO container in the domain)."""
        return f"CN={self.guid},CN=Policies,CN=System,{domain_dn(self.domain)}"


@dataclass(frozen=True)
class Account:
    """A domain account (a computer account ends with ``$``) and its groups."""

    name: str
    domain: str
    enabled: bool = True
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where a computer sits: its domain, its site and its OU (None: the Computers container)."""

    domain: str
    site: str = DEFAULT_SITE
    ou: str | None = None
    slow_link: bool = False


def domain_dn(domain: str) -> str:
    """``DC=corp,DC=example`` for ``corp.example``."""
    return ",".join(f"DC={p}" for p in domain.split(".") if p)


def netbios_domain(domain: str) -> str:
    """``CORP`` for ``corp.example``."""
    return domain.split(".")[0].upper()


def computer_dn(name: str, placement: Placement) -> str:
    """The computer object's distinguished name."""
    if placement.ou is None:
        return f"CN={name},CN={COMPUTERS_CONTAINER},{domain_dn(placement.domain)}"
    som = Som("ou", placement.ou, placement.domain)
    return f"CN={name},{som.dn()}"


def ou_parents(path: str) -> list[str]:
    """``Servers/Web`` -> ``["Servers", "Servers/Web"]`` (top down)."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


@dataclass(frozen=True)
class Directory:
    """Sites, domains, OUs, GPOs and accounts of a lab's forest."""

    soms: tuple[Som, ...] = ()
    gpos: tuple[Gpo, ...] = ()
    accounts: tuple[Account, ...] = ()
    controllers: dict[str, str] = field(default_factory=dict)  # domain -> DC computer name
    account_domains: tuple[str, ...] = ()  # domains whose accounts the lab declares
    dc_down: tuple[str, ...] = ()  # domains whose controller cannot be reached
    placements: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # moved: NAME -> (site, ou)
    # Changed user rights: NAME -> (network_logon or None for the default, deny_network_logon)
    rights: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = field(default_factory=dict)

    # ---- lookups ---------------------------------------------------------------------

    def som(self, kind: str, name: str, domain: str = "") -> Som | None:
        """The site, domain or OU (any case), or None."""
        key = (kind, domain.lower() if kind != "site" else "", name.lower().strip("/"))
        return next((s for s in self.soms if s.key == key), None)

    def gpo(self, name: str, domain: str) -> Gpo | None:
        """The GPO called *name* in *domain* (any case), or None."""
        return next(
            (
                g
                for g in self.gpos
                if g.name.lower() == name.lower() and g.domain.lower() == domain.lower()
            ),
            None,
        )

    def gpo_anywhere(self, name: str) -> Gpo | None:
        """The GPO called *name* in any domain (sites link GPOs of any domain)."""
        return next((g for g in self.gpos if g.name.lower() == name.lower()), None)

    def account(self, name: str, domain: str) -> Account | None:
        """The account *name* (``NAME$`` for a computer) of *domain*, or None."""
        return next(
            (
                a
                for a in self.accounts
                if a.name.lower() == name.lower() and a.domain.lower() == domain.lower()
            ),
            None,
        )

    def sites(self) -> list[Som]:
        """Every site."""
        return [s for s in self.soms if s.kind == "site"]

    def chain(self, placement: Placement) -> list[Som]:
        """The SOMs that apply to *placement*, in processing order: site, domain, OUs top down.

        A site or an OU that is not declared contributes nothing (no links).
        """
        out: list[Som] = []
        site = self.som("site", placement.site)
        out.append(site or Som("site", placement.site))
        out.append(
            self.som("domain", placement.domain, placement.domain)
            or Som("domain", placement.domain, placement.domain)
        )
        if placement.ou:
            for path in ou_parents(placement.ou):
                out.append(
                    self.som("ou", path, placement.domain) or Som("ou", path, placement.domain)
                )
        return out

    def has_ou(self, domain: str, path: str) -> bool:
        """True when OU *path* is declared in *domain*."""
        return self.som("ou", path, domain) is not None

    # ---- pure edits (what-if and the lab's own changes) ---------------------------------

    def _find_som(self, kind: str, name: str, domain: str) -> Som:
        som = self.som(kind, name, domain)
        if som is None:
            what = {"site": "site", "domain": "domain", "ou": "OU"}[kind]
            raise DirectoryError(f"no {what} {name!r}")
        return som

    def _replace_som(self, som: Som, new: Som) -> Directory:
        return replace(self, soms=tuple(new if s is som else s for s in self.soms))

    def link(
        self, gpo: str, kind: str, name: str, domain: str = "", order: int | None = None
    ) -> Directory:
        """Link *gpo* to a SOM at link order *order* (default: last); an existing link moves."""
        som = self._find_som(kind, name, domain)
        found = self.gpo(gpo, domain) if kind != "site" else self.gpo_anywhere(gpo)
        if found is None:
            raise DirectoryError(f"no GPO {gpo!r}")
        old = next((lk for lk in som.links if lk.gpo.lower() == found.name.lower()), None)
        links = [lk for lk in som.links if lk is not old]
        new_link = old or Link(found.name)
        position = len(links) if order is None else max(0, min(order - 1, len(links)))
        links.insert(position, new_link)
        return self._replace_som(som, replace(som, links=tuple(links)))

    def unlink(self, gpo: str, kind: str, name: str, domain: str = "") -> Directory:
        """Remove the link of *gpo* from a SOM."""
        som = self._find_som(kind, name, domain)
        links = [lk for lk in som.links if lk.gpo.lower() != gpo.lower()]
        if len(links) == len(som.links):
            raise DirectoryError(f"GPO {gpo!r} is not linked to {som.label()}")
        return self._replace_som(som, replace(som, links=tuple(links)))

    def set_link(
        self,
        gpo: str,
        kind: str,
        name: str,
        domain: str = "",
        *,
        enabled: bool | None = None,
        enforced: bool | None = None,
    ) -> Directory:
        """Enable/disable or enforce/unenforce the link of *gpo* on a SOM."""
        som = self._find_som(kind, name, domain)
        links = list(som.links)
        for i, lk in enumerate(links):
            if lk.gpo.lower() == gpo.lower():
                links[i] = replace(
                    lk,
                    enabled=lk.enabled if enabled is None else enabled,
                    enforced=lk.enforced if enforced is None else enforced,
                )
                return self._replace_som(som, replace(som, links=tuple(links)))
        raise DirectoryError(f"GPO {gpo!r} is not linked to {som.label()}")

    def block(self, domain: str, ou: str, blocked: bool = True) -> Directory:
        """Set or clear Block Inheritance on an OU."""
        som = self._find_som("ou", ou, domain)
        return self._replace_som(som, replace(som, block_inheritance=blocked))

    def set_gpo(self, gpo: str, domain: str, *, computer_enabled: bool) -> Directory:
        """Enable or disable a GPO's computer configuration settings."""
        found = self.gpo(gpo, domain)
        if found is None:
            raise DirectoryError(f"no GPO {gpo!r}")
        new = replace(found, computer_enabled=computer_enabled)
        return replace(self, gpos=tuple(new if g is found else g for g in self.gpos))

    # ---- JSON ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (round-trips through :meth:`from_dict`)."""
        return {
            "soms": [
                {
                    "kind": s.kind,
                    "name": s.name,
                    "domain": s.domain,
                    "block": s.block_inheritance,
                    "links": [[lk.gpo, lk.enabled, lk.enforced] for lk in s.links],
                }
                for s in self.soms
            ],
            "gpos": [[g.name, g.domain, g.computer_enabled] for g in self.gpos],
            "accounts": [[a.name, a.domain, a.enabled, list(a.groups)] for a in self.accounts],
            "controllers": dict(self.controllers),
            "account_domains": list(self.account_domains),
            "dc_down": list(self.dc_down),
            "placements": {k: list(v) for k, v in self.placements.items()},
            "rights": {
                k: [None if a is None else list(a), list(d)] for k, (a, d) in self.rights.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Directory:
        """The directory written by :meth:`to_dict`."""
        soms = tuple(
            Som(
                str(s["kind"]),
                str(s["name"]),
                str(s["domain"]),
                tuple(Link(str(g), bool(e), bool(f)) for g, e, f in s["links"]),
                bool(s["block"]),
            )
            for s in data["soms"]
        )
        gpos = tuple(Gpo(str(n), str(d), bool(e)) for n, d, e in data["gpos"])
        accounts = tuple(
            Account(str(n), str(d), bool(e), tuple(map(str, g))) for n, d, e, g in data["accounts"]
        )
        return cls(
            soms,
            gpos,
            accounts,
            {str(k): str(v) for k, v in data["controllers"].items()},
            tuple(map(str, data.get("account_domains", []))),
            tuple(map(str, data.get("dc_down", []))),
            {str(k): (str(v[0]), str(v[1])) for k, v in data.get("placements", {}).items()},
            {
                str(k): (None if a is None else tuple(map(str, a)), tuple(map(str, d)))
                for k, (a, d) in data.get("rights", {}).items()
            },
        )

    def set_rights(
        self, computer: str, network_logon: tuple[str, ...] | None, deny: tuple[str, ...]
    ) -> Directory:
        """Set *computer*'s "Access / Deny access to this computer from the network" rights."""
        rights = dict(self.rights)
        rights[computer.upper()] = (network_logon, deny)
        return replace(self, rights=rights)

    def set_account(
        self,
        name: str,
        domain: str,
        *,
        enabled: bool | None = None,
        add_group: str | None = None,
        remove_group: str | None = None,
    ) -> Directory:
        """Enable/disable an account, or add it to / remove it from a group."""
        found = self.account(name, domain)
        if found is None:
            raise DirectoryError(f"no account {name!r} in {domain}")
        groups = [g for g in found.groups if not remove_group or g.lower() != remove_group.lower()]
        if remove_group and len(groups) == len(found.groups):
            raise DirectoryError(f"{found.name} is not a member of {remove_group!r}")
        if add_group and all(g.lower() != add_group.lower() for g in groups):
            groups.append(add_group)
        new = replace(
            found,
            enabled=found.enabled if enabled is None else enabled,
            groups=tuple(groups),
        )
        return replace(self, accounts=tuple(new if a is found else a for a in self.accounts))

    def place(self, computer: str, site: str, ou: str | None) -> Directory:
        """Move *computer* to *site* and OU *ou* (None: the Computers container)."""
        placements = dict(self.placements)
        placements[computer.upper()] = (site, ou or "")
        return replace(self, placements=placements)

    def placement_of(self, computer: str, default: Placement) -> Placement:
        """Where *computer* sits now (moved, or *default* from the lab file)."""
        moved = self.placements.get(computer.upper())
        if moved is None:
            return default
        return replace(default, site=moved[0], ou=moved[1] or None)

    def set_dc(self, domain: str, available: bool) -> Directory:
        """Make the domain controller of *domain* reachable or not."""
        down = tuple(d for d in self.dc_down if d.lower() != domain.lower())
        return replace(self, dc_down=down if available else (*down, domain.lower()))


__all__ = [
    "Account",
    "COMPUTERS_CONTAINER",
    "DEFAULT_SITE",
    "Directory",
    "DirectoryError",
    "Gpo",
    "Link",
    "Placement",
    "Som",
    "computer_dn",
    "domain_dn",
    "netbios_domain",
    "ou_parents",
]
