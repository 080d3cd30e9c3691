"""Which languages the site offers: English, and every language whose catalog is complete.

Adding a language takes one file, walkout/locale/<code>/LC_MESSAGES/django.po (docs/
translations.md). It appears in the language switch and under /<code>/ once at least
`THRESHOLD` of its entries are translated, so that nobody reads a page half in English.
A fuzzy entry counts as untranslated, and a catalog whose header is still marked fuzzy (as
makemessages leaves a new one) counts as empty: compilemessages would skip it.

Read by settings.py at start-up; it must not touch Django's settings.
"""

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

DEFAULT = "en"
THRESHOLD = 0.95


def translated_share(po_file: Path) -> float:
    """The share of the catalog's entries that are translated and not fuzzy (0.0 to 1.0)."""
    with open(po_file, "rb") as handle:
        catalog = read_po(handle)
    if catalog.fuzzy:
        return 0.0
    entries = [message for message in catalog if message.id]
    if not entries:
        return 0.0
    done = [m for m in entries if not m.fuzzy and _translated(m.string)]
    return len(done) / len(entries)


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def local_name(code: str) -> str:
    """The language's name in itself, as the switch shows it ("Español", "Tiếng Việt")."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        name = None
    name = name or code
    return name[:1].upper() + name[1:]


def offered_languages(locale_dir: Path, threshold: float = THRESHOLD) -> list[tuple[str, str]]:
    """LANGUAGES for settings: English first, then each complete catalog, by code."""
    offered = [(DEFAULT, local_name(DEFAULT))]
    for po_file in sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po")):
        code = po_file.parent.parent.name.replace("_", "-").lower()
        if code != DEFAULT and translated_share(po_file) >= threshold:
            offered.append((code, local_name(code)))
    return offered
