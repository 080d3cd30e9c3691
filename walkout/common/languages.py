"""Which languages the site offers: English, Spanish, and every language whose catalog is
complete.

Adding a language takes one file, walkout/locale/<code>/LC_MESSAGES/django.po (docs/
translations.md). It appears in the language switch and under /<code>/ once at least
`THRESHOLD` of its entries are translated, so that nobody reads a page half in English.
A fuzzy entry counts as untranslated, and a catalog whose header is still marked fuzzy (as
makemessages leaves a new one) counts as empty: compilemessages would skip it.

Read by settings.py at start-up; it must not touch Django's settings.
"""

from pathlib import Path

from babel import Locale, UnknownLocaleError

DEFAULT = "en"
THRESHOLD = 0.95


def translated_share(po_file: Path) -> float:
    """The share of the catalog's entries that are translated and not fuzzy (0.0 to 1.0)."""
    entries = _entries(Path(po_file).read_text(encoding="utf-8"))
    header = next((e for e in entries if e["msgid"] == ""), None)
    messages = [e for e in entries if e["msgid"] != ""]
    if not messages or (header is not None and header["fuzzy"]):
        return 0.0
    done = [e for e in messages if not e["fuzzy"] and e["strings"] and all(e["strings"])]
    return len(done) / len(messages)


def _entries(text: str) -> list[dict]:
    """Each entry of a .po file: its msgid, whether it is fuzzy, and whether each of its
    msgstr is non-empty. Just enough of the format to count (babel's reader prints its
    warnings, and settings are read by every command)."""
    entries: list[dict] = []
    entry: dict | None = None
    field = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            entry = _finish(entries, entry)
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith(("msgctxt", "msgid ")) and entry is not None and entry["strings"]:
            entry = _finish(entries, entry)
        if line.startswith("#") or not line:
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = field, line
        entry = entry or {"msgid": None, "fuzzy": False, "strings": []}
        value = rest.strip()[1:-1]
        if keyword == "msgid":
            entry["msgid"] = (entry["msgid"] or "") + value
        elif keyword and keyword.startswith("msgstr"):
            if keyword != field:
                entry["strings"].append(False)
            entry["strings"][-1] = entry["strings"][-1] or bool(value)
        field = keyword
    _finish(entries, entry)
    return entries


def _finish(entries: list[dict], entry: dict | None) -> dict:
    """Close `entry` (if it has a msgid) and start a new one."""
    if entry is not None and entry["msgid"] is not None:
        entries.append(entry)
        return {"msgid": None, "fuzzy": False, "strings": []}
    return entry or {"msgid": None, "fuzzy": False, "strings": []}


def local_name(code: str) -> str:
    """The language's name in itself, as the switch shows it ("Español", "Tiếng Việt")."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        name = None
    name = name or code
    return name[:1].upper() + name[1:]


def offered_languages(
    locale_dir: Path, threshold: float = THRESHOLD, always: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """LANGUAGES for settings: English first, then each catalog that is complete enough, or
    that is promised (`always`: tests/test_translations.py keeps those complete, so that a
    new string waiting for its translation never takes a whole language off the site)."""
    offered = [(DEFAULT, local_name(DEFAULT))]
    for po_file in sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po")):
        code = po_file.parent.parent.name.replace("_", "-").lower()
        if code == DEFAULT:
            continue
        if code in always or translated_share(po_file) >= threshold:
            offered.append((code, local_name(code)))
    return offered
