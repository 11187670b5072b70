"""People of a release: each attribution and contact-block form, with cases that must find nobody.

Names, numbers and mailboxes are invented.
"""

from __future__ import annotations

import pytest

from iomcrawl.extraction.people import release_contacts


def people_of(
    paragraphs: list[str], contact: list[str] | None = None, place: str | None = None
) -> dict[str, dict]:
    details = release_contacts(paragraphs=paragraphs, contact_lines=contact or [], mailto=[], place=place)
    return {p["name"]: p for p in details.people}


QUOTES = [
    # (paragraph, name, role, office)
    ("“We will stay,” said Aliya Noorzai, IOM Afghanistan Chief of Mission.", "Aliya Noorzai", "Chief of Mission", "IOM Afghanistan"),
    ("“We will stay,” said IOM Nigeria Chief of Mission Tomas Brandt.", "Tomas Brandt", "Chief of Mission", "IOM Nigeria"),
    ("“We will stay,” says IOM Chief of Mission Tomas Brandt.", "Tomas Brandt", "Chief of Mission", None),
    ("“It works,” said IOM trainer, Lina Farouk.", "Lina Farouk", "IOM trainer", None),
    ("“It works,” said Head of Media and Communications and IOM Spokesperson, Pablo Ortega.", "Pablo Ortega",
     "Head of Media and Communications and IOM Spokesperson", None),
    ("“It works,” said Marta Lind, IOM Libya’s Head of Protection.", "Marta Lind", "Head of Protection", "IOM Libya"),
    ("“It works,” said Sam Osei, IOM’s health officer in Accra.", "Sam Osei", "health officer", "IOM Accra"),
    ("“It works,” IOM Athens’ Eleni Marou said Thursday.", "Eleni Marou", None, "IOM Athens"),
    ("“It works,” reports IOM Iraq’s Rana Aziz, who leads the teams.", "Rana Aziz", None, "IOM Iraq"),
    ("“It works,” explained IOM’s counter-trafficking officer Joseph Banda.", "Joseph Banda", "counter-trafficking officer", None),
    ("“Roads are closed,” said the Minister of Health, Dr. Abdi Yusuf Jama, at the launch.", "Abdi Yusuf Jama",
     "Minister of Health", None),
    ("“I walked for days,” said Amal, a 17-year-old from Harar.", "Amal", None, None),
    ("Kofi Mensah, for the International Organization for Migration (IOM), said the plan was ready.", "Kofi Mensah", None, None),
    ("« Nous restons », a déclaré Claire Dubois, cheffe de mission de l’OIM en Libye.", "Claire Dubois", "cheffe de mission",
     "OIM Libye"),
    ("« Nous restons », déclare le Directeur général de l’OIM, Paulo Reis.", "Paulo Reis", "Directeur général", None),
    ("“Seguimos”, afirmó Sara Kim, Jefe de Misión Interino de la OIM en Camboya.", "Sara Kim", "Jefe de Misión Interino",
     "OIM Camboya"),
    ("El portavoz de la OIM Roma, Flavio Conti, informó el jueves que los barcos llegaron.", "Flavio Conti", "portavoz", None),
    ("The ceremony was attended by the Deputy Minister of Fisheries, Selma Haufiku, who said the plan would help.",
     "Selma Haufiku", "Deputy Minister of Fisheries", None),
    ("Vice-Minister of Labour Ricardo Brenes said the campaign would help farms hire legally.", "Ricardo Brenes",
     "Vice-Minister of Labour", None),
    ("Enga Provincial Administrator Peter Kandap said the kits had arrived.", "Peter Kandap", "Administrator", None),
    ("Pour Abdel Nour, secrétaire général de la province, « ces données aideront les autorités ».", "Abdel Nour",
     "secrétaire général de la province", None),
    ("Oksana Hryts, who led the survey for IOM Ukraine, noted: “People come back.”", "Oksana Hryts", None, "IOM Ukraine"),
    ("“It works,” said Mwila Kaso, who heads the training unit of the Department of Immigration.", "Mwila Kaso",
     "head of the training unit", None),
    # A definite article before an honorific and name, after the verb (pt, it, es, fr).
    ("“Precisamos de mais escolas”, disse o Dr. Joaquim Bento Mucavele, director provincial de educação.",
     "Joaquim Bento Mucavele", "director provincial de educação", None),
    ("“Servono più tutori”, ha dichiarato il Prof. Aldo Rinaldi, presidente dell’associazione.", "Aldo Rinaldi",
     "presidente dell’associazione", None),
    ("« Il faut agir », a affirmé l’Ing. Paul Mbarga, maire de la commune.", "Paul Mbarga", "maire de la commune",
     None),
    # A title of several words run into the name, with a relative clause after it.
    ("“The border is open,” said Deputy Minister Ana Lucia Ferreira, who opened the centre.", "Ana Lucia Ferreira",
     "Deputy Minister", None),
    # A titled person's statement that is not a quote: '<role>, <Name>, thanked …', '<Name>, <role>, welcomed …'.
    ("At the opening, the Minister of Health, Rosa Quispe Mamani, thanked the donors and said the clinic "
     "would stay open.", "Rosa Quispe Mamani", "Minister of Health", None),
    ("Il sindaco di Lampedusa, dott.ssa Carla Russo, ha ringraziato i volontari.", "Carla Russo", "sindaco", None),
    ("Dr. Aigul Bekova, head of the district hospital, welcomed the delivery.", "Aigul Bekova",
     "head of the district hospital", None),
    ("O administrador do distrito, Jorge Macuácua Sitoe, agradeceu o apoio e pediu mais tendas.",
     "Jorge Macuácua Sitoe", "administrador do distrito", None),
    # A role holding a list, and 'according to <role>, <title> <Name>, …'.
    ("La directora de Protección de Niñas, Niños y Adolescentes, Lic. Marta Ruiz Soto, destacó el acuerdo.",
     "Marta Ruiz Soto", "directora de Protección de Niñas, Niños y Adolescentes", None),
    ("Segundo o comandante da operação, coronel Paulo Mendes Lima, o centro abre amanhã.", "Paulo Mendes Lima",
     "comandante da operação", None),
    # A surname alone is the person named in full before, two surnames and all.
    ("El alcalde de Tumbes, Jorge Luis Paredes Soto, valoró la ayuda. “Llegó a tiempo”, dijo Paredes.",
     "Jorge Luis Paredes Soto", "alcalde de Tumbes", None),
    # A sentence-case role before the name (Russian, English).
    ("Заместитель министра внутренних дел Тимур Касымов отметил, что центр откроется в мае.", "Тимур Касымов",
     "Заместитель министра внутренних дел", None),
    # Arabic: the role first, then the name after a comma or an honorific.
    ('وقال مدير مكتب المنظمة الدولية للهجرة في الأردن، سامي الخطيب: "سنواصل العمل".', "سامي الخطيب",
     "مدير مكتب", None),
    ("وأكد محافظ البصرة المهندس علي حسن الموسوي أن المحطة ستعمل قريبا.", "علي حسن الموسوي", "محافظ البصرة", None),
    ("ويقول كريم، وهو شاب من دارفور: «أريد أن أعود».", "كريم", None, None),
    # A lone first name that the sentence itself introduces with a description.
    ("Samir, a 19-year-old apprentice from Tripoli, said: “I want to stay and work here.”", "Samir", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "name", "role", "office"), QUOTES, ids=[q[1] for q in QUOTES])
