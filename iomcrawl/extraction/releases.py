"""Find the releases among a page's content units, and read each one's fields.

A release is a headline followed, after at most a few header lines (date, tags, caption), by body
prose; it runs until the next such headline, a separator (``© IOM 2007``, a rule) or the end. Its
contact block starts at the "For further information" sentence. A candidate must look like news
(a date, a dateline, a quote or a contact block) and carry real text, which is what tells releases
from teaser listings, country pages and section blurbs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from iomcrawl.extraction.attributions import may_attribute
from iomcrawl.extraction.datelines import split_dateline
from iomcrawl.extraction.dates import date_line, find_date, is_posted_line
from iomcrawl.extraction.language import detect_language
from iomcrawl.extraction.model import Block, DecodedPage, PageRejected
from iomcrawl.extraction.people import release_contacts
from iomcrawl.extraction.records import Release
from iomcrawl.extraction.units import Unit, content_units, title_case_ratio

_META = re.compile(
    r"^(?:Language\b|Posted\b|Image:|Region-Country|Themes?:|Categories:|Categorie:|Press Release Type|Default:|"
    r"Multimedia:|Tags?:|Source:|Updated:|URL:|Subscribe to\b|Originally published|News and Press Release\b|"
    r"Categor[íi]as?:|Etiquetas:|Mots-clés|Type de communiqué|Category:|Parent Category:|Hits:|Published:|"
    r"Written by\b|Created:|Last Updated\b|Details$|Country:|Format:|Theme:|Region:|Date:|"
    r"Idioma:|Publicado:|Regi[oó]n-Pa[ií]s:|Regi[oó]n:|Pa[ií]s:|Temas?:|Tipo de comunicado|"
    r"Langue\b|Publi[ée]\s*:|R[ée]gion-Pays|R[ée]gion\s*:|Pays\s*:|Th[èe]mes?\s*:|Type\s*:|"
    r"Sprache:|Ver[öo]ffentlicht|Themen:|Lingua:|Pubblicato|Regione|Paese:|Temi:)",
    re.I,
)
_CAPTION = re.compile(
    r"(?:\bPhotos?\s*:|\bPhoto credit|\bFoto\s*:|\bCrédit|©|\(c\)\s*IOM|\bIOM/[A-Z][a-z]+|^Photo\b)", re.I
)
_SEPARATOR = re.compile(r"^©\s*(?:IOM|OIM)\s*\d{4}\.?$")
_CONTACT_START = re.compile(
    r"(?:for\s+(?:further|more)\s+informa\w*|please\s+contact|^(?:media\s+|press\s+)?contacts?\s*(?::|$)|"
    r"pour\s+(?:plus|de\s+plus\s+amples)\s+d[’']?\s*informations?|veuillez\s+contacter|"
    r"para\s+(?:mayor|más)\s+informaci[óo]n|por\s+favor\s+contact\w*|contactos?\s+de\s+prensa)",
    re.I,
)
_READ_ON = re.compile(
    r"\b(?:read\s+(?:on|more)|more|lire\s+la\s+suite|leer\s+más|continue\s+reading)\s*(?:»|›|>>|\.\.\.|…)?\s*$",
    re.I,
)
_ORIGINAL_DATE = re.compile(
    r"^(?:Originally published|Publication date|Date of publication|Publié initialement)\b", re.I
)
_OFFICE_NUMBERS = re.compile(r"\b(?:Tel|Tél|Phone|Fax|Télécopie)\b\.?\s*:?\s*\(?\+?\d")
_TERMINAL = re.compile(r"""[.!?"”»’)]\s*$""")
_QUOTE = re.compile(r"[“”«»\"]")
_NOT_FOUND = re.compile(
    r"\b(?:page not found|404|not found|page introuvable|página no encontrada|pagina non trovata)\b", re.I
)
_HEADLINE_LABELS = re.compile(
    r"^(?:news|global|local|press releases?|press briefing notes?|comunicado|communiqué|"
    r"contents|sommaire|contenido|latest news|related content)$",
    re.I,
)


@lru_cache(maxsize=8192)
def _is_meta(text: str) -> bool:
    return bool(_META.match(text)) or (
        is_posted_line(text) and len(text.split()) <= 40 and find_date(text) is not None
    )


@lru_cache(maxsize=8192)
def _is_caption(text: str) -> bool:
    return len(text.split()) <= 45 and bool(_CAPTION.search(text)) and not _QUOTE.search(text)


def _is_headline(unit: Unit) -> bool:
    return _headline_text(unit.text, unit.kind)


