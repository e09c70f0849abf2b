"""Property-based: no ipseccmd/ipsecpol line, however broken, raises; a rejected one changes nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netshpy.host import Host
from netshpy.tools.ipsec import run
from netshpy.tools.spec import load

FLAGS = sorted({f.name for t in load().values() for f in t.flags})
PIECES = FLAGS + [
    "show",
    "all",
    "gpo",
    "REG",
    "DS",
    "DS:corp",
    "BLOCK",
    "PASS",
    "INPASS",
    "block",
    "*=0:445:TCP",
    "0+*",
    "[*=0]",
    "(0+*:53:UDP)",
    "0=*::icmp",
    "*=0:80",
    "1.2.3.4/255.0.0.0+0",
    "ESP[3DES,SHA]",
    "AH[MD5]+ESP[DES,NONE]3600S/50000KPFS",
    "ESP[",
    "3DES-SHA-2",
    "DES-MD5-3",
    "10Q/28800S",
    "KERBEROS",
    "PRESHARE:k",
    'PRESHARE:"a b"',
    "CERT:CN=x",
    "\\\\XP1",
    "\\\\",
    '"P 1"',
    "P:5",
    "R",
    "-",
    "/?",
    "",
    "=",
    "+",
    "[",
    "]",
    ":",
    "999999",
    "0",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tool=st.sampled_from(["ipseccmd", "ipsecpol"]),
    words=st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=8),
)
def test_no_line_raises(tmp_path: Path, tool: str, words: list[str]) -> None:
    host = Host(tmp_path / tool, os="xp-sp2" if tool == "ipseccmd" else "2000", deterministic=True)
    try:
        output, status = run(tool, host, " ".join(words))
    finally:
        host.close()
    assert isinstance(output, str) and status in (0, 1)
    if status and "\nUsage:\n" in output:  # rejected: why (or, with no arguments, the usage)
        assert output.startswith(("Error: ", tool.upper() + ":"))
