"""Sitting at a lab computer's ``C:\\>`` prompt (where a trainee at Windows XP or 2000 works).

``netsh`` lines run in lab sessions (``-r`` and ``set machine`` reach the
other computers), ``ipseccmd``/``ipsecpol``/``ping`` act on the lab, and
``:`` lines are the lab's emulator commands (``:connect`` moves the prompt
to another computer). ``netshpy --lab FILE --connect NAME --cmd LINE`` runs
one line here.
"""

from __future__ import annotations

import sys
from typing import Any

from ..cmdprompt import CmdResult, CommandPrompt, interactive_netsh_options


class LabPrompt:
    """The command prompt of the lab computer the trainee sits at."""

    def __init__(self, lab: Any, name: str) -> None:
        self.lab = lab
        self.session = lab.session(name)  # for ':' lines; its lab_home is where we sit
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


def run_lab_prompt(lab: Any, name: str, opts: Any, banner: str = "") -> int:
    """``--cmd LINE`` (one line, its ERRORLEVEL with ``--strict``), or the prompt until ``exit``."""
    from ..cli import _write
    from ..modes import run_interactive

    at = LabPrompt(lab, name)
    if opts.cmd is not None:
        result = at.run(opts.cmd)
        _write(result.output)
        return result.errorlevel if opts.strict else 0
    if banner:
        _write(banner + "\n\n")
    while not at.finished:
        _write(at.prompt)
        line = sys.stdin.readline()
        if not line:
            _write("\n")
            break
        line = line.rstrip("\r\n")
        netsh_opts = interactive_netsh_options(line)
        if netsh_opts is not None:  # "netsh" alone: this computer's interactive netsh
            netsh_opts.plain = netsh_opts.plain or opts.plain
            run_interactive(at.netsh_session(), netsh_opts)
            _write("\n")
            continue
        _write(at.run(line).output)
        if not at.finished and line.strip():
            _write("\n")
    return 0
