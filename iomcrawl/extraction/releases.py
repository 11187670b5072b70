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

from iomcrawl.codes import NoRelease
from iomcrawl.extraction.attributions import may_attribute
from iomcrawl.extraction.datelines import Dateline, split_dateline
from iomcrawl.extraction.dates import date_line, find_date, is_posted_line
from iomcrawl.extraction.language import detect_language
from iomcrawl.extraction.model import Block, DecodedPage, PageRejected
from iomcrawl.extraction.people import release_contacts
from iomcrawl.extraction.records import Release
from iomcrawl.extraction.rules import RULES
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


_POSTED_LABEL = re.compile(r"Post|Publi|Veröff")


@lru_cache(maxsize=8192)
def _is_meta(text: str) -> bool:
    return bool(_META.match(text)) or (
        is_posted_line(text)
        and len(text.split()) <= RULES.posted_line_max_words
        and find_date(text) is not None
    )


@lru_cache(maxsize=8192)
def _is_caption(text: str) -> bool:
    return (
        len(text.split()) <= RULES.caption_max_words
        and bool(_CAPTION.search(text))
        and not _QUOTE.search(text)
    )


def _is_headline(unit: Unit) -> bool:
    return _headline_text(unit.text, unit.kind)


@lru_cache(maxsize=8192)
def _headline_text(text: str, kind: str) -> bool:
    """A heading, or a short Title Case line that does not end a sentence."""
    if not _headline_shaped(text, kind) or _labelled_not_headline(text):
        return False
    words = len(re.findall(r"[^\W\d_]{2,}", text))
    if kind == "heading":
        return RULES.heading_min_words <= words <= RULES.heading_max_words
    return (
        RULES.line_headline_min_words <= words <= RULES.line_headline_max_words
        and title_case_ratio(text) >= RULES.line_headline_title_case
    )


def _headline_shaped(text: str, kind: str) -> bool:
    """Short enough and not ending a sentence: decided before any pattern runs, since most units are prose."""
    rough_words = text.count(" ") + 1
    limit = RULES.heading_max_rough_words if kind == "heading" else RULES.line_headline_max_rough_words
    if kind == "rule" or rough_words > limit:
        return False
    return kind == "heading" or not text.endswith((".", ",", ";"))


def _labelled_not_headline(text: str) -> bool:
    """Header, caption, date, contact, section-label and separator lines look like headlines but are not."""
    return bool(
        _is_meta(text)
        or _is_caption(text)
        or date_line(text)
        or _CONTACT_START.search(text)
        or _HEADLINE_LABELS.match(text)
        or _SEPARATOR.match(text)
    )


def _is_prose(unit: Unit) -> bool:
    """A body paragraph: sentence text, not a header, caption or field dump."""
    return unit.kind == "para" and _prose_text(unit.text)


@lru_cache(maxsize=8192)
def _prose_text(text: str) -> bool:
    if _is_meta(text) or _is_caption(text) or _SEPARATOR.match(text) or date_line(text):
        return False
    if _OFFICE_NUMBERS.search(text) and _sentence_ends(text) < RULES.office_card_max_sentence_ends:
        return False  # an office address card ('IOM Helsinki … Tel. +358 … Fax …'), not a sentence
    words = len(text.split())
    return words >= RULES.prose_min_words or (
        words >= RULES.prose_min_words_terminal and bool(_TERMINAL.search(text))
    )


def _sentence_ends(text: str) -> int:
    """How many sentences end in `text` (a lower-case letter, a full stop, then a space or the end)."""
    return len(re.findall(r"[a-z]\.(?:\s|$)", text))


def _is_separator(unit: Unit) -> bool:
    """A rule or a '© IOM 2007' line: nothing after it belongs to the release above."""
    return unit.kind == "rule" or bool(_SEPARATOR.match(unit.text))


def _opens_contact(text: str) -> bool:
    """'For further information …' near the start of a line: the contact block begins here."""
    start = _CONTACT_START.search(text[: RULES.contact_start_scan_chars])
    return bool(start and start.start() <= RULES.contact_start_max_offset)


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
    starts = _candidate_starts(units)
    limits = [*(headline for headline, _ in starts[1:]), len(units)] if starts else []  # next headline
    found = []
    for (headline, body_start), limit in zip(starts, limits, strict=True):
        cand = _Candidate(headline=headline, header=list(range(headline + 1, body_start)), end=limit)
        _fill(units, cand, body_start, limit)
        found.append(cand)
    return found


