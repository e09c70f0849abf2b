"""Sitting at a lab computer's ``C:\\>`` prompt (where a trainee at Windows XP or 2000 works).

``netsh`` lines run in lab sessions (``-r`` and ``set machine`` reach the
other computers), ``ipseccmd``/``ipsecpol``/``ping`` act on the lab, and
``:`` lines are the lab's emulator commands (``:connect`` moves the prompt
to another computer). ``netshpy --lab FILE --connect NAME --cmd LINE`` runs
one line here.
"""

from __future__ import annotations

from typing import Any

from ..cmdprompt import CmdResult, CommandPrompt


class LabPrompt:
    """The command prompt of the lab computer the trainee sits at."""

    def __init__(self, lab: Any, name: str) -> None:
        self.lab = lab
        self.session = lab.session(name)  # for ':' lines; its lab_home is where we sit
        self.session.at_prompt = True  # :connect needs no pointer to the prompt
        self.cmd = self._prompt()

    @property
    def home(self) -> str:
        """The computer the prompt belongs to."""
        return str(self.session.lab_home)

    @property
    def prompt(self) -> str:
        """``C:\\>`` (or the current directory)."""
        return self.cmd.prompt

    @property
    def finished(self) -> bool:
        """True after ``exit``."""
        return self.cmd.finished

    def _prompt(self) -> CommandPrompt:
        cmd = CommandPrompt(self.lab.host(self.home))
        cmd.netsh_session = self.netsh_session
        return cmd

    def netsh_session(self) -> Any:
        """A netsh session sitting at this computer."""
        return self.lab.session(self.home)

    def run(self, line: str) -> CmdResult:
        """One line: a lab ``:`` command or a command prompt line."""
        if line.lstrip().startswith(":"):
            before = self.home
            result = self.session.execute(line.strip())
            if self.home != before:
                self.cmd = self._prompt()
            return CmdResult(result.output, 0 if result.ok else 1)
        return self.cmd.run(line)
