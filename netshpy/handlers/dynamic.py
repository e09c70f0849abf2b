"""Handlers of the ``netsh ipsec dynamic`` context: the SPD of the IPsec service.

Every command but ``set config``, ``show config`` and ``dump`` needs the
service running (``ERR IPsec[05077]`` otherwise); the configuration is
registry-like and works either way. Layouts live in ``netshpy.dynamic.render``.
"""

from __future__ import annotations

from .. import messages
from ..dynamic import dump as _dump
from ..dynamic import expand as _expand
from ..dynamic import render
from ..dynamic import service as _svc
from ..dynamic import spd_records as _spdmod
from ..dynamic.expand import FilterView
from ..dynamic.service import IpsecService
from ..dynamic.spd import Spd
from ..dynamic.spd_records import Auth, MmPolicy, QmPolicy, Rule
from ..errors import NetshError
from ..session import Call
from ..values import Address
from ..values import pair_with_server as _pair_with_server

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

_AUTH_TAGS = ("kerberos", "psk", "rootca")
_CHANGEABLE = ("mmpolicy", "qmpolicy", "actioninbound", "actionoutbound")


def _service(call: Call) -> IpsecService:
    return _svc.get_service(call.host)


def _spd(call: Call, *, write: bool = False) -> tuple[IpsecService, Spd]:
    """The service and its SPD; *write* for a command that changes it (one transaction)."""
    service = _service(call)
    return service, service.require_spd(write=write)


def _error(key: str, **values: object) -> NetshError:
    return NetshError(messages.ipsec(key, **values))


def _name(call: Call) -> str:
    name = call.args["name"]
    if not name.strip():
        raise _error("bad_value", value=name, tag="name")
    return name


def _auth(call: Call) -> list[Auth]:
    """Authentication methods in the order given on the line (= preference)."""
    methods: list[Auth] = []
    for tag, value in call.args.items():
        if tag == "kerberos" and value:
            methods.append(Auth("kerberos"))
        elif tag == "psk":
            methods.append(Auth("psk", value))
        elif tag == "rootca":
            methods.extend(Auth("rootca", ca) for ca in value)
    return methods


def _addresses(call: Call) -> tuple[Address, Address]:
    """srcaddr and dstaddr, the side opposite a server type being me."""
    pair = _pair_with_server(call.args["srcaddr"], call.args["dstaddr"])
    if pair is None:
        raise _error("server_needs_me")
    src, dst = pair
    return _resolved(call, src), _resolved(call, dst)


def _resolved(call: Call, address: Address) -> Address:
    """A DNS name with the (first) address the computer resolves it to, as netsh
    resolves a name when it adds the rule; an unknown name is an error."""
    if address.kind != "dns" or address.resolved:
        return address
    from ..computer.resolver import resolver

    found = resolver(call.host).lookup(address.value)
    if not found:
        raise _error("dns_unresolved", name=address.value)
    return Address("dns", address.value, found[0])


def _check_shape(protocol: int, srcport: int, dstport: int) -> None:
    if (srcport or dstport) and protocol not in (6, 17):
        raise _error("port_needs_tcp_udp")


def _identity(call: Call) -> tuple[Any, ...]:
    args = call.args
    src, dst = _addresses(call)
    return _spdmod.rule_key(
        src,
        dst,
        args.get("srcmask") or _spdmod.default_mask(src),
        args.get("dstmask") or _spdmod.default_mask(dst),
        args["protocol"],
        args["srcport"],
        args["dstport"],
        args["mirrored"],
        args["conntype"],
        args.get("tunneldstaddress"),
    )


# ---- add ------------------------------------------------------------------------


def add_mmpolicy(call: Call) -> None:
    """``add mmpolicy``."""
    service, spd = _spd(call, write=True)
    args = call.args
    policy = MmPolicy(
        _name(call),
        qmpermm=args.value("qmpermm"),
        mmlifetime=args.value("mmlifetime"),
        softsaexpirationtime=args.get("softsaexpirationtime"),
    )
    if "mmsecmethods" in args:
        policy.offers = list(args["mmsecmethods"])
    spd.add_mmpolicy(policy)
    service.save()


