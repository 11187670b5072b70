"""Release finding rules that no single fixture page shows on its own."""

from __future__ import annotations

import pytest

from iomcrawl.extraction import extract_page

PARAGRAPHS = (
    "<p>Dhaka – IOM today opened a migrant resource centre to give outgoing workers advice on safe recruitment, "
    "contracts and their rights abroad, in partnership with the Ministry of Expatriates’ Welfare.</p>"
    "<p>The centre expects some 2,000 visitors a month and offers pre-departure orientation in Bengali.</p>"
    "<p>Counsellors will also help returning workers claim unpaid wages and find training for new jobs.</p>"
)


def page(body: str) -> bytes:
    return f"<html><body><div id='content'>{body}</div></body></html>".encode()


def test_a_subheading_inside_a_release_does_not_split_it() -> None:
    html = page(
        "<h1>IOM Opens Migrant Resource Centre in Dhaka for Outgoing Workers</h1><div class='date'>12 May 2021</div>"
        + PARAGRAPHS
        + "<h3>Why the centre matters now</h3>"
        "<p>Recruitment fees in the region remain among the highest in the world, and many workers borrow to pay them.</p>"
        "<p>For further information, please contact Farhana Akter at IOM Bangladesh, Email: fakter@iom.int</p>"
    )
    result = extract_page(html, "https://bangladesh.iom.int/news/x")
    assert [r["headline"] for r in result.records] == [
        "IOM Opens Migrant Resource Centre in Dhaka for Outgoing Workers"
    ]
    record = result.records[0]
    assert record["body"].endswith("many workers borrow to pay them.")
    assert "Why the centre matters" not in record["body"]
    assert [e["address"] for e in record["emails"]] == ["fakter@iom.int"]


def test_press_clips_pointing_elsewhere_are_not_releases() -> None:
    clips = "".join(
        f"<p><strong>The Daily {n} (Rome) –</strong> Italian authorities said a rescue ship with {n}00 people on board "
        f"was allowed to dock in Catania after two days at sea, the charity said. <a href='https://x.example/{n}'>Read on</a></p>"
        for n in range(1, 4)
    )
    result = extract_page(
        page("<h2>IOM in the Press Today</h2>" + clips), "https://www.iom.int/newsdesk/20170725"
    )
    assert result.status == "no-release"


def test_a_page_that_says_it_was_not_found_gives_that_reason() -> None:
    html = page("<h1>Page not found</h1><p>The page you requested could not be found. Try the search.</p>")
    result = extract_page(html, "https://www.iom.int/news/missing")
    assert result.status == "no-release" and result.reason.startswith("not-found")


def test_a_country_page_without_release_markers_gives_no_record() -> None:
    html = page(
        "<h1>Mongolia</h1><h2>Key Migration Issues in the Country</h2>"
        "<p>Rapid urbanization has made internal migration the dominant trend, as herding families move from rural "
        "provinces to the capital and to mining centres. Many settle in districts where services are limited.</p>"
        "<p>Labour migration abroad has grown over the past decade, and remittances are an important source of income "
        "for many households, while irregular migration remains a concern for the authorities.</p>"
    )
    result = extract_page(html, "https://www.iom.int/cms/en/sites/iom/home/where-we-work/mongolia.html")
    assert result.status == "no-release" and result.reason.startswith("no-release-markers")


def test_an_unrecognised_layout_falls_back_to_its_longest_prose_run() -> None:
    html = (
        "<html><body><div class='x'><span class='lead'>L’OIM aide les familles déplacées à reconstruire leurs "
        "maisons</span></div><div class='y'><p>Goma – L’Organisation internationale pour les migrations (OIM) a "
        "commencé cette semaine à reconstruire 300 maisons pour des familles déplacées.</p><p>« Nous voulons "
        "rentrer chez nous avant la saison des pluies », a déclaré Marie Kavira, mère de quatre enfants.</p>"
        "<p>Le programme est financé par l’Union européenne et doit se terminer en décembre dans la province.</p>"
        "<p>Pour plus d’informations, veuillez contacter Jean Mbala à l’OIM RDC, Tél. : +243 81 555 1234, "
        "Courriel : jmbala@iom.int</p></div></body></html>"
    ).encode()
    [record] = extract_page(html, "https://www.iom.int/fr/news/x").records
    assert record["headline"] == "L’OIM aide les familles déplacées à reconstruire leurs maisons"
    assert (record["dateline"], record["language"]) == ("Goma", "fr")
    assert record["body"].endswith("doit se terminer en décembre dans la province.")
    assert {p["name"] for p in record["people"]} == {"Marie Kavira", "Jean Mbala"}
    assert [e["address"] for e in record["emails"]] == ["jmbala@iom.int"]  # the contact block is kept


