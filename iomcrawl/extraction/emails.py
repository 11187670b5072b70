"""Find and repair e-mail addresses in legacy IOM press pages.

Archived IOM pages rarely carry a clean ``mailto:`` link. The contact line is what breaks most often:
attribute text leaks into the visible text (``"mailto:x@iom.int">x@iom.int``), hrefs carry doubled or
backslash-escaped quotes, repeated schemes, CMS path prefixes or Cloudflare hex, and addresses are
spelled out (``x [at] iom [dot] int``) or have invisible characters inside them. This module undoes
that damage. Everything it returns has been checked with email-validator, and anything that looks
like an address but fails the check is reported as a reject together with the validator's reason.

Plain Python (no Scrapy, no HTML parser): the HTML stage hands over href values and visible text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from email_validator import EmailNotValidError, validate_email

from iomcrawl.codes import Fix
from iomcrawl.extraction.vocabulary import alternation
from iomcrawl.extraction.vocabulary import contacts as contact_words

__all__ = [
    "EmailHit",
    "EmailReject",
    "address_from_href",
    "decode_cfemail",
    "find_emails",
    "is_chrome_address",
    "repair_text",
]


@dataclass(frozen=True)
class EmailHit:
    """One validated address, with where it was found and which repairs it needed."""

    address: str
    raw: str
    start: int
    end: int
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class EmailReject:
    """Something that looked like an address but did not validate; kept so nothing is lost silently."""

    raw: str
    reason: str


# --------------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------------

# Zero-width and directional marks: invisible, and email-validator rejects them as unsafe.
_ZW = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Non-breaking spaces: visible as a space, so they are only dropped right next to the "@".
_NB = "\u00a0\u202f\u2007"
_ZW_RE = re.compile(f"[{_ZW}]")
_INVISIBLE_RE = re.compile(f"[{_ZW}{_NB}]")

# Characters we accept around an "@" when scanning visible text. Narrower than RFC 5322 on purpose:
# '/', '=', '?', '&' and friends would turn URLs and query strings into address candidates.
_LOCAL = r"[\w.+'\-]"
_ADDRESS_RE = re.compile(rf"(?<![\w.+'\-@]){_LOCAL}+@[\w.\-]+")

# --------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _validate(candidate: str) -> tuple[str | None, str]:
    """(normalized address, '') when valid, else (None, reason). Cached: the same boxes repeat."""
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        return None, str(exc)
    except (ValueError, UnicodeError) as exc:  # defensive: odd Unicode must not crash a crawl
        return None, f"invalid address: {exc}"
    return result.normalized, ""


def _is_valid(candidate: str) -> bool:
    return _validate(candidate)[0] is not None


# --------------------------------------------------------------------------------------------------
# Cloudflare
# --------------------------------------------------------------------------------------------------

_HEX_RE = re.compile(r"[0-9A-Fa-f]+")


def decode_cfemail(hex_string: str) -> str | None:
    """Decode Cloudflare's e-mail protection hex, or None when it is not well formed.

    The first byte is the XOR key and each following byte is XORed with it. Cloudflare's decoder
    script then runs ``decodeURIComponent(escape(...))``, which amounts to reading the bytes as
    UTF-8 (``escape`` protects a literal ``%``), so that is what we do too.
    """
    value = hex_string.strip()
    if len(value) < 4 or len(value) % 2 or not _HEX_RE.fullmatch(value):
        return None
    data = bytes.fromhex(value)
    key = data[0]
    try:
        decoded = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in decoded):
        return None
    return decoded


_CF_HREF_RE = re.compile(r"(?:/cdn-cgi/l/email-protection|email-protection\.html)(?:#([^\s\"'<>]*))?", re.I)
# Cloudflare hex left in raw markup: href fragment, data-cfemail, or the older class="HEX" span.
_CF_RAW_RE = re.compile(
    r"""(?:email-protection(?:\.html)?\#|data-cfemail\s*=\s*\\?["']?|id\s*=\s*\\?["']?__cf_email__\\?["']?\s+class\s*=\s*\\?["']?)([0-9A-Fa-f]{4,})""",
    re.I,
)