def test_quoted_speaker(paragraph: str, name: str, role: str | None, office: str | None) -> None:
    people = people_of([paragraph])
    assert list(people) == [name]
    if role:
        assert role.lower() in (people[name]["role"] or "").lower()
    if office:
        assert people[name]["office"] == office


def test_surname_and_title_mentions_are_the_same_person() -> None:
    people = people_of(
        [
            "The posts were handed to the head of the district health office, Dr. Teuku Hasan.",
            "“Mothers will not travel for hours any more,” said Dr. Hasan.",
            "“Shelter comes first,” said IOM Haiti Chief of Mission Greta Lund. Lund added that more would follow.",
        ]
    )
    assert sorted(people) == ["Greta Lund", "Teuku Hasan"]
    assert people["Teuku Hasan"]["role"] == "head of the district health office"


EXACT_ROLES = [
    # One member of a group: the group's noun in the singular is the role.
    ("“We move with the herds,” says Omar Dida, one of the mobile nurses in Isiolo.", "mobile nurse"),
    ("“Aprendí mucho”, dijo Lucía Paredes, una de las promotoras de salud.", "promotora de salud"),
    ("“It held,” said Pita Raka, one of the carpenters trained by the project.", "carpenter"),
    # The title ends where another employer begins ('bei der', 'auprès de', 'presso', 'at the').
    ("„Wir helfen sofort“, sagte Jonas Albers, Sprecher bei der Caritas Hamburg.", "Sprecher"),
    ("« Nous formons les agents », a déclaré Inès Moreau, coordinatrice auprès de la Croix-Rouge.", "coordinatrice"),
    ("“Servono più posti”, ha detto Gianni Ferri, responsabile presso la Prefettura di Bari.", "responsabile"),
    ("“It works,” said Ram Bahadur Thapa, Joint Secretary at the Ministry of Labour.",
     "Joint Secretary at the Ministry of Labour"),
    # a relative clause after a place describes the place
    ("“Faltan camas”, dijo Luisa Peña, directora de un albergue en Ciudad Juárez que hoy recibe a 300 personas.",
     "directora de un albergue en Ciudad Juárez"),
    # a German compound title before the name
    ("Pressesprecherin Anna Weber sagte, die Beratung sei kostenlos.", "Pressesprecherin"),
    # ... but a title inside a ministry keeps it.
    ("„Es wirkt“, sagte Paul Haas, Referatsleiter im Bundesministerium für Arbeit.",
     "Referatsleiter im Bundesministerium für Arbeit"),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "role"), EXACT_ROLES, ids=[r[1] for r in EXACT_ROLES])