@lru_cache(maxsize=8192)
def _headline_text(text: str, kind: str) -> bool:
    """A heading, or a short Title Case line that does not end a sentence."""
    rough_words = text.count(" ") + 1
    if kind == "rule" or rough_words > (60 if kind == "heading" else 36):
        return False  # a paragraph, decided before any pattern runs
    if kind != "heading" and text.endswith((".", ",", ";")):
        return False
    if _is_meta(text) or _is_caption(text) or date_line(text) or _CONTACT_START.search(text):
        return False
    if _HEADLINE_LABELS.match(text) or _SEPARATOR.match(text):
        return False
    words = len(re.findall(r"[^\W\d_]{2,}", text))
    if kind == "heading":
        return 2 <= words <= 40
    return 3 <= words <= 30 and title_case_ratio(text) >= 0.75


def _is_prose(unit: Unit) -> bool:
    """A body paragraph: sentence text, not a header, caption or field dump."""
    return unit.kind == "para" and _prose_text(unit.text)


@lru_cache(maxsize=8192)
def _prose_text(text: str) -> bool:
    if _is_meta(text) or _is_caption(text) or _SEPARATOR.match(text) or date_line(text):
        return False
    if _OFFICE_NUMBERS.search(text) and len(re.findall(r"[a-z]\.(?:\s|$)", text)) < 2:
        return False  # an office address card ('IOM Helsinki … Tel. +358 … Fax …'), not a sentence
    words = len(text.split())
    return words >= 20 or (words >= 4 and bool(_TERMINAL.search(text)))


@dataclass
class _Candidate:
    headline: int
    header: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    contact: list[int] = field(default_factory=list)
    tail: list[int] = field(default_factory=list)
    end: int = 0


def _candidates(units: list[Unit]) -> list[_Candidate]:
    """Each headline that prose follows opens a candidate, which runs to the next one."""
    starts = []
    for i, unit in enumerate(units):
        if not _is_headline(unit):
            continue
        j = i + 1
        # up to eight header lines (date, tags, caption, tools), more when they are a field dump's short labels
        while (
            j < len(units)
            and (j <= i + 8 or (j <= i + 24 and units[j].words <= 4))
            and not _is_prose(units[j])
        ):
            nxt = units[j]
            labelled = units[j - 1].text.endswith(":") and units[j - 1].words <= 3  # 'Region:' then its value
            if nxt.kind in ("heading", "rule") or (
                _is_headline(nxt) and not date_line(nxt.text) and not labelled
            ):
                break
            j += 1
        if j < len(units) and _is_prose(units[j]) and (not starts or j > starts[-1][1]):
            starts.append((i, j))
    found = []
    for k, (i, j) in enumerate(starts):
        limit = starts[k + 1][0] if k + 1 < len(starts) else len(units)
        cand = _Candidate(headline=i, header=list(range(i + 1, j)), end=limit)
        in_contact = False
        for n in range(j, limit):
            unit = units[n]
            text = unit.text
            if unit.kind == "rule" or _SEPARATOR.match(text):
                cand.end = n
                break
            start = _CONTACT_START.search(text[:120])
            if not in_contact and start and start.start() <= 40:
                in_contact = True
            if in_contact:
                if (
                    _is_meta(text)
                    or (unit.kind == "heading" and cand.contact)
                    or (cand.contact and not _contact_like(units, n))
                ):
                    cand.tail.append(n)
                    in_contact = False
                    cand.tail.extend(range(n + 1, limit))
                    break
                cand.contact.append(n)
            elif _is_prose(unit):
                if unit.kind == "heading":
                    break
                cand.body.append(n)
            else:
                cand.tail.append(n)
        found.append(cand)
    return found


_CONTACT_LINE = re.compile(
    r"(?:\d{3}|@|\b(?:IOM|OIM)\b|\b(?:tel|tél|phone|mobile|cell|cel|fax|e-?mail|courriel|correo|portable|celular|"
    r"m[oó]vil|t[eé]l[eé]phone|tel[eé]fono)\b|mailto|\">|^(?:or|ou|o)$)",
    re.I,
)


def _contact_like(units: list[Unit], n: int) -> bool:
    """A contact block's line: contact data, or a name or office with contact data right after it
    (so 'Tags' / 'Ukraine Response' after the block is not taken for one more contact)."""
    text = units[n].text
    if _CONTACT_LINE.search(text):
        return True
    words = text.split()
    if not (1 <= len(words) <= 6 and title_case_ratio(text) >= 0.99 and not text.isupper()):
        return False
    return any(_CONTACT_LINE.search(units[m].text) for m in range(n + 1, min(len(units), n + 4)))