# --------------------------------------------------------------------------------------------------
# href values
# --------------------------------------------------------------------------------------------------

_MAILTO_RE = re.compile(r"mailto\s*:", re.I)
_STRIP_CHARS = " \t\r\n\"'\\`"
_RECIPIENT_SPLIT_RE = re.compile(r"[,;]")
_ANGLE_RE = re.compile(r"<([^<>]*)>")


def _unescape_all(value: str) -> str:
    """Decode character references until nothing changes (double-escaped ``&amp;#64;`` included)."""
    while "&" in value:
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def _recipients(part: str) -> list[str]:
    """Split a recipient list and strip the wrapping each piece may carry."""
    out = []
    for piece in _RECIPIENT_SPLIT_RE.split(part):
        piece = piece.strip(_STRIP_CHARS)
        angle = _ANGLE_RE.search(piece)
        if angle:  # 'John Doe <jdoe@iom.int>'
            piece = angle.group(1).strip(_STRIP_CHARS)
        if piece:
            out.append(piece)
    return out


def address_from_href(href: str) -> tuple[list[str], list[EmailReject], list[Fix]]:
    """Read the addresses out of any ``<a href>`` value: (valid addresses, rejects, fixes applied).

    Non-mail links give nothing, and so does a share link (``mailto:?subject=...``), which is
    not a reject either.
    """
    fixes: list[Fix] = []
    value = href
    if "&" in value:
        decoded = _unescape_all(value)
        if decoded != value:
            fixes.append(Fix.EMAIL_ENTITY_DECODED)
            value = decoded
    cleaned = _INVISIBLE_RE.sub("", value)
    if cleaned != value:
        fixes.append(Fix.EMAIL_INVISIBLE_CHARS_REMOVED)
        value = cleaned
    stripped = value.strip(_STRIP_CHARS)

    cf = _CF_HREF_RE.search(stripped)
    if cf:
        if not cf.group(1):  # newer markup: the hex lives on the span, not the href
            return [], [], fixes
        decoded_cf = decode_cfemail(cf.group(1))
        if decoded_cf is None:
            return [], [EmailReject(href, "malformed Cloudflare e-mail hex")], fixes
        fixes.append(Fix.CFEMAIL_DECODED)
        return _collect([decoded_cf], fixes)

    scheme = _MAILTO_RE.search(stripped)
    if scheme is None:
        # Some CMS exports drop the scheme and keep a bare address as the href.
        if "@" in stripped and not re.search(r"[/:\s]", stripped):
            fixes.append(Fix.MAILTO_REPAIRED)
            return _collect([stripped], fixes)
        return [], [], fixes

    unusual = stripped != value or scheme.start() > 0 or scheme.group(0) != "mailto:"
    rest = stripped[scheme.end() :]
    while True:  # 'mailto:mailto:x'
        again = _MAILTO_RE.match(rest.lstrip())
        if not again:
            break
        unusual = True
        rest = rest.lstrip()[again.end() :]
    if rest != rest.strip(_STRIP_CHARS):
        unusual = True
    rest = rest.strip(_STRIP_CHARS)
    address_part, _, query = rest.partition("?")
    decoded_part = unquote(address_part)
    if decoded_part != address_part:
        unusual = True
    candidates = _recipients(decoded_part)
    for pair in query.split("&"):
        key, _, val = pair.partition("=")
        if key.strip().lower() in {"to", "cc", "bcc"}:
            candidates.extend(_recipients(unquote(val)))
    if unusual:
        fixes.append(Fix.MAILTO_REPAIRED)
    return _collect(candidates, fixes)


