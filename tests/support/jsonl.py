"""The one JSON Lines reader of the tests, deliberately stricter than the consumers of our files.

pandas, DuckDB and ``jq`` forgive a missing final newline, a blank line or a bare ``NaN``; a reader
that forgives them would let the crawl write them. Lines are split on ``\\n`` only: a record may hold
U+2028 or U+0085, which ``str.splitlines`` would take for line ends.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class JsonlError(AssertionError):
    """Output that is not strict JSON Lines (an AssertionError: bad output fails the test reading it)."""


def parse_jsonl(data: bytes | str, source: str = "JSON Lines") -> list[dict[str, Any]]:
    """UTF-8, one JSON object per line, every line ending in ``\\n``, no blank lines, no NaN or Infinity."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise JsonlError(f"{source} is not UTF-8: {error}") from None
    if text == "":
        return []
    if not text.endswith("\n"):
        raise JsonlError(f"{source} ends with a partial line: {text[-80:]!r}")

    def no_constants(name: str) -> Any:
        raise JsonlError(f"{source} holds the non-JSON constant {name}")

    objects = []
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        if not line.strip():
            raise JsonlError(f"{source} line {number} is blank")
        try:
            value = json.loads(line, parse_constant=no_constants)
        except json.JSONDecodeError as error:
            raise JsonlError(f"{source} line {number} is not JSON: {error}") from None
        if not isinstance(value, dict):
            raise JsonlError(f"{source} line {number} is a {type(value).__name__}, not an object")
        objects.append(value)
    return objects


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of the JSON Lines file at *path*, read strictly (see :func:`parse_jsonl`)."""
    return parse_jsonl(path.read_bytes(), str(path))
