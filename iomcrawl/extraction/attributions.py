"""Quoted speakers: who a release quotes, from the shapes attributions take in English, French and Spanish.

``said <Name>, <role>``, ``said <role>, <Name>``, ``said IOM <Office> <Title> <Name>``, ``<Surname> added``,
``<role>, <Name>, who said``, ``Pour <Nom>, <rôle>, « … »``, a named person then ``she said`` or
``raconte-t-elle``; a later surname-only mention is the same person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from iomcrawl.extraction.names import (
    CAP,
    HONORIFIC,
    LOWER,
    NAME,
    NOT_NAMES,
    PARTICLE,
    TITLE_WORDS,
    UPPER,
    Person,
    clean_name,
    fold,
    is_title,
    merge_person,
    same_person,
    split_role,
    split_title_run,
    split_titles,
    trim_role,
)
from iomcrawl.extraction.places import region_for_place
from iomcrawl.extraction.vocabulary import alternation, every
from iomcrawl.extraction.vocabulary import people as people_words

_VERBS_AFTER = alternation(people_words.SPEECH_VERBS)
# Verbs of the languages that drop the subject pronoun ('”, contó durante la visita.'): after a quote,
# they refer to the person last introduced even with words following.
_PRO_DROP_VERBS = alternation({lang: people_words.SPEECH_VERBS[lang] for lang in ("es", "pt", "it")})
_PRONOUNS = alternation(people_words.PRONOUNS)
_SENTENCE = re.compile(r"(?<=[.!?”\"»])\s+(?=[“\"«A-ZÀ-Ý])")
_AFTER_VERB = re.compile(rf"\b(?:{_VERBS_AFTER})\s+(?P<rest>[^“”\"«»]+)")
_BEFORE_VERB = re.compile(
    rf"(?:^|[”\"»,.]\s*|\b(?:and|but)\s+)(?P<name>{NAME})"
    rf"(?:,\s+(?P<role>[^,“”\"]{{2,120}}(?:,\s+[A-ZÀ-Ý][^,“”\"]{{1,80}})?),)?\s+(?:{_VERBS_AFTER})\b"
)  # a role may hold one comma before a capitalised word: 'Minister of Labour, Social Security and Migration'
_POSSESSIVE = re.compile(
    rf"\b(?P<office>(?:IOM|OIM)\s+[A-Z][\w\-]*)[’']s?\s+(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
_STATEMENTS = alternation(people_words.STATEMENT_VERBS)
_APPOSITION = re.compile(
    rf"(?:^|[.;:]\s+|[”\"»],?\s+|\b(?:and|but|while|y|et)\s+|(?P<clause>,)\s+)(?P<role>[^,.;“”\"«»]{{3,120}}"
    rf"(?:,\s+[^,.;“”\"«»\s]+(?:\s+[^,.;“”\"«»\s]+){{0,2}}\s+(?:and|y|et|e|und|и)\s+[^,.;“”\"«»]{{1,60}})?),\s+"
    rf"(?P<name>{NAME}),\s+(?:(?P<said>{_VERBS_AFTER})|{_STATEMENTS})\b"
)  # a role may hold a list ('procuradora de Protección de Niñas, Niños y Adolescentes'); after a clause's comma ('Speaking at the ceremony, the Secretary of …, <Name>, thanked …') only a title
# '<Name>, <role>, welcomed the delivery and said …': a statement verb after a titled person's apposition.
_NAME_ROLE_STATEMENT = re.compile(
    rf"(?:^|[”\"»,.]\s*)(?P<name>{NAME}),\s+(?P<role>[^,“”\"«»]{{2,120}}),\s+(?:{_STATEMENTS})\b"
)
_RUN_BEFORE_VERB = re.compile(
    rf"(?:^|[.;:”\"»]\s+)(?P<run>(?:IOM|OIM)\b[^,.;“”\"«»]{{0,80}}?)\s+(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
# The attribution verbs as single words: a set lookup is far cheaper than the alternation on every sentence.
_VERB_WORDS = people_words.verb_words()
_STATEMENT_WORDS = people_words.verb_words(people_words.STATEMENT_VERBS)
_WORD = re.compile(r"[^\W\d_]+")


# Every character that is not a letter, in the ranges page text uses, made a space: str.split then gives
# the same words as the letter-run pattern, several times faster.
_NOT_LETTERS = {
    code: " "
    for code in [
        *range(0x0000, 0x0300),
        *range(0x2000, 0x2070),
        *range(0x3000, 0x3040),
        *range(0xFF00, 0xFF66),
    ]
    if not chr(code).isalpha()
} | {ord(mark): " " for mark in "،؛؟۔"}


@lru_cache(maxsize=4096)  # a paragraph is asked about twice: does it quote, and whom
def may_attribute(sentence: str) -> bool:
    """Whether a sentence has an attribution verb at all (said, a déclaré, afirmó, raconte-t-elle, …)."""
    return (
        not _VERB_WORDS.isdisjoint(sentence.lower().translate(_NOT_LETTERS).split())
        or "-il" in sentence
        or "-elle" in sentence
    )


_WHO_SAID = re.compile(rf"(?P<role>[^,.;“”\"«»]{{3,160}}),\s+(?P<name>{NAME}),\s+who\s+(?:{_VERBS_AFTER})\b")
_TITLED_BEFORE_VERB = re.compile(
    rf"(?:^|[.;:”\"»]\s+)(?P<run>(?:[A-ZÀ-Ý][\w’'\-]*\s+(?:(?:of|for|de|del|the|and|y|et)\s+)?){{1,6}}?)"
    rf"(?P<name>{NAME})\s+(?:{_VERBS_AFTER})\b"
)
_ARTICLE = rf"{people_words.before_a_word(people_words.DEFINITE_ARTICLES)}?"
# 'Вице-министр труда и социальной защиты Гульнара Курмангалиева подчеркнула': a sentence-case role, then
# the name, then the verb.
_LOWER_ROLE_BEFORE_VERB = re.compile(
    rf"(?:^|[.;:”\"»]\s+)(?P<role>[{UPPER}][\w\-]+(?:\s+[{LOWER}][\w\-]*){{1,8}})\s+"
    rf"(?P<name>[{UPPER}][{LOWER}\-]+(?:\s+[{UPPER}][{LOWER}\-]+){{1,2}})\s+(?:{_VERBS_AFTER})\b"
)
_FOR_OPENINGS = tuple(f"{word} " for word in every(people_words.ACCORDING_TO))
_ACCORDING_TO = alternation(people_words.ACCORDING_TO).replace("'", "[’']")
_FOR_NAME = re.compile(
    rf"(?:^|[.;]\s+)(?:{_ACCORDING_TO})\s+{_ARTICLE}(?P<name>{NAME}),"
    rf"\s+(?P<role>[^,«“\"]{{2,120}}(?:,[^,«“\"]{{1,120}}){{0,2}}),\s*[«“\"]"
)
# 'Segundo o coordenador da Operação Acolhida, general <Name>, o centro …': the role first, a title in
# lower case may stand before the name.
_FOR_ROLE_NAME = re.compile(
    rf"(?:^|[.;]\s+)(?:{_ACCORDING_TO})\s+{_ARTICLE}(?P<role>[^,«“\"]{{3,120}}),\s+"
    rf"(?:[a-zà-ÿ][\w\-]*\s+)?(?P<name>{NAME}),"
)
_PRONOUN = re.compile(
    rf"\b{_PRONOUNS}\s+{_VERBS_AFTER}\b|\b{_VERBS_AFTER}\s+{_PRONOUNS}\b"  # 'she said', 'sagte sie', 'рассказал он'
    rf"|[”\"»],?\s*(?:[–—-]\s*)?{_VERBS_AFTER}\s*[.;]"  # '”, ha raccontato.'
    rf"|[”\"»],?\s*(?:[–—-]\s*)?{_PRO_DROP_VERBS}\s+(?!(?:el|la|los|las|o|a|os|as|il|lo|gli|le|un|una|uno)\b)"
    r"[a-zà-ÿ]"  # '”, contó durante la visita'
    r"|\b\w+(?:-t)?-(?:il|elle)\b",  # French inversion: 'raconte-t-elle', 'dit-il'
    re.I,
)
_INTRO = re.compile(
    rf"(?:^|[.!?]\s+)(?P<name>{NAME}),\s+(?=[a-zà-ÿ0-9])"
)  # 'Rosa, de 34 años', 'Salamata, mère de six'


_INTRO_INSIDE = re.compile(
    rf"(?<=\s)(?<![.!?]\s)(?P<name>{NAME}),\s+(?=(?:a|an|ein|eine|un|une|una|uno|um|uma|\d{{1,3}}|de\s+\d{{1,3}})\b)"
)  # 'Ein Beispiel ist Aslan, ein 41-jähriger Tischler', 'estaba Yohana, de 31 años': an article or an age


_CLAUSE_WORDS = re.compile(
    r"\b(?:was|is|were|are|would|will|had|has|have|could|should|can|that|that’s|est|était|sont|que|qui|es|era|son|fue)\b",
    re.I,
)


def _title_like(phrase: str) -> bool:
    """A role phrase, not reported speech: 'IOM’s counter-trafficking officer', not 'IOM was training staff in'."""
    return len(phrase.split()) <= 14 and not _CLAUSE_WORDS.search(phrase)


_NAME_FIRST = re.compile(rf"^{_ARTICLE}(?P<name>{NAME})(?P<after>.*)$")
_NAME_ENDS = re.compile(r"^\s*(?:[.;:]|$)")
_NAME_FOLLOWERS = re.compile(
    r"^\s*(?:[.;:]|$|\s(?:at|in|during|on|when|after|before|while|who|to|of|en|a|à|que|quien)\b)"
)
_ROLE_END = re.compile(rf"[.;]\s|[.;]$|,\s+{alternation(people_words.CLAUSE_OPENERS)}\b")
_TITLE_RUN_FIRST = re.compile(
    r"^(?P<run>(?:IOM|OIM|UN)?(?:\s*[A-ZÀ-Ý][\w’'\-]*|\s+(?:of|for|de|del|the|and|in|at|to)\b)+)"
)
_OFFICE_POSSESSIVE_FIRST = re.compile(
    rf"^(?P<office>(?:IOM|OIM)(?:\s+[A-ZÀ-Ý][\w\-]*){{1,3}})[’']s?\s+(?P<name>{NAME})"
)
_ROLE_COMMA_NAME = re.compile(
    rf"^{_ARTICLE}(?P<role>[^,]{{2,120}}?),\s+(?P<name>{NAME})\s*(?=[,.;:]|$|\s(?:at|in|during|on|en|à)\b)"
)
_LONG_ROLE_COMMA_NAME = re.compile(
    rf"^{_ARTICLE}(?P<role>[^“”\"]{{2,160}}?),\s+(?P<name>{NAME})\s*(?:[.;]|$)"
)
# The shortest role that matches never ends inside a run of spaces (unless it is two characters), so roles
# that do are skipped and the run before the name is taken whole, once: linear on long runs of spaces.
_ROLE = r"(?P<role>[^,.;“”\"]{2}|[^,.;“”\"]{3,120}?(?<!\s))"
_ROLE_THEN_NAME = re.compile(rf"^{_ROLE}\s++(?P<name>{NAME})\s*(?:[,.;:]|$)")
# … or the sentence goes on after the name ('заявил глава миссии … Андрей Волков на церемонии').
_ROLE_THEN_NAME_ON = re.compile(rf"^{_ROLE}\s++(?P<name>{NAME})(?=\s[a-zà-ÿа-яё])")
_PLACE_PREPOSITION_WORDS = frozenset(every(people_words.PLACE_PREPOSITIONS))


_CAPITAL = re.compile(f"[{UPPER}]")
_REST_REACH = 200  # past the longest role a reader lets stand before the name (160) and the name's start


def _from_rest(rest: str) -> Person | None:
    """The words after an attribution verb: '<Name>, <role>' or '<role>, <Name>' or '<Title run> <Name>'."""
    rest = rest.strip()
    if not _CAPITAL.search(rest, 0, _REST_REACH):
        return None  # every reader needs a capitalised name within reach: 'said that the programme …'
    for reader in _REST_READERS:
        if (person := reader(rest)) is not None:
            return person
    return None


def _person(name: str, role_text: str | None) -> Person:
    role, office = split_role(role_text)
    return Person(name=name, role=role, office=office)


def _name_first(rest: str) -> Person | None:
    """'said <Name>, <role>' or 'said <Name>.'; when no name opens it, 'said <Title run> <Name>'."""
    head = _NAME_FIRST.match(rest)
    if not head:
        return None
    written = head["name"].split()
    titles = 0
    while titles < len(written) - 2 and is_title(written[titles]):
        titles += 1  # 'said Commander Vittorio Lanza of the Coast Guard': the title is the role
    if titles:
        name = clean_name(" ".join(written[titles:]))
        if name and _name_stands_alone(name, head["after"]):
            return _person(name, " ".join(written[:titles]))
    name = clean_name(head["name"])
    if not name:
        return _title_run_first(rest)
    after = head["after"]
    if not _name_stands_alone(name, after):
        return None
    return _person(name, _ROLE_END.split(after[1:])[0] if after.startswith(",") else None)


def _name_stands_alone(name: str, after: str) -> bool:
    """The name is followed by its role, the sentence's end, or a clause ('urges States to …' names nobody)."""
    return bool(
        after.startswith(",")
        or _NAME_ENDS.match(after)
        or (len(name.split()) > 1 and _NAME_FOLLOWERS.match(after))
    )