def test_role_is_the_title_itself(paragraph: str, role: str) -> None:
    [person] = people_of([paragraph]).values()
    assert person["role"] == role


def test_role_from_the_full_introduction_of_a_speaker_quoted_by_surname() -> None:
    people = people_of(
        [
            "Also present was the Hon. Teresa Valli, chair of the regional youth council, who spoke last.",
            "“Every child needs a guardian,” said Valli.",
        ]
    )
    assert list(people) == ["Teresa Valli"]
    assert people["Teresa Valli"]["role"] == "chair of the regional youth council"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("or Ruth Kiplagat", "Ruth Kiplagat"),  # a joiner before a second contact
        ("Em Lunga", None),  # a place after its preposition at a sentence's start
        ("Autonomous Region Government", None),  # an institution
        ("Dona Rosita", "Rosita"),  # an honorific
        ("De Santis", "De Santis"),  # a particle stays
    ],
)
def test_words_before_a_name_and_institutions(written: str, name: str | None) -> None:
    from iomcrawl.extraction.names import clean_name

    assert clean_name(written) == name


def test_a_statement_verb_alone_names_nobody_without_a_title() -> None:
    assert people_of(["In the camp, Maria Lopez, thanked the volunteers for the food."]) == {}
    assert people_of(["The Government of Japan welcomed the decision."]) == {}


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Entre los atendidos estaba Rosa, de 34 años, que viajaba sola. “Nos robaron todo”, relató."],
        ["The first resident, Amal, arrived in May with her two sons.", "“We have a door now,” Amal said."],
        ["Pour Amal, 46 ans, qui rentre chez elle après six ans, « le plus dur, c’était d’attendre »."],
    ],
)
def test_a_single_name_introduced_with_an_age_or_between_commas_is_a_speaker(paragraphs: list[str]) -> None:
    people = people_of(paragraphs)
    assert list(people) in (["Rosa"], ["Amal"])
    assert all(p["role"] is None for p in people.values())


