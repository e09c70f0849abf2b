"""The query facade: delegation to the static store and SPD query modules."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

import netshpy
from netshpy import Emulator


@dataclass
class FakePolicy:
    name: str
    guid: str
    rules: list[str] = field(default_factory=list)


@pytest.fixture
def fake_static(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """A stand-in ``netshpy.static.query`` recording how it is called."""
    calls: list[tuple[Any, ...]] = []
    module = types.ModuleType("netshpy.static.query")

    def policies(host: Any, location: str, domain: str | None) -> list[FakePolicy]:
        calls.append(("policies", host, location, domain))
        return [FakePolicy("Web", "{00000000-0000-0000-0000-000000000007}", ["r1", "r2"])]

    def assigned_policy(host: Any, location: str, domain: str | None) -> None:
        calls.append(("assigned_policy", host, location, domain))

    def filterlists(host: Any, location: str, domain: str | None) -> tuple[str, ...]:
        calls.append(("filterlists", host, location, domain))
        return ()

    module.policies = policies  # type: ignore[attr-defined]
    module.assigned_policy = assigned_policy  # type: ignore[attr-defined]
    module.filterlists = filterlists  # type: ignore[attr-defined]
    module.extra = lambda host, x: ("extra", x)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "netshpy.static.query", module)
    return calls


def test_static_queries_delegate_with_the_host(fake_static: list, netsh: Emulator) -> None:
    assert [p.name for p in netsh.static.policies()] == ["Web"]
    assert fake_static[-1] == ("policies", netsh.host, "local", None)
    netsh.static.policies("domain", "corp.example")
    assert fake_static[-1][2:] == ("domain", "corp.example")
    assert netsh.static.assigned_policy() is None
    assert netsh.static.filterlists() == []
    assert netsh.static.extra(5) == ("extra", 5)  # any other query function
    assert netsh.static.available


@pytest.mark.parametrize("key", ["web", "WEB", "{00000000-0000-0000-0000-000000000007}"])
def test_policy_by_name_or_guid(fake_static: list, netsh: Emulator, key: str) -> None:
    assert netsh.static.policy(key).name == "Web"
    assert netsh.static.rules(key) == ["r1", "r2"]


def test_missing_policy_is_a_key_error(fake_static: list, netsh: Emulator) -> None:
    with pytest.raises(KeyError, match="Nope"):
        netsh.static.policy("Nope")


def test_unknown_query_function(fake_static: list, netsh: Emulator) -> None:
    with pytest.raises(netshpy.AreaNotAvailable, match="no query called 'teleport'"):
        netsh.static.teleport()


def test_shared_mode_reopens_the_host_around_a_query(
    fake_static: list, netsh: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = []
    monkeypatch.setattr(netsh.host, "close", lambda: closed.append(1))
    netsh.static.policies()
    assert closed == []
    netsh.shared = True
    netsh.static.policies()
    assert closed == [1, 1]


def test_static_area_missing_is_a_clear_error(
    netsh: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "netshpy.static.query", None)
    assert not netsh.static.available
    with pytest.raises(netshpy.AreaNotAvailable, match="static policy store"):
        netsh.static.policies()


def test_dynamic_area_missing_is_a_clear_error(
    netsh: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "netshpy.dynamic", None)  # import now fails
    assert not netsh.dynamic.available
    with pytest.raises(netshpy.AreaNotAvailable, match="dynamic SPD"):
        netsh.dynamic.rules()


def test_queries_on_a_closed_emulator_fail(fake_static: list) -> None:
    emu = Emulator()
    emu.close()
    with pytest.raises(netshpy.EmulatorError, match="closed"):
        emu.static.policies()


def test_private_names_are_not_delegated(netsh: Emulator) -> None:
    with pytest.raises(AttributeError):
        netsh.static._secret  # noqa: B018
