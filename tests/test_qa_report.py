"""`iomcrawl report`: one self-contained, escaped HTML file over fixtures or a crawl's output directory."""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from iomcrawl.cli import main
from iomcrawl.extraction import extract_page
from iomcrawl.qa.charts import (
    BAR,
    FAIR,
    GOOD,
    MUTED,
    NEUTRAL,
    POOR,
    column_chart,
    count_ticks,
    share_chart,
    title_lines,
)
from iomcrawl.qa.expected import expected_document
from iomcrawl.qa.families import layout_family
from iomcrawl.qa.fixtures import SITE_BASE, find_fixtures
from iomcrawl.qa.pages import from_crawl, from_fixtures
from iomcrawl.qa.report import render
from iomcrawl.qa.sanitize import safe_srcdoc
from iomcrawl.qa.summary import summarize

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "fixtures" / "sample-site"
SOFALA = "news/iom-hands-over-cyclone-resistant-classrooms-sofala.html"
DHAKA = "news/iom-opens-migrant-resource-centre-dhaka.html"
NARINO = "news/displaced-families-narino-receive-land-titles-iom-support.html"
ITALY = "it/archivio-news-iom.html"
EVIL = "http://evil.example"


def hostile_page() -> bytes:
    """The Sofala release with a script-bearing headline and every way a page can load or run something."""
    html = (SITE / SOFALA).read_text(encoding="utf-8")
    html = html.replace(
        "Cyclone-Resistant Classrooms in Sofala</span></h1>",
        "Cyclone-Resistant Classrooms in Sofala &lt;script&gt;alert(1)&lt;/script&gt;</span></h1>"
        f'<script>alert(2)</script><img src="{EVIL}/x.png" srcset="{EVIL}/y.png 2x" onerror="alert(3)">'
        f'<a href="javascript:alert(4)">x</a><iframe src="{EVIL}/"></iframe><object data="{EVIL}/o"></object>'
        f'<style>body{{background:url({EVIL}/bg.png)}} @import "{EVIL}/i.css";</style>'
        f'<link rel="stylesheet" href="{EVIL}/s.css"><meta http-equiv="refresh" content="0;url={EVIL}/">'
        f'<div style="background-image:url({EVIL}/d.png)" onclick="alert(5)">styled</div>'
        f'<form action="{EVIL}/f"><input type="image" src="{EVIL}/i.png"></form><!--[if IE]><script src="{EVIL}/ie.js"></script><![endif]-->',
        1,
    )
    return html.encode("utf-8")


def add_fixture(root: Path, page: str, body: bytes | None = None, name: str | None = None) -> None:
    body = body if body is not None else (SITE / page).read_bytes()
    name = name or Path(page).stem
    (root / f"{name}.html").write_bytes(body)
    result = extract_page(body, SITE_BASE + "/" + page)
    doc = expected_document(result.records, result.reason, None, "/" + page)
    (root / f"{name}.expected.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def no_network_attributes(doc: Any) -> list[str]:
    """Every attribute of a parsed document that could run code or fetch something."""
    bad = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("script", "iframe", "object", "embed", "link", "base") and not (
            el.tag == "iframe" and el.get("sandbox") == "" and not el.get("src")
        ):
            bad.append(f"<{el.tag}>")
        for name, value in el.attrib.items():
            if name.startswith("on") or name in ("src", "srcset", "action", "formaction", "background"):
                bad.append(f"{el.tag}@{name}={value}")
            elif name == "href" and not value.startswith("#"):
                bad.append(f"{el.tag}@href={value}")
            elif name == "style" and "url(" in value:
                bad.append(f"{el.tag}@style={value}")
    for style in doc.iter("style"):
        if "url(" in (style.text or "") or "@import" in (style.text or ""):
            bad.append("style with url()/@import")
    return bad


def test_sanitized_page_can_neither_run_nor_fetch_anything() -> None:
    doc = lxml.html.document_fromstring(safe_srcdoc(hostile_page().decode()))
    assert no_network_attributes(doc) == []
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"]
    text = doc.text_content()
    assert "Sofala <script>alert(1)</script>" in text  # page text stays, as text
    assert "alert(2)" not in text and "styled" in text
    assert doc.xpath('//a[@title="javascript:alert(4)"]')  # a link keeps its target only as a tooltip


def test_fixture_report_is_one_escaped_self_contained_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_fixture(tmp_path, SOFALA, hostile_page(), name="hostile")
    add_fixture(tmp_path, DHAKA)
    (tmp_path / "broken.expected.json").write_text("{", encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--fixtures", str(tmp_path), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: 3 pages, 1 records")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower().replace("&lt;script", "")
    doc = lxml.html.document_fromstring(html)
    assert no_network_attributes(doc) == []
    frames = doc.xpath("//iframe")
    assert len(frames) == 2  # the hostile page and the soft 404; the broken fixture has no page
    for frame in frames:
        assert no_network_attributes(lxml.html.document_fromstring(frame.get("srcdoc"))) == []
    assert "Classrooms in Sofala <script>alert(1)</script>" in doc.xpath("//article//h4")[0].text_content()
    assert doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0].startswith(
        "default-src 'none'"
    )
    sections = {s.get("id"): s for s in doc.xpath("//section[contains(@class,'page')]")}
    assert len(sections) == 3
    broken = [s for s in sections.values() if "broken" in s.get("class")]
    assert len(broken) == 1 and "no input page beside it" in broken[0].text_content()
    summary = doc.get_element_by_id("summary").text_content()
    assert "not-found" in summary  # the soft 404, under its reason
    assert len(doc.xpath("//svg[contains(@class,'chart')]")) == 2
    assert doc.xpath("//div[contains(@class,'blk') and contains(@class,'chrome')]")
    marks = {m.text_content(): m.get("class") for m in doc.xpath("//div[contains(@class,'blk')]//mark")}
    assert marks["+258 21 486 422"] == "ph" and marks["mozambiquemedia@iom.int"].startswith("em")


