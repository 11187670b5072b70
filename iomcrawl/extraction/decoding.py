"""Bytes to trustworthy text: charset sniffing that survives lying headers, and mojibake repair.

Stock decoders replace undecodable bytes with U+FFFD, which no later step can undo, so the order is:
BOM, then UTF-16/UTF-32 told by where their NUL bytes fall, then strict UTF-8, then (for a page mostly
in UTF-8 with stray bytes) UTF-8 with each stray byte read as windows-1252 where it stands, then the
declared charset when it is a real, ASCII-compatible text encoding (latin-1 read as windows-1252, as
browsers do), then windows-1252. A label never picks a codec Python merely happens to know: ``hex``,
``rot13`` or ``zlib`` are byte transforms, and ``utf-7`` or ``idna`` would turn markup into garbage.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import io
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
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
    b"Rar!\x1a\x07": "RAR archive",
    b"\x28\xb5\x2f\xfd": "zstd data",
    b"\x7fELF": "executable",
    b"RIFF": "media file (RIFF)",
    b"OggS": "audio or video (Ogg)",
    b"\x1a\x45\xdf\xa3": "video (Matroska/WebM)",
    b"wOFF": "web font",
    b"wOF2": "web font",
    b"SQLite format 3\x00": "SQLite database",
}
# What a page of text never holds in bulk: C0 controls but tab, newlines, form feed and ESC (ISO-2022).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_BINARY_SAMPLE = 4096
_BINARY_CONTROL_SHARE = 1 / 32  # a stray NUL is 1 in 4096; random or compressed bytes are about 1 in 10
_WIDE_SAMPLE = 4096
_HIGH_BYTES = bytes(range(0x80, 0x100))
# One well-formed multi-byte UTF-8 sequence (RFC 3629): fixed-length alternatives, so the scan is linear.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]{1,40})""", re.I)
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|br|h[1-6])[\s>/]", re.I)
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
_WINDOWS_1252 = {"cp1252", "windows-1252"}
# Text encodings Python knows that a web page is never decoded with: they read markup as something else.
_REFUSED_CODECS = {"utf-7", "idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}
# Bytes every ASCII-compatible charset reads as ASCII: markup that declares a charset is written in them.
_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM starts it
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _c1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    """The five bytes windows-1252 leaves undefined kept as their C1 code points, so ftfy can still
    repair the mojibake they belong to (U+FFFD would lose them for good)."""
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


def _cp1252_runs(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as windows-1252, so mixed pages keep every character."""
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="iomcrawl-c1"), error.end


codecs.register_error("iomcrawl-c1", _c1_for_undefined)
codecs.register_error("iomcrawl-cp1252", _cp1252_runs)


@functools.lru_cache(maxsize=256)
def usable_charset(label: str) -> str | None:
    """The codec a declared charset names, if a page may be decoded with it: a real text encoding that
    reads ASCII markup as ASCII (not ``hex`` or ``rot13``, not ``utf-7``, ``utf-16`` or EBCDIC)."""
    try:
        codec = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    name = "utf-8" if codec.name == "utf-8-sig" else codec.name
    if not getattr(codec, "_is_text_encoding", True) or name in _REFUSED_CODECS:
        return None
    try:
        readable = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (UnicodeError, LookupError, ValueError, TypeError):
        readable = False
    return name if readable else None


def _declared_charset(body: bytes, content_type: str | None) -> str | None:
    candidates = []
    if content_type and "charset=" in content_type.lower():
        candidates.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore").lower())
    for label in candidates:
        name = usable_charset(label[:40])
        if name is not None:
            return name
    return None


def wide_unicode(body: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by its NUL bytes: markup is mostly ASCII, so one byte of each
    code unit (two or three of each UTF-32 one) is NUL and the byte beside it is not."""
    sample = body[: _WIDE_SAMPLE - _WIDE_SAMPLE % 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    zero_share = [_zero_share(sample[offset::4]) for offset in range(4)]
    if min(zero_share[1:]) > 0.9 and zero_share[0] < 0.1:
        return "utf-32-le"
    if min(zero_share[:3]) > 0.9 and zero_share[3] < 0.1:
        return "utf-32-be"
    odd, even = (zero_share[1] + zero_share[3]) / 2, (zero_share[0] + zero_share[2]) / 2
    if odd > 0.5 and even < 0.1:
        return "utf-16-le"
    if even > 0.5 and odd < 0.1:
        return "utf-16-be"
    return None


def _zero_share(column: bytes) -> float:
    return column.count(0) / len(column) if column else 0.0


def mostly_utf8(body: bytes) -> bool:
    """Whether most non-ASCII bytes form valid UTF-8 sequences: a UTF-8 page with a few stray bytes, not a
    windows-1252 page whose letters happen to pair up now and then."""
    sequences = sequence_bytes = 0
    for match in _UTF8_SEQUENCE.finditer(body):
        sequences += 1
        sequence_bytes += match.end() - match.start()
    high_bytes = len(body) - len(body.translate(None, _HIGH_BYTES))
    stray_bytes = high_bytes - sequence_bytes
    return sequences > stray_bytes


def _unwrap(body: bytes) -> tuple[bytes, list[str]]:
    """Undo gzip/deflate bodies that arrived without Content-Encoding (saved or mislabelled pages)."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
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
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name, fixes
    wide = wide_unicode(body)
    if wide is not None:
        return body.decode(wide, errors="replace"), wide, fixes
    declared = _declared_charset(body, content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared not in (None, "utf-8") and _UTF8_SEQUENCE.search(body):
            fixes.append(Fix.CHARSET_CORRECTED)
        return text, "utf-8", fixes
    latin = declared is None or declared in _LATIN1_ALIASES or declared in _WINDOWS_1252
    if declared == "utf-8" or (latin and mostly_utf8(body)):
        fixes.append(Fix.CHARSET_CORRECTED)
        return body.decode("utf-8", errors="iomcrawl-cp1252"), "utf-8+cp1252", fixes
    if declared is not None and not latin:
        try:
            return body.decode(declared, errors="replace"), declared, fixes
        except (UnicodeError, LookupError, ValueError, TypeError):
            pass  # a codec that cannot even replace: read the page as undeclared
    if declared is None or not latin:
        fixes.append(Fix.CHARSET_GUESSED)
    return body.decode("cp1252", errors="iomcrawl-c1"), "cp1252", fixes


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
    if "\x00" in text:  # a stray NUL carries nothing; browsers do not show it either
        text = text.replace("\x00", "")
    text, repaired = fix_mojibake(text)
    if repaired:
        fixes.append(Fix.MOJIBAKE_FIXED)
    is_html = _is_html(text, url, content_type)
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
    """A PDF, an image, an archive or other binary data served where a page was expected: told by its
    magic number, or by control bytes no text holds in bulk (one stray NUL does not make a page binary,
    and UTF-16 or UTF-32 text is NUL-rich by nature)."""
    for magic, what in _MAGIC.items():
        if body.startswith(magic):
            raise PageRejected(NoRelease.BINARY, f"{what}, not a web page")
    if body.startswith(tuple(bom for bom, _ in _BOMS)) or wide_unicode(body) is not None:
        return
    sample = body[:_BINARY_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * _BINARY_CONTROL_SHARE:
        raise PageRejected(
            NoRelease.BINARY,
            f"binary data, not a web page ({controls} control bytes in the first {len(sample)})",
        )


def _is_html(text: str, url: str, content_type: str | None) -> bool:
    """Markup by header or by sniffing; a text/plain page or a .txt file is markup only when it starts as one."""
    ctype = (content_type or "").lower()
    is_html = "html" in ctype or "xml" in ctype or bool(_HTML_SNIFF.search(text[:4096]))
    if ctype.startswith("text/plain") or url.lower().endswith(".txt"):
        is_html = is_html and not ctype.startswith("text/plain") and bool(_HTML_SNIFF.search(text[:512]))
    return is_html
