"""Map an IOM office or a dateline place to an ISO 3166 alpha-2 region code.

National phone numbers need a region to be parsed, and a release usually tells us where it comes
from: the contact's office (``IOM Kabul``, ``OIM Sénégal``, ``IOM HQ``) or the dateline (``Geneva``,
``Cox’s Bazar``, ``Nairobi/Geneva``). Country names in the eight languages the chain reads come from
the locale table that ships with phonenumbers (already a dependency), where it has them; capitals, the
larger IOM office cities and common alternative country names are listed here by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["exact_place_region", "normalize_place", "region_for_place"]

# Alternative country names that the locale table lacks: short forms, UN long forms, old names,
# and French/Spanish spellings with articles that people actually write.
_COUNTRY_ALIASES: dict[str, str] = {
    "DRC": "CD",
    "RDC": "CD",
    "DR Congo": "CD",
    "Democratic Republic of the Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "Congo-Kinshasa": "CD",
    "RD Congo": "CD",
    "Republic of the Congo": "CG",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "United States of America": "US",
    "Estados Unidos de America": "US",
    "Syrian Arab Republic": "SY",
    "Iran (Islamic Republic of)": "IR",
    "Islamic Republic of Iran": "IR",
    "Türkiye": "TR",
    "Turkiye": "TR",
    "Burma": "MM",
    "Lao PDR": "LA",
    "Lao People's Democratic Republic": "LA",
    "Russian Federation": "RU",
    "Fédération de Russie": "RU",
    "Republic of Moldova": "MD",
    "République de Moldova": "MD",
    "Republic of Korea": "KR",
    "Korea": "KR",
    "Viet Nam": "VN",
    "Czechia": "CZ",
    "Tchéquie": "CZ",
    "República Checa": "CZ",
    "North Macedonia": "MK",
    "Macédoine du Nord": "MK",
    "Macedonia del Norte": "MK",
    "Eswatini": "SZ",
    "Cabo Verde": "CV",
    "Cap-Vert": "CV",
    "East Timor": "TL",
    "Occupied Palestinian Territory": "PS",
    "Occupied Palestinian Territories": "PS",
    "West Bank": "PS",
    "Gaza Strip": "PS",
    "Kosovo": "XK",
    "Bosnia": "BA",
    "Bosnia-Herzegovina": "BA",
    "Belarus": "BY",
    "Bélarus": "BY",
    "Biélorussie": "BY",
    "Holy See": "VA",
    "Netherlands": "NL",
    "The Netherlands": "NL",
    "Países Bajos": "NL",
    "Brunei Darussalam": "BN",
    "Micronesia (Federated States of)": "FM",
    "Tanzania, United Republic of": "TZ",
    "United Republic of Tanzania": "TZ",
    "Bolivia (Plurinational State of)": "BO",
    "Venezuela (Bolivarian Republic of)": "VE",
    "The Gambia": "GM",
    "Gambie": "GM",
    "Guinée équatoriale": "GQ",
    "République centrafricaine": "CF",
    "CAR": "CF",
    "Emirats arabes unis": "AE",
    "UAE": "AE",
    "Arabie saoudite": "SA",
    "Sud Soudan": "SS",
    "Soudan du Sud": "SS",
    "Somaliland": "SO",
    "Puntland": "SO",
    "Kurdistan": "IQ",
    "Kurdistan Region of Iraq": "IQ",
    "Darfur": "SD",
    "Sahel": "",  # a region, not a country: explicitly unknown
}

# Capitals and the cities where IOM has (or had) offices that appear in datelines and contact blocks.
# A city sharing its name with another country's city goes to the country IOM releases mean.
_CITIES: dict[str, str] = {
    # Headquarters
    "HQ": "CH",
    "Headquarters": "CH",
    "Siège": "CH",
    "Geneva": "CH",
    "Genève": "CH",
    "Ginebra": "CH",
    "Bern": "CH",
    "Berne": "CH",
    "Zurich": "CH",
    # Asia and the Pacific
    "Kabul": "AF",
    "Herat": "AF",
    "Jalalabad": "AF",
    "Kandahar": "AF",
    "Mazar-i-Sharif": "AF",
    "Dhaka": "BD",
    "Cox's Bazar": "BD",
    "Teknaf": "BD",
    "Chittagong": "BD",
    "Islamabad": "PK",
    "Peshawar": "PK",
    "Karachi": "PK",
    "Lahore": "PK",
    "Quetta": "PK",
    "New Delhi": "IN",
    "Colombo": "LK",
    "Kathmandu": "NP",
    "Yangon": "MM",
    "Naypyidaw": "MM",
    "Sittwe": "MM",
    "Bangkok": "TH",
    "Phnom Penh": "KH",
    "Vientiane": "LA",
    "Hanoi": "VN",
    "Ho Chi Minh City": "VN",
    "Manila": "PH",
    "Makati": "PH",
    "Cotabato": "PH",
    "Tacloban": "PH",
    "Marawi": "PH",
    "Davao": "PH",
    "Jakarta": "ID",
    "Banda Aceh": "ID",
    "Aceh": "ID",
    "Kuala Lumpur": "MY",
    "Dili": "TL",
    "Port Moresby": "PG",
    "Canberra": "AU",
    "Sydney": "AU",
    "Wellington": "NZ",
    "Suva": "FJ",
    "Tokyo": "JP",
    "Seoul": "KR",
    "Beijing": "CN",
    "Ulaanbaatar": "MN",
    "Ulan Bator": "MN",
    "Astana": "KZ",
    "Almaty": "KZ",
    "Bishkek": "KG",
    "Dushanbe": "TJ",
    "Tashkent": "UZ",
    "Ashgabat": "TM",
    # Middle East and North Africa
    "Tehran": "IR",
    "Baghdad": "IQ",
    "Erbil": "IQ",
    "Mosul": "IQ",
    "Basra": "IQ",
    "Duhok": "IQ",
    "Dohuk": "IQ",
    "Damascus": "SY",
    "Aleppo": "SY",
    "Beirut": "LB",
    "Amman": "JO",
    "Tel Aviv": "IL",
    "Ramallah": "PS",
    "Gaza": "PS",
    "Riyadh": "SA",
    "Sana'a": "YE",
    "Sanaa": "YE",
    "Aden": "YE",
    "Marib": "YE",
    "Kuwait City": "KW",
    "Doha": "QA",
    "Abu Dhabi": "AE",
    "Dubai": "AE",
    "Manama": "BH",
    "Muscat": "OM",
    "Ankara": "TR",
    "Istanbul": "TR",
    "Gaziantep": "TR",
    "Cairo": "EG",
    "Le Caire": "EG",
    "El Cairo": "EG",
    "Alexandria": "EG",
    "Tripoli": "LY",
    "Benghazi": "LY",
    "Sabha": "LY",
    "Tunis": "TN",
    "Zarzis": "TN",
    "Algiers": "DZ",
    "Alger": "DZ",
    "Rabat": "MA",
    "Casablanca": "MA",
    "Khartoum": "SD",
    "Port Sudan": "SD",
    # East, Horn and Southern Africa
    "Juba": "SS",
    "Malakal": "SS",
    "Bentiu": "SS",
    "Wau": "SS",
    "Addis Ababa": "ET",
    "Gambella": "ET",
    "Asmara": "ER",
    "Mogadishu": "SO",
    "Hargeisa": "SO",
    "Garowe": "SO",
    "Baidoa": "SO",
    "Nairobi": "KE",
    "Mombasa": "KE",
    "Kakuma": "KE",
    "Dadaab": "KE",
    "Kampala": "UG",
    "Kigali": "RW",
    "Bujumbura": "BI",
    "Gitega": "BI",
    "Dar es Salaam": "TZ",
    "Dodoma": "TZ",
    "Kigoma": "TZ",
    "Lusaka": "ZM",
    "Harare": "ZW",
    "Lilongwe": "MW",
    "Maputo": "MZ",
    "Beira": "MZ",
    "Pemba": "MZ",
    "Pretoria": "ZA",
    "Johannesburg": "ZA",
    "Cape Town": "ZA",
    "Windhoek": "NA",
    "Gaborone": "BW",
    "Maseru": "LS",
    "Mbabane": "SZ",
    "Antananarivo": "MG",
    "Port Louis": "MU",
    # West and Central Africa
    "Kinshasa": "CD",
    "Goma": "CD",
    "Bukavu": "CD",
    "Bunia": "CD",
    "Lubumbashi": "CD",
    "Brazzaville": "CG",
    "Bangui": "CF",
    "Yaoundé": "CM",
    "Douala": "CM",
    "Maroua": "CM",
    "N'Djamena": "TD",
    "Ndjamena": "TD",
    "Niamey": "NE",
    "Agadez": "NE",
    "Tillabéri": "NE",
    "Diffa": "NE",
    "Zinder": "NE",
    "Abuja": "NG",
    "Lagos": "NG",
    "Maiduguri": "NG",
    "Bamako": "ML",
    "Gao": "ML",
    "Mopti": "ML",
    "Timbuktu": "ML",
    "Ouagadougou": "BF",
    "Dakar": "SN",
    "Kolda": "SN",
    "Banjul": "GM",
    "Conakry": "GN",
    "Bissau": "GW",
    "Freetown": "SL",
    "Monrovia": "LR",
    "Abidjan": "CI",
    "Yamoussoukro": "CI",
    "Accra": "GH",
    "Lomé": "TG",
    "Cotonou": "BJ",
    "Porto-Novo": "BJ",
    "Nouakchott": "MR",
    "Praia": "CV",
    "Libreville": "GA",
    "Malabo": "GQ",
    "Luanda": "AO",
    # Europe
    "Vienna": "AT",
    "Vienne": "AT",
    "Viena": "AT",
    "Wien": "AT",
    "Berlin": "DE",
    "Nuremberg": "DE",
    "Paris": "FR",
    "Brussels": "BE",
    "Bruxelles": "BE",
    "Bruselas": "BE",
    "The Hague": "NL",
    "La Haye": "NL",
    "Amsterdam": "NL",
    "London": "GB",
    "Londres": "GB",
    "Dublin": "IE",
    "Rome": "IT",
    "Roma": "IT",
    "Lampedusa": "IT",
    "Madrid": "ES",
    "Lisbon": "PT",
    "Lisboa": "PT",
    "Lisbonne": "PT",
    "Athens": "GR",
    "Athènes": "GR",
    "Atenas": "GR",
    "Lesvos": "GR",
    "Lesbos": "GR",
    "Valletta": "MT",
    "Nicosia": "CY",
    "Budapest": "HU",
    "Warsaw": "PL",
    "Prague": "CZ",
    "Bratislava": "SK",
    "Bucharest": "RO",
    "Sofia": "BG",
    "Belgrade": "RS",
    "Sarajevo": "BA",
    "Zagreb": "HR",
    "Ljubljana": "SI",
    "Podgorica": "ME",
    "Skopje": "MK",
    "Tirana": "AL",
    "Pristina": "XK",
    "Chisinau": "MD",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Lviv": "UA",
    "Odesa": "UA",
    "Dnipro": "UA",
    "Minsk": "BY",
    "Moscow": "RU",
    "Vilnius": "LT",
    "Riga": "LV",
    "Tallinn": "EE",
    "Helsinki": "FI",
    "Stockholm": "SE",
    "Oslo": "NO",
    "Copenhagen": "DK",
    "Tbilisi": "GE",
    "Yerevan": "AM",
    "Baku": "AZ",
    # The Americas
    "Washington": "US",
    "Washington D.C.": "US",
    "Washington, D.C.": "US",
    "New York": "US",
    "Ottawa": "CA",
    "Mexico City": "MX",
    "Ciudad de México": "MX",
    "Tapachula": "MX",
    "Tijuana": "MX",
    "Guatemala City": "GT",
    "Ciudad de Guatemala": "GT",
    "San Salvador": "SV",
    "Tegucigalpa": "HN",
    "San Pedro Sula": "HN",
    "Managua": "NI",
    "San José": "CR",
    "Panama City": "PA",
    "Ciudad de Panamá": "PA",
    "Bogotá": "CO",
    "Cúcuta": "CO",
    "Medellín": "CO",
    "Cali": "CO",
    "Caracas": "VE",
    "Quito": "EC",
    "Lima": "PE",
    "La Paz": "BO",
    "Santiago": "CL",
    "Santiago de Chile": "CL",
    "Buenos Aires": "AR",
    "Montevideo": "UY",
    "Asunción": "PY",
    "Brasília": "BR",
    "Boa Vista": "BR",
    "São Paulo": "BR",
    "Georgetown": "GY",
    "Paramaribo": "SR",
    "Port-au-Prince": "HT",
    "Santo Domingo": "DO",
    "Havana": "CU",
    "La Habana": "CU",
    "Kingston": "JM",
    "Port of Spain": "TT",
    "Bridgetown": "BB",
    "Nassau": "BS",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SPACE_RE = re.compile(r"\s+")


def normalize_place(name: str) -> str:
    """Casefolded, accent-free, one apostrophe and one space style: the key for every lookup."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE_RE.sub(" ", bare.replace("-", " ")).strip(" .,;:'\"").casefold()


