"""Error pages and error reports: no traceback, settings or request data on the page, and
nothing e-mailed (SAFETY.md requirements 9 and 37)."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import path
from django.utils import translation
from django.utils.log import AdminEmailHandler

from walkout.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db

CANARY_QUERY = "q-canary-0b6e"
CANARY_HEADER = "header-canary-19f3"
CANARY_COOKIE = "cookie-canary-77aa"


def broken_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken_view), *site_patterns]
handler500 = "walkout.common.errors.server_error"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _client():
    client = Client(
        raise_request_exception=False,
        HTTP_USER_AGENT=CANARY_HEADER,
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        REMOTE_ADDR="203.0.113.77",
    )
    client.cookies["tracking"] = CANARY_COOKIE
    return client


@pytest.mark.urls(__name__)
def test_server_error_page_shows_nothing_of_the_request(settings, caplog):
    settings.ADMINS = [("Ops", "ops@example.org")]  # even with admins set, nothing is mailed
    caplog.set_level(logging.DEBUG)

    response = _client().get(f"/broken/?secret={CANARY_QUERY}")

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    for leak in (
        "Traceback",
        "RuntimeError",
        "the view broke",
        "/broken/",
        CANARY_QUERY,
        CANARY_HEADER,
        CANARY_COOKIE,
        "203.0.113.77",
        "198.51.100.23",
        django_settings.SECRET_KEY,
        "SECRET_KEY",
        "DATABASES",
    ):
        assert (leak, leak in html) == (leak, False)
    assert response.headers["Cache-Control"] == "no-store"
    assert mail.outbox == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for canary in (CANARY_QUERY, CANARY_HEADER, CANARY_COOKIE, "/broken/", "203.0.113.77"):
        assert (canary, canary in logged) == (canary, False)


def test_bad_host_and_csrf_pages_show_nothing_of_the_request():
    bad_host = _client().get(f"/?q={CANARY_QUERY}", HTTP_HOST="canary-host.example")
    strict = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=CANARY_HEADER)
    csrf = strict.post(f"/hub/sign-in/?q={CANARY_QUERY}", {"username": CANARY_QUERY})

    assert (bad_host.status_code, csrf.status_code) == (400, 403)
    for response in (bad_host, csrf):
        body = response.content.decode()
        for leak in (CANARY_QUERY, CANARY_HEADER, "canary-host", "Traceback"):
            assert (leak, leak in body) == (leak, False)


def test_no_logger_can_send_mail():
    """Django's own defaults put AdminEmailHandler on the "django" logger; settings remove it."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]

    mailers = [
        logger.name
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, AdminEmailHandler)
    ]

    assert mailers == []
    assert django_settings.ADMINS == []


def test_every_log_handler_scrubs_requests():
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and logger.name.startswith(("django", "walkout"))
    ]

    unscrubbed = [
        (logger.name, type(handler).__name__)
        for logger in loggers
        for handler in logger.handlers
        if not any(type(f).__name__ == "ScrubRequestFilter" for f in handler.filters)
        and not type(handler).__module__.startswith("_pytest")  # pytest's own capture
    ]

    assert unscrubbed == []
