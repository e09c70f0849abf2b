"""Handlers of the root ``netsh`` context (inherited by every context)."""

from __future__ import annotations

import json

from .. import help as helptext
from .. import messages
from ..errors import NetshError
from ..host import write_atomically
from ..osinfo import os_info
from ..session import Call, handler_for
from ..textfile import load_json, read_text

BUILTIN_HELPERS = {"nshipsec.dll": ("{E7F7E9B2-7B11-4C3B-9A7A-2A1D4F4C1E01}", ["ipsec"])}
_HELPERS_FILE = "helpers.json"


def help(call: Call) -> str:  # noqa: A001 - the netsh command is called help
    return helptext.context_listing(call.context, call.session.spec.root)


def up(call: Call) -> None:
    parent = call.session.context.parent
    if parent is not None:
        call.session.change_context(parent)


def exit(call: Call) -> None:  # noqa: A001
    call.session.close()


quit = bye = exit  # noqa: A001


def pushd(call: Call) -> str | None:
    session = call.session
    session.stack.append(session.context)
    text = call.args.get("text")
    if text:
        return session.execute(text).output
    return None


def popd(call: Call) -> None:
    session = call.session
    if not session.stack:
        raise NetshError(messages.STACK_EMPTY)
    session.change_context(session.stack.pop())


def alias(call: Call) -> str | None:
    text = call.args.get("text", "")
    aliases = call.session.aliases
    if not text:
        return _alias_table(aliases)
    name, _, value = text.partition(" ")
    name = name.strip('"').lower()
    value = value.strip()
    if not value:
        if name not in aliases:
            raise NetshError(messages.ALIAS_NOT_FOUND.format(name=name))
        return aliases[name]
    if value.startswith('"') and value.endswith('"') and len(value) > 1:
        value = value[1:-1]
    aliases[name] = value
    return None


def _alias_table(aliases: dict[str, str]) -> str:
    return "\n".join(f"{name} {value}" for name, value in sorted(aliases.items()))


def unalias(call: Call) -> None:
    name = call.args["name"].lower()
    if call.session.aliases.pop(name, None) is None:
        raise NetshError(messages.ALIAS_NOT_FOUND.format(name=name))


def show_alias(call: Call) -> str:
    return _alias_table(call.session.aliases)


def offline(call: Call) -> None:
    call.session.offline = True


def online(call: Call) -> None:
    call.session.offline = False


def set_mode(call: Call) -> None:
    call.session.offline = call.args["mode"] == "offline"


def show_mode(call: Call) -> str:
    return messages.MODE_OFFLINE if call.session.offline else messages.MODE_ONLINE


def commit(call: Call) -> str | None:
    session = call.session
    queue, session.offline_queue = session.offline_queue, []
    was_offline, session.offline = session.offline, False
    outputs = []
    here = session.context
    for context, line in queue:
        session.context = context
        outputs.append(session.execute(line).output)
    session.context = here
    session.offline = was_offline
    return "".join(outputs) or None


def abort(call: Call) -> None:
    call.session.offline_queue.clear()


def _builtin_helpers(call: Call) -> dict[str, tuple[str, list[str]]]:
    """The helpers this computer's Windows version ships (nshipsec.dll on 2003)."""
    helpers = {
        h.dll.lower(): (h.guid, [h.context])
        for h in os_info(getattr(call.host, "os", None)).helpers
        if (h.context,) in call.session.spec.contexts
    }
    return helpers or dict(BUILTIN_HELPERS)


def _helpers(call: Call) -> dict[str, str]:
    path = call.host.state_dir / _HELPERS_FILE
    try:
        extra = load_json(read_text(path))
    except (OSError, ValueError):
        extra = {}
    if not isinstance(extra, dict):
        return {}
    # A hand-edited file may hold anything: keep only name -> DLL file name.
    return {k: v for k, v in extra.items() if isinstance(v, str) and v.strip()}


def add_helper(call: Call) -> str:
    dll = call.args["dllname"]
    extra = _helpers(call)
    if dll.lower() in _builtin_helpers(call) or dll.lower() in extra:
        raise NetshError(messages.HELPER_ALREADY.format(dll=dll))
    extra[dll.lower()] = dll
    write_atomically(call.host.state_dir / _HELPERS_FILE, json.dumps(extra))
    return messages.HELPER_INSTALLED


def delete_helper(call: Call) -> str:
    dll = call.args["dllname"]
    extra = _helpers(call)
    builtin = _builtin_helpers(call)
    if dll.lower() in builtin:
        context = builtin[dll.lower()][1][0]
        raise NetshError(messages.HELPER_BUILTIN.format(dll=dll, context=context))
    if extra.pop(dll.lower(), None) is None:
        raise NetshError(messages.HELPER_NOT_INSTALLED.format(dll=dll))
    write_atomically(call.host.state_dir / _HELPERS_FILE, json.dumps(extra))
    return messages.HELPER_INSTALLED


def show_helper(call: Call) -> str:
    lines = [
        "Helper GUID                             DLL Filename  Command",
        "--------------------------------------  ------------  -------",
    ]
    for dll, (guid, contexts) in _builtin_helpers(call).items():
        lines.append(f"{guid}  {dll.upper():<12}  {contexts[0]}")
        for child in sorted(call.session.spec.contexts[(contexts[0],)].children):
            lines.append(f"{guid}  {dll.upper():<12}    {child}")
    for added in sorted(_helpers(call).values()):
        lines.append(f"{'':<38}  {added.upper()}")
    return "\n".join(lines)


def set_machine(call: Call) -> str | None:
    name = call.args.get("name")
    session = call.session
    resolver = getattr(session, "machine_resolver", None)
    if resolver is not None:
        # A lab decides which computer a name reaches and sets session.machine itself.
        if resolver(session, (name or "").lstrip("\\")):
            return None
        raise NetshError(messages.MACHINE_UNREACHABLE.format(machine=name))
    if not name or name.lstrip("\\").lower() in (session.host.computer_name.lower(), "localhost"):
        session.machine = None
        return None
    raise NetshError(messages.MACHINE_UNREACHABLE.format(machine=name))


def dump(call: Call) -> str:
    ctx = call.context
    if ctx is not call.session.spec.root:
        return "\n"  # a context without a dump of its own prints an empty line [V]
    parts = [messages.DUMP_HEADER]
    for child in sorted(ctx.children.values(), key=lambda c: c.path):
        command = child.commands.get(("dump",))
        if command is not None:
            parts.append(handler_for(command)(Call(call.session, command, call.args, child)) or "")
    return "\n".join(parts)


def exec(call: Call) -> str | None:  # noqa: A001
    from ..computer.drives import DriveError, drives

    try:
        lines = drives(call.host).read_text(call.args["scriptfile"]).splitlines()
    except DriveError as error:
        raise NetshError(error.text) from None
    results = call.session.run_script(lines)
    return "".join(r.output for r in results) or None