def test_encoding_repairs_and_fixture_mismatches_are_marked(tmp_path: Path) -> None:
    guatemala = (
        "es/news/la-oim-y-guatemala-abren-centro-de-recepcion-para-personas-retornadas-en-quetzaltenango.html"
    )
    add_fixture(tmp_path, guatemala, name="guatemala")
    add_fixture(tmp_path, SOFALA, name="sofala")
    expected = tmp_path / "sofala.expected.json"
    doc = json.loads(expected.read_text(encoding="utf-8"))
    doc["records"][0]["date"] = "2021-10-28"
    expected.write_text(json.dumps(doc), encoding="utf-8")
    report = lxml.html.document_fromstring(render(from_fixtures(tmp_path)))
    encoded = report.xpath("//section[@id='p1']//mark[@class='enc']")
    assert encoded and "charset-corrected" in encoded[0].get("title")
    assert {m.text_content() for m in encoded} >= {"í", "ó"}
    sofala = report.get_element_by_id("p2")
    assert "differ" in sofala.get("class")
    assert sofala.xpath(".//article[contains(@class,'mismatch')]//tr[@class='bad']/th")[0].text == "date"
    assert 'expected "2021-10-28"' in sofala.xpath(".//pre[@class='diff']")[0].text_content()


def test_summary_counts_by_family_year_language_and_what_is_missing(tmp_path: Path) -> None:
    for page in (SOFALA, DHAKA, NARINO, ITALY):
        add_fixture(tmp_path, page)
    s = summarize(from_fixtures(tmp_path))
    assert (s.pages, s.records) == (4, 5)
    assert s.families == {"drupal7": (1, 3), "drupal9": (3, 2)}
    assert s.years[0][0] == "2018" and ("2021", 1) in s.years and s.years[-1] == ("no date", 1)
    assert s.languages == {"en": 5}
    assert [r["headline"] for _, _, r in s.missing["date"]] == [
        "Displaced Families in Nariño Receive Land Titles with IOM Support"
    ]
    assert list(s.no_release) == ["not-found"]
    coverage = {name: (have, total) for name, have, total in s.coverage}
    assert coverage["headline"] == (5, 5) and coverage["date"] == (4, 5)


def _family_named(fixture: Any) -> str | None:
    """The family a hand-made fixture's name states (`drupal7-…`, `reliefweb-…` is a mirror), if any."""
    if fixture.page.suffix == ".txt":
        return "text"
    prefix = fixture.page.name.split("-", 1)[0]
    prefix = {"reliefweb": "mirror", "maillist": "mirror"}.get(prefix, prefix)
    return prefix if prefix in ("jahia", "cms", "drupal7", "drupal9", "joomla", "mirror") else None


NAMED = [f for f in find_fixtures(REPO / "fixtures" / "pages") if _family_named(f)]


@pytest.mark.parametrize("fixture", NAMED, ids=[f.name for f in NAMED])
def test_layout_family_agrees_with_the_fixture_names(fixture: Any) -> None:
    """The hand-made fixtures are named after their family: the rules must reach the same verdict."""
    markup = fixture.page.read_text(encoding="utf-8", errors="replace")
    is_html = fixture.page.suffix != ".txt"
    assert layout_family(fixture.url(), markup, is_html=is_html) == _family_named(fixture)


