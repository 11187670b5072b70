"""A release's date as evidence: every date candidate with where it came from, then one documented decision.

Candidates come from the release's visible text (its item header, its 'Posted' field, a date line under
or above its headline, the bundle date of a briefing-notes page, its dateline, a date opening its body,
a mail archive's message header) and from what the page says about itself in machine-readable form
(``<time datetime>``, meta tags, JSON-LD, a date in the URL path).

How the date is decided (:func:`decide`):

1. The visible candidates, ranked as the labelling rules rank them: a mirror's "Originally published",
   the item's weekday header, the ``Posted`` field in the release's header, a date line under (then
   above) the headline, a ``Posted`` field further down the release, the bundle date, a date inside the
   dateline, a date alone opening the body, a mail archive's message date. The best-ranked wins; between
   candidates of one rank, the first on the page.
2. Machine-readable dates never date a release on their own (for IOM press pages a date found only in
   meta, JSON-LD or the URL is not the release's: the record's date is then null), and they never
   overrule a visible date that disagrees (a node created as a draft a week before publication). They
   confirm: when two visible candidates of the winning rank disagree, the one a machine-readable date
   agrees with wins.

A day or month in body text, sidebar and related-card dates and relative times never become candidates:
only the lines named above are read, each with the readers of :mod:`iomcrawl.extraction.dates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from iomcrawl.codes import DateSource
from iomcrawl.extraction.dates import (
    date_line,
    email_header_date,
    find_date,
    is_originally_published,
    is_posted_line,
    posted_date,
    weekdays_of,
)
from iomcrawl.extraction.metadata import PageMeta

# the visible sources in the order they are trusted ('posted-late': a Posted field below the body)
_RANK = {
    DateSource.ORIGINALLY_PUBLISHED: 0,
    DateSource.ITEM_HEADER: 1,
    DateSource.POSTED: 2,
    DateSource.DATE_LINE: 3,
    # a Posted field in the release's tail ranks 4 (see DateCandidate.rank)
    DateSource.BUNDLE: 5,
    DateSource.DATELINE: 6,
    DateSource.BODY_PREFIX: 7,
    DateSource.EMAIL_HEADER: 8,
}
MACHINE_SOURCES = frozenset({DateSource.TIME_ELEMENT, DateSource.META, DateSource.JSON_LD, DateSource.URL})

_ISO_PREFIX = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$)")
_WEEKDAY_HEADER = re.compile(r"(?<![^\W\d_])(?P<wd>[^\W\d_]{2,12})\.?,?\s+\d{1,2}/\d{1,2}/(?:19|20)\d{2}")
# the fields of a mail message ('From:' and 'Subject:' or 'To:'), anywhere in a line of a mail archive page
_MAIL_FROM = re.compile(r"(?:^|\s)(?:From|De|Von|Da|От|من)\s*:", re.I)
_MAIL_OTHER = re.compile(
    r"(?:^|\s)(?:To|Subject|Para|Asunto|À|Objet|An|Betreff|A|Oggetto|Assunto|Кому|Тема)\s*:", re.I
)
_MAIL_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")


@dataclass(frozen=True)
class DateCandidate:
    """One date found for a release, with where it was read and the text it was read from."""

    value: date
    source: DateSource
    text: str
    late: bool = False  # a field below the body: trusted after the date lines near the headline

    @property
    def rank(self) -> int:
        if self.source in MACHINE_SOURCES:
            return 100
        if self.source in (DateSource.POSTED, DateSource.ORIGINALLY_PUBLISHED) and self.late:
            return 4  # a field below the body (a related item's 'Originally published' too) comes after
        return _RANK[self.source]


@dataclass(frozen=True)
class DateDecision:
    """The release's date and its source (both None when no visible source dates it), and the evidence."""

    value: date | None = None
    source: DateSource | None = None
    confirmed_by: tuple[DateSource, ...] = ()  # machine-readable sources that agree with the value
    candidates: tuple[DateCandidate, ...] = ()

    @property
    def iso(self) -> str | None:
        return self.value.isoformat() if self.value else None


def _is_item_header(text: str) -> bool:
    """A numeric date led by a weekday: 'Tue, 04/10/2018 - 09:20', 'IOM - News - Ven, 03/17/2017'."""
    return any(weekdays_of(m["wd"]) for m in _WEEKDAY_HEADER.finditer(text))


