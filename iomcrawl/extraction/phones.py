"""Find phone numbers in release text and normalise them to E.164.

Contact blocks in legacy IOM releases write numbers in many ways: ``+ 93 (0) 700 066 041``,
``00 41 79 285 43 17``, ``+202-27361498``, ``Tel.: (5982) 916-8043 / 8058``, numbers broken by a
hard wrap, extensions in brackets. libphonenumber's matcher does the parsing. This module prepares the
text so the matcher sees these forms, adds the passes it lacks (numbers from old numbering plans,
slash-shared alternates, bracketed extensions, hard wraps), and reads Tel/Mobile/Fax from the label,
because the number itself cannot say whether it is a fax.

Plain Python, no Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberFormat, PhoneNumberMatcher

from iomcrawl.extraction.places import region_for_place
from iomcrawl.extraction.vocabulary import contacts as contact_words

__all__ = ["PhoneHit", "find_phones", "phone_region"]


@dataclass(frozen=True)
class PhoneHit:
    """One phone number as written and as E.164."""

    e164: str
    raw: str
    kind: str | None
    extension: str | None
    valid: bool
    start: int
    end: int


# --------------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------------


# The labels come from the contact vocabulary, longest first, so 'Mobile phone' reads as mobile and
# 'Telephone' is not cut to 'phone'. Single letters count only as 'T:', 'M:', 'F:' (capital, colon) so
# 'a.m:' or 'F-16' never do; 'Tel Aviv' is a city.
def _label_re() -> re.Pattern[str]:
    words = contact_words.patterns()
    return _compiled_labels(words.mobile_label, words.fax_label, words.phone_label)


@lru_cache(maxsize=4)
def _compiled_labels(mobile: str, fax: str, phone: str) -> re.Pattern[str]:
    return re.compile(
        rf"""(?<![^\W\d_])(?:
            (?P<mobile>{mobile}|(?-i:M)(?=[ \t]*:))
          | (?P<fax>{fax}|(?-i:F)(?=[ \t]*:))
          | (?P<tel>(?!tel[ \t]+aviv){phone}|(?-i:T)(?=[ \t]*:))
        )(?![^\W\d_])""",
        re.I | re.X,
    )


_LABEL_WINDOW = 25  # the label must end this close to the number
_LABEL_LOOKBACK = 60  # how far back to start reading, so a label is never cut in half


def _label_before(text: str, start: int) -> tuple[str | None, int]:
    """(kind, label end) of the nearest label before `start` on the same line, or (None, -1)."""
    line_start = text.rfind("\n", 0, start) + 1
    begin = max(line_start, start - _LABEL_LOOKBACK)
    kind: str | None = None
    label_end = -1
    for m in _label_re().finditer(text, begin, start):
        if m.end() >= start - _LABEL_WINDOW:
            kind = m.lastgroup
            label_end = m.end()
    return kind, label_end


# --------------------------------------------------------------------------------------------------
# Preparing the text for the matcher (every rewrite keeps the length, so offsets stay true)
# --------------------------------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069\u00a0\u202f\u2007]")
# '00 41 ...' / '0041 ...': the international prefix used in Europe and Africa; as '+' the matcher
# needs no region for it.
# Not when a digit group comes just before ('022 700 00 41' is one national number).
_DOUBLE_ZERO_RE = re.compile(r"(?<![\w+])(?<!\d[ \t.\-/])(?<!\d\))00(?=[ \t]?[1-9])")
# '/ 8058' or '/12' after a number: an alternate that shares all but its last digits.
# Not a day of a date ('... 91 11 / 12 March 2018').
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[ée]v|avr|mai|juin|juil|ao[uû]|d[ée]c|ene|abr|ago|dic)"
_ALTERNATE_RE = re.compile(
    rf"(?<=\d)[ \t]*/[ \t]*(\d{{1,4}})(?![\d/.\-]|[ \t]*\d|[ \t]+{_MONTHS}[a-zéû]*\.?(?![^\W\d_]))", re.I
)
# A newline inside a number: '+41 22\n717 9361'.
_WRAP_RE = re.compile(r"(?<=\d)[ \t]*\r?\n[ \t]*(?=[\d(])")
_PHONE_RUN_RE = re.compile(r"[\d \t().\-+]+$")
_MIN_PRIMARY_DIGITS = 6


@dataclass(frozen=True)
class _Alternate:
    slash_start: int
    start: int
    end: int
    digits: str


def _prepare(text: str) -> tuple[str, list[_Alternate]]:
    work = _INVISIBLE_RE.sub(" ", text)
    work = _DOUBLE_ZERO_RE.sub("+ ", work)
    alternates: list[_Alternate] = []
    chars = list(work)
    for m in _ALTERNATE_RE.finditer(work):
        before = _PHONE_RUN_RE.search(work, max(0, m.start() - 30), m.start())
        if before is None or sum(ch.isdigit() for ch in before.group(0)) < _MIN_PRIMARY_DIGITS:
            continue  # '12/03', '2012/13': not a number with an alternate
        alternates.append(_Alternate(m.start(), m.start(1), m.end(1), m.group(1)))
        chars[m.start() : m.end()] = " " * (m.end() - m.start())  # the matcher would glue it on
    return "".join(chars), alternates


# --------------------------------------------------------------------------------------------------
# Guards for numbers written without a country code
# --------------------------------------------------------------------------------------------------

_YEAR_RANGE_RE = re.compile(r"^\(?(?:19|20)\d\d\)?(?:\s*[-–—/]\s*|\s+)\(?(?:19|20)?\d\d\)?$")
_DATE_RE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$")
_MONEY_BEFORE_RE = re.compile(r"(?:ISBN|ISSN|USD|US\$|EUR|CHF|GBP|\$|€|£|¥)[-:\s]*(?:\d{1,3}[ ,.])?$", re.I)
_AFTER_RE = re.compile(
    r"^\s*(?:%|per\s?cent|pour\s?cent|por\s?ciento|million|billion|millions|milliards?)", re.I
)


def _looks_like_other_number(text: str, start: int, end: int) -> bool:
    """Years, dates, prices, ISBNs and percentages that a regional parse might take for a phone."""
    raw = text[start:end].strip()
    if _YEAR_RANGE_RE.match(raw) or _DATE_RE.match(raw):
        return True
    if _MONEY_BEFORE_RE.search(text[max(0, start - 12) : start]):
        return True
    return bool(_AFTER_RE.match(text[end : end + 12]))


def _international(text: str, start: int) -> bool:
    """True when the number as written starts with '+' or the '00' prefix."""
    raw = text[start : start + 4].lstrip("( \t")
    return raw.startswith(("+", "00", "＋"))


# --------------------------------------------------------------------------------------------------
# Extensions the matcher misses
# --------------------------------------------------------------------------------------------------

_EXTENSION_RE = re.compile(
    r"[ \t]*+[,;]?+[ \t]*+(\()?+[ \t]*+(?:ext(?:ension)?|x|poste|anexo|ext)\.?+[ \t]*+[:.]?+[ \t]*+(\d{1,6})"
    r"(?(1)[ \t]*+\))",  # possessive: a run of blanks is taken once, never split between the [ \t]*
    re.I,
)


# --------------------------------------------------------------------------------------------------
# The passes
# --------------------------------------------------------------------------------------------------


@dataclass
class _Found:
    number: PhoneNumber
    start: int
    end: int
    valid: bool


def _canonical(number: PhoneNumber) -> tuple[str, bool] | None:
    """(E.164, valid) read back from the E.164 string itself, or None when not even possible.

    The matcher's number object can keep a stray trunk zero from odd input ('0054 0 11...'), so
    its E.164 string would not parse back to itself; one more round trip makes the pair consistent.
    E.164 never carries the extension.
    """
    return _canonical_e164(phonenumbers.format_number(number, PhoneNumberFormat.E164))


@lru_cache(maxsize=1024)  # a release's office numbers recur on page after page
def _canonical_e164(e164: str) -> tuple[str, bool] | None:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), phonenumbers.is_valid_number(number)


def _overlaps(found: list[_Found], start: int, end: int) -> list[_Found]:
    return [f for f in found if f.start < end and start < f.end]


def _matcher(work: str, region: str | None, leniency: int) -> list[_Found]:
    """libphonenumber's matcher, run only around runs of digits: its pattern is costly on long prose."""
    out = []
    for lo, hi in _digit_windows(work):
        for m in PhoneNumberMatcher(work[lo:hi], region, leniency=leniency):
            out.append(_Found(m.number, lo + m.start, lo + m.end, phonenumbers.is_valid_number(m.number)))
    return out


