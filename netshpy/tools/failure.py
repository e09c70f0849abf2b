"""The error of a valid tool line that cannot be carried out (the screens raise it too)."""


class ToolFailure(Exception):
    """The line was valid but could not be carried out; the text says why."""
