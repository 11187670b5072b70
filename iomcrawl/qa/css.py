"""A page's CSS cut down to what cannot load anything, for the report's sanitized page view.

Deny-lists of ``url(`` lose to spellings a browser accepts (``u\\72l(``, ``image-set()``,
``@\\69mport``), so this is an allow-list over a canonical form: comments removed and CSS escapes decoded
first, then only qualified rules and ``@media`` blocks are kept, only declarations whose property is a
plain name and whose value uses plain characters, quoted strings and the functions in
:data:`SAFE_FUNCTIONS` (colours, arithmetic, gradients, transforms: none of them fetches). What is kept is
exactly what was checked: the output holds no backslash, no comment and no ``<``, so a browser reads it
as it was read here, and it cannot close the ``<style>`` element it sits in.
"""

from __future__ import annotations

import re

SAFE_FUNCTIONS = frozenset(
    {
        "",  # a bare bracket: calc((1px + 2px) * 2)
        "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
        "calc", "min", "max", "clamp", "var", "env", "minmax", "repeat", "fit-content",
        "linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
        "repeating-radial-gradient", "repeating-conic-gradient",
        "translate", "translatex", "translatey", "translate3d", "rotate", "rotatex", "rotatey", "rotatez",
        "scale", "scalex", "scaley", "skew", "skewx", "skewy", "matrix", "perspective",
        "cubic-bezier", "steps", "counter", "counters", "rect", "inset", "circle", "ellipse", "polygon",
    }
)  # fmt: skip
MEDIA = "media"  # the one at-rule kept: it only groups rules

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|(.)|\Z)", re.S)
_PROPERTY = re.compile(r"-{0,2}[a-z][a-z0-9-]*")
# outside strings: word characters and the punctuation values use; strings: anything but quote,
# backslash, newline and '<'
_PLAIN = r"""[\w\s#%.,+\-*/!:()]"""
_STRING = r""""[^"\\<\n]*"|'[^'\\<\n]*'"""
_VALUE = re.compile(rf"(?:{_PLAIN}|{_STRING})*")
_SELECTOR = re.compile(rf"""(?:[\w\s#.,:>+~*\[\]=^$|()\-]|{_STRING})+""")
_MEDIA_QUERY = re.compile(r"[\w\s(),:.\-%/=>]*")
# a function's name from its start only, on a value whose blank runs are one space: linear
_FUNCTION = re.compile(r"(?<![\w-])([\w-]*+)\s?\(")
_BLANKS = re.compile(r"\s+")
_AT_RULE = re.compile(r"@([\w-]+)\s*(.*)", re.S)


def _unescape(match: re.Match[str]) -> str:
    hex_digits, newline, char = match.groups()
    if hex_digits:
        code = int(hex_digits, 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    if newline is not None:
        return ""
    return char or ""


def canonical(css: str) -> str:
    """The CSS as a browser reads its characters: comments gone, escapes decoded, NULs replaced."""
    return _ESCAPE.sub(_unescape, _COMMENT.sub(" ", css)).replace("\0", "\ufffd")


def _is_safe_value(value: str) -> bool:
    if not _VALUE.fullmatch(value) or "/*" in value or "*/" in value:
        return False
    return all(name.lower() in SAFE_FUNCTIONS for name in _FUNCTION.findall(_BLANKS.sub(" ", value)))


def _top_level_index(text: str, start: int, stops: str) -> int:
    """The first of `stops` at or after `start` outside strings and brackets, else len(text)."""
    depth, quote = 0, ""
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in stops:
            return i
    return len(text)


def _block_end(text: str, start: int) -> int:
    """The index of the ``}`` closing the block whose content starts at `start` (len(text) if unclosed)."""
    depth, i = 0, start
    while i < len(text):
        i = _top_level_index(text, i, "{}")
        if i >= len(text):
            break
        if text[i] == "{":
            depth += 1
        elif depth == 0:
            return i
        else:
            depth -= 1
        i += 1
    return len(text)


def _declarations(text: str) -> str:
    """Declarations of canonical CSS, keeping those whose property and value pass the allow-list."""
    kept, i = [], 0
    while i < len(text):
        end = _top_level_index(text, i, ";")
        name, colon, value = text[i:end].partition(":")
        name, value = name.strip().lower(), " ".join(value.split())
        if colon and value and _PROPERTY.fullmatch(name) and _is_safe_value(value):
            kept.append(f"{name}:{value}")
        i = end + 1
    return ";".join(kept)


def sanitize_declarations(css: str) -> str:
    """A ``style`` attribute's value reduced to its safe declarations ('' when none is left)."""
    return _declarations(canonical(css))


def _at_rule(prelude: str, body: str) -> str:
    match = _AT_RULE.fullmatch(prelude)
    if match is None or match[1].lower() != MEDIA:
        return ""
    query = " ".join(match[2].split())
    inner = _rules(body)
    if not inner or not _MEDIA_QUERY.fullmatch(query):
        return ""
    return f"@media {query}{{{inner}}}"


def _rule(prelude: str, body: str) -> str:
    if prelude.startswith("@"):
        return _at_rule(prelude, body)
    selector = " ".join(prelude.split())
    if not _SELECTOR.fullmatch(selector) or "/*" in selector or "*/" in selector:
        return ""
    declarations = _declarations(body)
    return f"{selector}{{{declarations}}}" if declarations else ""


def _rules(text: str) -> str:
    """The rules of canonical CSS that pass; statements ending in ``;`` (``@import``, ...) are dropped."""
    out, i = [], 0
    while i < len(text):
        start = _top_level_index(text, i, "{;}")
        if start >= len(text):
            break
        if text[start] != "{":
            i = start + 1
            continue
        end = _block_end(text, start + 1)
        out.append(_rule(text[i:start].strip(), text[start + 1 : end]))
        i = end + 1
    return "".join(out)


def sanitize_stylesheet(css: str) -> str:
    """A ``<style>`` element's text reduced to its safe rules."""
    return _rules(canonical(css))