def _title_run_first(rest: str) -> Person | None:
    """'said IOM Nigeria Chief of Mission <Name>'; not 'in Papua New Guinea, <Name>', which a reader below takes."""
    run = _TITLE_RUN_FIRST.match(rest)
    if not run or rest[run.end() :].lstrip().startswith(","):
        return None
    name, role, office = split_title_run(run["run"].strip())
    return Person(name=name, role=role, office=office) if name else None


def _office_possessive_first(rest: str) -> Person | None:
    """'said IOM Libya’s <Name>'."""
    possessive = _OFFICE_POSSESSIVE_FIRST.match(rest)
    if possessive and (name := clean_name(possessive["name"])):
        return Person(name=name, office=possessive["office"])
    return None


def _role_comma_name(rest: str) -> Person | None:
    """'said the head of the clinic, <Name>'."""
    comma = _ROLE_COMMA_NAME.match(rest)
    if comma and (name := clean_name(comma["name"])):
        return _person(name, comma["role"])
    return None


def _long_role_comma_name(rest: str) -> Person | None:
    """'said Regional Director for the EU, Norway and Switzerland, <Name>.': a role with commas in it."""
    long_role = _LONG_ROLE_COMMA_NAME.match(rest)
    return _titled_full_name(long_role["role"], long_role["name"]) if long_role else None


