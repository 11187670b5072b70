"""What site chrome looks like in markup: the names themes give their menus, sidebars, footers and widgets.

Shared by the block builder (which keeps a chrome container as one block instead of walking it) and
the boilerplate stage (which marks every block under such a container).
"""

from __future__ import annotations

import re
from functools import lru_cache

CHROME_WORD = re.compile(
    r"""^(?:nav\w*|menu\w*|\w*-menu|mega-menu|submenu|breadcrumbs?|footer\w*|site-footer|side\w+|left\w+|right\w+|
    sidebar|sidebar-first|sidebar-second|region-sidebar-first|region-sidebar-second|leftcol|rightcol|leftnav|
    rightnav|topnav|mainnav|toplinks|top-links|topbar|top-bar|header-tools|site-header|skip-link|
    share|share-this|share-block|share-links|sharing|social|social-links|addthis|pager|pagination|
    language-switcher|language-switcher-locale-url|lang|languages|block-locale|backlink|backtop|back-to-top|
    feed-icon|related|related-content|related-links|tools|pbn-tools|print|print-link|image-caption|caption|
    figcaption|credit|credits|photo-credit|element-invisible|visually-hidden|sr-only|more-link|cookie|
    cookies|search|search-form|logo|site-name|site-slogan|tag-list|tags|field--name-field-tags|
    field--name-field-sdg|sdg|newsletter|subscribe|aside|comments|comment)$""",
    re.X,
)
CHROME_TAGS = {"nav", "aside", "footer", "figcaption", "form"}


def is_chrome_word(word: str) -> bool:
    return word in CHROME_TAGS or bool(CHROME_WORD.match(word))


@lru_cache(maxsize=4096)
def path_is_chrome(path: str) -> bool:
    words = path.split()
    for i, word in enumerate(words):
        if word in CHROME_TAGS or CHROME_WORD.match(word):
            return True
        if word == "header" and not {"article", "main"} & set(words[:i]):
            return True  # the page's header; an article's own <header> holds its headline and date
    return False
