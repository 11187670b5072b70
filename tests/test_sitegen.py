"""`iomcrawl sitegen`: the generated press site, written as static files, is a site the chain reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from iomcrawl.cli import main
from iomcrawl.extraction import extract_page


def test_sitegen_writes_a_site_whose_releases_are_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sitegen", str(tmp_path / "site"), "--pages", "25"]) == 0
    assert "wrote 28 pages and robots.txt" in capsys.readouterr().out  # home, 2 listings, 25 releases
    releases = sorted((tmp_path / "site" / "news").glob("release-*.html"))
    assert len(releases) == 25
    for page in releases[:5]:
        [record] = extract_page(page.read_bytes(), f"http://site.example/news/{page.name}").records
        assert record["headline"].startswith("IOM Opens Migrant Resource Centre Number")
        assert record["people"] and record["date"]
    listing = extract_page((tmp_path / "site" / "news" / "page-1.html").read_bytes(), "http://site.example/n")
    assert not listing.records
    assert (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *")


@pytest.mark.parametrize("pages", ["0", "-3", "many"])
def test_sitegen_refuses_a_count_that_is_not_a_number_of_pages(
    pages: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sitegen", "out", "--pages", pages])
    assert exit_info.value.code == 2
    assert "whole number of pages" in capsys.readouterr().err
