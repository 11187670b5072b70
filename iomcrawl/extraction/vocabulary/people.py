"""People as data: honorifics, speech verbs, role (title) words, IOM's name and office wording, and words
that are never a person's name, per language.

``names`` and ``attributions`` build their patterns from these lists; adding an honorific, a verb or a
language is one line here. An honorific written with a final '.' needs the dot ('On.' is an Italian
honorific, 'On' is not); one written without may carry one ('Dr', 'Dr.').
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iomcrawl.extraction.vocabulary import Words, every

HONORIFICS: Words = {
    "en": (
        "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "H.E.", "Hon.", "Honourable",
        "Honorable", "Rt. Hon.", "Sheikh", "Ratu", "Eng.", "Ambassador", "Amb", "Rev.", "Gen.", "Col.",
        "Capt.", "Maj.",
    ),
    "fr": ("M.", "Mme", "Mlle", "Pr", "Dr", "S.E.", "Mgr"),
    "es": ("Sr", "Sra", "Srta", "Dra", "Dña.", "Doña", "Don", "Lic.", "Licda.", "Licdo.", "Ing.", "Arq.", "Abg."),
    "pt": ("Sr", "Sra", "Dra", "Dr", "Eng.", "Engª.", "Exmo.", "Exma.", "Dona", "Dom"),
    "de": ("Herr", "Frau", "Dr", "Prof", "Mag.", "Dipl.-Ing.", "Ing."),
    "it": ("Sig.", "Sig.ra", "Sig.na", "Dott.", "Dott.ssa", "Dr.ssa", "On.", "Avv.", "Ing.", "Prof.ssa"),
    "ar": ("الشيخ", "الدكتور", "الدكتورة", "السيد", "السيدة", "المهندس", "الأستاذ", "الأستاذة"),
    "ru": ("г-н", "г-жа", "д-р"),
}  # fmt: skip

# Verbs that attribute a quote, as written after the quote or before/after the speaker ('said', 'a
# déclaré', 'ha dichiarato'; 'fügte … hinzu' is read by its first word).
SPEECH_VERBS: Words = {
    "en": (
        "said", "says", "explained", "explains", "added", "adds", "noted", "notes", "stressed", "stresses",
        "told", "tells", "reported", "reports", "warned", "warns", "urged", "urges", "commented", "declared",
        "stated", "emphasized", "emphasised", "concluded", "continued", "observed", "remarked", "recalled",
        "insisted", "pointed out",
    ),
    "fr": (
        "explique", "a expliqué", "déclare", "a déclaré", "affirme", "a affirmé", "ajoute", "a ajouté",
        "souligne", "a souligné", "précise", "a précisé", "indique", "a indiqué", "estime", "a estimé",
        "raconte", "a raconté", "témoigne", "a témoigné", "confie", "a confié", "poursuit", "conclut",
        "insiste", "rappelle", "a rappelé", "a dit", "dit", "assure", "a assuré",
    ),
    "es": (
        "afirmó", "dijo", "informó", "explicó", "añadió", "agregó", "señaló", "destacó", "indicó", "aseguró",
        "declaró", "comentó", "expresó", "subrayó", "contó", "relató", "dice", "afirma", "explica", "asegura",
        "señala", "relata", "ha declarado", "ha afirmado", "ha señalado", "ha explicado", "ha dicho",
        "recordó", "enfatizó", "manifestó", "sostuvo",
    ),
    "pt": (
        "disse", "afirmou", "explicou", "declarou", "acrescentou", "sublinhou", "destacou", "contou",
        "referiu", "salientou", "frisou", "relatou", "observou", "lembrou", "diz", "afirma", "explica",
        "sublinha",
    ),
    "de": (
        "sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "fügte", "ergänzte", "berichtete",
        "berichtet", "erzählte", "erzählt", "unterstrich", "meinte",
    ),
    "it": (
        "ha dichiarato", "ha detto", "ha spiegato", "ha aggiunto", "ha sottolineato", "ha raccontato",
        "ha affermato", "ha ricordato", "ha osservato", "ha commentato", "ha concluso", "dichiara", "spiega",
        "aggiunge", "sottolinea", "racconta", "afferma", "dice", "ricorda", "ha evidenziato",
    ),
    "ar": (
        "قال", "قالت", "وقال", "وقالت", "أضاف", "أضافت", "وأضاف", "وأضافت", "أوضح", "أوضحت", "وأوضح",
        "وأوضحت", "صرح", "صرحت", "وصرح", "وصرحت", "أكد", "أكدت", "وأكد", "وأكدت", "يقول", "تقول", "ويقول",
        "وتقول",
    ),
    "ru": (
        "сказал", "сказала", "отметил", "отметила", "заявил", "заявила", "добавил", "добавила", "пояснил",
        "пояснила", "рассказал", "рассказала", "подчеркнул", "подчеркнула", "говорит",
    ),
}  # fmt: skip
# Verbs of a statement that is not a quote ('thanked donors and said …', 'a salué une initiative …'): they
# attribute only after a person introduced with a title ('<role>, <Name>, thanked …').
STATEMENT_VERBS: Words = {
    "en": ("thanked", "welcomed", "praised", "hailed", "called for", "appealed", "asked", "acknowledged"),
    "fr": ("a salué", "a remercié", "a appelé", "a demandé", "a plaidé", "a insisté", "salue", "remercie"),
    "es": ("valoró", "agradeció", "pidió", "celebró", "calificó", "reconoció", "instó", "saludó"),
    "pt": ("agradeceu", "pediu", "elogiou", "saudou", "defendeu", "reconheceu", "apelou"),
    "de": ("dankte", "begrüßte", "forderte", "lobte", "appellierte"),
    "it": ("ha ringraziato", "ha definito", "ha chiesto", "ha elogiato", "ha salutato", "ha invitato"),
    "ar": ("رحب", "رحبت", "شكر", "شكرت", "دعا", "دعت", "أشاد", "أشادت"),
    "ru": ("поблагодарил", "поблагодарила", "приветствовал", "приветствовала", "призвал", "призвала"),
}  # fmt: skip
# Words of SPEECH_VERBS that never attribute on their own (auxiliaries, particles, 'so' in German only
# after a quote): a sentence is worth reading only when it holds one of the other words.
VERB_HELPERS = frozenset({"a", "ha", "out"})

# 'According to <role>, <Name>, …' and 'Pour <Nom>, <rôle>, « … »': what opens a view attributed to someone.
ACCORDING_TO: Words = {
    "en": ("According to", "For"), "fr": ("Selon", "Pour", "D'après"), "es": ("Según", "Para"),
    "pt": ("Segundo", "Para", "De acordo com"), "it": ("Secondo", "Per"), "de": ("Laut", "Für"),
    "ru": ("По словам",),
}  # fmt: skip
# Pronouns a speaker is referred to by after a quote ('she said', 'sagte sie', '– рассказал он').
PRONOUNS: Words = {
    "en": ("he", "she"),
    "fr": ("il", "elle"),
    "es": ("él", "ella"),
    "pt": ("ele", "ela"),
    "de": ("er", "sie"),
    "it": ("lui", "lei"),
    "ru": ("он", "она"),
}

# Words of a title (role): a run of capitalised words holding one of these is a role, not a name.
ROLE_WORDS: Words = {
    "en": (
        "chief", "head", "director", "director-general", "deputy", "coordinator", "officer", "spokesperson",
        "spokesman", "spokeswoman", "representative", "manager", "specialist", "adviser", "advisor",
        "minister", "ambassador", "president", "secretary", "commissioner", "governor", "mayor", "mission",
        "general", "dg", "envoy", "chair", "chairman", "chairperson", "lead", "expert", "consultant", "focal",
        "point", "administrator", "prefect", "commander", "inspector", "superintendent", "councillor",
        "councilor", "senator", "vice-minister", "chieftain",
    ),
    "fr": (
        "préfet", "préfète", "gouverneur", "ministre", "maire", "secrétaire", "présidente", "directeur",
        "directrice", "chef", "cheffe", "coordinateur", "coordinatrice", "chargé", "chargée", "responsable",
        "représentant", "représentante",
    ),
    "es": (
        "alcalde", "alcaldesa", "gobernador", "gobernadora", "ministra", "ministro", "directora",
        "secretario", "secretaria", "presidente", "presidenta", "viceministro", "viceministra", "jefe", "jefa",
        "coordinadora", "coordinador", "oficial", "representante", "gerente", "asistente", "técnico", "técnica",
        "comandante", "procurador", "procuradora",
    ),
    "pt": (
        "chefe", "diretor", "diretora", "director", "directora", "coordenador", "coordenadora", "ministro",
        "ministra", "administrador", "administradora", "governador", "governadora", "oficial",
        "representante", "presidente", "gerente", "assistente", "superintendente", "comandante", "secretário",
        "secretária", "prefeito", "prefeita",
    ),
    "de": (
        "leiter", "leiterin", "direktor", "direktorin", "minister", "ministerin", "referent", "referentin",
        "sprecher", "sprecherin", "koordinator", "koordinatorin", "bürgermeister", "bürgermeisterin",
        "projektleiter", "projektleiterin", "abteilungsleiter", "abteilungsleiterin",
    ),
    "it": (
        "capo", "direttore", "direttrice", "coordinatore", "coordinatrice", "prefetto", "prefetta",
        "sindaco", "sindaca", "ministro", "ministra", "responsabile", "portavoce", "presidente", "assessore",
    ),
    "ar": ("رئيس", "رئيسة", "مدير", "مديرة", "منسق", "منسقة", "وزير", "وزيرة", "محافظ", "ممثل"),
    "ru": (
        "глава", "руководитель", "директор", "координатор", "министр", "министра", "представитель", "сотрудник",
        "заместитель", "председатель", "начальник", "мэр", "губернатор", "посол", "ассистент", "специалист",
    ),
}  # fmt: skip

# Endings of compound titles, written as one word ('Botschaftsrätin', 'Pressesprecher').
TITLE_ENDINGS: Words = {
    "de": (
        "rat", "rätin", "leiter", "leiterin", "sprecher", "sprecherin", "direktor", "direktorin", "minister",
        "ministerin", "beauftragte", "beauftragter", "referent", "referentin", "präsident", "präsidentin",
        "koordinator", "koordinatorin", "vorsitzende", "vorsitzender", "sekretär", "sekretärin",
    ),
}  # fmt: skip

# The organisation's own name, as an office starts with it ('IOM Nigeria', 'OIM Sénégal', 'МОМ в
# Таджикистане', 'المنظمة الدولية للهجرة في العراق').
ORGANISATION: Words = {
    "en": ("IOM",),
    "fr": ("OIM",),
    "es": ("OIM",),
    "pt": ("OIM",),
    "de": ("IOM",),
    "it": ("OIM",),
    "ar": ("المنظمة الدولية للهجرة",),
    "ru": ("МОМ",),
}
# 'of IOM in X', 'de l’OIM au X', 'de la OIM en X', 'da OIM em X', 'dell’OIM in X', 'bei IOM X', 'des
# IOM-Büros in X', 'МОМ в X': what joins a role to its office, and the office to its place.
OF_THE_ORGANISATION: Words = {
    "en": ("of IOM", "at IOM", "with IOM", "for IOM", "of the IOM", "at the IOM"),
    "fr": ("de l'OIM", "à l'OIM", "auprès de l'OIM", "pour l'OIM"),
    "es": ("de la OIM", "en la OIM", "para la OIM", "con la OIM"),
    "pt": ("da OIM", "na OIM", "para a OIM", "junto da OIM"),
    "de": ("bei IOM", "bei der IOM", "der IOM", "von IOM", "des IOM-Büros", "des IOM-Landesbüros", "im IOM-Büro"),
    "it": ("dell'OIM", "all'OIM", "per l'OIM", "presso l'OIM"),
}  # fmt: skip
# Articles: a definite one may stand before a speaker's name or role ('afirmou o Eng. …', 'ha detto
# l’On. …'); either kind may stand before a place or a description ('a 26-year-old', 'ein Beispiel').
DEFINITE_ARTICLES: Words = {
    "en": ("the",), "fr": ("le", "la", "les", "l'"), "es": ("el", "la", "los", "las"), "pt": ("o", "a", "os", "as"),
    "de": ("der", "die", "das"), "it": ("il", "lo", "la", "i", "gli", "le", "l'"),
}  # fmt: skip
INDEFINITE_ARTICLES: Words = {
    "en": ("a", "an"), "fr": ("un", "une"), "es": ("un", "una"), "pt": ("um", "uma"), "de": ("ein", "eine"),
    "it": ("un", "una", "uno"),
}  # fmt: skip
# 'one of the teachers': a member of a group, whose role is the group's noun in the singular.
ONE_OF: Words = {
    "en": ("one of the", "one of"), "fr": ("l'un des", "l'une des", "un des", "une des"),
    "es": ("uno de los", "una de las"), "pt": ("um dos", "uma das"), "it": ("uno dei", "uno degli", "una delle"),
    "de": ("einer der", "eine der"),
}  # fmt: skip
# What joins a title to another organisation, which is not an IOM office ('Assistant Commissioner in the
# Zambian Immigration Department', 'Referentin bei der Fachberatungsstelle …'): the title ends before it.
# Only words that say 'at'/'with' an employer: 'Abteilungsleiter im Bundesministerium' keeps its ministry.
AT_AN_ORGANISATION: Words = {
    "en": ("at the", "in the"), "fr": ("auprès de la", "auprès du", "auprès de l'"), "de": ("bei der", "bei dem", "beim"),
    "it": ("presso la", "presso il", "presso l'"),
}  # fmt: skip
# A ministry, which stays part of a title held in it.
MINISTRY_WORDS: Words = {
    "en": ("Ministry", "Minister's Office"), "fr": ("Ministère",), "es": ("Ministerio",), "pt": ("Ministério",),
    "de": ("Ministerium", "Bundesministerium"), "it": ("Ministero",), "ru": ("Министерство",), "ar": ("وزارة",),
}  # fmt: skip
# Relative pronouns opening a clause without a comma ('… en Ciudad Juárez que hoy cuenta con …').
RELATIVE_PRONOUNS: Words = {
    "en": ("which", "who", "whose"), "fr": ("qui", "dont"), "es": ("que", "quien", "donde"), "pt": ("que", "onde"),
    "it": ("che", "dove"), "de": ("das", "wo"),
}  # fmt: skip
# 'of' and its kin, joining a group's noun to what it is of ('promotores de salud', 'residents of the city').
OF_WORDS: Words = {
    "en": ("of",), "fr": ("de", "des", "du"), "es": ("de", "del"), "pt": ("de", "do", "da", "dos", "das"),
    "it": ("di", "del", "della", "dei"),
}  # fmt: skip
# 'from' and its kin: a capitalised word after one is where someone comes from.
FROM_WORDS: Words = {
    "en": ("from", "of", "to"), "fr": ("de", "d'", "depuis"), "es": ("de", "desde"), "pt": ("de", "do", "da"),
    "de": ("aus", "von", "nach"), "it": ("da", "dal", "dalla", "di"), "ru": ("из", "от"),
}  # fmt: skip

# Nouns for an office, cut from the end of a role ('directora de la Oficina de la OIM en España').
OFFICE_NOUNS: Words = {
    "en": ("Office", "office", "Country Office", "country office", "Sub-Office", "sub-office"),
    "fr": ("bureau", "Bureau"),
    "es": ("Oficina", "oficina"),
    "pt": ("escritório", "Escritório"),
    "de": ("Büros", "Büro", "Landesbüros"),
    "it": ("ufficio", "Ufficio"),
}
PLACE_PREPOSITIONS: Words = {
    "en": ("in", "for", "at"),
    "fr": ("au", "aux", "en", "à", "du", "pour"),
    "es": ("en", "para", "de", "del"),
    "pt": ("em", "no", "na", "nos", "nas", "de"),
    "de": ("in", "für"),
    "it": ("in", "a", "per", "di"),
    "ar": ("في",),
    "ru": ("в", "во"),
}

# Words that open a clause after a speaker's role ('…, Leiterin des IOM-Büros, bei der Vorstellung …'):
# the role ends before them.
CLAUSE_OPENERS: Words = {
    "en": ("at", "in", "during", "on", "when", "who", "adding", "while", "after", "before"),
    "fr": ("en", "à", "lors", "pendant", "après", "avant", "qui"),
    "es": ("en", "durante", "al", "tras", "quien"),
    "pt": ("durante", "na", "no", "ao", "após", "que"),
    "de": ("bei", "beim", "am", "während", "nach", "vor", "die", "der"),
    "it": ("durante", "nel", "nella", "alla", "al", "che"),
    "ru": ("на", "во", "при", "после"),
}

# Words that never start or make a name: pronouns, weekdays, organisations and the like (compared
# folded), and phrases of site chrome that look like names ('All Rights Reserved', 'Management …').
NOT_NAMES: Words = {
    "en": (
        "he", "she", "they", "we", "it", "i", "you", "this", "that", "the", "there", "iom", "un", "eu", "who",
        "on", "in", "at", "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "but", "and", "as", "one", "some", "many", "most", "however", "also",
        "officials", "reuters", "afp", "mission", "all", "rights", "reserved", "copyright", "management",
        "webmaster", "design", "site", "content", "privacy", "policy", "terms", "unit", "department", "office",
    ),
    "fr": (
        "il", "elle", "ils", "elles", "oim", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "aujourd'hui",
        "unité", "service", "bureau", "pour", "selon",
    ),
    "es": ("él", "ella", "ellos", "oim", "hoy", "unidad", "oficina", "departamento", "según", "para"),
    "pt": ("ele", "ela", "eles", "oim", "hoje", "unidade", "escritório", "departamento", "segundo", "para"),
    "de": ("er", "sie", "iom", "wir", "ich", "heute", "abteilung", "referat", "büro"),
    "it": ("lui", "lei", "oim", "noi", "oggi", "unità", "ufficio"),
    "ar": ("وحدة", "قسم", "مكتب"),
    "ru": ("мом", "он", "она", "они", "сегодня", "отдел", "офис"),
}  # fmt: skip

# Public bodies: a capitalised run holding one is an institution, never a person ('Autonomous Bougainville
# Government').
BODIES: Words = {
    "en": ("Government", "Ministry", "Agency", "Council", "Commission", "Authority", "Department"),
    "fr": ("Gouvernement", "Ministère", "Agence", "Conseil", "Commission"),
    "es": ("Gobierno", "Ministerio", "Agencia", "Consejo", "Comisión"),
    "pt": ("Governo", "Ministério", "Agência", "Conselho", "Comissão"),
    "de": ("Regierung", "Ministerium", "Behörde", "Kommission"),
    "it": ("Governo", "Ministero", "Agenzia", "Consiglio", "Commissione"),
    "ru": ("Правительство", "Министерство", "Агентство"),
    "ar": ("حكومة", "وزارة", "وكالة"),
}  # fmt: skip

# Lowercase name particles ('Ana de la Cruz', 'Pieter Van den Broeck', 'Antonella De Santis').
PARTICLES = (
    "de", "da", "del", "della", "van", "von", "der", "den", "al", "el", "bin", "ben", "dos", "das", "du",
    "la", "le", "di", "ibn", "abu",
)  # fmt: skip


def honorific_pattern() -> str:
    """The honorifics as one alternation: a final '.' is required where the list writes it, optional
    elsewhere; longest first."""
    parts = []
    for word in every(HONORIFICS):
        if word.endswith("."):
            parts.append(re.escape(word))
        else:
            parts.append(re.escape(word) + r"\.?")
    return "(?i:" + "|".join(parts) + ")"  # 'dott.ssa Annamaria Cristofaro', 'mme Ndiaye'


def verb_words(verbs: Words = SPEECH_VERBS) -> frozenset[str]:
    """The single words that make a sentence worth reading for an attribution (or, given STATEMENT_VERBS,
    for a titled person's statement)."""
    words = {w for phrase in every(verbs) for w in phrase.lower().split()}
    return frozenset(words - VERB_HELPERS - {"for"})


def before_a_word(words: Words | Iterable[str]) -> str:
    """Words that stand before another word (articles, 'bei der'), as one alternation with what follows
    them: any run of spaces, or after an elided word ('l’') any apostrophe and an optional space."""
    parts = []
    for word in every(words):
        if word.endswith("'"):
            parts.append(re.escape(word[:-1]).replace(r"\ ", r"\s+") + r"[’'`]\s*")
        else:
            parts.append(re.escape(word).replace(r"\ ", r"\s+") + r"\s+")
    return "(?:" + "|".join(parts) + ")"
