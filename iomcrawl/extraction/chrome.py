"""What site chrome looks like in markup: the names themes give their menus, sidebars, footers and widgets.

The names are data in :mod:`iomcrawl.extraction.vocabulary.pages` (``CHROME_CLASS_WORDS``,
``CHROME_TAGS``), compiled there. Shared by the block builder (which keeps a chrome container as one
block instead of walking it) and the boilerplate stage (which marks every block under such a container).
"""

from __future__ import annotations

from functools import lru_cache

from iomcrawl.extraction.vocabulary import pages as page_words

CHROME_TAGS = page_words.CHROME_TAGS  # the vocabulary's own tuple, not a copy


def is_chrome_word(word: str) -> bool:
    compiled = page_words.patterns()
    return word in compiled.chrome_tags or bool(compiled.chrome_class.match(word))


def path_is_chrome(path: str) -> bool:
    return _path_is_chrome(path, page_words.patterns())


@lru_cache(maxsize=4096)
def _path_is_chrome(path: str, compiled: page_words.PagePatterns) -> bool:
    """Keyed on the compiled vocabulary too, so a :func:`~page_words.rebuild` is never answered from cache."""
    words = path.split()
    for i, word in enumerate(words):
        if word in compiled.chrome_tags or compiled.chrome_class.match(word):
            return True
        if word == "header" and not {"article", "main"} & set(words[:i]):
            return True  # the page's header; an article's own <header> holds its headline and date
    return False