# Characters kept on each side of a run of digits: more than any number's prefix, separators and extension.
_WINDOW_MARGIN = 64
_SPACE = re.compile(r"\s")


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Spans around every run of seven or more digits, widened to whole words (the matcher looks at the
    characters next to a number) and merged where they meet."""
    windows: list[tuple[int, int]] = []
    for run in _PHONE_HINT.finditer(text):
        lo = max(0, run.start() - _WINDOW_MARGIN)
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0
        after = _SPACE.search(text, min(len(text), run.end() + _WINDOW_MARGIN))
        hi = after.start() if after else len(text)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _accept_national(text: str, f: _Found, region: str | None) -> bool:
    """Numbers without + or 00 came from `region`; refuse the ones that are plainly something else."""
    if _international(text, f.start):
        return True
    if region is None:
        return False
    return not _looks_like_other_number(text, f.start, f.end)


# '(5982) 916-8043': country code and area code in brackets, the plus left out.
_LABELLED_NUMBER_RE = re.compile(r"[ \t:.\-–]*(\([1-9]\d{3,4}\)[ \t.\-]*\d[\d \t.\-]{3,}\d)")


def _labelled_without_region(text: str, work: str, taken: list[_Found]) -> list[_Found]:
    """'Tel.: (5982) 916-8043' with no region: read the bracketed group as country + area code.

    Narrow on purpose: a bracketed group of 4-5 digits is not a North American area code, so a
    labelled '(202) 862-1826' is never mistaken for an Egyptian number.
    """
    out: list[_Found] = []
    for label in _label_re().finditer(work):
        m = _LABELLED_NUMBER_RE.match(work, label.end())
        if not m:
            continue
        start, end = m.start(1), m.end(1)
        if _overlaps(taken, start, end) or _looks_like_other_number(text, start, end):
            continue
        digits = re.sub(r"\D", "", m.group(1))
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            out.append(_Found(number, start, end, True))
    return out


def _wrapped(work: str, region: str | None, taken: list[_Found]) -> list[_Found]:
    """Numbers split by a hard wrap, kept only when valid and not already found on one line."""
    joins = [m.span() for m in _WRAP_RE.finditer(work)]
    if not joins:
        return []
    chars = list(work)
    for s, e in joins:
        chars[s:e] = " " * (e - s)
    joined = "".join(chars)
    out = []
    for f in _matcher(joined, region, Leniency.VALID):
        spans_join = any(f.start < s and e <= f.end for s, e in joins)
        if not (spans_join and f.valid and _accept_national(work, f, region)):
            continue
        if not any(t.valid for t in _overlaps(taken, f.start, f.end)):
            out.append(f)
    return out


def _alternate_hits(text: str, primary: PhoneHit, number: PhoneNumber, alt: _Alternate) -> PhoneHit | None:
    national = str(number.national_number)
    if len(alt.digits) >= len(national):
        return None
    swapped = national[: -len(alt.digits)] + alt.digits
    try:
        other = phonenumbers.parse(f"+{number.country_code}{swapped}", None)
    except phonenumbers.NumberParseException:
        return None
    canonical = _canonical(other)
    if canonical is None:
        return None
    return PhoneHit(
        e164=canonical[0],
        raw=text[alt.start : alt.end],
        kind=primary.kind,
        extension=None,
        valid=canonical[1],
        start=alt.start,
        end=alt.end,
    )


_INTERNATIONAL_START = re.compile(r"(?:\+|\b00)\s*\d")
_PHONE_HINT = re.compile(r"\d(?:[\s().\-/\u00a0]{0,3}\d){6}")


def find_phones(text: str, region: str | None = None) -> list[PhoneHit]:
    """Every phone number in the text, in order, deduplicated by E.164.

    Numbers that are possible but not valid under today's metadata (old numbering plans) are kept
    with ``valid=False``. A number with no country code needs a label or `region`.
    """
    if not _PHONE_HINT.search(text):
        return []  # fewer than seven digits in a row: no number here, skip the costly matcher
    region = _supported_region(region)
    work, alternates = _prepare(text)
    found = _numbers(text, work, region)
    return _unique_by_e164(_hits(text, found, alternates))


def _supported_region(region: str | None) -> str | None:
    """The region in upper case when libphonenumber knows it, else None (no national numbers then)."""
    return region.upper() if region and region.upper() in phonenumbers.SUPPORTED_REGIONS else None


def _numbers(text: str, work: str, region: str | None) -> list[_Found]:
    """All the passes' numbers, in text order: valid ones, hard-wrapped ones, old plans, bracketed codes."""
    found = [f for f in _matcher(work, region, Leniency.VALID) if _accept_national(text, f, region)]
    for f in _wrapped(work, region, found):
        found = [t for t in found if not (t.start < f.end and f.start < t.end)]
        found.append(f)
    found += _old_plan_numbers(text, work, region, found)
    if region is None:
        found.extend(_labelled_without_region(text, work, found))
    found.sort(key=lambda f: f.start)
    return found