def _candidate_starts(units: list[Unit]) -> list[tuple[int, int]]:
    """(headline, first prose line) for each headline whose header lines lead into prose, none overlapping."""
    starts: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        if not _is_headline(unit):
            continue
        j = _header_end(units, i)
        if j < len(units) and _is_prose(units[j]) and (not starts or j > starts[-1][1]):
            starts.append((i, j))
    return starts


def _header_end(units: list[Unit], headline: int) -> int:
    """Where the header lines under a headline end: at prose, at the next heading, or past the header limit."""
    j = headline + 1
    while j < len(units) and _within_header(units, headline, j) and not _is_prose(units[j]):
        if _interrupts_header(units, j):
            break
        j += 1
    return j


def _within_header(units: list[Unit], headline: int, j: int) -> bool:
    """Within the header limit (date, tags, caption, tools), longer when the lines are a field dump's short labels."""
    return j <= headline + RULES.header_max_lines or (
        j <= headline + RULES.field_dump_max_lines and units[j].words <= RULES.field_dump_label_max_words
    )


def _interrupts_header(units: list[Unit], j: int) -> bool:
    """A heading, a rule, or another headline (unless a date, or the value after a 'Region:' label)."""
    line = units[j]
    labelled = units[j - 1].text.endswith(":") and units[j - 1].words <= RULES.field_label_max_words
    return line.kind in ("heading", "rule") or (
        _is_headline(line) and not date_line(line.text) and not labelled
    )


def _fill(units: list[Unit], cand: _Candidate, start: int, limit: int) -> None:
    """Sort the lines after the header into body, contact block and tail, stopping at a separator."""
    for n in range(start, limit):
        unit = units[n]
        if _is_separator(unit):
            cand.end = n
            return
        if cand.contact or _opens_contact(unit.text):
            if _ends_contact(units, cand, n):
                cand.tail.extend(range(n, limit))
                return
            cand.contact.append(n)
        elif _is_prose(unit):
            cand.body.append(n)
        else:
            cand.tail.append(n)


def _ends_contact(units: list[Unit], cand: _Candidate, n: int) -> bool:
    """A header line, a heading or a line without contact data ends the contact block (or stops it opening)."""
    unit = units[n]
    return _is_meta(unit.text) or bool(
        cand.contact and (unit.kind == "heading" or not _contact_like(units, n))
    )


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
    if not (
        1 <= len(words) <= RULES.contact_name_max_words
        and title_case_ratio(text) >= RULES.contact_name_title_case
        and not text.isupper()
    ):
        return False
    following = range(n + 1, min(len(units), n + 1 + RULES.contact_data_lookahead))
    return any(_CONTACT_LINE.search(units[m].text) for m in following)


def _header_date(units: list[Unit], cand: _Candidate, before: list[int]) -> date | None:
    """The release's date from its header, the lines just above its headline, or a 'Posted' line."""
    return (
        _original_date(units, cand)
        or _first_date_line(units, cand.header, RULES.dated_header_max_other_words)
        or _first_date_line(units, before)
        or _posted_date(units, cand)
    )


def _original_date(units: list[Unit], cand: _Candidate) -> date | None:
    """A mirror's 'Originally published' is the release's date, not its own 'Posted'."""
    for n in cand.header:
        if _ORIGINAL_DATE.match(units[n].text):
            for m in (n, n + 1):
                if m < len(units) and (hit := find_date(units[m].text)):
                    return hit[0]
    return None


def _first_date_line(units: list[Unit], lines: list[int], max_other_words: int | None = None) -> date | None:
    """The date of the first of `lines` that is a date line."""
    for n in lines:
        text = units[n].text
        value = (
            date_line(text) if max_other_words is None else date_line(text, max_other_words=max_other_words)
        )
        if value is not None:
            return value
    return None


