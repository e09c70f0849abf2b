"""The ``C:\\>`` prompt on a real terminal: line editing, history and completion.

:func:`run_cmd_repl` is called by :func:`netshpy.modes.cmd_mode` when stdin and
stdout are terminals. It prints exactly what the plain reader prints for the
same lines (the prompt, each program's output, the blank line cmd.exe leaves
before the next prompt) and adds prompt_toolkit's editing, a history of its own
(``<state-dir>/history.cmd``, as cmd.exe keeps one apart from netsh's) and
completion of program names, their verbs and the files of the emulated drive.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.history import History, InMemoryHistory

from .. import messages
from ..cmdprompt import blank_after
from ..inputs import MAX_LINE_CHARS
from . import config as configuration
from .history import NetshHistory
from .style import make_style

if TYPE_CHECKING:
    from ..cmdprompt import CommandPrompt
    from .config import Config

HISTORY_FILE = "history.cmd"
# cmd.exe's own commands that CommandPrompt runs itself (the rest are programs).
BUILTINS = {
    "cls": "Clears the screen.",
    "echo": "Displays messages, or turns command echoing on or off.",
    "exit": "Quits the CMD.EXE program (command interpreter).",
    "hostname": "Prints the name of the current host.",
    "netsh": "The network shell (netsh ipsec on Windows Server 2003).",
    "rem": "Records comments (remarks) in batch files or CONFIG.SYS.",
    "ver": "Displays the Windows version.",
}
SERVICE_WORDS = ("policyagent", '"IPSEC Services"')
VERBS: dict[str, tuple[str, ...]] = {
    "net": ("start", "stop"),
    "sc": ("query", "queryex", "start", "stop"),
    "shutdown": ("/r", "/s"),
}
FILE_PROGRAMS = ("cd", "dir", "type")  # their argument is a path on the drive


class CmdCompleter(Completer):
    """Completes command prompt lines at *at*: a ``CommandPrompt``, or a lab's prompt
    (``.cmd``, the current computer's prompt; ``.session``, its ``:`` commands)."""

    def __init__(self, at: Any) -> None:
        self.at = at
        self._netsh: Completer | None = None
        self._netsh_host: Any = None

    @property
    def prompt(self) -> CommandPrompt:
        """The command prompt of the computer the user sits at now."""
        return getattr(self.at, "cmd", self.at)

    @property
    def netsh(self) -> Completer | None:
        """Completes netsh and ``:`` lines: the REPL's completer on a session of this computer."""
        host = self.prompt.host
        if self._netsh is None or self._netsh_host is not host:
            try:
                from ..session import Session
                from .completer import NetshCompleter
            except ImportError:
                return None
            session = getattr(self.at, "session", None) or Session(host)
            self._netsh, self._netsh_host = NetshCompleter(session), host
        return self._netsh

    def programs(self) -> dict[str, str]:
        """Program name -> one-line description, for what this computer has."""
        found = dict(BUILTINS)
        try:
            from ..prompt import programs_on
        except ImportError:
            programs: dict[str, Any] = {}
        else:
            programs = programs_on(self.prompt.host)
        for name in self.prompt.extra:
            program = programs.get(name)
            found.setdefault(name, program.summary if program is not None else "")
        return dict(sorted(found.items()))

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        """prompt_toolkit's callback: the completions at the cursor."""
        text = document.text_before_cursor
        if text.lstrip().startswith(":") and hasattr(self.at, "session"):
            if self.netsh is not None:  # a lab's ':' commands
                yield from self.netsh.get_completions(document, complete_event)
            return
        head, blank, tail = text.lstrip().partition(" ")
        if not blank:
            yield from _matching(self.programs().items(), head)
            return
        program = head.lower().removesuffix(".exe")
        if program == "netsh" and self.netsh is not None:
            yield from self.netsh.get_completions(Document(tail, len(tail)), complete_event)
            return
        words = tail.split(" ")
        word = words[-1]
        if program in FILE_PROGRAMS:
            yield from self._paths(word)
        elif program in VERBS and len(words) == 1:
            yield from _matching(((v, "") for v in VERBS[program]), word)
        elif program in ("net", "sc") and len(words) == 2:
            yield from _matching(((s, "the IPsec service") for s in SERVICE_WORDS), word)

    def _paths(self, word: str) -> Iterator[Completion]:
        from ..computer.drives import DriveError, drives

        folder, sep, stem = word.rpartition("\\")
        try:
            names = drives(self.prompt.host).listdir(folder + sep if sep else ".")
        except (DriveError, OSError, ValueError):
            return
        yield from _matching(((n, "") for n in names), stem)


def _matching(choices: Iterable[tuple[str, str]], word: str) -> Iterator[Completion]:
    low = word.lower()
    for name, meta in choices:
        if name.lower().startswith(low):
            yield Completion(name, -len(word), display_meta=meta)


def make_cmd_history(prompt: CommandPrompt, config: Config) -> History:
    """The command prompt's own history file in the state folder (or memory only)."""
    if not config.history:
        return InMemoryHistory()
    return NetshHistory(str(prompt.host.state_dir / HISTORY_FILE))


def run_cmd_repl(
    at: Any,
    on_netsh: Callable[[str], bool],
    *,
    after: Callable[[str, str, str], None] | None = None,
    config: Config | None = None,
    input: Any = None,  # noqa: A002 - prompt_toolkit's name
    output: Any = None,
    stdout: TextIO | None = None,
) -> int:
    """Read and run ``C:\\>`` lines at *at* until ``exit`` or Ctrl-D; the exit status (0).

    *at* is a ``CommandPrompt`` or a lab's prompt (``prompt``, ``finished``,
    ``run(line)``). *on_netsh* gets each line first and returns True when it
    ran it (a bare ``netsh``: interactive netsh until its ``exit``). *after*
    gets (prompt, line, what was printed) of every other line (``--record``).
    """
    cfg = config if config is not None else configuration.load()
    out = stdout if stdout is not None else sys.stdout
    first = getattr(at, "cmd", at)
    session: PromptSession[str] = PromptSession(
        message=lambda: at.prompt,
        history=make_cmd_history(first, cfg),
        completer=CmdCompleter(at),
        complete_while_typing=cfg.completion == "auto",
        style=make_style(cfg),
        include_default_pygments_style=False,
        editing_mode=EditingMode.VI if cfg.editing_mode == "vi" else EditingMode.EMACS,
        input=input,
        output=output,
    )

    def write(text: str) -> None:
        try:
            out.write(text)
            out.flush()
        except OSError:
            pass

    while not at.finished:
        prompt = at.prompt
        try:
            line = session.prompt()
        except KeyboardInterrupt:
            write("^C\n")  # cmd.exe echoes the interrupt and prompts again
            continue
        except EOFError:
            write("\n")
            break
        if len(line) > MAX_LINE_CHARS:  # as the plain reader refuses a pasted monster
            write(messages.LINE_TOO_LONG.format(limit=MAX_LINE_CHARS) + "\n\n")
            continue
        if on_netsh(line):
            continue
        shown = at.run(line).output + blank_after(at, line)
        write(shown)
        if after is not None:
            after(prompt, line, shown)
    return 0