def test_a_number_on_an_office_s_line_is_not_the_contact_s() -> None:
    people = people_of(
        ["The office opened on Monday."],
        contact=[
            "For further information, please contact:",
            "Nigina Rahmani, IOM Kabul, Tel: +93 700 066 041",
            "Office of IOM in Kabul: +93 202 201 022",
        ],
    )
    assert people["Nigina Rahmani"]["phones"] == ["+93700066041"]


def test_a_single_name_introduced_after_an_elided_word_is_the_speaker() -> None:
    people = people_of(
        ["Nel centro c’è Moussa, 17 anni, arrivato dal Mali. “Voglio fare il cuoco”, ha raccontato."]
    )
    assert list(people) == ["Moussa"]


def test_named_then_quoted_through_a_pronoun() -> None:
    people = people_of(
        [
            "Halima Abdi Noor, a mother of six, lost most of her goats. “We drank what the animals drank,” she said."
        ]
    )
    assert list(people) == ["Halima Abdi Noor"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The report said that arrivals had doubled since January.",
        "IOM said on Monday that 1,200 people had been registered.",
        "The Government of Japan said it would fund the programme.",
        "Officials said in Geneva that the talks would resume.",
        "Dr. Reinhold said IOM was training health workers in transit centres in Central America, North Africa and Asia.",
        "IOM urges States to ratify the conventions that protect migrants.",
        "La apertura cuenta con el apoyo de la Oficina de Población, Refugiados y Migración.",
        "According to the survey, most returnees found work within six months.",
    ],
)
def test_no_person_in_prose_without_a_named_speaker(paragraph: str) -> None:
    people = people_of([paragraph])
    assert all(len(name.split()) >= 1 and name not in {"Central America", "Geneva", "IOM"} for name in people)
    assert not {"Central America", "North Africa", "States", "Oficina de Población"} & set(people)


CONTACTS = [
    (  # multi-line labelled block
        ["For further information, please contact:", "Nigina Rahmani", "IOM Kabul", "Tel: + 93 (0) 700 066 041",
         "E-mail:", '"mailto:nrahmani@iom.int">nrahmani@iom.int'],
        {"Nigina Rahmani": ("IOM Kabul", ["+93700066041"], ["nrahmani@iom.int"])},
    ),
    (  # one sentence
        ["For further information, please contact Dalia Fawzi at IOM Egypt. Tel: +202-27361498, Email: dfawzi@iom.int"],
        {"Dalia Fawzi": ("IOM Egypt", ["+20227361498"], ["dfawzi@iom.int"])},
    ),
    (  # two contacts joined by 'or'
        ["For further information please contact Ines Moreau at IOM HQ, Tel: +41 22 717 9405, Email: imoreau@iom.int, "
         "or Musa Bah at IOM Guinea, Mobile: +224 622 41 83 09, Email: mbah@iom.int"],
        {"Ines Moreau": ("IOM HQ", ["+41227179405"], ["imoreau@iom.int"]),
         "Musa Bah": ("IOM Guinea", ["+224622418309"], ["mbah@iom.int"])},
    ),
    (  # multi-line block, two contacts separated by a lone 'or'
        ["For further information, please contact:", "Astrid Berg", "IOM Banda Aceh", "Tel: +62 651 635 891", "or",
         "Niels Holm", "IOM Geneva", "Tel: +41 22 717 9361", "E-mail: nholm@iom.int"],
        {"Astrid Berg": ("IOM Banda Aceh", ["+62651635891"], []),
         "Niels Holm": ("IOM Geneva", ["+41227179361"], ["nholm@iom.int"])},
    ),
    (  # one contact per line, office after the name
        ["For more information, please contact:", "Wanjiru Maina, IOM Nairobi, Tel: +254 722 318 406, Email: wmaina@iom.int",
         "Tobias Berg, IOM Geneva, Tel: +41 79 403 61 25, Email: tberg@iom.int"],
        {"Wanjiru Maina": ("IOM Nairobi", ["+254722318406"], ["wmaina@iom.int"]),
         "Tobias Berg": ("IOM Geneva", ["+41794036125"], ["tberg@iom.int"])},
    ),
    (  # office before the name
        ["For further information, please contact:", "IOM Nigeria", "Adaeze Obi", "Tel: +234 209 461 5317",
         "Email: aobi@iom.int"],
        {"Adaeze Obi": ("IOM Nigeria", ["+2342094615317"], ["aobi@iom.int"])},
    ),
    (  # bulleted list
        ["For further information, please contact:", "- Rosa Marín, IOM Quito, Tel: +593 2 393 4400, Email: rmarin@iom.int",
         "- Karim Saleh, IOM Amman, Mobile: +962 79 555 0142, Email: ksaleh@iom.int"],
        {"Rosa Marín": ("IOM Quito", ["+59323934400"], ["rmarin@iom.int"]),
         "Karim Saleh": ("IOM Amman", ["+962795550142"], ["ksaleh@iom.int"])},
    ),
    (  # French
        ["Pour plus d’informations, veuillez contacter :", "Awa Sow", "OIM Sénégal", "Tél. : +221 33 869 61 47",
         "Courriel : asow@iom.int"],
        {"Awa Sow": ("OIM Sénégal", ["+221338696147"], ["asow@iom.int"])},
    ),
    (  # 'Media contact:' with the address in parentheses
        ["Media contact: Zarina Rakhmon (zrakhmon@iom.int), +992 37 221 03 32"],
        {"Zarina Rakhmon": (None, ["+992372210332"], ["zrakhmon@iom.int"])},
    ),
    (  # Spanish
        ["Para mayor información, por favor contactar a:", "Valeria Ríos", "OIM Colombia", "Celular: +57 310 245 8817",
         "Correo electrónico: vrios@oim.org.co"],
        {"Valeria Ríos": ("OIM Colombia", ["+573102458817"], ["vrios@oim.org.co"])},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), CONTACTS, ids=[f"contact-{i}" for i in range(len(CONTACTS))])
