"""Names, roles and offices of people in a release: how a name is cleaned, a role split from its office,
and two mentions recognised as one person."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from iomcrawl.extraction.places import exact_place_region
from iomcrawl.extraction.rules import RULES
from iomcrawl.extraction.vocabulary import alternation, every
from iomcrawl.extraction.vocabulary import contacts as contact_words
from iomcrawl.extraction.vocabulary import people as people_words

HONORIFIC = people_words.honorific_pattern()
PARTICLE = "(?:" + "|".join(people_words.PARTICLES) + ")"
UPPER = "A-ZÀ-ÝĀ-ŽА-ЯЁ"  # the capital and small letters of the scripts with cases, as regex classes
LOWER = "a-zà-ÿā-žа-яё"
_APOSTROPHE = "[’'`]"
CAP = rf"(?:(?:al|el|ad|as|ash|at|ibn|bin|abu|d)[-’'])?[{UPPER}][{LOWER}’'\-]*+(?:[{UPPER}][{LOWER}’'\-]++)?"
NAME = rf"(?:{HONORIFIC}\s+)?{CAP}(?:\s+(?:{PARTICLE}\s+)?{CAP}){{0,3}}"
NOT_NAMES: frozenset[str] = frozenset(every(people_words.NOT_NAMES))
TITLE_WORDS: frozenset[str] = frozenset(every(people_words.ROLE_WORDS))
_DESCRIPTION = re.compile(r"^(?:a|an|one|aged|who|whose|un|une|una|uno)\b", re.I)
_PERSONAL = re.compile(
    r"\b(?:year-old|aged|mother|father|son|daughter|wife|husband|child|widow|grandmother|returnee|refugee)\b",
    re.I,
)


@dataclass
class Person:
    name: str
    role: str | None = None
    office: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "office": self.office,
            "phones": self.phones,
            "emails": self.emails,
        }


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Casefolded, accents dropped: how names and title words are compared."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


TITLE_WORDS = frozenset(fold(word) for word in TITLE_WORDS)  # compared folded: 'secrétaire' is 'secretaire'
NOT_NAMES = frozenset(fold(word) for word in NOT_NAMES)


_HONORIFIC_WORDS = frozenset(fold(word.rstrip(".")) for word in every(people_words.HONORIFICS))


# Words that stand before a name without being part of it: a joiner ('or Ruth Kiplagat') or a place's
# preposition at a sentence's start ('Em Lunga, …'); name particles ('De Santis') are not among them.
_BEFORE_NAMES = (
    frozenset(fold(w) for w in every(contact_words.JOINERS) if " " not in w)
    | frozenset(fold(w) for w in every(people_words.PLACE_PREPOSITIONS))
) - frozenset(people_words.PARTICLES)


_BODIES = frozenset(fold(w) for w in every(people_words.BODIES))


def clean_name(name: str) -> str | None:
    name = re.sub(rf"^(?:{HONORIFIC}\s+)+", "", name.strip(" ,.;:")).strip()
    words = name.split()
    if any(fold(w) in _BODIES for w in words):
        return None  # 'Autonomous Bougainville Government': an institution
    if len(words) > 1 and fold(words[0]) in _BEFORE_NAMES:
        words = words[1:]
        if len(words) == 1 or fold(words[0]) in _BEFORE_NAMES:
            return None  # 'Em Lunga': a place after its preposition, not a person
    while words and re.search(
        r"(?:[’']s|s[’'])$", words[0]
    ):  # 'Bishkek’s Aida Temirova': an office's possessive
        words.pop(0)
    while words and fold(words[-1]) in NOT_NAMES:
        words.pop()
    if len(words) == 1 and fold(words[0].rstrip(".")) in _HONORIFIC_WORDS:
        return None  # 'Hon', 'Licda', 'Ratu' alone: a title cut from its name
    if not words or fold(words[0]) in NOT_NAMES or any(fold(w) in {"iom", "oim", "un"} for w in words):
        return None
    if words[0][:1].islower():
        return None  # 'de Relaciones Exteriores': what is left of a title, not a name
    if any(fold(w) in TITLE_WORDS for w in words):
        return None
    return " ".join(words)


# A definite article before a role or place is dropped; one that is also an indefinite article elsewhere
# (Portuguese 'a', English 'a') is left for the description readers ('a community health worker from …').
_LEADING_ARTICLE = re.compile(
    rf"^{people_words.before_a_word(set(every(people_words.DEFINITE_ARTICLES)) - set(every(people_words.INDEFINITE_ARTICLES)))}",
    re.I,
)


def _place_office(org: str, place: str | None) -> str | None:
    if not place:
        return None
    place = _LEADING_ARTICLE.sub("", place.strip(" .,"))
    return f"{org} {place}" if place else None


def split_role(text: str | None) -> tuple[str | None, str | None]:
    """'IOM Libya’s Head of Protection' -> ('Head of Protection', 'IOM Libya'); descriptions give no role."""
    role, office = _split_role(text)
    return (_tidy_role(role) if role else None), office


# A match never starts inside a run of spaces (one starting earlier in the run would be leftmost), and every
# preposition and office noun starts with a letter, so each run is taken whole, once: linear on long runs.
_OFFICE_NOUN_END = re.compile(
    rf"(?<!\s)\s++(?:of\s+the|de\s+la|de\s+l{_APOSTROPHE}\s*+|du|des|del|della|dell{_APOSTROPHE}\s*+|do|da|im)"
    rf"\s*+{alternation(people_words.OFFICE_NOUNS)}$"
)  # 'directora de la Oficina'; not 'Head of Office', which is the title


_AT_AN_ORGANISATION = re.compile(
    rf"^(?P<title>.*\S)\s+{people_words.before_a_word(people_words.AT_AN_ORGANISATION)}(?P<where>[A-ZÀ-Ý].*)$"
)


# A ministry stays in the title it holds ('Joint Secretary at the Ministry of Home Affairs').
_MINISTRY_WORDS = tuple(every(people_words.MINISTRY_WORDS))
# A relative clause right after a place's or an organisation's name describes it, not the title
# ('directora de un albergue en Ciudad Juárez que hoy cuenta con …'; but 'sociologist who led the survey').
_RELATIVE = re.compile(rf"(?<!\S)(?P<before>\S++)\s+(?:{alternation(people_words.RELATIVE_PRONOUNS)})\s+")


def _tidy_role(role: str) -> str:
    """The title itself: 'Senior Operations Officer and head of the returns team' -> 'Senior Operations
    Officer'; 'project officer for the course' -> 'project officer'."""
    role = re.split(r",\s*(?:which|who|whose|where|qui|que|quien)\b", role)[0]  # a relative clause describes
    if len(role.split()) > RULES.role_clause_min_words:
        clause = next((m for m in _RELATIVE.finditer(role) if m["before"][:1].isupper()), None)
        role = role[: clause.end("before")] if clause else role
    role = _OFFICE_NOUN_END.sub("", role) or role  # 'directora de la Oficina': the office is not the title
    owner = re.match(r"^(?:[A-ZÀ-Ý][\w\-]*\s+){1,4}?[A-ZÀ-Ý][\w\-]*[’']s\s+(?P<role>[a-zà-ÿ].*)$", role)
    if owner and not role.startswith(("IOM", "OIM")):
        role = owner["role"]  # 'The Juvenile Court’s president' -> 'president'
    acronym = re.match(r"^(?P<title>.+?)\s+of\s+(?:the\s+)?(?!IOM|OIM)[A-Z]{2,}\b.*$", role)
    if acronym and is_title(acronym["title"].split()[-1]):
        role = acronym["title"]  # 'Chairman of the SLBFE': the organisation is not the title
    org = _AT_AN_ORGANISATION.match(role)
    if org and is_title(org["title"].split()[-1]) and not org["where"].startswith(_MINISTRY_WORDS):
        role = org["title"]  # 'Assistant Commissioner in the Zambian Immigration Department'
    words = role.split()
    for i, word in enumerate(words[:-1]):
        if word == "and" and i > 0 and is_title(words[i - 1]) and words[i + 1][:1].islower():
            return " ".join(words[:i])
    cut = re.match(r"^(?P<title>.*\S)\s+for\s+the\s+[a-zà-ÿ][\w\s’'-]*$", role)
    if cut and is_title(cut["title"].split()[-1]):
        return cut["title"]
    return role


