"""People of a release: quoted speakers from the body and contacts from the contact block, each with
role, office and exactly their own phones and e-mails.

Attributions come in a handful of shapes (``said <Name>, <role>``, ``said <role>, <Name>``,
``said IOM <Office> <Title> <Name>``, ``<Surname> added``, a named person then ``she said``), in
English, French and Spanish; a later surname-only mention is the same person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from iomcrawl.extraction.emails import address_from_href, find_emails, is_chrome_address, repair_text
from iomcrawl.extraction.phones import PhoneHit, find_phones, phone_region
from iomcrawl.extraction.places import region_for_place

_HONORIFIC = (
    r"(?:Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|H\.E|Mme|Mlle|M|Sr|Sra|Srta|Dra|Ambassador|Amb)\.?"
)
_PARTICLE = r"(?:de|da|del|della|van|von|der|den|al|el|bin|ben|dos|das|du|la|le|di|ibn|abu)"
_CAP = r"[A-ZÀ-ÝĀ-Ž][a-zà-ÿā-ž’'\-]*(?:[A-ZÀ-Ý][a-zà-ÿ’'\-]+)?"
NAME = rf"(?:{_HONORIFIC}\s+)?{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,3}}"
_VERBS_AFTER = (
    r"said|says|explained|explains|added|adds|noted|notes|stressed|stresses|told|tells|reported|reports|warned|"
    r"warns|urged|urges|commented|declared|stated|emphasized|emphasised|concluded|continued|observed|remarked|"
    r"recalled|insisted|pointed\s+out|explique|a\s+expliqué|déclare|a\s+déclaré|affirme|a\s+affirmé|ajoute|"
    r"a\s+ajouté|souligne|a\s+souligné|précise|a\s+précisé|indique|a\s+indiqué|estime|a\s+estimé|"
    r"raconte|a\s+raconté|témoigne|a\s+témoigné|confie|a\s+confié|poursuit|conclut|insiste|rappelle|"
    r"afirmó|dijo|informó|explicó|añadió|agregó|señaló|destacó|indicó|aseguró|declaró|comentó|expresó|subrayó|"
    r"contó|relató|dice|afirma|explica|asegura|señala|relata"
)
_NOT_NAMES = {
    "he", "she", "they", "we", "it", "i", "you", "this", "that", "the", "there", "iom", "oim", "un", "eu", "who",
    "il", "elle", "ils", "elles", "él", "ella", "ellos", "on", "in", "at", "today", "yesterday", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "but", "and", "as", "one", "some", "many", "most",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "however", "also", "officials", "reuters", "afp", "mission",
}  # fmt: skip
_TITLE_WORDS = {
    "chief", "head", "director", "director-general", "deputy", "coordinator", "officer", "spokesperson",
    "spokesman", "spokeswoman", "representative", "manager", "specialist", "adviser", "advisor", "minister",
    "ambassador", "president", "secretary", "commissioner", "governor", "mayor", "mission", "general", "dg",
    "envoy", "chair", "chairman", "chairperson", "lead", "expert", "consultant", "focal", "point",
    "administrator", "prefect", "préfet", "gouverneur", "ministre", "maire", "alcalde", "gobernador", "ministra",
    "directora", "secretario", "secretaria", "secrétaire", "presidente", "présidente", "commander", "inspector",
    "superintendent", "councillor", "councilor", "senator", "vice-minister", "viceministro", "viceministra",
}  # fmt: skip
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


@dataclass
class ContactDetails:
    paragraphs: list[str]
    people: list[dict]
    phones: list[dict]
    emails: list[dict]
    rejected: list[dict]
    fixes: list[str]


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    """Casefolded, accents dropped: how names and title words are compared."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def clean_name(name: str) -> str | None:
    name = re.sub(rf"^(?:{_HONORIFIC}\s+)+", "", name.strip(" ,.;:")).strip()
    words = name.split()
    while words and re.search(
        r"(?:[’']s|s[’'])$", words[0]
    ):  # 'Bishkek’s Aida Temirova': an office's possessive
        words.pop(0)
    while words and _fold(words[-1]) in _NOT_NAMES:
        words.pop()
    if not words or _fold(words[0]) in _NOT_NAMES or any(_fold(w) in {"iom", "oim", "un"} for w in words):
        return None
    if any(_fold(w) in _TITLE_WORDS for w in words):
        return None
    return " ".join(words)


