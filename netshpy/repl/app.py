"""The interactive netsh prompt on a real terminal (prompt_toolkit).

:func:`run_repl` is called by :func:`netshpy.modes.interactive` when stdin and
stdout are terminals; it prints exactly what the plain line reader prints for
the same lines, and adds completion, highlighting, history, a toolbar and the
``?`` key on top.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.document import Document
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.lexers import Lexer as PromptLexer
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles.pygments import pygments_token_to_classname

from .. import colon_commands
from ..transcript.record import open_recorder
from . import config as configuration
from . import toolbar
from .completer import NetshCompleter
from .history import FAILED_FILE, FailedLines, SuggestWorkingLines, history_path, make_history
from .keys import make_bindings
from .lexer import NetshLexer
from .objects import StoreNames
from .style import make_style

if TYPE_CHECKING:
    from ..command_line import Options
    from ..session import Session
    from .config import Config


class LineLexer(PromptLexer):
    """Highlights the input with :class:`NetshLexer` in the session's current context."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lexer = NetshLexer(spec=session.spec)

    def lex_document(self, document: Document):
        """prompt_toolkit's per-line callback."""
        lines = document.lines
        ctx = self.session.context

        def line(i: int) -> list[tuple[str, str]]:
            if i >= len(lines):
                return []
            tokens, _ = self.lexer.line_tokens(lines[i], ctx)
            return [("class:" + pygments_token_to_classname(t), v) for _, t, v in tokens]

        return line


class NetshPromptSession(PromptSession):
    """A PromptSession whose toolbar disappears when the terminal is too small."""

    toolbar_source: Any = None

    @property
    def bottom_toolbar(self) -> Any:
        """The toolbar, or None (hidden) when it does not fit."""
        source = self.toolbar_source
        if source is None:
            return None
        try:
            size = self.app.output.get_size()
        except Exception:
            return None
        return source(size.columns, size.rows)

    @bottom_toolbar.setter
    def bottom_toolbar(self, value: Any) -> None:
        """PromptSession assigns it in its constructor; the source is set separately."""


class Repl:
    """One interactive netsh session on a terminal."""

    def __init__(
        self,
        session: Session,
        opts: Options | None = None,
        *,
        config: Config | None = None,
        input: Any = None,  # noqa: A002 - prompt_toolkit's name
        output: Any = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.session = session
        self.config = config if config is not None else configuration.load()
        self.stdout = stdout if stdout is not None else sys.stdout
        self.strict = bool(opts and opts.strict)
        self.failed = False
        self.names = StoreNames(session)
        self.completer = NetshCompleter(session, self.names)
        self.history = make_history(session.host, self.config)
        self.failed_lines = FailedLines(
            history_path(session.host).with_name(FAILED_FILE) if self.config.history else None
        )
        self.recorder = open_recorder(opts.record if opts else None)
        state = session.state("repl")
        state.update(history=self.history, config=self.config, rich=self.config.color, repl=self)
        cfg = self.config
        self.prompt = NetshPromptSession(
            message=lambda: [("class:prompt", session.prompt)],
            history=self.history,
            completer=self.completer,
            complete_while_typing=cfg.completion == "auto",
            auto_suggest=SuggestWorkingLines(self.failed_lines) if cfg.auto_suggest else None,
            lexer=LineLexer(session),
            style=make_style(cfg),
            include_default_pygments_style=False,
            color_depth=None if cfg.color else ColorDepth.DEPTH_1_BIT,
            editing_mode=EditingMode.VI if cfg.editing_mode == "vi" else EditingMode.EMACS,
            key_bindings=make_bindings(self.show_help, lambda: self.config.help_key),
            enable_history_search=False,
            input=input,
            output=output,
        )
        if cfg.toolbar:
            self.prompt.toolbar_source = lambda columns, rows: toolbar.formatted(
                session, columns, rows
            )

    # ---- output ---------------------------------------------------------

    def write(self, text: str) -> None:
        """Print netsh's text exactly as the plain reader would."""
        if not text:
            return
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except (BrokenPipeError, OSError):
            pass

    def terminal_width(self) -> int:
        """Columns of the terminal (80 when unknown)."""
        try:
            return max(20, self.prompt.output.get_size().columns)
        except Exception:
            return 80

    # ---- lines ----------------------------------------------------------

    def execute(self, line: str) -> None:
        """Run *line* in the session, print and record what it printed."""
        result = self.session.execute(line)
        self.failed |= not result.ok
        self.failed_lines.note(line, result.ok)
        self.names.invalidate()
        if self.recorder is not None:
            try:
                self.recorder.add(self.session, line, _strip_ansi(result.output))
            except Exception:
                pass
        self.write(result.output)

    def show_help(self, line: str) -> None:
        """``?`` at the end of *line*: echo it as typed, then netsh's help for it."""
        self.write(self.session.prompt + line + "\n")
        if colon_commands.is_emulator_line(line):
            words = line.lstrip()[1:].split()
            name = words[0] if len(words) > 1 else ""
            self.execute(":help " + name if name else ":help")
            return
        self.execute(line)

    def run(self) -> int:
        """Read and run lines until ``exit`` or Ctrl-D; the exit status."""
        for problem in self.config.problems:
            self.write(problem + "\n")
        while not self.session.finished:
            try:
                line = self.prompt.prompt()
            except KeyboardInterrupt:
                continue  # Ctrl-C clears the line
            except EOFError:
                self.write("exit\n")
                self.execute("exit")  # Ctrl-D leaves as exit does
                break
            self.execute(line)
        self.session.close()
        if self.recorder is not None:
            try:
                self.recorder.close()
            except Exception:
                pass
        return 1 if (self.failed and self.strict) else 0


def run_repl(session: Session, opts: Options, **kwargs: Any) -> int:
    """The interactive prompt on a terminal; returns the exit status."""
    return Repl(session, opts, **kwargs).run()


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
