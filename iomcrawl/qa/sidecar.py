"""A fixture's ``NAME.response.json``: URL, status and headers, in the shape of Scrapy's ``Response.to_dict()``.

The shape lets ``scrapy.utils.response.response_from_dict`` rebuild the response from the sidecar and the
page's bytes (see :func:`response_dict`), but QA does not import Scrapy to write it: this module writes
what ``to_dict()`` gave for the response Scrapy would build, byte for byte, so sidecars written before and
after stay comparable. Three of Scrapy's habits are kept on purpose:

* header names are title-cased and same-named headers merged, as Scrapy's ``Headers`` does;
* header text is stored as Scrapy stores it (UTF-8 bytes) and written back as latin-1, as it always was;
* the ``_class`` comes from the URL's extension, else from the body's first bytes; the headers never
  count (they reached Scrapy's guess as text keys, which it looks up as bytes).
"""

from __future__ import annotations

from mimetypes import MimeTypes
from typing import Any

Header = tuple[str, str]

HTML = "scrapy.http.response.html.HtmlResponse"
XML = "scrapy.http.response.xml.XmlResponse"
JSON = "scrapy.http.response.json.JsonResponse"
TEXT = "scrapy.http.response.text.TextResponse"

# Scrapy's response class per media type (``scrapy.responsetypes``); any other type: the plain Response,
# which to_dict() writes without a ``_class``.
RESPONSE_CLASSES = {
    "text/html": HTML,
    "application/atom+xml": XML,
    "application/rdf+xml": XML,
    "application/rss+xml": XML,
    "application/xhtml+xml": HTML,
    "application/vnd.wap.xhtml+xml": HTML,
    "application/xml": XML,
    "application/json": JSON,
    "application/x-json": JSON,
    "application/json-amazonui-streaming": JSON,
    "application/javascript": TEXT,
    "application/x-javascript": TEXT,
    "text/xml": XML,
    "text/*": TEXT,
}

# Scrapy reads its own mime.types over Python's table; these are the extensions where that changes the
# response class, under a media type that leads to the same class as Scrapy's.
_SCRAPY_EXTENSIONS = {
    "text/html": ".shtml .xht .xhtml",
    "application/xml": ".atom .rss .xsd",
    "text/plain": (
        ".323 .asc .bib .boo .brf .c++ .cc .cls .cpp .csh .cxx .d .diff .gcd .h++ .hh .hpp .hs .htc .hxx .ics"
        " .icz .jad .java .lhs .ltx .mml .moc .p .pas .patch .pm .pot .scala .sct .sh .sty .tcl .tex .text"
        " .tk .tm .ts .uls .vcs .wml .wmls .wsc"
    ),
    "application/octet-stream": ".bat",
}
_BINARY_BYTES = frozenset(set(range(32)) - {0, 9, 10, 13})  # control characters a text never holds


def _media_types() -> MimeTypes:
    types = MimeTypes()
    for media_type, extensions in _SCRAPY_EXTENSIONS.items():
        for extension in extensions.split():
            types.add_type(media_type, extension)
    return types


_MEDIA_TYPES = _media_types()


def _class_of_type(media_type: str) -> str | None:
    return RESPONSE_CLASSES.get(media_type) or RESPONSE_CLASSES.get(media_type.split("/", 1)[0] + "/*")


def _class_by_url(url: str) -> str | None:
    media_type, encoding = _MEDIA_TYPES.guess_type(url)
    return _class_of_type(media_type) if media_type and not encoding else None


def _class_by_body(body: bytes) -> str | None:
    chunk = body[:5000]
    if any(byte in _BINARY_BYTES for byte in chunk):
        return None
    lower = chunk.lower()
    if b"<html>" in lower:
        return HTML
    if b"<?xml" in lower:
        return XML
    if b"<!doctype html>" in lower:
        return HTML
    return TEXT


def response_class(url: str, body: bytes) -> str | None:
    """The Scrapy response class a sidecar names (None: the plain Response, which is not named)."""
    return _class_by_url(url) or _class_by_body(body)


def _as_stored(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def sidecar_headers(headers: list[Header]) -> dict[str, list[str]]:
    """Headers as Scrapy's ``Headers`` holds them: title-cased names, same-named values merged."""
    by_name: dict[str, list[str]] = {}
    for name, value in headers:
        by_name.setdefault(name, []).append(value)
    merged: dict[str, list[str]] = {}
    for name, values in by_name.items():
        merged.setdefault(_as_stored(name.title()), []).extend(_as_stored(v) for v in values)
    return merged


def build_sidecar(
    *,
    url: str,
    body: bytes,
    status: int | None,
    headers: list[Header],
    protocol: str | None,
    fetched_at: str | None,
    origin: dict[str, Any],
) -> dict[str, Any]:
    """``Response.to_dict()`` without the body (it is the fixture's page file) or Scrapy's encoding guess."""
    data: dict[str, Any] = {
        "headers": sidecar_headers(headers),
        "url": url,
        "flags": [],
        "status": status,
        "ip_address": None,
        "protocol": protocol,
    }
    cls = response_class(url, body)
    if cls is not None:
        data["_class"] = cls
    data["fetched_at"] = fetched_at
    data["origin"] = origin
    return data


def response_dict(data: dict[str, Any], body: bytes) -> dict[str, Any]:
    """The ``Response.to_dict()`` a sidecar came from, body included: what ``response_from_dict`` takes."""
    kept = {key: value for key, value in data.items() if key not in ("fetched_at", "origin")}
    kept["status"] = kept.get("status") or 200
    return {**kept, "body": body}