def test_no_release_reasons_name_what_the_page_is() -> None:
    blurb = (
        "<p>IOM works with the Government, civil society and partners to manage internal and international "
        "migration for the benefit of migrants and society, and supports the collection of migration data.</p>"
    )
    office = page(
        "<h1>IOM in Mongolia</h1>" + blurb + "<p>IOM Ulaanbaatar<br>Chief of Mission: Sarnai Bat<br>"
        "Tel: +976 11 325 614<br>Fax: +976 11 312 509</p>"
    )
    catalogue = page(
        "<h1>Labour Migration in Central Asia: A Review</h1>" + blurb + "<p>ISBN 978-92-9068-000-0</p>"
    )
    assert extract_page(office, "https://www.iom.int/x").reason.startswith("office-page")
    assert extract_page(catalogue, "https://publications.iom.int/x").reason.startswith("catalogue")


def test_headline_glued_to_its_posted_line_and_a_labelled_field_header() -> None:
    glued = page(
        "<h1>Press Room</h1><p><b>IOM Opens Second Safe Zone for Children in Athens</b> Posted on Thu. May 19, 2016</p>"
        + PARAGRAPHS.replace("Dhaka", "Athens")
    )
    [record] = extract_page(glued, "https://greece.iom.int/x").records
    assert (record["headline"], record["date"]) == (
        "IOM Opens Second Safe Zone for Children in Athens",
        "2016-05-19",
    )
    fields = page(
        "<h1>IOM Completes Transitional Shelters for Returnees in Sri Lanka</h1><p>Date:</p><p>18 September 2009</p>"
        "<p>Region:</p><p>Asia and Oceania</p><p>Country:</p><p>Sri Lanka</p><p>Print version | Send to a friend</p>"
        + PARAGRAPHS
    )
    [record] = extract_page(fields, "https://www.iom.int/jahia/x").records
    assert (record["headline"], record["date"]) == (
        "IOM Completes Transitional Shelters for Returnees in Sri Lanka",
        "2009-09-18",
    )


def test_a_page_word_added_in_one_line_is_used(monkeypatch) -> None:
    from iomcrawl.extraction import releases
    from iomcrawl.extraction.vocabulary import pages

    assert not releases._is_meta("Ressortzuordnung: Inland")
    monkeypatch.setitem(pages.FIELD_LABELS, "de", (*pages.FIELD_LABELS["de"], "Ressortzuordnung"))
    monkeypatch.setitem(pages.DOWNLOAD_WORDS, "xx", ("Aflaai",))  # a language the module did not know
    try:
        pages.rebuild()
        assert releases._is_meta("Ressortzuordnung: Inland (Kopie)")
        assert releases._is_furniture("Aflaai die verklaring (PDF)")
    finally:
        monkeypatch.undo()
        pages.rebuild()
    assert not pages.patterns().meta.match("Ressortzuordnung: Inland")


ARTICLE = "".join(
    f"<p>Paragraph {n} of the story tells how the herding families of the district moved their schools with "
    f"them across the dry plains, and how the teachers kept lessons going through the long drought season.</p>"
    for n in range(1, 4)
)


def test_one_clear_article_is_a_record_and_its_sections_stay_in_it() -> None:
    html = (
        "<html><head><title>Classrooms on the Move Across the Plains | Example News</title></head><body>"
        "<h1>Classrooms on the Move Across the Plains</h1><p>By Maria Lopez, IOM Kenya</p>"
        "<p>Share this Facebook Twitter LinkedIn Email</p>"
        + ARTICLE
        + "<h2>A school that packs up</h2>"
        + ARTICLE
        + "<h3>What comes next</h3><p>The county now wants the model extended to two more districts "
        "before the next dry season begins.</p><p>Download the statement (PDF)</p></body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/x").records
    assert record["headline"] == "Classrooms on the Move Across the Plains"
    assert record["body"].startswith("Paragraph 1 of the story")
    assert record["body"].endswith("before the next dry season begins.")
    assert "Download" not in record["body"] and "Maria Lopez" not in record["body"]


