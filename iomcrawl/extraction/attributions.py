"""Quoted speakers: who a release quotes, from the shapes attributions take in English, French and Spanish.

``said <Name>, <role>``, ``said <role>, <Name>``, ``said IOM <Office> <Title> <Name>``, ``<Surname> added``,
``<role>, <Name>, who said``, ``Pour <Nom>, <rôle>, « … »``, a named person then ``she said`` or
``raconte-t-elle``; a later surname-only mention is the same person.
"""

from __future__ import annotations

import re

from iomcrawl.extraction.names import (
    CAP,
    HONORIFIC,
    NAME,
    NOT_NAMES,
    PARTICLE,
    TITLE_WORDS,
    Person,
    clean_name,
    fold,
    merge_person,
    same_person,
    split_role,
    split_title_run,
    trim_role,
)
from iomcrawl.extraction.places import region_for_place

_VERBS_AFTER = (
    r"said|says|explained|explains|added|adds|noted|notes|stressed|stresses|told|tells|reported|reports|warned|"
    r"warns|urged|urges|commented|declared|stated|emphasized|emphasised|concluded|continued|observed|remarked|"
    r"recalled|insisted|pointed\s+out|explique|a\s+expliqué|déclare|a\s+déclaré|affirme|a\s+affirmé|ajoute|"
    r"a\s+ajouté|souligne|a\s+souligné|précise|a\s+précisé|indique|a\s+indiqué|estime|a\s+estimé|"
    r"raconte|a\s+raconté|témoigne|a\s+témoigné|confie|a\s+confié|poursuit|conclut|insiste|rappelle|"
    r"afirmó|dijo|informó|explicó|añadió|agregó|señaló|destacó|indicó|aseguró|declaró|comentó|expresó|subrayó|"
    r"contó|relató|dice|afirma|explica|asegura|señala|relata"
)
_SENTENCE = re.compile(r"(?<=[.!?”\"»])\s+(?=[“\"«A-ZÀ-Ý])")
_AFTER_VERB = re.compile(rf"\b(?:{_VERBS_AFTER})\s+(?P<rest>[^“”\"«»]+)")
_BEFORE_VERB = re.compile(
    rf"(?:^|[”\"»,.]\s*|\b(?:and|but)\s+)(?P<name>{NAME})(?:,\s+(?P<role>[^,“”\"]{{2,120}}),)?\s+(?:{_VERBS_AFTER})\b"
)
_POSSESSIVE = re.compile(
    rf"\b(?P<office>(?:IOM|OIM)\s+[A-Z][\w\-]*)[’']s?\s+(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
_APPOSITION = re.compile(
    rf"(?:^|[.;:]\s+|[”\"»],?\s+|\b(?:and|but|while|y|et)\s+)(?P<role>[^,.;“”\"«»]{{3,120}}),\s+(?P<name>{NAME}),\s+"
    rf"(?:{_VERBS_AFTER})\b"
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
                r"^(?P<run>(?:IOM|OIM|UN)?(?:\s*[A-ZÀ-Ý][\w’'\-]*|\s+(?:of|for|de|del|the|and|in|at|to)\b)+)",
                rest,
            )
            if run and not rest[run.end() :].lstrip().startswith(","):  # 'in Papua New Guinea, <Name>': below
                pname, prole, poffice = split_title_run(run["run"].strip())
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
        if out and re.search(rf"\b{HONORIFIC}$", out[-1]):
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
                while len(words) > 1 and fold(words[0]) in TITLE_WORDS | NOT_NAMES:
                    run = f"{run} {words.pop(0)}"
                if name := clean_name(" ".join(words)):
                    role, office = split_role(run)
                    found.append(Person(name=name, role=role, office=office))
            for pattern in (_WHO_SAID, _FOR_NAME):
                for match in pattern.finditer(sentence):
                    if (name := clean_name(match["name"])) and not region_for_place(name):
                        role, office = split_role(trim_role(match["role"]))
                        found.append(Person(name=name, role=role, office=office))
            for match in _TITLED_BEFORE_VERB.finditer(sentence):
                pname, prole, poffice = split_title_run(f"{match['run']}{match['name']}")
                if pname:
                    found.append(Person(name=pname, role=prole, office=poffice))
            for match in _BEFORE_VERB.finditer(sentence):
                if name := clean_name(match["name"]):
                    role, office = split_role(match["role"])
                    if len(name.split()) > 1 or any(same_person(name, p.name) for p in people + found):
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
                if len(person.name.split()) == 1 and not any(
                    same_person(person.name, p.name) for p in people
                ):
                    person = _full_mention(person, paragraphs)
                merge_person(people, person)
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
    """'said Dr. Hasan' after '..., the head of the district health office, Dr. Teuku Ridwan Hasan'; and a
    first name alone ('contó Marvin') after the person was introduced in full ('Marvin López, de 23 años')."""
    surname = re.escape(person.name)
    pattern = re.compile(
        rf"(?:\b(?:the|a|an|la|le|el)\s+(?P<role>[^,.;“”\"]{{3,100}}),\s+)?(?:{HONORIFIC}\s+)?"
        rf"(?P<name>{CAP}(?:\s+(?:{PARTICLE}\s+)?{CAP}){{0,2}}\s+{surname})\b"
    )
    for paragraph in paragraphs:
        for match in pattern.finditer(paragraph):
            if name := clean_name(match["name"]):
                role, office = split_role(match["role"]) if match["role"] else (None, None)
                return Person(name=name, role=person.role or role, office=person.office or office)
    given = re.compile(
        rf"\b(?P<name>{surname}(?:\s+(?:{PARTICLE}\s+)?{CAP}){{1,2}}),\s+"
    )  # 'Marvin López, de 23 años'
    for paragraph in paragraphs:
        for match in given.finditer(paragraph):
            if (name := clean_name(match["name"])) and not region_for_place(name):
                return Person(name=name, role=person.role, office=person.office)
    return person
