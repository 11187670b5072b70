"""Saved pages with the records a person expects from them, and field-level comparison against the chain.

A fixture is an input page (``NAME.html``/``NAME.htm``/``NAME.txt``) with ``NAME.expected.json`` beside it:
``{"url": ..., "records": [...], "no_release": null | "reason"}``. Expected records hold the fields a
reader can state from the page; `phones` entries are objects (``e164``, ``kind``, ``extension``, optionally
``raw``), `emails` plain addresses, `fixes` (optional) the repairs that must be reported.

Captured fixtures (``iomcrawl fixture add``) also carry ``"reviewed": false`` until a person has checked
the expected file, and a ``NAME.response.json`` sidecar with the response's URL, status and headers, so
the page is replayed with the Content-Type it was served with.
"""

from __future__ import annotations

import json
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iomcrawl.extraction import PageResult, extract_page

INPUT_SUFFIXES = (".html", ".htm", ".txt")
EXPECTED_SUFFIX = ".expected.json"
RESPONSE_SUFFIX = ".response.json"
SITE_BASE = "http://sample.iomcrawl.invalid"
TEXT_FIELDS = ("headline", "date", "dateline", "language", "body")
# An expected file states a few records by hand (the largest bundled one is 7 KB); one far bigger is a
# mistake, and reading it whole first would cost its size in memory.
EXPECTED_MAX_BYTES = 1 << 20
MAX_DEPTH = 32  # of arrays and objects: an expected file needs 6 (records, people, phones)


class FixtureFileError(ValueError):
    """A fixture's JSON file that cannot be used; the message completes "the expected file ..."."""


def read_capped_text(path: Path, max_bytes: int = EXPECTED_MAX_BYTES) -> str:
    """A small UTF-8 file: its size is checked before it is read, and no more than the cap is read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise FixtureFileError("is not a regular file")
    if info.st_size > max_bytes:
        raise FixtureFileError(f"is larger than {max_bytes} bytes ({info.st_size} bytes)")
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew since the stat
        raise FixtureFileError(f"is larger than {max_bytes} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FixtureFileError(f"does not parse: not UTF-8 (byte {exc.start})") from exc


def nests_deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > limit:
                return True
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def parse_json(text: str) -> Any:
    """JSON that nests within MAX_DEPTH; deeper documents are refused instead of exhausting the stack."""
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise FixtureFileError(f"nests arrays or objects deeper than {MAX_DEPTH} levels") from exc
    except json.JSONDecodeError as exc:
        raise FixtureFileError(f"does not parse: {exc}") from exc
    if nests_deeper_than(value, MAX_DEPTH):
        raise FixtureFileError(f"nests arrays or objects deeper than {MAX_DEPTH} levels")
    return value


def read_json(path: Path) -> Any:
    """A fixture's JSON file (expected file or sidecar), capped in size and depth."""
    return parse_json(read_capped_text(path))


@dataclass(frozen=True)
class Fixture:
    name: str
    page: Path
    expected_file: Path

    def expected(self) -> dict[str, Any]:
        return read_json(self.expected_file)

    def url(self) -> str:
        url = self.expected().get("url") or ""
        return SITE_BASE + url if url.startswith("/") else url

    @property
    def response_file(self) -> Path:
        """The optional sidecar of a captured fixture: URL, status and headers as served."""
        return self.expected_file.with_name(
            self.expected_file.name.removesuffix(EXPECTED_SUFFIX) + RESPONSE_SUFFIX
        )

    def response(self) -> dict[str, Any] | None:
        if not self.response_file.exists():
            return None
        return read_json(self.response_file)

    def content_type(self) -> str | None:
        """The served Content-Type when the sidecar has one (its charset counts), else what the suffix says."""
        headers = (self.response() or {}).get("headers") or {}
        for name, values in headers.items():
            if name.lower() == "content-type" and values:
                return values[0] if isinstance(values, list) else str(values)
        return "text/plain" if self.page.suffix == ".txt" else None

    def reviewed(self) -> bool:
        """Hand-written fixtures have no flag and count as reviewed; captured ones say ``false`` until checked."""
        return self.expected().get("reviewed") is not False

    def run(self) -> PageResult:
        return extract_page(self.page.read_bytes(), self.url(), content_type=self.content_type())


def find_fixtures(root: Path) -> list[Fixture]:
    """Every input page under `root` that has an expected file beside it."""
    out = []
    for expected in sorted(root.rglob("*" + EXPECTED_SUFFIX)):
        stem = expected.name.removesuffix(EXPECTED_SUFFIX)
        page = next(
            (expected.with_name(stem + s) for s in INPUT_SUFFIXES if expected.with_name(stem + s).exists()),
            None,
        )
        if page is not None:
            out.append(Fixture(name=str(page.relative_to(root)), page=page, expected_file=expected))
    return out


