"""Anonymous visitors leave no trace in the browser: session cookies only, no local storage,
session storage, IndexedDB or cache storage, with JavaScript on (SAFETY.md requirement 7); the
proof of work runs in the browser and is sent with the form (requirement 45)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import submit
from tests.factories import ActionFactory, CampaignFactory, SchoolFactory, WalkoutFactory
from walkout.walkouts.models import Walkout

pytestmark = pytest.mark.browser

STORAGE = """async () => ({
  local: window.localStorage.length,
  session: window.sessionStorage.length,
  indexedDB: indexedDB.databases ? (await indexedDB.databases()).length : 0,
  caches: window.caches ? (await caches.keys()).length : 0,
})"""
EMPTY = {"local": 0, "session": 0, "indexedDB": 0, "caches": 0}


@pytest.fixture
def world(settings):
    settings.WALKOUT_POW_BITS = 8
    action = ActionFactory(campaign=CampaignFactory(slug="spring-surge"), slug="next")
    listed = WalkoutFactory(action=action, school=SchoolFactory(name="Lane Tech High School"))
    free = SchoolFactory(name="Kenwood Academy")
    return {"action": action, "listed": listed, "free": free}


def anonymous_paths(world) -> list[str]:
    action = world["action"]
    base = f"/c/{action.campaign.slug}/{action.slug}/"
    return [
        "/",
        base,
        f"{base}states/",
        f"{base}states/IL/",
        f"/w/{world['listed'].public_id}/",
        f"/start/?q=kenwood&action={action.public_id}",
        f"/start/{action.public_id}/new-school/",
        f"/start/{action.public_id}/school/{world['free'].pk}/",
        "/privacy/",
        "/es/",
    ]


def set_cookie_lines(response) -> list[str]:
    value = response.all_headers().get("set-cookie", "")
    return [line for line in value.split("\n") if line]


def test_anonymous_pages_leave_nothing_in_the_browser(open_context, world):
    page = open_context("phone").new_page()
    cookie_lines = []

    for path in anonymous_paths(world):
        response = page.goto(path)
        assert (path, response.status) == (path, 200)
        cookie_lines += set_cookie_lines(response)
        page.wait_for_load_state("networkidle")  # the proof of work has run on form pages
        assert (path, page.evaluate(STORAGE)) == (path, EMPTY)

    assert [line for line in cookie_lines if re.search(r"(?i)max-age|expires=", line)] == []
    assert [c for c in page.context.cookies() if c["expires"] != -1] == []


def test_registering_with_javascript_sends_the_proof_of_work(open_context, world):
    page = open_context("phone").new_page()
    action, school = world["action"], world["free"]
    sent = []
    page.on(
        "request",
        lambda request: sent.append(request.post_data or "") if request.method == "POST" else None,
    )
    page.goto(f"/start/{action.public_id}/school/{school.pk}/")

    page.get_by_label("What is this walkout about?").fill("We walk out at 2.")
    page.get_by_label("Organizer pseudonym").fill("heron")
    submit(page, page.get_by_role("button", name="Register the walkout"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your walkout is registered")
    assert len(sent) == 1
    assert re.search(r"(?:^|&)work=\d{1,12}(?:&|$)", sent[0])
    assert Walkout.objects.filter(school=school).count() == 1
    assert page.evaluate(STORAGE) == EMPTY
