"""The project's codes, as types: page outcomes, the reasons behind them, repairs and annotations.

Every code written to ``releases.jsonl``, ``pages.jsonl``, the crawl summary and the QA report is a member
of one of these enums, so a typo is an import error instead of a new category in somebody's dashboard.
A reason travels as ``"code: detail"`` (the detail is for people, the code for machines); :class:`Reason`
builds and reads that form, and nothing else splits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What became of one URL (``outcome`` in pages.jsonl; the chain itself gives the first three)."""

    RECORDS = "records"
    NO_RELEASE = "no-release"
    ERROR = "error"
    DROPPED = "dropped"
    REDIRECT = "redirect"
    PREREQUISITE = "prerequisite"
    SKIPPED = "skipped"


class NoRelease(StrEnum):
    """Why a page that was read holds no release."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too-large"
    UNDECODABLE = "undecodable"
    NO_CONTENT = "no-content"
    NOT_FOUND = "not-found"
    CATALOGUE = "catalogue"
    OFFICE_PAGE = "office-page"
    TEASER_LISTING = "teaser-listing"
    NO_RELEASE_MARKERS = "no-release-markers"


class PageError(StrEnum):
    """Why a URL gave no page, or a page gave no outcome (``http-NNN`` codes come from :func:`http_error`)."""

    DNS_ERROR = "dns-error"
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection-refused"
    CANCELLED = "cancelled"
    DATA_LOSS = "data-loss"
    IGNORED = "ignored"
    DOWNLOAD_ERROR = "download-error"
    TRUNCATED = "truncated"
    REDIRECT_LOOP = "redirect-loop"
    ARCHIVE_CORRUPT = "archive-corrupt"
    EXTRACTION_ERROR = "extraction-error"
    VALIDATION_ERROR = "validation-error"
    INVALID_RECORD = "invalid-record"
    PIPELINE_ERROR = "pipeline-error"
    DROPPED_BY_PIPELINE = "dropped-by-pipeline"
    UNFINISHED = "unfinished"
    EXTRACTION_TIMEOUT = "extraction-timeout"  # the page's stages ran past IOMCRAWL_EXTRACTION_TIMEOUT


class Drop(StrEnum):
    """Why a URL was not fetched: the crawl's policy said no."""

    ROBOTS = "robots"
    ROBOTS_UNAVAILABLE = "robots-unavailable"
    OFFSITE = "offsite"
    OFFSITE_REDIRECT = "offsite-redirect"
    DUPLICATE = "duplicate"
    DEPTH = "depth"
    DENIED = "denied"
    NOT_ALLOWED = "not-allowed"
    SCHEME = "scheme"
    URL_TOO_LONG = "url-too-long"
    TOO_LARGE = "too-large"
    REDIRECT_REFUSED = "redirect-refused"


# Drops decided before a URL is queued: such a line accounts for the URL without ending a queued request
# (a URL dropped for depth may still be queued later from a shallower page).
GATE_DROPS = frozenset(
    {
        Drop.OFFSITE,
        Drop.OFFSITE_REDIRECT,
        Drop.DUPLICATE,
        Drop.DEPTH,
        Drop.DENIED,
        Drop.NOT_ALLOWED,
        Drop.SCHEME,
        Drop.URL_TOO_LONG,
    }
)


class Skip(StrEnum):
    """Why an archived capture was not run through the chain (``status-NNN`` from :func:`status_skip`)."""

    NOT_HTML = "not-html"
    TRUNCATED = "truncated"
    TOO_LARGE = "too-large"
    REVISIT_UNRESOLVED = "revisit-unresolved"
    PAYLOAD_UNREADABLE = "payload-unreadable"
    NO_HTTP_RESPONSE = "no-http-response"  # a response record without a status line


