"""Content blocks to text units: paragraphs, headings and separators, chrome left out.

HTML blocks already are paragraphs. Text renderings arrive one source line per block, hard-wrapped
at a fixed width, with nothing between paragraphs; a line ends its paragraph when it ends a sentence,
and a Title Case line that opens a paragraph stands alone as a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iomcrawl.extraction.datelines import opens_with_place
from iomcrawl.extraction.dates import date_line
from iomcrawl.extraction.model import Block
from iomcrawl.extraction.rules import RULES
from iomcrawl.extraction.vocabulary import alternation
from iomcrawl.extraction.vocabulary import pages as page_words
from iomcrawl.extraction.vocabulary import people as people_words

# the line that opens an e-mail's signature ('-- '), in list archives and forwarded releases
_SIGNATURE_DELIMITER = "--"
_NUMBER_TAIL = re.compile(r"^\d[\d \t]{0,12}$")  # the rest of a number cut by the wrap
_TERMINAL = re.compile(r"""[.!?:"”»’)。！？」]\s*$""")  # CJK full stops too


def _page() -> page_words.PagePatterns:
    """Small words, 'Posted' words, contact labels, abbreviations: the page vocabulary, compiled."""
    return page_words.patterns()


@dataclass
class Unit:
    lines: list[str]
    kind: str = "para"  # heading | para | rule
    level: int = 0
    mailto: list[str] = field(default_factory=list)
    # text and word count, remembered with the number of lines they were made from (lines are only ever
    # appended, while a text rendering's paragraph is joined): every rule asks for them many times
    _text: tuple[int, str] = field(default=(-1, ""), repr=False, compare=False)
    _words: tuple[int, int] = field(default=(-1, 0), repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text[0] != len(self.lines):
            self._text = (len(self.lines), " ".join(self.lines))
        return self._text[1]

    @property
    def words(self) -> int:
        if self._words[0] != len(self.lines):
            self._words = (len(self.lines), word_count(self.text))
        return self._words[1]


# scripts written without spaces between words: Han, Hiragana, Katakana, Hangul syllables, Thai
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]")


def word_count(text: str) -> int:
    """Words of `text`; in scripts without spaces between words, every few characters count as one word
    (a Japanese or Chinese paragraph is not one word)."""
    if text.isascii():
        return len(text.split())  # an ASCII text holds no unspaced script: skip the scan
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + unspaced // RULES.unspaced_chars_per_word


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def letter_words(text: str) -> int:
    """Words of two letters or more (numbers and initials left out), counted as :func:`word_count` does
    in scripts without spaces."""
    if text.isascii():
        return len(_LETTER_WORD.findall(text))  # no unspaced script in ASCII: skip the scan
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(_LETTER_WORD.findall(text))
    return len(_LETTER_WORD.findall(_UNSPACED.sub(" ", text))) + unspaced // RULES.unspaced_chars_per_word


def title_case_ratio(text: str) -> float:
    small = _page().small_words
    words = [w for w in re.findall(r"[^\s–—\-/]+", text) if w.strip("“”\"'‘’(),:;").lower() not in small]
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
        if block.text.strip() == _SIGNATURE_DELIMITER:  # a mail's signature follows: not the release's
            units.append(Unit(lines=[], kind="rule"))
            open_para = None
            continue
        if open_para is not None and _runs_on(open_para.lines[-1], block.text, width):
            open_para.lines.append(block.text)
            continue
        unit = _line_unit(block.text)
        units.append(unit)
        open_para = unit if unit.kind == "para" else None
    return units


# A line that ends on an attribution verb ('», a déclaré', '", said') runs on into the speaker's name.
_ATTRIBUTION_END = re.compile(rf"[,”»\"][ \t]*(?:{alternation(people_words.SPEECH_VERBS)})[ \t]*$")


def _runs_on(prev: str, line: str, width: int | None) -> bool:
    """`line` continues the paragraph `prev` ends: `prev` ends no sentence and reaches the wrap width.
    A date line ('9 marzo 2022') is a header line of its own, never the tail of a headline or paragraph."""
    if date_line(line):
        return False
    if opens_with_place(line):
        return False  # 'Abidjan - L’OIM a commencé …' opens the body: the line above is its headline
    if _ATTRIBUTION_END.search(prev):
        return True  # '…», a déclaré' / 'Kouassi Yao Séraphin, responsable du …': the speaker follows
    if _NUMBER_TAIL.match(line) and prev[-1:].isdigit() and _page().contact_entry.search(prev):
        return True  # 'Tel: +56 2' / '2963 3710': a phone number wrapped across two lines
    ends = (
        bool(_TERMINAL.search(prev))
        and not _page().honorific_end.search(prev)
        and (line[:1].isupper() or line[:1] in '“"«‘(' or line[:1].isdigit())
    )
    if prev[-1:].isalpha() and (line[:1].islower() or _ends_on_small_word(prev)):
        return True  # a sentence cut mid-way, whatever the line's length: 'responsable du' / 'programme …'
    short = width is None or len(prev) < RULES.wrap_short_line_share * width
    return not ends and not short


