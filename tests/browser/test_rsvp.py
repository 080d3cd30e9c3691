""" "I'm in" and undo in a real browser, with JavaScript off and on; the share texts and the
calendar link; nothing left in the browser's storage and no persistent cookie."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, assert_fits, submit
from tests.factories import SchoolFactory, WalkoutFactory
from walkout.outreach.queries import rsvp_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def walkout():
    return WalkoutFactory(
        school=SchoolFactory(name="Roosevelt High School", city="Fresno", state="CA"),
        description="We walk out at 2PM and meet at the flagpole.",
    )


def check_no_trace(context, page) -> None:
    """Session cookies only, and empty web storage (SAFETY.md requirement 7)."""
    for cookie in context.cookies():
        assert cookie["expires"] == -1, cookie["name"]
    stored = page.evaluate("[localStorage.length, sessionStorage.length]")
    assert stored == [0, 0]


def test_rsvp_and_undo_without_javascript(open_context, walkout, shots):
    context = open_context("phone", js=False)
    page = context.new_page()
    page.goto(f"/w/{walkout.public_id}/")
    box = page.locator("section.rsvp")
    expect(box).to_contain_text("0 people said “I'm in”.")
    chat = page.locator("#share-chat-en").input_value()
    assert chat.startswith("Walkout at Roosevelt High School: ")
    assert chat.endswith(f"/w/{walkout.public_id}/")
    expect(page.locator("button.copy").first).to_be_hidden()
    expect(page.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    assert_fits(page)
    shots(page, "rsvp-nojs-1-walkout-page")

    page.locator("section.rsvp").get_by_role("link", name="I'm in").click()
    expect(page.get_by_role("button", name="I'm in")).to_be_visible()
    shots(page, "rsvp-nojs-2-confirm")
    submit(page, page.get_by_role("button", name="I'm in"))

    expect(page.locator("section.rsvp")).to_contain_text("You're in. Thank you!")
    expect(page.locator("section.rsvp")).to_contain_text("1 person said “I'm in”.")
    assert rsvp_count(walkout) == 1
    assert_fits(page)
    shots(page, "rsvp-nojs-3-in")
    check_no_trace(context, page)

    # Back on the page and again: still counted once.
    page.goto(f"/w/{walkout.public_id}/in/")
    expect(page.get_by_role("button", name="I'm not in anymore")).to_be_visible()
    submit(page, page.get_by_role("button", name="I'm not in anymore"))
    expect(page.locator("section.rsvp")).to_contain_text("Done: you're not counted anymore.")
    expect(page.locator("section.rsvp")).to_contain_text("0 people said “I'm in”.")
    assert rsvp_count(walkout) == 0
    shots(page, "rsvp-nojs-4-undone")
    check_no_trace(context, page)
    assert_clean(page)


def test_rsvp_and_undo_with_javascript(open_context, walkout, shots):
    context = open_context("phone")
    page = context.new_page()
    page.goto(f"/w/{walkout.public_id}/")
    url_before = page.url
    button = page.locator("section.rsvp").get_by_role("button", name="I'm in")
    expect(button).to_be_visible()  # the live box replaced the cached link
    assert_fits(page)
    shots(page, "rsvp-js-1-walkout-page")

    button.click()
    box = page.locator("section.rsvp")
    expect(box).to_contain_text("You're in. Thank you!")
    expect(box).to_contain_text("1 person said “I'm in”.")
    expect(box.get_by_role("button", name="I'm not in anymore")).to_be_visible()
    assert page.url == url_before
    assert rsvp_count(walkout) == 1
    shots(page, "rsvp-js-2-in")

    page.reload()
    expect(
        page.locator("section.rsvp").get_by_role("button", name="I'm not in anymore")
    ).to_be_visible()
    page.locator("section.rsvp").get_by_role("button", name="I'm not in anymore").click()
    expect(page.locator("section.rsvp")).to_contain_text("Done: you're not counted anymore.")
    expect(page.locator("section.rsvp").get_by_role("button", name="I'm in")).to_be_visible()
    assert rsvp_count(walkout) == 0

    copy = page.locator('button.copy[data-copy="share-chat-es"]')
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    shots(page, "rsvp-js-3-share")
    check_no_trace(context, page)
    assert_clean(page)


def test_walkout_page_in_spanish_keeps_both_languages(open_context, walkout, shots):
    page = open_context("phone", js=False).new_page()
    page.goto(f"/es/w/{walkout.public_id}/")

    expect(page.locator("#share-chat-en")).to_be_visible()
    expect(page.locator("#share-chat-es")).to_be_visible()
    assert f"/w/{walkout.public_id}/" in page.locator("#share-sms-es").input_value()
    assert_fits(page)
    shots(page, "rsvp-nojs-es-walkout-page")


def test_desktop_walkout_page(open_context, walkout, shots):
    page = open_context("desktop").new_page()
    page.goto(f"/w/{walkout.public_id}/")
    expect(page.locator("section.rsvp").get_by_role("button", name="I'm in")).to_be_visible()
    shots(page, "rsvp-js-desktop-walkout-page")


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_crew_page_shows_turnout_calendar_and_texts(open_context, walkout, shots, js):
    from tests.crews.world import add_member
    from walkout.crews.actions import ensure_crew
    from walkout.outreach.actions import say_in

    _, token = add_member(ensure_crew(walkout), "heron")
    for _ in range(4):
        say_in(walkout)
    page = open_context("phone", js=js).new_page()
    page.goto(f"/crew/{token}/")

    turnout = page.locator("#turnout")
    expect(turnout).to_contain_text("4 people said “I'm in”.")
    expect(turnout.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    expect(page.locator("#share-caption-es")).to_be_visible()
    expect(page.locator('button.copy[data-copy="share-sms-en"]')).to_be_visible(visible=js)
    assert_fits(page)
    shots(page, f"rsvp-{'js' if js else 'nojs'}-crew-page")