def _collect(candidates: list[str], fixes: list[Fix]) -> tuple[list[str], list[EmailReject], list[Fix]]:
    valid: list[str] = []
    rejects: list[EmailReject] = []
    seen: set[str] = set()
    for candidate in candidates:
        address, reason = _validate(candidate)
        if address is None:
            rejects.append(EmailReject(candidate, reason))
        elif address.casefold() not in seen:
            seen.add(address.casefold())
            valid.append(address)
    return valid, rejects, fixes


# --------------------------------------------------------------------------------------------------
# Repairs on text, expressed as edits so find_emails can map results back to the input
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    fixes: tuple[Fix, ...]


# An attribute that leaked along with a broken anchor: name="v", name='v', name=v or a bare 'name='.
# Values may carry doubled or backslash-escaped quotes (href=""x"", href=\\"x\\") and never cross a tag.
_ATTR_VALUE = r"""(?:(?:\\?"){1,2}[^"\n<>]*?(?:\\?"){1,2}|\\?'[^'\n<>]*?\\?'|[^\s"'<>]*)"""
_ATTR = rf"[A-Za-z][\w\-]*\s*=\s*{_ATTR_VALUE}"
# '"mailto:x@iom.int" target="_blank" title=\n"">' and friends: the leaked opening-tag tail.
_LEAK_RE = re.compile(
    rf"""(?:<a\s+)?(?:href\s*=\s*)?(?:(?:\\?["'`]){{1,2}}[ \t]*)?(?:mailto\s*:\s*)+"""
    rf"""(?P<addr>[^\s"'<>\\`]*)(?:\\?["'`]){{0,2}}(?P<attrs>(?:\s*{_ATTR})*)(?:\s*\\?["'])*(?P<close>\s*>)?""",
    re.I,
)
# 'E-mail: "">' or 'E-mail: "" target="_blank" title=': the address is gone, only markup is left.
_LEAK_ATTR_NAMES = r"(?:target|title|class|rel|id|style|name|onclick|lang|href|data-[\w\-]+)"
# The lookbehind starts only at the start of a blank run: a run of tabs is scanned once, not once per tab.
_EMPTY_LEAK_RE = re.compile(
    rf"""(?<![ \t])[ \t]*\\?"\\?"(?:(?:\s*{_LEAK_ATTR_NAMES}\s*=\s*{_ATTR_VALUE})+(?:\s*\\?["'])*(?:\s*>)?|\s*>)""",
    re.I,
)
_CLOSE_A_RE = re.compile(r"\s*</a\s*>", re.I)

# Spelled-out addresses. A bracketed AT may be used with literal dots ('jdoe(at)iom.int'); a bare
# 'at'/'AT' needs a spelled-out dot as well, so prose ('look at that', 'at IOM. Tel') never matches.
# The spelled words come from the contact vocabulary: every language's in brackets ('(arroba)'), only
# the English ones bare, where prose would otherwise match ('le point de vue').
_AT_WORDS = contact_words.patterns().at_words
_DOT_WORDS = contact_words.patterns().dot_words
_BARE_AT_WORDS = alternation(
    [*contact_words.AT_WORDS["en"], *(w.upper() for w in contact_words.AT_WORDS["en"])]
)
_BARE_DOT_WORDS = alternation(
    [*contact_words.DOT_WORDS["en"], *(w.upper() for w in contact_words.DOT_WORDS["en"])]
)
# Every run is bounded (an address's parts are short: RFC 5321 allows 64 characters before the '@' and 63
# per domain label), so a page of 'jdoe dot jdoe dot …' with no '@' costs linear time, not quadratic: each
# place a match is tried scans at most a few hundred characters.
_GAP = r"[ \t]{0,4}"
_GAP1 = r"[ \t]{1,4}"
_BR_AT = rf"{_GAP}[\[({{<]{_GAP}(?i:{_AT_WORDS}|@){_GAP}[\])}}>]{_GAP}"
_BARE_AT = rf"{_GAP1}{_BARE_AT_WORDS}{_GAP1}"
_SP_DOT = rf"(?:{_GAP}[\[({{<]{_GAP}(?i:{_DOT_WORDS}|\.){_GAP}[\])}}>]{_GAP}|{_GAP1}{_BARE_DOT_WORDS}{_GAP1})"
_DOT = rf"(?:{_SP_DOT}|\.)"
_OB_LOCAL = r"[A-Za-z0-9_+'\-]{1,64}"
_OB_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_OBFUSCATED_RE = re.compile(
    rf"(?<![\w.+'\-@])(?P<local>{_OB_LOCAL}(?:{_DOT}{_OB_LOCAL}){{0,6}})"
    rf"(?P<at>{_BR_AT}|{_BARE_AT}|@)(?P<domain>{_OB_LABEL}(?:{_DOT}{_OB_LABEL}){{1,6}})(?![\w@\-]|\.\w)"
)
_SP_DOT_RE = re.compile(_SP_DOT)

