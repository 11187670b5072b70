"""E-mail repair and extraction: the damage seen on archived IOM pages (cases M1-M19) plus properties."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.linear import assert_scales_linearly

from iomcrawl.extraction import emails
from iomcrawl.extraction.emails import (
    EmailHit,
    EmailReject,
    address_from_href,
    decode_cfemail,
    find_emails,
    is_chrome_address,
    repair_text,
)


def cf_encode(address: str, key: int) -> str:
    """Cloudflare's e-mail protection, written out for the tests: key byte, then XORed UTF-8 bytes."""
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode("utf-8"))


def addresses(text: str) -> list[str]:
    return [hit.address for hit in find_emails(text)[0]]


def assert_validates(address: str) -> None:
    result = validate_email(address, check_deliverability=False)
    assert result.normalized == address


# --------------------------------------------------------------------------------------------------
# href values (M1, M3-M9, M14, M16, share links, CMS prefixes)
# --------------------------------------------------------------------------------------------------

HREF_CASES = [
    pytest.param("mailto:jdoe@iom.int", ["jdoe@iom.int"], [], id="M1-plain"),
    pytest.param('""mailto:jdoe@iom.int""', ["jdoe@iom.int"], ["mailto-repaired"], id="M3-doubled-quotes"),
    pytest.param('\\"mailto:jdoe@iom.int\\"', ["jdoe@iom.int"], ["mailto-repaired"], id="M4-escaped-quotes"),
    pytest.param('"mailto:jdoe@iom.int"', ["jdoe@iom.int"], ["mailto-repaired"], id="M4-quotes"),
    pytest.param("mailto:mailto:jdoe@iom.int", ["jdoe@iom.int"], ["mailto-repaired"], id="M5-repeated"),
    pytest.param("MAILTO:jdoe@iom.int", ["jdoe@iom.int"], ["mailto-repaired"], id="M5-upper"),
    pytest.param("Mailto:MAILTO:jdoe@iom.int", ["jdoe@iom.int"], ["mailto-repaired"], id="M5-mixed"),
    pytest.param(
        "mailto:jdoe%40iom.int?subject=Press%20release&cc=a@iom.int",
        ["jdoe@iom.int", "a@iom.int"],
        ["mailto-repaired"],
        id="M6-percent-and-cc",
    ),
    pytest.param(
        "mailto:jdoe@iom.int?subject=Hi&bcc=b%40iom.int", ["jdoe@iom.int", "b@iom.int"], [], id="M6-bcc"
    ),
    pytest.param("mailto:jdoe@iom.int?subject=Press%20release", ["jdoe@iom.int"], [], id="M6-subject-only"),
    pytest.param(" mailto: jdoe@iom.int \n", ["jdoe@iom.int"], ["mailto-repaired"], id="M7-whitespace"),
    pytest.param("mailto:a@iom.int,b@iom.int", ["a@iom.int", "b@iom.int"], [], id="M8-comma"),
    pytest.param("mailto:a@iom.int; b@iom.int", ["a@iom.int", "b@iom.int"], [], id="M8-semicolon"),
    pytest.param("mailto:a@iom.int,A@IOM.INT", ["a@iom.int"], [], id="M8-duplicate-recipient"),
    pytest.param(
        "&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#106;&#100;&#111;&#101;&#64;&#105;&#111;&#109;&#46;&#105;&#110;&#116;",
        ["jdoe@iom.int"],
        ["email-entity-decoded"],
        id="M9-entities",
    ),
    pytest.param(
        "mailto:jdoe&amp;#64;iom.int", ["jdoe@iom.int"], ["email-entity-decoded"], id="M9-double-escaped"
    ),
    pytest.param(
        "mailto:j\u200bdoe@iom.int", ["jdoe@iom.int"], ["email-invisible-chars-removed"], id="M11-zwsp"
    ),
    pytest.param(
        "http://www.iom.int/jahia/Jahia/mailto:jdoe@iom.int",
        ["jdoe@iom.int"],
        ["mailto-repaired"],
        id="cms-prefix",
    ),
    pytest.param(
        "/cdn-cgi/l/email-protection#" + cf_encode("jdoe@iom.int", 0x5A),
        ["jdoe@iom.int"],
        ["cfemail-decoded"],
        id="M14-cdn-cgi",
    ),
    pytest.param(
        "https://example.org/cdn-cgi/l/email-protection#" + cf_encode("jdoe@iom.int", 0x17),
        ["jdoe@iom.int"],
        ["cfemail-decoded"],
        id="M14-absolute-cdn-cgi",
    ),
    pytest.param(
        "http://cloudflare.com/email-protection.html#523e272b27123a27333c357c313d3f",
        ["luyu@huang.com"],
        ["cfemail-decoded"],
        id="M14-old-form",
    ),
    pytest.param("mailto:John Doe <jdoe@iom.int>", ["jdoe@iom.int"], [], id="M16-display-name"),
    pytest.param("mailto:JDoe@IOM.INT", ["JDoe@iom.int"], [], id="M17-case"),
    pytest.param("mailto:jdoe@xn--bcher-kva.de", ["jdoe@bücher.de"], [], id="M17-punycode"),
    pytest.param("jdoe@iom.int", ["jdoe@iom.int"], ["mailto-repaired"], id="bare-address-href"),
    pytest.param("mailto:?subject=Flood%20relief&body=https://www.iom.int/news/x", [], [], id="share-link"),
    pytest.param("mailto:", [], [], id="empty-mailto"),
    pytest.param("https://www.iom.int/news", [], [], id="web-link"),
    pytest.param("/cdn-cgi/l/email-protection", [], [], id="cf-without-hash"),
    pytest.param("", [], [], id="empty"),
]


