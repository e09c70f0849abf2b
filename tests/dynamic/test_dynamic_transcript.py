"""transcripts/static-vs-dynamic.txt is what its commands really print."""

from __future__ import annotations

import importlib.util
import os

import pytest
import walkthrough


def _static_available() -> bool:
    try:
        return importlib.util.find_spec("netshpy.static.query") is not None
    except ImportError:
        return False


def test_transcript_starts_with_a_comment():
    first = walkthrough.TRANSCRIPT.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "dynamic" in first


@pytest.mark.skipif(not _static_available(), reason="the static store has not landed yet")
def test_transcript_matches_a_fresh_run():
    text = walkthrough.build()
    if os.environ.get("NETSHPY_UPDATE_GOLDEN"):
        walkthrough.TRANSCRIPT.write_text(text, encoding="utf-8")
    assert walkthrough.TRANSCRIPT.read_text(encoding="utf-8") == text


def test_dynamic_part_of_transcript_behaves():
    """Independent of the static store: the service restart drops the dynamic rule."""
    text = walkthrough.build()
    after_stop = text.split("C:\\>net stop policyagent")[1]
    assert "ERR IPsec[05077]" in after_stop.split("C:\\>net start")[0]
    after_start = after_stop.split('C:\\>net start "IPSEC Services"')[1]
    assert "Protocol               : ICMP" not in after_start
    # show config prints the stored values as Windows does, never a note of ours
    assert "(takes effect" not in text
