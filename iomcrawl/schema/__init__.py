"""The published JSON Schema of release records, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs installed

SCHEMA_FILE = "release.schema.json"


@cache
def release_schema() -> dict[str, Any]:
    return json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(release_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(record: dict[str, Any]) -> list[str]:
    """Every way a record breaks the schema, as 'path: message' lines (empty when valid)."""
    return [
        f"{'/'.join(map(str, err.absolute_path)) or '<record>'}: {err.message}"
        for err in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]
