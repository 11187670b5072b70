"""A crawled page made safe to show inside the report: no scripts, no network, no navigation.

The report must open from disk with no network and must not run anything a page brought along, so the
page's own HTML goes into ``<iframe sandbox srcdoc>`` only after this pass. It keeps what is known to be
inert rather than removing what is known to be dangerous: elements on :data:`ALLOWED_TAGS` stay, those on
:data:`DROPPED_WITH_CONTENT` go with everything inside them (scripts, frames, plugins, media, ``<svg>`` and
``<math>``, whose ``<style>`` an HTML5 browser parses differently from libxml2, and the raw-text elements
where the two disagree too), any other element gives way to its content. Attributes on
:data:`ALLOWED_ATTRIBUTES` stay (a link keeps its target as a tooltip), the others go; CSS keeps only
what :mod:`iomcrawl.qa.css` allows. A Content-Security-Policy of ``default-src 'none'`` and the sandbox
(no ``allow-scripts``) are further walls, not the first one.
"""

from __future__ import annotations

import re

import lxml.html  # type: ignore[import-untyped]  # no stubs installed
from lxml import etree

from iomcrawl.qa.css import sanitize_declarations, sanitize_stylesheet


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
ALLOWED_TAGS = _names(
    """
    html head body style div span p br hr wbr h1 h2 h3 h4 h5 h6 a img
    b i u s em strong small big sub sup mark abbr acronym cite q dfn kbd samp var code pre tt strike
    del ins bdi bdo ruby rt rp time data address blockquote center font
    ul ol li dl dt dd menu dir table caption thead tbody tfoot tr th td col colgroup
    section article header footer nav main aside figure figcaption details summary hgroup
    form input button select option optgroup label fieldset legend output meter progress
    """
)
DROPPED_WITH_CONTENT = _names(
    """
    script noscript template iframe frame frameset object embed applet param link base meta title
    textarea xmp plaintext listing noembed noframes svg math audio video source track picture portal
    canvas map area
    """
)
ALLOWED_ATTRIBUTES = _names(
    """
    class id title lang dir style role hidden align valign width height bgcolor color face size border
    nowrap clear alt colspan rowspan headers scope span cellpadding cellspacing summary start reversed
    type value name datetime abbr checked disabled selected placeholder for label open noshade multiple
    readonly maxlength rows cols min max step high low optimum
    """
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_PAGE_STYLE = (
    "img{background:#e4e7eb;outline:1px dashed #9aa5b1;min-width:16px;min-height:12px}"
    "a[title]{color:#0b5cad;text-decoration:underline}"
)


def _keeps_attribute(name: str) -> bool:
    return name in ALLOWED_ATTRIBUTES or name.startswith("aria-")


def _clean_attributes(el: etree._Element) -> None:
    """Only allowed attributes stay; a link's target becomes its tooltip, a style only its safe part."""
    href = el.get("href")
    for name in list(el.attrib):
        if not _keeps_attribute(name.lower()):
            del el.attrib[name]
    if el.tag == "a" and href and "title" not in el.attrib:
        el.set("title", href[:300])
    style = el.get("style")
    if style is not None:
        safe = sanitize_declarations(style)
        if safe:
            el.set("style", safe)
        else:
            del el.attrib["style"]


def _clean_element(el: etree._Element) -> None:
    """Comments and processing instructions go (conditional comments load things); so do unlisted tags."""
    if not isinstance(el.tag, str):
        if el.getparent() is not None:
            el.drop_tree()
        return
    tag = el.tag.lower()
    if tag in DROPPED_WITH_CONTENT:
        el.drop_tree()
        return
    if tag not in ALLOWED_TAGS:
        if el.getparent() is not None:
            el.drop_tag()
        return
    el.tag = tag
    if tag == "style":
        el.text = sanitize_stylesheet(el.text or "")
        for child in list(el):
            el.remove(child)
    _clean_attributes(el)


def _parse(markup: str) -> etree._Element:
    try:
        return lxml.html.document_fromstring(_XML_DECL.sub("", markup) or "<p></p>")
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<p></p>")


def _add_head(doc: etree._Element) -> None:
    """Charset and CSP first in the head; the placeholder style for images last, so that it wins."""
    head = doc.find("head")
    if head is None:
        head = etree.Element("head")
        doc.insert(0, head)
    style = etree.SubElement(head, "style")
    style.text = _PAGE_STYLE
    csp = etree.Element("meta")
    csp.set("http-equiv", "Content-Security-Policy")
    csp.set("content", CSP)
    head.insert(0, csp)
    charset = etree.Element("meta")
    charset.set("charset", "utf-8")
    head.insert(0, charset)


def safe_srcdoc(markup: str) -> str:
    """The page as a standalone HTML document that cannot load, run or navigate anything."""
    doc = _parse(markup)
    for el in list(doc.iter()):
        _clean_element(el)
    _add_head(doc)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode", method="html")
