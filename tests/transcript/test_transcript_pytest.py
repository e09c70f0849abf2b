"""Transcripts collected by pytest: one item per file, the diff as the failure report."""

from __future__ import annotations

PLUGIN = ("-p", "netshpy.transcript.pytest_collect", "-p", "no:cacheprovider")


OPT_IN = "[pytest]\nnetshpy_transcripts = transcripts/*.txt\n"


def test_nothing_is_collected_without_the_ini_option(pytester):
    """The plugin is active wherever netshpy is installed: collection is opt-in."""
    pytester.makefile(".txt", **{"transcripts/notes": "just some notes\n"})
    result = pytester.runpytest(*PLUGIN, "transcripts")
    result.assert_outcomes()


def test_transcripts_are_collected_and_pass(pytester):
    pytester.makeini(OPT_IN)
    pytester.makefile(".txt", **{"transcripts/good": "netsh>show mode\nonline\n"})
    pytester.makefile(".txt", **{"other/ignored": "netsh>show mode\nwrong\n"})
    result = pytester.runpytest(*PLUGIN, "transcripts", "other")
    result.assert_outcomes(passed=1)


def test_failure_report_is_the_diff(pytester):
    pytester.makeini(OPT_IN)
    pytester.makefile(".txt", **{"transcripts/bad": "#| x\nnetsh>show mode\noffline\n"})
    result = pytester.runpytest(*PLUGIN, "transcripts")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bad.txt:2: netsh>show mode", "- 3 | offline", "+   | online"])
    assert "Traceback" not in result.stdout.str()


def test_ini_glob_and_update_option(pytester):
    pytester.makeini("[pytest]\nnetshpy_transcripts = corpus/*.tx corpus/more/*.tx\n")
    pytester.makefile(".tx", **{"corpus/a": "netsh>show mode\noffline\n"})
    pytester.makefile(".tx", **{"corpus/more/b": "netsh>show mode\nonline\n"})
    pytester.makefile(".txt", **{"transcripts/c": "netsh>show mode\nwrong\n"})
    result = pytester.runpytest(*PLUGIN, "corpus", "transcripts")
    result.assert_outcomes(passed=1, failed=1)
    result = pytester.runpytest(*PLUGIN, "corpus", "--update-transcripts")
    result.assert_outcomes(passed=2)
    # pytester writes no final newline; the update keeps the file as it was
    assert (pytester.path / "corpus" / "a.tx").read_text() == "netsh>show mode\nonline"


def test_unreadable_transcript_fails_cleanly(pytester):
    pytester.makeini(OPT_IN)
    pytester.makefile(".txt", **{"transcripts/h": "#! nonsense: 1\nnetsh>\n"})
    result = pytester.runpytest(*PLUGIN, "transcripts")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*h.txt:1: unknown header line*"])
