"""IKE negotiation between two emulated computers, the way Windows 2000, XP and
Server 2003 negotiate: pure functions over plain data, with a plain-language
explanation of every outcome.

Main mode: the responder takes the first of the initiator's offers (in the
initiator's preference order) that it also offers, limited to what both
operating systems implement (Diffie-Hellman group 2048 is Windows Server 2003
only). Authentication: the first of the initiator's methods, in order, that
the responder also accepts and that succeeds. Quick mode: the first initiator
offer the responder also offers, with matching PFS. NAT between the peers needs
NAT traversal on both sides (Server 2003, XP SP2) and rules out AH.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..values import DH_GROUPS, MmOffer, QmOffer, RootCa
from . import certmap

OS_NAMES = {
    "2000": "Windows 2000",
    "xp": "Windows XP",
    "xp-sp2": "Windows XP SP2",
    "2003": "Windows Server 2003",
}
DH_SUPPORT = {"2000": {1, 2}, "xp": {1, 2}, "xp-sp2": {1, 2}, "2003": {1, 2, 3}}
NAT_T_SUPPORT = {"2000": False, "xp": False, "xp-sp2": True, "2003": True}
GROUP_NAMES = {1: "group 1 (768-bit)", 2: "group 2 (1024-bit)", 3: "group 2048 (2048-bit)"}


@dataclass(frozen=True)
class Certificate:
    """A computer certificate: who it names, which root CA issued it, the mapped account."""

    subject: str
    root: str
    account: str | None = None


@dataclass(frozen=True)
class Auth:
    """One authentication method a side offers or accepts."""

    kind: str  # kerberos | psk | rootca
    psk: str | None = None
    rootca: RootCa | None = None


@dataclass
class Peer:
    """What one side brings to a negotiation (from its SPD and its computer)."""

    name: str
    os: str
    address: str
    domain: str | None = None
    trusted_domains: tuple[str, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    # Root CAs in the computer's certificate store; empty = not modelled (trust what rules name).
    trusted_roots: tuple[str, ...] = ()
    mm_offers: list[MmOffer] = field(default_factory=list)
    mm_lifetime: int = 480
    auth: list[Auth] = field(default_factory=list)
    qm_offers: list[QmOffer] = field(default_factory=list)
    pfs: bool = False
    soft: bool = False
    inpass: bool = False
    # Certificate-to-account mapping on this computer (as verifier): the accounts of the
    # directory (lookup(name, domain) -> Account | None), the lab's domains, and the
    # "Access / Deny access to this computer from the network" user rights.
    account_lookup: Callable[[str, str], Any] | None = None
    domains: tuple[str, ...] = ()
    network_logon: tuple[str, ...] | None = None
    deny_network_logon: tuple[str, ...] = ()


@dataclass
class CertExchange:
    """The certificate part of main mode: what went on the wire, for observers (captures).

    Keys are computer names: ``requests[X]`` the CERT_REQs X sent, ``chosen[X]``
    the certificate X sent, ``mappings[X]`` how the peer mapped X's certificate.
    """

    requests: dict[str, list[certmap.CertReq]] = field(default_factory=dict)
    chosen: dict[str, certmap.Choice] = field(default_factory=dict)
    mappings: dict[str, certmap.Mapping] = field(default_factory=dict)

    def ca_name_sent(self, name: str) -> bool:
        """True when computer *name*'s certificate requests named at least one CA."""
        return any(r.ca is not None for r in self.requests.get(name, []))


@dataclass
class MainModeResult:
    """Outcome of main mode."""

    ok: bool
    offer: MmOffer | None = None
    auth: Auth | None = None
    nat_t: bool = False
    steps: list[str] = field(default_factory=list)
    certificates: CertExchange | None = None  # the last certificate method tried

    @property
    def mapped_accounts(self) -> dict[str, str]:
        """``{computer: account}`` its certificate mapped to (certificate-to-account mapping)."""
        if self.certificates is None:
            return {}
        return {k: m.account for k, m in self.certificates.mappings.items() if m.ok and m.account}


@dataclass
class QuickModeResult:
    """Outcome of quick mode."""

    ok: bool
    offer: QmOffer | None = None
    pfs: bool = False
    steps: list[str] = field(default_factory=list)


def os_name(os_id: str) -> str:
    """``Windows Server 2003`` for ``2003``."""
    return OS_NAMES.get(os_id, os_id)


def usable_mm_offers(peer: Peer) -> list[MmOffer]:
    """The peer's main mode offers its operating system can actually negotiate."""
    return [o for o in peer.mm_offers if o.group in DH_SUPPORT.get(peer.os, {1, 2})]