@pytest.mark.parametrize(
    "above",
    [
        "<h2>By Maria Lopez</h2>",  # a byline
        "<h2>Posted on 14 March 2021</h2>",  # a Posted line
        "<h1>Tuesday, 14 March 2021</h1>",  # a date line in a title tag
        "<h2>Latest news</h2>",  # a section label
        "<h2>Photo: IOM/Muse Mohammed</h2>",  # a credit
    ],
)
def test_the_headline_is_the_title_the_page_agrees_on_and_its_date_is_read(above: str) -> None:
    """A heading above the title is never the headline: the one that agrees with <title> and og:title is,
    and the date line between them is still read."""
    html = (
        "<html><head><title>Floods Cut Off Villages in the North | Example Times</title>"
        "<meta property='og:title' content='Floods Cut Off Villages in the North'></head><body>"
        f"{above}<div class='meta'>14 March 2021</div><h1>Floods Cut Off Villages in the North</h1>"
        f"{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/y").records
    assert record["headline"] == "Floods Cut Off Villages in the North"
    assert record["date"] == "2021-03-14"
    assert record["body"].startswith("Paragraph 1 of the story")


def test_a_dek_byline_and_date_under_the_title_are_its_header_not_an_item_of_their_own() -> None:
    html = (
        "<html><head><title>Floods Cut Off Villages in the North</title></head><body>"
        "<h1>Floods Cut Off Villages in the North</h1>"
        "<p>Rivers burst their banks after a week of rain, and relief has yet to reach the worst-hit areas.</p>"
        "<h4>Amina Rahman</h4><p>Mar 14, 2021 • 4 min read</p>"
        f"{ARTICLE}<h2>What comes next</h2>{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/z").records
    assert record["headline"] == "Floods Cut Off Villages in the North"
    assert record["date"] == "2021-03-14"
    assert record["body"].startswith("Paragraph 1 of the story")


def test_a_modification_date_line_is_never_a_headline() -> None:
    html = (
        "<html><head><title>Floods Cut Off Villages in the North</title></head><body>"
        "<h1>Floods Cut Off Villages in the North</h1><p>By AMINA RAHMAN</p>"
        "<p>Updated 4:18 AM UTC, March 14, 2021</p><p>ShareTweetEmail</p>"
        "<p>A woman wades through floodwater outside Garissa, northern Kenya, on March 12, 2021. Rivers have "
        "burst their banks in three counties.</p>"
        "<p>GARISSA, Kenya (CP) — Rivers burst their banks after a week of rain, and relief has yet to reach "
        "the worst-hit areas, officials said on Sunday.</p>"
        f"{ARTICLE}{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/z").records
    assert record["headline"] == "Floods Cut Off Villages in the North"


@pytest.mark.parametrize(
    "after",
    [
        "<p>You have reached your free article limit. Subscribe to keep reading.</p>",
        "<p>Copyright 2021 Example Media. All rights reserved. This material may not be redistributed.</p>",
        "<p>Amina Rahman is a senior correspondent for Example Times, based in Nairobi.</p>",
        "<p>Reach Amina Rahman at 555-0100 or arahman@example.com.</p>",
        "<p>Este artigo é exclusivo para assinantes.</p><p>Ana Costa é jornalista da secção Sociedade.</p>",
    ],
)
def test_end_matter_after_the_story_is_not_body(after: str) -> None:
    html = (
        "<html><head><title>Floods Cut Off Villages in the North</title></head><body>"
        f"<h1>Floods Cut Off Villages in the North</h1>{ARTICLE}{ARTICLE}{after}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/w").records
    assert record["body"].endswith("through the long drought season.")