def test_contact_block(lines: list[str], want: dict[str, tuple[str, list[str], list[str]]]) -> None:
    people = people_of(["IOM opened a centre this week."], lines)
    assert sorted(people) == sorted(want)
    for name, (office, phones, emails) in want.items():
        assert people[name]["office"] == office or office is None
        assert sorted(people[name]["phones"]) == sorted(phones)
        assert sorted(people[name]["emails"]) == sorted(emails)


def test_office_only_contact_keeps_its_numbers_at_record_level() -> None:
    details = release_contacts(
        paragraphs=["IOM opened a centre this week."],
        contact_lines=[
            "For further information, please contact IOM Nigeria, Tel: +234 209 461 5300, Email: iomnigeria@iom.int"
        ],
        mailto=[],
        place=None,
    )
    assert details.people == []
    assert [p["e164"] for p in details.phones] == ["+2342094615300"]
    assert [e["address"] for e in details.emails] == ["iomnigeria@iom.int"]


def test_quoted_person_who_is_also_the_contact_is_one_entry() -> None:
    people = people_of(
        ["“We need more time,” said Fiona Reid, IOM’s site coordinator in Cox’s Bazar."],
        ["For further information, please contact Fiona Reid at IOM Cox’s Bazar, Mobile: +880 1713 482 097, "
         "Email: freid@iom.int"],
    )  # fmt: skip
    assert list(people) == ["Fiona Reid"]
    assert people["Fiona Reid"]["role"] == "site coordinator"
    assert people["Fiona Reid"]["office"] == "IOM Cox’s Bazar"
    assert people["Fiona Reid"]["phones"] == ["+8801713482097"]
    assert people["Fiona Reid"]["emails"] == ["freid@iom.int"]


