"""``netshpy --replay FILE...`` and ``netshpy --export-cast IN OUT``.

Exit status of a replay: 0 when every transcript matched (or was updated),
1 when one differs, 2 when a transcript cannot be read or the options are
wrong.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path
from typing import TextIO

from . import messages
from .command_line import LONG_VALUE, Options, UsageError, parse_args
from .host import parse_clock
from .records import fields
from .transcript.format import TranscriptError
from .transcript.replay import FileOutcome, Settings, load, replay, updated_text


def _split_replay_args(opts: Options) -> list[str]:
    """Files of ``--replay``; emulator options written after them are applied to *opts*."""
    files: list[str] = []
    extra: list[str] = []
    items = iter(opts.replay)
    for item in items:
        if item.startswith("--"):
            extra.append(item)
            if item in LONG_VALUE:
                extra.append(next(items, ""))
        else:
            files.append(item)
    if extra:
        parsed = parse_args(extra)
        defaults = Options()
        for f in fields(Options):
            value = getattr(parsed, f.name)
            if value != getattr(defaults, f.name) and f.name != "replay":
                setattr(opts, f.name, value)
    return files


def expand(patterns: list[str]) -> list[Path]:
    """Files named by *patterns* (globs; a folder means its ``*.txt``), in order, once each."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(path.glob("*.txt"))
        elif glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
        else:
            matches = [path]
        if not matches:
            raise UsageError(messages.TRANSCRIPT_NO_FILES.format(pattern=pattern))
        found.extend(m for m in matches if m not in found)
    return found


def settings_from(opts: Options) -> Settings:
    """Replay settings from the emulator options."""
    clock = None
    if opts.clock:
        try:
            clock = parse_clock(opts.clock)
        except ValueError as exc:
            raise UsageError(f"--clock: {exc}") from None
    return Settings(opts.state_dir, opts.computer_name, clock)


def replay_main(opts: Options, out: TextIO | None = None) -> int:
    """Replay the transcripts of ``--replay``; print a diff for each mismatch."""
    from .transcript.report import rows, use_color, write

    out = out or sys.stdout
    try:
        files = expand(_split_replay_args(opts))
        settings = settings_from(opts)
    except UsageError as exc:
        sys.stderr.write(f"netshpy: {exc}\n")
        return 2
    color = use_color(out, getattr(opts, "no_color", False))
    passed = failed = updated = 0
    status = 0
    for path in files:
        try:
            outcome = replay(load(path), settings)
        except (TranscriptError, OSError) as exc:
            out.write(
                f"{exc}\n" if isinstance(exc, TranscriptError) else f"{path}: {exc.strerror}\n"
            )
            failed += 1
            status = 2
            continue
        count = len(outcome.steps)
        if outcome.ok:
            passed += 1
            out.write(messages.TRANSCRIPT_PASSED.format(path=path, count=count) + "\n")
            continue
        if opts.update and outcome.updatable and _rewrite(path, outcome, out):
            updated += 1
            out.write(
                messages.TRANSCRIPT_UPDATED.format(
                    path=path, failed=len(outcome.failed), count=count
                )
                + "\n"
            )
            continue
        failed += 1
        status = max(status, 1)
        write(rows(outcome), out, color=color)
        out.write(
            messages.TRANSCRIPT_FAILED.format(path=path, failed=len(outcome.failed), count=count)
            + "\n"
        )
    if opts.update:
        summary = messages.TRANSCRIPT_SUMMARY_UPDATED.format(
            passed=passed, updated=updated, failed=failed
        )
    else:
        summary = messages.TRANSCRIPT_SUMMARY.format(passed=passed, failed=failed)
    out.write(summary + "\n")
    return status


def _rewrite(path: Path, outcome: FileOutcome, out: TextIO) -> bool:
    try:
        data = updated_text(outcome).encode("utf-8")
        path.write_bytes(data)
    except OSError as exc:
        out.write(messages.TRANSCRIPT_CANNOT_WRITE.format(path=path, error=exc.strerror) + "\n")
        return False
    return True


def export_main(opts: Options, out: TextIO | None = None) -> int:
    """``--export-cast IN OUT``: write the transcript IN as an asciinema cast OUT."""
    from .transcript.cast import export

    out = out or sys.stdout
    source, target = opts.export_cast
    try:
        transcript = load(source)
        count = export(transcript, target, settings_from(opts))
    except TranscriptError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"netshpy: {exc.filename or source}: {exc.strerror}\n")
        return 2
    except UsageError as exc:
        sys.stderr.write(f"netshpy: {exc}\n")
        return 2
    out.write(messages.TRANSCRIPT_EXPORTED.format(count=count, path=target) + "\n")
    return 0
