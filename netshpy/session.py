"""The session core every front end drives: one line in, netsh's text out.

A :class:`Session` holds what a running ``netsh.exe`` holds: the current
context and the pushd stack, aliases, online/offline mode and the queue of
offline commands, and per-helper session state (e.g. the static store
selection). The emulated computer's persistent state lives in its
:class:`~netshpy.host.Host`.

The session also owns the registry of the ``:`` emulator commands. Every
module named ``colon_commands`` (``netshpy/colon_commands.py`` for the core's
own, ``netshpy/<area>/colon_commands.py`` for an area's) registers its
commands with :func:`netshpy.colon_commands.command`; the registry finds those
modules by name on the first ``:`` line, so the session never imports an area.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from . import help as helptext
from . import messages
from .errors import EmulatorUsageError, NetshError
from .grammar import GrammarError
from .host import Host
from .inputs import clean
from .records import dataclass
from .resolve import Args, Target, bind, echo_line, resolve, split
from .spec import Command, Context, Spec
from .spec import for_os as spec_for_os

TYPE_CHECKING = False  # typing costs milliseconds of start-up; annotations are strings
if TYPE_CHECKING:
    from typing import Any

Handler = Callable[["Call"], "str | None"]
Observer = Callable[["Session", str, str, "Result"], None]
EMULATOR_PREFIX = ":"  # starts an emulator-only command line (netshpy.colon_commands)
COLON_MODULE = "colon_commands"  # the name of every module that registers ':' commands
UNKNOWN_COLON = "netshpy: unknown emulator command ':{name}'. Type :help for the list."
BAD_COLON_USAGE = "netshpy: usage: {usage}"
_OFFLINE_GROUPS = ("add", "set", "delete")


@dataclass
class Result:
    """What one line printed, and whether netsh reported an error."""

    output: str
    ok: bool = True
    error: NetshError | None = None

    @property
    def code(self) -> int | None:
        """The ``ERR IPsec`` code of the error, if any."""
        return self.error.code if self.error else None


@dataclass
class Call:
    """Everything a handler receives: typed arguments and where to act."""

    session: Session
    command: Command
    args: Args
    context: Context

    @property
    def host(self) -> Host:
        """The emulated computer."""
        return self.session.host


def handler_for(command: Command) -> Handler:
    """The function implementing *command* (``netshpy.handlers.<module>.<handler>``)."""
    module = importlib.import_module(f"netshpy.handlers.{command.module}")
    return getattr(module, command.handler)


# ---- the registry of ':' commands -------------------------------------------------


@dataclass(frozen=True)
class EmulatorCommand:
    """One ``:name`` command."""

    name: str
    summary: str
    usage: str
    func: Callable[[Session, list[str]], str | None]


_COLON_COMMANDS: dict[str, EmulatorCommand] = {}
_colon_loaded = False


def register_colon_command(command: EmulatorCommand) -> None:
    """Add (or replace) the ``:`` command *command*."""
    _COLON_COMMANDS[command.name] = command


def colon_modules() -> list[str]:
    """The modules that register ``:`` commands, found by name (``colon_commands``)."""
    from pathlib import Path  # only when a ':' line runs

    package = Path(__file__).parent
    found = [f"{__package__}.{COLON_MODULE}"]
    for folder in sorted(package.iterdir()):
        if (folder / f"{COLON_MODULE}.py").is_file():
            found.append(f"{__package__}.{folder.name}.{COLON_MODULE}")
    return found


def colon_commands() -> dict[str, EmulatorCommand]:
    """Every registered ``:`` command (the ``colon_commands`` modules imported once)."""
    global _colon_loaded
    if not _colon_loaded:
        _colon_loaded = True
        for module in colon_modules():
            try:
                importlib.import_module(module)
            except ImportError:
                continue
    return _COLON_COMMANDS


def run_colon(session: Session, line: str) -> tuple[str, bool]:
    """Run a ``:`` command line; return (output, ok)."""
    import shlex  # only when a ':' line runs

    text = line.lstrip()[len(EMULATOR_PREFIX) :].replace("\x00", "")  # as for netsh lines
    # Blanks separate, quotes group, backslashes stay (C:\Policies, Windows host paths).
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""
    try:
        argv = list(lexer)
    except ValueError:
        argv = text.split()
    if not argv:
        argv = ["help"]
    name = argv[0].lower()
    table = colon_commands()
    found = table.get(name)
    if found is None:
        hits = [n for n in table if n.startswith(name)]
        found = table[hits[0]] if len(hits) == 1 else None
    if found is None:
        return UNKNOWN_COLON.format(name=name), False
    try:
        return found.func(session, argv[1:]) or "", True
    except EmulatorUsageError as exc:
        return str(exc) or BAD_COLON_USAGE.format(usage=found.usage), False


class Session:
    """A netsh session on *host* (by default the per-user state folder)."""

    def __init__(
        self,
        host: Host | None = None,
        *,
        spec: Spec | None = None,
        interactive: bool = True,
    ) -> None:
        self.host = host if host is not None else Host()
        self.spec = spec if spec is not None else spec_for_os(getattr(self.host, "os", None))
        self.context: Context = self.spec.root
        self.stack: list[Context] = []
        self.aliases: dict[str, str] = {}
        self.offline = False
        self.offline_queue: list[tuple[Context, str]] = []
        self.machine: str | None = None
        self.unreachable = False  # netsh -r named a computer that cannot be reached
        self.interactive = interactive
        self.finished = False
        # Per-helper session state, e.g. the static store location.
        self.helper_state: dict[str, dict[str, Any]] = {}
        self._leave_hooks: list[Callable[[Session, Context], None]] = []
        self._observers: list[Observer] = []
        self._depth = 0

    # ---- state helpers used by handlers ---------------------------------

    def state(self, helper: str) -> dict[str, Any]:
        """Mutable per-session state of *helper* (lives as long as the session)."""
        return self.helper_state.setdefault(helper, {})

    def on_leave(self, hook: Callable[[Session, Context], None]) -> None:
        """Call *hook(session, context)* when a context is left or the session ends."""
        if hook not in self._leave_hooks:
            self._leave_hooks.append(hook)

    def add_observer(self, observer: Observer) -> None:
        """Call *observer(session, prompt, line, result)* after every line a front end runs.

        *prompt* is the prompt the line was typed at (before it ran). Lines run
        on behalf of another line (``exec``, ``pushd <command>``, ``commit``)
        are not reported separately: their output is part of the outer line's.
        Transcript logging and recording use this.
        """
        if observer not in self._observers:
            self._observers.append(observer)

    def remove_observer(self, observer: Observer) -> None:
        """Stop calling *observer* (no error if it was not added)."""
        if observer in self._observers:
            self._observers.remove(observer)

    @property
    def prompt(self) -> str:
        """``netsh>``, ``netsh ipsec static>`` ...; ``[SRV2] netsh>`` after ``set machine SRV2``."""
        prefix = f"[{self.machine}] " if self.machine else ""
        return prefix + self.context.prompt_path + ">"

    def change_context(self, target: Context) -> None:
        """Make *target* the current context, telling helpers the old one is left."""
        old = self.context
        self.context = target
        if old is not target:
            for hook in list(self._leave_hooks):
                hook(self, old)

    def close(self) -> None:
        """End the session: helpers flush what they hold (e.g. a static batch)."""
        if not self.finished:
            self.finished = True
        for hook in list(self._leave_hooks):
            hook(self, self.context)
        self._leave_hooks.clear()

    # ---- running lines ---------------------------------------------------

    def execute(self, line: str, *, one_shot: bool = False) -> Result:
        """Run one command line in the current context and return its output."""
        line = clean(line)  # undecodable bytes of argv or stdin: U+FFFD, as a console shows them
        prompt = self.prompt
        self._depth += 1
        try:
            result = self._execute(line, one_shot)
        finally:
            self._depth -= 1
        if self._depth == 0:
            for observer in list(self._observers):
                observer(self, prompt, line, result)
        return result

    def _execute(self, line: str, one_shot: bool) -> Result:
        if line.lstrip().startswith(EMULATOR_PREFIX):
            said, ok = run_colon(self, line)
            out = said if not said or said.endswith("\n") else said + "\n"
            return Result(out, ok=ok, error=None if ok else NetshError(said))
        try:
            text = self._run(line, one_shot=one_shot)
        except NetshError as error:
            out = error.text + "\n"
            if error.usage is not None:
                out += helptext.usage_block(error.usage)
            return Result(out, ok=False, error=error)
        except (RecursionError, GrammarError):
            failure = NetshError(messages.BAD_SYNTAX)
            return Result(failure.text + "\n", ok=False, error=failure)
        except OSError as problem:
            # Handlers report the files a command names; anything else that
            # fails to read or write is the emulated computer's state folder.
            failure = NetshError(messages.STATE_FAILED.format(error=problem))
            return Result(failure.text + "\n", ok=False, error=failure)
        if text is None or text == "":
            return Result("")
        return Result(text if text.endswith("\n") else text + "\n")

    def _run(self, line: str, *, one_shot: bool) -> str | None:
        line = line.replace("\x00", "")
        items = split(line)
        if not items:
            return None
        first = items[0].word
        if first is not None and first.lower() in self.aliases and not one_shot:
            expanded = self.aliases[first.lower()] + line[items[0].pos + len(first) :]
            items, line = split(expanded), expanded
        target = resolve(self.spec, self.context, items, line)
        return self._dispatch(target, line, one_shot, echo_line(items))

    def _dispatch(self, target: Target, line: str, one_shot: bool, echo: str) -> str | None:
        not_found = NetshError(messages.COMMAND_NOT_FOUND.format(line=echo))
        if target.kind == "context" and target.context.stub:
            raise NetshError(messages.CONTEXT_NOT_EMULATED.format(context=target.context.name))
        if target.kind == "context":
            if target.args:
                raise not_found
            if one_shot:
                return helptext.context_listing(target.context, self.spec.root)
            self.change_context(target.context)
            return None
        if target.kind == "group":
            return helptext.group_listing(self._group_owner(target), target.group or "")
        command = target.command
        assert command is not None
        if one_shot and command.interactive:
            raise not_found
        if target.help:
            return helptext.usage_block(command)
        needs_args = any(p.required for p in command.params)
        if needs_args and not target.args:
            return helptext.usage_block(command)
        args = bind(command, target.args, line)
        if self.offline and command.words[0] in _OFFLINE_GROUPS and command.context:
            self.offline_queue.append((self.context, line))
            return None
        return handler_for(command)(Call(self, command, args, target.context))

    def _group_owner(self, target: Target) -> Context:
        ctx: Context | None = target.context
        while ctx is not None:
            if target.group in ctx.groups:
                return ctx
            ctx = ctx.parent
        return target.context

    def run_script(self, lines: list[str]) -> list[Result]:
        """Run script lines (``-f``, ``exec``): blank lines and ``#`` comments are skipped."""
        results = []
        for raw in lines:
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            results.append(self.execute(stripped))
            if self.finished:
                break
        return results
