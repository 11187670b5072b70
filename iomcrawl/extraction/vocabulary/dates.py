"""Date words, per language, and the regular expressions compiled from them (the only copy in the chain).

Add a spelling by adding it to its tuple; add a language by adding one key to each table (months and
weekdays are required, the label tables may stay empty). Accents are optional when text is matched:
``fevrier`` matches as ``février`` does, so write each word as it is correctly spelled. A month entry
holds every spelling of that month, ``|``-separated (a spelling may hold a space: ``كانون الثاني``).

:func:`build` compiles the patterns from tables given to it, so a test (or a caller) can add a language
without touching this module; :data:`PATTERNS` is what the chain uses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from iomcrawl.extraction.vocabulary import Words, alternation, initials

# language -> the twelve months, January first, each '|'-separated spellings (full names, abbreviations)
MONTHS: Mapping[str, tuple[str, ...]] = {
    "en": ("January|Jan", "February|Feb|Febr", "March|Mar", "April|Apr", "May", "June|Jun", "July|Jul",
           "August|Aug", "September|Sep|Sept", "October|Oct", "November|Nov", "December|Dec"),
    "fr": ("janvier|janv", "février|févr|fév", "mars", "avril|avr", "mai", "juin", "juillet|juil",
           "août", "septembre|sept", "octobre|oct", "novembre|nov", "décembre|déc"),
    "es": ("enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may", "junio|jun", "julio|jul",
           "agosto|ago", "septiembre|setiembre|sep|sept|set", "octubre|oct", "noviembre|nov", "diciembre|dic"),
    "pt": ("janeiro|jan", "fevereiro|fev", "março|mar", "abril|abr", "maio|mai", "junho|jun", "julho|jul",
           "agosto|ago", "setembro|set", "outubro|out", "novembro|nov", "dezembro|dez"),
    "de": ("Januar|Jänner|Jan", "Februar|Feber|Feb", "März|Mär|Mrz", "April|Apr", "Mai", "Juni|Jun",
           "Juli|Jul", "August|Aug", "September|Sep|Sept", "Oktober|Okt", "November|Nov", "Dezember|Dez"),
    "it": ("gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr", "maggio|mag", "giugno|giu",
           "luglio|lug", "agosto|ago", "settembre|set|sett", "ottobre|ott", "novembre|nov", "dicembre|dic"),
    "ar": ("يناير|كانون الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|ابريل|نيسان", "مايو|أيار|ايار",
           "يونيو|يونيه|حزيران", "يوليو|يوليه|تموز", "أغسطس|اغسطس|آب", "سبتمبر|أيلول|ايلول",
           "أكتوبر|اكتوبر|تشرين الأول", "نوفمبر|تشرين الثاني", "ديسمبر|كانون الأول"),
    "ru": ("января|январь|янв", "февраля|февраль|фев", "марта|март|мар", "апреля|апрель|апр", "мая|май",
           "июня|июнь|июн", "июля|июль|июл", "августа|август|авг", "сентября|сентябрь|сен|сент",
           "октября|октябрь|окт", "ноября|ноябрь|ноя|нояб", "декабря|декабрь|дек"),
}  # fmt: skip

# language -> the seven weekdays, Monday first, each '|'-separated spellings. A spelling may mean another
# day in another language (German 'Di' is Tuesday, French 'di' Sunday): lookups give every reading.
WEEKDAYS: Mapping[str, tuple[str, ...]] = {
    "en": ("Monday|Mon", "Tuesday|Tue|Tues", "Wednesday|Wed", "Thursday|Thu|Thur|Thurs", "Friday|Fri",
           "Saturday|Sat", "Sunday|Sun"),
    "fr": ("lundi|lun", "mardi|mar", "mercredi|mer", "jeudi|jeu", "vendredi|ven", "samedi|sam",
           "dimanche|dim"),
    "es": ("lunes|lun", "martes|mar", "miércoles|mié", "jueves|jue", "viernes|vie", "sábado|sáb",
           "domingo|dom"),
    "pt": ("segunda-feira|segunda|seg", "terça-feira|terça|ter", "quarta-feira|quarta|qua",
           "quinta-feira|quinta|qui", "sexta-feira|sexta|sex", "sábado|sáb", "domingo|dom"),
    "de": ("Montag|Mo", "Dienstag|Di", "Mittwoch|Mi", "Donnerstag|Do", "Freitag|Fr", "Samstag|Sonnabend|Sa",
           "Sonntag|So"),
    "it": ("lunedì|lun", "martedì|mar", "mercoledì|mer", "giovedì|gio", "venerdì|ven", "sabato|sab",
           "domenica|dom"),
    "ar": ("الاثنين|الإثنين", "الثلاثاء", "الأربعاء|الاربعاء", "الخميس", "الجمعة", "السبت", "الأحد|الاحد"),
    "ru": ("понедельник|пн", "вторник|вт", "среда|ср", "четверг|чт", "пятница|пт", "суббота|сб",
           "воскресенье|вс"),
}  # fmt: skip

# the label of a release's publication field: 'Posted: …', 'Publié le …'
POSTED: Words = {
    "en": ("Posted", "Published", "Posted on", "Published on", "Date posted"),
    "fr": ("Publié", "Publiée", "Publié le", "Publiée le", "Mis en ligne le"),
    "es": ("Publicado", "Publicada", "Publicado el", "Fecha de publicación"),
    "pt": ("Publicado", "Publicada", "Publicado em", "Data de publicação"),
    "de": ("Veröffentlicht", "Veröffentlicht am", "Veröffentlichungsdatum"),
    "it": ("Pubblicato", "Pubblicata", "Pubblicato il", "Data di pubblicazione"),
    "ar": ("نشر", "نُشر", "نشر في", "تاريخ النشر"),
    "ru": ("Опубликовано", "Дата публикации"),
}

# a mirror's label for the release's own date, which beats the mirror's 'Posted'
ORIGINALLY_PUBLISHED: Words = {
    "en": ("Originally published", "Publication date", "Date of publication"),
    "fr": ("Publié initialement", "Initialement publié", "Date de publication"),
    "es": ("Publicado originalmente", "Fecha de publicación original"),
    "pt": ("Publicado originalmente", "Publicado inicialmente"),
    "de": ("Ursprünglich veröffentlicht", "Erstveröffentlichung"),
    "it": ("Pubblicato originariamente", "Pubblicato originalmente"),
    "ar": ("نشر أصلا", "نُشر أصلاً", "تاريخ النشر الأصلي"),
    "ru": ("Первоначально опубликовано", "Впервые опубликовано"),
}

# a modification date: never the publication date ('Zuletzt aktualisiert ( 07.04.2010 )')
LAST_UPDATED: Words = {
    "en": ("Last updated", "Last update", "Last modified", "Updated", "Modified", "Page last updated"),
    "fr": ("Dernière mise à jour", "Mis à jour", "Mise à jour", "Modifié le", "Dernière modification"),
    "es": ("Última actualización", "Actualizado", "Última modificación", "Modificado"),
    "pt": ("Última atualização", "Última actualização", "Atualizado", "Actualizado", "Modificado"),
    "de": ("Zuletzt aktualisiert", "Aktualisiert", "Zuletzt geändert", "Letzte Änderung", "Geändert"),
    "it": ("Ultimo aggiornamento", "Aggiornato", "Ultima modifica", "Modificato"),
    "ar": ("آخر تحديث", "تم التحديث", "آخر تعديل"),
    "ru": ("Последнее обновление", "Обновлено", "Изменено"),
}

# relative times ('2 hours ago', 'il y a 3 jours', 'vor 2 Stunden'): never a date
RELATIVE: Words = {
    "en": ("ago", "min", "mins", "hours ago"),
    "fr": ("il y a",),
    "es": ("hace",),
    "pt": ("há",),
    "de": ("vor",),
    "it": ("fa",),
    "ar": ("منذ",),
    "ru": ("назад",),
}

# an e-mail header that dates a message: 'Date: Tue, 14 Mar 2017 16:02:11 +0100', 'Sent: Thursday, …'
EMAIL_HEADERS: Words = {
    "en": ("Date", "Sent"),
    "fr": ("Date", "Envoyé", "Envoyé le"),
    "es": ("Fecha", "Enviado", "Enviado el"),
    "pt": ("Data", "Enviado", "Enviada em"),
    "de": ("Datum", "Gesendet"),
    "it": ("Data", "Inviato"),
    "ar": ("التاريخ", "تاريخ الإرسال"),
    "ru": ("Дата", "Отправлено"),
}

# words that may stand between day, month and year: '26 de febrero de 2019', '14th of March 2019'
JOINERS: Words = {"en": ("of", "the"), "es": ("de", "del"), "pt": ("de", "do"), "it": ("del",)}

# after the day: '1st', '1er', '1º', '14.'
ORDINALS: Words = {
    "en": ("st", "nd", "rd", "th"),
    "fr": ("er", "re"),
    "es": ("º", "ª", "°"),
    "pt": ("º", "ª", "°"),
    "it": ("º", "°"),
}

# after the year: '12 мая 2016 г.', '22 يونيو 2021م'
YEAR_MARKERS: Words = {"ru": ("г.", "г", "года", "гг."), "ar": ("م",)}


def fold(word: str) -> str:
    """Lower case, accents and a trailing full stop dropped: the form lookups use."""
    word = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return unicodedata.normalize("NFC", "".join(c for c in word if not unicodedata.combining(c)))


def _spellings(entry: str) -> list[str]:
    return [s.strip() for s in entry.split("|") if s.strip()]


def _both_forms(words: list[str]) -> list[str]:
    """Each word as written and without its accents, so text written either way matches."""
    return [form for w in words for form in dict.fromkeys((w, fold(w)))]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a cache key
class DatePatterns:
    """Everything the date readers need, compiled from one set of tables."""

    months: Mapping[str, int]  # folded spelling -> month number (1-12)
    weekdays: Mapping[str, frozenset[int]]  # folded spelling -> weekdays it may mean (Monday = 0)
    month_word: str  # regex alternation of every month spelling
    weekday_word: str  # regex alternation of every weekday spelling
    day_month_year: re.Pattern[str]  # '14 Juni 2022', '26 de febrero de 2019', '12 мая 2016 г.'
    month_day_year: re.Pattern[str]  # 'March 12, 2019', 'Thu Oct 20 14:31:07 CEST 2005' not included
    posted: re.Pattern[str]  # a 'Posted' label anywhere in a line (case-insensitive)
    originally: re.Pattern[str]  # an 'Originally published' label at the start of a line
    last_updated: re.Pattern[str]  # a modification-date label
    relative: re.Pattern[str]  # a relative-time word
    email_header: re.Pattern[str]  # an e-mail 'Date:' / 'Sent:' header line
    asctime: re.Pattern[str]  # a mail archive's 'Thu Oct 20 14:31:07 CEST 2005'


def _word_boundary(alt: str) -> str:
    """An alternation that neither starts nor ends inside another word (works for every script)."""
    return rf"(?<![^\W\d_]){alt}(?![^\W\d_])"


def build(
    months: Mapping[str, tuple[str, ...]] = MONTHS,
    weekdays: Mapping[str, tuple[str, ...]] = WEEKDAYS,
    posted: Words = POSTED,
    originally: Words = ORIGINALLY_PUBLISHED,
    last_updated: Words = LAST_UPDATED,
    relative: Words = RELATIVE,
    email_headers: Words = EMAIL_HEADERS,
    joiners: Words = JOINERS,
    ordinals: Words = ORDINALS,
    year_markers: Words = YEAR_MARKERS,
) -> DatePatterns:
    """Compile the date patterns from word tables (the module's own by default)."""
    month_of: dict[str, int] = {}
    for lang, names in months.items():
        if len(names) != 12:
            raise ValueError(f"{lang}: 12 months expected, got {len(names)}")
        for number, entry in enumerate(names, start=1):
            for spelling in _spellings(entry):
                month_of.setdefault(fold(spelling), number)
    day_of: dict[str, set[int]] = {}
    for lang, names in weekdays.items():
        if len(names) != 7:
            raise ValueError(f"{lang}: 7 weekdays expected, got {len(names)}")
        for number, entry in enumerate(names):
            for spelling in _spellings(entry):
                day_of.setdefault(fold(spelling), set()).add(number)
    month_word = alternation(
        _both_forms([s for names in months.values() for e in names for s in _spellings(e)])
    )
    weekday_word = alternation(
        _both_forms([s for names in weekdays.values() for e in names for s in _spellings(e)])
    )
    month = rf"(?P<m>{_word_boundary(month_word)})\.?"
    joiner = rf"(?:{alternation(joiners)}\s+)?" if joiners else ""
    ordinal = rf"(?:{alternation(ordinals, spaced=False)})?" if ordinals else ""
    marker = rf"(?:\s*{alternation(year_markers, spaced=False)}(?![^\W\d_]))?" if year_markers else ""
    year = r"(?P<y>(?:19|20)\d{2})(?!\d)"
    day_month_year = re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}}){ordinal}\.?\s+{joiner}{month},?\s+{joiner}{year}{marker}", re.I
    )
    month_day_year = re.compile(
        rf"{month}[\s-]+(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,\s*|-|\s+){year}", re.I
    )
    return DatePatterns(
        months=month_of,
        weekdays={word: frozenset(days) for word, days in day_of.items()},
        month_word=month_word,
        weekday_word=weekday_word,
        day_month_year=day_month_year,
        month_day_year=month_day_year,
        posted=re.compile(_word_boundary(_with_initials(_both_forms(list(_flat(posted))))), re.I),
        originally=re.compile(
            r"^\W*" + _word_boundary(alternation(_both_forms(list(_flat(originally))))), re.I
        ),
        last_updated=re.compile(_word_boundary(_with_initials(_both_forms(list(_flat(last_updated))))), re.I),
        relative=re.compile(_word_boundary(alternation(_both_forms(list(_flat(relative))))), re.I),
        email_header=re.compile(rf"^\s*{alternation(_both_forms(list(_flat(email_headers))))}\s*:\s*(?=\S)"),
        asctime=re.compile(
            rf"{_word_boundary(weekday_word)}\.?,?\s+{month}\s+(?P<d>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
            rf"(?:\s+[A-Z]{{2,5}}|\s+[+-]\d{{4}})?\s+{year}",
            re.I,
        ),
    )


def _with_initials(words: list[str]) -> str:
    """The alternation behind a lookahead on its first letters: searched across whole lines, it is
    otherwise tried word by word at every position."""
    return initials(words) + alternation(words)


def _flat(words: Words) -> list[str]:
    return [w for lang_words in words.values() for w in lang_words]


PATTERNS = build()
