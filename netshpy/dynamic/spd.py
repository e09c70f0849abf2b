"""The Security Policy Database (SPD) the IPsec service holds in memory.

Main mode policies, quick mode policies and rules (each rule expands into
main mode and quick mode filters, see :mod:`netshpy.dynamic.expand`), plus the
security associations and counters a lab simulation adds. Entries compiled
from an assigned static policy carry an ``origin`` (``"local:Name"``...);
entries added with ``netsh ipsec dynamic`` have ``origin == ""``.

Everything is plain data that round-trips through JSON (:meth:`Spd.to_dict`),
so that the running SPD outlives one netshpy process as the real service
outlives netsh.exe: the service keeps each section in a table of its state
file (:mod:`netshpy.dynamic.state_db`) and an :class:`Spd` attached to it
reads a section only when a command touches it.
"""

from __future__ import annotations

from .. import messages
from ..errors import NetshError
from ..records import replace
from .spd_codec import decode_section, encode_section
from .spd_records import (
    DEFAULT_MM_OFFERS,
    DEFAULT_QM_OFFERS,
    IKE_COUNTERS,
    IPSEC_COUNTERS,
    Auth,
    MmPolicy,
    MmSa,
    QmPolicy,
    QmSa,
    Rule,
    default_mask,
    rule_key,
)

# The SPD's records are part of this module's public face (``docs/api.md``).
__all__ = [
    "DEFAULT_MM_OFFERS",
    "DEFAULT_QM_OFFERS",
    "IKE_COUNTERS",
    "IPSEC_COUNTERS",
    "SECTIONS",
    "Auth",
    "MmPolicy",
    "MmSa",
    "QmPolicy",
    "QmSa",
    "Rule",
    "Spd",
    "SpdSource",
    "default_mask",
    "rule_key",
]

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any


def _error(key: str, **values: object) -> NetshError:
    return NetshError(messages.ipsec(key, **values))


SECTIONS = ("mmpolicies", "qmpolicies", "rules", "mmsas", "qmsas", "ike_stats", "ipsec_stats")


class SpdSource:
    """Where a persisted SPD's sections come from (the service's state file).

    An SPD attached to a source reads each section on first use, so a command
    reads only what it needs; the rule operations let it add, find, change and
    delete one rule without reading the others. This base class is the
    interface; :class:`netshpy.dynamic.state_db.SpdTables` implements it.
    """

    def load(self, section: str) -> Any:
        """The decoded contents of *section* (a list, or a dict of counters)."""
        raise NotImplementedError

    def rule(self, key: tuple[Any, ...]) -> Rule | None:
        """The first rule whose identity is *key*."""
        raise NotImplementedError

    def rule_uses(self, column: str, name: str) -> bool:
        """Whether a rule names policy *name* in *column* (``mmpolicy``/``qmpolicy``)."""
        raise NotImplementedError

    def insert_rule(self, rule: Rule) -> None:
        """Append *rule*."""
        raise NotImplementedError

    def update_rule(self, key: tuple[Any, ...], rule: Rule) -> None:
        """Replace the first rule whose identity is *key* by *rule* (same identity)."""
        raise NotImplementedError

    def remove_rule(self, key: tuple[Any, ...]) -> None:
        """Delete the first rule whose identity is *key*."""
        raise NotImplementedError

    def replace_compiled_rules(self, rules: list[Rule]) -> None:
        """Replace every rule with an origin by *rules*, placed before the dynamic ones."""
        raise NotImplementedError


