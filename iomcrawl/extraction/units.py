"""Content blocks to text units: paragraphs, headings and separators, chrome left out.

HTML blocks already are paragraphs. Text renderings arrive one source line per block, hard-wrapped
at a fixed width, with nothing between paragraphs; a line ends its paragraph when it ends a sentence,
and a Title Case line that opens a paragraph stands alone as a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iomcrawl.extraction.model import Block

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
    lengths = sorted(len(line) for line in lines if len(line) >= 30)
    if len(lengths) < 4:
        return None
    wrapped = [n for n in lengths if n <= 100]
    if len(wrapped) < len(lengths) * 0.5:
        return None
    return max(wrapped)


def _text_units(blocks: list[Block]) -> list[Unit]:
    width = _wrap_width([b.text for b in blocks if b.kind == "line" and not b.chrome])
    units: list[Unit] = []
    open_para: Unit | None = None
    blank_run = 0
    for block in blocks:
        if block.chrome or block.kind == "rule":
            open_para = None
            blank_run = blank_run + 1 if block.path == "blank" else 0
            if (block.kind == "rule" and block.path != "blank") or blank_run == 2:
                units.append(Unit(lines=[], kind="rule"))  # two blank lines in a text dump end a section
            continue
        blank_run = 0
        line = block.text
        if open_para is not None:
            prev = open_para.lines[-1]
            ends = (
                bool(_TERMINAL.search(prev))
                and not _HONORIFIC_END.search(prev)
                and (line[:1].isupper() or line[:1] in '“"«‘(' or line[:1].isdigit())
            )
            short = width is None or len(prev) < 0.6 * width
            if not ends and not short:
                open_para.lines.append(line)
                continue
        words = len(re.findall(r"[^\W\d_]{2,}", line))
        standalone_heading = (
            3 <= words <= 30
            and not _TERMINAL.search(line)
            and title_case_ratio(line) >= 0.75
            and not line.endswith(",")
            and not _CONTACT_DATA.search(line)
        )
        unit = Unit(lines=[line], kind="heading" if standalone_heading else "para")
        units.append(unit)
        open_para = None if standalone_heading else unit
    return units


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
