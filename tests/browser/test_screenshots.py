"""The screenshot tour (`make screenshots`): what only a flow reaches, English and Spanish,
phone and desktop: a form with its errors, the shown-once organizer link, a walkout awaiting
review, a past call, a search with no result, the 404 page, the first second-factor setup.

Every page of the route registry is shot by the crawl (tests/browser/test_crawl.py) in the
same run. Writes full-page PNGs named flow-<lang>-<size>-<nn>-<page>.png into the
--screenshots folder. Skipped unless --screenshots is given.
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
    shots(staff, "flow-en-phone-00-hub-second-factor-setup")
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
            number = iter(range(1, 100))

            def shot(name, *, at=None, lang=lang, size=size, number=number, page=page):
                if at:
                    response = page.goto(at)
                    assert response.status < 500, at
                shots(page, f"flow-{lang}-{size}-{next(number):02d}-{name}")

            shot("action-past", at=f"{prefix}/c/{past.campaign.slug}/{past.slug}/")
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
            shot("organizer-pending", at=link)
            shot("walkout-pending", at=f"{prefix}/w/{world['pending'].public_id}/")
            shot("near-nothing", at=f"{prefix}/near/?q=59001&radius=10")
            shot("not-found", at=f"{prefix}/w/no-such-walkout/")
            context.watch.allow("/w/no-such-walkout/")  # the 404 is the point
