"""Transcripts: console sessions recorded as plain text, replayed and verified.

A transcript is what a console shows: prompt lines with the typed text, then
the output up to the next prompt (format: ``docs/transcripts.md``).

- :mod:`.format` parses a transcript (prompts, header, markers) and writes it back;
- :mod:`.match` compares expected lines (with markers) against actual output;
- :mod:`.console` models the console: ``C:\\>`` with interactive ``netsh`` inside;
- :mod:`.replay` runs a transcript on a fresh emulated computer and rewrites it;
- :mod:`.report` renders mismatches as a diff (plain, or coloured with rich);
- :mod:`.record` records sessions (``--record``, ``:save``);
- :mod:`.cast` exports a transcript as an asciinema v2 cast;
- :mod:`.cli` is ``netshpy --replay`` / ``--export-cast``;
- :mod:`.pytest_collect` collects transcripts as pytest items.

Nothing here imports rich at module level.
"""
