"""Mark navigation and site chrome, so that only content blocks reach release finding.

Two kinds of evidence: where a block sits in the markup (menus, sidebars, footers, share widgets,
captions), and what a line says when a page reaches us as text with its menus flattened into lines
(labels printed twice, headings glued to their blurbs, bullet dashes, known widget labels).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from iomcrawl.extraction.chrome import path_is_chrome
from iomcrawl.extraction.model import Block
from iomcrawl.extraction.vocabulary import pages as page_words

_BULLET = re.compile(r"^[-–•]\s*\S")


def _mark_text_chrome(blocks: list[Block]) -> None:
    """Menus flattened into text: doubled labels, glued heading+blurb lines, bullets, widget labels."""
    lines = [b for b in blocks if b.kind == "line" and not b.chrome]
    for prev, cur in itertools.pairwise(lines):
        p, c = prev.text.casefold(), cur.text.casefold()
        if (p == c and len(p.split()) <= 5) or (
            c.startswith(p)
            and len(c) > len(p)
            and not c[len(p)].isspace()
            and len(p.split()) <= 5
            and c[len(p)].isalpha()
        ):
            prev.chrome = cur.chrome = True
    for block in lines:
        if _BULLET.match(block.text) and len(block.text.split()) <= 6:
            block.chrome = True


@lru_cache(maxsize=8192)
def _is_chrome_text(text: str, page: page_words.PagePatterns) -> bool:
    """A line of text-rendering chrome, or a menu heading glued to its blurb. Cached, since a site's menus
    repeat on every page; keyed on the compiled vocabulary, so a rebuild is never answered from cache."""
    return bool(page.chrome_line.match(text) or page.menu_heading.match(text))


def strip_boilerplate(blocks: list[Block]) -> list[Block]:
    """Return the blocks with chrome marked; rules and content stay in document order."""
    page = page_words.patterns()
    for block in blocks:
        if block.kind == "rule":
            continue
        text = block.text.strip()
        if (
            (block.path and block.path != "blank" and path_is_chrome(block.path))
            or _is_chrome_text(text, page)
            or (
                block.kind in ("item", "cell")
                and block.link_ratio >= 0.8
                and len(text.split()) <= 20
                and not block.mailto  # a contact's address in a list or table cell is contact data
            )
        ):
            block.chrome = True
    _mark_text_chrome(blocks)
    return blocks