def _role_then_name(rest: str) -> Person | None:
    """'said project officer <Name>'."""
    for pattern in (_ROLE_THEN_NAME, _ROLE_THEN_NAME_ON):
        trailing = pattern.match(rest)
        if not trailing:
            continue
        role, name = trailing["role"], trailing["name"].split()
        if role.split()[-1] in _PLACE_PREPOSITION_WORDS and len(name) >= 3:
            role, name = f"{role} {name[0]}", name[1:]  # 'глава миссии МОМ в Таджикистане Андрей Волков'
        while len(name) > 2 and is_title(name[0]):
            role, name = (
                f"{role} {name[0]}",
                name[1:],
            )  # 'Vice Minister Carmen Rosa Salcedo': 'Minister' is the role's
        if person := _titled_full_name(role, " ".join(name)):
            return person
    return None


def _titled_full_name(role: str, written_name: str) -> Person | None:
    """A person when the role reads as a title and the name has at least two words."""
    if _title_like(role) and (name := clean_name(written_name)) and len(name.split()) >= 2:
        return _person(name, role)
    return None


_REST_READERS: tuple[Callable[[str], Person | None], ...] = (
    _name_first,
    _office_possessive_first,
    _role_comma_name,
    _long_role_comma_name,
    _role_then_name,
)


