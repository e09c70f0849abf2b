""":restart and :reboot act on the session's own computer when no lab is loaded."""

from __future__ import annotations

from netshpy.session import Session


def test_restart_discards_dynamic_changes(session: Session) -> None:
    session.execute("ipsec dynamic add mmpolicy name=Temp")
    assert "Temp" in session.execute("ipsec dynamic show mmpolicy all").output
    assert session.execute(":restart").ok
    assert "Temp" not in session.execute("ipsec dynamic show mmpolicy all").output


def test_reboot_hold_then_restart(session: Session) -> None:
    out = session.execute(":reboot hold").output
    assert "startup security" in out
    assert "ERR IPsec[05077]" in session.execute("ipsec dynamic show all").output  # not started
    assert session.execute(":restart WIN2003").ok
    assert "ERR IPsec[05077]" not in session.execute("ipsec dynamic show config").output


def test_another_name_needs_a_lab(session: Session) -> None:
    result = session.execute(":restart OTHER")
    assert not result.ok and "no lab is loaded" in result.output