def _posted_date(units: list[Unit], cand: _Candidate) -> date | None:
    """The date after a 'Posted' / 'Publié' / 'Veröffentlicht' label anywhere in the candidate."""
    for n in cand.header + cand.tail + cand.contact:
        text = units[n].text
        if is_posted_line(text) and (hit := find_date(text[_posted_label_start(text) :])):
            return hit[0]
    return None


def _posted_label_start(text: str) -> int:
    """Where the posting label starts, so that a date printed before it is not read."""
    label = _POSTED_LABEL.search(text)
    if label is None:
        # is_posted_line also accepts 'posted' in lower case and 'Pubblicato', which this label does not
        # match; such a line has always failed the page as an extraction error, and still does.
        raise AttributeError("'NoneType' object has no attribute 'start'")
    return label.start()


@dataclass
class _PageContext:
    bundle_date: date | None


def _page_context(units: list[Unit], cands: list[_Candidate]) -> _PageContext:
    """A date printed once above several releases (a briefing-notes bundle) dates each of them."""
    first = cands[0].headline if cands else len(units)
    bundle = len(cands) >= 2
    for n in range(
        first - 1, max(-1, first - 1 - RULES.bundle_date_lookback), -1
    ):  # back over header, contents
        if _is_prose(units[n]) and not (bundle and units[n].words <= RULES.bundle_intro_max_words):
            break  # a bundle's short introduction ('Spokesperson: …. The notes below …') may stand between
        if (
            value := date_line(units[n].text, max_other_words=RULES.dated_header_max_other_words)
        ) is not None:
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
    paragraphs = _body_paragraphs(units, cand, headline)
    if not paragraphs:
        return None
    dateline = split_dateline(paragraphs[0])
    if dateline:
        paragraphs[0] = paragraphs[0][dateline.end :]
    if _points_elsewhere(paragraphs):
        return None  # teasers or press clips pointing elsewhere ('… Read on'), not a release's own text
    release_date = (
        _header_date(units, cand, before) or context.bundle_date or (dateline.date if dateline else None)
    )
    if not _long_enough(paragraphs):
        return None
    if not (sibling or _reads_like_news(paragraphs, release_date, dateline, cand)):
        return None
    return _release(units, cand, headline, paragraphs, dateline, release_date)


def _body_paragraphs(units: list[Unit], cand: _Candidate, headline: str) -> list[str]:
    """The body's paragraphs on one line each, without a first paragraph that repeats the headline."""
    paragraphs = [" ".join(units[n].text.split()) for n in cand.body]
    if paragraphs and paragraphs[0].strip(" .") == headline.strip(" ."):
        return paragraphs[1:]
    return paragraphs


def _points_elsewhere(paragraphs: list[str]) -> bool:
    """Mostly '… Read on' paragraphs: a listing of teasers, whose full text lives on other pages."""
    read_ons = sum(1 for p in paragraphs if _READ_ON.search(p))
    return read_ons >= RULES.read_on_share * len(paragraphs)


def _long_enough(paragraphs: list[str]) -> bool:
    """Enough body text for a release: a blurb or a one-paragraph notice is not one."""
    words = sum(len(p.split()) for p in paragraphs)
    return words >= RULES.release_min_words and (
        len(paragraphs) >= 2 or words >= RULES.single_paragraph_min_words
    )


def _reads_like_news(
    paragraphs: list[str], release_date: date | None, dateline: Dateline | None, cand: _Candidate
) -> bool:
    """A date, a dateline place, an attributed quote or a contact block: what news has and a blurb lacks."""
    return (
        release_date is not None
        or bool(dateline and dateline.place)
        or _has_quote(paragraphs)
        or bool(cand.contact)
    )


def _release(
    units: list[Unit],
    cand: _Candidate,
    headline: str,
    paragraphs: list[str],
    dateline: Dateline | None,
    release_date: date | None,
) -> Release:
    """The accepted candidate's fields, with its people, phones and e-mails read from body and contacts."""
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


def _catalogue_page() -> PageRejected:
    return PageRejected(
        NoRelease.CATALOGUE, "a publication or catalogue entry (ISBN, price, publisher), not a release"
    )


def _office_page() -> PageRejected:
    return PageRejected(
        NoRelease.OFFICE_PAGE, "a country or office page: office details and blurbs, no release"
    )