# A run that may hide an address behind invisible characters.
_INVISIBLE_CANDIDATE_RE = re.compile(
    rf"(?<![\w.+'\-{_ZW}])[\w.+'\-{_ZW}]*[\w.+'\-][{_ZW}{_NB}]*@[{_ZW}{_NB}]*[\w\-][\w.\-{_ZW}]*"
)
_RUN_RE = re.compile(r"[^\s<>]+")


def _entity_edits(text: str) -> list[_Edit]:
    """Character references inside an address or a leaked mailto (``x&#64;iom.int``)."""
    edits: list[_Edit] = []
    if "&" not in text:
        return edits
    for run in _RUN_RE.finditer(text):
        value = run.group(0)
        if "&" not in value:
            continue
        decoded = _unescape_all(value)
        if decoded != value and ("@" in decoded or "mailto:" in decoded.lower()):
            edits.append(_Edit(run.start(), run.end(), decoded, (Fix.EMAIL_ENTITY_DECODED,)))
    return edits


def _invisible_edits(text: str) -> list[_Edit]:
    """Zero-width marks inside an address, and non-breaking spaces around its '@'."""
    edits: list[_Edit] = []
    if not _INVISIBLE_RE.search(text):
        return edits
    for m in _INVISIBLE_CANDIDATE_RE.finditer(text):
        value = m.group(0)
        cleaned = _INVISIBLE_RE.sub("", value)
        if cleaned != value and _is_valid(cleaned.strip(".-'")):
            edits.append(_Edit(m.start(), m.end(), cleaned, (Fix.EMAIL_INVISIBLE_CHARS_REMOVED,)))
    return edits


def _leak_edits(text: str) -> list[_Edit]:
    """Leaked anchor markup: keep the address, drop the markup and the repeated link text."""
    edits = []
    lowered = text.lower()
    if "mailto" in lowered:
        for m in _LEAK_RE.finditer(text):
            if not m.group("close") and "@" not in unquote(m.group("addr")):
                continue  # 'mailto:' in prose or in a script building a link: nothing to recover
            addresses, _rejects, fixes = address_from_href("mailto:" + m.group("addr"))
            end = m.end()
            if addresses:
                replacement = ", ".join(addresses)
            else:
                replacement = unquote(m.group("addr").split("?", 1)[0]).strip(_STRIP_CHARS + ",;")
            if m.group("close"):
                # The link text usually repeats the address; swallow it with the closing tag.
                tail = text[end:]
                stripped_tail = tail.lstrip()
                for written in [m.group("addr"), *addresses]:
                    if written and stripped_tail.lower().startswith(written.lower()):
                        end += len(tail) - len(stripped_tail) + len(written)
                        break
                close = _CLOSE_A_RE.match(text, end)
                if close:
                    end = close.end()
            if end < len(text) and (text[end].isalnum() or text[end] in "_.+-'@") and replacement:
                replacement += " "
            all_fixes = tuple(
                dict.fromkeys([Fix.MAILTO_REPAIRED, *(f for f in fixes if f != Fix.MAILTO_REPAIRED)])
            )
            edits.append(_Edit(m.start(), end, replacement, all_fixes))
    if '""' in text or '\\"\\"' in text:
        edits.extend(
            _Edit(m.start(), m.end(), "", (Fix.MAILTO_REPAIRED,)) for m in _EMPTY_LEAK_RE.finditer(text)
        )
    return edits