class Annotation(StrEnum):
    """Facts about how a page's bytes arrived (``annotations`` in pages.jsonl)."""

    REVISIT = "revisit"
    CACHED = "cached"
    DATALOSS = "dataloss"
    CONTENT_ENCODING_FALSE = "content-encoding-false"
    GZIP_WITHOUT_CONTENT_ENCODING = "gzip-without-content-encoding"
    WARC_WRITE_FAILED = "warc-write-failed"  # the response was used, but the WARC could not take it
    REFERS_TO = "refers-to"  # with a detail: the URL and date of the capture a revisit repeats


class Note(StrEnum):
    """The reason of a crawl-log line that is no failure: what the line is."""

    REDIRECT = "redirect"  # with a detail: `301 -> URL`
    ROBOTS_TXT = "robots.txt"  # with a detail when the fetch went wrong


def http_error(status: int) -> str:
    """The error code of a page answered with an HTTP error status."""
    return f"http-{status}"


def status_skip(status: int) -> str:
    """The skip code of an archived capture that is not a 200."""
    return f"status-{status}"


@dataclass(frozen=True)
class Reason:
    """A reason as written: a short code, and a detail for people."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code

    @classmethod
    def parse(cls, text: str | None) -> Reason | None:
        if not text:
            return None
        code, _, detail = text.partition(":")
        return cls(code.strip(), detail.strip())


def reason_code(text: str | None) -> str | None:
    """The code that starts a written reason (``None`` for no reason)."""
    reason = Reason.parse(text)
    return reason.code if reason else None


class Fix(StrEnum):
    """A repair the extraction chain made to a page's bytes or a release's text (``fixes`` in both logs)."""

    GZIP_BODY_UNWRAPPED = "gzip-body-unwrapped"
    CHARSET_CORRECTED = "charset-corrected"
    CHARSET_GUESSED = "charset-guessed"
    MOJIBAKE_FIXED = "mojibake-fixed"
    MAILTO_REPAIRED = "mailto-repaired"
    CFEMAIL_DECODED = "cfemail-decoded"
    EMAIL_DEOBFUSCATED = "email-deobfuscated"
    EMAIL_ENTITY_DECODED = "email-entity-decoded"
    EMAIL_INVISIBLE_CHARS_REMOVED = "email-invisible-chars-removed"
    EMAIL_TRAILING_PUNCTUATION_TRIMMED = "email-trailing-punctuation-trimmed"


class DateSource(StrEnum):
    """Where a release's date was read (``date_source`` in a record), in the order the sources are trusted.

    The visible sources come first, in the labelling rules' order; a mirror's "Originally published" beats
    its own "Posted", and a mail archive's message date comes last among them. The machine-readable sources
    (``time-element``, ``meta``, ``json-ld``, ``url``) only confirm or disambiguate a visible date: on their
    own they never date a release, so a record never names them today; they are listed so the schema
    need not change when a source of that kind is trusted one day.
    """

    ORIGINALLY_PUBLISHED = "originally-published"  # a mirror's 'Originally published 22 Jun 2021'
    ITEM_HEADER = "item-header"  # the item's weekday header in US order: 'Tue, 04/10/2018 - 09:20'
    POSTED = "posted"  # the 'Posted:' / 'Publié :' / 'Опубликовано:' field
    DATE_LINE = "date-line"  # a date line just under or above the headline: '14 June 2022', '06.04.2010'
    BUNDLE = "bundle"  # the date a briefing-notes bundle prints once for all its items
    DATELINE = "dateline"  # a date inside the dateline: 'Tegucigalpa, 14 de marzo de 2019 – '
    BODY_PREFIX = "body-prefix"  # a date alone opening the body: '25 September 2015 -- '
    EMAIL_HEADER = "email-header"  # a mail archive's message date: 'Date: Tue, 14 Mar 2017 10:21:03 +0100'
    TIME_ELEMENT = "time-element"  # <time datetime>
    META = "meta"  # <meta property="article:published_time"> and kin
    JSON_LD = "json-ld"  # JSON-LD datePublished
    URL = "url"  # a date in the URL path: /2019/03/12/