RoleSplit = tuple[str | None, str | None]  # (role, office)


def _split_role(text: str | None) -> RoleSplit:
    """The role and office in a role phrase, read by the first of the shapes below that fits it."""
    if not text:
        return None, None
    text = " ".join(text.split()).strip(" ,.;:")
    text = _LEADING_ARTICLE.sub("", text)
    if _describes_no_role(text):
        return None, None
    for reader in _ROLE_READERS:
        if (split := reader(text)) is not None:
            return split
    return text, None


def _describes_no_role(text: str) -> bool:
    """An age ('Aboubacar Camara, 26, from Guinea') or a family description; 'child protection officer' is a
    title."""
    if not re.search(r"[^\W\d_]{2}", text) or re.match(r"(?:de\s+)?\d{1,3}\b", text):
        return True  # no words, or an age first ('46 ans, qui rentre …', 'de 29 anos'): never a title
    return bool(_PERSONAL.search(text)) and not any(is_title(word) for word in text.split())


_HEAD_NOUNS = {
    "heads": "head", "leads": "lead", "manages": "manager", "directs": "director", "coordinates": "coordinator",
    "chairs": "chair",
}  # fmt: skip


def _who_heads(text: str) -> RoleSplit | None:
    """'who heads the training unit' -> 'head of the training unit'; 'who heads IOM’s office in Montevideo'."""
    heads = re.match(
        r"^who\s+(?P<verb>heads|leads|manages|directs|coordinates|chairs)\s+(?P<what>.+)$", text, re.I
    )
    if not heads:
        return None
    noun = _HEAD_NOUNS[heads["verb"].lower()]
    what, office = heads["what"], None
    if re.match(r"^(?:IOM|OIM)\b", what):
        what, office = split_role(what)
    role, role_office = split_role(f"{noun} of {what}")
    return role, office or role_office