def line_candidates(
    lines: Sequence[str], *, max_other_words: int = 4, late: bool = False
) -> list[DateCandidate]:
    """The dates of a release's header lines (under or above its headline), each with its source."""
    found = []
    for n, text in enumerate(lines):
        if is_originally_published(text):
            for value_line in lines[n : n + 2]:
                if hit := find_date(value_line):
                    found.append(
                        DateCandidate(hit[0], DateSource.ORIGINALLY_PUBLISHED, value_line, late=late)
                    )
                    break
            continue
        if is_posted_line(text):
            if (value := posted_date(text)) is not None:
                found.append(DateCandidate(value, DateSource.POSTED, text, late=late))
            continue
        if late:
            continue  # below the body only a labelled field is the release's
        if (value := date_line(text, max_other_words)) is not None:
            source = DateSource.ITEM_HEADER if _is_item_header(text) else DateSource.DATE_LINE
            found.append(DateCandidate(value, source, text))
    return found


def bundle_candidates(value: date | None, text: str, *, several: bool) -> list[DateCandidate]:
    """The date a page prints once above its releases: a bundle's when it has several, else a date line."""
    if value is None:
        return []
    return [DateCandidate(value, DateSource.BUNDLE if several else DateSource.DATE_LINE, text)]


def dateline_candidates(value: date | None, place: str | None, text: str) -> list[DateCandidate]:
    """The date written in the dateline ('Tegucigalpa, 14 de marzo de 2019 – '), or alone opening the body."""
    if value is None:
        return []
    return [DateCandidate(value, DateSource.DATELINE if place else DateSource.BODY_PREFIX, text)]


def email_dates(lines: Sequence[str]) -> list[tuple[int, date, str]]:
    """(line index, date, line) of each message date of a mail archive page. Only a page with mail header
    fields (From:, Subject: …) has them, and only a header with a time of day counts, so a web page's
    'Date:' field is not taken for one."""
    fields = [text for text in lines if ":" in text]  # a cheap test first: every header field has its colon
    mail = any(_MAIL_FROM.search(text) for text in fields) and any(
        _MAIL_OTHER.search(text) for text in fields
    )
    if not mail:
        return []
    found = []
    for n, text in enumerate(lines):
        if len(text) <= 300 and _MAIL_TIME.search(text) and (value := email_header_date(text)) is not None:
            found.append((n, value, text))
    return found


def email_candidates(
    dates: Sequence[tuple[int, date, str]], headline: int, header: Iterable[int] = ()
) -> list[DateCandidate]:
    """The date of the message a release was sent in: the last message date above its headline, else one in
    its header lines (a mail archive's subject heading stands above the message's date line)."""
    lines = set(header)
    above = [(value, text) for n, value, text in dates if n < headline]
    under = [(value, text) for n, value, text in dates if n in lines]
    chosen = above[-1] if above else under[0] if under else None
    return [DateCandidate(chosen[0], DateSource.EMAIL_HEADER, chosen[1])] if chosen else []


def _iso_date(value: str) -> date | None:
    match = _ISO_PREFIX.match(value)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def machine_candidates(meta: PageMeta, url: str) -> list[DateCandidate]:
    """The page's machine-readable publication dates: <time datetime>, meta tags, JSON-LD, the URL path."""
    found = []
    for where, written in meta.published:
        source = (
            DateSource.TIME_ELEMENT
            if where == "time"
            else DateSource.JSON_LD
            if where == "json-ld"
            else DateSource.META
        )
        if (value := _iso_date(written)) is not None:
            found.append(DateCandidate(value, source, f"{where}: {written}"))
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    for match in _URL_DATE.finditer(path):
        try:
            found.append(
                DateCandidate(date(int(match["y"]), int(match["m"]), int(match["d"])), DateSource.URL, url)
            )
        except ValueError:
            continue
    return found


def decide(candidates: Iterable[DateCandidate]) -> DateDecision:
    """The release's date from its candidates, as the module docstring describes."""
    every = tuple(candidates)
    visible = [c for c in every if c.source not in MACHINE_SOURCES]
    machine = [c for c in every if c.source in MACHINE_SOURCES]
    if not visible:
        return DateDecision(candidates=every)
    best = min(c.rank for c in visible)
    tied = [c for c in visible if c.rank == best]
    machine_values = {c.value for c in machine}
    winner = next((c for c in tied if c.value in machine_values), tied[0]) if len(tied) > 1 else tied[0]
    source = winner.source
    if source is DateSource.DATE_LINE and any(
        c.source is DateSource.BUNDLE and c.text == winner.text for c in visible
    ):
        source = DateSource.BUNDLE  # the first item of a bundle sees the bundle line just above it
    confirmed = tuple(dict.fromkeys(c.source for c in machine if c.value == winner.value))
    return DateDecision(value=winner.value, source=source, confirmed_by=confirmed, candidates=every)
