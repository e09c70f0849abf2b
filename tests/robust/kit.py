"""Shared helpers of the robustness tests: no input may produce a traceback."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings

from netshpy import spec

SPEC = spec.load()
WORDS = sorted(
    {w for c in SPEC.commands() for w in c.context + c.words}
    | {p.tag + "=" for c in SPEC.commands() for p in c.params}
    | {"me", "any", "yes", "no", "all", '"x y"', "=", "?", "/?", "..", "enable", "disable"}
    | {"local", "domain", "persistent", "10.0.0.1", "255.255.255.0", "*", "-1", "1"}
    | {"99999999999999999999", "3DES-SHA1-3", "ESP[3DES,SHA1]:100k/300s", "psk:k", "P1"}
)
# What a failing line may print: netsh's own errors, or one emulator line.
NETSH_ERROR = re.compile(
    r"^(The following command was not found: |'.*' is not a valid argument for this command\.|"
    r"The syntax supplied for this command is not valid\.|One or more essential parameters|"
    r"ERR IPsec\[\d{5}\] : |The context stack is empty\.|The system cannot find the file|"
    r"The following helper is not available|The alias '|Helper |netshpy: |The parameter )",
)
INTERNAL = "internal error"
FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