def _place_office(org: str, place: str | None) -> str | None:
    if not place:
        return None
    place = re.sub(r"^(?:the|la|le|el|les|l[’'])\s*", "", place.strip(" .,"), flags=re.I)
    return f"{org} {place}" if place else None


def split_role(text: str | None) -> tuple[str | None, str | None]:
    """'IOM Libya’s Head of Protection' -> ('Head of Protection', 'IOM Libya'); descriptions give no role."""
    if not text:
        return None, None
    text = " ".join(text.split()).strip(" ,.;:")
    text = re.sub(r"^(?:the|la|le|el|l[’'])\s+", "", text, flags=re.I)
    if _PERSONAL.search(text):
        return None, None
    heads = re.match(
        r"^who\s+(?P<verb>heads|leads|manages|directs|coordinates|chairs)\s+(?P<what>.+)$", text, re.I
    )
    if heads:  # 'who heads the training unit' -> 'head of the training unit'
        noun = {"heads": "head", "leads": "lead", "manages": "manager", "directs": "director",
                "coordinates": "coordinator", "chairs": "chair"}[heads["verb"].lower()]  # fmt: skip
        what, office = heads["what"], None
        if re.match(r"^(?:IOM|OIM)\b", what):  # 'who heads IOM’s office in Montevideo'
            what, office = split_role(what)
        role, role_office = split_role(f"{noun} of {what}")
        return role, office or role_office
    if re.match(r"^(?:who|whose|which|qui|que|quien)\b", text, re.I):
        office = re.search(
            r"\b(?:for|at|with|in|of)\s+(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w’'\-]*){1,3})", text
        )
        return None, office["office"] if office else None  # 'who led the survey for IOM Ukraine'
    if _DESCRIPTION.match(text):
        text = re.sub(r"^(?:a|an|un|une|una|uno)\s+", "", text, flags=re.I)
        text = re.split(r"\s+(?:in|at|from|of\s+the\s+village|en|à|de\s+la\s+ville)\s+[A-Z0-9]", text)[0]
        return (text or None), None
    match = re.match(r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){0,3})[’']s?\s+(?P<role>.+)$", text)
    if match:
        role = match["role"]
        office = match["office"]
        inner = re.match(r"^(?P<role>.+?)\s+(?:in|for|at)\s+(?P<place>[A-ZÀ-Ý].*)$", role)
        if inner:
            role = inner["role"]
            if office in ("IOM", "OIM"):
                return role, _place_office(office, inner["place"])
        return role, (office if office not in ("IOM", "OIM") else None)
    match = re.match(
        r"^(?P<role>.+?)\s+(?:à|a|en|de)\s+(?:l[’']\s*|la\s+)?(?P<office>OIM\s+[A-ZÀ-Ý].*)$", text
    )
    if match:
        return match["role"], match["office"]
    match = re.match(
        r"^(?P<role>.+?)\s+(?:de\s+l[’']\s*OIM|de\s+la\s+OIM|of\s+IOM|at\s+IOM|with\s+IOM)(?:\s+(?:au|aux|en|à|in|de|del|du|para)\s+(?P<place>.+))?$",
        text,
    )
    if match:
        org = "OIM" if "OIM" in text else "IOM"
        return match["role"], _place_office(org, match["place"])
    match = re.match(r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){1,3})\s+(?P<role>[a-zà-ÿ].*)$", text)
    if match and not any(_fold(w) in _TITLE_WORDS for w in match["office"].split()):
        return match["role"], match["office"]
    match = re.match(
        r"^(?P<org>IOM|OIM)\s+(?P<role>[^,]+?)\s+(?:in|for|en|au)\s+(?P<place>[A-ZÀ-Ý][^,]*)$", text
    )
    if match:
        return match["role"], _place_office(match["org"], match["place"])
    match = re.match(r"^(?P<role>.+?)\s+(?:at|with|for)\s+(?P<office>(?:IOM|OIM)\s+[A-ZÀ-Ý].*)$", text)
    if match:
        return match["role"], match["office"]
    match = re.match(
        r"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){1,3}?)\s+(?P<role>(?:[A-Z][\w\-]*\s*)*(?:"
        + "|".join(t.capitalize() for t in _TITLE_WORDS)
        + r")\b.*)$",
        text,
    )
    if match and _fold(match["office"].split()[-1]) not in _TITLE_WORDS:
        return match["role"], match["office"]
    return text, None