def _why_none(units: list[Unit], cands: list[_Candidate]) -> PageRejected:
    """The most specific reason a page holds no release, for the crawl log."""
    if _says_not_found(units):
        return PageRejected(NoRelease.NOT_FOUND, "the page says it was not found")
    prose = [u for u in units if _is_prose(u)]
    if not prose:
        return PageRejected(NoRelease.NO_CONTENT, "no body text on the page")
    text = "\n".join(u.text for u in units)
    if _CATALOGUE.search(text):
        return _catalogue_page()
    if len(_OFFICE.findall(text)) >= RULES.office_page_min_markers:
        return _office_page()
    if _is_teaser_listing(units, cands, prose):
        return PageRejected(
            NoRelease.TEASER_LISTING, "headlines with one-line summaries, no full release text"
        )
    if _OFFICE.search(text):
        return _office_page()
    return PageRejected(
        NoRelease.NO_RELEASE_MARKERS,
        "text without a release's headline, date, dateline, quote or contact block",
    )


def _says_not_found(units: list[Unit]) -> bool:
    """'Page not found' among the first headings: an error page served with a 200."""
    headings = [u.text for u in units if u.kind == "heading"]
    return any(_NOT_FOUND.search(h) for h in headings[: RULES.not_found_heading_scan])


def _is_teaser_listing(units: list[Unit], cands: list[_Candidate], prose: list[Unit]) -> bool:
    """Several headlines each over a short summary, or headlines about as many as the prose paragraphs."""
    teasers = [
        c
        for c in cands
        if len(c.body) <= RULES.teaser_max_paragraphs
        and sum(units[n].words for n in c.body) <= RULES.teaser_max_words
    ]
    headlines = sum(1 for u in units if _is_headline(u))
    return len(teasers) >= RULES.teaser_listing_min_teasers or (
        headlines >= RULES.teaser_listing_min_headlines and len(prose) <= headlines
    )


def _starts_like_news(units: list[Unit], cand: _Candidate) -> bool:
    """A dated header or a dateline: what a release's opening has and an 'About us' page's lacks."""
    dated = any(
        date_line(units[n].text, max_other_words=RULES.dated_header_max_other_words) for n in cand.header
    )
    return dated or _opens_with_dateline(units, cand)


def _opens_with_dateline(units: list[Unit], cand: _Candidate) -> bool:
    return bool(cand.body and split_dateline(units[cand.body[0]].text))


def _merge_subheadings(units: list[Unit], cands: list[_Candidate]) -> list[_Candidate]:
    """A lower-level heading inside a release ('<h1>Title</h1> … <h3>Background</h3> …') continues it."""
    merged: list[_Candidate] = []
    for cand in cands:
        if merged and _continues(units, merged[-1], cand):
            _absorb(merged[-1], cand)
        else:
            merged.append(cand)
    return merged


def _continues(units: list[Unit], prev: _Candidate, cand: _Candidate) -> bool:
    """`cand` sits under a lower heading inside `prev`, a release begun with news markers and no contacts yet,
    and has no date or dateline of its own."""
    head, prev_head = units[cand.headline], units[prev.headline]
    return (
        not prev.contact
        and _starts_like_news(units, prev)
        and head.kind == prev_head.kind == "heading"
        and head.level > prev_head.level > 0
        and not _dated_near(units, cand)
        and not _opens_with_dateline(units, cand)
    )


def _dated_near(units: list[Unit], cand: _Candidate) -> bool:
    """A date line in the candidate's header or just above its headline."""
    above = [cand.headline - k for k in range(1, RULES.subheading_date_lookback + 1)]
    return any(date_line(units[n].text) for n in [*cand.header, *above] if n >= 0)


def _absorb(prev: _Candidate, cand: _Candidate) -> None:
    """Make `cand`'s lines part of `prev`, which now ends where `cand` ended."""
    prev.body += cand.body
    prev.contact += cand.contact
    prev.tail += cand.tail
    prev.end = cand.end


def find_releases(blocks: list[Block], page: DecodedPage) -> list[Release]:
    """The releases on a page, in order; raises PageRejected, with the most specific reason, when none."""
    units = content_units(blocks, page.is_html)
    if _is_catalogue(units):
        raise _catalogue_page()
    cands = _merge_subheadings(units, _candidates(units))
    context = _page_context(units, cands)
    befores = _lines_before(cands)
    built = [_build(units, cand, context, before, page) for cand, before in zip(cands, befores, strict=True)]
    _retry_siblings(units, cands, befores, built, context, page)
    releases = [r for r in built if r]
    if not releases and not cands:
        releases = _fallback_release(units, context, page)
    if not releases:
        raise _why_none(units, cands)
    return releases


