"""Expected files written by iomcrawl: from the chain's records, for `check --update` and captured fixtures.

An expected file is meant to be written by a person reading the page; when iomcrawl writes one, it keeps
the person's own keys (``url``, ``notes``, ``reviewed``) and, per record, only the fields the old file
stated, so that updating a fixture never starts comparing something nobody asked to compare.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from iomcrawl.codes import reason_code
from iomcrawl.qa.fixtures import compare_record, fold_name, parse_json, read_capped_text
from iomcrawl.qa.json_edit import edit

RECORD_KEYS = ("headline", "date", "dateline", "language", "body", "people", "phones", "emails", "fixes")
PERSON_KEYS = ("name", "role", "office", "phones", "emails")


def expected_record(record: dict[str, Any], like: dict[str, Any] | None = None) -> dict[str, Any]:
    """The expected-file form of one record; `like` (the record it replaces) decides which keys appear."""
    with_raw = like is not None and any("raw" in p for p in like.get("phones", []))
    phones = []
    for phone in record.get("phones", []):
        entry = {"e164": phone["e164"], "kind": phone.get("kind"), "extension": phone.get("extension")}
        if with_raw:
            entry["raw"] = phone.get("raw")
        phones.append(entry)
    full = {
        "headline": record.get("headline"),
        "date": record.get("date"),
        "dateline": record.get("dateline"),
        "language": record.get("language"),
        "body": record.get("body"),
        "people": [_person(p) for p in record.get("people", [])],
        "phones": phones,
        "emails": [e["address"] for e in record.get("emails", [])],
        "fixes": list(record.get("fixes", [])),
    }
    if like is None:
        return {k: v for k, v in full.items() if k != "fixes" or v}
    return {k: full[k] for k in RECORD_KEYS if k in like}


def expected_document(
    records: list[dict[str, Any]], reason: str | None, old: dict[str, Any] | None, url: str
) -> dict[str, Any]:
    """A whole expected file: the old file's own keys kept, its records and no-release reason replaced."""
    doc = dict(old or {"url": url})
    old_records = (old or {}).get("records") or []
    doc["records"] = [
        expected_record(rec, old_records[i] if i < len(old_records) else None)
        for i, rec in enumerate(records)
    ]
    doc["no_release"] = None if records else ((old or {}).get("no_release") or reason_code(reason))
    return doc


def _person(person: dict[str, Any]) -> dict[str, Any]:
    return {k: person.get(k) for k in PERSON_KEYS}


def _patch_people(out: dict[str, Any], got: dict[str, Any], diffs: list[tuple[str, Any, Any]]) -> None:
    """People the chain did not find are removed, new ones appended, and each differing detail replaced."""
    got_people = {fold_name(p["name"]): p for p in got.get("people", [])}
    gone = {
        fold_name(str(exp).removeprefix("missing ")) for name, exp, _ in diffs if name == "people" and exp
    }
    people = [p for p in out["people"] if fold_name(p["name"]) not in gone]
    for name, _, act in diffs:
        if name == "people" and act:
            people.append(_person(got_people[fold_name(str(act).removeprefix("extra "))]))
        elif name.startswith("people["):
            who, _, key = name.removeprefix("people[").rpartition("].")
            person = next(p for p in people if fold_name(p["name"]) == fold_name(who))
            person[key] = got_people[fold_name(who)].get(key)
    out["people"] = people


def patched_record(want: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """`want` with only the fields the comparison finds different taken from the chain's record `got`.

    A field that matches loosely (a role with the same words in another order, a body wrapped another
    way, e-mails in another case) stays as the person wrote it."""
    diffs = compare_record(want, got)
    fresh = expected_record(got, want)
    out = copy.deepcopy(want)
    for name, _, _ in diffs:
        if name in fresh and name != "people":
            out[name] = fresh[name]
    if any(name.startswith("people") for name, _, _ in diffs):
        _patch_people(out, got, diffs)
    return out


def updated_document(
    old: dict[str, Any], records: list[dict[str, Any]], reason: str | None, url: str
) -> dict[str, Any]:
    """The old expected file with only what differs from the chain's output replaced.

    Records are paired in order, as the comparison pairs them; a record the chain no longer makes is
    dropped and a new one appended in the shape of the last stated record. When the page turns from
    releases to none (or back), the records and the no-release reason are replaced whole."""
    want = old.get("records") or []
    if not records or not want:
        return expected_document(records, reason, old, url)
    doc = copy.deepcopy(old)
    doc["records"] = [patched_record(w, g) for w, g in zip(want, records, strict=False)]
    doc["records"] += [expected_record(g, want[-1]) for g in records[len(want) :]]
    if doc.get("no_release") is not None:
        doc["no_release"] = None
    return doc


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_edited(path: Path, text: str, data: dict[str, Any]) -> None:
    """Write `data` over `path`, whose current text is `text`, changing only the lines whose values differ."""
    new = edit(text, data)
    if parse_json(new) != data:  # cannot happen; never write a file that says something else
        raise ValueError(f"editing {path} in place went wrong")
    path.write_text(new, encoding="utf-8")


def mark_reviewed(path: Path) -> bool:
    """Set ``"reviewed": false`` to true in place (the person's formatting stays); False if it was not false."""
    text = read_capped_text(path)
    data = parse_json(text)
    if not isinstance(data, dict) or data.get("reviewed") is not False:
        return False
    write_edited(path, text, {**data, "reviewed": True})
    return True
