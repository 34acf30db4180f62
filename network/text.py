"""Text helpers every domain shares."""

import re
import unicodedata


def slugify(text: str, fallback: str) -> str:
    """Lowercase ASCII words joined by hyphens, for addresses; fallback when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or fallback