# With a bare 'at' the words around it could be prose, so the domain must look like a real one.
_COMMON_TLDS = frozenset({"com", "org", "net", "int", "edu", "gov", "info", "mil", "biz"})
_PROSE_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "its", "my", "your"}
)


def _plausible_spelled_domain(domain: str) -> bool:
    labels = domain.lower().split(".")
    tld_ok = labels[-1] in _COMMON_TLDS or (len(labels[-1]) == 2 and labels[-1].isalpha())
    return tld_ok and labels[0] not in _PROSE_WORDS


def _labelled(text: str, start: int) -> bool:
    """An e-mail label ('E-mail:', 'Courriel :') right before `start`: what follows is an address."""
    return bool(
        _label_before_pattern(contact_words.patterns().email_label).search(text[max(0, start - 30) : start])
    )


@lru_cache(maxsize=4)
def _label_before_pattern(label: str) -> re.Pattern[str]:
    """An e-mail label ending the text, compiled once per label vocabulary (it changes only on a rebuild)."""
    return re.compile(rf"(?<![^\W\d_]){label}[ \t]*:?[ \t]*$", re.I)


def _labelled_bare_at(text: str) -> bool:
    """'E-mail: jdoe at iom.int' somewhere in the text (list archives spell the '@' this way)."""
    if " at " not in text and " AT " not in text:
        return False
    words = contact_words.patterns()
    low = text.lower()
    if not any(word in low for word in words.email_label_words):
        return False
    return bool(_bare_at_pattern(words.email_initials, words.email_label).search(text))


@lru_cache(maxsize=4)
def _bare_at_pattern(initials: str, label: str) -> re.Pattern[str]:
    """The 'E-mail: jdoe at' pattern, compiled once per label vocabulary (it changes only on a rebuild)."""
    return re.compile(
        rf"{initials}{label}[ \t]*:?[ \t]*{_OB_LOCAL}(?:\.{_OB_LOCAL}){{0,3}}[ \t]+(?:at|AT)[ \t]", re.I
    )


def _obfuscation_edits(text: str) -> list[_Edit]:
    """'jdoe [at] iom [dot] int' and friends, rewritten only when the result validates."""
    if (
        "@" not in text
        and "dot" not in text.lower()
        and not _BRACKETED_AT.search(text)
        and not _labelled_bare_at(text)
    ):
        return []  # no bracketed 'at', no spelled 'dot', no spelled '@'-dot pair: nothing to undo
    edits = []
    for m in _OBFUSCATED_RE.finditer(text):
        at = m.group("at")
        spelled_dot = bool(_SP_DOT_RE.search(m.group("local")) or _SP_DOT_RE.search(m.group("domain")))
        bare_at = at.strip().lower() in contact_words.AT_WORDS["en"]
        if at == "@" and not spelled_dot:
            continue  # an ordinary address; nothing to undo
        if bare_at and not spelled_dot and not _labelled(text, m.start()):
            continue  # 'more at iom.int' is prose pointing at a website; 'E-mail: jdoe at iom.int' is not
        local = _SP_DOT_RE.sub(".", m.group("local"))
        domain = _SP_DOT_RE.sub(".", m.group("domain"))
        if bare_at and not _plausible_spelled_domain(domain):
            continue  # 'look at the dot com bubble'
        candidate = f"{local}@{domain}"
        if _is_valid(candidate):
            edits.append(_Edit(m.start(), m.end(), candidate, (Fix.EMAIL_DEOBFUSCATED,)))
    return edits