def _old_plan_numbers(text: str, work: str, region: str | None, found: list[_Found]) -> list[_Found]:
    """Old plans: possible but not valid, and only when written with + or 00, to keep noise out; the
    second matcher pass runs only when such a start lies outside the numbers already found."""
    uncovered = any(
        not _overlaps(found, m.start(), m.start() + 1) for m in _INTERNATIONAL_START.finditer(work)
    )
    if not uncovered:
        return []
    taken = list(found)
    for f in _matcher(work, region, Leniency.POSSIBLE):
        if f.valid or _overlaps(taken, f.start, f.end) or not _international(text, f.start):
            continue
        if phonenumbers.is_possible_number(f.number):
            taken.append(f)
    return taken[len(found) :]


def _hits(text: str, found: list[_Found], alternates: list[_Alternate]) -> list[PhoneHit]:
    """Each number as written and as E.164, followed by the slash-shared alternate written after it."""
    hits: list[PhoneHit] = []
    alt_by_start = {a.slash_start: a for a in alternates}
    for f in found:
        hit = _hit(text, f)
        if hit is None:
            continue
        hits.append(hit)
        extra = _alternate_after(text, hit, f, alt_by_start)
        if extra is not None:
            hits.append(extra)
    return hits


def _hit(text: str, f: _Found) -> PhoneHit | None:
    """The number with its extension and label kind, or None when its E.164 form is not even possible."""
    canonical = _canonical(f.number)
    if canonical is None:
        return None
    extension, end = _extension(text, f)
    kind, _ = _label_before(text, f.start)
    return PhoneHit(
        e164=canonical[0],
        raw=text[f.start : end],
        kind=kind,
        extension=extension,
        valid=canonical[1],
        start=f.start,
        end=end,
    )


def _extension(text: str, f: _Found) -> tuple[str | None, int]:
    """(extension, end of the number as written): the matcher's extension, or one in brackets after it."""
    if f.number.extension:
        return f.number.extension, f.end
    ext = _EXTENSION_RE.match(text, f.end)
    if ext:
        return ext.group(2), ext.end()
    return None, f.end


def _alternate_after(
    text: str, hit: PhoneHit, f: _Found, alt_by_start: dict[int, _Alternate]
) -> PhoneHit | None:
    """The '/ 8058' alternate written right after the number, if any."""
    stripped_end = len(text[: f.end].rstrip())
    alt = alt_by_start.get(stripped_end) or alt_by_start.get(f.end)
    return _alternate_hits(text, hit, f.number, alt) if alt is not None else None


def _unique_by_e164(hits: list[PhoneHit]) -> list[PhoneHit]:
    """The first hit for each E.164 number."""
    unique: list[PhoneHit] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.e164 not in seen:
            seen.add(hit.e164)
            unique.append(hit)
    return unique


def phone_region(place: str | None) -> str | None:
    """Default region for national numbers, from an office ('IOM Kabul') or a dateline ('Geneva')."""
    return region_for_place(place)