@pytest.mark.parametrize(("href", "expected", "fixes"), HREF_CASES)
def test_address_from_href(href: str, expected: list[str], fixes: list[str]) -> None:
    found, rejects, applied = address_from_href(href)
    assert found == expected
    assert rejects == []
    for fix in fixes:
        assert fix in applied
    if not fixes:
        assert "mailto-repaired" not in applied


@pytest.mark.parametrize(
    "href",
    ["mailto:jdoe@iom", "mailto:jdoe..x@iom.int", "mailto:webmaster", "mailto:a@iom.int,b@localhost"],
)
def test_address_from_href_rejects_invalid(href: str) -> None:
    found, rejects, _fixes = address_from_href(href)
    assert rejects
    assert all(isinstance(r, EmailReject) and r.reason for r in rejects)
    for address in found:
        assert_validates(address)


def test_share_link_is_not_a_reject() -> None:
    assert address_from_href("mailto:?subject=IOM%20Rushes%20Shelter&body=https://www.iom.int/x") == (
        [],
        [],
        [],
    )


@pytest.mark.parametrize("hex_value", ["zz", "5a", "5a3", "5a30zz"])
def test_malformed_cloudflare_href_is_a_reject(hex_value: str) -> None:
    found, rejects, _fixes = address_from_href("/cdn-cgi/l/email-protection#" + hex_value)
    assert found == []
    assert len(rejects) == 1


# --------------------------------------------------------------------------------------------------
# Cloudflare (M14)
# --------------------------------------------------------------------------------------------------


def test_cloudflare_published_sample() -> None:
    assert decode_cfemail("523e272b27123a27333c357c313d3f") == "luyu@huang.com"


@pytest.mark.parametrize("address", ["jdoe@iom.int", "iomphmedia@iom.int", "用户@例子.广告", "a%40b@iom.int"])
@pytest.mark.parametrize("key", [0x00, 0x01, 0x5A, 0xFF])
def test_cloudflare_round_trip(address: str, key: int) -> None:
    assert decode_cfemail(cf_encode(address, key)) == address
    assert decode_cfemail(cf_encode(address, key).upper()) == address


def test_cloudflare_different_keys_decode_equal() -> None:
    href_hex = cf_encode("jdelacruz@iom.int", 0x5A)
    span_hex = cf_encode("jdelacruz@iom.int", 0x3C)
    assert href_hex != span_hex
    assert decode_cfemail(href_hex) == decode_cfemail(span_hex) == "jdelacruz@iom.int"


@pytest.mark.parametrize(
    "hex_value",
    ["", "5a", "5", "5a3", "xyz0", "5a 30", "00ff", cf_encode("ab", 0x41) + "0"],
    ids=["empty", "key-only", "one-digit", "odd", "non-hex", "space", "bad-utf8", "odd-tail"],
)
def test_cloudflare_malformed(hex_value: str) -> None:
    assert decode_cfemail(hex_value) is None


