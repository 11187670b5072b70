"""Find the releases among a page's content units, and read each one's fields.

A release is a headline followed, after at most a few header lines (date, tags, caption), by body
prose; it runs until the next such headline, a separator (``© IOM 2007``, a rule) or the end. Its
contact block starts at the "For further information" sentence. A candidate must look like news
(a date, a dateline, a quote or a contact block) and carry real text, which is what tells releases
from teaser listings, country pages and section blurbs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from itertools import islice

from iomcrawl.codes import NoRelease
from iomcrawl.extraction.attributions import may_attribute
from iomcrawl.extraction.date_evidence import (
    DateDecision,
    bundle_candidates,
    dateline_candidates,
    decide,
    email_candidates,
    email_dates,
    line_candidates,
    machine_candidates,
)
from iomcrawl.extraction.datelines import Dateline, opens_with_place, split_dateline
from iomcrawl.extraction.dates import date_line, find_date, is_last_updated, is_posted_line
from iomcrawl.extraction.language import detect_language
from iomcrawl.extraction.model import Block, DecodedPage, PageRejected
from iomcrawl.extraction.people import release_contacts
from iomcrawl.extraction.records import Release
from iomcrawl.extraction.rules import RULES
from iomcrawl.extraction.units import Unit, content_units, letter_words, title_case_ratio, word_count
from iomcrawl.extraction.vocabulary import contacts as contact_words
from iomcrawl.extraction.vocabulary import pages as page_words


def _page() -> page_words.PagePatterns:
    """Field labels, captions, separators, stubs: the page vocabulary (vocabulary/pages.py), compiled."""
    return page_words.patterns()


# the lookahead on the labels' first letters rejects most positions before the word-boundary test
_OFFICE_NUMBERS = re.compile(r"(?=[TPF])\b(?:Tel|Tél|Phone|Fax|Télécopie)\b\.?\s*:?\s*\(?\+?\d")
_TERMINAL = re.compile(r"""[.!?"”»’)。！？」]\s*$""")  # CJK full stops too
_QUOTE = re.compile(r"[“”«»\"]")


@lru_cache(maxsize=8192)
def _is_meta(text: str) -> bool:
    return bool(_page().meta.match(text) or _page().mail_header.match(text)) or (
        word_count(text) <= RULES.posted_line_max_words  # the cheap test first: most lines are prose
        and is_posted_line(text)
        and find_date(text) is not None
    )


@lru_cache(maxsize=8192)
def _is_caption(text: str) -> bool:
    return (
        word_count(text) <= RULES.caption_max_words
        and bool(_page().caption.search(text))
        and not _QUOTE.search(text)
    )


def _is_headline(unit: Unit) -> bool:
    return _headline_text(unit.text, unit.kind)


@lru_cache(maxsize=8192)
def _headline_text(text: str, kind: str) -> bool:
    """A heading, or a short Title Case line that does not end a sentence."""
    if not _headline_shaped(text, kind) or _labelled_not_headline(text):
        return False
    words = letter_words(text)
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


def _modified_line(text: str) -> bool:
    """'Updated 4:18 AM UTC, October 3, 2022', 'Mis à jour le …': a modification date, never a title (nor
    the release's date)."""
    return len(text) <= RULES.title_agree_max_chars and is_last_updated(text) and find_date(text) is not None


def _labelled_not_headline(text: str) -> bool:
    """Header, caption, date, contact, section-label and separator lines look like headlines but are not."""
    return bool(
        _is_meta(text)
        or _is_caption(text)
        or date_line(text)
        or _modified_line(text)
        or contact_words.patterns().intro.search(text)
        or _page().section_label.match(text)
        or _is_furniture(text)
        or _page().separator.match(text)
        or _page().contact_entry.search(text)
    )


def _is_prose(unit: Unit) -> bool:
    """A body paragraph: sentence text, not a header, caption or field dump."""
    return unit.kind == "para" and _prose_text(unit.text)


