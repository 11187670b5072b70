"""`iomcrawl check`: every fixture through the whole chain, compared field by field with its expected file.

The comparison is :func:`iomcrawl.qa.fixtures.compare_record`, the one ``tests/test_fixtures.py`` uses, so
`check` and the test suite never disagree about what matches; this module only adds structure (which
list items are missing or extra), a per-field accuracy table and the exit codes people script against:
0 everything matches, 1 some field differs, 2 a fixture is broken (its expected file does not parse or
has the wrong shape, its input page or sidecar is missing or unreadable).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from iomcrawl.extraction import PageResult
from iomcrawl.qa.expected import updated_document, write_edited
from iomcrawl.qa.fixtures import (
    EXPECTED_SUFFIX,
    INPUT_SUFFIXES,
    TEXT_FIELDS,
    Fixture,
    FixtureFileError,
    compare_record,
    find_fixtures,
    parse_json,
    read_capped_text,
)

# Fields of the accuracy table, in the order a reader meets them on a page.
FIELDS = ("outcome", "records", *TEXT_FIELDS, "people", "phones", "emails", "fixes")
LIST_FIELDS = ("people", "phones", "emails", "fixes")
Status = Literal["match", "differ", "broken"]


@dataclass
class FieldDiff:
    """One field of one record (or the page's outcome) that is not what the expected file says."""

    fixture: str
    field: str  # the accuracy-table field: headline, people, records, ...
    path: str  # where exactly: records[0].people[Ana Ruiz].role
    expected: Any
    actual: Any
    # dataclasses.field in full: the attribute `field` above hides the name here
    missing: list[Any] = dataclasses.field(default_factory=list)  # list items expected but not produced
    added: list[Any] = dataclasses.field(default_factory=list)  # list items produced but not expected
    record: int | None = None
    headline: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "fixture": self.fixture,
            "field": self.field,
            "path": self.path,
            "record": self.record,
            "headline": self.headline,
            "expected": self.expected,
            "actual": self.actual,
            "missing": self.missing,
            "added": self.added,
        }


@dataclass
class FixtureCheck:
    """One fixture's verdict: broken (and why), or its diffs and per-field scores."""

    name: str
    expected_file: Path
    fixture: Fixture | None = None
    problem: str | None = None
    reviewed: bool = True
    result: PageResult | None = None
    diffs: list[FieldDiff] = field(default_factory=list)
    stated: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)

    @property
    def status(self) -> Status:
        if self.problem:
            return "broken"
        return "differ" if self.diffs else "match"

    def score(self, name: str, ok: bool) -> None:
        self.stated[name] += 1
        self.right[name] += ok


@dataclass
class CheckRun:
    root: Path
    checks: list[FixtureCheck]
    pattern: str | None = None  # `-k`: only the fixtures it selects were checked

    def accuracy(self) -> dict[str, tuple[int, int]]:
        """field -> (times an expected file states it, times the chain got it right), over all fixtures."""
        stated: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for check in self.checks:
            stated.update(check.stated)
            right.update(check.right)
        return {name: (stated[name], right[name]) for name in FIELDS if stated[name]}

    def count(self, status: Status) -> int:
        return sum(c.status == status for c in self.checks)

    def unreviewed(self) -> list[FixtureCheck]:
        return [c for c in self.checks if not c.problem and not c.reviewed]

    def exit_code(self) -> int:
        if self.count("broken"):
            return 2
        return 1 if self.count("differ") else 0


def _person_problem(i: int, person: dict[str, Any]) -> str | None:
    for key in ("phones", "emails"):
        values = person.get(key, [])
        if not isinstance(values, list) or not all(isinstance(x, str) for x in values):
            return f"records[{i}].people[{person['name']}].{key} needs a list of strings"
    return None


def _lists_problem(i: int, record: dict[str, Any]) -> str | None:
    """The list fields must be lists, and hold what the comparison reads from them."""
    for key in LIST_FIELDS:
        if key in record and not isinstance(record[key], list):
            return f"records[{i}].{key} is not a list"
    if any(not isinstance(p, dict) or "e164" not in p for p in record.get("phones", [])):
        return f"records[{i}].phones needs objects with an e164"
    if any(not isinstance(p, dict) or not isinstance(p.get("name"), str) for p in record.get("people", [])):
        return f"records[{i}].people needs objects with a name"
    if any(not isinstance(a, str) for a in record.get("emails", [])):
        return f"records[{i}].emails needs plain addresses"
    return None


def _record_problem(i: int, record: Any) -> str | None:
    if not isinstance(record, dict):
        return f"records[{i}] is not an object"
    if not isinstance(record.get("headline"), str):
        return f"records[{i}] has no headline"
    problem = _lists_problem(i, record)
    if problem:
        return problem
    return next((p for p in (_person_problem(i, person) for person in record.get("people", [])) if p), None)


