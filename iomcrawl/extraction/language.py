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


def detect_language(text: str) -> str | None:
    sample = text[:1200]  # enough to decide; the model's cost grows with the text
    if len(sample.split()) < 3:
        return None
    lang, _prob = _identifier().classify(sample)
    return lang
