"""Bytes to trustworthy text: charset sniffing that survives lying headers, and mojibake repair.

Stock decoders replace undecodable bytes with U+FFFD, which no later step can undo, so the order is:
BOM, then strict UTF-8, then the declared charset (latin-1 read as windows-1252, as browsers do), then
windows-1252; a UTF-8 page with stray windows-1252 bytes is decoded run by run.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

import ftfy

from iomcrawl.codes import Fix, NoRelease
from iomcrawl.extraction.metadata import page_metadata
from iomcrawl.extraction.model import DecodedPage, PageRejected

MAX_PAGE_BYTES = 10 * 1024 * 1024

_MAGIC = {
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive or office document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\xd0\xcf\x11\xe0": "legacy office document",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|div|p|table|br|h[1-6])[\s>/]", re.I)
_MOJIBAKE_LEADS = ("Ã", "Â", "â", "Å", "Ð", "Ñ")  # a cheap first look before the regex
_MOJIBAKE_HINT = re.compile(
    "[ÃÂâÅÐÑ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    unescape_html=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
)
_LATIN1_ALIASES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "ascii", "us-ascii"}


def _cp1252_runs(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as windows-1252, so mixed pages keep every character."""
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error("iomcrawl-cp1252", _cp1252_runs)


def _declared_charset(body: bytes, content_type: str | None) -> str | None:
    candidates = []
    if content_type and "charset=" in content_type.lower():
        candidates.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore").lower())
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def _unwrap(body: bytes) -> tuple[bytes, list[str]]:
    """Undo gzip/deflate bodies that arrived without Content-Encoding (saved or mislabelled pages)."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=__import__("io").BytesIO(body)) as fh:
                data = fh.read(MAX_PAGE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise PageRejected(NoRelease.UNDECODABLE, f"gzip data that does not decompress ({exc})") from exc
        if len(data) > MAX_PAGE_BYTES:
            raise PageRejected(NoRelease.TOO_LARGE, f"decompresses to more than {MAX_PAGE_BYTES} bytes")
        return data, [Fix.GZIP_BODY_UNWRAPPED]
    return body, []


def decode_bytes(body: bytes, content_type: str | None = None) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, fixes)."""
    fixes: list[str] = []
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name, fixes
    declared = _declared_charset(body, content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared not in (None, "utf-8") and re.search(rb"[\xc2-\xf4][\x80-\xbf]", body):
            fixes.append(Fix.CHARSET_CORRECTED)
        return text, "utf-8", fixes
    if declared == "utf-8":
        fixes.append(Fix.CHARSET_CORRECTED)
        return body.decode("utf-8", errors="iomcrawl-cp1252"), "utf-8+cp1252", fixes
    if declared in _LATIN1_ALIASES or declared in ("cp1252", "windows-1252") or declared is None:
        if declared is None:
            fixes.append(Fix.CHARSET_GUESSED)
        return body.decode("cp1252", errors="replace"), "cp1252", fixes
    return body.decode(declared, errors="replace"), declared, fixes


def fix_mojibake(text: str) -> tuple[str, bool]:
    """ftfy on text that shows mojibake signs; curly quotes stay curly."""
    if not any(lead in text for lead in _MOJIBAKE_LEADS) or not _MOJIBAKE_HINT.search(text):
        return text, False
    lines = text.split("\n")  # mojibake sits in a few lines; ftfy's cost grows with the text it reads
    fixed = "\n".join(
        ftfy.fix_text(line, _FTFY_CONFIG) if _MOJIBAKE_HINT.search(line) else line for line in lines
    )
    return fixed, fixed != text


def decode_page(body: bytes, url: str = "", content_type: str | None = None) -> DecodedPage:
    """The page as text, with the repairs made to get it; raises PageRejected for what is no web page."""
    _reject_unreadable(body)
    body, fixes = _unwrap(body)
    _reject_binary(body)
    text, encoding, decode_fixes = decode_bytes(body, content_type)
    fixes += decode_fixes
    text, repaired = fix_mojibake(text)
    if repaired:
        fixes.append(Fix.MOJIBAKE_FIXED)
    is_html = _is_html(body, url, content_type)
    return DecodedPage(
        url=url,
        text=text,
        is_html=is_html,
        encoding=encoding,
        fixes=fixes,
        meta=page_metadata(text, is_html),
    )


def _reject_unreadable(body: bytes) -> None:
    """Nothing to read, or more than a release page ever is."""
    if not body or not body.strip():
        raise PageRejected(NoRelease.EMPTY, "the page has no content")
    if len(body) > MAX_PAGE_BYTES:
        raise PageRejected(NoRelease.TOO_LARGE, f"{len(body)} bytes, over the {MAX_PAGE_BYTES}-byte cap")


def _reject_binary(body: bytes) -> None:
    """A PDF, an image or an office file served where a page was expected."""
    for magic, what in _MAGIC.items():
        if body.startswith(magic):
            raise PageRejected(NoRelease.BINARY, f"{what}, not a web page")
    if b"\x00" in body[:1024] and not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageRejected(NoRelease.BINARY, "binary data, not a web page")


def _is_html(body: bytes, url: str, content_type: str | None) -> bool:
    """Markup by header or by sniffing; a text/plain page or a .txt file is markup only when it starts as one."""
    ctype = (content_type or "").lower()
    is_html = "html" in ctype or "xml" in ctype or bool(_HTML_SNIFF.search(body[:4096]))
    if ctype.startswith("text/plain") or url.lower().endswith(".txt"):
        is_html = is_html and not ctype.startswith("text/plain") and bool(_HTML_SNIFF.search(body[:512]))
    return is_html
