"""Every saved page against the records a person wrote down for it, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iomcrawl.qa.fixtures import Fixture, compare_fixture, find_fixtures
from iomcrawl.schema import schema_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = find_fixtures(FIXTURES)


def test_fixture_set_is_not_empty() -> None:
    assert len(CASES) >= 13
    assert any(case.page.suffix == ".txt" for case in CASES)


@pytest.mark.parametrize("fixture", CASES, ids=[c.name for c in CASES])
def test_fixture(fixture: Fixture) -> None:
    result = fixture.run()
    assert result.status != "error", result.reason
    for record in result.records:
        assert schema_errors(record) == [], record["headline"]
    diffs = compare_fixture(fixture, result)
    shown = "\n".join(
        f"{field}: expected {json.dumps(exp, ensure_ascii=False)}\n   got {json.dumps(act, ensure_ascii=False)}"
        for field, exp, act in diffs
    )
    assert not diffs, f"{fixture.name}\n{shown}"
