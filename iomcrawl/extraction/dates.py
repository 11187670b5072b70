"""Publication dates from header lines, with the traps of legacy IOM pages handled.

Month-first headers (``Fri, 08/03/2018 - 09:20``) are checked against their weekday, in English,
Italian, German, French or Spanish; a month without a day, a relative time (``2 hours ago``) and a
day/month aside in body text (``(22/05)``) are never dates.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from dateutil import parser as dateparser

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # fr
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # it
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    # de
    "januar": 1, "februar": 2, "marz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
}  # fmt: skip
_WEEKDAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "lun": 0, "mar": 1, "mer": 2, "gio": 3, "ven": 4, "sab": 5, "dom": 6,  # it
    "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,  # de
    "lu": 0, "ma": 1, "me": 2, "je": 3, "ve": 4, "sam": 5, "dim": 6, "jeu": 3, "mie": 2, "jue": 3, "vie": 4,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTH_WORD = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_NUMERIC = re.compile(
    r"(?:\b(?P<wd>[A-Za-zÀ-ÿ]{2,9})\.?,?\s+)?\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})\b"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th|º)?\.?\s+(?:de\s+)?(?P<m>{_MONTH_WORD}),?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d{{2}})\b"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_WORD})[\s-]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|-|\s+)(?P<y>(?:19|20)\d{{2}})\b"
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_RELATIVE = re.compile(r"\b(?:ago|fa|il y a|hace|vor)\b|\bmin\b", re.I)
_POSTED = re.compile(
    r"\b(?:Posted|Publié|Publicado|Pubblicato|Veröffentlicht)\b\s*(?:on|le|el|il|am)?\s*:?", re.I
)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in word if not unicodedata.combining(c))


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric(match: re.Match[str]) -> date | None:
    a, b, y = int(match["a"]), int(match["b"]), int(match["y"])
    us, eu = _make(y, a, b), _make(y, b, a)
    weekday = _WEEKDAYS.get(_fold(match["wd"])) if match["wd"] else None
    if weekday is not None:
        for candidate in (us, eu):
            if candidate and candidate.weekday() == weekday:
                return candidate
        return None
    if us and eu and us != eu:
        return us if b > 12 else None  # ambiguous without a weekday
    return us or eu


def _english(text: str) -> date | None:
    """dateutil for what it reads well; a sentinel default shows when the day was missing."""
    try:
        first = dateparser.parse(text, default=dateparser.parse("1900-01-01"))
        second = dateparser.parse(text, default=dateparser.parse("1904-02-02"))
    except (ValueError, OverflowError):
        return None
    if first.day != second.day or first.year != second.year:
        return None
    return first.date()


@lru_cache(maxsize=4096)
def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first full date written in `text` (day, month and year all present)."""
    if _RELATIVE.search(text) and not re.search(r"(?:19|20)\d{2}", text):
        return None
    found = []
    for pattern in (_NUMERIC, _DAY_MONTH, _MONTH_DAY, _ISO):
        for match in pattern.finditer(text):
            if pattern is _NUMERIC:
                value = _numeric(match)
            elif pattern is _ISO:
                value = _make(int(match["y"]), int(match["m"]), int(match["d"]))
            else:
                month = _MONTHS.get(_fold(match["m"]))
                if month:
                    value = _make(int(match["y"]), month, int(match["d"]))
                else:  # a spelling our table lacks ('Sept.', 'Febr.'): let dateutil try
                    value = _english(match.group(0).replace("-", " "))
            if value:
                found.append((match.start(), value, match))
                break
    if not found:
        return None
    _, value, match = min(found, key=lambda item: item[0])
    return value, match


@lru_cache(maxsize=4096)
def is_posted_line(text: str) -> bool:
    return bool(_POSTED.search(text))


@lru_cache(maxsize=4096)
def date_line(text: str, max_other_words: int = 4) -> date | None:
    """A date when `text` is a header line: the date plus at most a few other words (weekday, time, byline)."""
    if len(text) > 160:
        return None
    hit = find_date(text)
    if not hit:
        return None
    value, match = hit
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    rest = re.sub(r"\b\d{1,2}[:h]\d{2}\b|[-–—|,.:()]", " ", rest)
    rest_words = [w for w in rest.split() if _fold(w) not in _WEEKDAYS]
    return value if len(rest_words) <= max_other_words else None