def test_mailbox_in_an_anchor_with_the_name_as_text_goes_to_that_person() -> None:
    details = release_contacts(
        paragraphs=["IOM released a handbook today."],
        contact_lines=[
            "For further information please contact Vesna Kolar at IOM HQ, Tel: 00 41 22 717 9532"
        ],
        mailto=["mailto:mailto:vkolar@iom.int"],
        place=None,
    )
    assert details.people == [
        {
            "name": "Vesna Kolar",
            "role": None,
            "office": "IOM HQ",
            "phones": ["+41227179532"],
            "emails": ["vkolar@iom.int"],
        }
    ]


def test_contact_city_wins_when_the_body_places_the_speaker_there() -> None:
    people = people_of(
        ["“It works,” said Piero Vanni, IOM Italy’s spokesperson in Rome."],
        ["For further information, please contact Piero Vanni at IOM Rome, Tel: +39 06 4423 1000."],
    )
    assert people["Piero Vanni"]["role"] == "spokesperson"
    assert people["Piero Vanni"]["office"] == "IOM Rome"


def test_role_for_a_programme_is_not_cut_at_for() -> None:
    people = people_of(["“It works,” said Ana Kimani, IOM Kenya’s Programme Coordinator for Water and Land."])
    assert people["Ana Kimani"]["role"] == "Programme Coordinator for Water and Land"
    assert people["Ana Kimani"]["office"] == "IOM Kenya"


@pytest.mark.parametrize(
    ("body_office", "contact_office", "want"),
    [
        ("IOM Fiji", "IOM Suva", "IOM Fiji"),  # the country office the body names, the contact its capital
        ("IOM Latina", "IOM Rome", "IOM Rome"),  # a body office that is no country: the contact's wins
        ("IOM Kenya", "IOM Geneva", "IOM Geneva"),  # a city of another country: the contact's wins
    ],
)
def test_body_country_office_kept_over_a_contact_city_of_it(
    body_office: str, contact_office: str, want: str
) -> None:
    people = people_of(
        [f"“We moved,” said Lea Vuki, {body_office} Project Officer."],
        [f"For further information, please contact Lea Vuki at {contact_office}, Tel: +41 22 717 9111."],
    )
    assert people["Lea Vuki"]["office"] == want


def test_contact_fields_split_at_spaced_dashes() -> None:
    people = people_of(
        [],
        [
            "Contacts presse :",
            "Awa Diallo, OIM Thiès – Tél. : +221 33 951 00 00 – Courriel : adiallo@iom.int",
            "Moussa Faye, OIM Dakar – Tél. : +221 33 869 62 00 – Courriel : mfaye@iom.int",
        ],
    )
    assert people["Awa Diallo"]["office"] == "OIM Thiès"
    assert people["Moussa Faye"]["office"] == "OIM Dakar"
    assert people["Moussa Faye"]["emails"] == ["mfaye@iom.int"]


def test_contact_dash_split_scales_linearly() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction.contacts import parse_contacts

    assert_scales_linearly(lambda text: parse_contacts([text]), "Awa Diallo, OIM Thiès – Tél. – ")


# --- role patterns stay linear on long runs of spaces (each used to backtrack over the whole run) ------------


def test_role_of_iom_is_linear_on_spaces() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction import names

    assert_scales_linearly(lambda t: names._ROLE_OF_IOM.match(t), " ", base=3000)


def test_office_noun_end_is_linear_on_spaces() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction import names

    assert_scales_linearly(lambda t: names._OFFICE_NOUN_END.sub("", t), " ", base=6000)


def test_role_non_latin_office_is_linear_on_spaces() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction import names

    assert_scales_linearly(lambda t: names._ROLE_NON_LATIN_OFFICE.match(t), " ", base=6000)


def test_role_then_name_is_linear_on_spaces() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction import attributions

    assert_scales_linearly(lambda t: attributions._ROLE_THEN_NAME.match(t), " ", base=4000)


def test_role_then_name_on_is_linear_on_spaces() -> None:
    from support.linear import assert_scales_linearly

    from iomcrawl.extraction import attributions

    assert_scales_linearly(lambda t: attributions._ROLE_THEN_NAME_ON.match(t), " ", base=4000)
