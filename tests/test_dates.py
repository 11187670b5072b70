"""Dates: the vocabulary as data, the readers, the evidence and its decision, date_source in records."""

from __future__ import annotations

from datetime import date

import pytest

from iomcrawl.codes import DateSource
from iomcrawl.extraction.chain import extract_page
from iomcrawl.extraction.date_evidence import (
    DateCandidate,
    decide,
    email_candidates,
    email_dates,
    line_candidates,
    machine_candidates,
)
from iomcrawl.extraction.datelines import split_dateline
from iomcrawl.extraction.dates import date_line, email_header_date, find_date, find_date_in, posted_date
from iomcrawl.extraction.metadata import PageMeta
from iomcrawl.extraction.vocabulary import LANGUAGES
from iomcrawl.extraction.vocabulary import dates as vocabulary
from iomcrawl.schema import release_schema, schema_errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 June 2022", date(2022, 6, 14)),
        ("Tuesday, 22 October 2013", date(2013, 10, 22)),
        ("March 12, 2019", date(2019, 3, 12)),
        ("Sept. 12, 2019", date(2019, 9, 12)),
        ("13 juin 2022", date(2022, 6, 13)),
        ("1er février 2020", date(2020, 2, 1)),
        ("1er fevrier 2020", date(2020, 2, 1)),  # accents optional
        ("Publié: mardi, 14 mars 2017 - 11:20", date(2017, 3, 14)),
        ("26 de febrero de 2019", date(2019, 2, 26)),
        ("22 febrero 2022", date(2022, 2, 22)),
        ("3 de junho de 2020", date(2020, 6, 3)),
        ("14 Juni 2022", date(2022, 6, 14)),
        ("14. März 2022", date(2022, 3, 14)),
        ("14. Maerz 2022", None),  # not a spelling in the table
        ("06.04.2010", date(2010, 4, 6)),  # dotted: day first
        ("14 marzo 2022", date(2022, 3, 14)),
        ("12 мая 2016 г.", date(2016, 5, 12)),
        ("٢٢ يونيو ٢٠٢١", date(2021, 6, 22)),
        ("22 Jun 2021", date(2021, 6, 22)),
        ("2019-03-12", date(2019, 3, 12)),
        ("2019/03/12", date(2019, 3, 12)),
        ("Tue, 04/10/2018 - 09:20", date(2018, 4, 10)),  # US order, the weekday confirms
        ("Fri, 08/03/2018", date(2018, 8, 3)),
        ("Ven, 03/17/2017 - 16:40", date(2017, 3, 17)),
        ("Mi, 08/08/2018 - 09:20", date(2018, 8, 8)),
        ("Mié, 05/10/2017", date(2017, 5, 10)),
        ("Qua, 11/15/2017 - 16:05", date(2017, 11, 15)),
        ("05/24/2016", date(2016, 5, 24)),  # only one order is a date
        ("06/07/2016", None),  # both orders are dates and no weekday says which
        ("Thu, 06/07/2016", None),  # the weekday fits neither reading (Tue 7 June, Wed 6 July)
    ],
)
def test_find_date_reads_every_language(text: str, expected: date | None) -> None:
    hit = find_date(text)
    assert (hit[0] if hit else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(09/04)",
        "Tuesday (11 March)",
        "le 9 juin",
        "2 hours ago",
        "il y a 3 jours",
        "vor 2 Stunden",
        "in 2017",
    ],
)
def test_no_full_date_no_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("06.04.2010", date(2010, 4, 6)),
        ("Zuletzt aktualisiert ( 07.04.2010 )", None),  # a modification date
        ("Last updated: 12/03/2002", None),
        ("Dernière mise à jour : 12 mars 2014", None),
        (
            "Friday, 20 March 2015 | Palais des Nations, Geneva | Spokesperson: Marta Ferreira-Hall",
            date(2015, 3, 20),
        ),
        ("Genève | 14 mars 2014 | Porte-parole : Jean-Philippe Chauzy-Morel", date(2014, 3, 14)),
        ("PRESS RELEASE - 14 March 2017", date(2017, 3, 14)),
        ("The meeting on 14 March 2017 agreed on a plan for the returns of the families.", None),  # prose
    ],
)
def test_date_lines(line: str, expected: date | None) -> None:
    assert date_line(line) == expected