def _is_catalogue(units: list[Unit]) -> bool:
    """Two different catalogue fields among the short label lines: a publication entry."""
    fields = "\n".join(u.text for u in units if u.words <= RULES.catalogue_field_max_words)
    return (
        len({m.group(0).lower().rstrip(": ") for m in _CATALOGUE.finditer(fields)})
        >= RULES.catalogue_min_fields
    )


def _lines_before(cands: list[_Candidate]) -> list[list[int]]:
    """For each candidate, the lines just above its headline: its header may begin in the lines trailing
    the release before."""
    befores, previous_end = [], 0
    for cand in cands:
        befores.append(
            list(range(max(previous_end, cand.headline - RULES.header_lines_before_headline), cand.headline))
        )
        previous_end = max([*cand.body, *cand.contact], default=cand.headline) + 1
    return befores


def _retry_siblings(
    units: list[Unit],
    cands: list[_Candidate],
    befores: list[list[int]],
    built: list[Release | None],
    context: _PageContext,
    page: DecodedPage,
) -> None:
    """A statements listing: an item headed like an accepted release is one, even without news markers."""
    accepted = {
        (units[c.headline].kind, units[c.headline].level) for c, r in zip(cands, built, strict=True) if r
    }
    for n, (cand, release) in enumerate(zip(cands, built, strict=True)):
        head = units[cand.headline]
        if release is None and head.kind == "heading" and (head.kind, head.level) in accepted:
            built[n] = _build(units, cand, context, befores[n], page, sibling=True)


def _fallback_release(units: list[Unit], context: _PageContext, page: DecodedPage) -> list[Release]:
    """The release of a layout nothing above recognised, if its longest prose run passes the same tests."""
    fallback = _fallback_candidate(units)
    if fallback is None:
        return []
    release = _build(units, fallback, context, [], page)
    return [release] if release else []


def _fallback_candidate(units: list[Unit]) -> _Candidate | None:
    """For a layout nothing above recognised: the longest run of prose, headed by the nearest short
    line before it that does not end a sentence. The same release tests then apply to it."""
    runs = _prose_runs(units)
    if not runs:
        return None
    body = max(runs, key=lambda run: sum(units[n].words for n in run))
    head = _fallback_headline(units, body[0])
    if head is None:
        return None
    cand = _Candidate(headline=head, header=list(range(head + 1, body[0])), end=len(units))
    _fill_fallback(units, cand, body)
    return cand


def _prose_runs(units: list[Unit]) -> list[list[int]]:
    """Runs of prose paragraphs, allowing one other line (a caption, a subheading) between two of them."""
    runs: list[list[int]] = []
    for n, unit in enumerate(units):
        if not _is_prose(unit):
            continue
        if runs and n - runs[-1][-1] <= RULES.fallback_run_max_step:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _fallback_headline(units: list[Unit], body_start: int) -> int | None:
    """The nearest line above the body that is short, does not end a sentence and is no header line."""
    above = range(body_start - 1, max(-1, body_start - 1 - RULES.fallback_headline_lookback), -1)
    return next((n for n in above if _could_head(units[n])), None)


def _could_head(unit: Unit) -> bool:
    return (
        unit.kind != "rule"
        and RULES.fallback_headline_min_words <= unit.words <= RULES.fallback_headline_max_words
        and not _TERMINAL.search(unit.text)
        and not _is_meta(unit.text)
        and not date_line(unit.text)
    )


def _fill_fallback(units: list[Unit], cand: _Candidate, body: list[int]) -> None:
    """The run's paragraphs as body, then the contact block if one opens, up to the first line after it."""
    for n in range(body[0], len(units)):
        if cand.contact or _opens_contact(units[n].text):
            if cand.contact and not _contact_like(units, n):
                break
            cand.contact.append(n)
        elif n in body:
            cand.body.append(n)
        elif n > body[-1]:
            break