def _relative_clause(text: str) -> RoleSplit | None:
    """'who led the survey for IOM Ukraine': no role, but the office it names."""
    if not re.match(r"^(?:who|whose|which|qui|que|quien)\b", text, re.I):
        return None
    office = re.search(
        r"\b(?:for|at|with|in|of)\s+(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w’'\-]*){1,3})", text
    )
    return None, office["office"] if office else None


_ONE_OF_WORDS = alternation(people_words.ONE_OF).replace("'", _APOSTROPHE + r"\s*")
_ONE_OF = re.compile(rf"^{_ONE_OF_WORDS}\s+(?P<group>[^\W\d_].*)$", re.I)


def _one_of(text: str) -> RoleSplit | None:
    """'one of the teachers' -> 'teacher', 'uno de los promotores de salud' -> 'promotor de salud', 'one of
    the builders trained in Dondo' -> 'builder': one member of a group, named by its plural noun."""
    match = _ONE_OF.match(text)
    if not match:
        return None
    words = match["group"].split()
    head = next((i for i, word in enumerate(words) if _singular(word) != word), None)
    if head is None:
        return None
    words[head] = _singular(words[head])
    rest = words[head + 1 :]
    complement = rest if rest and rest[0].lower() in _OF_WORDS else []  # 'promotores de salud'
    return _description(" ".join(["a", *words[: head + 1], *complement]))  # described as one: 'a teacher'


_OF_WORDS = frozenset(every(people_words.OF_WORDS))


