"""What a page says about itself outside its visible text: titles, canonical URL, machine-readable dates.

Release finding uses these as evidence, never as the answer: a headline candidate that agrees with the
``<title>``/``og:title`` is more likely the headline, and a ``<time datetime>`` or ``article:published_time``
that agrees with a visible date confirms it. Every pattern here stays linear on hostile pages: each run is
bounded and stops at the next ``<``, so two matches never rescan the same text; only the first
``HEAD_CHARS`` characters are read for ``<head>`` data.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

HEAD_CHARS = 200_000  # a <head> longer than this is not a legacy press page's; later tags are body
_MAX_VALUE = 400  # characters of one attribute value or title read

_TITLE = re.compile(rf"<title\b[^<>]{{0,200}}>([^<]{{0,{_MAX_VALUE}}})</title", re.I)
_META = re.compile(r"<meta\b([^<>]{0,1000})>", re.I)
_LINK = re.compile(r"<link\b([^<>]{0,1000})>", re.I)
_ATTR = re.compile(rf"""([\w:.-]{{1,60}})\s*=\s*(?:"([^"]{{0,{_MAX_VALUE}}})"|'([^']{{0,{_MAX_VALUE}}})')""")
_TIME = re.compile(r"<time\b[^<>]{0,300}?\bdatetime\s*=\s*[\"']([^\"'<>]{4,40})[\"']", re.I)
_JSON_LD = re.compile(r"<script\b[^<>]{0,200}application/ld\+json[^<>]{0,200}>([^<]{0,100000})</script", re.I)
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')

# meta names and properties that carry a publication date, most specific first
_DATE_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "pubdate",
    "publish-date",
    "sailthru.date",
)


@dataclass(frozen=True)
class PageMeta:
    """The page's own statements about itself (empty strings and lists when it makes none)."""

    title: str = ""
    og_title: str = ""
    canonical: str = ""
    og_url: str = ""
    published: list[tuple[str, str]] = field(default_factory=list)  # (where, value as written)

    @property
    def own_url(self) -> str:
        """The URL the page gives itself (canonical link, then og:url), when it is an absolute http(s) URL."""
        for candidate in (self.canonical.strip(), self.og_url.strip()):
            try:
                parts = urlsplit(candidate)
                absolute = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            except ValueError:  # a malformed host ("http://[x") names nothing
                absolute = False
            if absolute:
                return candidate
        return ""


def _attrs(tag_body: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(double or single).strip()
        for name, double, single in _ATTR.findall(tag_body)
    }


def _clean(text: str) -> str:
    return " ".join(html.unescape(text).split())


# One scan of the page finds every tag the readers below look at; each reader then matches at its tags.
_TAG_START = re.compile(  # each letter's two cases written out: without re.I the scan jumps from '<' to '<'
    r"<(?:[mM][eE][tT][aA]|[lL][iI][nN][kK]|[tT][iI][mM][eE]|[sS][cC][rR][iI][pP][tT])\b"
)


def _tags(text: str) -> dict[str, list[int]]:
    """Where each kind of tag starts ('meta', 'link', 'time', 'script'), in page order."""
    starts: dict[str, list[int]] = {"meta": [], "link": [], "time": [], "script": []}
    for match in _TAG_START.finditer(text):
        starts[match.group()[1:].lower()].append(match.start())
    return starts


def _found(pattern: re.Pattern[str], text: str, starts: list[int], end: int | None = None) -> list[Any]:
    """What `pattern.findall` would give, read only at the tags' starts (before `end`)."""
    out = []
    for start in starts:
        if end is not None and start >= end:
            break
        if (match := pattern.match(text, start, end if end is not None else len(text))) is not None:
            groups = match.groups()
            out.append(groups[0] if len(groups) == 1 else groups)
    return out


def _meta_tags(head: str, starts: list[int]) -> tuple[str, str, list[tuple[str, str]]]:
    og_title = og_url = ""
    published: list[tuple[str, str]] = []
    for tag in _found(_META, head, starts, len(head)):
        attrs = _attrs(tag)
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content", "")
        if not content:
            continue
        if key == "og:title" and not og_title:
            og_title = _clean(content)
        elif key == "og:url" and not og_url:
            og_url = content
        elif key in _DATE_META:
            published.append((f"meta:{key}", content))
    return og_title, og_url, published


def _canonical(head: str, starts: list[int]) -> str:
    for tag in _found(_LINK, head, starts, len(head)):
        attrs = _attrs(tag)
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            return attrs["href"]
    return ""


def _json_ld_dates(text: str, starts: list[int]) -> list[tuple[str, str]]:
    found = []
    for block in _found(_JSON_LD, text, starts):
        try:
            json.loads(block)  # only well-formed JSON-LD is evidence
        except ValueError:
            continue
        found += [("json-ld", value) for value in _JSON_LD_DATE.findall(block)]
    return found


def page_metadata(text: str, is_html: bool) -> PageMeta:
    """The metadata of a decoded page; a text rendering has none."""
    if not is_html:
        return PageMeta()
    head = text[:HEAD_CHARS]
    title = _TITLE.search(head)
    starts = _tags(text)
    og_title, og_url, published = _meta_tags(head, starts["meta"])
    published += _json_ld_dates(text, starts["script"])
    published += [("time", value) for value in _found(_TIME, text, starts["time"])[:20]]
    return PageMeta(
        title=_clean(title.group(1)) if title else "",
        og_title=og_title,
        canonical=_canonical(head, starts["link"]),
        og_url=og_url,
        published=published,
    )
