"""Every word the chain looks for, as data: per concept, per language.

Each concept module holds word lists keyed by language code and the regular expressions compiled from
them, in one place; no other module keeps its own copy of a label, a month name or an honorific. Adding
a label or a language is a one-line change to a list here.

* :mod:`.dates`: month and weekday names, "Posted" words, relative-time words;
* :mod:`.contacts`: contact-block intros, phone / fax / mobile / e-mail labels;
* :mod:`.people`: honorifics, speech verbs, role and office words;
* :mod:`.pages`: field labels, "not found" phrases, separators, download stubs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "ar", "ru")

Words = Mapping[str, tuple[str, ...]]  # language code -> words or phrases, as written


def every(words: Words | Iterable[str]) -> tuple[str, ...]:
    """All the words of every language, longest first (so an alternation prefers the longest)."""
    flat = (
        [w for lang_words in words.values() for w in lang_words]
        if isinstance(words, Mapping)
        else list(words)
    )
    return tuple(sorted(set(flat), key=lambda w: (-len(w), w)))


def alternation(words: Words | Iterable[str], *, spaced: bool = True) -> str:
    """A regex alternation of the words, escaped; with `spaced`, a space in a phrase matches any run of
    whitespace (hard-wrapped text)."""
    parts = []
    for word in every(words):
        escaped = re.escape(word)
        parts.append(escaped.replace(r"\ ", r"\s+") if spaced else escaped)
    return "(?:" + "|".join(parts) + ")"


def initials(words: Words | Iterable[str]) -> str:
    """A lookahead on the words' first characters, to put before their alternation: every match of the
    alternation starts with one of them, so matches are unchanged, but the engine rejects most positions
    in one step instead of trying each word there (an apostrophe stands for its variants, as in the
    page patterns)."""
    chars = {word[0] for word in every(words)}
    if "'" in chars:
        chars |= set("’`´")
    return "(?=[" + "".join(re.escape(char) for char in sorted(chars)) + "])"
