"""The whole journey on a phone: a student starts a walkout, a hub moderator approves it,
and it appears on its state's list. Once with JavaScript off, once with it on."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, assert_fits, submit
from tests.factories import (
    STAFF_PASSWORD,
    ActionFactory,
    CampaignFactory,
    HubFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from walkout.walkouts.models import Walkout, WalkoutStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def world():
    hub = HubFactory(name="Southwest Student Hub")
    action = ActionFactory(campaign=CampaignFactory(hub=hub))
    phoenix = SchoolFactory(
        name="Desert Vista High School",
        city="Phoenix",
        state="AZ",
        zip_code="85004",
        latitude=33.4513,
        longitude=-112.0686,
        timezone="America/Phoenix",
    )
    honolulu = SchoolFactory(
        name="Kaimuki High School",
        city="Honolulu",
        state="HI",
        zip_code="96816",
        latitude=21.2850,
        longitude=-157.8000,
        timezone="Pacific/Honolulu",
    )
    SchoolFactory(name="Desert Sky Middle School", city="Tucson", state="AZ", zip_code="85701")
    SchoolFactory(name="Lane Tech High School")
    WalkoutFactory(action=action, school=honolulu, organizer_pseudonym="wave")
    user, seed = make_staff(hub=hub, username="moderator")
    return {"action": action, "phoenix": phoenix, "user": user, "seed": seed}


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_student_registers_and_moderator_approves(open_context, world, shots, js):
    action, school = world["action"], world["phoenix"]
    action_path = f"/c/{action.campaign.slug}/{action.slug}/"
    step = iter(range(1, 100))

    def shot(page, name):
        shots(page, f"journey-{'js' if js else 'nojs'}-{next(step):02d}-{name}")

    # The student, on a phone.
    page = open_context("phone", js=js).new_page()
    page.goto(action_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
    shot(page, "action")

    page.get_by_role("link", name="Start a walkout at your school").click()
    expect(page).to_have_url(re.compile(rf"/start/\?action={action.public_id}$"))
    page.get_by_label("Your school's name, city or ZIP code").fill("desert vista")
    page.get_by_role("button", name="Find my school").click()
    results = page.get_by_role("region", name="Schools found")
    expect(results.get_by_text("Desert Vista High School", exact=True)).to_be_visible()
    expect(results.get_by_text("Desert Sky Middle School", exact=True)).to_have_count(0)
    assert_fits(page)
    shot(page, "start-results")

    page.get_by_role(
        "link", name=re.compile(r"^This is my school\s*: Desert Vista High School$")
    ).click()
    expect(page).to_have_url(re.compile(rf"/start/{action.public_id}/school/{school.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Walkout at Desert Vista High School")
    submit(page, page.get_by_role("button", name="Register the walkout"))  # nothing filled in
    expect(page.locator(".has-error")).to_have_count(2)
    shot(page, "register-errors")

    page.get_by_label("What is this walkout about?").fill("Ten minutes on the front lawn.")
    page.get_by_label("Organizer pseudonym").fill("saguaro")
    page.get_by_label("Meeting spot (private)").fill("By the flagpole")
    submit(page, page.get_by_role("button", name="Register the walkout"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your walkout is registered")
    link = page.locator("textarea#organizer-link").input_value()
    assert re.fullmatch(rf"{re.escape(page.url.split('/start/')[0])}/o/[\w-]+/", link), link
    assert_fits(page)
    shot(page, "save-link")

    walkout = Walkout.objects.get(school=school)
    assert walkout.status == WalkoutStatus.PENDING
    page.get_by_role("link", name="See the public page").click()
    expect(page).to_have_url(re.compile(rf"/w/{walkout.public_id}/$"))
    expect(page.get_by_role("status")).to_contain_text("Awaiting review")
    expect(page.locator(".when-box .time")).to_have_text("2:00 PM MST")
    expect(page.get_by_text("Ten minutes on the front lawn.")).to_be_visible()
    expect(page.get_by_text("By the flagpole")).to_have_count(0)  # private
    shot(page, "walkout-pending")

    page.goto(link)
    expect(page.get_by_text("Organizer page · keep this link secret")).to_be_visible()
    expect(page.locator("dd.status-pending")).to_have_text("Awaiting review")
    expect(page.get_by_label("Meeting spot (private)")).to_have_value("By the flagpole")
    shot(page, "organizer")

    # Not listed yet.
    page.goto(f"{action_path}states/AZ/")
    expect(page.get_by_text("No walkout is listed here yet.")).to_be_visible()
    assert_clean(page)

    # The moderator, on their own phone.
    hub = open_context("phone", js=js).new_page()
    hub.goto("/hub/")
    expect(hub).to_have_url(re.compile(r"/hub/sign-in/$"))
    hub.get_by_label("Username").fill("moderator")
    hub.get_by_label("Password").fill(STAFF_PASSWORD)
    shot(hub, "hub-sign-in")
    submit(hub, hub.get_by_role("button", name="Continue"))
    expect(hub).to_have_url(re.compile(r"/hub/sign-in/code/$"))
    hub.get_by_label("6-digit code from your authenticator app").fill(
        pyotp.TOTP(world["seed"]).now()
    )
    shot(hub, "hub-code")
    submit(hub, hub.get_by_role("button", name="Verify"))
    expect(hub).to_have_url(re.compile(r"/hub/$"))
    card = hub.locator(f"#w-{walkout.public_id}")
    expect(card.get_by_role("link", name="Desert Vista High School")).to_be_visible()
    expect(card).to_contain_text("2:00 PM MST")
    expect(card).to_contain_text("By saguaro")
    assert_fits(hub)
    shot(hub, "hub-queue")
    submit(hub, card.get_by_role("button", name="Approve", exact=True))
    expect(hub.get_by_text("Nothing awaits review.")).to_be_visible()
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.APPROVED

    # Listed on its state's page, at its own local time.
    page.goto(f"{action_path}states/")
    expect(page.get_by_role("link", name="Arizona")).to_be_visible()
    expect(page.get_by_role("link", name="Hawaii")).to_be_visible()
    shot(page, "states")
    page.get_by_role("link", name="Arizona").click()
    expect(page).to_have_url(re.compile(rf"{action_path}states/AZ/$"))
    item = page.get_by_role("listitem").filter(has_text="Desert Vista High School")
    expect(item).to_contain_text("Phoenix, AZ · 2:00 PM MST")
    shot(page, "state-az")
    page.get_by_role("link", name="Desert Vista High School").click()
    expect(page).to_have_url(re.compile(rf"/w/{walkout.public_id}/$"))
    expect(page.get_by_role("status")).to_have_count(0)  # no longer awaiting review
    expect(page.locator(".when-box .time")).to_have_text("2:00 PM MST")
    shot(page, "walkout-approved")

    page.goto(f"{action_path}states/HI/")
    expect(page.get_by_role("listitem").filter(has_text="Kaimuki")).to_contain_text("2:00 PM HST")
