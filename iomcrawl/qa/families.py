"""Which layout family (CMS era) a page belongs to, from its URL and markup.

The families are the eras of ``shared/patterns.md`` §1, because extraction errors cluster by template:
a report that says "Jahia pages lose their dates" is one a person can act on. First rule that fires wins:

1. ``text``: a text rendering, not HTML;
2. ``mirror``: a copy on another site (reliefweb.int, a mailing-list archive), whatever CMS it runs;
3. ``jahia``: a ``/jahia/`` URL (2005–2011);
4. ``cms``: a ``/cms/<lang>/sites/`` URL (2011–2015);
5. the generator ``<meta>``: ``Drupal 7`` → ``drupal7``; ``Drupal 8``–``11`` → ``drupal9``; ``Joomla`` → ``joomla``;
6. markup: Drupal 7 field classes (``field-name-…``), ``sites/all/`` paths or its body classes
   (``not-front``) → ``drupal7``; Drupal 8+ field classes (``field--name-…``), ``data-drupal-…`` or
   ``dialog-off-canvas-main-canvas`` → ``drupal9``; ``index.php/…`` URLs → ``joomla``;
7. otherwise ``other``.

Only URLs and the page's own structure count, never links to other pages: a Drupal listing linking to
old ``/jahia/`` items is still Drupal.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

FAMILIES = ("jahia", "cms", "drupal7", "drupal9", "joomla", "mirror", "text", "other")
MIRROR_HOSTS = ("reliefweb.int", "mail-archive.com", "lists.iom.int", "un.org", "ungeneva.org", "unog.ch")

# A tag's attributes hold no '<': each '<meta' is read up to the next tag at most, never to the end.
_GENERATOR = re.compile(r"""<meta[^<>]+name=["']generator["'][^<>]*content=["']([^"']+)""", re.I)
_GENERATOR_REV = re.compile(r"""<meta[^<>]+content=["']([^"']+)["'][^<>]*name=["']generator["']""", re.I)
_D7 = re.compile(r"""class="[^"]*\b(?:field-name-[a-z]|not-front\b|node-type-)|/sites/all/""", re.I)
_D9 = re.compile(
    r"""class="[^"]*\b(?:field--name-|dialog-off-canvas-main-canvas|path-(?:node|frontpage)\b)|data-drupal-""",
    re.I,
)
_MAIL_ARCHIVE = re.compile(
    r"""<(?:meta|link)[^>]+(?:mailman|pipermail|mail-archive)|X-Mailer:|\bMessage-ID:""", re.I
)


def _host_is(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def layout_family(url: str, markup: str | None = None, *, is_html: bool = True) -> str:
    """One of :data:`FAMILIES`; `markup` is the decoded page (only its first 64 KB are read)."""
    if not is_html:
        return "text"
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    head = (markup or "")[:65536]
    if _host_is(host, MIRROR_HOSTS) or _MAIL_ARCHIVE.search(head):
        return "mirror"
    if "/jahia/" in path:
        return "jahia"
    if re.search(r"/cms/[a-z]{2}/sites/", path):
        return "cms"
    match = _GENERATOR.search(head) or _GENERATOR_REV.search(head)
    generator = match.group(1).lower() if match else ""
    if "drupal 7" in generator:
        return "drupal7"
    if re.search(r"drupal (?:8|9|1\d)", generator):
        return "drupal9"
    if "joomla" in generator or "/index.php/" in path:
        return "joomla"
    if "jahia" in generator:
        return "jahia"
    if _D9.search(head):
        return "drupal9"
    if _D7.search(head):
        return "drupal7"
    return "other"