def test_posted_labels_in_every_language() -> None:
    assert posted_date("Posted: Thursday, August 10, 2017 - 11:48") == date(2017, 8, 10)
    assert posted_date("Pubblicato il 3 marzo 2020") == date(2020, 3, 3)
    assert posted_date("Veröffentlicht am 14. März 2022") == date(2022, 3, 14)
    assert posted_date("Опубликовано: 12 мая 2016") == date(2016, 5, 12)
    assert posted_date("Publicado em 17 de junho de 2020") == date(2020, 6, 17)
    assert posted_date("12 March 2019 Posted: 14 March 2019") == date(2019, 3, 14)  # the date after the label
    assert posted_date("notice posted 03/08/2022") is None  # prose, not a label


def test_every_language_has_months_and_weekdays() -> None:
    for lang in LANGUAGES:
        assert len(vocabulary.MONTHS[lang]) == 12
        assert len(vocabulary.WEEKDAYS[lang]) == 7
        for table in (vocabulary.POSTED, vocabulary.RELATIVE, vocabulary.LAST_UPDATED):
            assert table[lang], lang


def test_a_month_spelling_means_one_month_in_every_language() -> None:
    meanings: dict[str, set[int]] = {}
    for names in vocabulary.MONTHS.values():
        for number, entry in enumerate(names, start=1):
            for spelling in entry.split("|"):
                meanings.setdefault(vocabulary.fold(spelling), set()).add(number)
    assert {word: months for word, months in meanings.items() if len(months) > 1} == {}


def test_adding_a_language_is_one_entry_per_table() -> None:
    dutch_months = (
        "januari|jan", "februari|feb", "maart|mrt", "april|apr", "mei", "juni|jun", "juli|jul",
        "augustus|aug", "september|sep", "oktober|okt", "november|nov", "december|dec",
    )  # fmt: skip
    dutch_days = (
        "maandag|ma",
        "dinsdag|di",
        "woensdag|wo",
        "donderdag|do",
        "vrijdag|vr",
        "zaterdag|za",
        "zondag|zo",
    )
    assert find_date("14 maart 2022") is None
    patterns = vocabulary.build(
        months={**vocabulary.MONTHS, "nl": dutch_months},
        weekdays={**vocabulary.WEEKDAYS, "nl": dutch_days},
        posted={**vocabulary.POSTED, "nl": ("Gepubliceerd op",)},
    )
    hit = find_date_in("Gepubliceerd op 14 maart 2022", patterns)
    assert hit is not None and hit[0] == date(2022, 3, 14)
    assert patterns.posted.search("Gepubliceerd op 14 maart 2022")
    hit = find_date_in("wo, 03/16/2022", patterns)  # a Dutch weekday confirms the US order too
    assert hit is not None and hit[0] == date(2022, 3, 16)


def test_adding_a_month_spelling_is_one_word() -> None:
    assert find_date("14. Maerz 2022") is None
    german = list(vocabulary.MONTHS["de"])
    german[2] += "|Maerz"
    patterns = vocabulary.build(months={**vocabulary.MONTHS, "de": tuple(german)})
    hit = find_date_in("14. Maerz 2022", patterns)
    assert hit is not None and hit[0] == date(2022, 3, 14)


@pytest.mark.parametrize(
    ("paragraph", "place", "written", "rest"),
    [
        ("Tegucigalpa, 14 de marzo de 2019 – La OIM", "Tegucigalpa", date(2019, 3, 14), "La OIM"),
        ("Maputo, 3 de junho de 2020 – A OIM", "Maputo", date(2020, 6, 3), "A OIM"),
        ("Курган-Тюбе, 12 мая 2016 г. – МОМ открыла", "Курган-Тюбе", date(2016, 5, 12), "МОМ открыла"),
        ("Rome, 30 July 2019 – IOM", "Rome", date(2019, 7, 30), "IOM"),
        ("25 September 2015 -- Nurses trained", None, date(2015, 9, 25), "Nurses trained"),
        ("الموصل – أعلنت المنظمة", "الموصل", None, "أعلنت المنظمة"),
        ("Cairo – IOM", "Cairo", None, "IOM"),
        # wire services' tags, after a region, after a date, or opening the line
        ("HARGEISA, Somaliland (WN) — Families", "HARGEISA, Somaliland", None, "Families"),
        ("Cúcuta, 3 mar (Agencia Sur).- La alcaldía", "Cúcuta", None, "La alcaldía"),
        ("(NOVA) - TORINO, 4 FEB - Il comune", "TORINO", None, "Il comune"),
        ("Kabul, 12 March 2019 (IOM) - IOM said", "Kabul", date(2019, 3, 12), "IOM said"),
        # an article opening a place's name; a region in lowercase words; an article before the date
        ("Le Havre – L’OIM", "Le Havre", None, "L’OIM"),
        ("Ош, Ошская область, 3 марта 2020 года – МОМ", "Ош, Ошская область", date(2020, 3, 3), "МОМ"),
        ("Dosso, le 2 juin 2017 – L’OIM", "Dosso", date(2017, 6, 2), "L’OIM"),
        ("Kassel/Berlin. Die IOM", "Kassel/Berlin", None, "Die IOM"),  # a full stop after several places
    ],
)
def test_datelines_with_dates(paragraph: str, place: str | None, written: date | None, rest: str) -> None:
    found = split_dateline(paragraph)
    assert found is not None
    assert (found.place, found.date, paragraph[found.end :]) == (place, written, rest)


