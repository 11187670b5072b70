"""Contact blocks: the people a release lists as contacts, each with the office, phones and e-mails
written under their name, in every layout the blocks take (multi-line, one sentence, one per line,
joined by 'or', office above the name, bulleted, French and Spanish)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from iomcrawl.extraction.names import NAME, Person, clean_name, fold, is_title, split_role
from iomcrawl.extraction.phones import PhoneHit
from iomcrawl.extraction.places import region_for_place
from iomcrawl.extraction.vocabulary import alternation
from iomcrawl.extraction.vocabulary import contacts as contact_words
from iomcrawl.extraction.vocabulary import people as people_words

_ORGANISATION = alternation(people_words.ORGANISATION)
_OFFICE = re.compile(rf"^{_ORGANISATION}(?:[\s\-]+[^\W\d_][\w’'\-]*)*$")
_ARABIC_NAME = re.compile(r"^[\u0621-\u064A]{2,}(?:\s+[\u0621-\u064A]{2,}){1,3}$")
_ALTERNATIVE = "(?:o a|oder|oppure|or|ou|o|или|أو)"  # joiners that always join two contacts


@lru_cache(maxsize=4)
def _field_patterns(any_label: str, joiner: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The field splitter and the leading-joiner pattern, compiled once per contact vocabulary."""
    label_after_comma = rf",\s+(?={any_label}(?![^\W\d_]))"
    splitter = re.compile(
        rf"\.\s+(?=[A-ZÀ-Ý])|[,،]\s+{_ALTERNATIVE}\s+|(?<!\s)\s++{_ALTERNATIVE}\s+(?=[A-ZÀ-Ý])|;\s*"
        rf"|{label_after_comma}|(?<=\D)[,،]\s+|(?<!\s)\s++[–—]\s+",  # 'Name, OIM Dakar – Tél. : … – Courriel : …'
        re.I,
    )  # a run of blanks is tried from its start only, and taken whole: linear on long runs
    return splitter, re.compile(rf"^{joiner}\s+(?=[A-ZÀ-ÝА-ЯЁ])")


def _fields(text: str) -> list[str]:
    """The block's fields: lines cut at sentence ends, semicolons, commas (not inside numbers) and
    the words joining two contacts; a joiner becomes a field of its own ('or')."""
    words = contact_words.patterns()
    joiner = words.joiner
    splitter, lead_joiner = _field_patterns(words.any_label, joiner)
    parts = []
    for line in text.split("\n"):
        line = re.sub(r"^[-–•*·]\s+", "", line.strip())  # bulleted contact lists
        if not line:
            continue
        for piece in splitter.split(_split_and(line, joiner)):
            piece = re.sub(
                r"^(?:In|À|En|A|Em|In|Aus)\s+[^:,]{1,40}:\s*", "", piece.strip(" ,.")
            )  # 'In Herat: Nasima Rahimi'
            lead = lead_joiner.match(piece)
            if lead:
                parts.append("or")
                piece = piece[lead.end() :]
            if piece:
                parts.append(piece)
    return parts


def _split_and(line: str, joiner: str) -> str:
    """'… E-Mail: a@iom.int und Nadia Fahmy, IOM Ägypten …': an 'and' after contact data (a digit or an
    address just before it) starts the next contact; elsewhere it is part of a name or an office."""
    return re.sub(rf"(?<=[\d\w])\s+(?={joiner}\s+[A-ZÀ-ÝА-ЯЁ])", _and_split(line), line)


