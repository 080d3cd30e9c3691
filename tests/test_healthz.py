import pytest
from django.test import Client
from django.urls import reverse


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would raise, so this also proves the check is DB-free.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response.headers["Content-Type"] == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.cookies == {}


def test_healthz_url_has_no_language_prefix():
    assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_healthz_makes_no_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_writes_without_csrf(method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/healthz")

    assert response.status_code == 403
