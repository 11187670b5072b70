"""Decoded page to content blocks: the visible text units of a page, in document order.

HTML is walked in document order rather than through a content selector, because broken legacy
markup routinely pushes half a release out of its container; which blocks are chrome is decided
later, from the ancestry each block carries. Text renderings become one block per line.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from iomcrawl.extraction.chrome import CHROME_TAGS, is_chrome_word
from iomcrawl.extraction.emails import decode_cfemail
from iomcrawl.extraction.model import Block, BlockKind, DecodedPage

# Never page text (scripts, forms' widgets) or, by HTML's own definition, navigation and asides.
_SKIP_TAGS = {
    "nav", "aside",
    "script", "style", "noscript", "template", "select", "option", "button", "input", "textarea",
    "iframe", "svg", "head", "title", "meta", "link", "object", "embed", "map", "canvas",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr", "table", "ul", "ol", "dl", "dd",
    "dt", "blockquote", "pre", "section", "article", "header", "footer", "main", "form",
    "figure", "figcaption", "address", "center", "hr", "body", "html", "fieldset", "legend", "caption",
}  # fmt: skip
_WRAPPER_TAGS = {"div", "td", "table", "span", "section", "form", "footer", "aside", "center", "font"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Void elements hold no content, but libxml2 nests what follows an unclosed <embed>, <wbr>, <source>,
# <track> or <keygen> under it (and an unclosed <object> holds the rest of the page as its fallback
# content): the tag itself is skipped, never what the parser put inside it.
_VOID_TAGS = {
    "embed", "object", "img", "input", "link", "meta", "base", "param", "source", "track", "wbr", "keygen",
    "area", "col",
}  # fmt: skip
_KIND: dict[str, BlockKind] = {
    "li": "item",
    "dd": "item",
    "dt": "item",
    "td": "cell",
    "th": "cell",
    "hr": "rule",
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_TITLE_CLASS = re.compile(r"(?<![a-z])(?:title|headline|heading)(?![a-z])|title$", re.I)
_CF_PLACEHOLDER = re.compile(r"\[\s*email\s*(?:&#160;|\u00a0|\s)*protected\s*\]", re.I)
_MAX_WORDS = 32  # names per attribute read from one element: real markup has a handful
_MAX_VALUE = 2000  # characters of an attribute value read


def _tokens(el: etree._Element, wrapper: bool) -> list[str]:
    """The element's tag, id, classes and role as lowercase words; BEM parts are split off too.

    A `wrapper` (an element holding most of the page's text, e.g. an unclosed breadcrumb div) keeps
    only its tag: its names describe what it was meant to hold, not what broken markup put in it.
    """
    if wrapper:
        return ["wrapper"]  # not its own tag either: a <form> around a whole ASP.NET page is no chrome
    tag = el.tag
    out = [tag] if isinstance(tag, str) else []
    if tag in ("html", "body"):
        return out  # page-wide classes ("one-sidebar sidebar-second") describe the layout, not this block
    for attr in ("id", "class", "role"):
        for word in (el.get(attr) or "")[:_MAX_VALUE].lower().split()[:_MAX_WORDS]:
            out.append(word)
            if "__" in word or "--" in word:
                out.extend(p for p in re.split(r"__|--", word) if p)
    return out


class _Walker:
    def __init__(self, root: etree._Element) -> None:
        self.total = max(1, _text_size(root))
        self.paths: dict[etree._Element, str] = {}
        self.wrappers: dict[etree._Element, bool] = {}
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.mailto: list[str] = []
        self.owner: list[etree._Element] = [root]
        # the owners' tags, kept alongside: lxml builds a new string on every .tag read
        self.owner_tags: list[str] = [root.tag if isinstance(root.tag, str) else ""]
        self.tokens: dict[
            etree._Element, list[str]
        ] = {}  # an element's words, read once for collapse and path

    def words(self, el: etree._Element) -> list[str]:
        known = self.tokens.get(el)
        if known is None:
            known = self.tokens[el] = _tokens(el, wrapper=False)
        return known

    def path(self, el: etree._Element) -> str:
        """Ancestry words of `el`, computed once per element and only for elements that own text.

        Iterative (a page may nest thousands deep); a void element adds no words: what lxml nested under
        it follows it in the page.
        """
        chain = []
        node: etree._Element | None = el
        while node is not None and node not in self.paths:
            chain.append(node)
            node = node.getparent()
        base = self.paths[node] if node is not None else ""
        for node in reversed(chain):
            if node.tag in _VOID_TAGS:
                path = base
            else:
                wrapper = bool(
                    node.get("id") or node.get("class") or node.tag in CHROME_TAGS
                ) and self.is_wrapper(node)
                path = f"{base} {' '.join(['wrapper'] if wrapper else self.words(node))}".strip()
            self.paths[node] = base = path
        return base

    def flush(self) -> None:
        if not self.parts:
            if self.mailto and self.blocks:
                self.blocks[-1].mailto.extend(self.mailto)
                self.mailto = []
            return
        text = "".join(self.parts)
        self.parts = []
        if not text.strip():
            self.link_chars = 0
            if self.mailto and self.blocks:
                self.blocks[-1].mailto.extend(self.mailto)
            self.mailto = []
            return
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
        lines = [" ".join(line.split()) for line in text.split("\n")]  # str.split() knows Unicode spaces
        text = "\n".join(lines).strip("\n")
        if "\n\n\n" in text:
            text = re.sub(r"\n{3,}", "\n\n", text)  # a blank line (<br><br>) parts paragraphs
        el, tag = self.owner[-1], self.owner_tags[-1]
        kind: BlockKind = "heading" if tag in _HEADINGS else _KIND.get(tag, "para")
        level = int(tag[1]) if kind == "heading" else 0
        if (
            kind != "heading"
            and "\n" not in text
            and _TITLE_CLASS.search((el.get("class") or el.get("id") or "")[:_MAX_VALUE])
        ):
            kind, level = "heading", 2  # <td class="pbnTitle">, <div class="node-title">
        ratio = min(1.0, self.link_chars / max(1, len(text)))
        self.blocks.append(
            Block(text=text, kind=kind, level=level, path=self.path(el), link_ratio=ratio, mailto=self.mailto)
        )
        self.link_chars = 0
        self.mailto = []

    def walk(self, root: etree._Element) -> None:
        """Collect the text under `root` in document order, one block per block-level element.

        Iterative, so that no nesting depth the parser accepts can overflow Python's stack.
        """
        # element, in_link, and its tag when leaving it (None on the way in)
        stack: list[tuple[etree._Element, bool, str | None]] = [(root, False, None)]
        while stack:
            el, in_link, leaving = stack.pop()
            if leaving is not None:
                if leaving in _BLOCK_TAGS:
                    self.flush()
                    self.owner.pop()
                    self.owner_tags.pop()
                self.tail(el, in_link)
                continue
            raw_tag = el.tag
            tag = raw_tag if isinstance(raw_tag, str) else None
            if tag in _VOID_TAGS:
                pass  # the tag is nothing; what the parser put inside it is the page that follows it
            elif tag is None or tag in _SKIP_TAGS or (tag in _BLOCK_TAGS and self.collapse(el, tag)):
                self.tail(el, in_link)  # comments, processing instructions, scripts, chrome kept as one block
                continue
            elif tag in _BLOCK_TAGS:
                self.open_block(el, tag)
            elif tag == "br":
                self.parts.append("\n")
            elif tag == "a":
                self.note_mail_link(el)
            inner = in_link or tag == "a"
            stack.append((el, in_link, tag or ""))
            if self.own_text(el, inner):
                stack.extend((child, inner, None) for child in reversed(el))

    def open_block(self, el: etree._Element, tag: str) -> None:
        """End the block before, and make `el` the owner of the text that follows; <hr> is a rule itself."""
        self.flush()
        self.owner.append(el)
        self.owner_tags.append(tag)
        if tag == "hr":
            self.blocks.append(Block(text="", kind="rule", path=self.path(el)))

    def note_mail_link(self, el: etree._Element) -> None:
        """Keep a mail link's href for the block: it may hold the only readable copy of the address."""
        href = (el.get("href") or "").strip()
        lowered = href.lower()
        if "mailto:" in lowered or "email-protection" in lowered:
            self.mailto.append(href)

    def own_text(self, el: etree._Element, in_link: bool) -> bool:
        """The element's own text; False when a Cloudflare-protected address, decoded, replaces its children."""
        cfemail = el.get("data-cfemail")
        if cfemail:
            self.text(decode_cfemail(cfemail) or "", in_link)
            return False
        if el.text:
            self.text(el.text, in_link)
        return True

    def tail(self, el: etree._Element, in_link: bool) -> None:
        """The text after `el`'s closing tag, which belongs to the parent."""
        if el.tail:
            self.text(el.tail, in_link)

    def collapse(self, el: etree._Element, tag: str) -> bool:
        """Keep a chrome container (a menu, a footer of 150 office links) as one block: every block under
        it would be chrome anyway, and walking it is most of the work on a legacy page."""
        if not (tag in CHROME_TAGS or any(is_chrome_word(w) for w in self.words(el)[1:])):
            return False
        if self.is_wrapper(el):
            return False
        self.flush()
        text = " ".join(" ".join(islice(el.itertext(), 40)).split())  # a sample is enough to show what it was
        if text:
            self.blocks.append(Block(text=text, kind="para", path=self.path(el)))
        return True

    def is_wrapper(self, el: etree._Element) -> bool:
        if el.tag not in _WRAPPER_TAGS:
            return False
        known = self.wrappers.get(el)
        if known is None:
            known = self.wrappers[el] = (
                not self.inside_a_non_wrapper(el) and _text_size(el) > 0.6 * self.total
            )
        return known

    def inside_a_non_wrapper(self, el: etree._Element) -> bool:
        """An element inside one known to hold less than the share holds less still: no need to measure."""
        node = el.getparent()
        while node is not None:
            known = self.wrappers.get(node)
            if known is not None:
                return not known
            node = node.getparent()
        return False

    def text(self, text: str, in_link: bool) -> None:
        if self.owner_tags[-1] != "pre":  # preformatted text keeps its lines (a mail archive's message)
            text = text.replace("\n", " ")
        self.parts.append(text)
        if in_link:
            self.link_chars += len(text.strip())


def _text_size(el: etree._Element) -> int:
    return len(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


# huge_tree lifts libxml2's nesting limit from 256 to 2048 levels (broken legacy markup: hundreds of
# unclosed <font> or <div>); deeper than that, the page is parsed again flattened (see _flatten).
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A start or end tag up to its closing ">" (not included); possessive, so one pass over the page.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)")
_FLAT_TAG = re.compile(_TAG.pattern + ">?")
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+""")
_LONG_TAG = 4000  # characters: only a start tag this long can carry the attribute count below
_MAX_ATTRIBUTES = 256  # libxml2 is quadratic in the attributes of one element: 40,000 take 10 s
_KEEP_ATTRIBUTES = 32  # a capped element keeps its first attributes and every one the walk reads
_READ_ATTRIBUTES = {"id", "class", "role", "href", "data-cfemail"}
# Tags kept by the flattened parse: none of them nests in libxml2's HTML parser, or contains markup.
_FLAT_TAGS = {"html", "head", "body", "title", "script", "style", "p", "br", "hr", "a", "li", "td", "th"}


# Only a page holding a start tag of _LONG_TAG characters needs the capping pass (one regex search, which
# stops at every "<" or ">", so linear; a tag that hides "<" in quoted values skips the cap and is then
# bounded only by the extraction deadline).
_LONG_TAG_HINT = re.compile(rf"<[A-Za-z][^<>]{{{_LONG_TAG - 2}}}")


def _cap_attributes(text: str) -> str:
    """The page with every element's attributes cut to a few when it has hundreds: linear in the page."""
    if not _LONG_TAG_HINT.search(text):
        return text  # the common case: no start tag long enough to matter
    pieces: list[str] = []
    done = 0
    for tag in _TAG.finditer(text):
        if tag.end() - tag.start() < _LONG_TAG or tag.group(1):
            continue
        kept: list[str] = []
        names: set[str] = set()
        count = 0
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            count += 1
            name = attribute.group().split("=", 1)[0].strip().lower()
            if name not in names and (len(kept) < _KEEP_ATTRIBUTES or name in _READ_ATTRIBUTES):
                names.add(name)
                kept.append(attribute.group())
        if count > _MAX_ATTRIBUTES:
            closing = "/" if tag.group(3).rstrip().endswith("/") else ""
            pieces += [text[done : tag.start()], f"<{tag.group(2)} {' '.join(kept)}{closing}"]
            done = tag.end()
    return "".join(pieces) + text[done:] if pieces else text


def _flatten(text: str) -> str:
    """The page without its nesting tags, for a page nested deeper than the parser goes: its text stays,
    a block (a headline too) as a paragraph, inline markup dropped."""

    def flat(tag: re.Match[str]) -> str:
        name = tag.group(2).lower()
        if name in _FLAT_TAGS:
            return tag.group()
        return "<p>" if name in _BLOCK_TAGS else ""

    return _FLAT_TAG.sub(flat, text)


def _too_deep() -> bool:
    return any("Excessive depth" in error.message for error in _PARSER.error_log)


def _parse(text: str) -> etree._Element:
    """lxml's plain HTML tree (the lxml.html element classes cost time and add nothing here)."""
    text = _cap_attributes(_XML_DECLARATION.sub("", text, count=1))
    root = etree.fromstring(text, _PARSER) if text.strip() else None
    if root is not None and _too_deep():
        root = etree.fromstring(_flatten(text), _PARSER)
    if root is None or root.find(".//body") is None:
        root = etree.fromstring(f"<html><body><pre>{_escape(text)}</pre></body></html>", _PARSER)
    return root


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _html_blocks(text: str) -> list[Block]:
    root = _parse(text)
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        if "email-protection#" in href and _CF_PLACEHOLDER.search("".join(anchor.itertext())):
            address = decode_cfemail(href.rsplit("#", 1)[1])
            if address and not anchor.xpath(".//*[@data-cfemail]"):
                for child in list(anchor):
                    anchor.remove(child)
                anchor.text = address
    walker = _Walker(root)
    walker.walk(root)
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
        if "protected" in line:  # a Cloudflare placeholder flattened to text: its address is gone
            line = _CF_PLACEHOLDER.sub("", line).strip()
        blocks.append(Block(text=line, kind="line") if line else Block(text="", kind="rule", path="blank"))
    return blocks


def page_blocks(page: DecodedPage) -> list[Block]:
    return _html_blocks(page.text) if page.is_html else _text_blocks(page.text)
