"""Contact blocks as data: the phrases that open one, and the labels written before a phone, mobile, fax
or e-mail, in every covered language; the spelled-out '@' and '.' of obfuscated addresses.

Each list is keyed by language. :func:`patterns` compiles them once (and again after :func:`rebuild`),
so adding a phrase or a language is one line here; every reader of contact blocks (the release finder,
``contacts``, ``phones``, ``emails``) takes its patterns from :func:`patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from iomcrawl.extraction.vocabulary import Words, alternation, every, initials
from iomcrawl.extraction.vocabulary.people import ORGANISATION

# Phrases that open a contact block ('For further information, please contact:'), as written; a space
# matches any run of whitespace, and an apostrophe any apostrophe.
CONTACT_INTROS: dict[str, tuple[str, ...]] = {
    "en": (
        "For further information", "For further informations", "For more information", "For more info",
        "For further details", "For more details", "For media enquiries", "For media inquiries",
        "Please contact",
    ),
    "fr": (
        "Pour plus d'informations", "Pour plus d'information", "Pour de plus amples informations",
        "Pour toute information", "Pour toute demande d'information", "Pour en savoir plus",
        "Veuillez contacter",
    ),
    "es": (
        "Para mayor información", "Para más información", "Para mayores informes", "Para más detalles",
        "Para obtener más información", "Por favor contactar", "Por favor contacte",
    ),
    "pt": ("Para mais informações", "Para mais informação", "Para obter mais informações"),
    "de": (
        "Für weitere Informationen", "Für mehr Informationen", "Für Rückfragen", "Für Medienanfragen",
        "Für Presseanfragen",
    ),
    "it": ("Per ulteriori informazioni", "Per maggiori informazioni", "Per informazioni", "Per contatti"),
    "ar": ("للمزيد من المعلومات", "لمزيد من المعلومات", "للاستفسارات الإعلامية", "لمزيد من الاستفسارات"),
    "ru": ("Для получения дополнительной информации", "За дополнительной информацией"),
}  # fmt: skip

# Headings that open a contact block only as a line of their own or before a colon ('Media contacts:'):
# in prose these words mean something else ('Contact with the families …').
CONTACT_HEADINGS: dict[str, tuple[str, ...]] = {
    "en": (
        "Media contacts", "Media contact", "Press contacts", "Press contact", "Contacts", "Contact",
        "Media enquiries", "Media inquiries", "Further information", "More information",
    ),
    "fr": ("Contacts presse", "Contact presse", "Contacts médias", "Contact média", "Contacts", "Contact"),
    "es": (
        "Contactos de prensa", "Contacto de prensa", "Contacto para medios", "Contactos para medios",
        "Contactos", "Contacto", "Más información",
    ),
    "pt": (
        "Contactos para a imprensa", "Contatos para a imprensa", "Contacto de imprensa", "Contato de imprensa",
        "Contactos", "Contatos", "Contacto", "Contato", "Mais informações",
    ),
    "de": (
        "Medienanfragen", "Medienkontakte", "Medienkontakt", "Pressekontakte", "Pressekontakt",
        "Presseanfragen", "Kontakt", "Weitere Informationen",
    ),
    "it": ("Contatti stampa", "Contatto stampa", "Contatti per i media", "Contatti", "Contatto"),
    "ar": ("للتواصل", "جهات الاتصال", "للتواصل الإعلامي"),
    "ru": ("Контакты для СМИ", "Контакты для прессы", "Контакты", "Дополнительная информация"),
}  # fmt: skip

# 'please contact', as the intro's verb or on its own ('Please contact:', '… wenden Sie sich an:').
CONTACT_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("please contact", "contact"),
    "fr": ("veuillez contacter", "contacter", "contactez"),
    "es": ("contactar a", "contactar", "contacte a", "contacte", "comunicarse con"),
    "pt": ("contacte", "contate", "contactar", "contatar"),
    "de": ("wenden Sie sich bitte an", "wenden Sie sich an", "kontaktieren Sie"),
    "it": ("contattare", "contattate", "rivolgersi a"),
    "ar": ("يرجى الاتصال بـ", "يرجى الاتصال", "يرجى التواصل مع"),
    "ru": ("обращайтесь к", "обращайтесь", "свяжитесь с"),
}  # fmt: skip

# Labels before a number or an address, by kind. Matched case-insensitively as whole words, a trailing
# '.' optional; single capital letters ('T:', 'M:', 'F:') are handled by the phone module itself.
PHONE_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Telephone", "Phone", "Tel", "Direct line"),
    "fr": ("Téléphone", "Tél", "Tel", "Ligne directe"),
    "es": ("Teléfono", "Tel", "Tfno", "Telf", "Tlf"),
    "pt": ("Telefone", "Tel", "Tlf", "Fone"),
    "de": ("Telefon", "Tel", "Fon"),
    "it": ("Telefono", "Tel"),
    "ar": ("هاتف", "الهاتف", "تلفون"),
    "ru": ("Телефон", "Тел"),
}  # fmt: skip
MOBILE_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Mobile phone", "Mobile", "Mob", "Cell phone", "Cellular", "Cell"),
    "fr": ("Portable", "Mobile", "Cellulaire", "Cell"),
    "es": ("Móvil", "Movil", "Celular", "Cel"),
    "pt": ("Telemóvel", "Telemovel", "Celular", "Cel", "Móvel"),
    "de": ("Mobiltelefon", "Mobil", "Handy"),
    "it": ("Cellulare", "Cell", "Mobile"),
    "ar": ("جوال", "الجوال", "محمول", "موبايل"),
    "ru": ("Мобильный", "Моб"),
}  # fmt: skip
FAX_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Telefax", "Fax"),
    "fr": ("Télécopie", "Fax"),
    "es": ("Fax",),
    "pt": ("Fax",),
    "de": ("Telefax", "Fax"),
    "it": ("Fax",),
    "ar": ("فاكس",),
    "ru": ("Факс",),
}  # fmt: skip
EMAIL_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("E-mail", "Email", "Mail"),
    "fr": ("Courriel", "E-mail", "Mél"),
    "es": ("Correo electrónico", "Correo-e", "Correo"),
    "pt": ("E-mail", "Correio eletrónico", "Correio eletrônico"),
    "de": ("E-Mail", "Email"),
    "it": ("Posta elettronica", "E-mail", "Email"),
    "ar": ("البريد الإلكتروني", "بريد إلكتروني", "البريد الالكتروني"),
    "ru": ("Эл. почта", "Электронная почта", "E-mail"),
}  # fmt: skip

# Words joining two contacts in one sentence ('…, or Marta Ferreira-Hall at IOM Geneva').
JOINERS: Words = {
    "en": ("or", "and"),
    "fr": ("ou", "et"),
    "es": ("o a", "o", "y"),
    "pt": ("ou", "e"),
    "de": ("oder", "und"),
    "it": ("oppure", "o", "e"),
    "ar": ("أو",),
    "ru": ("или", "и"),
}

# Spelled-out '@' and '.' of obfuscated addresses: bare words (' at ', ' dot ') and the brackets they
# come in ('(at)', '[at]', '{at}', '<at>').
AT_WORDS: Words = {"en": ("at",), "fr": ("arobase",), "es": ("arroba",), "de": ("ät",)}
DOT_WORDS: Words = {"en": ("dot",), "fr": ("point",), "es": ("punto",), "de": ("punkt",)}

_APOSTROPHE = "[’'`´]"


def _apos(words: Words) -> str:
    """An alternation of phrases where a space matches any whitespace and an apostrophe any apostrophe."""
    parts = []
    for word in every(words):
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        parts.append(escaped.replace("'", rf"{_APOSTROPHE}?\s*"))
    return "(?:" + "|".join(parts) + ")"


def _labels(words: Words) -> str:
    """Labels as whole words; a trailing '.' or a hyphenated spelling as written."""
    return rf"(?:{alternation(words)})\.?"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a cache key
class ContactPatterns:
    """The compiled patterns; get them from :func:`patterns`."""

    intro: re.Pattern[str]  # an intro phrase anywhere, or a heading as a line of its own or before ':'
    intro_line: re.Pattern[str]  # the start of a line up to its last intro or 'contact' word, and a colon
    phone_label: str  # alternation of phone labels (no groups), for building patterns
    mobile_label: str
    fax_label: str
    email_label: str
    email_initials: str  # a lookahead on the e-mail labels' first letters, to search for one faster
    email_label_words: tuple[
        str, ...
    ]  # each label's first word, lowercased: a substring test before a search
    any_label: str
    label_only: re.Pattern[str]  # a line that is just a label ('E-mail:')
    at_words: str
    dot_words: str
    joiner: str  # alternation of the words joining two contacts
    contact_line: re.Pattern[str]  # a line holding contact data: a number, an address, a label, an office


@cache
def patterns() -> ContactPatterns:
    """The contact vocabulary compiled: built on first use and again after :func:`rebuild`."""
    intro, heading, verb = _apos(CONTACT_INTROS), _apos(CONTACT_HEADINGS), _apos(CONTACT_VERBS)
    phone, mobile, fax, email = (
        _labels(PHONE_LABELS),
        _labels(MOBILE_LABELS),
        _labels(FAX_LABELS),
        _labels(EMAIL_LABELS),
    )
    any_label = f"(?:{mobile}|{fax}|{email}|{phone})"
    return ContactPatterns(
        intro=re.compile(
            rf"{initials(CONTACT_INTROS)}(?<![^\W\d_])(?:{intro})(?![^\W\d_]|@|\.\w)"
            rf"|^[ \t]*(?:{heading})[ \t]*(?::|$)",
            re.I | re.M,
        ),
        intro_line=re.compile(
            rf"^[^\n]{{0,240}}(?<![^\W\d_])(?:{intro}|{heading}|{verb})(?![^\W\d_]|@|\.\w)[ \t]*:?", re.I
        ),
        phone_label=phone,
        mobile_label=mobile,
        fax_label=fax,
        email_label=email,
        email_initials=initials(EMAIL_LABELS),
        email_label_words=tuple(sorted({label.split()[0].lower() for label in every(EMAIL_LABELS)})),
        any_label=any_label,
        label_only=re.compile(rf"^(?:{any_label})\s*:?\s*$", re.I),
        at_words=alternation(AT_WORDS, spaced=False),
        dot_words=alternation(DOT_WORDS, spaced=False),
        joiner=alternation(JOINERS),
        contact_line=re.compile(
            rf"\d{{3}}|@|mailto|\">|(?<![^\W\d_])(?:{any_label}|{alternation(ORGANISATION)})(?![^\W\d_])"
            rf"|^{alternation(JOINERS)}$",
            re.I,
        ),
    )


def rebuild() -> ContactPatterns:
    """Compile the lists again (after a phrase or a language was added)."""
    patterns.cache_clear()
    return patterns()