_ENDS_ON_HONORIFIC = re.compile(rf"\b{HONORIFIC}$")
_HONORIFIC_REACH = 2 + max(len(word) for word in every(people_words.HONORIFICS))  # only the end can hold one


def _sentences(paragraph: str) -> list[str]:
    """Sentences, without breaking after an honorific ('said Dr. Hasan')."""
    out: list[str] = []
    for piece in _SENTENCE.split(paragraph):
        if out and _ENDS_ON_HONORIFIC.search(out[-1], max(0, len(out[-1]) - _HONORIFIC_REACH)):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def quoted_people(paragraphs: list[str]) -> list[Person]:
    """Everyone the release quotes, in order of first mention, each once, with the fullest name given."""
    people: list[Person] = []
    earlier: list[str] = []  # text read so far, where a later 'she said' looks for who was introduced
    for paragraph in paragraphs:
        if not _paragraph_may_quote(paragraph):
            earlier.append(paragraph)  # nothing attributed here: split it only if a pronoun needs it later
            continue
        for sentence in _sentences(paragraph):
            earlier.append(sentence)
            if _sentence_may_quote(sentence):  # cheap tests decide before the patterns run
                found = _speakers(sentence, people, paragraphs) or _pronoun_speaker(
                    sentence, paragraph, earlier
                )
                _merge_speakers(people, found, paragraphs)
            elif _may_state(sentence):
                _merge_speakers(people, _role_apposition(sentence), paragraphs)
    return people