def _header_date(units: list[Unit], cand: _Candidate, before: list[int]) -> date | None:
    for n in cand.header:  # a mirror's 'Originally published' is the release's date, not its own 'Posted'
        if _ORIGINAL_DATE.match(units[n].text):
            for m in (n, n + 1):
                if m < len(units) and (hit := find_date(units[m].text)):
                    return hit[0]
    for n in cand.header:
        if (value := date_line(units[n].text, max_other_words=6)) is not None:
            return value
    for n in before:
        if (value := date_line(units[n].text)) is not None:
            return value
    for n in cand.header + cand.tail + cand.contact:
        text = units[n].text
        if is_posted_line(text) and (hit := find_date(text[re.search(r"Post|Publi|Veröff", text).start() :])):
            return hit[0]
    return None


@dataclass
class _PageContext:
    bundle_date: date | None


def _page_context(units: list[Unit], cands: list[_Candidate]) -> _PageContext:
    """A date printed once above several releases (a briefing-notes bundle) dates each of them."""
    first = cands[0].headline if cands else len(units)
    bundle = len(cands) >= 2
    for n in range(first - 1, max(-1, first - 13), -1):  # back over the bundle's header and contents
        if _is_prose(units[n]) and not (bundle and units[n].words <= 60):
            break  # a bundle's short introduction ('Spokesperson: …. The notes below …') may stand between
        if (value := date_line(units[n].text, max_other_words=6)) is not None:
            return _PageContext(bundle_date=value)
    return _PageContext(bundle_date=None)


def _has_quote(paragraphs: list[str]) -> bool:
    return any(_QUOTE.search(p) and may_attribute(p) for p in paragraphs)


def _build(
    units: list[Unit],
    cand: _Candidate,
    context: _PageContext,
    before: list[int],
    page: DecodedPage,
    sibling: bool = False,
) -> Release | None:
    """The release a candidate holds, or None. `sibling`: it is laid out like a release already found on
    this page (a statements listing), so it needs no date, dateline, quote or contact of its own."""
    headline = " ".join(units[cand.headline].text.split())
    paragraphs = [" ".join(units[n].text.split()) for n in cand.body]
    if paragraphs and paragraphs[0].strip(" .") == headline.strip(" ."):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return None
    dateline = split_dateline(paragraphs[0])
    if dateline:
        paragraphs[0] = paragraphs[0][dateline.end :]
    if sum(1 for p in paragraphs if _READ_ON.search(p)) * 2 >= len(paragraphs):
        return None  # teasers or press clips pointing elsewhere ('… Read on'), not a release's own text
    words = sum(len(p.split()) for p in paragraphs)
    header_date = _header_date(units, cand, before)
    release_date = header_date or context.bundle_date or (dateline.date if dateline else None)
    signals = [
        release_date is not None,
        bool(dateline and dateline.place),
        _has_quote(paragraphs),
        bool(cand.contact),
    ]
    if words < 50 or (len(paragraphs) < 2 and words < 80) or not (any(signals) or sibling):
        return None
    contact_units = [units[n] for n in cand.contact]
    body_units = [units[n] for n in cand.body]
    details = release_contacts(
        paragraphs=paragraphs,
        contact_lines=[line for u in contact_units for line in u.lines],
        mailto=[href for u in body_units + contact_units for href in u.mailto],
        place=dateline.place if dateline else None,
    )
    body = "\n\n".join(details.paragraphs)
    return Release(
        headline=headline,
        date=release_date.isoformat() if release_date else None,
        dateline=dateline.place if dateline else None,
        language=detect_language(f"{headline}\n{body}"),
        body=body,
        people=details.people,
        phones=details.phones,
        emails=details.emails,
        rejected=details.rejected,
        fixes=details.fixes,
    )


_CATALOGUE = re.compile(
    r"^(?:ISBN|ISSN|Price|Publisher|Author\(s\)|Authors?|Pages|Publication Year|Paperback)\b\s*:?|"
    r"\bISBN\b|\bAdd to (?:cart|basket)\b",
    re.I | re.M,
)
_OFFICE = re.compile(
    r"\b(?:Chief of Mission|Chef de mission|Jefe de Misión|Head of Office)\b|\b(?:Fax|Télécopie)\b", re.I
)


def _why_none(units: list[Unit], cands: list[_Candidate]) -> PageRejected:
    """The most specific reason a page holds no release, for the crawl log."""
    headings = [u.text for u in units if u.kind == "heading"]
    if any(_NOT_FOUND.search(h) for h in headings[:3]):
        return PageRejected("not-found", "the page says it was not found")
    prose = [u for u in units if _is_prose(u)]
    if not prose:
        return PageRejected("no-content", "no body text on the page")
    text = "\n".join(u.text for u in units)
    if _CATALOGUE.search(text):
        return PageRejected(
            "catalogue", "a publication or catalogue entry (ISBN, price, publisher), not a release"
        )
    office = "office-page", "a country or office page: office details and blurbs, no release"
    if len(_OFFICE.findall(text)) >= 2:
        return PageRejected(*office)
    teasers = [c for c in cands if len(c.body) <= 1 and sum(units[n].words for n in c.body) <= 60]
    headlines = sum(1 for u in units if _is_headline(u))
    if len(teasers) >= 3 or (headlines >= 4 and len(prose) <= headlines):
        return PageRejected("teaser-listing", "headlines with one-line summaries, no full release text")
    if _OFFICE.search(text):
        return PageRejected(*office)
    return PageRejected(
        "no-release-markers", "text without a release's headline, date, dateline, quote or contact block"
    )


