"""Decoded page to content blocks: the visible text units of a page, in document order.

HTML is walked in document order rather than through a content selector, because broken legacy
markup routinely pushes half a release out of its container; which blocks are chrome is decided
later, from the ancestry each block carries. Text renderings become one block per line.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from iomcrawl.extraction.emails import decode_cfemail
from iomcrawl.extraction.model import Block, DecodedPage

_SKIP_TAGS = {
    "script", "style", "noscript", "template", "select", "option", "button", "input", "textarea",
    "iframe", "svg", "head", "title", "meta", "link", "object", "embed", "map", "canvas",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr", "table", "ul", "ol", "dl", "dd",
    "dt", "blockquote", "pre", "section", "article", "header", "footer", "nav", "aside", "main", "form",
    "figure", "figcaption", "address", "center", "hr", "body", "html", "fieldset", "legend", "caption",
}  # fmt: skip
_KIND = {"li": "item", "dd": "item", "dt": "item", "td": "cell", "th": "cell", "hr": "rule"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_TITLE_CLASS = re.compile(r"(?<![a-z])(?:title|headline|heading)(?![a-z])|title$", re.I)
_CF_PLACEHOLDER = re.compile(r"\[\s*email\s*(?:&#160;|\u00a0|\s)*protected\s*\]", re.I)


def _text_sizes(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of text under each element, in one pass."""
    sizes: dict[etree._Element, int] = {}

    def visit(el: etree._Element) -> int:
        size = len((el.text or "").strip()) if isinstance(el.tag, str) and el.tag not in _SKIP_TAGS else 0
        for child in el:
            size += visit(child) + len((child.tail or "").strip())
        sizes[el] = size
        return size

    visit(root)
    return sizes


def _tokens(el: etree._Element, wrapper: bool) -> list[str]:
    """The element's tag, id, classes and role as lowercase words; BEM parts are split off too.

    A `wrapper` (an element holding most of the page's text, e.g. an unclosed breadcrumb div) keeps
    only its tag: its names describe what it was meant to hold, not what broken markup put in it.
    """
    out = [el.tag] if isinstance(el.tag, str) else []
    if el.tag in ("html", "body") or wrapper:
        return out  # page-wide classes ("one-sidebar sidebar-second") describe the layout, not this block
    for attr in ("id", "class", "role"):
        for word in (el.get(attr) or "").lower().split():
            out.append(word)
            if "__" in word or "--" in word:
                out.extend(p for p in re.split(r"__|--", word) if p)
    return out


class _Walker:
    def __init__(self, sizes: dict[etree._Element, int], total: int) -> None:
        self.sizes = sizes
        self.total = max(1, total)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.mailto: list[str] = []
        self.owner: list[tuple[etree._Element, str]] = []

    def flush(self) -> None:
        text = "".join(self.parts)
        self.parts = []
        lines = [_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(
            "\n"
        )  # a blank line (<br><br>) is kept: it parts paragraphs
        if text and self.owner:
            el, path = self.owner[-1]
            tag = el.tag if isinstance(el.tag, str) else ""
            kind = "heading" if re.fullmatch(r"h[1-6]", tag) else _KIND.get(tag, "para")
            level = int(tag[1]) if kind == "heading" else 0
            if (
                kind != "heading"
                and _TITLE_CLASS.search(" ".join(_tokens(el, wrapper=False)[1:]))
                and "\n" not in text
            ):
                kind, level = "heading", 2  # <td class="pbnTitle">, <div class="node-title">
            ratio = min(1.0, self.link_chars / max(1, len(text)))
            self.blocks.append(
                Block(text=text, kind=kind, level=level, path=path, link_ratio=ratio, mailto=self.mailto)
            )
        elif self.mailto and self.blocks:
            self.blocks[-1].mailto.extend(self.mailto)
        self.link_chars = 0
        self.mailto = []

    def walk(self, el: etree._Element, path: str, in_link: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS:  # comments, processing instructions, scripts
            if el.tail:
                self.text(el.tail, in_link)
            return
        wrapper = self.sizes.get(el, 0) > 0.6 * self.total and tag in (
            "div",
            "td",
            "table",
            "span",
            "section",
        )
        here = f"{path} {' '.join(_tokens(el, wrapper))}".strip()
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self.flush()
            self.owner.append((el, here))
            if tag == "hr":
                self.blocks.append(Block(text="", kind="rule", path=here))
        if tag == "br":
            self.parts.append("\n")
        link = in_link
        if tag == "a":
            href = (el.get("href") or "").strip()
            link = True
            if "mailto:" in href.lower() or "email-protection" in href.lower():
                self.mailto.append(href)
        if el.get("data-cfemail"):
            address = decode_cfemail(el.get("data-cfemail") or "")
            self.text(address or "", link)
        elif el.text:
            self.text(el.text, link)
        if not el.get("data-cfemail"):
            for child in el:
                self.walk(child, here, link)
        if is_block:
            self.flush()
            self.owner.pop()
        if el.tail:
            self.text(el.tail, in_link)

    def text(self, text: str, in_link: bool) -> None:
        text = text.replace("\n", " ")
        self.parts.append(text)
        if in_link:
            self.link_chars += len(text.strip())


def _html_blocks(text: str) -> list[Block]:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring(f"<html><body><pre>{text}</pre></body></html>")
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        if "email-protection#" in href and _CF_PLACEHOLDER.search(anchor.text_content()):
            address = decode_cfemail(href.rsplit("#", 1)[1])
            if address and not anchor.xpath(".//*[@data-cfemail]"):
                for child in list(anchor):
                    anchor.remove(child)
                anchor.text = address
    sizes = _text_sizes(root)
    walker = _Walker(sizes, sizes.get(root, 0))
    walker.owner.append((root, "html"))
    walker.walk(root, "")
    walker.flush()
    for block in walker.blocks:
        block.text = (
            _CF_PLACEHOLDER.sub("", block.text).strip() if _CF_PLACEHOLDER.search(block.text) else block.text
        )
    return [b for b in walker.blocks if b.text or b.kind == "rule"]


def _text_blocks(text: str) -> list[Block]:
    blocks = []
    for line in text.splitlines():
        line = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
        blocks.append(Block(text=line, kind="line") if line else Block(text="", kind="rule", path="blank"))
    return blocks


def page_blocks(page: DecodedPage) -> list[Block]:
    return _html_blocks(page.text) if page.is_html else _text_blocks(page.text)
