"""Builds ``transcripts/static-vs-dynamic.txt`` by running its commands.

Run ``python tests/dynamic/walkthrough.py`` (or the test with
``NETSHPY_UPDATE_GOLDEN=1``) to regenerate the transcript.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from netshpy.cmdprompt import CommandPrompt  # noqa: E402
from netshpy.host import Host  # noqa: E402
from netshpy.session import Session  # noqa: E402

TRANSCRIPT = ROOT / "transcripts" / "static-vs-dynamic.txt"
TITLE = (
    "# Static versus dynamic IPsec settings: the static store survives a restart of the"
    " IPSEC Services service, the dynamic SPD does not."
)
S = "netsh ipsec static "
D = "netsh ipsec dynamic "
# ("cmd", line) runs at C:\>; ("netsh", [lines]) is an interactive netsh session.
STEPS: list[tuple[str, object]] = [
    ("cmd", S + "add filterlist name=SMB"),
    ("cmd", S + "add filter filterlist=SMB srcaddr=me dstaddr=any protocol=TCP dstport=445"),
    ("cmd", S + "add filteraction name=BlockSMB action=block"),
    ("cmd", S + "add policy name=Lab assign=yes"),
    ("cmd", S + "add rule name=NoSMB policy=Lab filterlist=SMB filteraction=BlockSMB"),
    ("cmd", D + "show rule"),
    (
        "netsh",
        [
            "ipsec dynamic",
            "add mmpolicy name=Temp",
            "add rule srcaddr=me dstaddr=any mmpolicy=Temp protocol=ICMP "
            "actioninbound=block actionoutbound=block",
            "show rule protocol=ICMP",
            "set config ipsecexempt value=0",
            "show config",
            "exit",
        ],
    ),
    ("cmd", "net stop policyagent"),
    ("cmd", D + "show rule"),
    ("cmd", S + "show policy name=Lab"),
    ("cmd", 'net start "IPSEC Services"'),
    ("cmd", D + "show rule"),
    ("cmd", D + "show config"),
    ("cmd", "shutdown /r"),
    ("cmd", D + "show config"),
]


def build() -> str:
    """Run every step on a fresh deterministic computer and return the console text."""
    out = [TITLE + "\n"]
    with tempfile.TemporaryDirectory() as tmp:
        host = Host(Path(tmp) / "state", deterministic=True)
        prompt = CommandPrompt(host)
        for kind, what in STEPS:
            if kind == "cmd":
                line = str(what)
                out.append(f"{prompt.prompt}{line}\n{prompt.run(line).output}\n")
                continue
            out.append(f"{prompt.prompt}netsh\n")
            session = Session(host)
            for line in what:  # type: ignore[union-attr]
                shown = session.prompt
                output = session.execute(line).output
                out.append(f"{shown}{line}\n{output}")
                if session.finished:
                    break
            session.close()
            out.append("\n")
        host.close()
    return "".join(out)


if __name__ == "__main__":
    TRANSCRIPT.write_text(build(), encoding="utf-8")
    print(f"wrote {TRANSCRIPT}")