def _starts_like_news(units: list[Unit], cand: _Candidate) -> bool:
    """A dated header or a dateline: what a release's opening has and an 'About us' page's lacks."""
    dated = any(date_line(units[n].text, max_other_words=6) for n in cand.header)
    return dated or bool(cand.body and split_dateline(units[cand.body[0]].text))


def _merge_subheadings(units: list[Unit], cands: list[_Candidate]) -> list[_Candidate]:
    """A lower-level heading inside a release ('<h1>Title</h1> … <h3>Background</h3> …') continues it."""
    merged: list[_Candidate] = []
    for cand in cands:
        prev = merged[-1] if merged else None
        head, prev_head = units[cand.headline], units[prev.headline] if prev else None
        if (
            prev is not None
            and prev_head is not None
            and not prev.contact
            and _starts_like_news(units, prev)
            and head.kind == prev_head.kind == "heading"
            and head.level > prev_head.level > 0
            and not any(
                date_line(units[n].text)
                for n in [*cand.header, cand.headline - 1, cand.headline - 2]
                if n >= 0
            )
            and not (cand.body and split_dateline(units[cand.body[0]].text))
        ):
            prev.body += cand.body
            prev.contact += cand.contact
            prev.tail += cand.tail
            prev.end = cand.end
            continue
        merged.append(cand)
    return merged


def find_releases(blocks: list[Block], page: DecodedPage) -> list[Release]:
    units = content_units(blocks, page.is_html)
    fields = "\n".join(u.text for u in units if u.words <= 8)  # catalogue fields are short label lines
    if len({m.group(0).lower().rstrip(": ") for m in _CATALOGUE.finditer(fields)}) >= 2:
        raise PageRejected(
            "catalogue", "a publication or catalogue entry (ISBN, price, publisher), not a release"
        )
    cands = _merge_subheadings(units, _candidates(units))
    context = _page_context(units, cands)
    befores, previous_end = [], 0
    for cand in cands:  # a candidate's header may begin in the lines trailing the one before
        befores.append(list(range(max(previous_end, cand.headline - 2), cand.headline)))
        previous_end = max([*cand.body, *cand.contact], default=cand.headline) + 1
    built = [_build(units, cand, context, before, page) for cand, before in zip(cands, befores, strict=True)]
    # A statements listing: an item headed like an accepted release is one, even without news markers.
    accepted = {
        (units[c.headline].kind, units[c.headline].level) for c, r in zip(cands, built, strict=True) if r
    }
    for n, (cand, release) in enumerate(zip(cands, built, strict=True)):
        head = units[cand.headline]
        if release is None and head.kind == "heading" and (head.kind, head.level) in accepted:
            built[n] = _build(units, cand, context, befores[n], page, sibling=True)
    releases = [r for r in built if r]
    if not releases and not cands and (fallback := _fallback_candidate(units)) is not None:
        release = _build(units, fallback, context, [], page)
        releases = [release] if release else []
    if not releases:
        raise _why_none(units, cands)
    return releases


def _fallback_candidate(units: list[Unit]) -> _Candidate | None:
    """For a layout nothing above recognised: the longest run of prose, headed by the nearest short
    line before it that does not end a sentence. The same release tests then apply to it."""
    runs: list[list[int]] = []
    for n, unit in enumerate(units):
        if _is_prose(unit):
            if runs and runs[-1][-1] in (n - 1, n - 2):
                runs[-1].append(n)
            else:
                runs.append([n])
    if not runs:
        return None
    body = max(runs, key=lambda run: sum(units[n].words for n in run))
    head = next(
        (n for n in range(body[0] - 1, max(-1, body[0] - 6), -1)
         if units[n].kind != "rule" and 3 <= units[n].words <= 30 and not _TERMINAL.search(units[n].text)
         and not _is_meta(units[n].text) and not date_line(units[n].text)),
        None,
    )  # fmt: skip
    if head is None:
        return None
    cand = _Candidate(headline=head, header=list(range(head + 1, body[0])), end=len(units))
    for n in range(body[0], len(units)):
        text = units[n].text
        if cand.contact or ((start := _CONTACT_START.search(text[:120])) and start.start() <= 40):
            if cand.contact and not _contact_like(units, n):
                break
            cand.contact.append(n)
        elif n in body:
            cand.body.append(n)
        elif n > body[-1]:
            break
    return cand