def _find_edits(text: str) -> list[_Edit]:
    """All repairs for one pass, non-overlapping, leftmost (then longest) first."""
    candidates = [
        *_entity_edits(text),
        *_leak_edits(text),
        *_invisible_edits(text),
        *_obfuscation_edits(text),
    ]
    candidates.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[_Edit] = []
    last_end = -1
    for edit in candidates:
        if edit.start >= last_end and (edit.end > edit.start):
            if text[edit.start : edit.end] == edit.text:
                continue
            chosen.append(edit)
            last_end = edit.end
    return chosen


@dataclass
class _Layer:
    """How one pass of edits moved text around: enough to map a span back to the pass's input."""

    new_starts: list[int]  # start of each segment in the output
    segments: list[tuple[int, int, int, _Edit | None]]  # (new_start, orig_start, orig_end, edit)

    def to_input(self, start: int, end: int) -> tuple[int, int, set[Fix]]:
        fixes: set[Fix] = set()
        i = max(bisect_right(self.new_starts, start) - 1, 0)
        new_start, orig_start, _orig_end, edit = self.segments[i]
        mapped_start = orig_start if edit is not None else orig_start + (start - new_start)
        j = max(bisect_right(self.new_starts, max(end - 1, start)) - 1, 0)
        new_start_j, orig_start_j, orig_end_j, edit_j = self.segments[j]
        mapped_end = orig_end_j if edit_j is not None else orig_start_j + (end - new_start_j)
        for k in range(i, j + 1):
            seg_edit = self.segments[k][3]
            if seg_edit is not None:
                fixes.update(seg_edit.fixes)
        return mapped_start, mapped_end, fixes


def _apply(text: str, edits: list[_Edit]) -> tuple[str, _Layer]:
    parts: list[str] = []
    segments: list[tuple[int, int, int, _Edit | None]] = []
    pos = 0
    out_len = 0
    for edit in edits:
        if edit.start > pos:
            segments.append((out_len, pos, edit.start, None))
            parts.append(text[pos : edit.start])
            out_len += edit.start - pos
        segments.append((out_len, edit.start, edit.end, edit))
        parts.append(edit.text)
        out_len += len(edit.text)
        pos = edit.end
    segments.append((out_len, pos, len(text), None))
    parts.append(text[pos:])
    # Zero-length edit outputs (deleted markup) share a start with the next segment; bisect must land
    # on the later, non-empty one, which it does because it takes the rightmost equal start.
    return "".join(parts), _Layer([s[0] for s in segments], segments)


_MAX_PASSES = 12  # nesting seen in practice is 2-3 deep (entities around a leaked anchor)


def _repair(text: str) -> tuple[str, list[_Layer], list[Fix]]:
    """Apply edits until nothing changes (every edit shortens the text; the bound is a safety net)."""
    layers: list[_Layer] = []
    fixes: list[Fix] = []
    current = text
    for _ in range(_MAX_PASSES):
        edits = _find_edits(current)
        if not edits:
            break
        new, layer = _apply(current, edits)
        if new == current:
            break
        for edit in edits:
            for fix in edit.fixes:
                if fix not in fixes:
                    fixes.append(fix)
        layers.append(layer)
        current = new
    return current, layers, fixes


def repair_text(text: str) -> tuple[str, list[Fix]]:
    """Undo e-mail damage in visible text; returns the new text and the repairs applied.

    Idempotent. Cloudflare placeholders are left alone: only the markup holds their hex.
    """
    repaired, _layers, fixes = _repair(text)
    return repaired, fixes


# --------------------------------------------------------------------------------------------------
# Finding addresses
# --------------------------------------------------------------------------------------------------


_BRACKETED_AT = re.compile(rf"[\[({{<]\s*{_AT_WORDS}\s*[\])}}>]", re.I)
_HIDING_MARKS = ("dot", "&#", "%40", "mailto", "cfemail", "email-protection", "__cf_email__")