def _singular(word: str) -> str:
    """A plural noun in the singular, by the regular endings of the languages that mark it with -s:
    'teachers', 'enseignants', 'promotores', 'voluntárias'; other words are kept as written."""
    lower = word.lower()
    if re.search(r"(?:[rlnzd])es$", lower) and len(word) > 5:
        return word[:-2]  # 'promotores', 'doctores'
    if len(word) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _description(text: str) -> RoleSplit | None:
    """'a nurse in Kabul' -> 'nurse': the description's head, without where the person is from."""
    if not _DESCRIPTION.match(text):
        return None
    text = re.sub(r"^(?:a|an|un|une|una|uno)\s+", "", text, flags=re.I)
    text = re.split(r"\s+(?:in|at|from|of\s+the\s+village|en|à|de\s+la\s+ville)\s+[A-Z0-9]", text)[0]
    return (text or None), None


def _office_possessive_role(text: str) -> RoleSplit | None:
    """'IOM Libya’s Head of Protection'; 'IOM’s officer in Tunis' gives the office 'IOM Tunis'."""
    match = re.match(r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){0,3})[’']s?\s+(?P<role>.+)$", text)
    if not match:
        return None
    role, office = match["role"], match["office"]
    inner = re.match(r"^(?P<role>.+?)\s+(?:in\s+the\s+|(?:in|for|at)\s+)(?P<place>[A-ZÀ-Ý].*)$", role)
    if inner and (office in ("IOM", "OIM") or exact_place_region(inner["place"])):
        role = inner["role"]  # not 'Coordinator for Transhumance and Border Management': no place
        if office in ("IOM", "OIM"):
            return role, _place_office(office, inner["place"])
    return role, (office if office not in ("IOM", "OIM") else None)


def _role_at_french_office(text: str) -> RoleSplit | None:
    """'chargée de communication à l’OIM Sénégal'."""
    match = re.match(
        r"^(?P<role>.+?)\s+(?:à|a|en|de)\s+(?:l[’']\s*|la\s+)?(?P<office>OIM\s+[A-ZÀ-Ý].*)$", text
    )
    return (match["role"], match["office"]) if match else None


_OF_ORGANISATION = alternation(people_words.OF_THE_ORGANISATION).replace("'", _APOSTROPHE + r"\s*")
_PLACE_PREPOSITION = alternation(people_words.PLACE_PREPOSITIONS)
# The shortest role that matches never ends inside a run of spaces (unless it is one character), so roles
# that do are skipped, and what follows a run starts with a letter, so the run is taken whole, once: linear
# on long runs of spaces. The same holds for _ROLE_NON_LATIN_OFFICE.
_ROLE_OF_IOM = re.compile(
    rf"^(?P<role>[^,]|[^,]{{2,}}?(?<!\s))\s++(?P<of>{_OF_ORGANISATION})(?:[\w\-]*)"
    rf"(?:\s++{_PLACE_PREPOSITION}\s++(?:the\s+|la\s+|le\s+|l{_APOSTROPHE}\s*)?(?P<place>[^\W\d_].*)"
    rf"|\s++(?P<named>[{UPPER}][^,]*))?$"
)
# An office written in a script without capitals, as printed: 'رئيسة بعثة المنظمة الدولية للهجرة في العراق',
# 'глава миссии МОМ в Таджикистане'.
_NON_LATIN_ORGANISATION = alternation(
    {lang: people_words.ORGANISATION[lang] for lang in people_words.ORGANISATION if lang in ("ar", "ru")}
)
_ROLE_NON_LATIN_OFFICE = re.compile(
    rf"^(?P<role>[^,،]|[^,،]{{2,}}?(?<!\s))\s++"
    rf"(?P<office>{_NON_LATIN_ORGANISATION}(?:\s+{_PLACE_PREPOSITION}\s+[^,،]+)?)$"
)


def _role_of_iom(text: str) -> RoleSplit | None:
    """'spokesperson of IOM in Geneva', 'chef de mission de l’OIM au Niger', 'capo missione dell’OIM in
    Italia', 'Leiter des IOM-Büros in Berlin', 'Ärztin bei IOM Ägypten': the place makes the office."""
    match = _ROLE_OF_IOM.match(text)
    if match:
        org = "OIM" if "OIM" in match["of"] else "IOM"
        if match["named"]:
            return match["role"], f"{org} {match['named'].strip()}"
        return match["role"], _place_office(org, match["place"])
    other = _ROLE_NON_LATIN_OFFICE.match(text)
    return (other["role"], other["office"]) if other else None


def _office_then_lower_role(text: str) -> RoleSplit | None:
    """'IOM Yemen operations officer'; not when a title word is part of what would be the office."""
    match = re.match(r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){1,3})\s+(?P<role>[a-zà-ÿ].*)$", text)
    if match and not any(fold(w) in TITLE_WORDS for w in match["office"].split()):
        return match["role"], match["office"]
    return None