def test_cloudflare_in_raw_markup() -> None:
    href_hex = cf_encode("jdelacruz@iom.int", 0x5A)
    span_hex = cf_encode("jdelacruz@iom.int", 0x3C)
    markup = (
        f'Email: <a href="/cdn-cgi/l/email-protection#{href_hex}"><span class="__cf_email__" '
        f'data-cfemail="{span_hex}">[email&#160;protected]</span></a>'
    )
    hits, rejects = find_emails(markup)
    assert [h.address for h in hits] == ["jdelacruz@iom.int"]
    assert hits[0].fixes == ("cfemail-decoded",)
    assert rejects == []
    old = f'<span id="__cf_email__" class="{cf_encode("pr@iom.int", 0x21)}">[email&#160;protected]</span>'
    assert addresses(old) == ["pr@iom.int"]


def test_cloudflare_decoded_non_address_is_rejected() -> None:
    # Cloudflare also hides strings that merely contain '@' (brand names): validate what comes out.
    hits, rejects = find_emails(f'<span data-cfemail="{cf_encode("Foo@Bar", 0x10)}">[email protected]</span>')
    assert hits == []
    assert rejects


def test_cloudflare_placeholder_left_alone_by_repair_text() -> None:
    text = "e-mail: [email\u00a0protected]: www.example.org"
    assert repair_text(text) == (text, [])
    assert find_emails(text) == ([], [])


# --------------------------------------------------------------------------------------------------
# Visible text: leaks, obfuscation, invisibles, punctuation (M2, M10-M12)
# --------------------------------------------------------------------------------------------------

REPAIR_CASES = [
    pytest.param('Contact: "mailto:jdoe@iom.int">jdoe@iom.int', "Contact: jdoe@iom.int", id="M2-leak"),
    pytest.param(
        'E-mail: "mailto:nm@iom.int">nm@iom.int\nTel', "E-mail: nm@iom.int\nTel", id="M2-leak-in-block"
    ),
    pytest.param(
        'E-mail : "mailto:box@oim.org.co" target="_blank" title=\n"">box@oim.org.co',
        "E-mail : box@oim.org.co",
        id="M2-leak-across-line-break",
    ),
    pytest.param(
        'E-mail: \\"mailto:jdoe@iom.int\\">jdoe@iom.int', "E-mail: jdoe@iom.int", id="M4-escaped-leak"
    ),
    pytest.param(
        "E-mail: &quot;mailto:sq@iom.int&quot;&gt;sq@iom.int", "E-mail: sq@iom.int", id="M9-entity-leak"
    ),
    pytest.param('E-mail: "">', "E-mail:", id="addressless-leak"),
    pytest.param('E-mail: "">\nFax: +41', "E-mail:\nFax: +41", id="addressless-leak-then-line"),
    pytest.param('E-mail: "" target="_blank" title=', "E-mail:", id="addressless-leak-attrs"),
    pytest.param('"mailto:x@iom.int">Vesna Kostova', "x@iom.int Vesna Kostova", id="leak-with-name-text"),
    pytest.param("E-mail: mailto:jdoe@iom.int", "E-mail: jdoe@iom.int", id="bare-scheme-in-text"),
    pytest.param("jdoe [at] iom [dot] int", "jdoe@iom.int", id="M10-brackets"),
    pytest.param("jsmith(at)iom.int", "jsmith@iom.int", id="M10-parens"),
    pytest.param("pr AT iom DOT int", "pr@iom.int", id="M10-caps"),
    pytest.param("jdoe at iom dot int", "jdoe@iom.int", id="M10-lowercase-words"),
    pytest.param("Email: nbaldacci [at] iom.int</p>", "Email: nbaldacci@iom.int</p>", id="M10-at-only"),
    pytest.param("john.doe {at} oim [.] org [dot] co", "john.doe@oim.org.co", id="M10-mixed"),
    pytest.param("jdoe@iom [dot] int", "jdoe@iom.int", id="M10-dot-only"),
    pytest.param("jabdullah&#64;iom.int", "jabdullah@iom.int", id="M9-entity-text"),
    pytest.param("jdoe\u00a0@\u00a0iom.int", "jdoe@iom.int", id="M11-nbsp"),
    pytest.param("j\u00addoe@iom.int", "jdoe@iom.int", id="M11-soft-hyphen"),
    pytest.param("j\u200bdoe@iom.int", "jdoe@iom.int", id="M11-zwsp"),
    pytest.param("jdoe@iom\u200e.int", "jdoe@iom.int", id="M11-lrm"),
]


