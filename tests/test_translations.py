"""Every user-facing string has a Spanish translation, none is fuzzy, and the catalog holds
every string marked in the code."""

import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

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
        # The singular form answers to the singular id, every other form to the plural id.
        for index, string in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]
            if set(pattern.findall(string)) != set(pattern.findall(source)):
                broken.append(message.id)
    assert broken == []


def _ids(catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_spanish_catalog_has_every_string_of_the_code(tmp_path, settings, monkeypatch):
    """`make messages` would add nothing: every string marked in the code is in es/django.po.

    makemessages runs on a copy of walkout/ (it writes temporary files next to the
    templates) into a fresh catalog, which must hold no msgid the real one lacks.
    """
    copy = tmp_path / "walkout"
    shutil.copytree(
        LOCALE.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "locale", "static")
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["es"], no_location=True, no_obsolete=True, verbosity=0)

    with redirect_stdout(io.StringIO()), open(copy / "locale/es/LC_MESSAGES/django.po", "rb") as f:
        extracted = _ids(read_po(f))
    missing = sorted(msgid for _, msgid in extracted - _ids(_catalog("es")))
    assert len(extracted) > 100
    assert missing == [], f"{len(missing)} strings are not in es/django.po: run `make messages`"