def _norm(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    return unicodedata.normalize("NFC", "\n\n".join(" ".join(p.split()) for p in text.split("\n\n")))


def fold_name(name: str) -> str:
    """A person's name as people are matched: case and runs of spaces ignored (accents are not)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _overlap(a: str | None, b: str | None) -> float:
    """Word Jaccard: roles and offices are written several ways ('IOM trainer', 'trainer'), so near is enough."""
    wa, wb = (set(re.findall(r"\w+", fold_name(x or ""))) for x in (a, b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


ROLE_OVERLAP = 0.5  # the share of words a role or office must share with the expected one (see _overlap)


def _phone_key(phone: dict[str, Any], with_raw: bool) -> tuple:
    key = (phone.get("e164"), phone.get("kind"), phone.get("extension"))
    return (*key, " ".join((phone.get("raw") or "").split())) if with_raw else key


Diff = tuple[str, Any, Any]  # (field, expected, actual)


def _text_diffs(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    return [
        (name, expected[name], actual.get(name))
        for name in TEXT_FIELDS
        if name in expected and _norm(expected[name]) != _norm(actual.get(name))
    ]


def _phone_diffs(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    """Phones compare as (e164, kind, extension), and by their raw text too when the expected file gives it."""
    if "phones" not in expected:
        return []
    with_raw = any("raw" in p for p in expected["phones"])
    want = sorted(_phone_key(p, with_raw) for p in expected["phones"])
    got = sorted(_phone_key(p, with_raw) for p in actual.get("phones", []))
    return [("phones", want, got)] if want != got else []


def _email_diffs(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    if "emails" not in expected:
        return []
    want = sorted(e.lower() for e in expected["emails"])
    got = sorted(e["address"].lower() for e in actual.get("emails", []))
    return [("emails", want, got)] if want != got else []


def _fix_diffs(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    """The repairs the expected file names must be reported; others may be reported too."""
    if all(fix in actual.get("fixes", []) for fix in expected.get("fixes", [])):
        return []
    return [("fixes", expected["fixes"], actual.get("fixes"))]


def _person_diffs(want: dict[str, Any], got: dict[str, Any]) -> list[Diff]:
    """Role and office match when their words mostly overlap; a person's phones and e-mails exactly."""
    diffs: list[Diff] = [
        (f"people[{want['name']}].{key}", want[key], got.get(key))
        for key in ("role", "office")
        if want.get(key) and _overlap(want[key], got.get(key)) < ROLE_OVERLAP
    ]
    diffs += [
        (f"people[{want['name']}].{key}", sorted(want[key]), sorted(got.get(key, [])))
        for key in ("phones", "emails")
        if key in want and sorted(want[key]) != sorted(got.get(key, []))
    ]
    return diffs


def _people_diffs(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    """People are matched by name (case and spacing folded): missing, extra, then each one's details."""
    if "people" not in expected:
        return []
    got_people = {fold_name(p["name"]): p for p in actual.get("people", [])}
    want_people = {fold_name(p["name"]): p for p in expected["people"]}
    diffs: list[Diff] = [
        ("people", f"missing {want_people[name]['name']}", None)
        for name in sorted(set(want_people) - set(got_people))
    ]
    diffs += [
        ("people", None, f"extra {got_people[name]['name']}")
        for name in sorted(set(got_people) - set(want_people))
    ]
    for name in sorted(set(want_people) & set(got_people)):
        diffs += _person_diffs(want_people[name], got_people[name])
    return diffs


def compare_record(expected: dict[str, Any], actual: dict[str, Any]) -> list[Diff]:
    """(field, expected, actual) for every field that differs."""
    return [
        *_text_diffs(expected, actual),
        *_phone_diffs(expected, actual),
        *_email_diffs(expected, actual),
        *_fix_diffs(expected, actual),
        *_people_diffs(expected, actual),
    ]


def compare_fixture(fixture: Fixture, result: PageResult | None = None) -> list[tuple[str, Any, Any]]:
    """Differences between a fixture's expected records and what the chain makes of its page."""
    expected = fixture.expected()
    result = result or fixture.run()
    want, got = expected.get("records", []), result.records
    diffs: list[tuple[str, Any, Any]] = []
    if not want:
        if result.status != "no-release":
            diffs.append(
                (
                    "outcome",
                    f"no release ({expected.get('no_release')})",
                    f"{result.status}: {len(got)} records",
                )
            )
        return diffs
    if len(want) != len(got):
        diffs.append(("records", [r.get("headline") for r in want], [r.get("headline") for r in got]))
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        diffs += [(f"records[{i}].{field}", exp, act) for field, exp, act in compare_record(w, g)]
    return diffs
