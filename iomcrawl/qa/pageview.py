"""One page in the report: the page as rendered and the blocks the chain saw, beside its records.

The left column shows the page sanitized in a sandboxed frame (see :mod:`iomcrawl.qa.sanitize`) and the
chain's blocks with boilerplate (``chrome``) shaded; the right column the records, with phones, e-mails
and re-decoded characters marked (:mod:`iomcrawl.qa.highlight`) and every field that differs from the
fixture flagged with its diff.
"""

from __future__ import annotations

from typing import Any

from iomcrawl.codes import Outcome
from iomcrawl.qa.check import FieldDiff
from iomcrawl.qa.diff_text import diff_lines
from iomcrawl.qa.highlight import Highlighter
from iomcrawl.qa.htmlkit import e, html_table, plural, ref
from iomcrawl.qa.pages import BROKEN, PageView, ReportData
from iomcrawl.qa.sanitize import safe_srcdoc

MAX_FRAME_CHARS = 2_000_000  # a page bigger than this is shown by its blocks only


LEGEND = (
    '<div class="legend"><span><span class="blk chrome" style="display:inline-block">shaded</span> boilerplate the chain '
    'stripped</span><span><mark class="ph">phone</mark> as found</span><span><mark class="em">e-mail</mark></span>'
    '<span><mark class="em repaired">e-mail</mark> repaired</span><span><mark class="enc">é</mark> characters re-decoded '
    '(wrong charset / mojibake)</span><span><mark class="rej">x</mark> rejected candidate</span>'
    '<span><span class="badge bad">differs</span> not what the fixture expects</span></div>'
)


def _page_status(view: PageView) -> str:
    return view.check.status if view.check is not None else (BROKEN if view.outcome == Outcome.ERROR else "")


def _outcome_text(view: PageView) -> str:
    """The outcome as the report writes it; a page without a release says why, by its reason code."""
    return f"no release: {view.reason_code}" if view.outcome == Outcome.NO_RELEASE else view.outcome


def page_index(data: ReportData) -> str:
    rows = []
    for view in data.pages:
        status = _page_status(view)
        marks = []
        if status in ("differ", "broken"):
            marks.append(f'<span class="badge bad">{e(status)}</span>')
        elif status == "match":
            marks.append('<span class="badge ok">match</span>')
        if view.check is not None and not view.check.reviewed:
            marks.append('<span class="badge warn">unreviewed</span>')
        rows.append(
            [
                ref(view),
                f'<span class="badge fam">{e(view.family)}</span>',
                e(_outcome_text(view)),
                str(len(view.records)),
                " ".join(marks),
            ]
        )
    return html_table(["page", "family", "outcome", "records", ""], rows, {3})


def _rendered(view: PageView) -> str:
    if view.markup is None:
        return f'<p class="note">{e(view.note or "the page itself is not available")}</p>'
    if not view.is_html:
        return f'<details open><summary>Page as served (text)</summary><pre class="text">{e(view.markup)}</pre></details>'
    if len(view.markup) > MAX_FRAME_CHARS:
        return f'<p class="note">page too large to embed ({len(view.markup)} characters): see its blocks</p>'
    doc = safe_srcdoc(view.markup)
    return (
        "<details open><summary>Page as rendered (scripts, frames and remote files removed)</summary>"
        f'<iframe class="rendered" sandbox="" referrerpolicy="no-referrer" loading="lazy" '
        f'title="{e(view.title)}" srcdoc="{e(doc)}"></iframe></details>'
    )


def _blocks(view: PageView, mark: Highlighter) -> str:
    if not view.blocks:
        return ""
    kept = sum(not b.chrome for b in view.blocks if b.kind != "rule")
    stripped = sum(b.chrome for b in view.blocks)
    items = []
    for block in view.blocks:
        if block.kind == "rule":
            items.append('<div class="blk rule"></div>')
            continue
        cls = "blk " + block.kind + (" chrome" if block.chrome else "")
        tag = '<span class="tag">stripped</span>' if block.chrome else ""
        items.append(f'<div class="{e(cls)}" title="{e(block.path)}">{tag}{mark(block.text)}</div>')
    return (
        f"<details open><summary>Blocks the chain saw: {kept} kept, {stripped} stripped as boilerplate (shaded)"
        f'</summary><div class="blocks">{"".join(items)}</div></details>'
    )


def _diff_block(diffs: list[FieldDiff]) -> str:
    if not diffs:
        return ""
    lines = []
    for diff in diffs:
        lines.append(diff.path + ":")
        lines += ["  " + line for line in diff_lines(diff)]
    return f'<pre class="diff">{e(chr(10).join(lines))}</pre>'


def _people(record: dict[str, Any], mark: Highlighter) -> str:
    people = record.get("people") or []
    if not people:
        return ""
    rows = [
        [
            e(p.get("name")),
            e(p.get("role")),
            e(p.get("office")),
            "<br>".join(e(x) for x in p.get("phones") or []),
            "<br>".join(mark(x) for x in p.get("emails") or []),
        ]
        for p in people
    ]
    return html_table(["person", "role", "office", "phones", "e-mails"], rows)


