"""Every screen of ``netsh ipsec dynamic show``, in one place.

RECONSTRUCTED: no real capture of any dynamic screen is public. The layouts
follow the static screens' style (``Label<padding>: value`` lines, ``YES``/
``NO``, ``ANY`` ports, ``<My IP Address>``/``<Any IP Address>``, records
separated by blank lines) and are listed in ``docs/fidelity/dynamic.md``. A
real capture that proves a layout wrong is fixed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from .. import display
from ..display import LABEL_WIDTH, count_line, labelled, port, timestamp, yes_no
from ..values import DH_GROUPS, Address, RootCa, protocol_name
from .config import PROPERTIES, IpsecConfig
from .expand import FilterView
from .spd_records import IKE_COUNTERS, IPSEC_COUNTERS, Auth, MmPolicy, MmSa, QmPolicy, QmSa, Rule

PFS_NAMES = {
    "NOPFS": "NO",
    "GRP1": "Low (1)",
    "GRP2": "Medium (2)",
    "GRP3": "High (2048)",
    "GRPMM": "Main Mode Group",
}
CONFIG_LABELS = {
    "ipsecdiagnostics": "IPSecDiagnostics",
    "ikelogging": "IKELogging",
    "strongcrlcheck": "StrongCRLCheck",
    "ipsecloginterval": "IPSecLogInterval",
    "ipsecexempt": "IPSecExempt",
    "bootmode": "Boot Mode",
    "bootexemptions": "Boot Exemptions",
}
PENDING_NOTE = "(takes effect after the computer restarts)"  # emulator text, never in netsh output
IKE_LABELS = (
    "Main Modes",
    "Quick Modes",
    "Soft SAs",
    "Authentication Failures",
    "Active Acquire",
    "Active Receive",
    "Acquire Failures",
    "Receive Failures",
    "Send Failures",
    "Acquire Heap Size",
    "Receive Heap Size",
    "Negotiation Failures",
    "Invalid Cookies Rcvd",
    "Total Acquire",
    "TotalGetSpi",
    "TotalKeyAdd",
    "TotalKeyUpdate",
    "GetSpiFail",
    "KeyAddFail",
    "KeyUpdateFail",
    "IsadbListSize",
    "ConnListSize",
    "Invalid Packets Rcvd",
)
IPSEC_LABELS = (
    "Active Assoc",
    "Offload SAs",
    "Pending Key",
    "Key Adds",
    "Key Deletes",
    "ReKeys",
    "Active Tunnels",
    "Bad SPI Pkts",
    "Pkts not Decrypted",
    "Pkts not Authenticated",
    "Pkts with Replay Detection",
    "Confidential Bytes Sent",
    "Confidential Bytes Received",
    "Authenticated Bytes Sent",
    "Authenticated Bytes Received",
    "Transport Bytes Sent",
    "Transport Bytes Received",
    "Bytes Sent In Tunnels",
    "Bytes Received In Tunnels",
    "Offloaded Bytes Sent",
    "Offloaded Bytes Received",
)
STATS_WIDTH = 29

AddressText = Callable[[Address], str]


def line(label: str, value: object) -> str:
    """``Label<padding>: value``."""
    return labelled(label, value).rstrip()


def _more(values: list[str]) -> list[str]:
    """Continuation lines aligned under a value."""
    return [" " * (LABEL_WIDTH + 2) + v for v in values]


def _multi(label: str, values: list[str]) -> list[str]:
    if not values:
        return [line(label, "NONE")]
    return [line(label, values[0]), *_more(values[1:])]


def _heading(text: str) -> list[str]:
    return [text, "-" * len(text)]


def address_text(
    local: Iterable[str] = (),
    computer: str = "",
    resolve: bool = False,
    reverse: Callable[[str], str | None] | None = None,
):
    """A function rendering addresses; with *resolve*, local IPs show the computer
    name, a DNS name shows as given, and other IPs the name *reverse* finds."""
    local_set = set(local)

    def render(address: Address) -> str:
        if resolve and address.kind == "ip" and address.value in local_set and computer:
            return computer
        if resolve and address.kind == "dns":
            return address.value
        if resolve and address.kind == "ip" and reverse is not None:
            return reverse(address.value) or address.value
        return display.address(address)

    return render


def action(name: str | None) -> str:
    """``Permit``, ``Block``, ``Negotiate``."""
    return (name or "").capitalize()


def auth_lines(methods: list[Auth]) -> list[str]:
    """One line per authentication method, in preference order."""
    if not methods:
        return ["Kerberos"]
    out = []
    for method in methods:
        if method.kind == "kerberos":
            out.append("Kerberos")
        elif method.kind == "psk":
            out.append(f"Preshared Key ({method.value})")
        else:
            ca = method.value
            if isinstance(ca, RootCa):
                flags = [
                    f
                    for f, on in (("certmap", ca.certmap), ("excludecaname", ca.excludecaname))
                    if on
                ]
                out.append(f"Root CA: {ca.name}" + (f" ({', '.join(flags)})" if flags else ""))
            else:
                out.append(f"Root CA: {ca}")
    return out


# ---- policies -----------------------------------------------------------------


def mmpolicy(policy: MmPolicy) -> str:
    """One main mode policy."""
    rows = [
        line("Main Mode Policy Name", policy.name),
        line("Soft SA Expiration Time", policy.soft_seconds),
        line("QM Limit Per MM", policy.qmpermm if policy.qmpermm else "UNLIMITED"),
        line("No. of Security Methods", len(policy.offers)),
        "",
        f"{'Encryption':<11}{'Integrity':<10}{'DH Group':<13}Lifetime (secs)",
        f"{'-' * 10} {'-' * 9} {'-' * 12} {'-' * 15}",
    ]
    for offer in policy.offers:
        group = DH_GROUPS.get(offer.group, str(offer.group))
        rows.append(
            f"{offer.encryption:<11}{offer.integrity:<10}{group:<13}{policy.mmlifetime * 60}"
        )
    return "\n".join(rows)


def _alg(value: str | None) -> str:
    return "None" if value in (None, "None") else str(value)


def qmpolicy(policy: QmPolicy) -> str:
    """One quick mode policy."""
    rows = [
        line("Quick Mode Policy Name", policy.name),
        line("Soft Associations", yes_no(policy.soft)),
        line("PFS", PFS_NAMES.get(policy.pfsgroup, policy.pfsgroup)),
        line("No. of Offers", len(policy.offers)),
        "",
        f"{'AH':<6}{'ESP Encryption':<16}{'ESP Integrity':<15}Lifetime (KBytes/secs)",
        f"{'-' * 5} {'-' * 15} {'-' * 14} {'-' * 22}",
    ]
    for offer in policy.offers:
        esp_conf = _alg(offer.esp_encryption) if offer.has_esp else "None"
        esp_int = _alg(offer.esp_integrity) if offer.has_esp else "None"
        rows.append(f"{_alg(offer.ah):<6}{esp_conf:<16}{esp_int:<15}{offer.kbytes}/{offer.seconds}")
    return "\n".join(rows)


def policies(blocks: list[str], noun: str | None = None) -> str:
    """Each record followed by a blank line; a listing (*noun* given) closes with its count."""
    text = "".join(b + "\n\n" for b in blocks)
    if noun is not None:
        text += count_line(len(blocks), noun) + "\n\n"
    return text


# ---- rules and filters ------------------------------------------------------


def _address_rows(
    view_src: Address, src_mask: str, view_dst: Address, dst_mask: str, addr: AddressText
) -> list[str]:
    return [
        line("Source IP Address", addr(view_src)),
        line("Source Mask", src_mask),
        line("Destination IP Address", addr(view_dst)),
        line("Destination Mask", dst_mask),
    ]


def rule(item: Rule, addr: AddressText) -> str:
    """One rule with its policies, actions and authentication."""
    rows = [
        line("Rule Type", "Tunnel" if item.tunnel else "Transport"),
        line("Filter Name", item.name or "NONE"),
        line("Connection Type", item.conntype.upper()),
        *_address_rows(item.srcaddr, item.srcmask, item.dstaddr, item.dstmask, addr),
    ]
    if item.tunnel:
        rows.append(line("Tunnel Destination", item.tunnel))
    rows += [
        line("Protocol", protocol_name(item.protocol)),
        line("Source Port", port(item.srcport)),
        line("Destination Port", port(item.dstport)),
        line("Mirrored", yes_no(item.mirrored)),
        line("Main Mode Policy Name", item.mmpolicy),
        line("Quick Mode Policy Name", item.qmpolicy or "NONE"),
        line("Inbound Action", action(item.actioninbound)),
        line("Outbound Action", action(item.actionoutbound)),
        *_multi("Authentication Methods", auth_lines(item.auth)),
    ]
    return "\n".join(rows)


def rules(items: list[Rule], addr: AddressText) -> str:
    """The ``show rule`` screen."""
    blocks = [rule(r, addr) for r in items]
    return "\n\n".join(blocks) + f"\n\n{count_line(len(items), 'Rule(s)')}\n\n"


def _filter_block(view: FilterView, addr: AddressText) -> str:
    rows = [
        line("Filter Name", view.name or "NONE"),
        line("Connection Type", view.rule.conntype.upper()),
        *_address_rows(view.srcaddr, view.srcmask, view.dstaddr, view.dstmask, addr),
    ]
    if view.layer == "qm" and view.tunnel_dst is not None:
        rows.append(line("Tunnel Source", addr(view.tunnel_src or Address("any"))))
        rows.append(line("Tunnel Destination", addr(view.tunnel_dst)))
    if view.layer == "qm":
        rows += [
            line("Protocol", protocol_name(view.protocol)),
            line("Source Port", port(view.srcport)),
            line("Destination Port", port(view.dstport)),
        ]
    rows.append(line("Mirrored", yes_no(view.mirrored)))
    if view.specific:
        rows.append(line("Direction", (view.direction or "").capitalize()))
        rows.append(line("Weight", view.weight))
    if view.layer == "mm":
        rows += _multi("Authentication Methods", auth_lines(view.auth))
        rows.append(line("Main Mode Policy Name", view.rule.mmpolicy))
    else:
        rows += [
            line("Quick Mode Policy Name", view.rule.qmpolicy or "NONE"),
            line("Inbound Action", action(view.rule.actioninbound)),
            line("Outbound Action", action(view.rule.actionoutbound)),
        ]
    return "\n".join(rows)


def _section(title: str, views: list[FilterView], addr: AddressText) -> list[str]:
    rows = _heading(title)
    for view in views:
        rows += [_filter_block(view, addr), ""]
    rows.append(count_line(len(views), f"{title[:-1]}(s)"))
    return rows


def mmfilters(
    generic: list[FilterView] | None, specific: list[FilterView] | None, addr: AddressText
) -> str:
    """The ``show mmfilter`` screen (generic and/or specific sections)."""
    sections: list[list[str]] = []
    if generic:
        sections.append(_section("Generic Filters", generic, addr))
    if specific:
        sections.append(_section("Specific Filters", specific, addr))
    return "\n\n".join("\n".join(s) for s in sections) + "\n\n"


def qmfilters(
    generic: list[FilterView] | None, specific: list[FilterView] | None, addr: AddressText
) -> str:
    """The ``show qmfilter`` screen: transport then tunnel, generic then specific."""
    sections: list[list[str]] = []
    for label, views in (("Generic", generic), ("Specific", specific)):
        if not views:
            continue
        for kind in ("Transport", "Tunnel"):
            part = [v for v in views if v.kind == kind.lower()]
            if part:
                sections.append(_section(f"{label} {kind} Filters", part, addr))
    return "\n\n".join("\n".join(s) for s in sections) + "\n\n"


# ---- security associations and statistics --------------------------------------


def mmsas(items: list[MmSa], when: datetime, fmt: str, addr: Callable[[str], str]) -> str:
    """The ``show mmsas`` screen."""
    rows = _heading(f"Main Mode SAs at {timestamp(when)}")
    if fmt == "table":
        rows.append(
            f"{'Cookie Pair':<34} {'Source':<16} {'Destination':<16} {'Sec Methods':<24} Auth Mode"
        )
        for sa in items:
            methods = f"{sa.encryption}/{sa.integrity}/{sa.dhgroup}/{sa.lifetime}"
            rows.append(
                f"{sa.cookies:<34} {addr(sa.src):<16} {addr(sa.dst):<16} {methods:<24} {sa.auth}"
            )
        rows.append("")
    else:
        for sa in items:
            group = DH_GROUPS.get(sa.dhgroup, str(sa.dhgroup))
            rows += [
                line("Cookie Pair", sa.cookies),
                line("Sec Methods", f"{sa.encryption}/{sa.integrity}/{group}/{sa.lifetime}"),
                line("Auth Mode", sa.auth),
                line("Source", f"{addr(sa.src)}, port {sa.src_port}"),
                line("Destination", f"{addr(sa.dst)}, port {sa.dst_port}"),
                "",
            ]
    rows.append(count_line(len(items), "Main Mode SA(s)"))
    return "\n".join(rows) + "\n\n"


def qmsas(items: list[QmSa], when: datetime, fmt: str, addr: Callable[[str], str]) -> str:
    """The ``show qmsas`` screen."""
    rows = _heading(f"Quick Mode SAs at {timestamp(when)}")
    if fmt == "table":
        rows.append(
            f"{'Source':<16} {'Destination':<16} {'Protocol':<8} {'SrcPort':<7} {'DstPort':<7} "
            f"{'Direction':<9} {'Offer':<22} Policy"
        )
        for sa in items:
            offer = f"{_alg(sa.ah)}/{_alg(sa.esp_encryption)}/{_alg(sa.esp_integrity)}"
            rows.append(
                f"{addr(sa.src):<16} {addr(sa.dst):<16} {protocol_name(sa.protocol):<8} "
                f"{port(sa.srcport):<7} {port(sa.dstport):<7} {sa.direction.capitalize():<9} "
                f"{offer:<22} {sa.policy}"
            )
        rows.append("")
    else:
        for sa in items:
            rows.append("Tunnel Filter" if sa.tunnel_dst else "Transport Filter")
            rows += [
                line("Policy Name", sa.policy),
                line("Source Address", addr(sa.src)),
                line("Destination Address", addr(sa.dst)),
            ]
            if sa.tunnel_dst:
                rows.append(line("Tunnel Source", addr(sa.tunnel_src or "")))
                rows.append(line("Tunnel Destination", addr(sa.tunnel_dst)))
            rows += [
                line("Protocol", protocol_name(sa.protocol)),
                line("Source Port", port(sa.srcport)),
                line("Destination Port", port(sa.dstport)),
                line("Direction", sa.direction.capitalize()),
                line("AH Integrity", _alg(sa.ah)),
                line("ESP Encryption", _alg(sa.esp_encryption)),
                line("ESP Integrity", _alg(sa.esp_integrity)),
                line("PFS DH Group", DH_GROUPS.get(sa.dhgroup, "NO") if sa.pfs else "NO"),
                line("Lifetime (KBytes/secs)", f"{sa.kbytes}/{sa.seconds}"),
                "",
            ]
    rows.append(count_line(len(items), "Quick Mode SA(s)"))
    return "\n".join(rows) + "\n\n"


def stats(ike: dict[str, int], ipsec: dict[str, int], which: str | None) -> str:
    """The ``show stats`` screen: IKE and/or IPSec counters."""
    parts = []
    if which in (None, "ike"):
        rows = _heading("IKE Statistics")
        rows += [
            f"{label:<{STATS_WIDTH}}: {ike.get(key, 0)}"
            for key, label in zip(IKE_COUNTERS, IKE_LABELS, strict=True)
        ]
        parts.append("\n".join(rows))
    if which in (None, "ipsec"):
        rows = _heading("IPSec Statistics")
        rows += [
            f"{label:<{STATS_WIDTH}}: {ipsec.get(key, 0)}"
            for key, label in zip(IPSEC_COUNTERS, IPSEC_LABELS, strict=True)
        ]
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"


# ---- configuration ---------------------------------------------------------------


def config(cfg: IpsecConfig) -> str:
    """The ``show config`` screen: the stored values, as Windows prints them.

    Windows shows what is in the registry, with no word on whether a value
    read at boot is in effect yet; the emulator tells the trainee elsewhere
    (the REPL toolbar, ``:lab``, a send's explanation): :func:`pending_note`.
    """
    rows = _heading("IPSec Configuration Parameters")
    for name in PROPERTIES:
        label = CONFIG_LABELS[name]
        value = cfg.values[name]
        if name == "bootexemptions":
            texts = [str(e) for e in value] or ["NONE"]
            rows += [line(label, texts[0]), *_more(texts[1:])]
        else:
            rows.append(line(label, f"{value}"))
    return "\n".join(rows) + "\n"


def pending_note(cfg: IpsecConfig) -> str:
    """Emulator text: the stored values not in effect until the computer restarts, or ""."""
    names = [name for name in PROPERTIES if cfg.pending(name)]
    if not names:
        return ""
    parts = []
    for name in names:
        value = cfg.values[name]
        shown = " ".join(map(str, value)) or "none" if isinstance(value, list) else value
        parts.append(f"{name}={shown}")
    return f"{', '.join(parts)} {PENDING_NOTE}"