@pytest.mark.parametrize(("text", "expected"), REPAIR_CASES)
def test_repair_text(text: str, expected: str) -> None:
    repaired, fixes = repair_text(text)
    assert repaired == expected
    assert fixes
    assert "mailto:" not in repaired.lower()
    assert repair_text(repaired) == (repaired, [])


PROSE = [
    "Look at that.",
    "Look at the dot com bubble.",
    "We looked at the dot matrix printer.",
    "The meeting took place at IOM. Tel: +41 22 717 9111",
    "For further information, please contact Dalia Fawzy at IOM Egypt.",
    "More details at iom.int and at www.iom.int/news.",
    "She arrived at 5 p.m. at the port.",
    "AT THE BORDER. AT LEAST 200 PEOPLE",
    "Staff at (at) risk",  # nonsense, but not an address
    "Use the mailto: scheme",
    'He said "" was empty',
    "Q&amp;A with IOM staff",
    "Numbers: 1.5 at 3.2 per cent",
    "[email\u00a0protected]",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_rewritten(text: str) -> None:
    assert repair_text(text) == (text, [])
    assert find_emails(text) == ([], [])


FIND_CASES = [
    pytest.param("Email: dfawzy@iom.int", ["dfawzy@iom.int"], id="plain"),
    pytest.param(
        'Contact: "mailto:jdoe@iom.int">jdoe@iom.int and jdoe@iom.int', ["jdoe@iom.int"], id="M2-dedup"
    ),
    pytest.param(
        '<a href=""mailto:avermeulen@iom.int"">avermeulen@iom.int</a>', ["avermeulen@iom.int"], id="M3-raw"
    ),
    pytest.param(
        '<a href=""mailto:nekdahl@iom.int"" target=""_blank"" title="">nekdahl@iom.int</a></p>',
        ["nekdahl@iom.int"],
        id="M3-raw-with-attrs",
    ),
    pytest.param('<a href="mailto:mailto:vk@iom.int">Vesna Kostova</a>', ["vk@iom.int"], id="M5-raw"),
    pytest.param("Write to x@iom.int.", ["x@iom.int"], id="M12-period"),
    pytest.param("(x@iom.int)", ["x@iom.int"], id="M12-parens"),
    pytest.param("x@iom.int, y@iom.int; z@oim.org.co", ["x@iom.int", "y@iom.int", "z@oim.org.co"], id="list"),
    pytest.param("'x@iom.int'", ["x@iom.int"], id="single-quoted"),
    pytest.param("John Doe <jdoe@iom.int>", ["jdoe@iom.int"], id="M16-display-name"),
    pytest.param('"john doe"@iom.int', [], id="M16-quoted-local"),
    pytest.param("JDoe@IOM.INT", ["JDoe@iom.int"], id="M17-case"),
    pytest.param("jdoe@bücher.de jdoe@xn--bcher-kva.de", ["jdoe@bücher.de"], id="M17-idn"),
    pytest.param("用户@例子.广告", ["用户@例子.广告"], id="M17-unicode-local"),
    pytest.param("a" * 65 + "@iom.int", ["a" * 65 + "@iom.int"], id="M18-65-char-local-accepted"),
    pytest.param("x@example.com", ["x@example.com"], id="M15-example-com-accepted"),
    pytest.param("jdoe@iom.int and JDOE@IOM.INT", ["jdoe@iom.int"], id="M19-dedup-case"),
    pytest.param(
        'a [at] iom [dot] int "mailto:b@iom.int">b@iom.int c&#64;iom.int d\u200b@iom.int',
        ["a@iom.int", "b@iom.int", "c@iom.int", "d@iom.int"],
        id="all-damage-in-order",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_emails(text: str, expected: list[str]) -> None:
    hits, _rejects = find_emails(text)
    assert [h.address for h in hits] == expected
    for hit in hits:
        assert text[hit.start : hit.end] == hit.raw
        assert_validates(hit.address)


def test_hit_span_covers_the_leak() -> None:
    text = 'E-mail: "mailto:jdoe@iom.int">jdoe@iom.int\nNext line'
    (hit,), rejects = find_emails(text)
    assert rejects == []
    assert hit == EmailHit("jdoe@iom.int", '"mailto:jdoe@iom.int">jdoe@iom.int', 8, 42, ("mailto-repaired",))


def test_hit_fixes() -> None:
    text = "a [at] iom.int b&#64;iom.int c\u00ad@iom.int d@iom.int."
    fixes = {h.address: h.fixes for h in find_emails(text)[0]}
    assert fixes == {
        "a@iom.int": ("email-deobfuscated",),
        "b@iom.int": ("email-entity-decoded",),
        "c@iom.int": ("email-invisible-chars-removed",),
        "d@iom.int": ("email-trailing-punctuation-trimmed",),
    }


REJECT_CASES = [
    pytest.param("jdoe@iom", "period", id="no-dot"),
    pytest.param("jdoe..x@iom.int", "two periods", id="double-dot"),
    pytest.param(".jdoe@iom.int", "start with a period", id="leading-dot"),
    pytest.param("jdoe@iom_int.org", "invalid characters", id="underscore-domain"),
    pytest.param("jdoe@-iom.int", "hyphen", id="hyphen-domain"),
    pytest.param("x@localhost", "period", id="localhost"),
    pytest.param("x@test.local", "special-use", id="dot-local"),
    pytest.param("x@foo.invalid", "special-use", id="dot-invalid"),
]


@pytest.mark.parametrize(("text", "reason_part"), REJECT_CASES)
def test_rejects(text: str, reason_part: str) -> None:
    hits, rejects = find_emails(f"Email: {text} end")
    assert hits == []
    assert [r.raw for r in rejects] == [text]
    assert reason_part in rejects[0].reason


def test_javascript_is_never_run_or_guessed() -> None:
    # M13: a script that assembles the address. We do not execute page JS, and we invent nothing.
    js = "var u='jdoe'; var d='iom.int'; document.write('<a href=\"mailto:'+u+'@'+d+'\">'+u+'@'+d+'</a>');"
    hits, _rejects = find_emails(js)
    assert hits == []


@pytest.mark.parametrize(
    ("address", "chrome"),
    [
        ("webmaster@iom.int", True),
        ("editor@iom.int", True),
        ("Newsletter@iom.int", True),
        ("noreply@iom.int", True),
        ("no-reply@iom.int", True),
        ("privacy@iom.int", True),
        ("webmaster+site@iom.int", True),
        ("pbn@iom.int", False),
        ("media@iom.int", False),
        ("iomkabul@iom.int", False),
        ("jdoe@iom.int", False),
        ("editorial.team@iom.int", False),
    ],
)
def test_is_chrome_address(address: str, chrome: bool) -> None:
    assert is_chrome_address(address) is chrome


def test_comments_questions_editor_is_found_but_chrome() -> None:
    (hit,), _ = find_emails("Comments/questions: editor@iom.int")
    assert is_chrome_address(hit.address)


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

_HEX = st.integers(0, 255).map(lambda b: f"{b:02x}")
FRAGMENTS = st.sampled_from(
    [
        "mailto:",
        "MAILTO:",
        "mailto:mailto:",
        '"',
        "'",
        '\\"',
        '""',
        ">",
        "<",
        "</a>",
        '<a href="',
        "href=",
        'target="_blank"',
        "title=",
        "\n",
        " ",
        "\t",
        "[at]",
        "(at)",
        " at ",
        " AT ",
        "[dot]",
        " dot ",
        " DOT ",
        "(.)",
        "@",
        "%40",
        "%",
        ".",
        "..",
        "-",
        "_",
        ",",
        ";",
        "?subject=x",
        "&cc=",
        "&",
        "&#64;",
        "&amp;",
        "&quot;",
        "&gt;",
        "&#",
        "\u00a0",
        "\u200b",
        "\u00ad",
        "\u200e",
        "jdoe",
        "JDoe",
        "iom",
        "int",
        "oim.org.co",
        "iom.int",
        "localhost",
        "ü",
        "用户",
        "/cdn-cgi/l/email-protection#",
        'data-cfemail="',
        "[email protected]",
    ]
)
NEAR_MISS = st.lists(st.one_of(FRAGMENTS, _HEX, st.text(max_size=4)), max_size=30).map("".join)
TEXTS = st.one_of(st.text(max_size=200), NEAR_MISS)

_LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,6})?", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z][a-z0-9]{0,5})?\.(int|org|co|com|ch)", fullmatch=True)
VALID_ADDRESSES = st.builds(lambda local, domain: f"{local}@{domain}", _LOCAL, _DOMAIN)

