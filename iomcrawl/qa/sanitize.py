"""A crawled page made safe to show inside the report: no scripts, no network, no navigation.

The report must open from disk with no network and must not run anything a page brought along, so the
page's own HTML goes into ``<iframe sandbox srcdoc>`` only after this pass: scripts, frames, plugins,
stylesheet links, ``<base>`` and ``<meta refresh>`` removed; ``on*`` handlers, ``src``/``srcset``,
``href``, ``action`` and ``url(...)`` in styles removed (a link keeps its target as a tooltip); and a
Content-Security-Policy of ``default-src 'none'`` on top, so anything missed is blocked by the browser too.
The sandbox attribute (no ``allow-scripts``) is the third wall.
"""

from __future__ import annotations

import re

import lxml.html  # type: ignore[import-untyped]  # no stubs installed
from lxml import etree

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
_DROP = {
    "script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "link", "base",
    "meta", "template", "portal", "audio", "video", "source", "track", "picture",
}  # fmt: skip
_URL_ATTRS = {
    "src", "srcset", "data-src", "data-srcset", "href", "xlink:href", "action", "formaction", "poster",
    "background", "ping", "lowsrc", "longdesc", "manifest", "codebase", "cite", "usemap", "dynsrc",
}  # fmt: skip
_CSS_URL = re.compile(r"url\s*\([^)]*\)|@import[^;]*;?|expression\s*\(", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_PAGE_STYLE = (
    "img{background:#e4e7eb;outline:1px dashed #9aa5b1;min-width:16px;min-height:12px}"
    "a[title]{color:#0b5cad;text-decoration:underline}"
)


def _clean_element(el: etree._Element) -> None:
    for name in list(el.attrib):
        low = name.lower()
        if low.startswith("on") or low in _URL_ATTRS:
            value = el.attrib.pop(name)
            if low == "href" and value and "title" not in el.attrib:
                el.set("title", value[:300])
        elif low == "style" and _CSS_URL.search(el.attrib[name]):
            el.set(name, _CSS_URL.sub("", el.attrib[name]))


def safe_srcdoc(markup: str) -> str:
    """The page as a standalone HTML document that cannot load, run or navigate anything."""
    try:
        doc = lxml.html.document_fromstring(_XML_DECL.sub("", markup) or "<p></p>")
    except (etree.ParserError, ValueError):
        doc = lxml.html.document_fromstring("<p></p>")
    for el in list(doc.iter()):
        if not isinstance(
            el.tag, str
        ):  # comments and processing instructions: conditional comments load things
            if el.getparent() is not None:
                el.drop_tree()
            continue
        if el.tag.lower() in _DROP:
            el.drop_tree()
            continue
        if el.tag.lower() == "style":
            el.text = _CSS_URL.sub("", el.text or "")
        _clean_element(el)
    head = doc.find("head")
    if head is None:
        head = etree.Element("head")
        doc.insert(0, head)
    csp = etree.SubElement(head, "meta")
    csp.set("http-equiv", "Content-Security-Policy")
    csp.set("content", CSP)
    head.insert(0, csp)
    charset = etree.Element("meta")
    charset.set("charset", "utf-8")
    head.insert(0, charset)
    style = etree.SubElement(head, "style")
    style.text = _PAGE_STYLE
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode", method="html")