def _and_split(line: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        before = line[max(0, match.start() - 40) : match.start()]
        last = before.split()[-1] if before.split() else ""
        return ", " if ("@" in last or last[-1:].isdigit()) else match.group(0)

    return replace


def _name_field(text: str) -> tuple[str | None, str | None]:
    """A field that names a person: 'Nasser Al-Haddad at IOM Yemen' -> (name, office)."""
    text = re.sub(r"\s*\([^()]*\)", "", text).strip()  # 'Zarina Rakhimova (zrakhimova@iom.int)'
    if not text:
        return None, None
    at = re.match(
        rf"^(?P<name>{NAME})\s+(?:at|of|from|with|à|de|en|con|bei|von|da|na|em|presso|della|dell’|в)\s+"
        rf"(?:l[’']\s*|la\s+|der\s+|a\s+)?(?P<office>(?:IOM|OIM|МОМ)\b.*)$",
        text,
    )
    if at and (name := clean_name(at["name"])):
        return name, at["office"].strip()
    if _ARABIC_NAME.match(text) and not re.search(_ORGANISATION, text) and clean_name(text):
        return text, None  # not 'وحدة الإعلام والاتصال', the unit under the name
    if (
        re.fullmatch(NAME, text)
        and len(text.split()) >= 2
        and not text.isupper()
        and not region_for_place(text)  # 'IOM Ethiopia, Addis Ababa': the office's city, not a person
        and (name := clean_name(text))
    ):
        return name, None
    return None, None


def parse_contacts(lines: list[str]) -> list[Person]:
    """People named in a contact block, with the office each is listed under (before or after the name)."""
    text = "\n".join(lines)
    intro = contact_words.patterns().intro_line.match(text)
    if intro:
        text = text[intro.end() :]
    reading = _ContactReading()
    for piece in _fields(text):
        reading.take(piece)
    return reading.people


@dataclass
class _ContactReading:
    """A contact block read field by field: who is being described, and an office still waiting for its name."""

    people: list[Person] = field(default_factory=list)
    current: Person | None = None
    pending_office: str | None = None

    def take(self, piece: str) -> None:
        """One field: an 'or' between contacts, a name, an office line, or the described person's role."""
        if piece == "or":
            self.current = None
            return
        name, office = _name_field(piece)
        if name:
            self.current = Person(name=name, office=office or self.pending_office)
            self.pending_office = None
            self.people.append(self.current)
        elif _OFFICE.match(bare := re.sub(r"\s*\([^()]*\)", "", piece)):
            self.take_office(bare)
        elif self.current is not None and _may_be_role(piece, self.current):
            role, role_office = split_role(piece)
            self.current.role, self.current.office = role, self.current.office or role_office

    def take_office(self, piece: str) -> None:
        """'IOM Nigeria' under a name is that person's office; above the next name, it waits for it."""
        role, office = split_role(piece) if any(is_title(w) for w in piece.split()[1:]) else (None, piece)
        if self.current and not self.current.office:
            self.current.office = office or piece
            self.current.role = self.current.role or role
        else:
            self.pending_office = piece


def _may_be_role(piece: str, person: Person) -> bool:
    """A short line of words under a name not yet given a role: no number, address or label."""
    if re.search(r"\d|@|:", piece) or contact_words.patterns().label_only.match(piece):
        return False
    return not person.role and not person.phones and len(piece.split()) <= 12 and piece[:1].isalpha()


def assign_contact_details(
    people: list[Person], lines: list[str], phones: list[PhoneHit], emails: list[str]
) -> None:
    """Give each phone and address to the person whose part of the contact block holds it."""
    text = "\n".join(lines)
    anchors = []
    for person in people:
        pos = text.find(person.name)
        if pos < 0:
            pos = text.find(person.name.split()[-1])
        anchors.append(pos)

    def owner(pos: int) -> Person | None:
        best = None
        for person, start in zip(people, anchors, strict=True):
            if 0 <= start <= pos and (best is None or start >= best[1]):
                best = (person, start)
        return best[0] if best else None

    for hit in phones:
        pos = text.find(hit.raw)
        who = owner(pos) if pos >= 0 and not _office_line(text, pos) else None
        if who and hit.e164 not in who.phones:
            who.phones.append(hit.e164)
    for address in emails:
        pos = fold(text).find(fold(address))
        who = owner(pos) if pos >= 0 else owner_by_mailbox(people, address)
        if who and address.lower() not in who.emails:
            who.emails.append(address.lower())


_OFFICE_LINE = re.compile(rf"[ \t]*{alternation(people_words.OFFICE_NOUNS)}\b[^:\n]{{0,80}}:", re.I)


def _office_line(text: str, pos: int) -> bool:
    """The number sits on a line that an office heads ('Escritório da OIM em Luanda: +244 …'): the
    office's number, not the person's above it."""
    start = text.rfind("\n", 0, pos) + 1
    return bool(_OFFICE_LINE.match(text, start, pos))


def owner_by_mailbox(people: list[Person], address: str) -> Person | None:
    local = fold(address.split("@")[0])
    for person in people:
        parts = [re.sub(r"[^a-z]", "", p) for p in fold(person.name).split()]
        if (
            parts
            and parts[-1]
            and parts[-1] in local
            and (local.startswith(parts[0][:1]) or local.startswith(parts[-1]))
        ):
            return person
    return None