def add_qmpolicy(call: Call) -> None:
    """``add qmpolicy``."""
    service, spd = _spd(call, write=True)
    args = call.args
    policy = QmPolicy(_name(call), soft=bool(args.value("soft")), pfsgroup=args.value("pfsgroup"))
    if "qmsecmethods" in args:
        policy.offers = list(args["qmsecmethods"])
    spd.add_qmpolicy(policy)
    service.save()


def add_rule(call: Call) -> None:
    """``add rule``: a rule and its main mode and quick mode filters."""
    service, spd = _spd(call, write=True)
    args = call.args
    src, dst = _addresses(call)
    protocol, srcport, dstport = (
        args.value("protocol"),
        args.value("srcport"),
        args.value("dstport"),
    )
    _check_shape(protocol, srcport, dstport)
    rule = Rule(
        srcaddr=src,
        dstaddr=dst,
        mmpolicy=args["mmpolicy"],
        srcmask=args.get("srcmask") or _spdmod.default_mask(src),
        dstmask=args.get("dstmask") or _spdmod.default_mask(dst),
        protocol=protocol,
        srcport=srcport,
        dstport=dstport,
        mirrored=bool(args.value("mirrored")),
        conntype=args.value("conntype"),
        tunnel=args.get("tunneldstaddress"),
        qmpolicy=args.get("qmpolicy"),
        actioninbound=args.value("actioninbound"),
        actionoutbound=args.value("actionoutbound"),
        auth=_auth(call),
    )
    spd.check_rule_refs(rule)
    rule.name = call.host.new_guid()
    spd.add_rule(rule)
    service.save()


# ---- delete -----------------------------------------------------------------------


def delete_all(call: Call) -> None:
    """``delete all``: every policy, rule and filter of the SPD."""
    service, spd = _spd(call, write=True)
    spd.delete_all()
    service.save()


def delete_mmpolicy(call: Call) -> None:
    """``delete mmpolicy name=|all``."""
    service, spd = _spd(call, write=True)
    spd.delete_mmpolicy(call.args.get("name"))
    service.save()


def delete_qmpolicy(call: Call) -> None:
    """``delete qmpolicy name=|all``."""
    service, spd = _spd(call, write=True)
    spd.delete_qmpolicy(call.args.get("name"))
    service.save()


def delete_rule(call: Call) -> None:
    """``delete rule``: the rule with the given identity, and its filters."""
    service, spd = _spd(call, write=True)
    spd.delete_rule(_identity(call))
    service.save()


# ---- set -------------------------------------------------------------------------


def set_config(call: Call) -> None:
    """``set config``: persistent, works while the service is stopped."""
    _service(call).set_config(call.args["property"], call.args["value"])


def set_mmpolicy(call: Call) -> None:
    """``set mmpolicy name=|all``."""
    service, spd = _spd(call, write=True)
    args = call.args
    for policy in spd.mmpolicies_named(args.get("name")):
        if "qmpermm" in args:
            policy.qmpermm = args["qmpermm"]
        if "mmlifetime" in args:
            policy.mmlifetime = args["mmlifetime"]
        if "softsaexpirationtime" in args:
            policy.softsaexpirationtime = args["softsaexpirationtime"]
        if "mmsecmethods" in args:
            policy.offers = list(args["mmsecmethods"])
    service.save()


def set_qmpolicy(call: Call) -> None:
    """``set qmpolicy``."""
    service, spd = _spd(call, write=True)
    args = call.args
    for policy in spd.qmpolicies_named(args["name"]):
        if "soft" in args:
            policy.soft = bool(args["soft"])
        if "pfsgroup" in args:
            policy.pfsgroup = args["pfsgroup"]
        if "qmsecmethods" in args:
            policy.offers = list(args["qmsecmethods"])
    service.save()


