"""A fixture's response sidecar, written without Scrapy, is what Scrapy's ``Response.to_dict()`` gave.

The reference below is how sidecars were made when QA built a Scrapy response to write one; the sidecar
module must agree with it for every URL extension either media-type table knows, and for the odd headers.
"""

from __future__ import annotations

import json
from mimetypes import MimeTypes
from typing import Any

import pytest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.response import response_from_dict

from iomcrawl.qa.sidecar import build_sidecar, response_dict

ORIGIN = {"kind": "file", "path": "page.html"}
BODIES = [
    b"<html><body>x</body></html>",
    b"<!DOCTYPE html><p>x</p>",
    b'<?xml version="1.0"?><rss/>',
    b"plain words",
    b"%PDF-1.4\x00\x01\x02",
    b"",
]


def scrapy_sidecar(
    url: str, body: bytes, status: int | None, headers: list[tuple[str, str]], protocol: str | None
) -> dict[str, Any]:
    """The sidecar as QA wrote it through Scrapy (headers passed to the class guess as text keys)."""
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    cls = responsetypes.from_args(headers=grouped, url=url, body=body)  # type: ignore[arg-type]
    data = cls(url=url, status=status or 200, headers=grouped, body=body, protocol=protocol).to_dict()
    data.pop("body", None)
    data.pop("encoding", None)
    data["headers"] = {
        name.decode("latin-1"): [value.decode("latin-1") for value in values]
        for name, values in data["headers"].items()
    }
    data["status"] = status
    data["fetched_at"] = "2026-01-01T00:00:00Z"
    data["origin"] = ORIGIN
    return data


def ours(
    url: str, body: bytes, status: int | None, headers: list[tuple[str, str]], protocol: str | None
) -> Any:
    return build_sidecar(
        url=url,
        body=body,
        status=status,
        headers=headers,
        protocol=protocol,
        fetched_at="2026-01-01T00:00:00Z",
        origin=ORIGIN,
    )


def as_written(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)  # key order included


def known_extensions() -> list[str]:
    tables = [MimeTypes(), responsetypes.mimetypes]
    return sorted({ext for table in tables for strict in (True, False) for ext in table.types_map[strict]})


@pytest.mark.parametrize("body", BODIES, ids=lambda body: body[:12].decode("latin-1"))
def test_every_extension_gives_scrapys_response_class(body: bytes) -> None:
    for ext in known_extensions():
        for url in (f"http://example.org/a/page{ext}", f"http://example.org/a/PAGE{ext.upper()}"):
            assert as_written(ours(url, body, 200, [], "HTTP/1.1")) == as_written(
                scrapy_sidecar(url, body, 200, [], "HTTP/1.1")
            ), url


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/",
        "http://example.org/news?id=3",
        "http://example.org/news/item.php?id=3",
        "http://example.org/page.html.gz",
        "http://example.org/page.tgz",
        "http://example.org/feed.svgz",
        "file:///home/someone/saved%20page.htm",
        "data:text/html,<p>x</p>",
    ],
)
def test_urls_without_a_plain_extension_give_scrapys_response_class(url: str) -> None:
    for body in BODIES:
        assert as_written(ours(url, body, None, [], None)) == as_written(
            scrapy_sidecar(url, body, None, [], None)
        )


def test_headers_are_kept_as_scrapy_keeps_them() -> None:
    headers = [
        ("content-type", "text/html; charset=utf-8"),
        ("Set-Cookie", "a=1"),
        ("x-ua-compatible", "IE=edge"),
        ("SET-COOKIE", "b=2"),
        ("set-cookie", "c=3"),
        ("Content-Disposition", 'attachment; filename="r\u00e9sum\u00e9.html"'),
        ("X-Note", "caf\u00e9 \u2013 \u00fc"),
    ]
    url = "http://example.org/news/item"
    expected = scrapy_sidecar(url, b"<html>", 404, headers, "HTTP/1.0")
    assert as_written(ours(url, b"<html>", 404, headers, "HTTP/1.0")) == as_written(expected)
    assert list(expected["headers"]) == [
        "Content-Type",
        "Set-Cookie",
        "X-Ua-Compatible",
        "Content-Disposition",
        "X-Note",
    ]


def test_scrapy_rebuilds_the_response_from_sidecar_and_page() -> None:
    page = b"<html><head><title>Sofala</title></head></html>"
    data = ours("http://example.org/news/sofala.html", page, None, [("Content-Type", "text/html")], None)
    response = response_from_dict(response_dict(data, page))
    assert isinstance(response, HtmlResponse) and response.status == 200  # a page saved by hand: no status
    assert response.css("title::text").get() == "Sofala"
    text = ours("http://example.org/notes", b"just words", 200, [], "HTTP/1.1")
    assert type(response_from_dict(response_dict(text, b"just words"))) is TextResponse
