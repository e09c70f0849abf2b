"""pytest collection of transcripts: each file is a test item, its diff the failure report.

Load it with ``pytest_plugins = ["netshpy.transcript.pytest_collect"]`` (the
``netshpy`` pytest plugin does). Options:

- ini ``netshpy_transcripts``: glob(s) of transcripts, relative to the rootdir
  (none by default: collection is opt-in); the folders must be among the paths
  pytest collects (``testpaths`` or the command line);
- ``--update-transcripts``: rewrite mismatching transcripts in place instead
  of failing (as ``netshpy --replay --update``).
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

from .format import TranscriptError
from .replay import FileOutcome, load, replay, updated_text

INI = "netshpy_transcripts"
# Opt-in: the plugin is active in every project that installs netshpy, where a
# transcripts/ folder may hold anything. This project sets the ini option.


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the transcript ini option and ``--update-transcripts``."""
    parser.addini(
        INI,
        "glob(s) of netshpy transcripts to collect as tests",
        type="args",
        default=[],
    )
    group = parser.getgroup("netshpy")
    group.addoption(
        "--update-transcripts",
        action="store_true",
        default=False,
        help="rewrite mismatching netshpy transcripts in place",
    )


def _wanted(file_path: Path, config: pytest.Config) -> bool:
    patterns = config.getini(INI)
    try:
        relative = file_path.relative_to(config.rootpath).as_posix()
    except ValueError:
        relative = None
    for pattern in patterns:
        if Path(pattern).is_absolute():
            if fnmatch.fnmatchcase(file_path.as_posix(), pattern):
                return True
        elif relative is not None and fnmatch.fnmatchcase(relative, pattern):
            return True
    return False


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect a transcript matching the configured globs."""
    if _wanted(file_path, parent.config):
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


class TranscriptFile(pytest.File):
    """A transcript file: one test item."""

    def collect(self):
        """One item: the whole transcript."""
        yield TranscriptItem.from_parent(self, name=self.path.name)


class TranscriptMismatch(Exception):
    """The replay differs from the transcript."""

    def __init__(self, outcome: FileOutcome) -> None:
        super().__init__(outcome.transcript.path)
        self.outcome = outcome


class TranscriptItem(pytest.Item):
    """Replays a transcript on a fresh deterministic computer."""

    def runtest(self) -> None:
        """Replay the transcript and fail with its diff on a mismatch."""
        try:
            outcome = replay(load(self._shown_path()))
        except TranscriptError as exc:
            pytest.fail(str(exc), pytrace=False)
        except OSError as exc:
            pytest.fail(f"{self.path}: {exc.strerror}", pytrace=False)
        if outcome.ok:
            return
        if self.config.getoption("update_transcripts") and outcome.updatable:
            self.path.write_text(updated_text(outcome), encoding="utf-8", newline="")
            return
        raise TranscriptMismatch(outcome)

    def _shown_path(self) -> Path:
        try:
            return self.path.relative_to(self.config.rootpath)
        except ValueError:
            return self.path

    def repr_failure(self, excinfo, style=None):
        """The diff, with the transcript's line numbers."""
        if isinstance(excinfo.value, TranscriptMismatch):
            from .report import plain, rows

            outcome = excinfo.value.outcome
            return plain(rows(outcome)) + (
                f"{len(outcome.failed)} of {len(outcome.steps)} commands differ; "
                "pytest --update-transcripts (or netshpy --replay FILE --update) rewrites it"
            )
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        """Where the item comes from, for pytest's report."""
        return self.path, 0, f"transcript {self.path.name}"