def test_an_originally_published_field_below_the_body_comes_after_the_date_lines_near_the_headline() -> None:
    from iomcrawl.extraction.date_evidence import decide, line_candidates

    near = line_candidates(["12 Jul 2016"])
    late = line_candidates(["Originally published 30 Jun 2016"], late=True)
    assert decide([*near, *late]).value == date(2016, 7, 12)


def test_a_date_line_of_fields_apart_by_dots_or_bullets() -> None:
    assert date_line("Source: IOM Italy – Fri, 06/05/2020 - 16:20 · Updated 2 days ago") == date(2020, 6, 5)
    assert date_line("Apr 26, 2023 • 4 min read") == date(2023, 4, 26)


def test_a_wrapped_line_ending_on_places_and_a_full_stop_is_no_dateline() -> None:
    assert split_dateline("Cameroon and Bangladesh. Many arrived in South America years ago.") is None


def test_an_article_or_organisation_alone_is_no_dateline() -> None:
    assert split_dateline("La OIM – que trabaja en la zona – dijo") is None
    assert split_dateline("The – dash") is None


def test_mail_archive_dates() -> None:
    assert email_header_date("Date: Tue, 14 Mar 2017 10:21:03 +0100") == date(2017, 3, 14)
    assert email_header_date("Sent: Thursday, October 20, 2005 12:58 PM") == date(2005, 10, 20)
    assert email_header_date("M. Holloway mholloway at example.org Thu Oct 20 14:31:07 CEST 2005") == date(
        2005, 10, 20
    )
    lines = [
        "From: IOM Media",
        "Date: Tue, 14 Mar 2017 16:02:11 +0100",
        "Subject: x",
        "Headline",
        "Date: Fri, 17 Mar 2017 09:00:00 +0100",
        "Second",
    ]
    found = email_dates(lines)
    assert [c.value for c in email_candidates(found, 3)] == [date(2017, 3, 14)]
    assert [c.value for c in email_candidates(found, 5)] == [date(2017, 3, 17)]
    assert email_dates(["Date: 14 March 2017 10:00", "A web page field, no mail headers"]) == []


def _meta(*published: tuple[str, str]) -> PageMeta:
    return PageMeta(published=list(published))


def test_machine_dates_alone_date_nothing() -> None:
    evidence = machine_candidates(
        _meta(("meta:article:published_time", "2021-06-18T10:00:00+02:00"), ("json-ld", "2021-06-18")),
        "https://example.org/2019/03/12/a-slug/",
    )
    assert {c.source for c in evidence} == {DateSource.META, DateSource.JSON_LD, DateSource.URL}
    decision = decide(evidence)
    assert (decision.value, decision.source) == (None, None)


def test_a_visible_date_beats_disagreeing_meta() -> None:
    evidence = [
        *line_candidates(["14 October 2021"]),
        *machine_candidates(
            _meta(("time", "2021-10-08T09:04:37Z"), ("meta:article:published_time", "2021-10-08")), ""
        ),
    ]
    decision = decide(evidence)
    assert (decision.value, decision.source, decision.confirmed_by) == (
        date(2021, 10, 14),
        DateSource.DATE_LINE,
        (),
    )


def test_sources_are_ranked_as_the_labelling_rules_rank_them() -> None:
    header = ["Tue, 04/10/2018 - 09:20", "Posted: Monday, April 9, 2018", "8 April 2018"]
    decision = decide(line_candidates(header))
    assert (decision.value, decision.source) == (date(2018, 4, 10), DateSource.ITEM_HEADER)
    decision = decide(line_candidates(header[1:]))
    assert (decision.value, decision.source) == (date(2018, 4, 9), DateSource.POSTED)
    mirror = ["Posted 23 Jun 2021", "Originally published 22 Jun 2021"]
    assert decide(line_candidates(mirror)).source is DateSource.ORIGINALLY_PUBLISHED
    # below the body only a labelled field counts, and it yields to a date line near the headline
    late = line_candidates(["Posted: 1 May 2018", "2 May 2018"], late=True)
    assert [c.value for c in late] == [date(2018, 5, 1)]
    assert decide([*late, *line_candidates(["3 May 2018"])]).value == date(2018, 5, 3)