def _may_state(text: str) -> bool:
    """Whether a statement verb stands after a titled person's apposition ('…, <Name>, thanked …'): two
    commas at least, and one of the words."""
    return text.count(",") >= 2 and not _STATEMENT_WORDS.isdisjoint(_WORD.findall(text.lower()))


def _paragraph_may_quote(paragraph: str) -> bool:
    return may_attribute(paragraph) or bool(_FOR_OPENING.search(paragraph)) or _may_state(paragraph)


def _sentence_may_quote(sentence: str) -> bool:
    return may_attribute(sentence) or sentence.startswith(_FOR_OPENINGS)


def _speakers(sentence: str, people: list[Person], paragraphs: list[str]) -> list[Person]:
    """Everyone an attribution in the sentence names, pattern by pattern."""
    found = [person for finder in _FINDERS for person in finder(sentence)]
    return found + _named_before_verb(sentence, [*people, *found], paragraphs)


def _said_then_named(sentence: str) -> list[Person]:
    """'said <Name>, <role>' and the other shapes that follow the verb."""
    return [p for match in _AFTER_VERB.finditer(sentence) if (p := _from_rest(match["rest"])) is not None]


def _office_possessive(sentence: str) -> list[Person]:
    """'IOM Libya’s <Name> said'."""
    return [
        Person(name=name, office=match["office"])
        for match in _POSSESSIVE.finditer(sentence)
        if (name := clean_name(match["name"]))
    ]


def _role_apposition(sentence: str) -> list[Person]:
    """'<role>, <Name>, said', and '<role>, <Name>, thanked …' or '<Name>, <role>, welcomed …' when the
    role holds a title ('Il sindaco di Pozzallo, Roberto Amenta, ha ringraziato …')."""
    found = [
        _person(name, match["role"])
        for match in _APPOSITION.finditer(sentence)
        if (name := clean_name(match["name"]))
        and ((match["said"] and not match["clause"]) or _titled(match["role"]))
    ]
    found += [
        _person(name, match["role"])
        for match in _NAME_ROLE_STATEMENT.finditer(sentence)
        if _titled(match["role"]) and (name := clean_name(match["name"])) and len(name.split()) > 1
    ]
    return found


