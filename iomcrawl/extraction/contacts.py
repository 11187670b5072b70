"""Contact blocks: the people a release lists as contacts, each with the office, phones and e-mails
written under their name, in every layout the blocks take (multi-line, one sentence, one per line,
joined by 'or', office above the name, bulleted, French and Spanish)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iomcrawl.extraction.names import NAME, Person, clean_name, fold, is_title, split_role
from iomcrawl.extraction.phones import PhoneHit
from iomcrawl.extraction.places import region_for_place

_INTRO_PHRASE = re.compile(
    r"^[^\n]*(?:for\s+(?:further|more)\s+informa\w*|pour\s+plus\s+d[’']?\s*informations?|"
    r"para\s+(?:mayor|más)\s+informaci[óo]n|contact(?:er|ar)?(?:\s+a)?(?![@\w.]))\s*:?",
    re.I,
)
_LABEL_ONLY = re.compile(
    r"^(?:e-?mail|email|courriel|correo(?:\s+electr[óo]nico)?|tel\.?|tél\.?|mobile|fax)\s*:?\s*$", re.I
)
_OFFICE = re.compile(r"^(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w’'\-]*(?:\s+[A-ZÀ-Ý][\w’'\-]*)*)?$")


def _fields(text: str) -> list[str]:
    parts = []
    for line in text.split("\n"):
        line = re.sub(r"^[-–•*·]\s+", "", line.strip())  # bulleted contact lists
        if not line:
            continue
        for piece in re.split(
            r"\.\s+(?=[A-ZÀ-Ý])|,\s+(?:or|ou|o)\s+|\s+or\s+(?=[A-ZÀ-Ý])|;\s*|,\s+(?=(?:Tel|Tél|Phone|Mobile|Mob|Cell|Cel|Fax|E-?mail|Email|Courriel|Correo|Portable|Celular)\b)|(?<=\D),\s+",
            line,
        ):
            piece = re.sub(
                r"^(?:In|À|En|A)\s+[^:,]{1,40}:\s*", "", piece.strip(" ,.")
            )  # 'In Herat: Nasima Rahimi'
            lead = re.match(r"^(?:or|ou|o)\s+(?=[A-ZÀ-Ý])", piece)
            if lead:
                parts.append("or")
                piece = piece[lead.end() :]
            if piece:
                parts.append(piece)
    return parts


def _name_field(text: str) -> tuple[str | None, str | None]:
    """A field that names a person: 'Nasser Al-Haddad at IOM Yemen' -> (name, office)."""
    text = re.sub(r"\s*\([^()]*\)", "", text).strip()  # 'Zarina Rakhimova (zrakhimova@iom.int)'
    if not text:
        return None, None
    at = re.match(
        rf"^(?P<name>{NAME})\s+(?:at|of|from|with|à|de|en|con)\s+(?:l[’']\s*|la\s+)?(?P<office>(?:IOM|OIM)\b.*)$",
        text,
    )
    if at and (name := clean_name(at["name"])):
        return name, at["office"].strip()
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
    intro = _INTRO_PHRASE.match(text)
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
        if re.fullmatch(r"(?:or|ou|o)", piece, re.I):
            self.current = None
            return
        name, office = _name_field(piece)
        if name:
            self.current = Person(name=name, office=office or self.pending_office)
            self.pending_office = None
            self.people.append(self.current)
        elif _OFFICE.match(piece):
            self.take_office(piece)
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
    if re.search(r"\d|@|:", piece) or _LABEL_ONLY.match(piece):
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
        who = owner(pos) if pos >= 0 else None
        if who and hit.e164 not in who.phones:
            who.phones.append(hit.e164)
    for address in emails:
        pos = fold(text).find(fold(address))
        who = owner(pos) if pos >= 0 else owner_by_mailbox(people, address)
        if who and address.lower() not in who.emails:
            who.emails.append(address.lower())


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
