"""Mark, in a page's text, what the chain repaired or picked up: phones, e-mails, re-decoded characters.

The marks come from the records themselves (``phones[].raw``, ``emails[].raw`` and ``address``,
``rejected[].raw``, ``fixes``), so a reviewer sees on the page where each contact came from and which
characters iomcrawl decoded differently from what the page declared. Output is escaped HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from iomcrawl.codes import Fix

EMAIL_FIXES = (
    Fix.MAILTO_REPAIRED,
    Fix.CFEMAIL_DECODED,
    Fix.EMAIL_DEOBFUSCATED,
    Fix.EMAIL_TRAILING_PUNCTUATION_TRIMMED,
)
ENCODING_FIXES = (Fix.CHARSET_CORRECTED, Fix.CHARSET_GUESSED, Fix.MOJIBAKE_FIXED)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
MIN_NEEDLE = 6  # shorter raw phones ('3374', an extension) would light up every number on the page


@dataclass(frozen=True)
class Mark:
    text: str
    css: str
    title: str


def _needle(raw: str | None) -> str:
    """A raw value as it may be found on the page: whitespace runs as one space."""
    return " ".join((raw or "").split())


def _email_marks(record: dict[str, Any]) -> Iterator[Mark]:
    """Each address, and the raw text it was read from, marked as repaired when the chain changed it."""
    email_fixes = [f for f in record.get("fixes", []) if f in EMAIL_FIXES or f.startswith("email-")]
    for email in record.get("emails", []):
        address, raw = email.get("address") or "", email.get("raw") or ""
        repaired = bool(email_fixes) or (raw and raw != address)
        title = f"e-mail {address}" + (
            f" (repaired: {', '.join(email_fixes) or 'raw differs'})" if repaired else ""
        )
        css = "em repaired" if repaired else "em"
        for text in (address, raw):
            if len(text) >= MIN_NEEDLE:
                yield Mark(text, css, title)


def _phone_marks(record: dict[str, Any]) -> Iterator[Mark]:
    for phone in record.get("phones", []):
        raw = _needle(phone.get("raw"))
        if len(raw) >= MIN_NEEDLE:
            kind = f" ({phone['kind']})" if phone.get("kind") else ""
            valid = "" if phone.get("valid", True) else " — not valid in today's numbering plan"
            css = "ph" if phone.get("valid", True) else "ph invalid"
            yield Mark(raw, css, f"phone {phone.get('e164')}{kind}{valid}")


def _rejected_marks(record: dict[str, Any]) -> Iterator[Mark]:
    for rejected in record.get("rejected", []):
        raw = _needle(rejected.get("raw"))
        if len(raw) >= MIN_NEEDLE:
            yield Mark(raw, "rej", f"rejected {rejected.get('field')}: {rejected.get('reason')}")


def marks_for(records: list[dict[str, Any]]) -> list[Mark]:
    """What to mark on the page of these records, longest first so a number inside an address loses."""
    out: dict[str, Mark] = {}
    for record in records:
        for mark in (*_email_marks(record), *_phone_marks(record), *_rejected_marks(record)):
            out.setdefault(mark.text.casefold(), mark)
    return sorted(out.values(), key=lambda m: -len(m.text))


def _pattern(marks: list[Mark]) -> re.Pattern[str] | None:
    if not marks:
        return None
    # whitespace in a raw value may be a line break or several spaces on the page
    alternatives = [r"\s+".join(map(re.escape, m.text.split())) for m in marks]
    return re.compile("|".join(f"({a})" for a in alternatives), re.I)


class Highlighter:
    """Escapes text and wraps the marks (and, when the page's charset was repaired, non-ASCII runs)."""

    def __init__(self, records: list[dict[str, Any]], page_fixes: list[str] | None = None) -> None:
        self.marks = marks_for(records)
        self.pattern = _pattern(self.marks)
        fixes = [f for f in (page_fixes or []) if f in ENCODING_FIXES]
        for record in records:
            fixes += [f for f in record.get("fixes", []) if f in ENCODING_FIXES and f not in fixes]
        self.encoding_title = f"decoded by iomcrawl ({', '.join(dict.fromkeys(fixes))})" if fixes else None

    def _plain(self, text: str) -> str:
        if not self.encoding_title:
            return escape(text)
        out, last = [], 0
        for match in _NON_ASCII.finditer(text):
            out.append(escape(text[last : match.start()]))
            out.append(
                f'<mark class="enc" title="{escape(self.encoding_title)}">{escape(match.group())}</mark>'
            )
            last = match.end()
        out.append(escape(text[last:]))
        return "".join(out)

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return self._plain(text)
        out, last = [], 0
        for match in self.pattern.finditer(text):
            mark = self.marks[(match.lastindex or 1) - 1]
            out.append(self._plain(text[last : match.start()]))
            out.append(
                f'<mark class="{mark.css}" title="{escape(mark.title)}">{escape(match.group())}</mark>'
            )
            last = match.end()
        out.append(self._plain(text[last:]))
        return "".join(out)
