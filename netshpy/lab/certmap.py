"""Certificates in IKE main mode: which certificate a peer sends, and which account it maps to.

Pure functions, the Windows Server 2003 model of the reference
(``rsop-nlb-certificates.md`` §4-5):

- **Choice.** Each side asks for certificates with CERT_REQ payloads, one per
  root CA of its rule (``rootca=``). A CERT_REQ names the CA, unless the rule
  excludes the CA name (``excludecaname:yes``): then its Certification
  Authority field is empty. The peer sends the first certificate of its store
  that chains to a named CA; with only empty requests it has no hint and sends
  the first certificate of its store, trusted by the verifier or not.
- **Mapping** (``certmap:yes``, valid only for domain members): the
  certificate must map to an account of the verifier's domain (or a trusted
  one); the account must be enabled; "Deny access to this computer from the
  network" must not name it or one of its groups; "Access this computer from
  the network" must (by default it grants Everyone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .directory import Account, netbios_domain

DEFAULT_NETWORK_LOGON = ("Everyone", "Administrators", "Users", "Power Users", "Backup Operators")

# Refusal rules (what a refused exchange names).
NO_MAPPING = "no mapping"
NOT_MEMBER = "not a domain member"
DENIED = "denied network access"
NO_RIGHT = "no network access right"
BLOCKED = "computer blocked"


@dataclass(frozen=True)
class CertReq:
    """One CERT_REQ payload: the CA it names, or None (CA name excluded: empty field)."""

    ca: str | None

    def wire(self) -> str:
        """What an observer reads in the payload."""
        if self.ca is None:
            return "CERT_REQ (X.509 signature, Certification Authority field empty)"
        return f"CERT_REQ (X.509 signature, Certification Authority {self.ca})"


@dataclass(frozen=True)
class Choice:
    """The certificate a peer sends in answer to CERT_REQs, and how it picked it."""

    subject: str | None
    root: str | None
    hinted: bool  # chosen by a named CA (False: first of the store, no hint)
    text: str


@dataclass(frozen=True)
class Mapping:
    """The outcome of certificate-to-account mapping on the verifier."""

    ok: bool
    rule: str  # "" when mapped, else one of the refusal rules
    account: str | None
    text: str


def cert_reqs(roots: Sequence[tuple[str, bool]]) -> list[CertReq]:
    """The CERT_REQs a side sends for its rule's ``(root CA, excludecaname)`` entries."""
    return [CertReq(None if excluded else name) for name, excluded in roots]


def choose(
    sender: str, certificates: Sequence[tuple[str, str]], requests: Sequence[CertReq]
) -> Choice:
    """The certificate (subject, root) *sender* sends in answer to *requests*.

    *certificates* are the sender's computer certificates in store order.
    """
    named = [r.ca.lower() for r in requests if r.ca is not None]
    empty = any(r.ca is None for r in requests)
    for subject, root in certificates:
        if root.lower() in named:
            return Choice(
                subject,
                root,
                True,
                f"{sender} sends its certificate {subject} (issued under {root}, a CA named in "
                "the certificate request).",
            )
    if empty and certificates:
        subject, root = certificates[0]
        more = (
            f" has {len(certificates)} computer certificates and" if len(certificates) > 1 else ""
        )
        return Choice(
            subject,
            root,
            False,
            f"The certificate request names no CA (excludecaname): {sender}{more} sends the "
            f"first certificate of its store, {subject} (issued under {root}).",
        )
    if not certificates:
        return Choice(None, None, False, f"{sender} has no computer certificate to send.")
    asked = ", ".join(r.ca or "(empty)" for r in requests) or "nothing"
    return Choice(
        None,
        None,
        False,
        f"{sender} has no certificate issued under a CA it was asked for ({asked}).",
    )


def _principals(account: Account) -> set[str]:
    nb = netbios_domain(account.domain).lower()
    names = {account.name.lower(), *(g.lower() for g in account.groups)}
    if account.name.endswith("$"):
        names.add("domain computers")
    else:
        names.add("domain users")
    return names | {f"{nb}\\{n}" for n in names} | {"everyone", "authenticated users"}


