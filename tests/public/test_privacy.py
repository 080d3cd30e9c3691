"""The public privacy page, built from the data inventory, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from walkout.common import inventory
from walkout.public import privacy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_phrases_say_what_the_inventory_says():
    """The translatable phrases are the inventory's plain texts, word for word."""
    with translation.override("en"):
        phrases = {key: " ".join(str(text).split()) for key, text in privacy.PHRASES.items()}

    assert phrases == privacy.plain_texts()


def test_page_lists_what_is_never_stored_and_what_is_kept(client, settings):
    settings.WALKOUT_RETAIN_WALKOUT_DAYS = 45
    settings.WALKOUT_RETAIN_AUDIT_DAYS = 200

    response = client.get(reverse("public:privacy"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Privacy: what Walkout keeps</h1>" in html
    for item in inventory.load()["never_stored"]:
        assert f"<li>{escape(' '.join(item['plain'].split()))}</li>" in html
    assert (
        "<dd>Deleted 45 days after the day of action, or at once when its organizer deletes "
        "it.</dd>" in html
    )
    assert "<dd>Deleted after 200 days.</dd>" in html
    assert "<dd>Kept, as counts only.</dd>" in html
    assert html.count("<dt>") == len(privacy.kept_items())
    assert "it goes 45 days after the day of action" in html


def test_page_in_spanish(client):
    response = client.get("/es/privacy/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert html.count("<dt>") == len(privacy.kept_items())
    assert '<a href="/language/en/?next=%2Fprivacy%2F" hreflang="en" lang="en">English</a>' in html


def test_every_page_links_to_it(client):
    html = client.get(reverse("public:home")).content.decode()

    assert '<a href="/privacy/">What Walkout keeps, and for how long</a>' in html


def test_page_reads_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("public:privacy")).status_code == 200
