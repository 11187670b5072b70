"""The labelled sets, scored inside the test suite with the shared scorer's own comparisons.

`make score` runs the scorer over the command line; this runs the same per-record checks in-process,
page by page, so a regression on any labelled page fails `make test` with the field that broke. The
scorer (``shared/eval/score.py``, beside the checkout) defines what a correct record is; it is imported,
not copied.

Pages of a labelled round that do not score fully yet are listed in ``fixtures/labelled/open-misses.json``
with the fields that miss: they are expected to fail (strictly: a page that starts to pass must leave the
list), and every other page must score 1.000 on every field.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from iomcrawl.extraction import extract_page

REPO_ROOT = Path(__file__).resolve().parent.parent
SCORER = REPO_ROOT.parent / "shared" / "eval" / "score.py"
SETS = {"labelled": REPO_ROOT / "fixtures" / "labelled", "dev": REPO_ROOT.parent / "shared" / "eval" / "dev"}
OPEN_MISSES = REPO_ROOT / "fixtures" / "labelled" / "open-misses.json"


@cache
def scorer() -> ModuleType:
    assert SCORER.is_file(), f"the shared scorer is missing: {SCORER} (it lies beside the checkout)"
    spec = importlib.util.spec_from_file_location("iomcrawl_shared_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def open_misses() -> dict[str, list[str]]:
    text = OPEN_MISSES.read_text(encoding="utf-8") if OPEN_MISSES.is_file() else ""
    return json.loads(text) if text.strip() else {}  # empty while the list is being rewritten


def labelled_pages() -> list[Any]:
    params = []
    misses = open_misses()
    for set_name, root in SETS.items():
        for label in sorted((root / "labels").glob("*.json")):
            key = f"{set_name}/{label.stem}"
            marks = []
            if key in misses:
                reason = "open misses: " + ", ".join(misses[key])
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            params.append(pytest.param(root, label.stem, id=key, marks=marks))
    return params


def problems_of(root: Path, stem: str) -> list[str]:
    """What the scorer finds wrong with the chain's records for one labelled page."""
    score = scorer()
    label = json.loads((root / "labels" / f"{stem}.json").read_text(encoding="utf-8"))
    (page,) = (root / "pages").glob(f"{stem}.*")
    content_type = "text/plain" if page.suffix.lower() == ".txt" else None
    got = extract_page(page.read_bytes(), label.get("url", ""), content_type=content_type).records
    got = json.loads(json.dumps(got))  # as the scorer reads them: JSON lines
    want = label.get("records", [])
    pairs = score.match_records(got, want)
    problems: list[str] = []
    if len(pairs) != len(want) or len(got) != len(want):
        problems.append(f"records: got {[r.get('headline') for r in got]}, want {len(want)}")
    for found, wanted in pairs:
        score.score_record(score.Tally(), found, wanted, problems, (wanted.get("headline") or "")[:40])
    return problems


def test_the_sets_are_there() -> None:
    """Guard against a silent empty parametrisation: both sets hold pages."""
    assert len(list((SETS["labelled"] / "labels").glob("*.json"))) >= 90
    assert len(list((SETS["dev"] / "labels").glob("*.json"))) >= 16


def test_open_misses_name_real_pages() -> None:
    known = {
        f"{name}/{label.stem}" for name, root in SETS.items() for label in (root / "labels").glob("*.json")
    }
    assert not set(open_misses()) - known


@pytest.mark.parametrize(("root", "stem"), labelled_pages())
def test_labelled_page_scores_fully(root: Path, stem: str) -> None:
    problems = problems_of(root, stem)
    assert not problems, "\n".join(problems)


def current_misses() -> dict[str, list[str]]:
    """Every page that does not score fully now, with the fields that miss (for open-misses.json)."""
    misses = {}
    for name, root in SETS.items():
        for label in sorted((root / "labels").glob("*.json")):
            problems = problems_of(root, label.stem)
            fields = sorted(
                {
                    f
                    for f in scorer().FIELDS
                    for problem in problems
                    if problem.startswith(f"{f}: ") or f": {f}: " in problem
                }
            )
            if fields:
                misses[f"{name}/{label.stem}"] = fields
    return misses


if __name__ == "__main__":  # python tests/test_labelled.py > fixtures/labelled/open-misses.json
    print(json.dumps(current_misses(), indent=1))