def _line_unit(line: str) -> Unit:
    """A line opening a paragraph; a Title Case line without contact data stands alone as a heading."""
    words = letter_words(line)
    standalone_heading = (
        RULES.text_heading_min_words <= words <= RULES.text_heading_max_words
        and not _TERMINAL.search(line)
        and title_case_ratio(line) >= RULES.text_heading_title_case
        and not line.endswith(",")
        and not _ends_on_small_word(line)
        and not _page().contact_data.search(line)
        and not opens_with_place(line)  # 'Tripoli – The International Organization …' starts a body
    )
    return Unit(lines=[line], kind="heading" if standalone_heading else "para")


def _ends_on_small_word(line: str) -> bool:
    """'…, Social Security and' / 'responsable du': a line cut by the wrap, never a heading."""
    words = line.split()
    return bool(words) and words[-1].casefold() in _page().small_words


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
            glued = _page().posted_after.match(part) if kind == "para" else None
            if glued:  # '<b>Headline</b> Posted on Thu. May 19, 2016': two lines run together
                units.append(Unit(lines=[glued["head"]], kind=kind, level=block.level, mailto=mailto))
                units.append(Unit(lines=[glued["posted"]], kind=kind, level=block.level))
                continue
            lines = part.split("\n")
            if kind == "para" and lines[0] == _SIGNATURE_DELIMITER:  # a mail's signature: not the release's
                units.append(Unit(lines=[], kind="rule"))
                lines = lines[1:] or [lines[0]]
            units.append(Unit(lines=lines, kind=kind, level=block.level, mailto=mailto))
    return units


# the dashes around a briefing item's title: a spaced hyphen, or an en or em dash; a match starts only
# where a run of blanks does (inside one it would fail as the run's start did), so a long run is
# scanned once, not once from each blank
_ITEM_DASH = re.compile(r"(?<![ \t])[ \t]+-{1,2}[ \t]+|(?:(?<![ \t])[ \t]+)?[–—][ \t]*")
_SENTENCE_END = re.compile(r"[.!?][\s\"”»’)]")
_ITEM_BODY_START = re.compile(r"""^[\d"“«‘'(]|^[^\W\d_]""")


def _has_item_dashes(text: str) -> bool:
    """Two dashes at least: every _ITEM_DASH match holds one, and the split needs two matches. Counted
    with str methods, since most paragraphs have none and the split would try every space."""
    return text.count("-") + text.count("–") + text.count("—") >= 2


def _briefing_item(text: str) -> tuple[str, str] | None:
    """'COUNTRY – Headline – body…' in one paragraph (the press-briefing items of the early 2000s): the
    headline, and the body with its place kept as a dateline ('COUNTRY – body…'); None otherwise."""
    head_text = text[: RULES.briefing_item_scan_chars]
    if not _has_item_dashes(head_text):
        return None
    parts = _ITEM_DASH.split(head_text, maxsplit=2)
    if len(parts) < 3:
        return None
    place, head = parts[0].strip(), parts[1].strip()
    body = text[len(head_text) - len(parts[2]) :].strip()
    place_words = place.split()
    if not (
        1 <= len(place_words) <= RULES.briefing_place_max_words
        and len(place) <= RULES.briefing_place_max_chars
        and all(w[0].isupper() or w.lower() in _page().small_words for w in place_words)
        and place_words[0][0].isupper()
        and not any(c.isdigit() for c in place)
    ):
        return None
    head_words = letter_words(head)
    if not (
        RULES.line_headline_min_words <= head_words <= RULES.line_headline_max_words
        and not _SENTENCE_END.search(head + " ")
        and not head.endswith((",", ";", ":"))
        and title_case_ratio(head) >= RULES.line_headline_title_case
        and not _page().contact_entry.search(head)
    ):
        return None
    first = body[:1]
    if not (_ITEM_BODY_START.match(body) and (first.isupper() or not first.isalpha())):
        return None  # '… – who …': a clause between dashes, not a title
    if word_count(body) < RULES.prose_min_words:
        return None
    return head, f"{place} – {body}"


def _split_briefing_items(units: list[Unit]) -> list[Unit]:
    """A briefing item's paragraph as its headline unit and its body unit (dateline first)."""
    out: list[Unit] = []
    for unit in units:
        item = _briefing_item(unit.text) if unit.kind == "para" else None
        if item is None:
            out.append(unit)
            continue
        head, body = item
        out.append(Unit(lines=[head], kind="heading", level=unit.level))
        out.append(Unit(lines=[body], kind="para", level=unit.level, mailto=unit.mailto))
    return out


def content_units(blocks: list[Block], is_html: bool) -> list[Unit]:
    return _split_briefing_items(_html_units(blocks) if is_html else _text_units(blocks))