def _shape_problem(expected: Any) -> str | None:
    """What makes an expected file unusable, in one phrase; None when it can be compared."""
    if not isinstance(expected, dict):
        return "the expected file is not a JSON object"
    records = expected.get("records")
    if not isinstance(records, list):
        return '"records" is missing or not a list'
    if "reviewed" in expected and not isinstance(expected["reviewed"], bool):
        return '"reviewed" is not true or false'
    return next((p for p in (_record_problem(i, r) for i, r in enumerate(records)) if p), None)


def discover(root: Path) -> list[FixtureCheck]:
    """Every fixture under `root`, plus the expected files whose input page is missing (broken ones)."""
    found = {f.expected_file: f for f in find_fixtures(root)}
    checks = []
    for expected_file in sorted(root.rglob("*" + EXPECTED_SUFFIX)):
        fixture = found.get(expected_file)
        if fixture is None:
            stem = str(expected_file.relative_to(root)).removesuffix(EXPECTED_SUFFIX)
            problem = f"no input page beside it ({' / '.join(stem + s for s in INPUT_SUFFIXES)})"
            checks.append(FixtureCheck(name=stem, expected_file=expected_file, problem=problem))
        else:
            checks.append(FixtureCheck(name=fixture.name, expected_file=expected_file, fixture=fixture))
    return checks


def _load(check: FixtureCheck) -> dict[str, Any] | None:
    """The expected file, or None with `check.problem` set."""
    assert check.fixture is not None
    try:
        expected = check.fixture.expected()
    except FixtureFileError as exc:
        check.problem = f"the expected file {exc}"
        return None
    except OSError as exc:
        check.problem = f"the expected file cannot be read: {exc.strerror or exc}"
        return None
    check.problem = _shape_problem(expected)
    if check.problem:
        return None
    try:
        sidecar = check.fixture.response()
    except FixtureFileError as exc:
        check.problem = f"the response sidecar {exc}"
        return None
    except OSError as exc:
        check.problem = f"the response sidecar cannot be read: {exc.strerror or exc}"
        return None
    if sidecar is not None and not isinstance(sidecar, dict):
        check.problem = "the response sidecar is not a JSON object"
        return None
    check.reviewed = expected.get("reviewed") is not False
    return expected


def _multiset_minus(a: list[Any], b: list[Any]) -> list[Any]:
    left = Counter(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in b)
    out = []
    for item in a:
        key = json.dumps(item, ensure_ascii=False, sort_keys=True)
        if left[key]:
            left[key] -= 1
        else:
            out.append(item)
    return out


def _phone_text(key: Any) -> str:
    """A compare_record phone key (e164, kind, extension[, raw]) as a reader writes it."""
    e164, kind, ext, *raw = key
    text = f"{e164} ({kind})" if kind else str(e164)
    if ext:
        text += f" ext. {ext}"
    return text + (f" raw {raw[0]!r}" if raw else "")


def _record_diffs(check: FixtureCheck, i: int, want: dict[str, Any], got: dict[str, Any]) -> None:
    """Turn compare_record's (field, expected, actual) triples into structured diffs, and score each field."""
    headline = want.get("headline")
    people: FieldDiff | None = None
    bad: set[str] = set()
    for name, exp, act in compare_record(want, got):
        base = name.split("[", 1)[0].split(".", 1)[0]
        bad.add(base)
        diff = FieldDiff(check.name, base, f"records[{i}].{name}", exp, act, record=i, headline=headline)
        if name == "phones":
            diff.expected, diff.actual = [_phone_text(k) for k in exp], [_phone_text(k) for k in act]
        if base == "people" and name == "people":  # "missing X" / "extra Y" lines become one diff
            if people is None:
                names = [p["name"] for p in want.get("people", [])]
                people = FieldDiff(
                    check.name,
                    "people",
                    f"records[{i}].people",
                    names,
                    [p["name"] for p in got.get("people", [])],
                    record=i,
                    headline=headline,
                )
                check.diffs.append(people)
            if exp:
                people.missing.append(str(exp).removeprefix("missing "))
            if act:
                people.added.append(str(act).removeprefix("extra "))
            continue
        if name in ("phones", "emails"):
            diff.missing = _multiset_minus(diff.expected, diff.actual)
            diff.added = _multiset_minus(diff.actual, diff.expected)
        elif name == "fixes":
            diff.missing = [f for f in exp if f not in (act or [])]
        check.diffs.append(diff)
    for name in FIELDS[2:]:
        if name in want:
            check.score(name, name not in bad)


