"""Flyers, posters and share images in the browser: the crew's print page and the poster
maker with JavaScript off, on a phone, in English and Spanish; the walkout page's links; axe
on both (axe needs JavaScript, so it runs in a second context)."""

import pytest

from tests.browser.conftest import assert_fits
from tests.browser.test_accessibility import audit
from tests.crews.world import make_crew
from tests.factories import SchoolFactory
from walkout.crews.models import Demand

pytestmark = pytest.mark.browser


def _crew():
    crew, token = make_crew(
        school=SchoolFactory(name="Escuela Preparatoria Bilingüe César Chávez de Mayagüez")
    )
    Demand.objects.create(
        crew=crew,
        text="Que ICE no entre a nuestras escuelas",
        adopted=True,
        created_day="2026-01-01",
    )
    return crew, token


def _empty_slogan(page) -> None:
    page.fill("input[name=slogan]", "   ")  # the browser cannot refuse it (novalidate)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert page.locator("#id_slogan").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crew_print_page_and_poster_maker_without_javascript(open_context, shots, lang):
    crew, token = _crew()
    context = open_context("phone", js=False)
    page = context.new_page()
    prefix = "/es" if lang == "es" else ""
    page.goto(f"{prefix}/crew/{token}/print/")
    assert_fits(page)
    shots(page, f"print-{lang}-crew-material")
    _empty_slogan(page)
    expected = {"en": "Type a slogan for the poster.", "es": "Escribe un lema para el póster."}
    assert expected[lang] in page.locator(".has-error").inner_text()
    shots(page, f"print-{lang}-crew-slogan-error")
    page.fill("input[name=slogan]", "¡Sí se puede!")
    with page.expect_download() as download:
        page.click("button[type=submit].primary")
    assert download.value.suggested_filename.endswith(".pdf")
    context.watch.allow("print/")  # the 400 of the empty slogan above
    context.watch.check()


def test_print_pages_pass_axe(open_context):
    crew, token = _crew()
    context = open_context("phone", js=True)
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"/crew/{token}/print/")
    audit(page, "crew print page", problems)
    _empty_slogan(page)
    audit(page, "poster maker error", problems)
    page.goto(f"/w/{crew.walkout.public_id}/")
    audit(page, "walkout page", problems)
    assert problems == []
    context.watch.allow("print/")
    context.watch.check()


def test_walkout_page_links_print_material(open_context, shots):
    crew, _token = _crew()
    for size in ("phone", "desktop"):
        context = open_context(size, js=False)
        page = context.new_page()
        page.goto(f"/w/{crew.walkout.public_id}/")
        assert page.locator("section.print-material a").count() == 12
        if size == "phone":
            assert_fits(page)
        page.locator("#print-h").scroll_into_view_if_needed()
        shots(page, f"print-walkout-{size}")
        context.watch.check()
