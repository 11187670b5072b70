"""Content blocks to text units: paragraphs, headings and separators, chrome left out.

HTML blocks already are paragraphs. Text renderings arrive one source line per block, hard-wrapped
at a fixed width, with nothing between paragraphs; a line ends its paragraph when it ends a sentence,
and a Title Case line that opens a paragraph stands alone as a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iomcrawl.extraction.model import Block
from iomcrawl.extraction.rules import RULES

_TERMINAL = re.compile(r"""[.!?:"”»’)]\s*$""")
_POSTED_AFTER = re.compile(
    r"^(?P<head>[^\n.!?]{10,200}?)\s+(?P<posted>(?:Posted|Publié|Publicado|Pubblicato)\b[^\n]{0,40}\d{4}[^\n]{0,20})$"
)
# a phone number, an address or a phone label: contact lines, which are never headings ('12,000' is fine)
_CONTACT_DATA = re.compile(r"\d[\d\s().\-/]{5,}\d|@|\b(?:Tel|Tél|Fax|Mobile|E-?mail)\b", re.I)
_HONORIFIC_END = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|Mme|Sr|Sra|Dra)\.$")
_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "at", "by", "with", "from", "as", "into",
    "after", "over", "amid", "against", "via", "de", "la", "le", "les", "des", "du", "et", "en", "el", "los",
    "las", "y", "del", "con", "por", "para", "au", "aux", "à", "sur", "dans", "vs", "is", "are", "its",
}  # fmt: skip


@dataclass
class Unit:
    lines: list[str]
    kind: str = "para"  # heading | para | rule
    level: int = 0
    mailto: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def words(self) -> int:
        return len(self.text.split())


def title_case_ratio(text: str) -> float:
    words = [
        w for w in re.findall(r"[^\s–—\-/]+", text) if w.strip("“”\"'‘’(),:;").lower() not in _SMALL_WORDS
    ]
    words = [w.strip("“”\"'‘’(),:;") for w in words]
    words = [w for w in words if w and w[0].isalpha()]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _wrap_width(lines: list[str]) -> int | None:
    """The hard-wrap width of a text rendering, or None when paragraphs are not wrapped."""
    lengths = sorted(len(line) for line in lines if len(line) >= RULES.wrap_min_line_chars)
    if len(lengths) < RULES.wrap_min_lines:
        return None
    wrapped = [n for n in lengths if n <= RULES.wrap_max_width]
    if len(wrapped) < len(lengths) * RULES.wrap_min_share:
        return None
    return max(wrapped)


def _text_units(blocks: list[Block]) -> list[Unit]:
    """Lines joined into paragraphs until one ends a sentence or falls short of the wrap width."""
    width = _wrap_width([b.text for b in blocks if b.kind == "line" and not b.chrome])
    units: list[Unit] = []
    open_para: Unit | None = None
    blank_run = 0
    for block in blocks:
        if block.chrome or block.kind == "rule":
            open_para = None
            blank_run = blank_run + 1 if block.path == "blank" else 0
            if (block.kind == "rule" and block.path != "blank") or blank_run == RULES.section_blank_lines:
                units.append(Unit(lines=[], kind="rule"))  # two blank lines in a text dump end a section
            continue
        blank_run = 0
        if open_para is not None and _runs_on(open_para.lines[-1], block.text, width):
            open_para.lines.append(block.text)
            continue
        unit = _line_unit(block.text)
        units.append(unit)
        open_para = unit if unit.kind == "para" else None
    return units


def _runs_on(prev: str, line: str, width: int | None) -> bool:
    """`line` continues the paragraph `prev` ends: `prev` ends no sentence and reaches the wrap width."""
    ends = (
        bool(_TERMINAL.search(prev))
        and not _HONORIFIC_END.search(prev)
        and (line[:1].isupper() or line[:1] in '“"«‘(' or line[:1].isdigit())
    )
    short = width is None or len(prev) < RULES.wrap_short_line_share * width
    return not ends and not short


def _line_unit(line: str) -> Unit:
    """A line opening a paragraph; a Title Case line without contact data stands alone as a heading."""
    words = len(re.findall(r"[^\W\d_]{2,}", line))
    standalone_heading = (
        RULES.text_heading_min_words <= words <= RULES.text_heading_max_words
        and not _TERMINAL.search(line)
        and title_case_ratio(line) >= RULES.text_heading_title_case
        and not line.endswith(",")
        and not _CONTACT_DATA.search(line)
    )
    return Unit(lines=[line], kind="heading" if standalone_heading else "para")


def _html_units(blocks: list[Block]) -> list[Unit]:
    units = []
    for block in blocks:
        if block.chrome:
            continue
        if block.kind == "rule":
            units.append(Unit(lines=[], kind="rule"))
            continue
        kind = "heading" if block.kind == "heading" else "para"
        for n, part in enumerate(block.text.split("\n\n")):  # <br><br> separates paragraphs
            mailto = list(block.mailto) if n == 0 else []
            glued = _POSTED_AFTER.match(part) if kind == "para" else None
            if glued:  # '<b>Headline</b> Posted on Thu. May 19, 2016': two lines run together
                units.append(Unit(lines=[glued["head"]], kind=kind, level=block.level, mailto=mailto))
                units.append(Unit(lines=[glued["posted"]], kind=kind, level=block.level))
                continue
            units.append(Unit(lines=part.split("\n"), kind=kind, level=block.level, mailto=mailto))
    return units


def content_units(blocks: list[Block], is_html: bool) -> list[Unit]:
    return _html_units(blocks) if is_html else _text_units(blocks)
