"""Command handlers, one module per context (``handlers`` key of the spec).

Every public (non-underscore) function of a handler module implements the
spec command of the same name; a test checks both directions. A handler gets
a :class:`~netshpy.session.Call`, returns the text to print (or None) and
raises :class:`~netshpy.errors.NetshError` with netsh's text on failure. It
never prints and never parses.
"""
