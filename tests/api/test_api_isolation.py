"""Two tests never see each other's stores, whatever order they run in."""

from __future__ import annotations

import pytest

from netshpy import Emulator


@pytest.mark.parametrize("run", ["first", "second", "third"])
def test_each_test_starts_from_a_fresh_computer(netsh: Emulator, run: str) -> None:
    assert "LEAK.DLL" not in netsh.run("show helper").output
    assert netsh.host.new_guid() == "{00000000-0000-0000-0000-000000000001}"
    netsh.run("add helper leak.dll")
    netsh.run("ipsec static")
    assert "LEAK.DLL" in netsh.run("show helper").output


def test_fixture_state_lives_in_the_tests_tmp_path(netsh: Emulator, tmp_path) -> None:
    assert netsh.state_dir.is_relative_to(tmp_path)
    assert netsh.prompt == "netsh>"


def test_session_fixture_is_shared(netsh_session: Emulator, netsh: Emulator) -> None:
    assert netsh_session is not netsh
    assert netsh_session.state_dir != netsh.state_dir