def _may_hide_address(text: str) -> bool:
    """Substring checks first: they cost nothing next to a pattern run over every paragraph."""
    low = text.lower()
    return (
        any(mark in low for mark in _HIDING_MARKS)
        or bool(_BRACKETED_AT.search(text))
        or _labelled_bare_at(text)
    )


def find_emails(text: str) -> tuple[list[EmailHit], list[EmailReject]]:
    """Every address in the text, in order, deduplicated case-insensitively, plus the near misses.

    Runs the same repairs as :func:`repair_text` first, so raw (even raw HTML) text works too;
    Cloudflare hex found in raw markup is decoded here as well.
    """
    if "@" not in text and not _may_hide_address(text):
        return [], []  # no '@', no obfuscated 'at', no entities or Cloudflare markup: nothing to find
    repaired, layers, _fixes = _repair(text)
    found: list[EmailHit] = []
    rejects: list[EmailReject] = []

    for m in _ADDRESS_RE.finditer(repaired):
        local, _, domain = m.group(0).partition("@")
        fixes: set[Fix] = set()
        start, end = m.start(), m.end()
        leading = len(local) - len(local.lstrip("'"))
        local = local[leading:]
        start += leading
        trimmed_domain = domain.rstrip(".-")
        if trimmed_domain != domain:
            fixes.add(Fix.EMAIL_TRAILING_PUNCTUATION_TRIMMED)
            end -= len(domain) - len(trimmed_domain)
        if not local or not trimmed_domain:
            continue
        candidate = f"{local}@{trimmed_domain}"
        for layer in reversed(layers):
            start, end, layer_fixes = layer.to_input(start, end)
            fixes |= layer_fixes
        raw = text[start:end]
        address, reason = _validate(candidate)
        if address is None:
            rejects.append(EmailReject(raw, reason))
            continue
        found.append(EmailHit(address, raw, start, end, tuple(sorted(fixes))))

    for m in _CF_RAW_RE.finditer(text):
        decoded = decode_cfemail(m.group(1))
        if decoded is None:
            rejects.append(EmailReject(m.group(0), "malformed Cloudflare e-mail hex"))
            continue
        address, reason = _validate(decoded)
        if address is None:
            rejects.append(EmailReject(m.group(0), reason))
            continue
        found.append(EmailHit(address, m.group(0), m.start(1), m.end(1), (Fix.CFEMAIL_DECODED,)))

    found.sort(key=lambda h: (h.start, h.end))
    hits: list[EmailHit] = []
    seen: set[str] = set()
    for hit in found:
        key = hit.address.casefold()
        if key not in seen:
            seen.add(key)
            hits.append(hit)
    unique_rejects: list[EmailReject] = []
    seen_raw: set[str] = set()
    for reject in rejects:
        if reject.raw not in seen_raw:
            seen_raw.add(reject.raw)
            unique_rejects.append(reject)
    return hits, unique_rejects


# Site-wide boxes printed in footers and newsletter chrome. A release never lists them as its
# contact, so they are kept out of records. Role boxes that can be a release contact (media@,
# press@, pbn@, country-office boxes like iomkabul@) are deliberately not listed.
_CHROME_LOCAL_PARTS = frozenset(
    {
        "webmaster",  # site footer
        "webadmin",
        "web",
        "newsletter",  # "Comments/questions: editor@iom.int" newsletter chrome
        "newsletters",
        "editor",
        "noreply",  # automatic senders
        "no-reply",
        "donotreply",
        "do-not-reply",
        "privacy",  # legal footer
        "dataprotection",
        "postmaster",  # RFC 2142 infrastructure boxes
        "hostmaster",
        "abuse",
        "unsubscribe",  # mailing-list chrome
        "subscribe",
    }
)


def is_chrome_address(address: str) -> bool:
    """True for site-chrome boxes (footer, newsletter, no-reply) that are never a release contact."""
    local = address.rpartition("@")[0].split("+", 1)[0].strip().casefold()
    return local in _CHROME_LOCAL_PARTS
