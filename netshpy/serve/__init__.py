"""``netshpy serve``: a classroom on one machine.

Trainees sign in from a browser (an xterm.js terminal) or over SSH; each runs
the lab REPL (``python -m netshpy --lab NAME --state-dir <class>/<trainee>``)
in a pty and a process of their own. The trainer's page shows the class live.
Only the ``netshpy serve`` command imports this package (extra ``serve``).
"""