def _locale_names() -> dict[str, str]:
    """Country names in the project's languages from phonenumbers' locale table (first wins)."""
    try:
        from phonenumbers.geodata.locale import LOCALE_DATA
    except ImportError:  # pragma: no cover - the table ships with every phonenumbers wheel
        return {}
    names: dict[str, str] = {}
    for lang in ("en", "fr", "es", "pt", "de", "it", "ru", "ar"):
        for code, by_lang in LOCALE_DATA.items():
            name = by_lang.get(lang, "")
            for _ in range(3):  # '*aa' means "same as language aa"
                if not name.startswith("*"):
                    break
                name = by_lang.get(name[1:], "")
            if not name:
                continue
            for variant in (name, re.sub(r"\s*\(.*?\)", "", name), re.sub(r"^the\s+", "", name, flags=re.I)):
                names.setdefault(normalize_place(variant), code)
    return names


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table = _locale_names()
    # Hand-written entries win over generated ones ('Granada' is Grenada in the Spanish table).
    for source in (_COUNTRY_ALIASES, _CITIES):
        for name, code in source.items():
            table[normalize_place(name)] = code
    return table


_IOM_PREFIX_RE = re.compile(
    r"^(?:(?:the\s+)?(?:iom|oim|un migration|international organization for migration|"
    r"organisation internationale pour les migrations|organizacion internacional para las migraciones)"
    r"(?:\s+(?:office|mission|country office|sub office|field office|bureau|oficina)(?:\s+(?:in|for|at|en|de|du|a|au))?)?)\s+",
    re.I,
)
# A run of blanks opening a match starts where the run does (`(?<!\s)`): a match from inside the run
# would need what the whole run needed, so the matches are the same, but a long run is scanned once
# instead of once from each of its blanks.
_SUFFIX_RE = re.compile(
    r"(?<!\s)\s+(?:city|ville|ciudad|office|sub office|field office|country office|mission)$"
)
_POSSESSIVE_RE = re.compile(r"(?:'s|')$")
_SPLIT_RE = re.compile(r"(?:(?:(?<!\s)\s+)?[/;,&+|]|(?<!\s)\s+(?:and|et|y)\s+|(?<!\s)\s+[–—-]\s+)\s*")
# A bracket and what it holds up to its ')'; a bracket never closed takes the rest of the text at once
# (and is kept), so a run of '(' is not scanned again from each of them.
_PAREN_RE = re.compile(r"\([^)]*+(?:\)|\Z)")


