"""Publication dates written in text, with the traps of legacy IOM pages handled.

Every word comes from :mod:`iomcrawl.extraction.vocabulary.dates` (months, weekdays, labels, in eight
languages). Forms read: ``14 June 2022``, ``14. Juni 2022``, ``26 de febrero de 2019``, ``12 мая 2016 г.``,
``March 12, 2019``, ``2019-03-12``, ``2019/03/12``, ``06.04.2010`` (dotted dates are day first in every
language that writes them), and slashed ``MM/DD/YYYY`` / ``DD/MM/YYYY``. A slashed date is read in the
order its weekday confirms (``Fri, 08/03/2018 - 09:20`` is 3 August: 8 March 2018 was a Thursday);
without a weekday, only the order in which it is a valid date, and none when both are. A month without a
day, a relative time (``2 hours ago``), a day/month aside (``(22/05)``) and a modification date
(``Last updated: 12/03/2002``) are never dates.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate
from functools import lru_cache

from iomcrawl.extraction.vocabulary.dates import PATTERNS, DatePatterns, fold

# Arabic-Indic and Eastern Arabic-Indic digits read as ASCII (one character for one: offsets hold)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_A_YEAR = re.compile(r"(?:19|20)\d{2}")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_YEAR_FIRST = re.compile(r"(?<![\d/.])(?P<y>(?:19|20)\d{2})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/.])")
_DOTTED = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?{_YEAR}(?!\.\d)")
_TIME = re.compile(r"\b\d{1,2}[:h.]\d{2}(?::\d{2})?\b|\b[AaPp]\.?[Mm]\.?\b")
_PUNCT = re.compile(r"[-–—|,.:;()\[\]/·•]")


def _numeric_pattern(patterns: DatePatterns) -> re.Pattern[str]:
    weekday = rf"(?<![^\W\d_])(?P<wd>{patterns.weekday_word})(?![^\W\d_])"
    return re.compile(rf"(?:{weekday}\.?,?\s+)?(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}", re.I)


_NUMERIC = _numeric_pattern(PATTERNS)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def weekdays_of(word: str, patterns: DatePatterns = PATTERNS) -> frozenset[int]:
    """The weekdays a written weekday name may mean (empty when it is none)."""
    return patterns.weekdays.get(fold(word), frozenset())


def _numeric(match: re.Match[str], patterns: DatePatterns) -> date | None:
    a, b, y = int(match["a"]), int(match["b"]), int(match["y"])
    us, eu = _make(y, a, b), _make(y, b, a)
    days = weekdays_of(match["wd"], patterns) if match["wd"] else frozenset()
    if days:
        for candidate in (us, eu):  # US order first: the Drupal default that writes weekday headers
            if candidate and candidate.weekday() in days:
                return candidate
        return None
    if us and eu and us != eu:
        return None  # ambiguous without a weekday
    return us or eu


def _spelled(match: re.Match[str], patterns: DatePatterns) -> date | None:
    month = patterns.months.get(fold(match["m"]))
    return _make(int(match["y"]), month, int(match["d"])) if month else None


def _numbers(match: re.Match[str], _: DatePatterns) -> date | None:
    return _make(int(match["y"]), int(match["m"]), int(match["d"]))


def _readers(patterns: DatePatterns) -> tuple:
    numeric = _NUMERIC if patterns is PATTERNS else _numeric_pattern(patterns)
    return (
        (numeric, _numeric),
        (_DOTTED, _numbers),
        (patterns.day_month_year, _spelled),
        (patterns.month_day_year, _spelled),
        (patterns.asctime, _spelled),
        (_ISO, _numbers),
        (_YEAR_FIRST, _numbers),
    )


def find_date_in(text: str, patterns: DatePatterns) -> tuple[date, re.Match[str]] | None:
    """The first full date written in `text` (day, month and year all present), read with `patterns`."""
    text = text.translate(_DIGITS)
    if not _A_YEAR.search(text):
        return None  # every reader needs a four-digit year: most lines have none, and skip the readers
    found = []
    for pattern, read in _readers(patterns):
        for match in pattern.finditer(text):
            value = read(match, patterns)
            if value:
                found.append((match.start(), value, match))
                break
    if not found:
        return None
    _, value, match = min(found, key=lambda item: item[0])
    return value, match


@lru_cache(maxsize=4096)
def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first full date written in `text` (day, month and year all present)."""
    return find_date_in(text, PATTERNS)


def _posted_label(text: str) -> re.Match[str] | None:
    """A 'Posted' / 'Publié le' / 'Опубликовано' label: capitalised (or caseless), not 'notice posted …' prose."""
    return next((m for m in PATTERNS.posted.finditer(text) if not m.group(0)[0].islower()), None)


@lru_cache(maxsize=4096)
def is_posted_line(text: str) -> bool:
    return _posted_label(text) is not None


@lru_cache(maxsize=4096)
def posted_date(text: str) -> date | None:
    """The date written after the line's 'Posted' label (a date printed before the label is not read)."""
    label = _posted_label(text)
    hit = find_date(text[label.end() :]) if label else None
    return hit[0] if hit else None


@lru_cache(maxsize=4096)
def is_originally_published(text: str) -> bool:
    """A mirror's 'Originally published' / 'Publication date' label opening the line."""
    return bool(PATTERNS.originally.match(text))


@lru_cache(maxsize=4096)
def is_last_updated(text: str) -> bool:
    """A modification-date label ('Last updated', 'Zuletzt aktualisiert'): that date is not the release's."""
    return bool(PATTERNS.last_updated.search(text))


@lru_cache(maxsize=4096)
def email_header_date(text: str) -> date | None:
    """The date of an e-mail header line ('Date: Tue, 14 Mar 2017 …', 'Sent: Thursday, October 20, 2005 …')
    or of a mail archive's message line ('… Thu Oct 20 14:31:07 CEST 2005')."""
    header = PATTERNS.email_header.match(text)
    if header:
        rest = text[header.end() :]
        parsed = parsedate(rest.strip())
        if parsed and parsed[0] >= 1900 and (value := _make(parsed[0], parsed[1], parsed[2])):
            return value
        hit = find_date(rest[:80])
        return hit[0] if hit and hit[1].start() <= 15 else None
    asctime = PATTERNS.asctime.search(text.translate(_DIGITS))
    return _spelled(asctime, PATTERNS) if asctime else None


_FIELD_SEPARATOR = re.compile(r"[|·•]")  # 'Source: … – Fri, 06/05/2020 · Updated 2 days ago'


@lru_cache(maxsize=4096)
def date_line(text: str, max_other_words: int = 4) -> date | None:
    """A date when `text` is a header line: the date plus at most a few other words (weekday, time, byline).

    A line of ``|``-separated fields (``Friday, 20 March 2015 | Palais des Nations, Geneva | Spokesperson: …``)
    is a date line when one of its fields is. A modification date ('Last updated: …') is none."""
    if "|" in text or "·" in text or "•" in text:
        for part in _FIELD_SEPARATOR.split(text):
            if (value := date_line(part.strip(), max_other_words)) is not None:
                return value
        return None
    if len(text) > 160 or is_last_updated(text):
        return None
    hit = find_date(text)
    if not hit:
        return None
    value, match = hit
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    rest = _PUNCT.sub(" ", _TIME.sub(" ", rest))
    rest_words = [w for w in rest.split() if not weekdays_of(w)]
    return value if len(rest_words) <= max_other_words else None
