"""Reading a lab file strictly: the error type and the reader every table is checked with."""

from __future__ import annotations

from typing import Any


class LabError(ValueError):
    """A lab file is malformed."""


class Reader:
    """Reads one table of a lab file; every error names where it is."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, text: str) -> LabError:
        return LabError(f"{self.where}: {text}")

    def keys(
        self, table: Any, allowed: set[str], required: frozenset[str] | set[str] = frozenset()
    ) -> dict:
        if not isinstance(table, dict):
            raise self.fail("expected a table")
        unknown = set(table) - allowed
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
        missing = set(required) - set(table)
        if missing:
            raise self.fail(f"missing {', '.join(sorted(missing))}")
        return table

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key} must be a non-empty string")
        return value

    def optional_text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{key} must be a string")
        return value

    def texts(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be a list of strings")
        return tuple(value)

    def sub(self, what: str) -> Reader:
        return Reader(f"{self.where}: {what}")


def table_list(reader: Reader, value: Any, key: str) -> list:
    """*value* as an array of tables, else the error naming *key*."""
    if not isinstance(value, list):
        raise reader.fail(f"{key} must be an array of tables ([[{key}]])")
    return value