def test_machine_dates_break_a_tie_between_visible_ones() -> None:
    tied = [
        DateCandidate(date(2020, 1, 2), DateSource.DATE_LINE, "2 January 2020"),
        DateCandidate(date(2020, 1, 3), DateSource.DATE_LINE, "3 January 2020"),
    ]
    assert decide(tied).value == date(2020, 1, 2)
    confirmed = decide([*tied, DateCandidate(date(2020, 1, 3), DateSource.META, "meta")])
    assert (confirmed.value, confirmed.confirmed_by) == (date(2020, 1, 3), (DateSource.META,))


_PAGE = """<html><head><title>{headline} | IOM</title>{head}</head><body>
<h1>{headline}</h1>
{header}
<p>{opening} The programme gives families shelter kits, tools and cash for rent while their houses are rebuilt,
and trains local builders in safer construction.</p>
<p>“Families need a roof before the rains come back, and they need it now,” said Maria Lopez, IOM Chief of
Mission. The programme is funded by the European Union and runs until the end of the year.</p>
<p>For further information, please contact Maria Lopez at IOM Quito, Tel: +593 2 393 4400,
Email: mlopez@iom.int</p>
{tail}
</body></html>"""


def _extract(**parts: str) -> list[dict]:
    fields = {
        "headline": "IOM Helps 2,000 Families Rebuild After the Floods",
        "head": "",
        "header": "",
        "tail": "",
    }
    fields["opening"] = (
        "Quito – IOM this week began helping 2,000 families whose homes were damaged by floods."
    )
    html = _PAGE.format(**{**fields, **parts})
    result = extract_page(html.encode(), parts.get("url", "https://www.iom.int/news/x"))
    assert result.status == "records", result.reason
    for record in result.records:
        assert schema_errors(record) == []
    return result.records


def test_a_lowercase_posted_in_the_tail_loses_nothing() -> None:
    """Regression: 'posted' in lower case (or 'Pubblicato') used to raise AttributeError and lose the page."""
    tail = "<p>Fraud alert: a notice posted 03/08/2022 warns about fake job offers in our name.</p>"
    [record] = _extract(header="<p>19 July 2022</p>", tail=tail)
    assert (record["date"], record["date_source"]) == ("2022-07-19", "date-line")
    [record] = _extract(tail="<p>Pubblicato 3 marzo 2020 da redazione sito con modifiche successive</p>")
    assert (record["date"], record["date_source"]) == ("2020-03-03", "posted")
    [record] = _extract(tail=tail)
    assert (record["date"], record["date_source"]) == (None, None)


def test_records_name_their_date_source() -> None:
    [record] = _extract(
        opening="Tegucigalpa, 14 de marzo de 2019 – La OIM abrió un centro para 2.000 familias."
    )
    assert (record["date"], record["date_source"], record["dateline"]) == (
        "2019-03-14",
        "dateline",
        "Tegucigalpa",
    )
    [record] = _extract(opening="25 September 2015 -- Nurses trained abroad wait two years for recognition.")
    assert (record["date"], record["date_source"], record["dateline"]) == ("2015-09-25", "body-prefix", None)
    assert record["body"].startswith("Nurses trained abroad")
    meta = '<meta property="article:published_time" content="2021-06-18T10:00:00+02:00">'
    [record] = _extract(head=meta, url="https://example.iom.int/2019/03/12/slug/")
    assert (record["date"], record["date_source"]) == (None, None)


def test_schema_v2_date_source() -> None:
    schema = release_schema()
    assert schema["properties"]["schema_version"] == {"const": 2}
    assert set(schema["properties"]["date_source"]["enum"]) == {*(s.value for s in DateSource), None}
    assert "date_source" in schema["required"]
    [record] = _extract(header="<p>19 July 2022</p>")
    assert record["schema_version"] == 2
    assert schema_errors({**record, "date_source": "sidebar"})
    assert schema_errors({**record, "date": None})  # a source without a date
    assert schema_errors({**record, "date_source": None})  # a date without a source
    assert not schema_errors({**record, "date": None, "date_source": None})
