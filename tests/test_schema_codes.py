"""The published schema and the project's codes name the same sets: a code added on one side only fails here."""

from __future__ import annotations

from typing import Any

from iomcrawl.codes import Fix
from iomcrawl.schema import release_schema, schema_errors


def property_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = release_schema()["properties"][name]
    return schema


def test_the_schemas_fix_names_are_the_fix_codes() -> None:
    names = property_schema("fixes")["items"]["enum"]
    assert len(names) == len(set(names))
    assert set(names) == {str(fix) for fix in Fix}


def test_a_fix_outside_the_codes_makes_a_record_invalid() -> None:
    record = {"fixes": [str(Fix.MOJIBAKE_FIXED), "made-up-fix"]}
    errors = [error for error in schema_errors(record) if error.startswith("fixes/")]
    assert errors == ["fixes/1: 'made-up-fix' is not one of " + repr([str(fix) for fix in Fix])]