def test_a_long_last_paragraph_that_names_a_newsletter_is_still_body() -> None:
    last = (
        "<p>The county will publish the results in its newsletter next month, together with a map of the "
        "roads that are still closed, the places where families can collect water and seed, the hours of "
        "the mobile clinics, and the numbers to call for help with damaged houses, lost documents and school "
        "places for children who had to move, and the dates on which each village will be visited again by the "
        "teams that assess the damage.</p>"
    )
    html = (
        "<html><head><title>Floods Cut Off Villages in the North</title></head><body>"
        f"<h1>Floods Cut Off Villages in the North</h1>{ARTICLE}{ARTICLE}{last}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/w").records
    assert record["body"].endswith("teams that assess the damage.")


@pytest.mark.parametrize(
    "signed",
    [
        "<p>Amina Rahman 14 March 2021, 6:45</p><p>Share Save Gift this article</p>",
        "<p>Amina Rahman (Garissa, special correspondent)Published on 14 March 2021 at 05:30</p>",
        "<p>By Amina Rahman</p>",
    ],
)
def test_a_dek_set_apart_by_a_byline_or_date_is_not_body(signed: str) -> None:
    html = (
        "<html><head><title>Floods Cut Off Villages in the North</title></head><body>"
        "<h1>Floods Cut Off Villages in the North</h1>"
        "<p>Rivers burst their banks after a week of rain, and relief has yet to reach the worst-hit areas.</p>"
        f"{signed}{ARTICLE}{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/v").records
    assert record["body"].startswith("Paragraph 1 of the story")


@pytest.mark.parametrize(
    ("title", "under"),
    [
        # a title that ends a sentence, over a subtitle in a heading of its own
        ("I Spent a Year on the Border. Here Is What I Saw.", "<h2>Notes from sixty interviews, and what they taught me</h2>"),
        # a subtitle heading, then a byline of a name alone and a dated line
        ("Floods Cut Off Villages in the North", "<h2>Relief has yet to reach the worst-hit areas</h2>"
         "<p>Amina Rahman Odhiambo</p><p>Garissa - 14 mar 2021 - 05:20 CET</p>"),
    ],
)  # fmt: skip
def test_an_article_under_its_own_title_is_one_record_whatever_stands_between(title: str, under: str) -> None:
    html = (
        f"<html><head><title>{title} | Example Times</title></head><body><h1>{title}</h1>{under}"
        f"{ARTICLE}<h2>A school that packs up</h2>{ARTICLE}<h2>What comes next</h2>{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/u").records
    assert record["headline"] == title
    assert record["body"].startswith("Paragraph 1 of the story")