def set_rule(call: Call) -> None:
    """``set rule``: only policies, actions and authentication change."""
    service, spd = _spd(call, write=True)
    changes: dict[str, Any] = {tag: call.args[tag] for tag in _CHANGEABLE if tag in call.args}
    if any(tag in call.args for tag in _AUTH_TAGS):
        changes["auth"] = _auth(call)
    spd.set_rule(_identity(call), **changes)
    service.save()


# ---- show ------------------------------------------------------------------------


def _addr(call: Call, service: IpsecService) -> render.AddressText:
    resolve = bool(call.args.value("resolvedns"))
    reverse = None
    if resolve:
        from ..computer.resolver import resolver

        reverse = resolver(call.host).reverse
    return render.address_text(service.local_addresses(), call.host.computer_name, resolve, reverse)


def _sa_addr(call: Call, service: IpsecService):
    local = set(service.local_addresses())
    resolve = bool(call.args.value("resolvedns"))
    name = call.host.computer_name
    return lambda ip: name if resolve and ip in local else ip


def _address_matches(query: Address, actual: Address | None, local: list[str]) -> bool:
    if actual is None:
        return False
    if query.kind == "me" and actual.kind == "ip" and actual.value in local:
        return True
    if actual.kind == "me" and query.kind == "ip" and query.value in local:
        return True
    return query.kind == actual.kind and query.value.lower() == actual.value.lower()


def _keep(call: Call, view: Any, local: list[str], tags: tuple[str, ...]) -> bool:
    """True when *view* (a rule or a filter) matches every filter tag given."""
    args = call.args
    for tag in tags:
        if tag not in args:
            continue
        wanted = args[tag]
        if tag in ("srcaddr", "dstaddr"):
            if not _address_matches(wanted, getattr(view, tag), local):
                return False
        elif tag in ("actioninbound", "actionoutbound"):
            rule = view if isinstance(view, Rule) else view.rule
            if getattr(rule, tag) != wanted:
                return False
        elif getattr(view, tag) != wanted:
            return False
    return True


_MM_TAGS = ("srcaddr", "dstaddr", "srcmask", "dstmask")
_QM_TAGS = (*_MM_TAGS, "protocol", "srcport", "dstport", "actioninbound", "actionoutbound")


def _filter_views(call: Call, service: IpsecService, spd: Spd, layer: str):
    name = call.args.get("name")
    kinds = [call.args["type"]] if "type" in call.args else ["generic", "specific"]
    local = service.local_addresses()
    tags = _MM_TAGS if layer == "mm" else _QM_TAGS
    out: dict[str, list[FilterView]] = {}
    for kind in kinds:
        views = _expand.filters(spd.rules, layer, kind, local)
        if name is not None:
            views = [v for v in views if v.name.lower() == name.lower()]
        out[kind] = [v for v in views if _keep(call, v, local, tags)]
    if not any(out.values()):
        if name is not None and not any(r.name.lower() == name.lower() for r in spd.rules):
            raise _error(f"{layer}filter_missing", name=name)
        raise _error(f"no_{layer}filters")
    return out.get("generic"), out.get("specific")


def _show_mmpolicy(spd: Spd, name: str | None) -> str:
    noun = None if name is not None else "Main Mode Policy(s)"
    return render.policies([render.mmpolicy(p) for p in spd.mmpolicies_named(name)], noun)


def _show_qmpolicy(spd: Spd, name: str | None) -> str:
    noun = None if name is not None else "Quick Mode Policy(s)"
    return render.policies([render.qmpolicy(p) for p in spd.qmpolicies_named(name)], noun)


def show_mmpolicy(call: Call) -> str:
    """``show mmpolicy name=|all``."""
    _, spd = _spd(call)
    return _show_mmpolicy(spd, call.args.get("name"))


def show_qmpolicy(call: Call) -> str:
    """``show qmpolicy name=|all``."""
    _, spd = _spd(call)
    return _show_qmpolicy(spd, call.args.get("name"))


def show_mmfilter(call: Call) -> str:
    """``show mmfilter``: generic and/or specific main mode filters."""
    service, spd = _spd(call)
    generic, specific = _filter_views(call, service, spd, "mm")
    return render.mmfilters(generic, specific, _addr(call, service))


