"""The console a transcript was captured from: ``C:\\>`` with interactive netsh inside.

A transcript that starts at a netsh prompt is a session of ``netshpy`` (or of
``netsh`` started from a command prompt that the capture leaves out): it ends
with ``exit``. One that starts at a command prompt runs lines in the
simulated cmd.exe; ``netsh`` there without a command (``netsh``, ``netsh -c
"ipsec static"``) starts interactive netsh, whose lines follow at netsh
prompts until ``exit``/``quit``/``bye`` returns to the command prompt.
"""

from __future__ import annotations

from collections.abc import Callable

from ..cmdprompt import CommandPrompt
from ..host import Host
from ..session import Session

_NETSH = ("netsh", "netsh.exe")


class ConsoleEnded(Exception):
    """A line was typed after the console session ended."""


class Console:
    """Feeds typed lines to netsh or cmd.exe, as the current prompt says."""

    def __init__(
        self,
        host: Host,
        *,
        cmd_prompt: str | None = None,
        session_factory: Callable[[], Session] | None = None,
    ) -> None:
        """Start at a netsh prompt, or at *cmd_prompt* (e.g. ``C:\\>``) when given.

        *session_factory* makes the netsh sessions (a lab's sessions reach its computers).
        """
        self.host = host
        self._factory = session_factory
        self.cmd: CommandPrompt | None = None
        self.session: Session | None = None
        if cmd_prompt is not None:
            self.cmd = CommandPrompt(host)
            self.cmd.prompt = cmd_prompt
            if session_factory is not None:
                self.cmd.netsh_session = session_factory
        else:
            self.session = self._new_session()

    @property
    def finished(self) -> bool:
        """True once the outermost program has exited."""
        return self.session is None and (self.cmd is None or self.cmd.finished)

    @property
    def prompt(self) -> str | None:
        """The prompt the next line is typed at (None once the console ended)."""
        if self.session is not None:
            return self.session.prompt
        if self.cmd is not None and not self.cmd.finished:
            return self.cmd.prompt
        return None

    def feed(self, line: str) -> str:
        """Run one typed line; return everything shown up to the next prompt."""
        if self.session is not None:
            output = self.session.execute(line).output
            if self.session.finished:
                self.session.close()
                self.session = None
                if self.cmd is not None:
                    output += "\n"  # cmd.exe's blank line before its prompt
            return output
        if self.cmd is None or self.cmd.finished:
            raise ConsoleEnded(line)
        started = self._start_netsh(line)
        if started is not None:
            return started
        output = self.cmd.run(line).output
        if line.strip() and not self.cmd.finished:
            output += "\n"
        return output

    def _start_netsh(self, line: str) -> str | None:
        """Start interactive netsh for ``netsh [-a F] [-c C] [-r M]``; None otherwise."""
        from ..cmdprompt import interactive_netsh_options
        from ..command_line import prepare

        opts = interactive_netsh_options(line)
        if opts is None:
            return None
        self.session = self._new_session()
        out: list[str] = []
        prepare(self.session, opts, out)
        return "".join(out)

    def _new_session(self) -> Session:
        from .record import attach_log

        session = self._factory() if self._factory else Session(self.host, interactive=True)
        attach_log(session)  # as the interactive front ends do: :save works the same
        return session

    def close(self) -> None:
        """End a netsh session still running (helpers flush what they hold)."""
        if self.session is not None:
            self.session.close()
            self.session = None