@lru_cache(maxsize=8192)
def _prose_text(text: str) -> bool:
    if _is_meta(text) or _is_caption(text) or _page().separator.match(text) or date_line(text):
        return False
    if _is_furniture(text):
        return False
    if _OFFICE_NUMBERS.search(text) and _sentence_ends(text) < RULES.office_card_max_sentence_ends:
        return False  # an office address card ('IOM Helsinki … Tel. +358 … Fax …'), not a sentence
    words = word_count(text)
    return words >= RULES.prose_min_words or (
        words >= RULES.prose_min_words_terminal and bool(_TERMINAL.search(text))
    )


def _sentence_ends(text: str) -> int:
    """How many sentences end in `text` (a lower-case letter, a full stop, then a space or the end)."""
    return len(re.findall(r"[a-z]\.(?:\s|$)", text))


def _is_separator(unit: Unit) -> bool:
    """A rule or a '© IOM 2007' line: nothing after it belongs to the release above."""
    return unit.kind == "rule" or bool(_page().separator.match(unit.text))


def _opens_contact(text: str) -> bool:
    """'For further information …' near the start of a line: the contact block begins here."""
    start = contact_words.patterns().intro.search(text[: RULES.contact_start_scan_chars])
    return bool(start and start.start() <= RULES.contact_start_max_offset)


_NON_WORD = re.compile(r"[\W_]+")
# '<headline> | <site>', '<headline> - <site>': the title's parts around a site separator
_TITLE_PARTS = re.compile(r"\s+[|–—:-]{1,2}\s+|\s*\|\s*")


def _norm(text: str) -> str:
    """Casefolded words joined by single spaces: what two titles are compared on."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@dataclass(frozen=True)
class _Titles:
    """What the page calls itself: its <title> (and its parts around a site separator), og:title and the
    first <h1>. A headline candidate that agrees with one of them is the page's own headline."""

    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, page: DecodedPage, units: list[Unit]) -> _Titles:
        keys: list[str] = []
        for title in (page.meta.title, page.meta.og_title):
            if title:
                keys.append(_norm(title))
                keys += [_norm(part) for part in _TITLE_PARTS.split(title)]
        h1 = next((u.text for u in units if u.kind == "heading" and u.level == 1), "")
        if h1:
            keys.append(_norm(h1))
        return cls(tuple(k for k in dict.fromkeys(keys) if len(k.split()) >= RULES.title_agree_min_words))

    def agrees(self, text: str) -> bool:
        return _title_agrees(self.keys, text)


@lru_cache(maxsize=8192)
def _title_agrees(keys: tuple[str, ...], text: str) -> bool:
    """Equal after normalising, or one holds the other and is at least half as long."""
    if not keys or len(text) > RULES.title_agree_max_chars:
        return False
    cand = _norm(text)
    size = len(cand.split())
    if size < RULES.title_agree_min_words:
        return False
    for key in keys:
        if cand == key:
            return True
        shorter, longer = (cand, key) if len(cand) <= len(key) else (key, cand)
        if f" {shorter} " in f" {longer} " and len(shorter.split()) >= RULES.title_agree_min_share * len(
            longer.split()
        ):
            return True
    return False


@dataclass
class _Candidate:
    headline: int
    header: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    contact: list[int] = field(default_factory=list)
    tail: list[int] = field(default_factory=list)
    end: int = 0


def _candidates(units: list[Unit], titles: _Titles) -> list[_Candidate]:
    """Each headline that prose follows opens a candidate, which runs to the next one."""
    starts = _candidate_starts(units, titles)
    limits = [*(headline for headline, _ in starts[1:]), len(units)] if starts else []  # next headline
    found = []
    for (headline, body_start), limit in zip(starts, limits, strict=True):
        cand = _Candidate(headline=headline, header=list(range(headline + 1, body_start)), end=limit)
        _fill(units, cand, body_start, limit)
        found.append(cand)
    return found


def _candidate_starts(units: list[Unit], titles: _Titles) -> list[tuple[int, int]]:
    """(headline, first prose line) for each headline whose header lines lead into prose, none overlapping;
    of two headlines over the same prose, the one that agrees with the page's own title wins."""
    starts: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        if not (_is_headline(unit) or _heads_a_dateline(units, i)) or _field_value(units, i):
            continue
        agrees = titles.agrees(unit.text)
        j = _header_end(units, i, agrees)
        if not (j < len(units) and _is_prose(units[j])):
            continue
        if not starts or j > starts[-1][1]:
            starts.append((i, j))
        elif agrees and not titles.agrees(units[starts[-1][0]].text):
            starts[-1] = (i, j)  # 'Africa and Middle East' above the body; the <h1> above it agrees
    return starts