def _headlines(records: list[dict[str, Any]]) -> list[str]:
    return [str(r.get("headline")) for r in records]


def compare(check: FixtureCheck, expected: dict[str, Any], result: PageResult) -> None:
    """The same walk as :func:`iomcrawl.qa.fixtures.compare_fixture`, keeping what each difference is made of."""
    check.result = result
    want, got = expected.get("records", []), result.records
    if not want:
        ok = result.status == "no-release"
        check.score("outcome", ok)
        if not ok:
            actual = (
                f"{result.status}: {result.reason}" if result.status == "error" else f"{len(got)} records"
            )
            check.diffs.append(
                FieldDiff(
                    check.name,
                    "outcome",
                    "outcome",
                    f"no release ({expected.get('no_release')})",
                    actual,
                    added=_headlines(got),
                )
            )
        return
    if result.status != "records":
        check.score("outcome", False)
        check.diffs.append(
            FieldDiff(
                check.name, "outcome", "outcome", f"{len(want)} records", f"{result.status}: {result.reason}"
            )
        )
    check.score("records", len(want) == len(got))
    if len(want) != len(got):
        wanted, made = _headlines(want), _headlines(got)
        check.diffs.append(
            FieldDiff(
                check.name,
                "records",
                "records",
                len(want),
                len(got),
                missing=_multiset_minus(wanted, made),
                added=_multiset_minus(made, wanted),
            )
        )
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        _record_diffs(check, i, w, g)
    for w in want[len(got) :]:  # a record the chain did not make is wrong in every field it states
        for name in FIELDS[2:]:
            if name in w:
                check.score(name, False)


def check_fixture(check: FixtureCheck) -> FixtureCheck:
    """Run the chain on one fixture and compare; a broken fixture is left as it is."""
    if check.problem or check.fixture is None:
        return check
    expected = _load(check)
    if expected is None:
        return check
    try:
        result = check.fixture.run()
    except OSError as exc:
        check.problem = f"cannot read the input page: {exc}"
        return check
    try:
        compare(check, expected, result)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:  # a shape _shape_problem did not foresee
        check.diffs.clear()
        check.stated.clear()
        check.right.clear()
        check.problem = f"the expected file has an unexpected shape: {type(exc).__name__}: {exc}"
    return check


def selects(pattern: str, name: str) -> bool:
    """`-k`: a glob when the pattern has ``*``, ``?`` or ``[``, else a substring; case is ignored either way."""
    pattern, name = pattern.casefold(), name.casefold()
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(name, pattern)
    return pattern in name


def run_check(root: Path, pattern: str | None = None) -> CheckRun:
    """Check every fixture under `root`, or those whose name `pattern` selects (see :func:`selects`)."""
    found = [c for c in discover(root) if pattern is None or selects(pattern, c.name)]
    return CheckRun(root=root, checks=[check_fixture(c) for c in found], pattern=pattern)


def resolve(run: CheckRun, name: str) -> FixtureCheck | None:
    """A fixture by its full name (`pages/x.html`), without the suffix (`pages/x`), or by a unique stem (`x`)."""
    wanted = name.removesuffix(EXPECTED_SUFFIX).rstrip("/")
    path = Path(wanted)
    if path.exists() or path.with_name(path.name + EXPECTED_SUFFIX).exists():
        with contextlib.suppress(ValueError):  # a path outside the root is matched by name below
            wanted = str(path.resolve().relative_to(run.root.resolve()))
    exact = [c for c in run.checks if wanted in (c.name, _stem(c.name))]
    if exact:
        return exact[0]
    by_stem = [c for c in run.checks if Path(_stem(c.name)).name == wanted]
    return by_stem[0] if len(by_stem) == 1 else None


def _stem(name: str) -> str:
    for suffix in INPUT_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def update_expected(check: FixtureCheck) -> FixtureCheck:
    """Bring one fixture's expected file to the chain's output, then check it again.

    Only for a person who has read the diff against the page. Only the values that differ are
    replaced, in place: the file's own keys (url, notes, reviewed), the fields it chose to state, its
    layout and every value that matches are left as they are, so `git diff` shows just the changed lines.
    """
    if check.fixture is None or check.result is None or check.problem:
        raise ValueError(f"{check.name} is broken ({check.problem}); fix its files by hand")
    text = read_capped_text(check.expected_file)
    old = parse_json(text)
    doc = updated_document(old, check.result.records, check.result.reason, check.fixture.url())
    write_edited(check.expected_file, text, doc)
    return check_fixture(
        FixtureCheck(name=check.name, expected_file=check.expected_file, fixture=check.fixture)
    )