def _matches(principals: set[str], entries: Sequence[str]) -> str | None:
    for entry in entries:
        low = entry.lower()
        for prefix in ("builtin\\", "nt authority\\"):
            low = low.removeprefix(prefix)
        if low in principals:
            return entry
    return None


def resolve_account(
    name: str, verifier_domain: str, domains: Sequence[str]
) -> tuple[str | None, str]:
    """``(domain, account name)`` for a certificate's account (``NAME``, ``DOMAIN\\NAME``
    or ``NAME@dns.domain``); the domain is None when no lab domain matches."""
    if "\\" in name:
        prefix, _, short = name.partition("\\")
        for d in domains:
            if netbios_domain(d).lower() == prefix.lower() or d.lower() == prefix.lower():
                return d, short
        return None, short
    if "@" in name:
        short, _, dns = name.partition("@")
        return (dns.lower() if dns.lower() in {d.lower() for d in domains} else None), short
    return verifier_domain, name


def map_certificate(
    verifier: str,
    verifier_domain: str | None,
    trusted_domains: Sequence[str],
    subject: str,
    account_name: str | None,
    lookup: Callable[[str, str], Account | None],
    *,
    domains: Sequence[str] = (),
    network_logon: Sequence[str] | None = None,
    deny_network_logon: Sequence[str] = (),
) -> Mapping:
    """Map the certificate *subject* (mapping to *account_name*) on *verifier*.

    *lookup(name, domain)* finds an account in the directory; when it returns
    None the certificate maps to no account.
    """
    if not verifier_domain:
        return Mapping(
            False,
            NOT_MEMBER,
            None,
            f"Certificate-to-account mapping needs {verifier} to be a domain member: "
            "certificate mapping is valid only for domain members.",
        )
    if not account_name:
        return Mapping(
            False,
            NO_MAPPING,
            None,
            f"{verifier} maps certificates to accounts, but the certificate {subject} maps to no "
            f"account in {verifier_domain}.",
        )
    domain, short = resolve_account(account_name, verifier_domain, [verifier_domain, *domains])
    allowed = {verifier_domain.lower(), *(d.lower() for d in trusted_domains)}
    account = lookup(short, domain) if domain and domain.lower() in allowed else None
    if account is None:
        where = domain or account_name.partition("\\")[0] or "an unknown domain"
        return Mapping(
            False,
            NO_MAPPING,
            None,
            f"{verifier} maps certificates to accounts, but the certificate {subject} names "
            f"{account_name}, which is no account of {verifier_domain}"
            + (f" or a domain it trusts ({where})" if where != verifier_domain else "")
            + ".",
        )
    shown = f"{netbios_domain(account.domain)}\\{account.name}"
    if not account.enabled:
        return Mapping(
            False,
            BLOCKED,
            shown,
            f"The certificate {subject} maps to {shown}, but that account is disabled: "
            f"{verifier} refuses it (the computer is blocked).",
        )
    principals = _principals(account)
    denied = _matches(principals, deny_network_logon)
    if denied is not None:
        return Mapping(
            False,
            DENIED,
            shown,
            f"The certificate {subject} maps to {shown}, and {verifier}'s user right "
            f'"Deny access to this computer from the network" names {denied}: refused.',
        )
    grants = DEFAULT_NETWORK_LOGON if network_logon is None else tuple(network_logon)
    granted = _matches(principals, grants)
    if granted is None:
        return Mapping(
            False,
            NO_RIGHT,
            shown,
            f"The certificate {subject} maps to {shown}, but {verifier}'s user right "
            f'"Access this computer from the network" grants '
            f"{('only ' + ', '.join(grants)) if grants else 'nobody'}: refused.",
        )
    return Mapping(
        True,
        "",
        shown,
        f"{verifier} maps the certificate {subject} to the account {shown} "
        f'("Access this computer from the network": {granted}).',
    )


__all__ = [
    "Account",
    "BLOCKED",
    "CertReq",
    "Choice",
    "DENIED",
    "Mapping",
    "NOT_MEMBER",
    "NO_MAPPING",
    "NO_RIGHT",
    "cert_reqs",
    "choose",
    "map_certificate",
    "resolve_account",
]
