"""The screenshot tour (`make screenshots`): every page, English and Spanish, phone and desktop.

Writes full-page PNGs named <lang>-<size>-<nn>-<page>.png into the --screenshots folder.
Skipped unless --screenshots is given.
"""

import pyotp
import pytest

from tests.browser.conftest import submit
from tests.factories import SchoolFactory, WalkoutFactory
from walkout.campaigns.models import Action, ActionStatus
from walkout.walkouts import queries
from walkout.walkouts.demo import load_demo
from walkout.walkouts.models import SchoolSource, WalkoutStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        "not config.getoption('--screenshots')", reason="no --screenshots DIR given"
    ),
]


def _seed():
    creds = load_demo(per_state=2)
    upcoming = Action.objects.get(status=ActionStatus.OPEN)
    past = Action.objects.get(status=ActionStatus.CLOSED)
    school = SchoolFactory(
        name="Dolores Huerta Preparatory High School",
        city="Phoenix",
        state="AZ",
        zip_code="85004",
        latitude=33.4513,
        longitude=-112.0686,
        timezone="America/Phoenix",
        source=SchoolSource.DEMO,
    )
    pending = WalkoutFactory(
        action=upcoming,
        school=SchoolFactory(name="Lakeview Middle School", source=SchoolSource.DEMO),
        status=WalkoutStatus.PENDING,
        description="A first walkout at our school: we meet at the gym doors at 2PM.",
        organizer_pseudonym="comet",
    )
    counts = queries.state_counts(upcoming)
    busiest = max(counts, key=lambda row: row[1])[0]
    approved = queries.walkouts_in_state(upcoming, busiest).first()
    return {
        "creds": creds,
        "upcoming": upcoming,
        "past": past,
        "school": school,
        "pending": pending,
        "state": busiest,
        "approved": approved,
    }


def _sign_in(page, creds) -> None:
    page.goto("/hub/sign-in/")
    page.locator("form [name=username]").fill(creds["username"])
    page.locator("form [name=password]").fill(creds["password"])
    submit(page, page.locator("form button[type=submit]"))
    page.wait_for_url("**/hub/sign-in/code/")


def test_screenshot_tour(open_context, shots):
    world = _seed()
    upcoming, past = world["upcoming"], world["past"]

    # One verified staff session, shared by both sizes (a TOTP code works only once).
    phone = open_context("phone")
    staff = phone.new_page()
    _sign_in(staff, world["creds"])
    shots(staff, "en-phone-00-hub-second-factor-setup")
    staff.locator("form [name=code]").fill(pyotp.TOTP(world["creds"]["totp_seed"]).now())
    submit(staff, staff.locator("form button[type=submit]"))
    staff.wait_for_url("**/hub/")
    contexts = {
        "phone": phone,
        "desktop": open_context("desktop", storage_state=phone.storage_state()),
    }

    for size, context in contexts.items():
        page = context.new_page()
        for lang in ("en", "es"):
            prefix = "" if lang == "en" else f"/{lang}"
            action = f"{prefix}/c/{upcoming.campaign.slug}/{upcoming.slug}/"
            number = iter(range(1, 100))

            def shot(name, *, at=None, lang=lang, size=size, number=number, page=page):
                if at:
                    response = page.goto(at)
                    assert response.status < 500, at
                shots(page, f"{lang}-{size}-{next(number):02d}-{name}")

            shot("home", at=f"{prefix}/")
            shot("action", at=action)
            shot("action-past", at=f"{prefix}/c/{past.campaign.slug}/{past.slug}/")
            shot("states", at=f"{action}states/")
            shot("state", at=f"{action}states/{world['state']}/")
            shot("start", at=f"{prefix}/start/")
            shot("start-results", at=f"{prefix}/start/?action={upcoming.public_id}&q=Phoenix")
            shot("add-school", at=f"{prefix}/start/{upcoming.public_id}/new-school/")
            shot("register", at=f"{prefix}/start/{upcoming.public_id}/school/{world['school'].pk}/")
            submit(page, page.locator("form.stack button[type=submit]"))
            shot("register-errors")
            page.locator("form [name=description]").fill(
                "We walk out at 2PM to stand with our classmates and their families. "
                "Meet at the front doors; bring a sign, stay peaceful."
            )
            page.locator("form [name=organizer_pseudonym]").fill("sunflower")
            page.locator("form [name=meeting_spot]").fill("By the flagpole")
            submit(page, page.locator("form.stack button[type=submit]"))
            page.wait_for_selector("textarea#organizer-link")
            link = page.locator("textarea#organizer-link").input_value()
            shot("save-link")
            shot("organizer", at=link)
            shot("walkout-pending", at=f"{prefix}/w/{world['pending'].public_id}/")
            shot("walkout", at=f"{prefix}/w/{world['approved'].public_id}/")
            shot("map", at=f"{action}map/")
            shot("near", at=f"{prefix}/near/?q=85004")
            shot("near-nothing", at=f"{prefix}/near/?q=59001&radius=10")
            shot("live", at=f"{action}live/")
            shot("hub-sign-in", at=f"{prefix}/hub/sign-in/")
            shot("hub-second-factor", at=f"{prefix}/hub/sign-in/code/")
            shot("hub-queue", at=f"{prefix}/hub/")
            shot("not-found", at=f"{prefix}/w/no-such-walkout/")
            context.watch.allow("/w/no-such-walkout/")  # the 404 is the point
