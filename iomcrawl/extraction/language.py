"""Language of a release's own text (the URL prefix and the interface chrome often say otherwise)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Languages IOM published releases in; restricting the model keeps short texts from drifting to rare ones.
LANGUAGES = [
    "en",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "ar",
    "ru",
    "tr",
    "uk",
    "nl",
    "id",
    "ja",
    "zh",
    "ko",
    "fa",
    "el",
    "sw",
]


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


# Function words that only one of the common languages uses often; a clear majority decides at once.
_FUNCTION_WORDS = {
    "en": {
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "with",
        "has",
        "have",
        "was",
        "which",
        "this",
    },
    "fr": {"le", "les", "des", "et", "du", "dans", "pour", "une", "est", "sur", "qui", "aux", "au", "pas"},
    "es": {"el", "los", "las", "y", "del", "en", "para", "una", "con", "por", "que", "se", "como", "al"},
    "it": {
        "il",
        "gli",
        "della",
        "delle",
        "degli",
        "nel",
        "per",
        "che",
        "sono",
        "alla",
        "dei",
        "una",
        "con",
        "è",
    },
    "de": {
        "der",
        "die",
        "das",
        "und",
        "nicht",
        "mit",
        "für",
        "ist",
        "auf",
        "den",
        "dem",
        "ein",
        "eine",
        "von",
    },
    "pt": {"os", "das", "dos", "não", "uma", "para", "com", "que", "em", "ao", "pela", "pelo", "na", "no"},
}


def _by_function_words(words: list[str]) -> str | None:
    counts = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 12 and top >= 3 * second else None


def detect_language(text: str) -> str | None:
    sample = text[:1200]  # enough to decide; the model's cost grows with the text
    words = sample.lower().split()
    if len(words) < 3:
        return None
    if quick := _by_function_words(words):
        return quick
    lang, _prob = _identifier().classify(sample)
    return lang
