"""Text helpers every domain shares."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer


def slugify(text: str, fallback: str) -> str:
    """Lowercase ASCII words joined by hyphens, for addresses; fallback when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or fallback


STEMMED_LANGUAGES = {"en": "english", "es": "spanish", "fr": "french"}
MIN_STEM = 4


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMED_LANGUAGES[language])


def stem(word: str, language: str) -> str:
    """The word's stem in language (the reader's), so "migrantes" finds "migrante": only when
    the stem is the word's own beginning and long enough not to match everything."""
    if language not in STEMMED_LANGUAGES:
        return word
    root = _stemmer(language).stemWord(word)
    return root if len(root) >= MIN_STEM and word.startswith(root) else word