def _lookup(piece: str, *, ngrams: bool) -> str | None:
    table = _table()
    key = normalize_place(piece)
    if key in table:
        return table[key] or None
    for _ in range(3):
        before = key
        for strip in (
            lambda k: _IOM_PREFIX_RE.sub("", k),
            lambda k: _POSSESSIVE_RE.sub("", k).strip(),
            lambda k: k.removeprefix("the "),
            lambda k: _SUFFIX_RE.sub("", k),
        ):
            key = strip(key)
            if key in table:
                return table[key] or None
        if key == before:
            break
    if not ngrams:
        return None
    # 'IOM sub-office Cotabato', 'Cotabato City Mindanao': the longest known run of words.
    words = key.split()
    if len(words) > _MAX_NGRAM_WORDS:
        return None  # a sentence, not a place
    for size in range(min(len(words), 6), 0, -1):
        for i in range(len(words) - size + 1):
            code = table.get(" ".join(words[i : i + size]))
            if code:
                return code
    return None


_MAX_NGRAM_WORDS = 12


def _drop_closed(match: re.Match[str]) -> str:
    return " " if match.group().endswith(")") else match.group()


@lru_cache(maxsize=4096)  # the same names are asked about many times on a page
def region_for_place(place: str | None) -> str | None:
    """ISO 3166 alpha-2 code for an office or dateline place, or None when it is not known.

    With several places ('Nairobi/Geneva') the first known one wins; an exact name
    ('Trinidad and Tobago') beats splitting it.
    """
    if not place:
        return None
    exact = _lookup(place, ngrams=False)  # 'Sint Maarten (Dutch part)' keeps its brackets
    if exact:
        return exact
    text = _PAREN_RE.sub(_drop_closed, place.translate(_APOSTROPHES)).strip()  # 'Cotabato City (IOM)'
    if not text:
        return None
    exact = _lookup(text, ngrams=False)
    if exact:
        return exact
    pieces = [p for p in _SPLIT_RE.split(text) if p.strip()]
    for ngrams in (False, True):
        for piece in pieces:
            code = _lookup(piece, ngrams=ngrams)
            if code:
                return code
    return None


def exact_place_region(name: str) -> str | None:
    """The region of a name that is itself a known country or city ('South Africa'), never of a longer
    phrase that merely contains one ('South Africa Programme')."""
    return _lookup(name, ngrams=False) if name.strip() else None


def country_region(name: str | None) -> str | None:
    """The region of a name that is a country ('Fiji', 'the Philippines'), not a city ('Suva')."""
    if not name or not name.strip():
        return None
    key = re.sub(r"^the\s+", "", normalize_place(name))
    country_names = _country_names()
    return country_names.get(key)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = _locale_names()
    for name, code in _COUNTRY_ALIASES.items():
        names[normalize_place(name)] = code
    return {key: code for key, code in names.items() if code}