def _trim_role(phrase: str) -> str:
    """'... attended by the Deputy Minister of Fisheries' -> 'Deputy Minister of Fisheries': the role starts
    at the capitalised words leading into its first title word."""
    tokens = phrase.split()
    first = next((i for i, t in enumerate(tokens) if _is_title(t)), None)
    if first is None:
        return phrase
    start = first
    while start > 0 and tokens[start - 1][:1].isupper() and _fold(tokens[start - 1]) not in _NOT_NAMES:
        start -= 1
    return " ".join(tokens[start:])


def _is_title(token: str) -> bool:
    folded = _fold(token.strip(",.;:"))
    return folded in _TITLE_WORDS or any(part in _TITLE_WORDS for part in folded.split("-"))


_ROLE_PREPOSITIONS = {"of", "for", "de", "del", "du", "des", "in", "at", "to"}


def _split_title_run(run: str) -> tuple[str | None, str | None, str | None]:
    """'IOM Nigeria Chief of Mission Matthias Kreuzberger' -> (name, role, office)."""
    tokens = run.split()
    last_title = max((i for i, t in enumerate(tokens) if _is_title(t)), default=None)
    if last_title is None or last_title == len(tokens) - 1:
        return None, None, None
    start = last_title + 1
    preposition = max(
        (i for i, t in enumerate(tokens) if t in _ROLE_PREPOSITIONS and i >= start - 1), default=None
    )
    if preposition is not None:
        start = max(start, preposition + 2)  # 'Vice-Minister of Labour <Name>': 'Labour' completes the role
    if start >= len(tokens) or not all(t[:1].isupper() for t in tokens[start:]):
        return None, None, None
    if start > last_title + 1 and len(tokens) - start < 2:
        return (
            None,
            None,
            None,
        )  # 'Head of Migration Research': the capitals complete the role, no name follows
    name = clean_name(" ".join(tokens[start:]))
    pre = tokens[:start]
    first_title = next(
        i
        for i, t in enumerate(pre)
        if _is_title(t) or _fold(t) in {"senior", "regional", "country", "deputy"}
    )
    office = " ".join(pre[:first_title]) or None
    role = " ".join(pre[first_title:]) or None
    if office and office.split()[0] not in ("IOM", "OIM"):
        role, office = " ".join(pre), None
    return name, role, office


