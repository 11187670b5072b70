"""The people and contact vocabulary as data: one line adds a phrase or a language, every covered language
is read, and the patterns built from the lists stay linear on long hostile input.

Names, numbers and mailboxes are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from support.linear import assert_scales_linearly

from iomcrawl.extraction import attributions, contacts, emails, names
from iomcrawl.extraction.attributions import quoted_people
from iomcrawl.extraction.contacts import parse_contacts
from iomcrawl.extraction.emails import find_emails
from iomcrawl.extraction.names import clean_name, split_role
from iomcrawl.extraction.people import release_contacts
from iomcrawl.extraction.phones import find_phones
from iomcrawl.extraction.vocabulary import LANGUAGES
from iomcrawl.extraction.vocabulary import contacts as contact_words
from iomcrawl.extraction.vocabulary import people as people_words


@pytest.fixture
def rebuilt() -> Iterator[None]:
    """Patterns compiled again after the test changed a list, and again once the list is restored."""
    yield
    contact_words.rebuild()


def test_a_new_contact_intro_and_phone_label_are_one_line_each(
    monkeypatch: pytest.MonkeyPatch, rebuilt: None
) -> None:
    block = ["Voor meer informatie:", "Femke de Vries, IOM Nederland", "Telefoon: +31 70 318 1500"]
    assert contact_words.patterns().intro.search(block[0]) is None
    monkeypatch.setitem(contact_words.CONTACT_INTROS, "nl", ("Voor meer informatie",))
    monkeypatch.setitem(contact_words.PHONE_LABELS, "nl", ("Telefoon",))
    contact_words.rebuild()
    assert contact_words.patterns().intro.search(block[0]) is not None
    [person] = parse_contacts(block)
    assert (person.name, person.office) == ("Femke de Vries", "IOM Nederland")
    [phone] = find_phones("\n".join(block))
    assert (phone.e164, phone.kind) == ("+31703181500", "tel")


def test_every_list_covers_every_language() -> None:
    for words in (contact_words.CONTACT_INTROS, contact_words.PHONE_LABELS, contact_words.EMAIL_LABELS):
        assert set(words) == set(LANGUAGES)
    for words in (people_words.SPEECH_VERBS, people_words.ROLE_WORDS, people_words.ORGANISATION):
        assert set(words) == set(LANGUAGES)


# --- honorifics and name boundaries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Hon. Ramon Tirol", "Ramon Tirol"),
        ("Ratu Josateki Vunivalu", "Josateki Vunivalu"),
        ("Ing. Carlos Mejía", "Carlos Mejía"),
        ("Licda. Martha Rivera", "Martha Rivera"),
        ("Pr Ibrahim Garba", "Ibrahim Garba"),
        ("Mag. Stefan Wallner", "Stefan Wallner"),
        ("Dott.ssa Chiara Neri", "Chiara Neri"),
        ("Hon", None),
        ("Licda", None),
        ("All Rights Reserved", None),
        ("Management Jukka Rautio", None),
    ],
)
def test_honorifics_are_dropped_and_never_a_name_alone(written: str, name: str | None) -> None:
    assert clean_name(written) == name


def test_an_honorific_ends_no_sentence_and_a_later_titled_mention_is_the_same_person() -> None:
    people = quoted_people(
        [
            "“We moved together,” said Ratu Josateki Vunivalu, chief of Narikoso.",
            "“It was hard,” Ratu Vunivalu said. “Yes,” said Hon. Ramon Tirol, Mayor of Loon.",
        ]
    )
    assert [(p.name, p.role) for p in people] == [
        ("Josateki Vunivalu", "chief of Narikoso"),
        ("Ramon Tirol", "Mayor of Loon"),
    ]


# --- speech verbs, roles and offices in every language ------------------------------------------------

QUOTES = [
    # (paragraph, name, role, office)
    ("“Esto cambia todo”, ha declarado la Jefa de Misión de la OIM en Honduras, Lucía Ramos.",
     "Lucía Ramos", "Jefa de Misión", "OIM Honduras"),
    ("“Eso”, dijo la Licda. Marta Rivera, coordinadora del programa de la OIM en Honduras.",
     "Marta Rivera", "coordinadora del programa", "OIM Honduras"),
    ("“Precisamos de apoio”, disse Beatriz Salvador, chefe de missão da OIM em Moçambique.",
     "Beatriz Salvador", "chefe de missão", "OIM Moçambique"),
    ("„Wir helfen“, erklärte Tobias Reiner, Leiter des IOM-Büros in Berlin.",
     "Tobias Reiner", "Leiter", "IOM Berlin"),
    ("„Wir helfen“, sagte Dr. Katrin Alber, Ärztin bei IOM Deutschland.", "Katrin Alber", "Ärztin", "IOM Deutschland"),
    ("“Possiamo farcela”, ha dichiarato Lorenzo Ferri, capo missione dell’OIM in Italia.",
     "Lorenzo Ferri", "capo missione", "OIM Italia"),
    ("“Il nostro obiettivo”, ha spiegato la coordinatrice del progetto dell’OIM a Foggia, Giulia Marri.",
     "Giulia Marri", "coordinatrice del progetto", "OIM Foggia"),
    ("«Многие уезжают», – заявил глава миссии МОМ в Таджикистане Андрей Волин на церемонии.",
     "Андрей Волин", "глава миссии", "МОМ в Таджикистане"),
    ('وقالت سارة المختار، رئيسة بعثة المنظمة الدولية للهجرة في العراق: "نحن نعمل".',
     "سارة المختار", "رئيسة بعثة", "المنظمة الدولية للهجرة في العراق"),
    ("“That is how,” said Musa Khoza, IOM South Africa Programme Manager for Labour Mobility.",
     "Musa Khoza", "Programme Manager for Labour Mobility", "IOM South Africa"),
    ("“We will train them,” said Commander Vittorio Lanzi of the Catania Coast Guard.",
     "Vittorio Lanzi", "Commander", None),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "name", "role", "office"), QUOTES)
def test_quoted_speaker_in_every_language(
    paragraph: str, name: str, role: str | None, office: str | None
) -> None:
    [person] = quoted_people([paragraph])
    assert (person.name, person.role, person.office) == (name, role, office)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Olena, eine Lehrerin aus Charkiw, lebt in Leipzig. „Ich wusste es nicht“, sagte sie."],
        ["Olena, de 34 años, llegó en marzo. “No sabía nada”, contó durante la visita."],
        ["Olena, 34 anni, è arrivata in marzo. “Non sapevo niente”, ha raccontato."],
        [
            "Ein Beispiel ist Olena, eine 34-jährige Lehrerin. „Ich wusste es nicht“, sagte sie bei einem Besuch."
        ],
    ],
)
def test_a_quote_through_a_pronoun_or_a_dropped_subject(paragraphs: list[str]) -> None:
    assert [p.name for p in quoted_people(paragraphs)] == ["Olena"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Most guardians live in Palermo and Catania, far from the centres. “It is far,” she said.",
        "Many are young Ethiopians, who walk for days. “We walk,” she said.",
        "Er kam aus Tschetschenien, ein langer Weg. „Ich bin da“, sagte er.",
        "“Nous restons”, dijo el ministro.",
    ],
)
def test_no_speaker_from_a_place_or_an_unnamed_role(paragraph: str) -> None:
    assert quoted_people([paragraph]) == []


@pytest.mark.parametrize(
    ("text", "role", "office"),
    [
        ("directora de la Oficina de la OIM en España", "directora", "OIM España"),
        ("Head of Office", "Head of Office", None),
        ("chef de mission de l’OIM au Niger", "chef de mission", "OIM Niger"),
        ("IOM Chief of Mission in Haiti", "Chief of Mission", "IOM Haiti"),
    ],
)
def test_role_and_office(text: str, role: str, office: str | None) -> None:
    assert split_role(text) == (role, office)


# --- contact blocks in every language ----------------------------------------------------------------

BLOCKS = [
    # (lines, {name: (office, phones, emails)})
    (["Für weitere Informationen wenden Sie sich an:", "Thomas Reiner", "IOM Wien", "Tel.: +43 1 585 33 22 15",
      "Mobil: +43 676 330 1842", "E-Mail: treiner@iom.int"],
     {"Thomas Reiner": ("IOM Wien", ["+431585332215", "+436763301842"], ["treiner@iom.int"])}),
    (["Medienanfragen:", "Julia Hartung, IOM Deutschland", "Tel.: +49 30 278 778 12", "Handy: +49 176 4412 9083"],
     {"Julia Hartung": ("IOM Deutschland", ["+493027877812", "+4917644129083"], [])}),
    (["Per ulteriori informazioni:", "Serena Lodi, OIM Italia", "Tel.: +39 06 4423 1428",
      "Cellulare: +39 347 089 8996", "Email: slodi@iom.int"],
     {"Serena Lodi": ("OIM Italia", ["+390644231428", "+393470898996"], ["slodi@iom.int"])}),
    (["Para mais informações, contacte:", "Tânia Costa, OIM Moçambique", "Telefone: +258 21 486 422",
      "Telemóvel: +258 84 312 7745", "E-mail: tcosta@iom.int"],
     {"Tânia Costa": ("OIM Moçambique", ["+25821486422", "+258843127745"], ["tcosta@iom.int"])}),
    (["للمزيد من المعلومات، يرجى التواصل مع:", "هالة كاظم، المنظمة الدولية للهجرة في العراق", "هاتف: +964 750 445 1290",
      "البريد الإلكتروني: hkadhim@iom.int"],
     {"هالة كاظم": ("المنظمة الدولية للهجرة في العراق", ["+9647504451290"], ["hkadhim@iom.int"])}),
    (["Для получения дополнительной информации обращайтесь:", "Нигора Рахимова, МОМ Таджикистан",
      "тел.: +992 37 221 0302, моб.: +992 93 570 1122", "эл. почта: nrakhimova@iom.int"],
     {"Нигора Рахимова": ("МОМ Таджикистан", ["+992372210302", "+992935701122"], ["nrakhimova@iom.int"])}),
    (["Media contacts:", "Ana Ruiz, IOM Geneva, Mobile: +41 79 285 4471, Email: aruiz@iom.int",
      "Ben Ode, IOM Nairobi, Mobile: +254 722 112 233, Email: bode@iom.int"],
     {"Ana Ruiz": ("IOM Geneva", ["+41792854471"], ["aruiz@iom.int"]),
      "Ben Ode": ("IOM Nairobi", ["+254722112233"], ["bode@iom.int"])}),
    (["Para mayor información, favor contactar a Ana Pérez en OIM Guatemala, Tel.: +502 2414 7400, Correo: "
      "aperez@iom.int, o a Marta Rojas en OIM San José, Tel.: +506 2281 4003, Correo: mrojas@iom.int"],
     {"Ana Pérez": ("OIM Guatemala", ["+50224147400"], ["aperez@iom.int"]),
      "Marta Rojas": ("OIM San José", ["+50622814003"], ["mrojas@iom.int"])}),
    (["Per informazioni: Carlo Manni, OIM Palermo, Cell.: +39 320 441 7786, cmanni@iom.int, oppure Flavia Santi, "
      "OIM Italia, Tel.: +39 06 4423 1470, fsanti@iom.int"],
     {"Carlo Manni": ("OIM Palermo", ["+393204417786"], ["cmanni@iom.int"]),
      "Flavia Santi": ("OIM Italia", ["+390644231470"], ["fsanti@iom.int"])}),
    (["Pressekontakte: Jonas Weiler, IOM Deutschland, Tel.: +49 30 278 778 14, E-Mail: jweiler@iom.int und "
      "Nadia Fahmi, IOM Ägypten, Tel.: +20 2 2735 8012, E-Mail: nfahmi@iom.int"],
     {"Jonas Weiler": ("IOM Deutschland", ["+493027877814"], ["jweiler@iom.int"]),
      "Nadia Fahmi": ("IOM Ägypten", ["+20227358012"], ["nfahmi@iom.int"])}),
    (["For further information, please contact:", "Ayesha Sidd, IOM Islamabad, Tel: +92 51 282 9411,",
      "E-mail: asidd at iom.int"],
     {"Ayesha Sidd": ("IOM Islamabad", ["+92512829411"], ["asidd@iom.int"])}),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), BLOCKS)
def test_contact_block_in_every_language(lines: list[str], want: dict) -> None:
    details = release_contacts(paragraphs=[], contact_lines=lines, mailto=[], place=None)
    got = {p["name"]: (p["office"], p["phones"], p["emails"]) for p in details.people}
    assert got == want


def test_a_bare_at_is_an_address_only_after_an_email_label() -> None:
    assert [h.address for h in find_emails("Courriel : jdoe at iom.int")[0]] == ["jdoe@iom.int"]
    assert find_emails("Read more at iom.int about it")[0] == []


# --- linear time on long hostile input ----------------------------------------------------------------


HOSTILE = [
    (lambda t: attributions._ARABIC_SAID.findall(t), "وقال سارة المختار سارة "),
    (lambda t: attributions._INTRO_INSIDE.findall(t), "ist Aslan Aslan, "),
    (lambda t: attributions._ROLE_THEN_NAME_ON.match(t), "глава Андрей "),
    (lambda t: attributions._PRONOUN.search(t), "”, contó ”, "),
    (lambda t: names._ROLE_OF_IOM.match(t), "de la OIM en "),
    (lambda t: names._ROLE_NON_LATIN_OFFICE.match(t), "رئيسة المنظمة الدولية للهجرة في "),
    (lambda t: contact_words.patterns().intro.findall(t), "For further Contact Pour plus d "),
    (lambda t: contact_words.patterns().intro_line.match(t), "For further information contact "),
    (lambda t: contact_words.patterns().contact_line.search(t), "Tele IOMx 12 "),
    (lambda t: emails._labelled_bare_at(t), "E-mail: a.b.c.d.e at"),
    (lambda t: contacts._fields(t), "Ana Ruiz, o a Ben und 1 und "),
    (lambda t: quoted_people([t]), "“Yes,” said Ana Ruiz, Jefa de Misión de la OIM en "),
]


@pytest.mark.parametrize(("run", "unit"), HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_new_patterns_are_linear_on_hostile_input(run: Callable[[str], object], unit: str) -> None:
    assert_scales_linearly(run, unit)
