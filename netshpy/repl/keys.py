"""Key bindings of the prompt: ``?`` for help at the end of a line.

Enter with a completion chosen in the menu takes the completion (a second
Enter runs the line); Ctrl-D on an empty line runs ``exit``; Ctrl-C (clear the line) is handled by the
read loop in :mod:`netshpy.repl.app`; Ctrl-R history search, emacs and vi
editing come from prompt_toolkit.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.filters import (
    Condition,
    completion_is_selected,
    emacs_insert_mode,
    vi_insert_mode,
)
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

EXIT_LINE = "exit"


def wants_help(document: Document) -> bool:
    """True when ``?`` typed here asks for help rather than being text.

    That is at the end of the line, outside quotes, as a word of its own
    (the line is empty or ends with a blank), as netsh reads ``add filter ?``.
    """
    if not document.is_cursor_at_the_end:
        return False
    text = document.text
    if text.count('"') % 2:
        return False
    return not text or text[-1].isspace()


def make_bindings(show_help: Callable[[str], None], enabled: Callable[[], bool]) -> KeyBindings:
    """Bindings that call *show_help(line)* for ``?`` (when *enabled()*), keeping the line."""
    bindings = KeyBindings()

    @bindings.add("?", filter=Condition(enabled) & (emacs_insert_mode | vi_insert_mode))
    def _question(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if not wants_help(buffer.document):
            buffer.insert_text("?")
            return
        line = buffer.text + "?"
        from prompt_toolkit.application import run_in_terminal

        run_in_terminal(lambda: show_help(line))

    @bindings.add("enter", filter=completion_is_selected)
    def _accept_completion(event: KeyPressEvent) -> None:
        """Enter with a completion chosen in the menu takes it; it does not run the line."""
        event.current_buffer.complete_state = None

    @bindings.add("c-d", filter=Condition(lambda: _empty_line()))
    def _leave(event: KeyPressEvent) -> None:
        """Ctrl-D on an empty line types ``exit`` and runs it, as netsh would."""
        event.current_buffer.text = EXIT_LINE
        event.app.exit(result=EXIT_LINE)

    return bindings


def _empty_line() -> bool:
    from prompt_toolkit.application import get_app

    return not get_app().current_buffer.text
