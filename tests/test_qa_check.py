"""`iomcrawl check`: field-level diffs that name fixture, field, expected and actual; accuracy; exit codes."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iomcrawl.cli import main
from iomcrawl.extraction import extract_page
from iomcrawl.qa.check import run_check
from iomcrawl.qa.diff_text import text_lines
from iomcrawl.qa.expected import expected_document
from iomcrawl.qa.fixtures import SITE_BASE, compare_fixture, find_fixtures

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sample-site"
SOFALA = "news/iom-hands-over-cyclone-resistant-classrooms-sofala.html"
ITALY = "it/archivio-news-iom.html"
DHAKA = "news/iom-opens-migrant-resource-centre-dhaka.html"

Mutate = Callable[[dict[str, Any]], None]


def add_fixture(root: Path, page: str, mutate: Mutate | None = None, name: str | None = None) -> Path:
    """Copy a sample-site page in with an expected file that matches the chain today, then change it."""
    source = SITE / page
    name = name or Path(page).stem
    (root / f"{name}.html").write_bytes(source.read_bytes())
    url = f"/{page}"
    result = extract_page(source.read_bytes(), SITE_BASE + url)
    doc = expected_document(result.records, result.reason, None, url)
    doc["notes"] = "kept by --update"
    if mutate:
        mutate(doc)
    expected = root / f"{name}.expected.json"
    expected.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return expected


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_all_matching_fixtures_exit_0_with_an_accuracy_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for page in (SOFALA, ITALY, DHAKA):
        add_fixture(tmp_path, page)
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 0, out
    assert "3 of 3 fixtures match, 0 differ, 0 broken" in out
    table = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:] if line.strip()}
    assert table["outcome"] == ["1", "1", "100.0%"]  # the soft 404
    assert table["records"] == ["2", "2", "100.0%"]
    assert table["headline"] == ["4", "4", "100.0%"]  # 1 + 3 records


def test_changing_one_extraction_rule_fails_with_a_diff_naming_fixture_field_and_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_fixture(tmp_path, SOFALA)
    add_fixture(tmp_path, DHAKA)
    assert check(capsys, str(tmp_path))[0] == 0
    # one rule of the chain changes: language detection now says Portuguese for everything
    monkeypatch.setattr("iomcrawl.extraction.releases.detect_language", lambda text: "pt")
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "FAIL iom-hands-over-cyclone-resistant-classrooms-sofala.html"
    assert lines[1] == '  records[0] "IOM Hands Over 24 Cyclone-Resistant Classrooms in Sofala"'
    assert lines[2:5] == ["    language:", '      expected "en"', '      actual   "pt"']
    assert "1 of 2 fixtures match, 1 differ, 0 broken" in out
    assert [line for line in lines if line.startswith("language")] == ["language       1      0      0.0%"]


def test_one_field_changed_in_the_expected_file_is_the_only_diff_and_json_says_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def wrong_date(doc: dict[str, Any]) -> None:
        doc["records"][1]["date"] = "2018-05-07"

    add_fixture(tmp_path, ITALY, wrong_date)
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1
    actual_date = run_check(tmp_path).checks[0].result.records[1]["date"]  # type: ignore[union-attr]
    assert f'    date:\n      expected "2018-05-07"\n      actual   "{actual_date}"\n' in out
    code, out, _ = check(capsys, str(tmp_path), "--json")
    report = json.loads(out)
    assert code == 1 and report["exit_code"] == 1
    assert report["counts"] == {"match": 0, "differ": 1, "broken": 0}
    (fixture,) = report["fixtures"]
    assert fixture["name"] == "archivio-news-iom.html" and fixture["status"] == "differ"
    (diff,) = fixture["diffs"]
    assert diff["field"] == "date" and diff["path"] == "records[1].date"
    assert diff["expected"] == "2018-05-07" and diff["actual"] == actual_date
    assert report["fields"]["date"] == {"stated": 3, "right": 2, "accuracy": 0.6667}


def test_missing_and_added_list_items_are_called_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(doc: dict[str, Any]) -> None:
        record = doc["records"][0]
        record["emails"] = [*record["emails"][:-1], "press@iom.int"]
        record["people"] = [p for p in record["people"] if p["name"] != "Celeste Matsinhe"]
        record["people"].append(
            {"name": "Ana Ruiz", "role": None, "office": None, "phones": [], "emails": []}
        )
        record["phones"][1]["kind"] = "fax"
        record["fixes"] = ["mojibake-fixed"]

    add_fixture(tmp_path, SOFALA, edit)
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1
    assert "    emails:\n      missing: press@iom.int\n      added:   schissano@iom.int\n" in out
    assert "    people:\n      missing: Ana Ruiz\n      added:   Celeste Matsinhe\n" in out
    assert "    phones:\n      missing: +258843027716 (fax)\n      added:   +258843027716 (mobile)\n" in out
    assert "    fixes:\n      missing: mojibake-fixed\n" in out


def test_a_changed_body_is_shown_paragraph_by_paragraph_with_the_changed_words() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    expected = f"{words} thirteen.\n\nSecond paragraph.\n\nGone paragraph."
    actual = f"{words} fourteen.\n\nSecond paragraph.\n\nA wholly different text."
    assert text_lines(expected, actual) == [
        "~ ¶1: … w14 w15 w16 w17 w18 w19 [-thirteen.-] {+fourteen.+}",
        "- ¶3: Gone paragraph.",
        "+ ¶3: A wholly different text.",
    ]
    assert text_lines("One.", "One.\n\nTwo.") == ["expected 1 paragraphs, got 2", "+ ¶2: Two."]


def test_check_agrees_with_compare_fixture_on_what_differs(tmp_path: Path) -> None:
    """The test suite (compare_fixture) and `check` must never disagree about a fixture."""

    def many(doc: dict[str, Any]) -> None:
        doc["records"][0]["headline"] = "Another headline"
        doc["records"][2]["body"] += "\n\nMore."
        doc["records"][1]["people"][0]["role"] = "astronaut"
        doc["records"].append({"headline": "A fourth release"})

    def outcome(doc: dict[str, Any]) -> None:
        doc["records"], doc["no_release"] = [], "teaser listing"

    add_fixture(tmp_path, ITALY, many)
    add_fixture(tmp_path, SOFALA, outcome)
    run = run_check(tmp_path)
    for fixture, checked in zip(find_fixtures(tmp_path), run.checks, strict=True):
        assert {f for f, _, _ in compare_fixture(fixture)} == {d.path for d in checked.diffs}
    assert run.accuracy()["records"] == (1, 0)
    assert run.accuracy()["outcome"] == (1, 0)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda p: p.write_text("{not json", encoding="utf-8"), "does not parse"),
        (lambda p: p.write_text('{"records": {}}', encoding="utf-8"), '"records" is missing or not a list'),
        (
            lambda p: p.write_text('{"records": [{"date": null}]}', encoding="utf-8"),
            "records[0] has no headline",
        ),
        (
            lambda p: p.write_text('{"records": [{"headline": "x", "emails": [1]}]}'),
            "emails needs plain addresses",
        ),
        (lambda p: p.with_suffix("").with_suffix(".html").unlink(), "no input page beside it"),
        (
            lambda p: p.with_name("x.response.json").write_text("[", encoding="utf-8"),
            "sidecar does not parse",
        ),
    ],
    ids=[
        "unparseable",
        "records-not-a-list",
        "no-headline",
        "emails-not-strings",
        "missing-input",
        "bad-sidecar",
    ],
)
def test_a_broken_fixture_exits_2_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[Path], Any], problem: str
) -> None:
    add_fixture(tmp_path, SOFALA)
    damage(add_fixture(tmp_path, DHAKA, name="x"))
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 2
    (line,) = [line for line in out.splitlines() if line.startswith("BROKEN")]
    assert line.startswith("BROKEN x") and problem in line
    assert "1 of 2 fixtures match, 0 differ, 1 broken" in out


def test_a_missing_fixtures_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, str(tmp_path / "nope"))
    assert code == 2 and "no fixtures directory" in err


def test_update_rewrites_only_the_named_fixture_after_showing_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def stale(doc: dict[str, Any]) -> None:
        doc["records"][0]["dateline"] = "Maputo"

    sofala = add_fixture(tmp_path, SOFALA, stale)
    italy = add_fixture(tmp_path, ITALY, lambda doc: doc["records"][0].update(language="fr"))
    italy_before = italy.read_text(encoding="utf-8")
    code, out, err = check(
        capsys, str(tmp_path), "--update", "iom-hands-over-cyclone-resistant-classrooms-sofala"
    )
    assert 'expected "Maputo"' in out  # the diff was shown first
    assert f"updated {sofala}" in err
    assert code == 1  # the other fixture still differs
    assert italy.read_text(encoding="utf-8") == italy_before
    updated = json.loads(sofala.read_text(encoding="utf-8"))
    assert updated["records"][0]["dateline"] == "Beira"
    assert updated["notes"] == "kept by --update" and updated["url"] == f"/{SOFALA}"
    code, _, _ = check(capsys, str(tmp_path), "--update", "archivio-news-iom.html")
    assert code == 0  # the exit code tells the state after the update
    assert check(capsys, str(tmp_path))[0] == 0


def test_update_of_an_unknown_fixture_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = add_fixture(tmp_path, SOFALA, lambda doc: doc["records"][0].update(date=None))
    before = expected.read_text(encoding="utf-8")
    code, _, err = check(capsys, str(tmp_path), "--update", "no-such-fixture")
    assert code == 2 and "no fixture named no-such-fixture" in err
    assert expected.read_text(encoding="utf-8") == before


def test_fixtures_dir_defaults_to_fixtures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fixtures").mkdir()
    add_fixture(tmp_path / "fixtures", SOFALA)
    monkeypatch.chdir(tmp_path)
    code, out, _ = check(capsys)
    assert code == 0 and "1 of 1 fixtures match, 0 differ, 0 broken (fixtures)" in out


def hand_written(doc: dict[str, Any]) -> str:
    """An expected file laid out as people write them: one person, phone or list per line."""

    def record(rec: dict[str, Any]) -> str:
        lines = []
        for key, value in rec.items():
            if key in ("people", "phones") and value:
                items = ",\n".join("        " + json.dumps(v, ensure_ascii=False) for v in value)
                lines.append(f'      "{key}": [\n{items}\n      ]')
            else:
                lines.append(f'      "{key}": {json.dumps(value, ensure_ascii=False)}')
        return "    {\n" + ",\n".join(lines) + "\n    }"

    records = ",\n".join(record(r) for r in doc["records"])
    head = [f'  "{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in doc.items() if k != "records"]
    return "{\n" + ",\n".join([*head[:1], f'  "records": [\n{records}\n  ]', *head[1:]]) + "\n}\n"


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")]


def actual_records(page: str) -> list[dict[str, Any]]:
    return extract_page((SITE / page).read_bytes(), SITE_BASE + "/" + page).records


def write_hand_written(root: Path, page: str, mutate: Mutate) -> Path:
    expected = add_fixture(root, page, mutate)
    expected.write_text(hand_written(json.loads(expected.read_text(encoding="utf-8"))), encoding="utf-8")
    return expected


def test_update_of_one_field_changes_one_line_and_keeps_loose_matches_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (got,) = actual_records(SOFALA)
    person = next(p for p in got["people"] if p["role"])

    def edit(doc: dict[str, Any]) -> None:
        doc["records"][0]["dateline"] = "Maputo"  # wrong: the one field the update must change
        for p in doc["records"][0]["people"]:
            if p["name"] == person["name"]:  # the same role in other words: a loose match, kept
                p["role"] = person["role"] + " (acting)"
        doc["records"][0]["body"] = doc["records"][0]["body"].replace(" ", "  ", 3)  # spacing: equal

    expected = write_hand_written(tmp_path, SOFALA, edit)
    before = expected.read_text(encoding="utf-8")
    code, out, err = check(capsys, "--update", Path(SOFALA).stem, str(tmp_path))
    assert 'expected "Maputo"' in out and f"updated {expected}" in err
    assert code == 0  # the state after the update
    after = expected.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-      "dateline": "Maputo",',
        f'+      "dateline": {json.dumps(got["dateline"], ensure_ascii=False)},',
    ]
    assert before.replace('"Maputo"', json.dumps(got["dateline"], ensure_ascii=False)) == after
    assert f'"role": {json.dumps(person["role"] + " (acting)", ensure_ascii=False)}' in after


def test_update_adds_and_removes_people_a_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (got,) = actual_records(SOFALA)
    last = got["people"][-1]["name"]

    def edit(doc: dict[str, Any]) -> None:
        people = doc["records"][0]["people"]
        people[:] = [p for p in people if p["name"] != last]
        people.append({"name": "Ana Ruiz", "role": None, "office": None, "phones": [], "emails": []})

    expected = write_hand_written(tmp_path, SOFALA, edit)
    before = expected.read_text(encoding="utf-8")
    code, _, _ = check(capsys, str(tmp_path), "--update", Path(SOFALA).stem)
    after = expected.read_text(encoding="utf-8")
    assert code == 0
    lines = changed_lines(before, after)
    assert [line[0] for line in lines].count("-") <= 2 and len(lines) <= 4, lines  # a comma may move
    assert any("Ana Ruiz" in line for line in lines if line[0] == "-")
    assert any(f'"name": "{last}"' in line for line in lines if line[0] == "+")
    assert json.loads(after)["records"][0]["people"][-1]["name"] == last


def test_update_takes_one_name_per_option_and_never_swallows_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sofala = add_fixture(tmp_path, SOFALA, lambda doc: doc["records"][0].update(dateline="Maputo"))
    italy = add_fixture(tmp_path, ITALY, lambda doc: doc["records"][0].update(language="fr"))
    monkeypatch.chdir(tmp_path.parent)  # no fixtures/ here: a swallowed folder would not be found
    with pytest.raises(SystemExit) as exc:  # the old `--update A B DIR`: B is no longer a name
        main(["check", "--update", Path(SOFALA).stem, "archivio-news-iom", str(tmp_path)])
    assert exc.value.code == 2 and "unrecognized arguments" in capsys.readouterr().err
    code, _, err = check(capsys, "--update", Path(SOFALA).stem, "archivio-news-iom")
    assert code == 2 and "repeat the option: --update A --update B" in err
    code, _, err = check(
        capsys, "--update", Path(SOFALA).stem, "--update", "archivio-news-iom", str(tmp_path)
    )
    assert code == 0 and f"updated {sofala}" in err and f"updated {italy}" in err


def test_k_selects_fixtures_by_substring_or_glob_and_says_when_none_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for page in (SOFALA, ITALY, DHAKA):
        add_fixture(tmp_path, page)
    add_fixture(tmp_path, ITALY, lambda doc: doc["records"][0].update(language="fr"), name="other")
    code, out, _ = check(capsys, str(tmp_path), "-k", "SOFALA")  # a substring, case ignored
    assert code == 0 and f"1 of 1 fixtures match, 0 differ, 0 broken ({tmp_path}, -k SOFALA)\n" in out
    code, out, _ = check(capsys, str(tmp_path), "-k", "iom-*")  # a glob over the whole name
    assert code == 0 and "2 of 2 fixtures match" in out  # iom-hands-over…, iom-opens…
    code, out, _ = check(capsys, str(tmp_path), "-k", "*IOM.html")
    assert code == 0 and "1 of 1 fixtures match" in out  # archivio-news-iom.html only
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1 and "3 of 4 fixtures match, 1 differ" in out  # without -k, the differing one too
    code, out, err = check(capsys, str(tmp_path), "-k", "nothing-like-this")
    assert (code, out) == (2, "")
    assert err == f"iomcrawl: no fixture under {tmp_path} matching -k nothing-like-this\n"
    code, _, err = check(capsys, str(tmp_path), "-k", "sofala", "--update", "other")
    assert code == 2 and err == f"iomcrawl: no fixture named other under {tmp_path} matching -k sofala\n"


def test_help_states_the_loose_rule_for_roles_and_offices_and_check_applies_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "role, office (loose)" in help_text
    assert '"IOM trainer" matches "trainer" (1 of 2 words)' in help_text
    assert '"Chief of Mission" does not match "Mission" (1 of 3)' in help_text
    (got,) = actual_records(SOFALA)
    person = next(p for p in got["people"] if p["role"])
    words = sorted(set(re.findall(r"\w+", person["role"].casefold())))

    def role(value: str) -> Mutate:
        def edit(doc: dict[str, Any]) -> None:
            for p in doc["records"][0]["people"]:
                if p["name"] == person["name"]:
                    p["role"] = value

        return edit

    fillers = [f"filler{i}" for i in range(len(words) + 1)]
    add_fixture(tmp_path, SOFALA, role(" ".join([*words, *fillers[:-1]])))  # shares half its words
    assert check(capsys, str(tmp_path))[0] == 0
    add_fixture(tmp_path, SOFALA, role(" ".join([*words, *fillers])))  # shares fewer than half
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1 and f"people[{person['name']}].role" in out


def test_update_after_a_one_field_slip_gives_back_every_hand_written_file_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bundled fixture, whatever its layout: a wrong date put in, then `--update`, restores the file."""
    root = tmp_path / "fixtures"
    shutil.copytree(SITE.parent / "pages", root / "pages")
    matching = [c for c in run_check(root).checks if c.status == "match"]
    tried = 0
    for fixture in matching:
        original = fixture.expected_file.read_text(encoding="utf-8")
        found = re.search(r'"date": "(\d{4}-\d\d-\d\d)"', original)
        if found is None:
            continue
        fixture.expected_file.write_text(original.replace(found.group(0), '"date": "1900-01-01"', 1))
        stem = fixture.expected_file.name.removesuffix(".expected.json")
        code, out, _ = check(capsys, str(root), "-k", fixture.name, "--update", stem)
        assert code == 0 and 'expected "1900-01-01"' in out, fixture.name
        assert fixture.expected_file.read_text(encoding="utf-8") == original, fixture.name
        tried += 1
    assert tried >= 20