def main_mode(init: Peer, resp: Peer, nat: bool = False) -> MainModeResult:
    """Negotiate main mode from *init* to *resp*; *nat* = a NAT device lies between them."""
    steps: list[str] = []
    nat_t = False
    if nat:
        missing = [p for p in (init, resp) if not NAT_T_SUPPORT.get(p.os, False)]
        if missing:
            names = ", ".join(f"{p.name} ({os_name(p.os)})" for p in missing)
            steps.append(
                f"A NAT device lies between {init.name} and {resp.name}, and {names} cannot use "
                "NAT traversal (UDP-encapsulated ESP on port 4500): IKE fails."
            )
            return MainModeResult(False, steps=steps)
        nat_t = True
        steps.append("NAT detected: both sides support NAT traversal, IKE moves to UDP port 4500.")
    offer = _choose_mm_offer(init, resp, steps)
    if offer is None:
        return MainModeResult(False, steps=steps, nat_t=nat_t)
    exchanges: list[CertExchange] = []
    auth = _authenticate(init, resp, steps, exchanges)
    certs = exchanges[-1] if exchanges else None
    if auth is None:
        return MainModeResult(False, offer=offer, steps=steps, nat_t=nat_t, certificates=certs)
    steps.append(
        f"Main mode SA established: {offer.encryption}/{offer.integrity}, "
        f"{GROUP_NAMES.get(offer.group, offer.group)}, authenticated by {_auth_name(auth)}."
    )
    return MainModeResult(True, offer, auth, nat_t, steps, certs)


def _choose_mm_offer(init: Peer, resp: Peer, steps: list[str]) -> MmOffer | None:
    ours = usable_mm_offers(init)
    theirs = usable_mm_offers(resp)
    for side, offers, usable in ((init, init.mm_offers, ours), (resp, resp.mm_offers, theirs)):
        dropped = [o for o in offers if o not in usable]
        if dropped:
            steps.append(
                f"{side.name} runs {os_name(side.os)}, which does not implement "
                f"{', '.join(GROUP_NAMES.get(o.group, str(o.group)) for o in dropped)}: "
                f"offer(s) {' '.join(str(o) for o in dropped)} cannot be used."
            )
    for offer in ours:
        for answer in theirs:
            if (offer.encryption, offer.integrity, offer.group) == (
                answer.encryption,
                answer.integrity,
                answer.group,
            ):
                steps.append(f"Main mode offer {offer} of {init.name} accepted by {resp.name}.")
                return offer
    steps.append(
        f"No main mode offer in common: {init.name} offers "
        f"{' '.join(str(o) for o in ours) or 'nothing it can use'}, {resp.name} accepts "
        f"{' '.join(str(o) for o in theirs) or 'nothing it can use'}. IKE fails "
        '("No policy configured" / negotiation timed out on the initiator).'
    )
    return None


def _auth_name(auth: Auth) -> str:
    if auth.kind == "kerberos":
        return "Kerberos"
    if auth.kind == "psk":
        return "preshared key"
    return f"certificate from root CA {auth.rootca.name if auth.rootca else '?'}"


def _authenticate(
    init: Peer, resp: Peer, steps: list[str], exchanges: list[CertExchange]
) -> Auth | None:
    if not init.auth:
        steps.append(f"{init.name} offers no authentication method: IKE fails.")
        return None
    for method in init.auth:
        accepted = [m for m in resp.auth if m.kind == method.kind]
        if not accepted:
            steps.append(f"{resp.name} does not accept {_auth_name(method)}; next method.")
            continue
        if method.kind == "rootca":
            exchange = CertExchange()
            exchanges.append(exchange)
            reason = _certificate_failure(init, resp, method, accepted, steps, exchange)
        else:
            reason = _auth_failure(init, resp, method, accepted)
        if reason is None:
            return method
        steps.append(reason)
    steps.append(
        f"No authentication method succeeded between {init.name} and {resp.name}: IKE fails."
    )
    return None


def _same_forest(a: Peer, b: Peer) -> bool:
    if not a.domain or not b.domain:
        return False
    da, db = a.domain.lower(), b.domain.lower()
    return (
        da == db
        or db in (d.lower() for d in a.trusted_domains)
        or da in (d.lower() for d in b.trusted_domains)
    )


def _auth_failure(init: Peer, resp: Peer, method: Auth, accepted: list[Auth]) -> str | None:
    """Why *method* fails between the peers, or None when it succeeds."""
    if method.kind == "kerberos":
        if _same_forest(init, resp):
            return None
        who = [p.name for p in (init, resp) if not p.domain]
        if who:
            return f"Kerberos needs both computers in a domain; {', '.join(who)} is not a domain member."
        return f"Kerberos fails: {init.domain} and {resp.domain} do not trust each other."
    if method.kind == "psk":
        if any(m.psk == method.psk for m in accepted):
            return None
        return f"The preshared keys of {init.name} and {resp.name} differ."
    return None


