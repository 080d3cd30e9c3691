"""Text helpers without domain words."""

import re
import unicodedata

_ABBREVIATIONS = {
    "hs": ["high"],
    "h.s.": ["high"],
    "ms": ["middle"],
    "jhs": ["junior", "high"],
    "jr": ["junior"],
    "sr": ["senior"],
    "st": ["saint"],
    "ste": ["sainte"],
    "mt": ["mount"],
    "ft": ["fort"],
    "univ": ["university"],
    "&": ["and"],
}
_DROP = {"the", "school", "sch", "of"}


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: 'Mayagüez ' -> 'mayaguez'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(ascii_only.lower().split())


def normalize_name(name: str) -> str:
    """A comparison key for institution names.

    'Lincoln High School', 'Lincoln H.S.' and 'lincoln high' give the same key, so that the
    same school is not added twice under two spellings.
    """
    words: list[str] = []
    for raw in re.split(r"[\s\-/,.()']+", fold(name).replace("h.s.", "hs")):
        if not raw:
            continue
        words.extend(_ABBREVIATIONS.get(raw, [raw]))
    kept = [w for w in words if w not in _DROP]
    return " ".join(kept or words)
