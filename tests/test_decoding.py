"""Decoding hostile bytes: nothing lost to a stray byte, no codec chosen by a label that is not a text
encoding, UTF-16/32 without a BOM read rather than called binary, and never a crash."""

from __future__ import annotations

import codecs
import encodings.aliases

import pytest

from iomcrawl.extraction import extract_page
from iomcrawl.extraction.decoding import decode_page, usable_charset

URL = "https://www.iom.int/news/x"
QUOTED = "“Yes,” said Ana in Genève. Ő Ý Á"
RELEASE = (
    "<html><body><h1>IOM and Moldova Open First One-Stop Centre for Returning Migrants</h1>"
    "<p>Chisinau, 8 October 2013 – The Government of Moldova and IOM today opened the country’s first "
    "one-stop centre for returning migrants, where people coming home after working abroad can get advice "
    "on jobs.</p><p>“Too many people come back with savings and skills and then leave again within a "
    "year,” said Valentina Ciobanu, Moldova’s Deputy Minister of Labour.</p><p>For further information, "
    "please contact Irina Cazacu at IOM Moldova, Tel: +373 22 23 27 40, Email: icazacu@iom.int</p>"
    "</body></html>"
)


def paragraph(text: str, index: int = 1) -> str:
    return text.split("<p>")[index].split("</p>")[0]


# --- R18: a stray byte in an undeclared UTF-8 page --------------------------------------------------------


def test_a_stray_byte_in_an_undeclared_utf8_page_is_repaired_where_it_stands() -> None:
    body = f"<html><body><p>{QUOTED}</p><p>caf\udce9</p></body></html>".encode("utf-8", "surrogateescape")
    page = decode_page(body)
    assert paragraph(page.text) == QUOTED
    assert paragraph(page.text, 2) == "café"  # the stray byte read as windows-1252
    assert page.encoding == "utf-8+cp1252"
    assert "\ufffd" not in page.text


def test_a_windows_1252_page_with_a_letter_pair_that_looks_like_utf8_stays_windows_1252() -> None:
    body = "<p>Déclaration de l’OIM à Genève : Â« réfugiés » et élèves.</p>".encode("cp1252")
    page = decode_page(body)
    assert page.encoding == "cp1252"
    assert "Déclaration de l’OIM à Genève" in page.text


def test_a_latin1_label_on_a_mostly_utf8_page_is_corrected() -> None:
    body = f"<meta charset=iso-8859-1><p>{QUOTED}</p>".encode() + b"<p>a stray \xa0 byte</p>"
    page = decode_page(body)
    assert paragraph(page.text) == QUOTED
    assert "charset-corrected" in page.fixes


# --- R19: a charset label that names no text encoding -----------------------------------------------------

NOT_FOR_PAGES = ["hex", "base64", "zlib", "rot13", "uu", "bz2", "quopri", "idna", "punycode", "undefined",
                 "utf-7", "unicode_escape", "raw_unicode_escape", "cp037", "utf-16", "utf-32"]  # fmt: skip


@pytest.mark.parametrize("label", NOT_FOR_PAGES)
def test_a_label_that_is_no_text_encoding_for_pages_is_not_used(label: str) -> None:
    assert usable_charset(label) is None
    body = (
        f'<html><head><meta charset="{label}"></head><body><h1>A headline for the page</h1>'
        "<p>Geneva \xe9 IOM said today that migrants were helped.</p></body></html>"
    ).encode("latin-1")
    result = extract_page(body, URL)
    assert result.status in ("records", "no-release"), result.reason
    page = decode_page(body)
    assert "Geneva é IOM said today" in page.text  # sniffed: windows-1252
    assert page.encoding == "cp1252"


@pytest.mark.parametrize(
    "label", ["utf-8", "UTF8", "windows-1251", "koi8-r", "shift_jis", "iso-8859-2", "gbk"]
)
def test_real_page_encodings_are_usable(label: str) -> None:
    assert usable_charset(label) == codecs.lookup(label).name


def test_a_declared_real_charset_is_honoured() -> None:
    body = '<meta charset="windows-1251"><p>Миграция</p>'.encode("cp1251")
    assert "Миграция" in decode_page(body).text


def test_no_codec_label_makes_decoding_crash() -> None:
    body = "<p>Genève \xe9\x81\x8d text</p>".encode("latin-1") * 10 + b"\x00"
    for label in sorted(
        set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | set(NOT_FOR_PAGES)
    ):
        page = decode_page(body, content_type=f"text/html; charset={label}")
        assert "Genève" in page.text or "Gen" in page.text, label


# --- R20: UTF-16 and UTF-32 without a BOM; NUL bytes ------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("content_type", ["text/html; charset=utf-16le", "text/html", None])
def test_utf16_and_utf32_without_a_bom_are_read(codec: str, content_type: str | None) -> None:
    result = extract_page(RELEASE.encode(codec), URL, content_type=content_type)
    assert result.status == "records", result.reason
    [record] = result.records
    assert record["headline"] == "IOM and Moldova Open First One-Stop Centre for Returning Migrants"
    assert result.encoding == codec


@pytest.mark.parametrize("bom_codec", ["utf-32", "utf-16"])
def test_a_bom_says_which_unicode_encoding(bom_codec: str) -> None:
    result = extract_page(RELEASE.encode(bom_codec), URL)
    assert result.status == "records" and len(result.records) == 1


def test_a_stray_nul_does_not_make_a_page_binary() -> None:
    body = RELEASE.replace("<body>", "<body>\x00").encode("utf-8")
    result = extract_page(body, URL, content_type="text/html")
    assert result.status == "records", result.reason
    assert "\x00" not in result.records[0]["body"]


@pytest.mark.parametrize(
    "body",
    [
        bytes(range(256)) * 16,
        b"\x00\x01\x02\x03" * 1000,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"BZh91AY&SY" + bytes(range(256)),
        b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    ],
    ids=["random", "controls", "elf", "bzip2", "webp"],
)
def test_binary_data_is_no_release_binary(body: bytes) -> None:
    result = extract_page(body, URL)
    assert result.status == "no-release"
    assert result.reason is not None and result.reason.startswith("binary")