def _request_text(requester: Peer, reqs: list[certmap.CertReq], responder: bool) -> str:
    where = " in main mode message 4, before encryption starts" if responder else ""
    wire = "; ".join(r.wire() for r in reqs)
    if all(r.ca is None for r in reqs):
        seen = "an observer learns only that certificates are used"
    else:
        names = ", ".join(r.ca for r in reqs if r.ca)
        seen = f"an observer of the exchange reads which CA {requester.name} trusts ({names})"
    if not responder:
        return f"{requester.name} asks for a certificate: {wire}."
    return f"{requester.name} asks for a certificate{where}: {wire}: {seen}."


def _certificate_failure(
    init: Peer,
    resp: Peer,
    method: Auth,
    accepted: list[Auth],
    steps: list[str],
    exchange: CertExchange,
) -> str | None:
    """Why certificate authentication fails between the peers, or None (steps say what went
    on the wire: the certificate requests, the certificates chosen, the accounts mapped)."""
    # The responder asks first (its CERT_REQs travel before encryption starts), then the
    # initiator; each side answers with a certificate chosen from the other's requests.
    for a, b, b_roots, b_is_responder in (
        (init, resp, [m.rootca for m in accepted if m.rootca], True),
        (resp, init, [method.rootca] if method.rootca else [], False),
    ):
        reqs = certmap.cert_reqs([(ca.name, ca.excludecaname) for ca in b_roots])
        exchange.requests[b.name] = reqs
        steps.append(_request_text(b, reqs, b_is_responder))
        choice = certmap.choose(a.name, [(c.subject, c.root) for c in a.certificates], reqs)
        exchange.chosen[a.name] = choice
        if choice.subject is None or choice.root is None:
            return (
                f"{a.name} has no certificate issued by a root CA that {b.name} trusts "
                f"({', '.join(ca.name for ca in b_roots) or 'none'})."
            )
        steps.append(choice.text)
        trusted = {ca.name.lower(): ca for ca in b_roots}
        if choice.root.lower() not in trusted:
            return (
                f"{b.name} trusts only {', '.join(ca.name for ca in b_roots)} in its rule, and "
                f"{a.name}'s certificate {choice.subject} chains to {choice.root}: {b.name} "
                "rejects it (the certificate does not chain to a trusted root in its IPsec "
                "policy) and main mode authentication fails."
            )
        ca = trusted[choice.root.lower()]
        if b.trusted_roots and choice.root.lower() not in {r.lower() for r in b.trusted_roots}:
            return (
                f"{b.name}'s rule names root CA {choice.root}, but that CA is not in {b.name}'s "
                "Trusted Root Certification Authorities store: the certificate is rejected."
            )
        if ca.certmap:
            cert = next(c for c in a.certificates if c.subject == choice.subject)
            mapping = certmap.map_certificate(
                b.name,
                b.domain,
                b.trusted_domains,
                cert.subject,
                cert.account,
                b.account_lookup or _any_account,
                domains=b.domains,
                network_logon=b.network_logon,
                deny_network_logon=b.deny_network_logon,
            )
            exchange.mappings[a.name] = mapping
            if not mapping.ok:
                return mapping.text
            steps.append(mapping.text)
    return None


def _any_account(name: str, domain: str) -> certmap.Account:
    """Without a directory every named account exists and is enabled."""
    return certmap.Account(name, domain)


def quick_mode(init: Peer, resp: Peer, mm: MainModeResult) -> QuickModeResult:
    """Negotiate quick mode after a successful main mode."""
    steps: list[str] = []
    if init.pfs != resp.pfs:
        with_pfs = init.name if init.pfs else resp.name
        steps.append(
            f"{with_pfs} requires quick mode perfect forward secrecy and the other side does not: "
            "quick mode fails."
        )
        return QuickModeResult(False, steps=steps)
    for offer in init.qm_offers:
        if mm.nat_t and offer.ah:
            continue
        for answer in resp.qm_offers:
            if _same_qm(offer, answer):
                steps.append(
                    f"Quick mode offer {offer} accepted"
                    + (" (UDP-encapsulated ESP through the NAT)" if mm.nat_t else "")
                    + (" with PFS" if init.pfs else "")
                    + "."
                )
                return QuickModeResult(True, offer, init.pfs, steps)
    if mm.nat_t and any(o.ah for o in init.qm_offers):
        steps.append("AH cannot cross a NAT device: offers using AH were skipped.")
    steps.append(
        f"No quick mode offer in common: {init.name} offers "
        f"{' '.join(str(o) for o in init.qm_offers) or 'nothing'}, {resp.name} accepts "
        f"{' '.join(str(o) for o in resp.qm_offers) or 'nothing'}."
    )
    return QuickModeResult(False, steps=steps)


def _same_qm(a: QmOffer, b: QmOffer) -> bool:
    return (a.ah, a.esp_encryption, a.esp_integrity) == (b.ah, b.esp_encryption, b.esp_integrity)


__all__ = [
    "Auth",
    "CertExchange",
    "Certificate",
    "DH_GROUPS",
    "MainModeResult",
    "Peer",
    "QuickModeResult",
    "main_mode",
    "quick_mode",
    "usable_mm_offers",
]