def test_every_release_rule_is_defined_once() -> None:
    """A second definition of a threshold silently replaces the first in a dataclass."""
    import ast
    import inspect

    from iomcrawl.extraction import rules

    tree = ast.parse(inspect.getsource(rules.ReleaseRules))
    names = [
        n.target.id for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    assert len(names) > 40
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_a_mirror_s_tag_before_the_headline_goes_when_the_page_repeats_the_headline_without_it() -> None:
    html = (
        "<html><head><title>Chad: IOM Opens Shelter in Abeche - Chad | Mirror</title></head><body>"
        "<h1>Chad: IOM Opens Shelter in Abeche</h1><p><b>IOM Opens Shelter in Abeche</b></p>"
        f"<p>Abeche – IOM today opened a shelter for 400 returnees.</p>{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://mirror.example/chad").records
    assert record["headline"] == "IOM Opens Shelter in Abeche"
    untagged = html.replace(b"<p><b>IOM Opens Shelter in Abeche</b></p>", b"")
    [record] = extract_page(untagged, "https://mirror.example/chad").records
    assert record["headline"] == "Chad: IOM Opens Shelter in Abeche"  # no repeat: the headline as printed


def test_a_section_s_name_over_an_item_is_not_its_headline() -> None:
    html = (
        "<html><head><title>OIM - Notes de presse - Asie</title></head><body>"
        "<h1>Notes de presse - Asie et Océanie</h1><p>Imprimer cette page | Envoyer à un ami</p>"
        "<h2>Népal : l’OIM distribue des abris</h2>"
        "<p>Katmandou, 3 mai 2015 – L’OIM a distribué cette semaine des bâches et des outils à 8 000 familles "
        "dans les districts de Gorkha et de Sindhupalchok.</p>"
        "<p>« Les familles dorment dehors depuis dix jours », a déclaré Anne Morel, cheffe de mission.</p>"
        f"{ARTICLE}</body></html>"
    ).encode()
    [record] = extract_page(html, "https://www.iom.int/fr/x").records
    assert record["headline"] == "Népal : l’OIM distribue des abris"


def test_a_sentence_case_line_above_a_dateline_is_the_headline() -> None:
    text = (
        "COMMUNIQUÉ DE PRESSE\n\n"
        "Le Tchad et l'OIM ouvrent un centre de transit pour les migrants de retour à Faya\n\n"
        "N'Djamena, le 4 avril 2019 – L'Organisation internationale pour les migrations (OIM) et le ministère "
        "de la Sécurité ont ouvert jeudi un centre de transit à Faya.\n\n"
        "Le centre peut accueillir 300 personnes et offre des soins, des repas et un appui au retour. Les "
        "équipes de l'OIM y enregistrent chaque semaine des migrants revenus de Libye par le désert.\n\n"
        "« Beaucoup arrivent épuisés, sans documents et sans argent », a déclaré Idriss Mahamat, chef du "
        "bureau de l'OIM à Faya, en ajoutant que le centre fonctionnera toute l'année.\n"
    ).encode()
    [record] = extract_page(text, "https://lists.example/msg1.txt", content_type="text/plain").records
    assert record["headline"].startswith("Le Tchad et l'OIM ouvrent un centre")
    assert record["dateline"] == "N'Djamena"


def test_a_hard_wrapped_text_rendering_keeps_its_headline_speaker_and_contact_list_apart() -> None:
    text = (
        b"News\nLocal\n"
        b"Tajikistan: migrants get help to start businesses in the south\n"
        b"Dushanbe - IOM this week handed over grants and training to 300 returning\n"
        b"migrants in the south of the country, where most families depend on\n"
        b"money sent from abroad.\n"
        b'"Most of them came back with savings and skills, but without a plan for\n'
        b'what to do next," said\n'
        b"Farida Rahimova, head of the project at\n"
        b"IOM Tajikistan.\n"
        b"Mr. Jamshed Nazarov, Deputy Minister of Labour, Migration and\n"
        b"Employment, said the Government would extend the scheme next year to\n"
        b"every district of the region.\n"
        b"For more information, please contact:\n"
        b"Name\nAnvar Saidov, IOM Tajikistan\nPhone\n+992 44 600 0000\n"
    )
    [record] = extract_page(text, "https://www.iom.int/x.txt", content_type="text/plain").records
    assert record["headline"] == "Tajikistan: migrants get help to start businesses in the south"
    assert record["dateline"] == "Dushanbe"
    people = {p["name"]: p for p in record["people"]}
    assert people["Farida Rahimova"]["role"] == "head of the project"
    assert people["Jamshed Nazarov"]["role"] == "Deputy Minister of Labour, Migration and Employment"
    assert record["body"].endswith("every district of the region.")


def test_a_bundle_header_line_with_its_one_date_dates_every_item() -> None:
    items = "".join(
        f"<h3>Item {n} Headline About Returns</h3><p>{n} – IOM this week helped 500 refugees return home "
        "from camps across the border, with transport, food and cash for the first months.</p>"
        "<p>“We are ready,” said Ana Lima, IOM officer. “The families have waited for years to go home, "
        "and the roads are open again after the rains.”</p><p>The programme is funded by the European Union "
        "and will continue until the end of the year, when the last camps are due to close.</p>"
        for n in ("Luanda", "Kabul")
    )
    html = (
        "<html><body><p>Previous notes 8 November 2002 5 November 2002 1 November 2002</p>"
        "<p>Press Briefing Notes<br>Geneva, 12 November 2002<br>Spokesperson: Jean Dupont</p>"
        f"{items}</body></html>"
    ).encode()
    records = extract_page(html, "https://www.iom.int/pbn").records
    assert [r["date"] for r in records] == ["2002-11-12", "2002-11-12"]


def test_an_editor_s_note_before_the_dateline_is_not_body() -> None:
    html = (
        "<html><body><h1>Floods Cut Off Villages in the North</h1>"
        "<p>Partner release. This text was issued by a partner agency and is published as received.</p>"
        f"<p>Garissa – Rivers burst their banks after a week of rain, officials said.</p>{ARTICLE}"
        "<p>“We need boats,” said Amina Rahman, IOM field officer.</p></body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/p").records
    assert record["dateline"] == "Garissa"
    assert record["body"].startswith("Rivers burst their banks")


def test_a_bundle_title_and_date_over_an_introduction_date_every_item() -> None:
    items = "".join(
        f"<h2>Item {n} Headline About Returns</h2><p>{n} - IOM this week helped 500 refugees return home "
        "from camps across the border, with transport, food and cash for the first months.</p>"
        "<p>“We are ready,” said Ana Lima, IOM officer. “The families have waited for years to go home, "
        "and the roads are open again after the rains.”</p><p>The programme is funded by the European Union "
        "and will continue until the end of the year, when the last camps are due to close.</p>"
        for n in ("Angola", "Liberia")
    )
    html = (
        "<html><body><p>Home &gt; News &gt; Press Briefing Notes</p>"
        "<p>IOM Press Briefing Notes<br>6 February 2004</p>"
        "<p>These are the notes of the IOM spokesperson, read at the regular press briefing at the Palais des "
        "Nations in Geneva. Topics are listed below, with the contacts for each.</p>"
        f"{items}</body></html>"
    ).encode()
    records = extract_page(html, "https://www.iom.int/pbn2004").records
    assert [r["date"] for r in records] == ["2004-02-06", "2004-02-06"]


def test_items_under_day_headers_take_the_last_header_above_them() -> None:
    def item(n: int) -> str:
        return (
            f"<h2>Item {n} Headline About Returns</h2><p>Kabul - IOM this week helped 500 refugees return home "
            "from camps across the border, with transport, food and cash for the first months.</p>"
            "<p>“We are ready,” said Ana Lima, IOM officer. “The families have waited for years to go home, and "
            "the roads are open again after the rains.”</p><p>The programme is funded by the European Union and "
            "will continue until the end of the year, when the last camps are due to close.</p>"
        )

    html = (
        "<html><body><h1>Planet Migration</h1><p>Wednesday, March 4, 2020</p>"
        f"{item(1)}<p>Tuesday, March 3, 2020</p>{item(2)}{item(3)}</body></html>"
    ).encode()
    records = extract_page(html, "https://planet.example/").records
    assert [r["date"] for r in records] == ["2020-03-04", "2020-03-03", "2020-03-03"]


def test_a_photo_credit_in_brackets_makes_a_caption_not_a_headline() -> None:
    html = (
        "<html><body><h1>Floods Cut Off Villages in the North</h1><p>Par AIP, publié le 14 juin 2022</p>"
        "<p>Des familles attendent les secours à Garissa (Ph. AIP)</p>"
        f"<p>Garissa, 14 juin 2022 (AIP) – Rivers burst their banks after a week of rain.</p>{ARTICLE}"
        "<p>“We need boats,” said Amina Rahman, IOM field officer.</p></body></html>"
    ).encode()
    [record] = extract_page(html, "https://news.example/ph").records
    assert record["headline"] == "Floods Cut Off Villages in the North"


def test_a_situation_report_with_a_contact_sentence_is_not_a_release() -> None:
    html = page(
        "<h1>IOM Sudan Situation Report 4: Displacement</h1><div>09 May 2023</div><div>Document type</div>"
        "<div>Situation Report</div><h2>Situation overview</h2>"
        + ARTICLE
        + "<h2>IOM response</h2>"
        + ARTICLE
        + "<p>For more information, please contact the DTM team at dtm@iom.int, Tel: +249 912 345 678.</p>"
    )
    result = extract_page(html, "https://sudan.iom.int/x")
    assert result.status == "no-release" and not result.records


def _prose(topic: str) -> str:
    return (
        f"Teams from the organization reached {topic} this week with water, blankets and shelter kits for families "
        "who had been living in the open since the rains began, and local clinics reported fewer cases of fever. "
        "Officials said that more convoys will follow before the end of the month if the roads stay open. "
        "The operation is funded by two donor governments and is expected to reach some 9,000 people by July."
    )


def test_briefing_items_in_one_paragraph_each_are_releases() -> None:
    items = "".join(
        f"<hr><p><b>{place}</b> &#150; <b>{title}</b> &#150; {_prose(place.title())} "
        f'"We will stay as long as we are needed," said Maria Gonzales, the team leader.</p>'
        f"<p>For further information, please contact Ana Ruiz, IOM Geneva, Tel: +41 22 717 9111.</p>"
        for place, title in (
            ("NORTHERN PROVINCE", "Relief Convoys Reach Flooded Valley Villages"),
            ("SOUTH ISLAND", "Mobile Clinics Begin Weekly Rounds in Coastal Camps"),
        )
    )
    html = page("<h1>Press Briefing Notes</h1><p><b>Geneva, 4 June 2002</b></p>" + items)
    records = extract_page(html, "https://www.iom.int/en/archive/pbn040602.shtml").records
    assert [(r["headline"], r["dateline"]) for r in records] == [
        ("Relief Convoys Reach Flooded Valley Villages", "NORTHERN PROVINCE"),
        ("Mobile Clinics Begin Weekly Rounds in Coastal Camps", "SOUTH ISLAND"),
    ]
    assert records[0]["body"].startswith("Teams from the organization reached Northern Province")


def test_a_clause_between_dashes_is_not_a_briefing_title() -> None:
    from iomcrawl.extraction.units import _briefing_item

    text = "Geneva – IOM Director General Ana Ruiz – who visited the camps – said " + _prose("them")
    assert _briefing_item(text) is None
    assert _briefing_item("KENYA – Short – too short a body.") is None


def test_a_date_line_is_never_run_on_to_the_line_above() -> None:
    from iomcrawl.extraction.units import _runs_on

    headline = "Relief Convoys Reach Flooded Valley Villages in the North of the Country Today Again"
    assert not _runs_on(headline, "9 marzo 2022", 80)
    assert _runs_on(headline, "and the people there", 80)


def test_mail_headers_and_signature_are_not_release_text() -> None:
    message = (
        "Forwarding for the information of all members.\n\n-----Original Message-----\nFrom: Press Office\n"
        "Sent: Monday, 3 March 2008 10:12\nTo: Partners\nSubject: PR: Relief Convoys Reach Flooded Villages\n\n"
        "Relief Convoys Reach Flooded Valley Villages\n\n"
        f"Lilongwe - {_prose('the valley')}\n\n{_prose('two more districts')}\n\n"
        "For further information, please contact:\nAna Ruiz, IOM Malawi, Mobile: +265 999 123 456\n\n"
        "--\nJohn Smith\nInformation Officer\nCoordination Centre, Tel: +265 1 789 111\n"
    ).replace("\n", "<br>\n")
    html = (
        "<html><body><h1>[relief-list] FW: PR: Relief Convoys Reach Flooded Villages</h1>"
        "<ul><li>Messages sorted by: [ date ] [ thread ]</li></ul><hr>"
        f"<pre>{message}</pre><hr></body></html>"
    ).encode()
    records = extract_page(
        html, "https://lists.example.org/pipermail/relief-list/2008-March/000001.html"
    ).records
    assert [r["headline"] for r in records] == ["Relief Convoys Reach Flooded Valley Villages"]
    record = records[0]
    assert record["dateline"] == "Lilongwe"
    assert "Original Message" not in record["body"] and "John Smith" not in record["body"]
    assert [p["name"] for p in record["people"]] == ["Ana Ruiz"]


def test_text_without_spaces_counts_as_many_words() -> None:
    from iomcrawl.extraction.units import letter_words, word_count

    assert word_count("北海道東部の町にある特別養護老人ホームで") == 10
    assert word_count("IOM 北海道") == 2
    assert letter_words("返乡创业带动就业 贵州山村") == 6


def test_units_boilerplate_and_chrome_keep_no_word_lists_of_their_own() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "iomcrawl" / "extraction"
    for name in ("units.py", "boilerplate.py", "chrome.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Set | ast.List | ast.Tuple):
                words = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                assert len(words) < 4, f"{name}:{node.lineno} keeps a word list"