def test_families_from_urls_alone() -> None:
    assert layout_family("http://www.iom.int/jahia/Jahia/pbnAF?entryId=1") == "jahia"
    assert layout_family("http://www.iom.int/cms/en/sites/iom/home/news.html") == "cms"
    assert layout_family("https://reliefweb.int/report/x") == "mirror"
    assert layout_family("http://eea.iom.int/index.php/news-events/503-x") == "joomla"
    assert layout_family("https://www.iom.int/news/x", "<p>plain</p>") == "other"


def test_chart_labels_are_escaped() -> None:
    svg = column_chart("<b>years</b>", [("<x>", 2), ("2020", 0)], bar_label="<i>records</i>")
    assert "<b>" not in svg and "<i>" not in svg and "&lt;x&gt;" in svg
    assert len(lxml.etree.fromstring(svg).findall(".//{*}g[@class='bars']/{*}rect")) == 2
    bars = share_chart("fields & more", [("date", 1, 2)])
    assert "fields &amp; more" in bars and "50% (1)" in bars


def _svg(markup: str) -> Any:
    return lxml.etree.fromstring(markup)


def _texts(svg: Any, path: str) -> list[str]:
    return ["".join(t.itertext()) for t in svg.findall(path)]


@pytest.mark.parametrize("peak", [0, 1, 3, 5, 7, 10, 11, 23, 99, 101, 1234])
def test_count_axis_ticks_are_whole_numbers_reaching_the_tallest_bar(peak: int) -> None:
    svg = _svg(column_chart("Records per year", [("2019", peak), ("2020", peak // 2)], bar_label="records"))
    ticks = [int(t) for t in _texts(svg, ".//{*}g[@class='axis']/{*}text")]  # int() fails on "3.5"
    assert ticks[0] == 0 and ticks[-1] >= peak and 2 <= len(ticks) <= 5
    assert ticks == count_ticks(peak) and len({b - a for a, b in itertools.pairwise(ticks)}) == 1
    tallest = max(float(r.get("height")) for r in svg.findall(".//{*}g[@class='bars']/{*}rect"))
    assert tallest == pytest.approx(160 * peak / ticks[-1], abs=0.05)  # bars are drawn to the axis' scale


def test_each_chart_has_a_legend_naming_its_colours() -> None:
    years = _svg(
        column_chart(
            "Records per year",
            [("2019", 3), ("no date", 1)],
            bar_label="records dated in that year",
            muted=("no date",),
            muted_label="records with no date",
        )
    )
    items = years.findall(".//{*}g[@class='legend']/{*}g")
    assert [("".join(i.itertext()), i.find("{*}rect").get("fill")) for i in items] == [
        ("records dated in that year", BAR),
        ("records with no date", MUTED),
    ]
    bar_fills = {r.get("fill") for r in years.findall(".//{*}g[@class='bars']/{*}rect")}
    assert bar_fills == {BAR, MUTED}  # every colour drawn is in the legend
    dated_only = _svg(
        column_chart(
            "Records per year", [("2019", 3)], bar_label="records", muted=("no date",), muted_label="undated"
        )
    )
    assert _texts(dated_only, ".//{*}g[@class='legend']/{*}g") == ["records"]  # no grey bar, no grey entry
    shares = _svg(
        share_chart(
            "Coverage",
            [("date", 9, 10), ("people", 6, 10), ("emails", 1, 10), ("fixes", 0, 10)],
            neutral=("fixes",),
            neutral_label="fixes: often empty",
        )
    )
    legend = {
        i.find("{*}rect").get("fill"): "".join(i.itertext())
        for i in shares.findall(".//{*}g[@class='legend']/{*}g")
    }
    assert legend == {
        GOOD: "90% or more",
        FAIR: "50% to under 90%",
        POOR: "under 50%",
        NEUTRAL: "fixes: often empty",
    }
    drawn = {r.get("fill") for r in shares.findall(".//{*}g[@class='bars']/{*}rect")} - {"#eef2f6"}
    assert drawn <= set(legend)


def test_a_long_chart_title_is_wrapped_then_cut_and_kept_whole_in_its_title_element() -> None:
    long_title = "Records per year of every release found in the crawl of the whole site " * 4
    for svg in (
        _svg(column_chart(long_title, [("2019", 1)], bar_label="records")),
        _svg(share_chart(long_title, [("date", 1, 1)])),
    ):
        lines = _texts(svg, ".//{*}text[@class='chart-title']/{*}tspan")
        assert len(lines) == 2 and lines[1].endswith("…")
        assert all(len(line) * 8.0 <= 640 for line in lines)  # within the chart's width at the laid-out size
        assert svg.find("{*}title").text == long_title and svg.get("aria-label") == long_title
        title_bottom = 14 + 17 * (len(lines) - 1) + 4
        legend_top = min(float(r.get("y")) for r in svg.findall(".//{*}g[@class='legend']//{*}rect"))
        assert legend_top > title_bottom
    assert title_lines("Records per year") == ["Records per year"]


def crawl_dir(root: Path, with_warc: bool = True) -> dict[str, str]:
    """A crawl output dir: pages.jsonl, releases.jsonl and (optionally) warc/ with two of three pages."""
    base = "http://127.0.0.1:8123/"
    releases, lines, offsets = [], [], {}
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for page in (SOFALA, DHAKA):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = (SITE / page).read_bytes()
        offsets[page] = buffer.tell()
        writer.write_record(
            writer.create_warc_record(base + page, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    for page in (SOFALA, DHAKA, ITALY):
        result = extract_page((SITE / page).read_bytes(), base + page)
        releases += result.records
        line = {
            "url": base + page,
            "status": 200,
            "outcome": result.status,
            "reason": result.reason,
            "record_ids": [r["id"] for r in result.records],
        }
        if page == SOFALA:  # the crawl log points at the record; the others are found by URL (or not at all)
            line |= {"warc_file": "crawl-00001.warc.gz", "warc_offset": offsets[page]}
        lines.append(line)
    lines.append(
        {"url": "https://facebook.com/share", "outcome": "dropped", "reason": "offsite", "record_ids": []}
    )
    (root / "releases.jsonl").write_text("".join(json.dumps(r) + "\n" for r in releases), encoding="utf-8")
    (root / "pages.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines) + "{torn line\n", encoding="utf-8"
    )
    if with_warc:
        (root / "warc").mkdir()
        (root / "warc" / "crawl-00001.warc.gz").write_bytes(buffer.getvalue())
    return {r["id"]: r["headline"] for r in releases}


def test_crawl_report_shows_pages_from_the_warc_and_records_without_one(tmp_path: Path) -> None:
    ids = crawl_dir(tmp_path)
    data = from_crawl(tmp_path)
    assert [p.outcome for p in data.pages] == ["records", "no-release", "records"]
    assert data.outcomes == {"records": 2, "no-release": 1, "dropped": 1}
    assert any("line 5 is not JSON" in n for n in data.notes)
    sofala, dhaka, italy = data.pages
    assert sofala.blocks and sofala.family == "drupal9" and dhaka.markup  # by offset, and by URL
    assert italy.markup is None and "no WARC record" in (italy.note or "")
    doc = lxml.html.document_fromstring(render(data))
    assert len(doc.xpath("//iframe[@sandbox='']")) == 2
    shown = {a.get("id") for a in doc.xpath("//article[contains(@class,'record')]")}
    assert len(shown) == len(ids) == 4
    text = doc.text_content()
    assert all(headline in text for headline in ids.values())
    assert "dropped" in doc.get_element_by_id("summary").text_content()


def test_crawl_report_without_warc_says_so_and_still_shows_every_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = crawl_dir(tmp_path, with_warc=False)
    out = tmp_path / "report.html"
    assert main(["report", "--crawl", str(tmp_path), "-o", str(out)]) == 0
    assert "no WARC files" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "<iframe" not in html and all(i in html for i in ids)
    assert (
        "no WARC files under"
        in lxml.html.document_fromstring(html).get_element_by_id("summary").text_content()
    )


def test_report_refuses_a_dir_without_crawl_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--crawl", str(tmp_path), "-o", str(tmp_path / "r.html")]) == 2
    assert main(["report", "--crawl", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")]) == 2
    assert main(["report", "--fixtures", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()
    capsys.readouterr()


@pytest.mark.crawl
@pytest.mark.slow
def test_report_over_a_real_crawl_shows_every_record(sample_crawl: Any, tmp_path: Path) -> None:
    """The crawl's own pages.jsonl, releases.jsonl and WARC files, whatever the crawl side writes today."""
    data = from_crawl(sample_crawl.output_dir)
    html = render(data)
    for record in sample_crawl.releases:
        assert re.search(rf"<code>{record['id']}</code>", html), record["headline"]
    with_records = [p for p in data.pages if p.records]
    assert with_records
    if any((sample_crawl.output_dir / "warc").glob("*.warc*")):
        assert all(p.blocks for p in with_records), [p.note for p in with_records if not p.blocks]


def add_drops_and_summary(root: Path, summary: dict[str, Any] | None) -> None:
    """Drop lines of three reasons (with details after the code, as the crawl writes them), timed lines."""
    drops = [
        ("https://facebook.com/sharer", "offsite"),
        ("https://twitter.com/intent", "offsite: twitter.com"),
        ("http://127.0.0.1:8123/private/x.html", "robots: Disallow: /private/"),
        ("http://127.0.0.1:8123/deep/a.html", "depth: 11 > 10"),
        ("http://127.0.0.1:8123/deep/b.html", "depth: 11 > 10"),
        ("http://127.0.0.1:8123/deep/c.html", "depth: 12 > 10"),
    ]
    lines = [json.loads(x) for x in (root / "pages.jsonl").read_text(encoding="utf-8").splitlines()[:4]]
    lines += [{"url": u, "outcome": "dropped", "reason": r, "record_ids": []} for u, r in drops]
    for i, line in enumerate(lines):  # one line every 4 seconds: 40 s from the first to the last
        line["fetched_at"] = f"2026-02-03T10:00:{4 * i:02d}Z"
    (root / "pages.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    if summary is not None:
        (root / "crawl-summary.json").write_text(json.dumps(summary), encoding="utf-8")


def _panel(html: str, panel: str) -> list[list[str]]:
    doc = lxml.html.document_fromstring(html)
    rows = doc.get_element_by_id(panel).xpath(".//tbody/tr")
    return [[" ".join(td.text_content().split()) for td in row.xpath("td")] for row in rows]


def test_crawl_report_splits_dropped_by_reason_and_shows_duration_and_rate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl_dir(tmp_path)
    summary = {"finish_reason": "finished", "exit_status": "success", "run_seconds": 5.0, "runs": 1}
    add_drops_and_summary(tmp_path, {**summary, "repeated_drops_not_logged": 7})
    out = tmp_path / "report.html"
    assert main(["report", "--crawl", str(tmp_path), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert _panel(html, "dropped") == [
        [
            "depth",
            "3",
            "http://127.0.0.1:8123/deep/a.html, http://127.0.0.1:8123/deep/b.html, "
            "http://127.0.0.1:8123/deep/c.html",
        ],
        [
            "offsite",
            "3",
            "https://facebook.com/share, https://facebook.com/sharer, https://twitter.com/intent",
        ],
        ["robots", "1", "http://127.0.0.1:8123/private/x.html"],
        ["met again, not logged again", "7", ""],
    ]
    run = dict(_panel(html, "crawl-run"))  # type: ignore[arg-type]
    assert run["finished"] == "success · finished"
    assert run["duration"] == "5.00 s (run_seconds in crawl-summary.json)"
    assert run["URLs logged"] == "10 · 2.0/s"  # 10 lines in 5 s
    assert run["pages read"] == "3 · 36.0/min"  # 3 pages through the chain in 5 s
    assert run["first / last line"] == "2026-02-03T10:00:00+00:00 – 2026-02-03T10:00:36+00:00"
    cards = {
        c.text_content().removeprefix(c.xpath("string(b)")): c.xpath("string(b)")
        for c in lxml.html.document_fromstring(html).xpath("//*[@id='summary']//div[contains(@class,'card')]")
    }
    assert cards["dropped"] == "7" and cards["duration"] == "5.00 s" and cards["URLs logged"] == "2.0/s"
    capsys.readouterr()


def test_without_a_summary_or_over_several_runs_the_duration_is_the_crawl_logs_span(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl_dir(tmp_path)
    add_drops_and_summary(tmp_path, None)
    out = tmp_path / "report.html"
    assert main(["report", "--crawl", str(tmp_path), "-o", str(out)]) == 0
    assert "crawl-summary.json is missing" in capsys.readouterr().err
    run = dict(_panel(out.read_text(encoding="utf-8"), "crawl-run"))  # type: ignore[arg-type]
    assert run["duration"] == "36.0 s (first to last line of pages.jsonl)"
    assert "finished" not in run
    add_drops_and_summary(tmp_path, {"finish_reason": "finished", "run_seconds": 2.0, "runs": 3})
    assert main(["report", "--crawl", str(tmp_path), "-o", str(out)]) == 0
    run = dict(_panel(out.read_text(encoding="utf-8"), "crawl-run"))  # type: ignore[arg-type]
    assert run["duration"] == "36.0 s (first to last line of pages.jsonl, over 3 runs)"
    assert run["URLs logged"] == "10 · 16.7/min"
    capsys.readouterr()
