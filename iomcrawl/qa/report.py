"""`iomcrawl report`: one self-contained HTML file a person can read to judge the extraction.

Summary first (counts, charts, what is missing, why pages gave nothing), then every page: the page as
rendered (sanitized, in a sandboxed frame) and the blocks the chain saw with the stripped boilerplate
shaded, beside the record(s) made from it, with phones, e-mails and re-decoded characters marked and, for
fixtures, every field that differs from the expected file. No script, no file from elsewhere: it opens
from disk with no network, and a CSP of ``default-src 'none'`` makes sure of it. Everything taken from
pages or records is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iomcrawl import __version__
from iomcrawl.qa.charts import column_chart, share_chart
from iomcrawl.qa.crawlrun import CrawlRun, duration_text, rate_text
from iomcrawl.qa.htmlkit import e, html_table, plural, ref
from iomcrawl.qa.pages import ReportData
from iomcrawl.qa.pageview import LEGEND, page_index, page_section
from iomcrawl.qa.sanitize import CSP
from iomcrawl.qa.summary import NO_DATE, Summary, summarize

MAX_LISTED = 12

CSS = """
:root{--fg:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--accent:#0b5cad;--bad:#b42318;--bad-bg:#fdecea;
--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#8a5a00;--warn-bg:#fff3c4}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
header.top{background:#0b3d6b;color:#fff;padding:14px 24px}
header.top h1{margin:0;font-size:20px}
header.top p{margin:4px 0 0;color:#d9e8f6}
header.top a{color:#fff}
nav.toc{display:flex;gap:16px;padding:8px 24px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
main{padding:8px 24px 40px;max-width:1700px;margin:0 auto}
h2{font-size:18px;margin:22px 0 10px}
h3{font-size:15px;margin:0 0 8px}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:14px}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:96px}
.card b{display:block;font-size:22px;line-height:1.2}
.card.bad b{color:var(--bad)} .card.ok b{color:var(--ok)} .card.warn b{color:var(--warn)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:14px;align-items:start}
.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 14px;min-width:0}
.notes{background:var(--warn-bg);border:1px solid #f0d58c;border-radius:6px;padding:8px 14px;margin:10px 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top}
td a,td code,ul.refs a{overflow-wrap:anywhere}
th{font-weight:600;color:var(--muted);font-size:12px;white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
ul.refs{margin:4px 0;padding-left:18px;font-size:13px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;background:#e4e7eb;color:#323f4b;white-space:nowrap}
.badge.bad{background:var(--bad-bg);color:var(--bad)} .badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.warn{background:var(--warn-bg);color:var(--warn)} .badge.fam{background:#dbeafe;color:#0b3d6b}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;margin:6px 0 12px}
section.page{background:#fff;border:1px solid var(--line);border-radius:6px;margin:16px 0}
[id]{scroll-margin-top:48px}
section.page.differ,section.page.broken{border-color:var(--bad)}
section.page>header{padding:8px 14px;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:8px;align-items:center}
section.page>header h3{margin:0;font-size:15px;word-break:break-all}
section.page>header .url{flex-basis:100%;color:var(--muted);font-size:12px;word-break:break-all}
.cols{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr)}
.cols>div{padding:10px 14px;min-width:0}
.cols>div+div{border-left:1px solid var(--line)}
details{margin:0 0 10px} summary{cursor:pointer;font-weight:600;color:var(--muted);margin-bottom:6px}
iframe.rendered{display:block;width:100%;height:460px;border:1px solid var(--line);background:#fff;resize:vertical}
pre.text{white-space:pre-wrap;max-height:460px;overflow:auto;border:1px solid var(--line);padding:8px;margin:0;font-size:12px}
.blocks{max-height:520px;overflow:auto;border:1px solid var(--line);padding:4px;font-size:13px}
.blk{margin:2px 0;padding:2px 8px;border-left:3px solid #7b93ad;white-space:pre-wrap;overflow-wrap:anywhere}
.blk.heading{font-weight:600;border-left-color:var(--accent)}
.blk.rule{border:0;border-top:1px dashed #9aa5b1;height:0;padding:0;margin:6px 0}
.blk.chrome{background:repeating-linear-gradient(135deg,#eef0f3 0 6px,#e1e5ea 6px 12px);color:#7b8794;border-left-color:#c5ccd3}
.blk .tag{float:right;font-size:11px;color:#9aa5b1}
mark{border-radius:3px;padding:0 2px;color:inherit}
mark.ph{background:#c3f0ca} mark.ph.invalid{background:#c3f0ca;outline:2px dotted var(--bad)}
mark.em{background:#cfe5ff} mark.em.repaired{background:#ffd8a8;outline:1px solid #e8590c}
mark.enc{background:#f1d4fb;padding:0;border-radius:0} mark.rej{background:#ffc9c9;text-decoration:line-through}
.record{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:0 0 12px}
.record.mismatch{border-color:var(--bad);box-shadow:inset 4px 0 0 var(--bad)}
.record.missing{border-style:dashed;border-color:var(--bad);color:var(--bad)}
.record h4{margin:0 0 6px;font-size:15px}
.record table.fields th{width:92px}
.record tr.bad>*{background:var(--bad-bg)}
.body{max-height:300px;overflow:auto;border:1px solid var(--line);border-radius:4px;padding:6px 10px;margin:6px 0}
.body p{margin:0 0 8px}
pre.diff{white-space:pre-wrap;background:var(--bad-bg);color:#7a1c14;border-radius:4px;padding:4px 8px;margin:4px 0;font-size:12px}
.note{color:var(--muted);font-style:italic}
.sub{color:var(--muted);font-size:12px}
svg.chart{max-width:760px;display:block}
@media (max-width:1000px){.cols{grid-template-columns:1fr}.cols>div+div{border-left:0;border-top:1px solid var(--line)}}
"""


# ---------------------------------------------------------------- summary


def _cards(data: ReportData, s: Summary) -> str:
    cards: list[tuple[str, int | str, str]] = [("pages", s.pages, ""), ("records", s.records, "")]
    cards.append(("no release", sum(len(v) for v in s.no_release.values()), ""))
    cards.append(("errors", len(s.errors), "bad" if s.errors else ""))
    if data.run is not None:
        run = data.run
        cards += [
            ("fixtures match", run.count("match"), "ok"),
            ("differ", run.count("differ"), "bad" if run.count("differ") else ""),
            ("broken", run.count("broken"), "bad" if run.count("broken") else ""),
            ("unreviewed", len(run.unreviewed()), "warn" if run.unreviewed() else ""),
        ]
    for name, key in (("no date", "date"), ("no people", "people"), ("no contacts", "contacts")):
        cards.append((name, len(s.missing[key]), "warn" if s.missing[key] else ""))
    crawl = data.crawl
    if crawl is not None:
        dropped = sum(len(urls) for urls in crawl.dropped.values())
        cards.append(("dropped", dropped, ""))
        if crawl.seconds is not None:
            cards.append(("duration", duration_text(crawl.seconds), ""))
            cards.append(("URLs logged", rate_text(crawl.rate(crawl.lines)), ""))
    return (
        '<div class="cards">'
        + "".join(f'<div class="card {cls}"><b>{e(n)}</b>{e(label)}</div>' for label, n, cls in cards)
        + "</div>"
    )


def _missing_panel(s: Summary) -> str:
    parts = ['<div class="panel" id="missing"><h3>Records missing a field</h3>']
    for key, label in (
        ("date", "date"),
        ("people", "people"),
        ("contacts", "contacts (no phone, no e-mail)"),
    ):
        refs = s.missing[key]
        parts.append(f"<p><b>{len(refs)}</b> of {s.records} without {e(label)}</p>")
        if refs:
            items = "".join(
                f"<li>{ref(p, i, r.get('headline') or p.title)}</li>" for p, i, r in refs[:MAX_LISTED]
            )
            more = f"<li>… and {len(refs) - MAX_LISTED} more</li>" if len(refs) > MAX_LISTED else ""
            parts.append(f'<ul class="refs">{items}{more}</ul>')
    return "".join(parts) + "</div>"


def _no_release_panel(s: Summary) -> str:
    rows = []
    for reason, pages in s.no_release.items():
        shown = ", ".join(ref(p) for p in pages[:5]) + (" …" if len(pages) > 5 else "")
        rows.append([e(reason), str(len(pages)), shown])
    for page in s.errors:
        rows.append(
            [f'<span class="badge bad">{e(page.outcome)}</span>', "1", ref(page) + " " + e(page.reason)]
        )
    table = (
        html_table(["reason", "pages", "which"], rows, {1})
        if rows
        else '<p class="note">every page gave a release</p>'
    )
    return f'<div class="panel" id="no-release"><h3>Pages with no release, by reason</h3>{table}</div>'


def _counts_panel(title: str, head: str, rows: list[tuple[str, Any]]) -> str:
    body = (
        html_table([head, "records"], [[e(k), e(v)] for k, v in rows], {1})
        if rows
        else '<p class="note">none</p>'
    )
    return f'<div class="panel"><h3>{e(title)}</h3>{body}</div>'


def _families_panel(s: Summary) -> str:
    rows = [[f'<span class="badge fam">{e(f)}</span>', str(p), str(r)] for f, (p, r) in s.families.items()]
    note = (
        '<p class="sub">From the URL (<code>/jahia/</code>, <code>/cms/xx/sites/</code>, mirror hosts) and the '
        "markup (generator meta, Drupal 7 <code>field-name-</code> vs Drupal 8+ <code>field--name-</code> "
        "classes); see <code>iomcrawl/qa/families.py</code>.</p>"
    )
    return f'<div class="panel"><h3>By layout family</h3>{html_table(["family", "pages", "records"], rows, {1, 2})}{note}</div>'


def _accuracy_panel(data: ReportData) -> str:
    if data.run is None or not data.run.accuracy():
        return ""
    rows = []
    for name, (stated, right) in data.run.accuracy().items():
        pct = 100 * right / stated
        cls = "ok" if right == stated else "bad"
        rows.append([e(name), str(stated), str(right), f'<span class="badge {cls}">{pct:.1f}%</span>'])
    table = html_table(["field", "stated", "right", "accuracy"], rows, {1, 2, 3})
    differing = [c for c in data.run.checks if c.status != "match"]
    listed = "".join(
        f'<li><a href="#p{data.run.checks.index(c) + 1}">{e(c.name)}</a> '
        f'<span class="badge bad">{e(c.status)}</span> {e(c.problem or ", ".join(dict.fromkeys(d.path for d in c.diffs)))}</li>'
        for c in differing
    )
    unreviewed = "".join(
        f'<li><a href="#p{data.run.checks.index(c) + 1}">{e(c.name)}</a> <span class="badge warn">unreviewed</span></li>'
        for c in data.run.unreviewed()
    )
    lists = f'<ul class="refs">{listed}{unreviewed}</ul>' if listed or unreviewed else ""
    return f'<div class="panel" id="accuracy"><h3>Fixtures: per-field accuracy</h3>{table}{lists}</div>'


def _outcomes_panel(data: ReportData, s: Summary) -> str:
    if data.mode != "crawl":
        return ""
    rows = [[e(k), str(v)] for k, v in s.outcomes.most_common()]
    return f'<div class="panel"><h3>Crawl log outcomes</h3>{html_table(["outcome", "URLs"], rows, {1})}</div>'


def _run_panel(crawl: CrawlRun | None) -> str:
    """How long the crawl ran and how fast: what a person compares between two crawls first."""
    if crawl is None:
        return ""
    rows = []
    if crawl.finish_reason or crawl.exit_status:
        rows.append(["finished", e(" · ".join(x for x in (crawl.exit_status, crawl.finish_reason) if x))])
    if crawl.seconds is not None:
        runs = f", over {crawl.runs} runs" if crawl.runs and crawl.runs > 1 else ""
        rows.append(
            [
                "duration",
                f'{e(duration_text(crawl.seconds))} <span class="sub">({e(crawl.seconds_from)}{e(runs)})</span>',
            ]
        )
    else:
        rows.append(["duration", '<span class="note">unknown: no summary and no times in the log</span>'])
    if crawl.first:
        rows.append(["first / last line", f"{e(crawl.first)} – {e(crawl.last)}"])
    rows.append(["URLs logged", f"{crawl.lines} · {e(rate_text(crawl.rate(crawl.lines)))}"])
    rows.append(["pages read", f"{crawl.pages} · {e(rate_text(crawl.rate(crawl.pages)))}"])
    table = html_table(["", "value"], rows)
    return f'<div class="panel" id="crawl-run"><h3>Crawl run: duration and rate</h3>{table}</div>'


def _dropped_panel(crawl: CrawlRun | None) -> str:
    """URLs the crawl did not fetch, by the policy that said no (robots, offsite, depth, ...)."""
    if crawl is None:
        return ""
    rows = []
    for reason, urls in crawl.dropped.items():
        shown = ", ".join(f"<code>{e(u)}</code>" for u in urls[:3]) + (" …" if len(urls) > 3 else "")
        rows.append([f'<span class="badge">{e(reason)}</span>', str(len(urls)), shown])
    if crawl.not_logged:
        rows.append(["met again, not logged again", str(crawl.not_logged), ""])
    table = (
        html_table(["reason", "URLs", "for example"], rows, {1})
        if rows
        else '<p class="note">no URL was dropped</p>'
    )
    return f'<div class="panel" id="dropped"><h3>Dropped URLs, by reason</h3>{table}</div>'


def _summary(data: ReportData, s: Summary) -> str:
    notes = "".join(f"<li>{e(n)}</li>" for n in data.notes)
    years = column_chart(
        "Records per year",
        s.years,
        bar_label="records dated in that year",
        muted=(NO_DATE,),
        muted_label="records with no date",
    )
    neutral = ("dateline", "fixes")
    coverage = share_chart(
        "Field coverage (records with a non-empty value)",
        s.coverage,
        neutral=neutral,
        neutral_label=f"{' and '.join(neutral)}: often empty on a good record",
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        + (f'<div class="notes"><ul class="refs">{notes}</ul></div>' if notes else "")
        + _cards(data, s)
        + f'<div class="grid" id="charts"><div class="panel">{years}</div><div class="panel">{coverage}</div></div>'
        + '<div class="grid" style="margin-top:14px">'
        + _accuracy_panel(data)
        + _families_panel(s)
        + _counts_panel("By year", "year", [(y, n) for y, n in s.years if n])
        + _counts_panel("By language", "language", s.languages.most_common())
        + _missing_panel(s)
        + _no_release_panel(s)
        + _outcomes_panel(data, s)
        + _run_panel(data.crawl)
        + _dropped_panel(data.crawl)
        + "</div></section>"
    )


def render(data: ReportData, limit: int | None = None) -> str:
    """The whole report as one HTML string; `limit` caps how many page views follow the summary."""
    s = summarize(data)
    shown = data.pages if limit is None else data.pages[:limit]
    cut = (
        f'<p class="note">showing the first {len(shown)} of {len(data.pages)} pages</p>'
        if len(shown) < len(data.pages)
        else ""
    )
    title = f"iomcrawl report: {data.mode} {data.source}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>iomcrawl QA report</h1><p>{e(data.mode)}: <code>{e(data.source)}</code> · '
        f"{plural(s.pages, 'page')}, {plural(s.records, 'record')} · generated {e(data.generated_at)} by iomcrawl "
        f"{e(__version__)}</p></header>"
        '<nav class="toc"><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#pages">Pages</a></nav>'
        f"<main>{_summary(data, s)}"
        f'<section id="pages"><h2>Pages</h2>{LEGEND}<div class="panel">{page_index(data)}</div>{cut}'
        f"{''.join(page_section(v) for v in shown)}</section></main></body></html>\n"
    )


def write_report(data: ReportData, path: Path, limit: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(data, limit), encoding="utf-8")
    return path
