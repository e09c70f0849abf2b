"""Completion and highlighting of ipseccmd/ipsecpol lines come from the flag table."""

from __future__ import annotations

from netshpy.tools.complete import complete, tokens
from netshpy.tools.spec import tool


def test_flags_and_keywords_complete() -> None:
    cmd, pol = tool("ipseccmd"), tool("ipsecpol")
    assert complete(cmd, "-1") == ["-1e", "-1f", "-1k", "-1p", "-1s"]
    assert complete(pol, "-1") == ["-1k", "-1p", "-1s"]  # no -1e/-1f on 2000
    assert "show" in complete(cmd, "") and "show" not in complete(pol, "")
    assert complete(cmd, "show s") == ["sas", "stats"]
    assert complete(cmd, "-f 0+* -n ") == ["BLOCK", "INPASS", "PASS"]
    assert complete(cmd, "-w ") == []
    assert "-w" not in complete(cmd, "-w REG -")
    assert "-r" in complete(cmd, "-w REG -p P -r A -")


def test_tokens_label_every_word() -> None:
    kinds = [k for _, k in tokens(tool("ipseccmd"), "\\\\SRV -f 0+* *=0:80:TCP -n BLOCK -x junk")]
    assert kinds == ["computer", "flag", "value", "value", "flag", "keyword", "flag", "error"]
    assert [k for _, k in tokens(tool("ipseccmd"), "show all bogus")] == [
        "keyword",
        "keyword",
        "error",
    ]