_SENTENCE = re.compile(r"(?<=[.!?”\"»])\s+(?=[“\"«A-ZÀ-Ý])")
_AFTER_VERB = re.compile(rf"\b(?:{_VERBS_AFTER})\s+(?P<rest>[^“”\"«»]+)")
_BEFORE_VERB = re.compile(
    rf"(?:^|[”\"»,.]\s*|\b(?:and|but)\s+)(?P<name>{NAME})(?:,\s+(?P<role>[^,“”\"]{{2,120}}),)?\s+(?:{_VERBS_AFTER})\b"
)
_POSSESSIVE = re.compile(
    rf"\b(?P<office>(?:IOM|OIM)\s+[A-Z][\w\-]*)[’']s?\s+(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
_APPOSITION = re.compile(
    rf"(?:^|[.;:]\s+|\b(?:and|but|while|y|et)\s+)(?P<role>[^,.;“”\"«»]{{3,120}}),\s+(?P<name>{NAME}),\s+(?:{_VERBS_AFTER})\b"
)
_RUN_BEFORE_VERB = re.compile(
    rf"(?:^|[.;:”\"»]\s+)(?P<run>(?:IOM|OIM)\b[^,.;“”\"«»]{{0,80}}?)\s+(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
# The attribution verbs as single words: a set lookup is far cheaper than the alternation on every sentence.
_VERB_WORDS = frozenset(
    w for w in re.findall(r"[^\W\d_]+", _VERBS_AFTER.replace("\\s+", " ")) if w not in {"a", "s", "out"}
)
_WORD = re.compile(r"[^\W\d_]+")


def may_attribute(sentence: str) -> bool:
    """Whether a sentence has an attribution verb at all (said, a déclaré, afirmó, raconte-t-elle, …)."""
    return (
        not _VERB_WORDS.isdisjoint(_WORD.findall(sentence.lower()))
        or "-il" in sentence
        or "-elle" in sentence
    )


_WHO_SAID = re.compile(rf"(?P<role>[^,.;“”\"«»]{{3,160}}),\s+(?P<name>{NAME}),\s+who\s+(?:{_VERBS_AFTER})\b")
_TITLED_BEFORE_VERB = re.compile(
    rf"(?:^|[.;:”\"»]\s+)(?P<run>(?:[A-ZÀ-Ý][\w’'\-]*\s+(?:(?:of|for|de|del|the|and|y|et)\s+)?){{1,6}}?)"
    rf"(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
_FOR_OPENINGS = ("Pour ", "Selon ", "Según ", "Para ", "For ", "According to ")
_FOR_NAME = re.compile(
    rf"(?:^|[.;]\s+)(?:Pour|Selon|Según|Para|For|According\s+to)\s+(?:le\s+|la\s+|el\s+|the\s+)?(?P<name>{NAME}),"
    rf"\s+(?P<role>[^,«“\"]{{2,120}}),\s*[«“\"]"
)
_PRONOUN = re.compile(
    rf"\b(?:he|she|il|elle|ella|él)\s+(?:{_VERBS_AFTER})\b|[”\"»],?\s+(?:{_VERBS_AFTER})\s*[.;]"
    r"|\b\w+(?:-t)?-(?:il|elle)\b",  # French inversion: 'raconte-t-elle', 'dit-il'
    re.I,
)
_INTRO = re.compile(
    rf"(?:^|[.!?]\s+)(?P<name>{NAME}),\s+(?=[a-zà-ÿ0-9])"
)  # 'Rosa, de 34 años', 'Salamata, mère de six'


_CLAUSE_WORDS = re.compile(
    r"\b(?:was|is|were|are|would|will|had|has|have|could|should|can|that|that’s|est|était|sont|que|qui|es|era|son|fue)\b",
    re.I,
)


def _title_like(phrase: str) -> bool:
    """A role phrase, not reported speech: 'IOM’s counter-trafficking officer', not 'IOM was training staff in'."""
    return len(phrase.split()) <= 14 and not _CLAUSE_WORDS.search(phrase)


def _from_rest(rest: str) -> Person | None:
    """The words after an attribution verb: '<Name>, <role>' or '<role>, <Name>' or '<Title run> <Name>'."""
    rest = rest.strip()
    head = re.match(rf"^(?:the\s+|la\s+|le\s+|el\s+)?(?P<name>{NAME})(?P<after>.*)$", rest)
    if head:
        name = clean_name(head["name"])
        after = head["after"]
        followers = r"^\s*(?:[.;:]|$|\s(?:at|in|during|on|when|after|before|while|who|to|en|a|à|que|quien)\b)"
        if name and (
            after.startswith(",")
            or re.match(r"^\s*(?:[.;:]|$)", after)
            or (len(name.split()) > 1 and re.match(followers, after))  # 'urges States to …' names nobody
        ):
            role_text = None
            if after.startswith(","):
                role_text = re.split(
                    r"[.;]\s|[.;]$|,\s+(?:at|in|during|on|when|who|adding|while|after|before|en|à|durante)\b",
                    after[1:],
                )[0]
            role, office = split_role(role_text)
            return Person(name=name, role=role, office=office)
        if not name:
            run = re.match(
                r"^(?P<run>(?:IOM|OIM|UN)?(?:\s*[A-ZÀ-Ý][\w’'\-]*|\s+(?:of|for|de|del|the|and)\b)+)", rest
            )
            if run:
                pname, prole, poffice = _split_title_run(run["run"].strip())
                if pname:
                    return Person(name=pname, role=prole, office=poffice)
    possessive = re.match(
        rf"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){{1,3}})[’']s?\s+(?P<name>{NAME})", rest
    )
    if possessive and (name := clean_name(possessive["name"])):
        return Person(name=name, office=possessive["office"])
    comma = re.match(
        rf"^(?:the\s+|la\s+|le\s+|el\s+)?(?P<role>[^,]{{2,120}}?),\s+(?P<name>{NAME})\s*(?=[,.;:]|$|\s(?:at|in|during|on|en|à)\b)",
        rest,
    )
    if comma and (name := clean_name(comma["name"])):
        role, office = split_role(comma["role"])
        return Person(name=name, role=role, office=office)
    long_role = re.match(
        rf"^(?:the\s+|la\s+|le\s+|el\s+)?(?P<role>[^“”\"]{{2,160}}?),\s+(?P<name>{NAME})\s*(?:[.;]|$)", rest
    )
    if (
        long_role
        and _title_like(long_role["role"])
        and (name := clean_name(long_role["name"]))
        and len(name.split()) >= 2
    ):
        role, office = split_role(
            long_role["role"]
        )  # 'Regional Director for the EU, Norway and Switzerland, <Name>'
        return Person(name=name, role=role, office=office)
    trailing = re.match(rf"^(?P<role>[^,.;“”\"]{{2,120}}?)\s+(?P<name>{NAME})\s*(?:[,.;:]|$)", rest)
    if (
        trailing
        and _title_like(trailing["role"])
        and (name := clean_name(trailing["name"]))
        and len(name.split()) >= 2
    ):
        role, office = split_role(trailing["role"])
        return Person(name=name, role=role, office=office)
    return None


def _sentences(paragraph: str) -> list[str]:
    """Sentences, without breaking after an honorific ('said Dr. Hasan')."""
    out: list[str] = []
    for piece in _SENTENCE.split(paragraph):
        if out and re.search(rf"\b{_HONORIFIC}$", out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def quoted_people(paragraphs: list[str]) -> list[Person]:
    people: list[Person] = []
    earlier: list[str] = []  # text read so far, where a later 'she said' looks for who was introduced
    for paragraph in paragraphs:
        if not may_attribute(paragraph) and not any(opening in paragraph for opening in _FOR_OPENINGS):
            earlier.append(paragraph)  # nothing attributed here: split it only if a pronoun needs it later
            continue
        for sentence in _sentences(paragraph):
            found: list[Person] = []
            if not may_attribute(sentence) and not sentence.startswith(_FOR_OPENINGS):  # cheap tests decide
                earlier.append(sentence)
                continue
            for match in _AFTER_VERB.finditer(sentence):
                if (person := _from_rest(match["rest"])) is not None:
                    found.append(person)
            for match in _POSSESSIVE.finditer(sentence):
                if name := clean_name(match["name"]):
                    found.append(Person(name=name, office=match["office"]))
            for match in _APPOSITION.finditer(sentence):
                if name := clean_name(match["name"]):
                    role, office = split_role(match["role"])
                    found.append(Person(name=name, role=role, office=office))
            for match in _RUN_BEFORE_VERB.finditer(sentence):
                run, words = match["run"], match["name"].split()
                while len(words) > 1 and _fold(words[0]) in _TITLE_WORDS | _NOT_NAMES:
                    run = f"{run} {words.pop(0)}"
                if name := clean_name(" ".join(words)):
                    role, office = split_role(run)
                    found.append(Person(name=name, role=role, office=office))
            for pattern in (_WHO_SAID, _FOR_NAME):
                for match in pattern.finditer(sentence):
                    if (name := clean_name(match["name"])) and not region_for_place(name):
                        role, office = split_role(_trim_role(match["role"]))
                        found.append(Person(name=name, role=role, office=office))
            for match in _TITLED_BEFORE_VERB.finditer(sentence):
                pname, prole, poffice = _split_title_run(f"{match['run']}{match['name']}")
                if pname:
                    found.append(Person(name=pname, role=prole, office=poffice))
            for match in _BEFORE_VERB.finditer(sentence):
                if name := clean_name(match["name"]):
                    role, office = split_role(match["role"])
                    if len(name.split()) > 1 or any(_same(name, p.name) for p in people + found):
                        found.append(Person(name=name, role=role, office=office))
            if (
                not found
                and _PRONOUN.search(sentence)
                and re.search(r"[“”\"«»]", paragraph)
                and (introduced := _last_introduced([*earlier, sentence]))
            ):
                found.append(Person(name=introduced))
            earlier.append(sentence)
            for person in found:
                if len(person.name.split()) == 1 and not any(_same(person.name, p.name) for p in people):
                    person = _full_mention(person, paragraphs)
                _merge_into(people, person)
    return people


def _last_introduced(texts: list[str]) -> str | None:
    """The person most recently introduced by name and apposition ('Rosa, de 34 años, …')."""
    for text in reversed(texts[-12:]):
        for sentence in reversed(_sentences(text)):
            intro = _INTRO.match(sentence)
            if intro and (name := clean_name(intro["name"])) and not region_for_place(name):
                return name
    return None


def _full_mention(person: Person, paragraphs: list[str]) -> Person:
    """'said Dr. Hasan' after '..., the head of the district health office, Dr. Teuku Ridwan Hasan'."""
    surname = re.escape(person.name)
    pattern = re.compile(
        rf"(?:\b(?:the|a|an|la|le|el)\s+(?P<role>[^,.;“”\"]{{3,100}}),\s+)?(?:{_HONORIFIC}\s+)?"
        rf"(?P<name>{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,2}}\s+{surname})\b"
    )
    for paragraph in paragraphs:
        for match in pattern.finditer(paragraph):
            if name := clean_name(match["name"]):
                role, office = split_role(match["role"]) if match["role"] else (None, None)
                return Person(name=name, role=person.role or role, office=person.office or office)
    return person


def _same(a: str, b: str) -> bool:
    fa, fb = _fold(a).split(), _fold(b).split()
    if fa == fb:
        return True
    short, long = sorted((fa, fb), key=len)
    return len(short) < len(long) and long[-len(short) :] == short  # 'Lo Bianco' is 'Chiara Lo Bianco'


def _merge_into(people: list[Person], new: Person, prefer_new_office: bool = False) -> Person:
    for person in people:
        if _same(person.name, new.name):
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
    people: list[Person] = []
    current: Person | None = None
    pending_office: str | None = None
    for piece in _fields(text):
        if re.fullmatch(r"(?:or|ou|o)", piece, re.I):
            current = None
            continue
        name, office = _name_field(piece)
        if name:
            current = Person(name=name, office=office or pending_office)
            pending_office = None
            people.append(current)
            continue
        if _OFFICE.match(piece):
            role, office = (
                split_role(piece) if any(_is_title(w) for w in piece.split()[1:]) else (None, piece)
            )
            if current and not current.office:
                current.office = office or piece
                current.role = current.role or role
            else:
                pending_office = piece  # 'IOM Nigeria' above the name it belongs to
            continue
        if current is None or re.search(r"\d|@|:", piece) or _LABEL_ONLY.match(piece):
            continue
        if not current.role and not current.phones and len(piece.split()) <= 12 and piece[:1].isalpha():
            role, role_office = split_role(piece)
            current.role, current.office = role, current.office or role_office
    return people


def _assign(people: list[Person], lines: list[str], phones: list[PhoneHit], emails: list[str]) -> None:
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
        pos = _fold(text).find(_fold(address))
        who = owner(pos) if pos >= 0 else _owner_by_mailbox(people, address)
        if who and address.lower() not in who.emails:
            who.emails.append(address.lower())


def _owner_by_mailbox(people: list[Person], address: str) -> Person | None:
    local = _fold(address.split("@")[0])
    for person in people:
        parts = [re.sub(r"[^a-z]", "", p) for p in _fold(person.name).split()]
        if (
            parts
            and parts[-1]
            and parts[-1] in local
            and (local.startswith(parts[0][:1]) or local.startswith(parts[-1]))
        ):
            return person
    return None


def release_contacts(
    paragraphs: list[str], contact_lines: list[str], mailto: list[str], place: str | None
) -> ContactDetails:
    fixes: list[str] = []
    rejected: list[dict] = []
    clean_paragraphs = []
    for paragraph in paragraphs:
        repaired, applied = repair_text(paragraph)
        fixes += applied
        clean_paragraphs.append(repaired)
    repaired_lines = []
    for line in contact_lines:
        repaired, applied = repair_text(line)
        fixes += applied
        repaired_lines.append(repaired)
    contact_text = "\n".join(repaired_lines)

    addresses: dict[str, str] = {}
    for source in [*clean_paragraphs, contact_text]:
        hits, rejects = find_emails(source)
        for hit in hits:
            addresses.setdefault(hit.address.lower(), hit.raw)
            fixes += hit.fixes
        rejected += [{"field": "email", "raw": r.raw, "reason": r.reason} for r in rejects]
    for href in mailto:
        found, rejects, applied = address_from_href(href)
        for address in found:
            if address.lower() not in addresses:
                addresses[address.lower()] = href
                fixes += applied
        rejected += [{"field": "email", "raw": r.raw, "reason": r.reason} for r in rejects]
    addresses = {a: raw for a, raw in addresses.items() if not is_chrome_address(a)}

    contacts = parse_contacts(repaired_lines)
    region = phone_region(next((p.office for p in contacts if p.office), None)) or phone_region(place)
    phone_hits = find_phones(contact_text, region)
    body_phones = [h for p in clean_paragraphs for h in find_phones(p, phone_region(place))]
    _assign(contacts, repaired_lines, phone_hits, list(addresses))
    for address, raw in addresses.items():
        if (
            not any(address in p.emails for p in contacts)
            and raw.startswith(("mailto", "/", "http", '"', "\\"))
            and (who := _owner_by_mailbox(contacts, address)) is not None
        ):
            who.emails.append(address)

    contacts = [
        c for c in contacts if c.office or c.role or c.phones or c.emails
    ]  # a bare name is not a contact
    people = quoted_people(clean_paragraphs)
    for contact in contacts:
        _merge_into(people, contact, prefer_new_office=True)

    phones: dict[str, dict] = {}
    for hit in [*phone_hits, *body_phones]:
        phones.setdefault(
            hit.e164,
            {
                "e164": hit.e164,
                "raw": hit.raw,
                "kind": hit.kind,
                "extension": hit.extension,
                "valid": hit.valid,
            },
        )
    return ContactDetails(
        paragraphs=clean_paragraphs,
        people=[p.as_dict() for p in people],
        phones=list(phones.values()),
        emails=[{"address": a, "raw": raw} for a, raw in addresses.items()],
        rejected=rejected,
        fixes=list(dict.fromkeys(fixes)),
    )