def _iom_role_in_place(text: str) -> RoleSplit | None:
    """'IOM Chief of Mission in Haiti' -> ('Chief of Mission', 'IOM Haiti'); after 'for' only a known place
    ('Programme Manager for Labour Mobility' names none)."""
    match = re.match(
        r"^(?P<org>IOM|OIM)\s+(?P<role>[^,]+?)\s+(?P<prep>in|for|en|au)\s+(?P<place>[A-ZÀ-Ý][^,]*)$", text
    )
    if match and (match["prep"] != "for" or exact_place_region(match["place"])):
        return match["role"], _place_office(match["org"], match["place"])
    return None


def _role_at_office(text: str) -> RoleSplit | None:
    """'project officer at IOM Kabul'."""
    match = re.match(r"^(?P<role>.+?)\s+(?:at|with|for|of)\s+(?P<office>(?:IOM|OIM)\s+[A-ZÀ-Ý].*)$", text)
    return (match["role"], match["office"]) if match else None


_OFFICE_THEN_TITLE = re.compile(
    r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*+){1,3}?)\s+(?P<role>(?:[A-Z][\w\-]*+\s*)*(?:"
    + "|".join(t.capitalize() for t in TITLE_WORDS)
    + r")\b.*)$"
)


def _office_then_title(text: str) -> RoleSplit | None:
    """'IOM Nigeria Chief of Mission': the office ends where the capitalised title begins."""
    words = text.split()
    for size in (3, 2, 1):  # 'IOM South Africa Programme Manager': the office is the longest known place
        place = " ".join(words[1 : 1 + size])
        if (
            words[0] in ("IOM", "OIM")
            and len(words) > size + 1
            and words[size + 1][:1].isupper()
            and exact_place_region(place)
            and is_title_run(words[1 + size :])
        ):
            return " ".join(words[1 + size :]), f"{words[0]} {place}"
    match = _OFFICE_THEN_TITLE.match(text)
    if match and fold(match["office"].split()[-1]) not in TITLE_WORDS:
        return match["role"], match["office"]
    return None


_ROLE_READERS: tuple[Callable[[str], RoleSplit | None], ...] = (
    _one_of,
    _who_heads,
    _relative_clause,
    _description,
    _office_possessive_role,
    _role_at_french_office,
    _role_of_iom,
    _office_then_lower_role,
    _iom_role_in_place,
    _role_at_office,
    _office_then_title,
)


def trim_role(phrase: str) -> str:
    """'... attended by the Deputy Minister of Fisheries' -> 'Deputy Minister of Fisheries': the role starts
    at the capitalised words leading into its first title word."""
    tokens = phrase.split()
    first = next((i for i, t in enumerate(tokens) if is_title(t)), None)
    if first is None:
        return phrase
    start = first
    while start > 0 and tokens[start - 1][:1].isupper() and fold(tokens[start - 1]) not in NOT_NAMES:
        start -= 1
    return " ".join(tokens[start:])


def is_title_run(words: list[str]) -> bool:
    """Capitalised words up to a title word ('Programme Manager for Labour Mobility')."""
    first = next((i for i, w in enumerate(words) if is_title(w)), None)
    return first is not None and all(w[:1].isupper() for w in words[:first])


def is_title(token: str) -> bool:
    folded = fold(token.strip(",.;:"))
    return (
        folded in TITLE_WORDS
        or any(part in TITLE_WORDS for part in folded.split("-"))
        or (folded.endswith(_TITLE_ENDINGS) and len(folded) >= RULES.compound_title_min_chars)
    )


# German titles are compounds ('Botschaftsrätin', 'Abteilungsleiter'): a long word ending on a title.
_TITLE_ENDINGS = tuple(fold(word) for word in every(people_words.TITLE_ENDINGS))


def split_titles(written: str) -> tuple[str | None, str]:
    """Title words written before a name, and the name: 'Botschaftsrätin Liza Marquez-Cruz' ->
    ('Botschaftsrätin', 'Liza Marquez-Cruz'); two name words always stay."""
    words = written.split()
    titles = 0
    while titles < len(words) - 2 and is_title(words[titles]):
        titles += 1
    return (" ".join(words[:titles]) or None), " ".join(words[titles:])


_ROLE_PREPOSITIONS = {"of", "for", "de", "del", "du", "des", "in", "at", "to"}


def split_title_run(run: str) -> tuple[str | None, str | None, str | None]:
    """'IOM Nigeria Chief of Mission Matthias Kreuzberger' -> (name, role, office)."""
    tokens = run.split()
    while tokens and tokens[-1] in _ROLE_PREPOSITIONS | {"the", "and"}:
        tokens.pop()  # '… Hoel-Matsson at the opening': the run ran on into the sentence
    last_title = max((i for i, t in enumerate(tokens) if is_title(t)), default=None)
    if last_title is None or last_title == len(tokens) - 1:
        return None, None, None
    start = _name_start(tokens, last_title)
    if start is None:
        return None, None, None
    name = clean_name(" ".join(tokens[start:]))
    role, office = _run_role_office(tokens[:start])
    return name, role, office


def _name_start(tokens: list[str], last_title: int) -> int | None:
    """Where the name begins after the last title word, or None when capitals only complete the role."""
    start = last_title + 1
    preposition = max(
        (i for i, t in enumerate(tokens) if t in _ROLE_PREPOSITIONS and i >= start - 1), default=None
    )
    if preposition is not None:
        start = max(start, preposition + 2)  # 'Vice-Minister of Labour <Name>': 'Labour' completes the role
    if start >= len(tokens) or not all(t[:1].isupper() for t in tokens[start:]):
        return None
    if start > last_title + 1 and len(tokens) - start < 2:
        return None  # 'Head of Migration Research': the capitals complete the role, no name follows
    return start


def _run_role_office(pre: list[str]) -> tuple[str | None, str | None]:
    """The words before the name: an IOM office, then the role from its first title word."""
    first_title = next(
        i for i, t in enumerate(pre) if is_title(t) or fold(t) in {"senior", "regional", "country", "deputy"}
    )
    office = " ".join(pre[:first_title]) or None
    role = " ".join(pre[first_title:]) or None
    if office and office.split()[0] not in ("IOM", "OIM"):
        return " ".join(pre), None
    return role, office


def same_person(a: str, b: str) -> bool:
    fa, fb = fold(a).split(), fold(b).split()
    if fa == fb:
        return True
    short, long = sorted((fa, fb), key=len)
    if len(short) >= len(long):
        return False
    return (
        long[-len(short) :] == short  # 'Lo Bianco' is 'Chiara Lo Bianco'
        or (len(short) >= 2 and long[: len(short)] == short)  # 'Luis Chumacero' is 'Luis Chumacero Sosa'
        or (len(short) == 1 and len(long) >= 3 and short[0] in long[1:-1])  # 'Chumacero', the first surname
    )


def merge_person(people: list[Person], new: Person, prefer_new_office: bool = False) -> Person:
    for person in people:
        if same_person(person.name, new.name):
            if len(new.name.split()) > len(person.name.split()):
                person.name = new.name
            person.role = person.role or new.role
            if new.office and (prefer_new_office or not person.office):
                person.office = new.office
            person.phones += [p for p in new.phones if p not in person.phones]
            person.emails += [e for e in new.emails if e not in person.emails]
            return person
    people.append(new)
    return new


# --- contact blocks -------------------------------------------------------------------------------
