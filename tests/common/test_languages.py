"""Languages: which are offered, the browser's preference on a first visit, and the switch."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import ActionFactory
from walkout.common import languages

pytestmark = pytest.mark.django_db

SPANISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}


# --- offered languages -------------------------------------------------------------------------


def _po(folder, code, entries, *, header_fuzzy=False):
    """A catalog with `entries` as (msgid, msgstr, fuzzy)."""
    path = folder / code / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    lines = [
        "#, fuzzy" if header_fuzzy else "",
        'msgid ""',
        'msgstr ""',
        f'"Language: {code}\\n"',
        "",
    ]
    for msgid, msgstr, fuzzy in entries:
        lines += ["#, fuzzy"] if fuzzy else []
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_language_is_offered_once_its_catalog_is_complete(tmp_path):
    done = [(f"m{i}", f"t{i}", False) for i in range(19)]
    _po(tmp_path, "vi", [*done, ("last", "", False)])  # 19 of 20: 95%
    _po(tmp_path, "ht", [*done[:18], ("a", "", False), ("b", "", False)])  # 90%
    _po(tmp_path, "pt_BR", [*done, ("last", "x", True)])  # fuzzy counts as missing: 95%

    assert languages.offered_languages(tmp_path) == [
        ("en", "English"),
        ("pt-br", "Português (Brasil)"),
        ("vi", "Tiếng Việt"),
    ]


def test_a_promised_language_stays_while_new_strings_wait_for_translation(tmp_path):
    _po(tmp_path, "es", [("done", "hecho", False), ("new", "", False)])

    assert languages.offered_languages(tmp_path) == [("en", "English")]
    assert languages.offered_languages(tmp_path, always=("es",)) == [
        ("en", "English"),
        ("es", "Español"),
    ]


def test_a_new_catalog_left_fuzzy_by_makemessages_counts_as_empty(tmp_path):
    path = _po(tmp_path, "vi", [("a", "b", False)], header_fuzzy=True)

    assert languages.translated_share(path) == 0.0
    assert languages.offered_languages(tmp_path) == [("en", "English")]


def test_names_are_in_the_language_itself():
    assert [languages.local_name(code) for code in ("en", "es", "vi", "ht", "zz")] == [
        "English",
        "Español",
        "Tiếng Việt",
        "Kreyòl Ayisyen",
        "Zz",
    ]


def test_the_site_offers_english_and_spanish_and_not_the_empty_scaffold():
    assert settings.LANGUAGES[:2] == [("en", "English"), ("es", "Español")]
    assert "vi" not in dict(settings.LANGUAGES)
    assert (settings.LOCALE_PATHS[0] / "vi" / "LC_MESSAGES" / "django.po").exists()


def test_a_language_not_offered_has_no_pages(client):
    assert client.get("/vi/").status_code == 404
    assert client.get("/language/vi/?next=/").status_code == 404


# --- the browser's preference on a first visit --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/", "/es/"),
        ("/start/?q=lincoln", "/es/start/?q=lincoln"),
        ("/privacy/", "/es/privacy/"),
    ],
)
def test_a_spanish_browser_lands_on_the_spanish_page(path, target):
    response = Client(**SPANISH_BROWSER).get(path)

    assert (response.status_code, response.headers["Location"]) == (302, target)
    assert response.headers["Vary"] == "Accept-Language, Cookie"
    assert response.cookies == {}  # nothing is remembered without a pick


@pytest.mark.parametrize("accept", ["", "en-US,en;q=0.9,es;q=0.8", "fr-FR,fr;q=0.9", "vi", "*"])
def test_other_browsers_stay_on_the_english_page(accept):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/privacy/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("get", "/es/privacy/", {"HTTP_ACCEPT_LANGUAGE": "en"}),  # a prefix is a choice
        ("get", "/api/v1/", SPANISH_BROWSER),  # not a page
        ("get", "/healthz", SPANISH_BROWSER),
        ("get", "/no-such-page/", SPANISH_BROWSER),
        ("get", "/privacy/", {**SPANISH_BROWSER, "HTTP_SEC_FETCH_MODE": "cors"}),  # a fetch
        ("post", "/start/", SPANISH_BROWSER),
    ],
)
def test_what_is_never_redirected(method, path, headers):
    response = getattr(Client(), method)(path, **headers)

    assert response.status_code != 302


def test_a_page_load_is_redirected_but_a_script_fetch_is_not():
    action = ActionFactory()
    live = f"/c/{action.campaign.slug}/{action.slug}/live/now/"

    loaded = Client(**SPANISH_BROWSER).get(live, HTTP_SEC_FETCH_MODE="navigate")
    fetched = Client(**SPANISH_BROWSER).get(live, HTTP_SEC_FETCH_MODE="cors")

    assert loaded.status_code == 302
    assert fetched.status_code == 200


# --- the switch ---------------------------------------------------------------------------------


def test_the_switch_links_through_the_choice_to_the_same_page(client):
    html = client.get("/privacy/").content.decode()

    assert (
        '<a href="/language/es/?next=%2Fes%2Fprivacy%2F" hreflang="es" lang="es">Español</a>'
        in html
    )
    assert '<span aria-current="true" lang="en">English</span>' in html


def test_choosing_english_beats_a_spanish_browser_for_the_session():
    client = Client(**SPANISH_BROWSER)

    chosen = client.get("/language/en/?next=/privacy/")
    later = client.get("/start/")

    assert (chosen.status_code, chosen.headers["Location"]) == (302, "/privacy/")
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["max-age"], cookie["expires"]) == ("en", "", "")
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (True, "Lax", "/")
    assert later.status_code == 200
    assert '<html lang="en">' in later.content.decode()


def test_choosing_spanish_sends_english_links_to_spanish_pages():
    client = Client()

    chosen = client.get("/language/es/?next=/es/privacy/")
    later = client.get("/start/")

    assert chosen.headers["Location"] == "/es/privacy/"
    assert (later.status_code, later.headers["Location"]) == (302, "/es/start/")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x", ""]
)
def test_the_switch_only_goes_to_our_own_pages(client, target):
    response = client.get("/language/es/", {"next": target})

    assert response.headers["Location"] == "/es/"


def test_the_switch_keeps_nothing_on_the_server(client):
    response = client.get("/language/es/?next=/es/")

    assert list(response.cookies) == [settings.LANGUAGE_COOKIE_NAME]
    assert Session.objects.count() == 0