def _titled(role: str) -> bool:
    """A role phrase holding a title word ('the Secretary of Social Welfare', 'il sindaco di Pozzallo')."""
    return _title_like(role) and any(is_title(word) for word in role.split())


def _office_run(sentence: str) -> list[Person]:
    """'IOM Nigeria Chief of Mission <Name> said': title words at the name's start belong to the run."""
    found = []
    for match in _RUN_BEFORE_VERB.finditer(sentence):
        run, words = match["run"], match["name"].split()
        while len(words) > 1 and fold(words[0]) in TITLE_WORDS | NOT_NAMES:
            run = f"{run} {words.pop(0)}"
        if name := clean_name(" ".join(words)):
            found.append(_person(name, run))
    return found


# Literal words each pattern cannot match without (both are case-sensitive): a sentence holding none of
# them is skipped before the pattern's long role run is tried at every position.
_FOR_OPENING = re.compile(alternation(_FOR_OPENINGS, spaced=False))  # one search, not one per phrase


def _who_said_or_for_name(sentence: str) -> list[Person]:
    """'<role>, <Name>, who said' and 'Pour <Nom>, <rôle>, « … »'; a place is no speaker."""
    patterns = [_WHO_SAID] if "who" in sentence else []  # cheap tests before the patterns
    if _FOR_OPENING.search(sentence):
        patterns.append(_FOR_NAME)
    found = [
        _person(name, trim_role(match["role"]))
        for pattern in patterns
        for match in pattern.finditer(sentence)
        if (name := clean_name(match["name"])) and not region_for_place(name)
    ]
    if not found and sentence.startswith(_FOR_OPENINGS):
        found = [
            _person(name, match["role"])
            for match in _FOR_ROLE_NAME.finditer(sentence)
            if _titled(match["role"]) and (name := clean_name(match["name"])) and len(name.split()) > 1
        ]
    return found


def _titled_run(sentence: str) -> list[Person]:
    """'Deputy Minister of Labour <Name> said', 'Вице-министр труда <Имя Фамилия> подчеркнула'."""
    found = [
        _person(name, match["role"])
        for match in _LOWER_ROLE_BEFORE_VERB.finditer(sentence)
        if _titled(match["role"])
        and match["role"].split()[-1] not in _FROM_WORDS | _ARTICLES  # not 'Vice-Minister of' + 'Labour …'
        and (name := clean_name(match["name"]))
    ]
    for match in _TITLED_BEFORE_VERB.finditer(sentence):
        name, role, office = split_title_run(f"{match['run']}{match['name']}")
        if name:
            found.append(Person(name=name, role=role, office=office))
    return found


# A description that introduces someone: 'a 26-year-old refugee', 'una madre de tres', '16 anni', 'de 34 años'.
_DESCRIBED = re.compile(
    rf"^(?:{people_words.before_a_word(people_words.INDEFINITE_ARTICLES)}|\d{{1,3}}\b|de\s+\d{{1,3}}\b)[^«»“”\"]*$"
)


def _introduced_in(name: str, paragraphs: list[str]) -> bool:
    """A lone name the release introduced earlier between commas ('The 1,000th resident, Farida, arrived')
    or with an age ('Farida, 34, …'): '… Farida said' then names her."""
    pattern = re.compile(rf"(?:,\s+{re.escape(name)},\s|\b{re.escape(name)},\s+(?:\d|de\s+\d))")
    return not region_for_place(name) and any(pattern.search(p) for p in paragraphs if name in p)


def _introduced_by_apposition(name: str, apposition: str | None) -> bool:
    """'Ahmad, a 26-year-old refugee from Homs, said': a lone name the sentence itself introduces with a
    description, and not a place ('Kabul, a city of millions, said' names no one)."""
    return bool(apposition and _DESCRIBED.match(apposition)) and not region_for_place(name)


