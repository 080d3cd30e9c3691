"""The hub console in a browser: a moderator approves, rejects and merges from the queue with
the focus following each decision; an organizer writes to the hub through their secret link
and reads the hub's answer there. The console tour (skipped without --screenshots) shoots
every hub page with the demo data."""

import datetime
import os
import re

import pyotp
import pytest
from django.utils import timezone
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
from walkout.hubs.models import Merge, SupportMessage
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.models import Walkout, WalkoutStatus
from walkout.walkouts.timing import local_instant

pytestmark = pytest.mark.browser


def make_role(hub, username, role):
    user, seed = make_staff(hub=hub, username=username)
    user.role = role
    user.save(update_fields=["role"])
    return user, seed


def sign_in(page, username, seed, password=STAFF_PASSWORD):
    page.goto("/hub/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    submit(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("6-digit code from your authenticator app").fill(pyotp.TOTP(seed).now())
    submit(page, page.get_by_role("button", name="Verify"))


@pytest.fixture
def world():
    hub = HubFactory(name="National Student Walkout Hub")
    action = ActionFactory(campaign=CampaignFactory(hub=hub))
    today = timezone.now().date()
    earlier = today - datetime.timedelta(days=2)
    first = WalkoutFactory(
        action=action,
        school=SchoolFactory(name="Roosevelt High School"),
        status=WalkoutStatus.PENDING,
        created_day=earlier,
        description="Ten minutes on the front lawn.",
    )
    fake = WalkoutFactory(
        action=action,
        school=SchoolFactory(name="Nowhere Academy"),
        status=WalkoutStatus.PENDING,
        created_day=earlier,
        description="Bring bats.",
    )
    lincoln = SchoolFactory(name="Lincoln High School")
    kept, kept_token = walkout_actions.register_walkout(
        action=action,
        school=lincoln,
        description="Lincoln walks out at 2PM.",
        organizer_pseudonym="comet",
    )
    duplicate, duplicate_token = walkout_actions.register_walkout(
        action=action,
        school=lincoln,
        description="Lincoln students, join us at 2!",
        organizer_pseudonym="maple",
    )
    return {
        "action": action,
        "first": first,
        "fake": fake,
        "kept": (kept, kept_token),
        "duplicate": (duplicate, duplicate_token),
        "moderator": make_role(hub, "moderator", "moderator"),
        "support": make_role(hub, "helper", "support"),
    }


def test_moderator_approves_rejects_merges_and_organizer_reads_the_reply(
    open_context, world, shots
):
    first, fake = world["first"], world["fake"]
    kept, kept_token = world["kept"]
    duplicate, duplicate_token = world["duplicate"]

    # The moderator, at a desk.
    hub = open_context("desktop").new_page()
    sign_in(hub, "moderator", world["moderator"][1])
    expect(hub).to_have_url(re.compile(r"/hub/$"))
    expect(hub.get_by_role("link", name="To review (4)")).to_be_visible()
    shots(hub, "console-01-queue")

    submit(
        hub, hub.locator(f"#w-{first.public_id}").get_by_role("button", name="Approve", exact=True)
    )
    expect(hub).to_have_url(re.compile(rf"/hub/\?focus={fake.public_id}$"))
    expect(hub.get_by_role("status")).to_have_text("Approved: Roosevelt High School.")
    heading = hub.locator(f"#w-{fake.public_id} h2")
    expect(heading).to_be_focused()
    shots(hub, "console-02-next-item-focused")

    # Reject without a reason: refused, the item keeps the focus.
    card = hub.locator(f"#w-{fake.public_id}")
    with hub.expect_navigation():
        card.get_by_role("button", name="Reject").click()
    expect(hub.get_by_role("alert")).to_have_text("Give the organizer a reason.")
    hub.context.watch.allow(f"/hub/walkouts/{fake.public_id}/decide/")  # the 400 is the point
    expect(hub.locator(f"#w-{fake.public_id} h2")).to_be_focused()
    # From the focused item, the keyboard reaches the reason field and sends the rejection.
    reason = card.get_by_label("Reason or what to change (the organizer sees it)")
    reason.fill("We could not confirm this school.")
    reason.press("Tab")  # Ask for changes
    hub.keyboard.press("Tab")  # Reject
    expect(card.get_by_role("button", name="Reject")).to_be_focused()
    with hub.expect_navigation():
        hub.keyboard.press("Enter")
    expect(hub.get_by_role("status")).to_have_text("Rejected: Nowhere Academy.")
    fake.refresh_from_db()
    assert (fake.status, fake.rejection_reason) == (
        WalkoutStatus.REJECTED,
        "We could not confirm this school.",
    )

    # The two Lincoln walkouts: merge the duplicate into the first one.
    kept_card = hub.locator(f"#w-{kept.public_id}")
    expect(kept_card).to_contain_text("Another walkout is registered at this school for this call.")
    shots(hub, "console-03-merge-offered")
    submit(hub, kept_card.get_by_role("button", name="Merge: keep this one"))
    expect(hub.get_by_role("status")).to_contain_text(
        "Merged: the duplicate at Lincoln High School"
    )
    duplicate.refresh_from_db()
    assert duplicate.status == WalkoutStatus.REJECTED
    assert Merge.objects.get().kept == kept
    expect(hub.get_by_role("link", name="To review (1)")).to_be_visible()
    assert_clean(hub)

    # The organizer of the kept walkout writes to the hub, on a phone, without JavaScript.
    organizer = open_context("phone", js=False).new_page()
    organizer.goto(f"/o/{kept_token}/")
    expect(organizer.get_by_role("heading", name="Talk to the hub")).to_be_visible()
    organizer.get_by_label("Your message").fill("Can you send us flyers in Spanish?")
    submit(organizer, organizer.get_by_role("button", name="Send to the hub"))
    expect(organizer).to_have_url(re.compile(rf"/o/{kept_token}/#support$"))
    expect(organizer.locator(".thread")).to_contain_text("Can you send us flyers in Spanish?")
    assert_fits(organizer)

    # The support team answers in the console.
    helper = open_context("phone").new_page()
    sign_in(helper, "helper", world["support"][1])
    expect(helper).to_have_url(re.compile(r"/hub/support/$"))
    helper.get_by_role("link", name="Lincoln High School").click()
    expect(helper.locator(".thread")).to_contain_text("Can you send us flyers in Spanish?")
    helper.get_by_label("Answer the organizer").fill(
        "Yes: the Spanish flyer is on the call's page."
    )
    submit(helper, helper.get_by_role("button", name="Send to the organizers"))
    expect(helper.get_by_role("status")).to_have_text("Sent. The organizer reads it on their page.")
    assert_fits(helper)
    shots(helper, "console-04-thread-hub-side")
    assert SupportMessage.objects.filter(from_hub=True).count() == 1

    # The organizer reads the answer through their link.
    organizer.goto(f"/o/{kept_token}/")
    reply = organizer.locator(".message.from-hub")
    expect(reply).to_contain_text("The hub")
    expect(reply).to_contain_text("Yes: the Spanish flyer is on the call's page.")
    shots(organizer, "console-05-thread-organizer-side")

    # The organizer of the merged duplicate is pointed to the walkout kept.
    organizer.goto(f"/o/{duplicate_token}/")
    expect(organizer.locator("dd.status-rejected")).to_have_text("Not approved")
    organizer.get_by_role("link", name="the walkout at your school").click()
    expect(organizer).to_have_url(re.compile(rf"/w/{kept.public_id}/$"))
    assert Walkout.objects.filter(status=WalkoutStatus.PENDING).count() == 1


# --- the console tour ------------------------------------------------------------------------


def _many_pending(action, schools, n):
    """n pending walkouts at once (bulk), for a look at the console at scale."""
    from walkout.common import tokens

    rows = []
    for i in range(n):
        school = schools[i % len(schools)]
        rows.append(
            Walkout(
                action=action,
                school=school,
                timezone=school.timezone,
                starts_at=local_instant(action.date, action.local_time, school.timezone),
                description=f"Walkout number {i}: students walk out at 2PM.",
                organizer_pseudonym="bulk",
                status=WalkoutStatus.PENDING,
                organizer_token_digest=tokens.new_token()[1],
                created_day=timezone.now().date() - datetime.timedelta(days=i % 21),
                public_id=tokens.new_public_id(),
            )
        )
    Walkout.objects.bulk_create(rows, batch_size=2000)


def _console_data(creds):
    from walkout.campaigns.models import Action, ActionStatus
    from walkout.hubs.actions import moderation, support
    from walkout.people.models import User
    from walkout.walkouts.models import School

    admin = User.objects.get(username=creds["username"])
    upcoming = Action.objects.get(status=ActionStatus.OPEN)
    pendings = list(Walkout.objects.filter(action=upcoming, status=WalkoutStatus.PENDING))
    approved = list(Walkout.objects.filter(action=upcoming, status=WalkoutStatus.APPROVED)[:3])
    twin, token = walkout_actions.register_walkout(
        action=upcoming,
        school=pendings[0].school,
        description="Same school, registered twice by another student.",
        organizer_pseudonym="night owl",
    )
    moderation.request_changes(pendings[1], staff=admin, message="Tell us which door you use.")
    for walkout in approved[:2]:
        moderation.set_featured(walkout, staff=admin, featured=True)
    support.write_to_hub(twin, body="Hi! Can the hub send us a flyer we can print?")
    support.write_to_hub(approved[0], body="Our principal says we'll be suspended. What do we do?")
    support.reply_to_organizer(approved[0], staff=admin, body="Read the know-your-rights card.")
    support.announce(
        action=upcoming,
        staff=admin,
        body="Know-your-rights training on Wednesday at 7PM Eastern.",
        body_es="Capacitación de derechos el miércoles a las 7PM del Este.",
    )
    big = int(os.environ.get("WALKOUT_TOUR_WALKOUTS", "0"))
    if big:
        _many_pending(upcoming, list(School.objects.all()[:2000]), big)
    return {"upcoming": upcoming, "pending": pendings[0], "approved": approved[0], "token": token}


@pytest.mark.skipif("not config.getoption('--screenshots')", reason="no --screenshots DIR given")
def test_console_tour(open_context, shots):
    from walkout.people import actions as people_actions
    from walkout.people.models import User
    from walkout.walkouts.demo import load_demo

    creds = load_demo(per_state=2)
    data = _console_data(creds)
    admin = User.objects.get(username=creds["username"])
    phone = open_context("phone")
    page = phone.new_page()
    page.goto("/hub/sign-in/")
    page.locator("form [name=username]").fill(creds["username"])
    page.locator("form [name=password]").fill(creds["password"])
    submit(page, page.locator("form button[type=submit]"))
    page.locator("form [name=code]").fill(pyotp.TOTP(creds["totp_seed"]).now())
    submit(page, page.locator("form button[type=submit]"))
    contexts = {
        "phone": phone,
        "desktop": open_context("desktop", storage_state=phone.storage_state()),
    }
    upcoming, pending, approved = data["upcoming"], data["pending"], data["approved"]
    pages = [
        ("queue", "/hub/"),
        ("queue-waiting", "/hub/?tab=waiting"),
        ("walkouts", "/hub/walkouts/"),
        ("walkout-pending", f"/hub/walkouts/{pending.public_id}/"),
        ("walkout-approved", f"/hub/walkouts/{approved.public_id}/"),
        ("support", "/hub/support/?show=all"),
        ("announcements", "/hub/announcements/"),
        ("campaigns", "/hub/campaigns/"),
        ("campaign-edit", f"/hub/campaigns/{upcoming.campaign.slug}/edit/"),
        ("call-edit", f"/hub/calls/{upcoming.public_id}/"),
        ("stats", f"/hub/stats/?action={upcoming.public_id}"),
        ("staff", "/hub/staff/"),
        ("audit", "/hub/audit/"),
        ("organizer", f"/o/{data['token']}/"),
        ("action-public", f"/c/{upcoming.campaign.slug}/{upcoming.slug}/"),
    ]
    for size, context in contexts.items():
        tab = context.new_page()
        for lang in ("en", "es"):
            prefix = "" if lang == "en" else "/es"
            for number, (name, path) in enumerate(pages, start=1):
                response = tab.goto(prefix + path)
                assert response.status == 200, path
                assert_fits(tab, 360 if size == "phone" else 1280)
                shots(tab, f"hub-{lang}-{size}-{number:02d}-{name}")
    _member, token = people_actions.invite_staff_member(
        admin=admin, username="new-mod", role="moderator"
    )
    fresh = open_context("phone").new_page()
    fresh.goto(f"/hub/setup/{token}/")
    shots(fresh, "hub-en-phone-99-setup")