def _contacts(record: dict[str, Any], mark: Highlighter) -> str:
    items = []
    for phone in record.get("phones") or []:
        extra = " ".join(
            x
            for x in (phone.get("kind"), f"ext. {phone['extension']}" if phone.get("extension") else None)
            if x
        )
        invalid = ' <span class="badge bad">not valid today</span>' if phone.get("valid") is False else ""
        items.append(
            f"<li>{e(phone.get('e164'))} {e(extra)} ← {mark(' '.join((phone.get('raw') or '').split()))}{invalid}</li>"
        )
    for email in record.get("emails") or []:
        raw = email.get("raw") or ""
        shown = f" ← <code>{e(raw[:120])}</code>" if raw and raw != email.get("address") else ""
        items.append(f"<li>{mark(email.get('address') or '')}{shown}</li>")
    for rej in record.get("rejected") or []:
        items.append(
            f'<li><mark class="rej">{e(rej.get("raw"))}</mark> rejected {e(rej.get("field"))}: {e(rej.get("reason"))}</li>'
        )
    return f'<ul class="refs">{"".join(items)}</ul>' if items else ""


def _record(view: PageView, i: int, record: dict[str, Any], mark: Highlighter, diffs: list[FieldDiff]) -> str:
    bad = {d.field for d in diffs}
    cls = "record mismatch" if diffs else "record"
    rows = []
    for name in ("date", "dateline", "language"):
        rows.append(
            f'<tr class="{"bad" if name in bad else ""}"><th>{name}</th><td>{e(record.get(name)) or "<i>null</i>"}</td></tr>'
        )
    fixes = " ".join(f'<span class="badge warn">{e(f)}</span>' for f in record.get("fixes") or [])
    rows.append(f'<tr class="{"bad" if "fixes" in bad else ""}"><th>fixes</th><td>{fixes or "–"}</td></tr>')
    rows.append(f"<tr><th>id</th><td><code>{e(record.get('id'))}</code></td></tr>")
    paragraphs = "".join(f"<p>{mark(p)}</p>" for p in str(record.get("body") or "").split("\n\n"))
    head_bad = ' <span class="badge bad">headline differs</span>' if "headline" in bad else ""
    flags = " ".join(f'<span class="badge bad">{e(f)} differs</span>' for f in sorted(bad - {"headline"}))
    return (
        f'<article class="{cls}" id="{e(view.key)}-r{i}"><h4>{i + 1}. {e(record.get("headline"))}{head_bad}</h4>'
        f"{flags}"
        f'<table class="fields">{"".join(rows)}</table>'
        f'<div class="body{" bad" if "body" in bad else ""}">{paragraphs}</div>'
        f"{_people(record, mark)}{_contacts(record, mark)}{_diff_block(diffs)}</article>"
    )


def _right(view: PageView, mark: Highlighter) -> str:
    parts = []
    diffs = view.check.diffs if view.check is not None else []
    page_diffs = [d for d in diffs if d.record is None]
    if view.check is not None and view.check.problem:
        parts.append(f'<pre class="diff">broken fixture: {e(view.check.problem)}</pre>')
    if page_diffs:
        parts.append(_diff_block(page_diffs))
    for diff in page_diffs:
        for headline in diff.missing:
            parts.append(
                f'<article class="record missing"><h4>expected, not produced: {e(headline)}</h4></article>'
            )
    if not view.records and view.outcome != BROKEN:
        parts.append(f'<p class="note">No record: {e(view.reason or "no release")}</p>')
    for i, record in enumerate(view.records):
        parts.append(_record(view, i, record, mark, [d for d in diffs if d.record == i]))
    return "".join(parts)


def page_section(view: PageView) -> str:
    mark = Highlighter(view.records, view.page_fixes)
    status = _page_status(view)
    badges = [f'<span class="badge fam">{e(view.family)}</span>']
    bad = " bad" if view.outcome in (Outcome.ERROR, BROKEN) else ""
    badges.append(f'<span class="badge{bad}">{e(_outcome_text(view))}</span>')
    if status == "match":
        badges.append('<span class="badge ok">matches fixture</span>')
    elif status == "differ":
        n = len(view.check.diffs) if view.check else 0
        badges.append(f'<span class="badge bad">{plural(n, "difference")} from fixture</span>')
    elif status == BROKEN and view.outcome != BROKEN:
        badges.append('<span class="badge bad">broken</span>')
    if view.check is not None and not view.check.reviewed:
        badges.append('<span class="badge warn">unreviewed fixture</span>')
    if view.encoding:
        badges.append(f'<span class="badge">decoded as {e(view.encoding)}</span>')
    badges += [f'<span class="badge warn">{e(f)}</span>' for f in view.page_fixes]
    note = f'<p class="note">{e(view.note)}</p>' if view.note and view.markup is not None else ""
    url = f'<span class="url">{e(view.url)}</span>' if view.url != view.title else ""
    header = f"<header><h3>{e(view.title)}</h3>{' '.join(badges)}{url}</header>"
    left = f"<div>{note}{_rendered(view)}{_blocks(view, mark)}</div>"
    right = f"<div>{_right(view, mark)}</div>"
    return f'<section class="page {e(status)}" id="{e(view.key)}">{header}<div class="cols">{left}{right}</div></section>'
