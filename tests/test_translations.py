"""Every user-facing string has a Spanish translation, and none is fuzzy."""

from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "walkout" / "locale"


def _catalog(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle)


def test_spanish_has_no_untranslated_entries():
    missing = [
        message.id
        for message in _catalog("es")
        if message.id
        and not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert missing == []


def test_spanish_has_no_fuzzy_entries():
    assert [m.id for m in _catalog("es") if m.id and m.fuzzy] == []


def test_spanish_keeps_every_placeholder():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    broken = []
    for message in _catalog("es"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[-1]))
        if any(
            set(pattern.findall(s)) - wanted or wanted - set(pattern.findall(s)) for s in strings
        ):
            broken.append(message.id)
    assert broken == []