def _named_before_verb(sentence: str, known: list[Person], paragraphs: list[str]) -> list[Person]:
    """'<Name> said': a lone surname counts only for someone already quoted."""
    found: list[Person] = []
    for match in _BEFORE_VERB.finditer(sentence):
        title, written = split_titles(match["name"])  # 'Botschaftsrätin Liza Marquez-Cruz sagte'
        name = clean_name(written)
        if name and (
            len(name.split()) > 1
            or any(same_person(name, p.name) for p in [*known, *found])
            or _introduced_by_apposition(name, match["role"])
            or _introduced_in(name, paragraphs)
        ):
            found.append(_person(name, match["role"] or title))
    return found


_ARABIC_WORD = r"[\u0621-\u064A]{2,}"
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_ARABIC_SAID = re.compile(
    rf"(?:^|(?<=[\s.،:\"“”«»]))(?:{alternation(people_words.SPEECH_VERBS['ar'])})\s+"
    rf"(?:{alternation(people_words.HONORIFICS['ar'])}\s+)?"
    rf"(?P<name>(?!ال){_ARABIC_WORD}(?:\s+{_ARABIC_WORD}){{1,3}})\s*(?:،\s*(?P<role>[^:\"“”«»،.]{{2,120}}?))?\s*:"
)


_ARABIC_VERB = alternation(people_words.SPEECH_VERBS["ar"])
_ARABIC_NAMED = rf"(?P<name>(?!ال){_ARABIC_WORD}(?:\s+{_ARABIC_WORD}){{1,3}})"
# 'وقال رئيس بعثة المنظمة … في العراق، ماركوس ليندكفيست: "…"' and '… ستراندبرغ، إن': the role first;
# 'أكد مدير ماء نينوى المهندس خالد … أن': the role, an honorific, the name.
_ARABIC_ROLE_SAID = re.compile(
    rf"(?:^|(?<=[\s.،:\"“”«»]))(?:{_ARABIC_VERB})\s+(?P<role>{_ARABIC_WORD}(?:\s+{_ARABIC_WORD}){{0,10}}?)"
    rf"(?:\s*،\s*|\s+(?:{alternation(people_words.HONORIFICS['ar'])})\s+){_ARABIC_NAMED}\s*(?:[:،]|\s+(?:إن|أن)\b)"
)
# 'ويقول عبدي، وهو شاب إثيوبي': a lone name that a description follows.
_ARABIC_ONE_NAME_SAID = re.compile(
    rf"(?:^|(?<=[\s.،:\"“”«»]))(?:{_ARABIC_VERB})\s+(?P<name>(?!ال){_ARABIC_WORD})\s*،\s*(?:وهو|وهي)\s"
)


def _arabic_said(sentence: str) -> list[Person]:
    """'وقالت <الاسم>، <الصفة>: "…"': the verb, the name up to the comma, the role up to the colon; or the
    role first, then the name; or a lone name a description follows."""
    if not _ARABIC_LETTER.search(sentence, 0, 200):
        return []
    found = [
        _person(name, match["role"])
        for match in _ARABIC_SAID.finditer(sentence)
        if (name := clean_name(match["name"]))
    ]
    found += [
        _person(name, match["role"])
        for match in _ARABIC_ROLE_SAID.finditer(sentence)
        if _titled(match["role"]) and (name := clean_name(match["name"]))
    ]
    found += [
        Person(name=name)
        for match in _ARABIC_ONE_NAME_SAID.finditer(sentence)
        if (name := clean_name(match["name"]))
    ]
    return found


_FINDERS: tuple[Callable[[str], list[Person]], ...] = (
    _said_then_named,
    _office_possessive,
    _role_apposition,
    _office_run,
    _who_said_or_for_name,
    _titled_run,
    _arabic_said,
)


_QUOTE_MARK = re.compile(r"[“”\"«»]")


def _pronoun_speaker(sentence: str, paragraph: str, earlier: list[str]) -> list[Person]:
    """'she said' in a paragraph with a quote: the person last introduced by name."""
    if (
        _QUOTE_MARK.search(paragraph)  # cheaper than the pronoun pattern, and both must hold
        and _PRONOUN.search(sentence)
        and (introduced := _last_introduced(earlier))
    ):
        return [Person(name=introduced)]
    return []


