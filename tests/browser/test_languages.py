"""A Spanish browser lands on Spanish pages; a pick in the language switch wins for the rest of
the browser session, without JavaScript, and leaves only a session cookie."""

import pytest

from tests.factories import ActionFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_the_browser_language_first_then_the_visitors_pick(open_context, js):
    ActionFactory()
    context = open_context("phone", js=js, locale="es-MX")
    page = context.new_page()

    page.goto("/start/")
    assert (
        page.url.removeprefix(context.watch.origin),
        page.locator("html").get_attribute("lang"),
    ) == (
        "/es/start/",
        "es",
    )

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/start/")
    assert page.url.removeprefix(context.watch.origin) == "/start/"
    page.goto("/")
    assert (
        page.url.removeprefix(context.watch.origin),
        page.locator("html").get_attribute("lang"),
    ) == (
        "/",
        "en",
    )
    cookies = {c["name"]: c for c in context.cookies()}
    assert (cookies["django_language"]["value"], cookies["django_language"]["expires"]) == (
        "en",
        -1,
    )

    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/")
    page.goto("/privacy/")
    assert page.url.removeprefix(context.watch.origin) == "/es/privacy/"