SETTINGS = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(TEXTS)
def test_repair_text_never_raises_and_is_idempotent(text: str) -> None:
    once, _fixes = repair_text(text)
    assert repair_text(once)[0] == once


@pytest.mark.slow
@SETTINGS
@given(TEXTS)
def test_find_emails_never_raises_and_only_returns_valid(text: str) -> None:
    hits, rejects = find_emails(text)
    seen = set()
    previous_start = -1
    for hit in hits:
        assert_validates(hit.address)
        assert text[hit.start : hit.end] == hit.raw
        assert hit.start >= previous_start
        previous_start = hit.start
        assert hit.address.casefold() not in seen
        seen.add(hit.address.casefold())
    for reject in rejects:
        assert reject.reason


@pytest.mark.slow
@SETTINGS
@given(st.one_of(TEXTS, TEXTS.map(lambda t: "mailto:" + t)))
def test_address_from_href_never_raises_and_only_returns_valid(href: str) -> None:
    found, rejects, fixes = address_from_href(href)
    for address in found:
        assert_validates(address)
    assert len(found) == len({a.casefold() for a in found})
    assert all(r.reason for r in rejects)
    assert all(isinstance(f, str) for f in fixes)


@pytest.mark.slow
@SETTINGS
@given(st.one_of(st.text(max_size=60), st.lists(_HEX, max_size=30).map("".join)))
def test_decode_cfemail_never_raises(value: str) -> None:
    decoded = decode_cfemail(value)
    assert decoded is None or isinstance(decoded, str)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(VALID_ADDRESSES, st.integers(0, 255), st.integers(0, 255))