def _heads_a_dateline(units: list[Unit], n: int) -> bool:
    """A headline written in sentence case ('Le Niger et l’OIM lancent une campagne …'): a short line, not
    a sentence, right above a paragraph that opens with a place's dateline."""
    unit, after = units[n], units[n + 1] if n + 1 < len(units) else None
    return bool(
        after is not None
        and unit.kind == "para"
        and _headline_shaped(unit.text, unit.kind)
        and RULES.line_headline_min_words <= letter_words(unit.text) <= RULES.line_headline_max_words
        and _is_prose(after)
        and opens_with_place(after.text)
        and not _labelled_not_headline(unit.text)
    )


def _field_value(units: list[Unit], n: int) -> bool:
    """The value after a field label ('Region:' then 'Asia and Oceania'): never a headline."""
    return n > 0 and units[n - 1].text.endswith(":") and units[n - 1].words <= RULES.field_label_max_words


def _header_end(units: list[Unit], headline: int, agrees: bool = False) -> int:
    """Where the header lines under a headline end: at prose, at the next heading, or past the header limit."""
    j = headline + 1
    while j < len(units) and _within_header(units, headline, j) and not _is_prose(units[j]):
        if _interrupts_header(units, j) and not (agrees and _dump_value(units[j])):
            break
        j += 1
    return j


def _dump_value(unit: Unit) -> bool:
    """A field dump's short value line ('Migration and Climate Change'): under a headline that agrees with
    the page's title it is header, however headline-shaped."""
    return unit.kind != "heading" and unit.words <= RULES.field_dump_label_max_words


def _within_header(units: list[Unit], headline: int, j: int) -> bool:
    """Within the header limit (date, tags, caption, tools), longer when the lines are a field dump's short labels."""
    return j <= headline + RULES.header_max_lines or (
        j <= headline + RULES.field_dump_max_lines
        and (units[j].words <= RULES.field_dump_label_max_words or _header_line(units[j].text))
    )


@lru_cache(maxsize=8192)
def _header_line(text: str) -> bool:
    """A line that can only be header furniture: a field, a caption, a date line, a byline or a widget."""
    return _is_meta(text) or _is_caption(text) or bool(date_line(text)) or _is_furniture(text)


@lru_cache(maxsize=8192)
def _is_furniture(text: str) -> bool:
    """A byline, a share bar or widget label, a promotion, a download stub or a 'Last updated' stamp:
    lines around a release that are never its headline and never its body, in any language."""
    words = word_count(text)
    page = _page()
    return (
        (words <= RULES.byline_max_words and bool(page.byline.match(text)) and not _TERMINAL.search(text))
        or page_words.is_ui_line(text)
        or (words <= RULES.stub_max_words and bool(page.promo.match(text) or page.download.match(text)))
        or (words <= RULES.stub_max_words and bool(page.last_updated.match(text)))
    )


