"""Phone numbers as written in IOM contact blocks (cases P1-P12), negatives, and properties."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iomcrawl.extraction.phones import PhoneHit, find_phones, phone_region

PHONENUMBERS_VERSION = "9.0.43"  # validity of old numbers (P12) depends on the metadata version


def e164s(text: str, region: str | None = None) -> list[str]:
    return [hit.e164 for hit in find_phones(text, region)]


POSITIVE = [
    # P1 trunk (0) after the country code, and the space after '+' seen in 2006-2011 blocks
    pytest.param("Tel + 93 (0) 700 066 041", None, ["+93700066041"], id="P1-space-after-plus"),
    pytest.param("+41 (0)22 717 9111", None, ["+41227179111"], id="P1-ch"),
    pytest.param("+44 (0) 20 7811 6000", None, ["+442078116000"], id="P1-gb"),
    pytest.param("+254 (0) 20 422 1000", None, ["+254204221000"], id="P1-ke"),
    # P2 the 00 international prefix, with and without a region
    pytest.param("Tel 00 41 79 285 43 17", None, ["+41792854317"], id="P2-00-spaced"),
    pytest.param("0041 22 717 91 11", None, ["+41227179111"], id="P2-0041"),
    pytest.param("0041 22 717 91 11", "CH", ["+41227179111"], id="P2-0041-region"),
    pytest.param(
        "Tel: 00 41 22 717 9532, Mobile 00 41 79 285 43 17",
        None,
        ["+41227179532", "+41792854317"],
        id="P2-pair",
    ),
    # P3 national formats need a region
    pytest.param("Tel: 022 717 91 11", "CH", ["+41227179111"], id="P3-ch"),
    pytest.param("(202) 862-1826", "US", ["+12028621826"], id="P3-us"),
    # country code glued to the area code, no space after the label
    pytest.param("Tel: +202-27361498, Email: x@iom.int", None, ["+20227361498"], id="glued-area-code"),
    pytest.param("Tel:+255 22 2113 090", None, ["+255222113090"], id="no-space-after-label"),
    # P6 several numbers with their own labels
    pytest.param(
        "+254 (0) 20 422 1000 / +254 722 123 456",
        None,
        ["+254204221000", "+254722123456"],
        id="P6-slash-full",
    ),
    pytest.param(
        "Tel: +41 22 717 9111, Fax: +41 22 798 6150, Mobile: +41 79 285 43 17",
        None,
        ["+41227179111", "+41227986150", "+41792854317"],
        id="P6-three-labels",
    ),
    # P7 slash-shared alternates
    pytest.param("+41 22 717 91 11/12", None, ["+41227179111", "+41227179112"], id="P7-short-alternate"),
    pytest.param(
        "Tel.: (5982) 916-8043 / 8058 Fax: (5982) 916-8088",
        None,
        ["+59829168043", "+59829168058", "+59829168088"],
        id="P7-shared-prefix",
    ),
    pytest.param(
        "Tel.: (5982) 916-8043 / 8058 Fax: (5982) 916-8088",
        "UY",
        ["+59829168043", "+59829168058", "+59829168088"],
        id="P7-shared-prefix-region",
    ),
    # P8 punctuation variants
    pytest.param("+(41) 22 717 91 11", None, ["+41227179111"], id="P8-paren-cc"),
    pytest.param("+41.22.717.91.11", None, ["+41227179111"], id="P8-dots"),
    pytest.param("+41-22-7179111", None, ["+41227179111"], id="P8-hyphens"),
    pytest.param("Tel:+41227179111", None, ["+41227179111"], id="P8-no-space"),
    pytest.param("Tél. : +41 22 717 91 11", None, ["+41227179111"], id="P8-tel-fr"),
    # P9 RTL and invisible marks
    pytest.param("هاتف: \u200e+41 22 717 91 11", None, ["+41227179111"], id="P9-lrm"),
    pytest.param("Tel:\u00a0+41\u00a022\u00a0717\u00a091\u00a011", None, ["+41227179111"], id="P9-nbsp"),
    # P10 numbers STRICT_GROUPING misses
    pytest.param("+963 11 3310 760", None, ["+963113310760"], id="P10-sy"),
    pytest.param("+880 1713 333 999", None, ["+8801713333999"], id="P10-bd"),
    # hard wraps inside a number
    pytest.param("Tel: +41 22\n717 9361", None, ["+41227179361"], id="hard-wrap"),
    pytest.param("Tel: +41 22 717\r\n9361", None, ["+41227179361"], id="hard-wrap-crlf"),
    pytest.param("Tel: +41 22 717 9361\n2015 was a hard year", None, ["+41227179361"], id="wrap-not-joined"),
    # dev-set shapes
    pytest.param(
        "Tel: +227 20 75 23 41, Mobile: +227 96 48 12 05", None, ["+22720752341", "+22796481205"], id="ne"
    ),
    pytest.param("Mobile: +880 1713 482 097", None, ["+8801713482097"], id="bd-mobile"),
    pytest.param(
        "Tel: +967 1 443 102, Mobile: +967 733 281 554", None, ["+9671443102", "+967733281554"], id="ye"
    ),
    pytest.param(
        "Via Alessandria 41 · 00198 Roma · Tel: +39 06 4423 1400", None, ["+390644231400"], id="it-postcode"
    ),
]


@pytest.mark.parametrize(("text", "region", "expected"), POSITIVE)
def test_find_phones(text: str, region: str | None, expected: list[str]) -> None:
    hits = find_phones(text, region)
    assert [h.e164 for h in hits] == expected
    for hit in hits:
        assert text[hit.start : hit.end] == hit.raw


def test_raw_keeps_the_written_form() -> None:
    (hit,) = find_phones("Tel: + 93 (0) 700 066 041")
    assert hit == PhoneHit("+93700066041", "+ 93 (0) 700 066 041", "tel", None, True, 5, 25)
    (hit,) = find_phones("Tel 00 41 79 285 43 17")
    assert hit.raw == "00 41 79 285 43 17"


def test_alternate_shares_the_prefix() -> None:
    first, second = find_phones("+41 22 717 91 11/12")
    assert (first.raw, second.raw) == ("+41 22 717 91 11", "12")
    assert second.kind == first.kind
    assert second.valid


@pytest.mark.parametrize(
    ("text", "extension"),
    [
        ("Tel: +1 202 862 1826 ext. 123", "123"),
        ("Tel: +1 202 862 1826 ext 123", "123"),
        ("Tel: +1 202 862 1826 x123", "123"),
        ("Tel: +1 202 862 1826 (ext. 456)", "456"),
        ("Tel: +41 22 717 9111 Ext. 142", "142"),
        ("Tel: +41 22 717 9111", None),
    ],
    ids=["ext-dot", "ext", "x", "paren-ext", "Ext-caps", "none"],
)
def test_extensions(text: str, extension: str | None) -> None:
    (hit,) = find_phones(text)
    assert hit.extension == extension
    assert "x" not in hit.e164 and ";" not in hit.e164
    assert text[hit.start : hit.end] == hit.raw


LABELS = [
    ("Tel", "tel"),
    ("Tel.", "tel"),
    ("Tel:", "tel"),
    ("Tel.:", "tel"),
    ("Tél. :", "tel"),
    ("Téléphone :", "tel"),
    ("Phone:", "tel"),
    ("Telephone:", "tel"),
    ("T:", "tel"),
    ("Teléfono:", "tel"),
    ("Mobile", "mobile"),
    ("Mobile:", "mobile"),
    ("Mob:", "mobile"),
    ("Cell:", "mobile"),
    ("Cel.", "mobile"),
    ("Cel:", "mobile"),
    ("Celular:", "mobile"),
    ("Móvil:", "mobile"),
    ("Portable :", "mobile"),
    ("Mobile phone:", "mobile"),
    ("M:", "mobile"),
    ("Fax:", "fax"),
    ("Fax", "fax"),
    ("F:", "fax"),
    ("Télécopie :", "fax"),
    ("Telefax:", "fax"),
    ("For further information please contact Jane Doe at IOM HQ.", None),
    ("", None),
]


@pytest.mark.parametrize(("label", "kind"), LABELS)
def test_kind_from_label(label: str, kind: str | None) -> None:
    (hit,) = find_phones(f"{label} +41 22 717 91 11")
    assert hit.kind == kind


def test_label_is_the_nearest_on_the_line() -> None:
    text = "Tel: +41 22 717 9111\n+41 22 798 6150, Fax: +41 22 798 6151"
    kinds = [h.kind for h in find_phones(text)]
    assert kinds == ["tel", None, "fax"]


def test_label_too_far_away_is_ignored() -> None:
    (hit,) = find_phones("Phone numbers are listed in the annex below: +41 22 717 91 11")
    assert hit.kind is None


def test_label_without_region_reads_country_code_without_plus() -> None:
    assert e164s("Tel.: (5982) 916-8043") == ["+59829168043"]
    assert e164s("(5982) 916-8043") == []  # no label, no region, no '+': not accepted


def test_national_number_needs_a_region() -> None:
    assert e164s("Tel: 022 717 91 11") == []
    assert e164s("Tel: 022 717 91 11", "CH") == ["+41227179111"]
    assert e164s("Tel: 022 717 91 11", "ch") == ["+41227179111"]
    assert e164s("Tel: 022 717 91 11", "ZZ") == []


def test_possible_but_not_valid_numbers_are_kept() -> None:
    # P12: pre-2021 Bogota numbers are invalid in today's metadata but must not be dropped.
    assert phonenumbers.__version__ == PHONENUMBERS_VERSION, (
        f"the validity snapshot below was taken with phonenumbers {PHONENUMBERS_VERSION}: check it against "
        f"{phonenumbers.__version__}'s metadata, then update PHONENUMBERS_VERSION"
    )
    hits = find_phones("Tel: + 57 1 639 7777 Ext. 142, Celular: +57 310 245 8817")
    assert [(h.e164, h.valid, h.extension, h.kind) for h in hits] == [
        ("+5716397777", False, "142", "tel"),
        ("+573102458817", True, None, "mobile"),
    ]


def test_dedup_by_e164() -> None:
    text = "Tel: +41 22 717 91 11 or 0041 22 717 91 11 or +41 (0)22 717 9111"
    assert e164s(text) == ["+41227179111"]


NOT_PHONES = [
    "In 2015 the office opened.",
    "The 2012-2015 programme",
    "The 2012–2015 programme",
    "On 22.03.2011 IOM said",
    "On 12/03/2018 IOM said",
    "ISBN 978-92-9068-588-3",
    "USD 3.2 million",
    "US$ 12,500,000",
    "€ 50,000",
    "CHF 1 200 000",
    "CH-1211 Geneva 19",
    "1,380 migrants",
    "45 per cent of 2,500,000 people",
    "12.5%",
    "2012-45-6789",
    "Resolution 2334 (2016)",
    "Between 10:30 and 12:00",
    "IOM assisted 1 203 456 people",
]


@pytest.mark.parametrize("text", NOT_PHONES)
@pytest.mark.parametrize("region", [None, "CH", "US", "UY", "AF"])
def test_not_phones(text: str, region: str | None) -> None:
    assert find_phones(text, region) == []


def test_phone_region() -> None:
    assert phone_region("IOM Kabul") == "AF"
    assert phone_region("Geneva") == "CH"
    assert phone_region(None) is None
    assert e164s("Tel: 0700 066 041", phone_region("IOM Kabul")) == ["+93700066041"]


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

PHONE_FRAGMENTS = st.sampled_from(
    [
        "+",
        "+ ",
        "00",
        "00 ",
        "(0)",
        "(",
        ")",
        "-",
        ".",
        "/",
        " / ",
        " ",
        "\n",
        "\u00a0",
        "\u200e",
        "Tel: ",
        "Tél. : ",
        "Fax: ",
        "Mobile ",
        "M: ",
        "ext. ",
        "x",
        "(ext. ",
        "41",
        "22",
        "717",
        "91 11",
        "93",
        "700 066 041",
        "57 1",
        "2015",
        "2012-2015",
        "22.03.2011",
        "USD ",
        "%",
    ]
)
DIGITS = st.from_regex(r"[0-9]{1,5}", fullmatch=True)
PHONE_TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(PHONE_FRAGMENTS, DIGITS, st.text(max_size=3)), max_size=25).map("".join),
)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PHONE_TEXTS, st.sampled_from([None, "CH", "US", "AF", "CO"]))
def test_find_phones_never_raises(text: str, region: str | None) -> None:
    hits = find_phones(text, region)
    assert len({h.e164 for h in hits}) == len(hits)
    for hit in hits:
        assert hit.e164.startswith("+") and hit.e164[1:].isdigit()
        assert text[hit.start : hit.end] == hit.raw
        assert hit.kind in {None, "tel", "mobile", "fax"}
        assert hit.extension is None or hit.extension.isdigit()
        number = phonenumbers.parse(hit.e164, None)
        assert phonenumbers.is_possible_number(number)
        assert hit.valid == phonenumbers.is_valid_number(number)


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("Tel: 022 700 00 41", "CH", ["+41227000041"]),
        ("Tel: +41 22 717 91 11 / 12 March 2018", None, ["+41227179111"]),
        ("Tel: +41 22 717 91 11 / 12 mars 2018", None, ["+41227179111"]),
        ("Tel: (202) 862-1826", None, []),
        ("Tel: (202) 862-1826", "US", ["+12028621826"]),
        ("In 2015\n2016 and 2017", "UY", []),
    ],
    ids=[
        "00-inside-national",
        "slash-date-en",
        "slash-date-fr",
        "us-national-no-region",
        "us-region",
        "years-wrapped",
    ],
)
def test_phone_false_friends(text: str, region: str | None, expected: list[str]) -> None:
    assert e164s(text, region) == expected