def _merge_speakers(people: list[Person], found: list[Person], paragraphs: list[str]) -> None:
    """Add each speaker once; a lone name not yet known becomes the full name the release gives elsewhere."""
    for person in found:
        if len(person.name.split()) == 1 and not any(same_person(person.name, p.name) for p in people):
            person = _full_mention(person, paragraphs)
        merge_person(people, person)


def _last_introduced(texts: list[str]) -> str | None:
    """The person most recently introduced by name and apposition ('Rosa, de 34 años, …')."""
    for text in reversed(texts[-12:]):
        for sentence in reversed(_sentences(text)):
            intros = [_INTRO.match(sentence), *_INTRO_INSIDE.finditer(sentence)]
            for intro in intros:
                if (
                    intro
                    and not _after_preposition(sentence, intro.start())
                    and (name := clean_name(intro["name"]))
                    and not region_for_place(name)
                ):
                    return name
    return None


_FROM_WORDS = frozenset(every(people_words.PLACE_PREPOSITIONS)) | frozenset(every(people_words.FROM_WORDS))


_ARTICLES = frozenset(every(people_words.DEFINITE_ARTICLES)) | frozenset(
    every(people_words.INDEFINITE_ARTICLES)
)


def _after_preposition(sentence: str, start: int) -> bool:
    """Whether a name inside a sentence does not introduce someone: '… aus Tschetschenien, der …' (a place
    after a preposition), 'IOM, the UN Migration Agency, reports' (not after a lowercase verb)."""
    if start == 0:
        return False
    before = sentence[max(0, start - 30) : start].split()
    word = before[-1] if before else ""
    letters = word.replace("’", "").replace("'", "")  # 'c’è Ibrahima, 16 anni': an elided word is a word
    return not letters.isalpha() or not word.islower() or word in _FROM_WORDS or word in _ARTICLES


_ANY_ARTICLE = people_words.before_a_word(
    set(every(people_words.DEFINITE_ARTICLES)) | set(every(people_words.INDEFINITE_ARTICLES))
)


def _title_apposition(text: str | None) -> str | None:
    """What follows a full name when it reads as the person's title ('Marco Ferrante, membro della
    Commissione …, che …'), not a description or a clause."""
    if not text or not text[:1].islower() or not _title_like(text):
        return None
    return text


def _full_mention(person: Person, paragraphs: list[str]) -> Person:
    """'said Dr. Hasan' after '..., the head of the district health office, Dr. Teuku Ridwan Hasan'; and a
    first name alone ('contó Marvin') after the person was introduced in full ('Marvin López, de 23 años')."""
    surname = re.escape(person.name)
    pattern = re.compile(
        rf"(?:\b{_ANY_ARTICLE}(?P<role>[^,.;“”\"]{{3,100}}),\s+)?(?:{HONORIFIC}\s+)?"
        rf"(?P<name>{CAP}(?:\s+(?:{PARTICLE}\s+)?{CAP}){{0,2}}\s+{surname})\b"
        rf"(?:,\s+(?P<apposition>[^,.;“”\"]{{3,160}}?)\s*[,.;])?"
    )
    for paragraph in paragraphs:
        for match in pattern.finditer(paragraph):
            if name := clean_name(match["name"]):
                role, office = split_role(match["role"] or _title_apposition(match["apposition"]))
                return Person(name=name, role=person.role or role, office=person.office or office)
    given = re.compile(
        rf"\b(?P<name>{surname}(?:\s+(?:{PARTICLE}\s+)?{CAP}){{1,2}}),\s+"
    )  # 'Marvin López, de 23 años'
    for paragraph in paragraphs:
        for match in given.finditer(paragraph):
            if (name := clean_name(match["name"])) and not region_for_place(name):
                return Person(name=name, role=person.role, office=person.office)
    return person
