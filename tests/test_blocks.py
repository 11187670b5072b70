"""Content blocks from hostile markup: nothing lost, nothing hangs (R02, R03, R03b)."""

from __future__ import annotations

import pytest
from support.linear import assert_scales_linearly

from iomcrawl.extraction import extract_page
from iomcrawl.extraction.blocks import page_blocks
from iomcrawl.extraction.decoding import decode_page
from iomcrawl.extraction.model import Block

RELEASE = (
    "<h1>IOM and Moldova Open First One-Stop Centre for Returning Migrants</h1>"
    "<p>Chisinau, 8 October 2013 – The Government of Moldova and IOM today opened the country’s first one-stop"
    " centre for returning migrants, where people coming home after working abroad can get advice on jobs.</p>"
    "<p>“Too many people come back with savings and skills and then leave again within a year,” said Valentina"
    " Ciobanu, Moldova’s Deputy Minister of Labour.</p>"
    "<p>For further information, please contact Irina Cazacu at IOM Moldova, Tel: +373 22 23 27 40,"
    " Email: icazacu@iom.int</p>"
)
CONTACT = "For further information, please contact Irina Cazacu"


def blocks(html: str) -> list[Block]:
    return page_blocks(decode_page(html.encode("utf-8"), "https://www.iom.int/news/x"))


def texts(html: str) -> list[str]:
    return [b.text for b in blocks(html)]


# R02: libxml2 is quadratic in the attributes of one element (40,000 took 10 s).


def test_many_attributes_scale_linearly() -> None:
    def run(text: str) -> object:
        count = len(text) // len(" a=x")
        attributes = " ".join(f"a{i}=x" for i in range(count))
        return blocks(
            f"<html><body><div {attributes}><h1>A headline</h1><p>Geneva – IOM said.</p></div></body></html>"
        )

    assert_scales_linearly(run, " a=x", base=5000)


def test_many_attributes_keep_the_ones_the_walk_reads() -> None:
    filler = " ".join(f"a{i}=x" for i in range(5000))
    html = (
        f'<html><body><div {filler} class="main-menu"><p>Home</p><p>News</p></div>'
        f'<p>Geneva – IOM said. <a {filler} href="mailto:press@iom.int">press</a></p></body></html>'
    )
    found = blocks(html)
    assert [b.text for b in found] == ["Home News", "Geneva – IOM said. press"]
    assert "menu" in found[0].path  # the class after 5,000 attributes still marks the menu as chrome
    assert found[1].mailto == ["mailto:press@iom.int"]


def test_huge_class_list_is_bounded_in_every_descendant_path() -> None:
    classes = " ".join(f"c{i}" for i in range(100_000))
    found = blocks(
        f'<html><body><div class="{classes}">{"<p>Body text.</p>" * 200}</div><p>{"Prose. " * 2000}</p></body></html>'
    )
    assert len(found) == 201
    assert max(len(b.path) for b in found) < 2000


# R03: a void element never holds content, whatever the parser nested under it.


@pytest.mark.parametrize("tag", ["embed", "wbr", "source", "track", "keygen", "object", "img", "input"])
def test_unclosed_void_element_does_not_swallow_what_follows(tag: str) -> None:
    head, contact = RELEASE.rsplit("<p>For further", 1)
    html = f'<html><body>{head}<{tag} src="/video/centre.swf" class="share">after it<p>For further{contact}</body></html>'
    found = texts(html)
    assert any("after it" in t for t in found)
    assert any(t.startswith(CONTACT) for t in found)


def test_unclosed_embed_keeps_the_release_contact_block() -> None:
    head, contact = RELEASE.rsplit("<p>For further", 1)
    html = f'<html><body>{head}<embed src="/video/centre.swf" width="400" height="300"><p>For further{contact}</body></html>'
    result = extract_page(html.encode("utf-8"), "https://www.iom.int/news/x")
    assert result.status == "records"
    record = result.records[0]
    assert [e["address"] for e in record["emails"]] == ["icazacu@iom.int"]
    assert [p["e164"] for p in record["phones"]] == ["+37322232740"]


def test_void_element_adds_no_ancestry_to_what_follows() -> None:
    found = blocks(
        '<html><body><div id="content"><embed class="sidebar-menu"><p>Body text.</p></div></body></html>'
    )
    assert [(b.text, b.path) for b in found] == [("Body text.", "html body wrapper p")]


def test_skipped_elements_still_skip_their_content() -> None:
    found = texts(
        "<html><body><p>A</p><select><option>menu</option></select><script>x()</script><p>B</p></body></html>"
    )
    assert found == ["A", "B"]


# R03b: deep nesting (libxml2 stopped at 256 levels; a recursive walk at Python's stack).


@pytest.mark.parametrize("depth", [254, 400, 1500, 3000, 20_000])
def test_deeply_nested_release_is_read(depth: int) -> None:
    html = (
        "<html><body>"
        + "<div><font>" * depth
        + RELEASE
        + "</font></div>" * depth
        + "<p>After.</p></body></html>"
    )
    found = texts(html)
    assert any(t.startswith(CONTACT) for t in found)
    assert found[-1] == "After."
    result = extract_page(html.encode("utf-8"), "https://www.iom.int/news/x")
    assert result.status == "records", result.reason


def test_nesting_within_the_parser_limit_keeps_its_structure() -> None:
    found = blocks("<html><body>" + '<div class="x">' * 1000 + RELEASE + "</div>" * 1000 + "</body></html>")
    assert found[0].kind == "heading"
    assert found[0].text.startswith("IOM and Moldova")
