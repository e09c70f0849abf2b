"""Observer: the SAs and counters a send leaves in both SPDs.

``show mmsas``, ``show qmsas`` and ``show stats`` read what this records: an
agreed negotiation replaces the pair's SAs on both sides and counts keys and
bytes; a failed one counts failures; IKE without an answer counts a soft SA
or an acquire failure on the initiator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...dynamic.service import get_service
from ...dynamic.spd import Spd
from ...dynamic.spd_records import MmSa, QmSa
from .. import ike
from .exchange import spi
from .negotiation import cookies
from .result import TrafficResult

if TYPE_CHECKING:
    from ..view import LabView

PACKET_BYTES = 60  # bytes counted per packet in the IPSec statistics (reconstructed)


def auth_label(auth: ike.Auth | None) -> str:
    """How ``show mmsas`` names an authentication method."""
    if auth is None:
        return ""
    if auth.kind == "kerberos":
        return "Kerberos"
    if auth.kind == "psk":
        return "Preshared Key"
    return "Certificate"


def _replace_sas(spd: Spd, local: str, remote: str) -> None:
    pair = {local, remote}
    spd.mmsas = [s for s in spd.mmsas if {s.src, s.dst} != pair]
    before = len(spd.qmsas)
    spd.qmsas = [s for s in spd.qmsas if {s.src, s.dst} != pair]
    spd.ipsec_stats["active_assoc"] -= before - len(spd.qmsas)


def _count_bytes(spd: Spd, offer: Any, *, sent: bool) -> None:
    direction = "sent" if sent else "received"
    other = "received" if sent else "sent"
    for d in (direction, other):
        spd.count(f"transport_bytes_{d}", PACKET_BYTES)
        if offer.esp_encryption and offer.esp_encryption.upper() != "NONE":
            spd.count(f"conf_bytes_{d}", PACKET_BYTES)
        if offer.ah or offer.esp_integrity:
            spd.count(f"auth_bytes_{d}", PACKET_BYTES)


def _record_unanswered(result: TrafficResult) -> None:
    assert result.unanswered is not None
    spd = get_service(result.unanswered.host).require_spd()
    if result.soft:
        spd.count("soft_sas")
    else:
        spd.count("total_acquire")
        spd.count("acquire_failures")
        spd.count("negotiation_failures")


def record_sas(lab: LabView, result: TrafficResult) -> None:
    """Record *result*'s SAs and counters in both SPDs (sets ``result.mm``/``result.qm``)."""
    if result.unanswered is not None:
        _record_unanswered(result)
    neg = result.negotiation
    if neg is None:
        return
    mm, qm = neg.mm, neg.qm
    init, resp = neg.init, neg.resp
    spds = [get_service(init.host).require_spd(), get_service(resp.host).require_spd()]
    spds[0].count("total_acquire")
    if not mm.ok:
        auth_failed = mm.offer is not None
        for spd in spds:
            spd.count("negotiation_failures")
            if auth_failed:
                spd.count("auth_failures")
        spds[0].count("acquire_failures")
    elif qm is not None and not qm.ok:
        for spd in spds:
            spd.count("negotiation_failures")
        spds[0].count("acquire_failures")
    if not neg.agreed:
        return
    assert mm.offer is not None and qm is not None and qm.offer is not None
    port = 4500 if mm.nat_t else 500
    lifetime = neg.init_peer.mm_lifetime * 60
    pair_cookies = neg.cookies or cookies(init.name, resp.name, spds[0].ike_stats["main_modes"])
    spis = (spi(pair_cookies, "initiator"), spi(pair_cookies, "responder"))
    view = neg.view
    for n, (side, spd) in enumerate(zip((init, resp), spds, strict=True)):
        _replace_sas(spd, side.address, side.peer_address)
        mm_sa = MmSa(
            side.address,
            side.peer_address,
            pair_cookies,
            auth=auth_label(mm.auth),
            encryption=mm.offer.encryption,
            integrity=mm.offer.integrity,
            dhgroup=mm.offer.group,
            lifetime=lifetime,
            src_port=port,
            dst_port=port,
        )
        spd.add_mm_sa(mm_sa)
        # Each side's quick mode SA is its own: its policy, and the traffic the
        # initiator's filter asked to secure as that side sees it (outbound on the
        # initiator, inbound from the initiator on the responder).
        outbound = n == 0
        qm_sa = QmSa(
            side.address if outbound else side.peer_address,
            side.peer_address if outbound else side.address,
            neg.qm_policy if outbound else neg.resp_qm_policy,
            protocol=view.protocol if view else 0,
            srcport=view.srcport if view else 0,
            dstport=view.dstport if view else 0,
            direction="outbound" if outbound else "inbound",
            ah=qm.offer.ah,
            esp_encryption=qm.offer.esp_encryption,
            esp_integrity=qm.offer.esp_integrity,
            pfs=qm.pfs,
            dhgroup=mm.offer.group if qm.pfs else 0,
            kbytes=qm.offer.kbytes,
            seconds=qm.offer.seconds,
            spi_in=spis[n],
            spi_out=spis[1 - n],
        )
        spd.add_qm_sa(qm_sa)
        spd.count("total_getspi")
        spd.count("total_keyadd")
        if n == 0:
            result.mm, result.qm = mm_sa, qm_sa
        _count_bytes(spd, qm.offer, sent=n == 0)