class Spd:
    """The running Security Policy Database.

    A plain ``Spd()`` holds everything in memory. One attached to a
    :class:`SpdSource` (the service's) loads each section when it is first
    touched; :meth:`loaded` tells which were, so that only those are written
    back. Rules are the section that grows: adding, finding, changing and
    deleting one rule goes to the source while the section is not loaded.
    """

    def __init__(
        self,
        mmpolicies: list[MmPolicy] | None = None,
        qmpolicies: list[QmPolicy] | None = None,
        rules: list[Rule] | None = None,
        mmsas: list[MmSa] | None = None,
        qmsas: list[QmSa] | None = None,
        *,
        source: SpdSource | None = None,
    ) -> None:
        self._source = source
        self._data: dict[str, Any] = {}
        if source is None:
            self._data = {
                "mmpolicies": list(mmpolicies or []),
                "qmpolicies": list(qmpolicies or []),
                "rules": list(rules or []),
                "mmsas": list(mmsas or []),
                "qmsas": list(qmsas or []),
                "ike_stats": dict.fromkeys(IKE_COUNTERS, 0),
                "ipsec_stats": dict.fromkeys(IPSEC_COUNTERS, 0),
            }

    def _get(self, section: str) -> Any:
        data = self._data.get(section)
        if data is None:
            assert self._source is not None
            data = self._data[section] = self._source.load(section)
        return data

    @property
    def source(self) -> SpdSource | None:
        """Where the sections not yet in memory are read from (None: all are in memory)."""
        return self._source

    def attach(self, source: SpdSource) -> None:
        """Take *source* as where the sections not in memory are (they are all in memory now)."""
        self._source = source

    def loaded(self) -> list[str]:
        """The sections held in memory (every one for an SPD without a source)."""
        return [s for s in SECTIONS if s in self._data]

    def is_loaded(self, section: str) -> bool:
        """Whether *section* is held in memory."""
        return section in self._data

    def _rules_elsewhere(self) -> SpdSource | None:
        """The source, while the rules are not loaded (rule operations go there)."""
        return self._source if "rules" not in self._data else None

    @property
    def mmpolicies(self) -> list[MmPolicy]:
        """Main mode policies, in the order added."""
        return self._get("mmpolicies")

    @mmpolicies.setter
    def mmpolicies(self, value: list[MmPolicy]) -> None:
        self._data["mmpolicies"] = value

    @property
    def qmpolicies(self) -> list[QmPolicy]:
        """Quick mode policies, in the order added."""
        return self._get("qmpolicies")

    @qmpolicies.setter
    def qmpolicies(self, value: list[QmPolicy]) -> None:
        self._data["qmpolicies"] = value

    @property
    def rules(self) -> list[Rule]:
        """Rules: the policy-derived ones first, then those added dynamically."""
        return self._get("rules")

    @rules.setter
    def rules(self, value: list[Rule]) -> None:
        self._data["rules"] = value

    @property
    def mmsas(self) -> list[MmSa]:
        """Main mode security associations."""
        return self._get("mmsas")

    @mmsas.setter
    def mmsas(self, value: list[MmSa]) -> None:
        self._data["mmsas"] = value

    @property
    def qmsas(self) -> list[QmSa]:
        """Quick mode security associations."""
        return self._get("qmsas")

    @qmsas.setter
    def qmsas(self, value: list[QmSa]) -> None:
        self._data["qmsas"] = value

    @property
    def ike_stats(self) -> dict[str, int]:
        """IKE counters."""
        return self._get("ike_stats")

    @ike_stats.setter
    def ike_stats(self, value: dict[str, int]) -> None:
        self._data["ike_stats"] = value

    @property
    def ipsec_stats(self) -> dict[str, int]:
        """IPsec counters."""
        return self._get("ipsec_stats")

    @ipsec_stats.setter
    def ipsec_stats(self, value: dict[str, int]) -> None:
        self._data["ipsec_stats"] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Spd):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spd(loaded={self.loaded()})"

    # ---- policies -------------------------------------------------------

    def mmpolicy(self, name: str) -> MmPolicy | None:
        """The main mode policy called *name* (case-insensitive)."""
        low = name.lower()
        return next((p for p in self.mmpolicies if p.name.lower() == low), None)

    def qmpolicy(self, name: str) -> QmPolicy | None:
        """The quick mode policy called *name* (case-insensitive)."""
        low = name.lower()
        return next((p for p in self.qmpolicies if p.name.lower() == low), None)

    def add_mmpolicy(self, policy: MmPolicy) -> None:
        """Add *policy*; its name must be new."""
        if self.mmpolicy(policy.name) is not None:
            raise _error("mmpolicy_exists", name=policy.name)
        self.mmpolicies.append(policy)

    def add_qmpolicy(self, policy: QmPolicy) -> None:
        """Add *policy*; its name must be new."""
        if self.qmpolicy(policy.name) is not None:
            raise _error("qmpolicy_exists", name=policy.name)
        self.qmpolicies.append(policy)

    def mmpolicies_named(self, name: str | None) -> list[MmPolicy]:
        """The policy called *name*, or all of them for None; errors when none."""
        if name is None:
            if not self.mmpolicies:
                raise _error("no_mmpolicies")
            return list(self.mmpolicies)
        policy = self.mmpolicy(name)
        if policy is None:
            raise _error("mmpolicy_missing", name=name)
        return [policy]

    def qmpolicies_named(self, name: str | None) -> list[QmPolicy]:
        """The policy called *name*, or all of them for None; errors when none."""
        if name is None:
            if not self.qmpolicies:
                raise _error("no_qmpolicies")
            return list(self.qmpolicies)
        policy = self.qmpolicy(name)
        if policy is None:
            raise _error("qmpolicy_missing", name=name)
        return [policy]

    def _policy_in_use(self, column: str, name: str) -> bool:
        source = self._rules_elsewhere()
        if source is not None:
            return source.rule_uses(column, name)
        low = name.lower()
        return any((getattr(r, column) or "").lower() == low for r in self.rules)

    def delete_mmpolicy(self, name: str | None) -> None:
        """Delete one main mode policy, or all (None); a policy in use stays."""
        targets = self.mmpolicies_named(name)
        for policy in targets:
            if self._policy_in_use("mmpolicy", policy.name):
                raise _error("policy_in_use", name=policy.name)
        for policy in targets:
            self.mmpolicies.remove(policy)

    def delete_qmpolicy(self, name: str | None) -> None:
        """Delete one quick mode policy, or all (None); a policy in use stays."""
        targets = self.qmpolicies_named(name)
        for policy in targets:
            if self._policy_in_use("qmpolicy", policy.name):
                raise _error("policy_in_use", name=policy.name)
        for policy in targets:
            self.qmpolicies.remove(policy)

    # ---- rules ------------------------------------------------------------

    def find_rule(self, key: tuple[Any, ...]) -> Rule:
        """The rule with identity *key*; the netsh error when there is none."""
        source = self._rules_elsewhere()
        if source is not None:
            found = source.rule(key)
            if found is None:
                raise _error("rule_missing_dynamic")
            return found
        for rule in self.rules:
            if rule.key() == key:
                return rule
        raise _error("rule_missing_dynamic")

    def check_rule_refs(self, rule: Rule) -> None:
        """Errors unless the rule's policies exist (and a QM one when it negotiates)."""
        if self.mmpolicy(rule.mmpolicy) is None:
            raise _error("mmpolicy_missing", name=rule.mmpolicy)
        if rule.qmpolicy is not None and self.qmpolicy(rule.qmpolicy) is None:
            raise _error("qmpolicy_missing", name=rule.qmpolicy)
        if rule.negotiates and rule.qmpolicy is None:
            raise _error("qmpolicy_required")

    def add_rule(self, rule: Rule) -> None:
        """Add *rule*; its policies must exist and its identity must be new."""
        self.check_rule_refs(rule)
        source = self._rules_elsewhere()
        if source is not None:
            if source.rule(rule.key()) is not None:
                raise _error("rule_exists_dynamic")
            source.insert_rule(rule)
            return
        if any(r.key() == rule.key() for r in self.rules):
            raise _error("rule_exists_dynamic")
        self.rules.append(rule)

    def set_rule(self, key: tuple[Any, ...], **changes: Any) -> Rule:
        """Change the policies, actions or authentication of the rule *key*."""
        rule = self.find_rule(key)
        updated = replace(rule, **changes)
        self.check_rule_refs(updated)
        source = self._rules_elsewhere()
        if source is not None:
            source.update_rule(key, updated)
        else:
            self.rules[self.rules.index(rule)] = updated
        return updated

    def delete_rule(self, key: tuple[Any, ...]) -> None:
        """Delete the rule *key* and its filters."""
        rule = self.find_rule(key)
        source = self._rules_elsewhere()
        if source is not None:
            source.remove_rule(key)
        else:
            self.rules.remove(rule)

    def delete_all(self) -> None:
        """Delete every policy and rule (the SAs and counters stay)."""
        self.mmpolicies = []
        self.qmpolicies = []
        self.rules = []

    # ---- policy-derived entries ------------------------------------------

    def replace_compiled(
        self, mmpolicies: list[MmPolicy], qmpolicies: list[QmPolicy], rules: list[Rule]
    ) -> None:
        """Replace every policy-derived entry by *these* (placed before dynamic ones)."""
        self.mmpolicies = mmpolicies + [p for p in self.mmpolicies if not p.origin]
        self.qmpolicies = qmpolicies + [p for p in self.qmpolicies if not p.origin]
        source = self._rules_elsewhere()
        if source is not None:
            source.replace_compiled_rules(rules)
        else:
            self.rules = rules + [r for r in self.rules if not r.origin]

    # ---- security associations and counters (for the lab simulation) ------

    def add_mm_sa(self, sa: MmSa) -> None:
        """Record a main mode SA and count it."""
        self.mmsas.append(sa)
        self.ike_stats["main_modes"] += 1

    def add_qm_sa(self, sa: QmSa) -> None:
        """Record a quick mode SA and count it."""
        self.qmsas.append(sa)
        self.ike_stats["quick_modes"] += 1
        self.ipsec_stats["active_assoc"] += 1
        self.ipsec_stats["key_adds"] += 1
        if sa.tunnel_dst:
            self.ipsec_stats["active_tunnels"] += 1

    def count(self, counter: str, amount: int = 1) -> None:
        """Add *amount* to the IKE or IPsec counter *counter*."""
        if counter in self.ike_stats:
            self.ike_stats[counter] += amount
        elif counter in self.ipsec_stats:
            self.ipsec_stats[counter] += amount
        else:
            raise KeyError(counter)

    # ---- persistence -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (every section, loading those not yet loaded)."""
        return {section: encode_section(section, self._get(section)) for section in SECTIONS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Spd:
        """The SPD *data* describes (raises ValueError/TypeError/KeyError if malformed)."""
        spd = cls()
        for section in SECTIONS:
            spd._data[section] = decode_section(section, data.get(section))
        return spd