def test_cfemail_round_trip_any_key(address: str, key1: int, key2: int) -> None:
    assert decode_cfemail(cf_encode(address, key1)) == decode_cfemail(cf_encode(address, key2)) == address
    found, _rejects, fixes = address_from_href("/cdn-cgi/l/email-protection#" + cf_encode(address, key1))
    assert found == [address]
    assert fixes == ["cfemail-decoded"]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(VALID_ADDRESSES, st.sampled_from(["", "Contact: ", "E-mail : "]), st.sampled_from(["", "\n", " Tel"]))
def test_every_damage_form_recovers_the_address(address: str, before: str, after: str) -> None:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return  # the generator can build a reserved name; not what this test is about
    local, _, domain = address.partition("@")
    spelled = f"{local} [at] {domain.replace('.', ' [dot] ')}"
    for damaged in (
        f'"mailto:{address}">{address}',
        f'"mailto:{address}" target="_blank" title=\n"">{address}',
        f"&quot;mailto:{address}&quot;&gt;{address}",
        spelled,
        f"{local}(at){domain}",
        address.replace("@", "&#64;"),
        address.replace("@", "\u200b@"),
    ):
        text = before + damaged + after
        assert addresses(text) == [address], damaged
        repaired, _ = repair_text(text)
        assert repaired == before + address + after, damaged
    for href in (f"mailto:{address}", f'\\"mailto:mailto:{address}\\"', f"MAILTO:{address}?subject=x"):
        assert address_from_href(href)[0] == [address]


@pytest.mark.parametrize(
    "unit",
    ["jdoe dot ", "jdoe [dot] ", "a.b.c.d.e.f.g.h ", "x (at) y dot ", "jdoe AT iom DOT "],
    ids=["spelled-dots", "bracketed-dots", "literal-dots", "at-then-dots", "upper"],
)
def test_obfuscated_address_search_is_linear_on_long_runs(unit: str) -> None:
    """R01: runs of spelled-out dots with no '@' made the address search quadratic (36 KB: 11 s)."""
    assert_scales_linearly(lambda text: find_emails(text), unit, base=1000)


def test_an_empty_leak_search_is_linear_on_long_blank_runs() -> None:
    """A run of tabs was rescanned from every tab (16 KB: 2.6 s): a match starts only where the run does."""
    assert_scales_linearly(lambda text: list(emails._EMPTY_LEAK_RE.finditer(text)), "\t", base=4000)
    assert_scales_linearly(lambda text: list(emails._EMPTY_LEAK_RE.finditer(text)), " \t", base=1000)