def show_qmfilter(call: Call) -> str:
    """``show qmfilter``: generic and/or specific quick mode filters."""
    service, spd = _spd(call)
    generic, specific = _filter_views(call, service, spd, "qm")
    return render.qmfilters(generic, specific, _addr(call, service))


def show_rule(call: Call) -> str:
    """``show rule``: the rules matching every value given."""
    service, spd = _spd(call)
    local = service.local_addresses()
    kind = call.args.get("type")
    items = [
        r for r in spd.rules if (kind is None or r.kind == kind) and _keep(call, r, local, _QM_TAGS)
    ]
    if not items:
        raise _error("no_dynamic_rules")
    return render.rules(items, _addr(call, service))


def _sa_matches(call: Call, sa: Any, local: list[str]) -> bool:
    for tag, field in (("srcaddr", "src"), ("dstaddr", "dst")):
        if tag in call.args:
            actual = Address("ip", getattr(sa, field))
            if not _address_matches(call.args[tag], actual, local):
                return False
    return not ("protocol" in call.args and sa.protocol != call.args["protocol"])


def show_mmsas(call: Call) -> str:
    """``show mmsas``."""
    service, spd = _spd(call)
    local = service.local_addresses()
    items = [sa for sa in spd.mmsas if _sa_matches(call, sa, local)]
    if not items:
        raise _error("no_mmsas")
    return render.mmsas(
        items, call.host.clock(), call.args.value("format"), _sa_addr(call, service)
    )


def show_qmsas(call: Call) -> str:
    """``show qmsas``."""
    service, spd = _spd(call)
    local = service.local_addresses()
    items = [sa for sa in spd.qmsas if _sa_matches(call, sa, local)]
    if not items:
        raise _error("no_qmsas")
    return render.qmsas(
        items, call.host.clock(), call.args.value("format"), _sa_addr(call, service)
    )


def show_stats(call: Call) -> str:
    """``show stats [type=ipsec|ike]``."""
    _, spd = _spd(call)
    return render.stats(spd.ike_stats, spd.ipsec_stats, call.args.get("type"))


def show_config(call: Call) -> str:
    """``show config``: works while the service is stopped."""
    service = _service(call)
    service.sync()
    return render.config(service.config)


def show_all(call: Call) -> str:
    """``show all``: policies, filters, SAs and statistics; empty parts say so."""
    service, spd = _spd(call)
    addr = _addr(call, service)
    local = service.local_addresses()
    sa_addr = _sa_addr(call, service)
    parts = []

    def part(make) -> None:
        try:
            parts.append(make().rstrip("\n"))
        except NetshError as error:
            parts.append(error.text)

    part(lambda: _show_mmpolicy(spd, None))
    part(lambda: _show_qmpolicy(spd, None))
    for layer, draw in (("mm", render.mmfilters), ("qm", render.qmfilters)):
        generic = _expand.filters(spd.rules, layer, "generic", local)
        specific = _expand.filters(spd.rules, layer, "specific", local)
        if generic or specific:
            parts.append(draw(generic, specific, addr).rstrip("\n"))
        else:
            parts.append(messages.ipsec(f"no_{layer}filters"))
    when = call.host.clock()
    part(
        lambda: render.mmsas(spd.mmsas, when, "list", sa_addr) if spd.mmsas else _raise("no_mmsas")
    )
    part(
        lambda: render.qmsas(spd.qmsas, when, "list", sa_addr) if spd.qmsas else _raise("no_qmsas")
    )
    parts.append(render.stats(spd.ike_stats, spd.ipsec_stats, None).rstrip("\n"))
    return "\n\n".join(parts) + "\n"


def _raise(key: str) -> str:
    raise _error(key)


def dump(call: Call) -> str:
    """``dump``: the configuration and the dynamically added SPD entries as a script."""
    service = _service(call)
    service.sync()
    spd = service.require_spd() if service.running else None
    return _dump.dump(service.config, spd)
