"""The dateline at the start of a release body: ``Cairo – ``, ``Nairobi/Geneva – ``, ``Cotabato City (IOM) – ``,
``Rome, 30 July 2019 – ``, ``Yemen - ``. The place goes to `dateline`, a date written there is kept
as a fallback publication date, and the body starts after the dash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from iomcrawl.extraction.dates import find_date
from iomcrawl.extraction.places import region_for_place
from iomcrawl.extraction.rules import RULES
from iomcrawl.extraction.vocabulary import every
from iomcrawl.extraction.vocabulary import people as people_words
from iomcrawl.extraction.vocabulary.dates import PATTERNS


def _ungrouped(pattern: str) -> str:
    """A pattern's text with its named groups made plain, to embed it in a larger pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_UPPER = "A-ZÀ-ÝĀ-ŽА-ЯЁ"
_WORD = rf"(?:[{_UPPER}][\w’'.\-]*|[{_UPPER}]{{2,}})"
_JOIN = r"(?:de|del|da|do|dos|du|des|la|le|les|el|of|and|et|y|al|an|am|upon|on|sur|en|di|d’|d')"
_PLACE = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD}){{0,3}}"
_DATEISH = (  # a written date ('26 de febrero de 2019', '12 мая 2016 г.', 'March 3, 2020'), or a day and month
    rf"(?i:{_ungrouped(PATTERNS.day_month_year.pattern)}|{_ungrouped(PATTERNS.month_day_year.pattern)}|"
    rf"\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}}|\d{{1,2}}\.?\s+(?:{PATTERNS.month_word})\.?(?![^\W\d_]))"
)
# A wire service's tag: 'BEIRUT (Reuters) -', 'MARSABIT, Kenya (CP) —', 'Madrid, 8 oct (EFE).-',
# '(ANSA) - ROMA, 19 LUG -'.
_SOURCE = r"\([^()]{1,40}\)"
_DATELINE = re.compile(
    rf"""^(?P<lead>
        (?:{_SOURCE}\s*-{{1,2}}\s*)?
        (?:(?P<predate>{_DATEISH})(?:,\s*|\s+-{{1,2}}\s+|\s*[–—]\s*))?
        (?P<place>{_PLACE}(?:\s*{_SOURCE})?(?:\s*/\s*{_PLACE}(?:\s*{_SOURCE})?)+|{_PLACE})
        (?:\s*\((?P<src>[^()]{{1,40}})\))?
        (?:,\s*(?P<region>{_PLACE}(?:\s+[a-zà-ÿа-яё]+){{0,2}}))?
        (?:,?\s+(?:(?:le|el|den|am)\s+)?(?P<date>{_DATEISH}))?
        (?:\s*(?P<tag>{_SOURCE}))?
    )\s*(?P<sep>\.?\s*[–—]+|\.?\s-{{1,2}}\s|\.?-{{1,2}}\s|/\s*-{{1,2}}|:\s|\.\s)\s*(?=\S)""",
    re.X,
)
_DATE_ONLY = re.compile(rf"^(?P<date>{_DATEISH})\s*(?:[–—]+|\s-{{1,2}}\s)\s*(?=\S)")
# scripts without capitals (Arabic): one to three words before a dash, with an optional date after a comma
_CASELESS_WORD = r"[\u0621-\u064A\u066E-\u06D3]+"
_CASELESS_DATELINE = re.compile(
    rf"^(?P<place>{_CASELESS_WORD}(?:\s+{_CASELESS_WORD}){{0,2}})(?:\s*[،,]\s*(?P<date>[^–—]{{4,40}}?))?"
    rf"\s*(?:[–—]+|\s-{{1,2}}\s)\s*(?=\S)"
)
# a Chinese wire dateline: agency and city, day and month, '电' (cabled), then the reporter in brackets
# ('新华社北京4月17日电（记者 王某）'); agency and city are written together, so no place is taken from it
_WIRE_DATELINE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?\d{1,2}月\d{1,2}日电(?:[ \t]*[（(][^（）()\n]{0,40}[）)])?[ \t]*(?=\S)"
)
_PLACE_ONLY = re.compile(rf"^(?P<place>{_WORD}(?:\s+{_WORD})?)\s+(?=(?:IOM|OIM|UN|The|La|Le|El|L’|L')\b)")
_NOT_PLACES = {
    "IOM",
    "OIM",
    "UN",
    "EU",
    "UNHCR",
    "The",
    "La",
    "Le",
    "El",
    "Les",
    "Los",
    "Las",
    "In",
    "On",
    "At",
    "A",
    "An",
    "This",
    "Today",
}


def _known(place: str, sep: str) -> bool:
    """'Erfurt/Berlin. Die IOM …': a full stop ends a dateline of several places, one of them known (a
    wrapped line 'Cameroon and Bangladesh. Many …' is no dateline)."""
    return sep == "." and "/" in place and any(region_for_place(part.strip()) for part in place.split("/"))


def _could_be_place(place: str) -> bool:
    """Not an article or an organisation before the dash; an article may open a place's name when a
    capitalised word follows it ('Les Cayes', 'El Salvador', 'The Hague'), but not 'La OIM'."""
    words = place.split()
    if words[0] not in _NOT_PLACES:
        return True
    return len(words) > 1 and words[1] not in _NOT_PLACES and words[0] in _ARTICLES


_ARTICLES = frozenset(word.capitalize() for word in every(people_words.DEFINITE_ARTICLES) if len(word) > 1)


@dataclass(frozen=True)
class Dateline:
    place: str | None
    date: date | None
    end: int  # where the body text starts


def opens_with_place(paragraph: str) -> bool:
    """Whether the paragraph opens with a place's dateline ('Abidjan - L’OIM …'), not a date alone."""
    return bool((dateline := split_dateline(paragraph)) and dateline.place)


@lru_cache(maxsize=4096)  # a paragraph is asked about several times (headline above? body start?)
def split_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, read from its first characters only (a dateline is short, and a
    bounded prefix keeps the patterns fast on long hostile text)."""
    paragraph = paragraph[: RULES.dateline_scan_chars]
    match = _DATELINE.match(paragraph)
    if match:
        place = match["place"].strip()
        sep = match["sep"].strip(" .") or match["sep"].strip()
        if (
            _could_be_place(place)
            and len(place) <= 80
            and not (
                sep in (":", ".")
                and not (match["date"] or match["src"] or match["tag"] or _known(place, sep))
            )
        ):
            written = match["date"] or match["predate"]
            found = find_date(written) if written else None
            if match["region"]:  # 'Бохтар, Хатлонская область': every place written before the dash
                place = f"{place}, {' '.join(match['region'].split())}"
            return Dateline(place=place, date=found[0] if found else None, end=match.end())
    match = _CASELESS_DATELINE.match(paragraph)
    if match:
        found = find_date(match["date"]) if match["date"] else None
        if found or not match["date"]:
            return Dateline(place=match["place"], date=found[0] if found else None, end=match.end())
    match = _WIRE_DATELINE.match(paragraph)
    if match:
        return Dateline(place=None, date=None, end=match.end())
    match = _PLACE_ONLY.match(paragraph)
    if match and region_for_place(match["place"]) and match["place"].split()[0] not in _NOT_PLACES:
        return Dateline(place=match["place"], date=None, end=match.end())  # 'Jakarta IOM and the ...'
    match = _DATE_ONLY.match(paragraph)
    if match:
        found = find_date(match["date"])
        if found:
            return Dateline(place=None, date=found[0], end=match.end())
    return None