def _interrupts_header(units: list[Unit], j: int) -> bool:
    """A heading, a rule, or another headline (unless a date, or the value after a 'Region:' label); a
    heading that is only header furniture ('Published on 14 October 2022', a byline) does not."""
    line = units[j]
    labelled = units[j - 1].text.endswith(":") and units[j - 1].words <= RULES.field_label_max_words
    furniture = line.kind == "heading" and _header_line(line.text)
    return (line.kind in ("heading", "rule") and not furniture) or (
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
    """A header line, a heading or a line without contact data ends the contact block (or stops it opening).
    A line only guessed to be a heading (level 0: a Title Case line of a text rendering) that is a contact's
    name, with contact data right after it, does not."""
    unit = units[n]
    if _is_meta(unit.text) or not cand.contact:
        return _is_meta(unit.text)
    if unit.kind == "heading" and unit.level > 0:
        return True
    return not _contact_like(units, n)


def _contact_like(units: list[Unit], n: int) -> bool:
    """A contact block's line: contact data, or a name or office with contact data right after it
    (so 'Tags' / 'Ukraine Response' after the block is not taken for one more contact)."""
    text = units[n].text
    contact_line = contact_words.patterns().contact_line
    if contact_line.search(text):
        return True
    words = text.split()
    if not (
        1 <= len(words) <= RULES.contact_name_max_words
        and title_case_ratio(text) >= RULES.contact_name_title_case
        and not text.isupper()
    ):
        return False
    following = range(n + 1, min(len(units), n + 1 + RULES.contact_data_lookahead))
    return any(contact_line.search(units[m].text) for m in following)


def _date_decision(
    units: list[Unit],
    cand: _Candidate,
    context: _PageContext,
    before: list[int],
    dateline: Dateline | None,
    page: DecodedPage,
) -> DateDecision:
    """The release's date, decided from every candidate with its source (see date_evidence)."""
    return decide(
        [
            *line_candidates(
                [units[n].text for n in cand.header], max_other_words=RULES.dated_header_max_other_words
            ),
            *line_candidates([units[n].text for n in before]),
            *line_candidates([units[n].text for n in cand.tail + cand.contact], late=True),
            *bundle_candidates(*_bundle_date_for(context, cand), several=context.several),
            *(dateline_candidates(dateline.date, dateline.place, "") if dateline else []),
            *email_candidates(context.email_dates, cand.headline, cand.header),
            *machine_candidates(page.meta, page.url),
        ]
    )


@dataclass
class _PageContext:
    bundle_date: date | None
    bundle_text: str = ""
    several: bool = False  # more than one release candidate: a date above them all is a bundle's
    email_dates: list[tuple[int, date, str]] = field(default_factory=list)  # a mail archive's messages
    # date lines between the candidates (not in their bodies): an aggregator's day headers
    day_headers: list[tuple[int, date, str]] = field(default_factory=list)


def _bundle_date_for(context: _PageContext, cand: _Candidate) -> tuple[date | None, str]:
    """The bundle's date, or on a page whose items sit under day headers ('Tuesday, March 3, 2020') the
    last such header above the item, when it comes after the bundle's own."""
    above = [(n, value, text) for n, value, text in context.day_headers if n < cand.headline]
    if above and context.bundle_date is not None:
        return above[-1][1], above[-1][2]
    return context.bundle_date, context.bundle_text


def _page_context(units: list[Unit], cands: list[_Candidate]) -> _PageContext:
    """A date printed once above several releases (a briefing-notes bundle) dates each of them."""
    first = cands[0].headline if cands else len(units)
    bundle = len(cands) >= 2
    mail = email_dates([u.text for u in units])
    intro_seen = False
    # a bundle's dated title may itself open the first candidate, or stand in its header
    opening = bundle and not mail and len(cands[0].body) <= 1 and not cands[0].contact  # a title, an intro
    own = [*reversed(cands[0].header), first] if opening else []
    for n in [*own, *range(first - 1, max(-1, first - 1 - RULES.bundle_date_lookback), -1)]:
        if _is_prose(units[n]) and not (bundle and units[n].words <= RULES.bundle_intro_max_words):
            if not bundle or intro_seen:
                break  # a bundle's introduction ('These are the notes of the IOM spokesperson …') may stand
            intro_seen = True  # between its dated title and its items, once
        text = units[n].text
        value = date_line(text, max_other_words=RULES.dated_header_max_other_words)
        if value is None and bundle and units[n].words <= RULES.bundle_header_max_words:
            value = _only_date(text)  # 'Press Briefing Notes Geneva, 12 November 2002 Spokesperson: …'
        if value is not None:
            return _PageContext(
                bundle_date=value,
                bundle_text=text,
                several=bundle,
                email_dates=mail,
                day_headers=_day_headers(units, cands, n) if bundle else [],
            )
    return _PageContext(bundle_date=None, several=bundle, email_dates=mail)


def _day_headers(units: list[Unit], cands: list[_Candidate], start: int) -> list[tuple[int, date, str]]:
    """Date lines from the bundle's own (at `start`) down, outside every candidate's body and contact block."""
    inside = {n for c in cands for n in (*c.body, *c.contact)}
    return [
        (n, value, units[n].text)
        for n in range(start, len(units))
        if n not in inside and (value := date_line(units[n].text)) is not None
    ]


def _only_date(text: str) -> date | None:
    """The one date a short header line holds; None when it holds none or several ('Previous notes 8
    November 2002 5 November 2002 …' lists other bundles)."""
    hit = find_date(text)
    if hit is None or find_date(text[hit[1].end() :]) or find_date(text[: hit[1].start()]):
        return None
    return hit[0]


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
    cand = _without_preamble(units, _without_dek(units, cand))
    paragraphs = _body_paragraphs(units, cand, headline)
    headline, paragraphs = _own_headline(headline, paragraphs, [units[n].text for n in cand.header])
    if not paragraphs:
        return None
    dateline = split_dateline(paragraphs[0])
    if dateline:
        paragraphs[0] = paragraphs[0][dateline.end :]
    if _points_elsewhere(paragraphs):
        return None  # teasers or press clips pointing elsewhere ('… Read on'), not a release's own text
    decision = _date_decision(units, cand, context, before, dateline, page)
    release_date = decision.value
    if not _long_enough(paragraphs):
        return None
    if not (sibling or _reads_like_news(paragraphs, release_date, dateline, cand)):
        return None
    return _release(units, cand, headline, paragraphs, dateline, decision)


_TAGGED = re.compile(r"^(?P<tag>[^\W\d_][^:]{1,40}):\s+(?P<rest>\S.*)$")


def _own_headline(headline: str, paragraphs: list[str], header: list[str]) -> tuple[str, list[str]]:
    """A mirror's headline carries a tag ('Tajikistan: …'); when the header or the body's first line
    repeats the headline without it, that is the release's own headline, and the repeat is no body."""
    tagged = _TAGGED.match(headline)
    if not tagged:
        return headline, paragraphs
    own = tagged["rest"].strip(" .")
    if paragraphs and paragraphs[0].strip(" .") == own:
        return paragraphs[0], paragraphs[1:]
    repeat = next(
        (" ".join(line.split()) for line in header if " ".join(line.split()).strip(" .") == own), None
    )
    return (repeat, paragraphs) if repeat else (headline, paragraphs)


def _without_dek(units: list[Unit], cand: _Candidate) -> _Candidate:
    """The candidate with its dek moved to the header: a short first paragraph that a byline or a dated
    line separates from the rest of the body ('<h1>…</h1><p>dek</p><p>By X, 14 March 2021</p><p>body…')."""
    if len(cand.body) < 2 or units[cand.body[0]].words > RULES.article_dek_max_words:
        return cand
    gap = range(cand.body[0] + 1, cand.body[1])
    if not any(_dated_or_signed(units[n].text) for n in gap):
        return cand
    moved = _copy(cand)
    moved.header = [*cand.header, *range(cand.body[0], cand.body[1])]
    moved.body = cand.body[1:]
    return moved


def _without_preamble(units: list[Unit], cand: _Candidate) -> _Candidate:
    """The candidate without an editor's note before the release ('Partner release. This press release was
    issued by …', 'Riprendiamo integralmente il comunicato …'): a short first paragraph with no dateline,
    right above the paragraph that opens with one. A release's dateline opens its body."""
    if len(cand.body) < 2 or units[cand.body[0]].words > RULES.article_dek_max_words:
        return cand
    if split_dateline(units[cand.body[0]].text) or not opens_with_place(units[cand.body[1]].text):
        return cand
    moved = _copy(cand)
    moved.header = [*cand.header, cand.body[0]]
    moved.body = cand.body[1:]
    return moved


def _dated_or_signed(text: str) -> bool:
    """A byline or a short line holding a date: what stands between an article's dek and its body."""
    if word_count(text) > RULES.dek_gap_line_max_words:
        return False
    return bool(_page().byline.match(text) or find_date(text))


def _body_paragraphs(units: list[Unit], cand: _Candidate, headline: str) -> list[str]:
    """The body's paragraphs on one line each, without a first paragraph that repeats the headline."""
    paragraphs = [" ".join(units[n].text.split()) for n in cand.body]
    while len(paragraphs) > 1 and _is_end_matter(paragraphs[-1]):
        paragraphs.pop()
    if paragraphs and (mark := _page().body_end_mark.search(paragraphs[-1])):  # '…他说。（完）'
        paragraphs[-1] = paragraphs[-1][: mark.start()].rstrip()
    if paragraphs and paragraphs[0].strip(" .") == headline.strip(" ."):
        return paragraphs[1:]
    return paragraphs


def _is_end_matter(paragraph: str) -> bool:
    """A short paragraph after the story: a paywall or newsletter prompt, a rights notice, a reporter's bio."""
    if word_count(paragraph) > RULES.end_matter_max_words:
        return False
    page = _page()
    return bool(page.end_matter.search(paragraph) or page.reporter_bio.match(paragraph))


def _points_elsewhere(paragraphs: list[str]) -> bool:
    """Mostly '… Read on' paragraphs: a listing of teasers, whose full text lives on other pages."""
    read_ons = sum(1 for p in paragraphs if _ends_reading_on(p))
    return read_ons >= RULES.read_on_share * len(paragraphs)


def _ends_reading_on(paragraph: str) -> bool:
    """A 'Read more' link ending the paragraph. The match must end the text, and a body paragraph is one
    line with single spaces (:func:`_body_paragraphs`), so only its last few characters can hold one:
    the search starts there (a lookbehind still sees the character before)."""
    page = _page()
    return bool(page.read_on.search(paragraph, max(0, len(paragraph) - page.read_on_reach)))


def _long_enough(paragraphs: list[str]) -> bool:
    """Enough body text for a release: a blurb or a one-paragraph notice is not one."""
    words = sum(word_count(p) for p in paragraphs)
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
    decision: DateDecision,
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
        date=decision.iso,
        date_source=decision.source.value if decision.source else None,
        dateline=dateline.place if dateline else None,
        language=detect_language(f"{headline}\n{body}"),
        body=body,
        people=details.people,
        phones=details.phones,
        emails=details.emails,
        rejected=details.rejected,
        fixes=details.fixes,
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
    if _page().catalogue.search(text):
        return _catalogue_page()
    if len(_page().office.findall(text)) >= RULES.office_page_min_markers:
        return _office_page()
    if _is_teaser_listing(units, cands, prose):
        return PageRejected(
            NoRelease.TEASER_LISTING, "headlines with one-line summaries, no full release text"
        )
    if _page().office.search(text):
        return _office_page()
    return PageRejected(
        NoRelease.NO_RELEASE_MARKERS,
        "text without a release's headline, date, dateline, quote or contact block",
    )


def _says_not_found(units: list[Unit]) -> bool:
    """'Page not found' among the first headings: an error page served with a 200."""
    headings = [u.text for u in units if u.kind == "heading"]
    return any(_page().not_found.search(h) for h in headings[: RULES.not_found_heading_scan])


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


def _article_or_candidates(
    units: list[Unit], cands: list[_Candidate], titles: _Titles, sections: Callable[[], bool]
) -> list[_Candidate]:
    """The candidates with their sections merged. When the first one sits under a line that agrees with the
    page's title (an article's <h1> over its dek) and, headed by that line, it absorbs every later
    candidate as a section, the page is one article under its own title."""
    plain = _merge_subheadings(units, [_copy(c) for c in cands], titles, sections)
    if not cands or titles.agrees(units[cands[0].headline].text) or not sections():
        return plain
    top = units[cands[0].headline].text
    if title_case_ratio(top) >= RULES.line_headline_title_case and not _signed(top):
        return plain  # a Title Case headline of its own: an item under a listing's title, not a dek
    title = _agreeing_line_above(units, cands[0], titles)
    if title is None:
        return plain
    first = _copy(cands[0])
    first.header = [*range(title + 1, first.headline + 1), *first.header]
    first.headline = title
    article = _merge_subheadings(units, [first, *(_copy(c) for c in cands[1:])], titles, sections)
    return article if len(article) == 1 else plain


_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_’'.\-]*")


def _signed(text: str) -> bool:
    """A byline alone ('Lucía Saldaña Ortiz'): two to four capitalised words, none of them a small word,
    and nothing else."""
    words = text.split()
    small = _page().small_words
    return RULES.signed_name_min_words <= len(words) <= RULES.signed_name_max_words and all(
        _NAME_WORD.fullmatch(w) and w[0].isupper() and w.casefold() not in small for w in words
    )


def _copy(cand: _Candidate) -> _Candidate:
    """A candidate whose line lists can be extended without touching the original's."""
    return replace(
        cand, header=list(cand.header), body=list(cand.body), contact=list(cand.contact), tail=list(cand.tail)
    )


def _agreeing_line_above(units: list[Unit], cand: _Candidate, titles: _Titles) -> int | None:
    """A line agreeing with the page's title a few header lines above the candidate's headline."""
    for n in range(cand.headline - 1, max(-1, cand.headline - 1 - RULES.header_max_lines), -1):
        unit = units[n]
        if unit.kind == "rule" or _is_prose(unit):
            return None
        if titles.agrees(unit.text) and _could_head(unit) and not _labelled_not_headline(unit.text):
            return n
    return None


def _merge_subheadings(
    units: list[Unit], cands: list[_Candidate], titles: _Titles, sections: Callable[[], bool]
) -> list[_Candidate]:
    """A lower-level heading inside a release ('<h1>Title</h1> … <h3>Background</h3> …') continues it, and
    so does every subheading under the page's own title (an article's sections), unless the page holds
    several releases of its own (a bundle: several candidates with their own contact blocks)."""
    if len(cands) < 2:
        return cands  # nothing to merge: whether the page is an article is not asked
    merged: list[_Candidate] = []
    bundle = not sections() or sum(1 for c in cands if c.contact) >= RULES.bundle_min_contact_blocks
    for cand in cands:
        if merged and (
            _continues(units, merged[-1], cand)
            or (not bundle and _section_of(units, merged[-1], cand, titles))
        ):
            if _in_article_header(units, merged[-1], cand):
                _absorb_header(merged[-1], cand)
            else:
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


def _section_of(units: list[Unit], prev: _Candidate, cand: _Candidate, titles: _Titles) -> bool:
    """`cand` is a section of the article `prev` heads: `prev`'s headline agrees with the page's title,
    `cand`'s does not, and `cand` brings no date or dateline of its own, unless it sits in the article's
    header, before any body worth the name (a byline and its date under the title's dek)."""
    return (
        not prev.contact
        and titles.agrees(units[prev.headline].text)
        and not titles.agrees(units[cand.headline].text)
        and (not _dated_near(units, cand) or _in_article_header(units, prev, cand))
        and not _opens_with_dateline(units, cand)
    )


def _in_article_header(units: list[Unit], prev: _Candidate, cand: _Candidate) -> bool:
    """`cand`'s headline is close under `prev`'s and `prev` has no more than a dek of body so far."""
    return (
        cand.headline - prev.headline <= RULES.article_header_max_lines
        and len(prev.body) <= 1
        and sum(units[n].words for n in prev.body) < RULES.article_dek_max_words
    )


def _dated_near(units: list[Unit], cand: _Candidate) -> bool:
    """A date line in the candidate's header or just above its headline."""
    above = [cand.headline - k for k in range(1, RULES.subheading_date_lookback + 1)]
    return any(date_line(units[n].text) for n in [*cand.header, *above] if n >= 0)


def _absorb_header(prev: _Candidate, cand: _Candidate) -> None:
    """Make `cand` the rest of `prev`'s header: the dek before it, its byline and date line; its body is
    where `prev`'s body starts."""
    prev.header += [*prev.body, cand.headline, *cand.header]
    prev.body = list(cand.body)
    prev.contact, prev.tail, prev.end = list(cand.contact), list(cand.tail), cand.end


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
    if _is_document(units):
        raise PageRejected(
            NoRelease.NO_RELEASE_MARKERS,
            "an operational document (a situation report, a dashboard), not a release",
        )
    titles = _Titles.of(page, units)
    raw = _candidates(units, titles)
    # whether later headings may be an article's sections: asked only when it can change the outcome
    sections = cache(lambda: not _not_an_article(units, raw))
    cands = _article_or_candidates(units, raw, titles, sections)
    context = _page_context(units, cands)
    befores = _lines_before(cands)
    built = [_build(units, cand, context, before, page) for cand, before in zip(cands, befores, strict=True)]
    _retry_siblings(units, cands, befores, built, context, page)
    releases = [r for r in built if r]
    if not releases and not (cands and _not_an_article(units, cands)):  # with candidates or without
        releases = _fallback_release(units, context, page, titles)
    if not releases:
        raise _why_none(units, cands)
    return releases


def _not_an_article(units: list[Unit], cands: list[_Candidate]) -> bool:
    """A page the fallback must leave alone: a teaser listing, or an office page (its Chief of Mission,
    its fax number)."""
    text = "\n".join(u.text for u in units)
    prose = [u for u in units if _is_prose(u)]
    return (
        len(list(islice(_page().office.finditer(text), RULES.office_page_min_markers)))
        >= RULES.office_page_min_markers  # stop at the markers needed: a footer may hold hundreds
        or _is_teaser_listing(units, cands, prose)
        or _is_document(units)
    )


def _is_document(units: list[Unit]) -> bool:
    """An operational document (a situation report, a dashboard) named in its first lines: its contact
    sentence and its dates make it look like news, but it is no release."""
    return any(_page().document_type.match(u.text) for u in units[: RULES.document_type_scan_lines])


def _is_catalogue(units: list[Unit]) -> bool:
    """Two different catalogue fields among the short label lines: a publication entry."""
    fields = "\n".join(u.text for u in units if u.words <= RULES.catalogue_field_max_words)
    return (
        len({m.group(0).lower().rstrip(": ") for m in _page().catalogue.finditer(fields)})
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


def _fallback_release(
    units: list[Unit], context: _PageContext, page: DecodedPage, titles: _Titles
) -> list[Release]:
    """The release of a layout nothing above recognised: one clear article under the page's own title
    (needing no news marker), else the longest prose run if it passes the release tests."""
    article = _article_candidate(units, titles)
    if article is not None:
        before = list(range(max(0, article.headline - RULES.header_lines_before_headline), article.headline))
        release = _build(units, article, context, before, page, sibling=True)
        if release is not None:
            return [release]
    fallback = _fallback_candidate(units)
    if fallback is None:
        return []
    before = list(range(max(0, fallback.headline - RULES.header_lines_before_headline), fallback.headline))
    release = _build(units, fallback, context, before, page)  # a date line may stand above the headline
    return [release] if release else []


def _article_candidate(units: list[Unit], titles: _Titles) -> _Candidate | None:
    """One clear article: a line that agrees with the page's own title (headings first), then a long run
    of prose starting just under it, its sections, captions and promotions between paragraphs skipped."""
    heads = [
        n
        for n, u in enumerate(units)
        if u.kind != "rule"
        and _could_head(u)
        and titles.agrees(u.text)
        and not _labelled_not_headline(u.text)
    ]
    heads.sort(key=lambda n: units[n].kind != "heading")
    for head in heads:
        start = next(
            (
                n
                for n in range(head + 1, min(len(units), head + 1 + RULES.article_header_max_lines))
                if _is_prose(units[n])
            ),
            None,
        )
        if start is None:
            continue
        cand = _Candidate(headline=head, header=list(range(head + 1, start)), end=len(units))
        _fill_article(units, cand, start)
        words = sum(units[n].words for n in cand.body)
        truncated = sum(1 for n in cand.body if _TRUNCATED.search(units[n].text))
        if words >= RULES.article_min_words and truncated < RULES.listing_min_truncated:
            return cand
    return None


_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")  # an excerpt cut short: a listing's teaser


def _fill_article(units: list[Unit], cand: _Candidate, start: int) -> None:
    """Prose from `start` on, across short gaps of other lines (subheadings, captions, ads), up to a
    separator, a long gap or the end; a contact block ends the body."""
    gap = 0
    for n in range(start, len(units)):
        unit = units[n]
        if _is_separator(unit) and unit.kind != "rule":
            return
        if cand.contact or _opens_contact(unit.text):
            if cand.contact and not _contact_like(units, n):
                return
            cand.contact.append(n)
        elif _is_prose(unit):
            cand.body.append(n)
            gap = 0
        else:
            gap += 1
            if gap > RULES.article_max_gap:
                return


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
    """A line that could be a headline; a heading may end a sentence ('… Here’s what it gets wrong.')."""
    return (
        unit.kind != "rule"
        and RULES.fallback_headline_min_words <= unit.words <= RULES.fallback_headline_max_words
        and (unit.kind == "heading" or not _TERMINAL.search(unit.text))
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
