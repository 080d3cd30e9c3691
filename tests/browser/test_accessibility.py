"""axe-core (WCAG 2.0/2.1/2.2, levels A and AA) on every main page, in English and Spanish,
on a 360 px wide phone; and no page may scroll sideways at that width."""

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import assert_fits, submit
from tests.factories import (
    STAFF_PASSWORD,
    ActionFactory,
    CampaignFactory,
    HubFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from walkout.walkouts.models import SchoolSource, WalkoutStatus

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()
CHECKED: set[str] = set()  # rules axe ran and found passing, to prove that it really ran


def audit(page, name: str, problems: list[str]) -> None:
    """Run axe on the page as it is now; note each violation and any sideways scrolling."""
    results = AXE.run(page, options=AXE_OPTIONS).response
    CHECKED.update(rule["id"] for rule in results["passes"])
    for violation in results["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:4])
        problems.append(
            f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
        )
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"{name}: {width}px wide, scrolls sideways at 360px")


@pytest.fixture
def world():
    hub = HubFactory(name="National Student Walkout Hub")
    campaign = CampaignFactory(hub=hub)
    action = ActionFactory(campaign=campaign)
    ActionFactory(campaign=campaign, status="closed", title="Walk out for our families, again")
    phoenix = SchoolFactory(
        name="César Chávez High School",
        city="Phoenix",
        state="AZ",
        zip_code="85004",
        timezone="America/Phoenix",
    )
    demo = SchoolFactory(
        name="Sojourner Truth Community College",
        city="Tucson",
        state="AZ",
        zip_code="85701",
        timezone="America/Phoenix",
        source=SchoolSource.DEMO,
    )
    approved = WalkoutFactory(action=action, school=demo, organizer_pseudonym="night owl")
    WalkoutFactory(action=action, school=SchoolFactory(), status=WalkoutStatus.PENDING)
    _, seed = make_staff(hub=hub, username="moderator")
    return {"action": action, "phoenix": phoenix, "approved": approved, "seed": seed}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_main_pages_have_no_wcag_violations(open_context, world, lang):
    prefix = "" if lang == "en" else f"/{lang}"
    action, school = world["action"], world["phoenix"]
    action_path = f"{prefix}/c/{action.campaign.slug}/{action.slug}/"
    problems: list[str] = []
    page = open_context("phone").new_page()

    def visit(name: str, path: str) -> None:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == lang, path
        audit(page, name, problems)

    visit("home", f"{prefix}/")
    visit("action", action_path)
    visit("states", f"{action_path}states/")
    visit("state", f"{action_path}states/AZ/")
    visit("start with results", f"{prefix}/start/?action={action.public_id}&q=high")
    assert page.locator(".card.row").count() >= 2
    visit("add school", f"{prefix}/start/{action.public_id}/new-school/")
    visit("walkout", f"{prefix}/w/{world['approved'].public_id}/")

    visit("register", f"{prefix}/start/{action.public_id}/school/{school.pk}/")
    submit(page, page.locator("form.stack button[type=submit]"))
    assert page.locator(".has-error").count() == 2
    audit(page, "register with errors", problems)
    page.locator("form [name=description]").fill("Ten minutes on the front lawn.")
    page.locator("form [name=organizer_pseudonym]").fill("saguaro")
    submit(page, page.locator("form.stack button[type=submit]"))
    link = page.locator("textarea#organizer-link").input_value()
    audit(page, "save link", problems)
    with page.expect_navigation(wait_until="load"):
        page.locator("a[href*='/w/']").click()
    audit(page, "walkout awaiting review", problems)
    assert f"{prefix}/o/" in link  # the link keeps the language it was made in
    visit("organizer", link)

    hub = open_context("phone").new_page()
    hub.goto(f"{prefix}/hub/sign-in/")
    audit(hub, "hub sign-in", problems)
    submit(hub, hub.locator("form button[type=submit]"))  # empty: errors shown
    audit(hub, "hub sign-in with errors", problems)
    hub.locator("form [name=username]").fill("moderator")
    hub.locator("form [name=password]").fill(STAFF_PASSWORD)
    submit(hub, hub.locator("form button[type=submit]"))
    hub.wait_for_url("**/hub/sign-in/code/")
    audit(hub, "hub second factor", problems)
    hub.locator("form [name=code]").fill(pyotp.TOTP(world["seed"]).now())
    submit(hub, hub.locator("form button[type=submit]"))
    hub.wait_for_url("**/hub/")
    assert hub.locator(".cards .card").count() == 2
    audit(hub, "hub queue", problems)

    assert not problems, "\n".join(problems)
    assert {"color-contrast", "label", "html-has-lang", "target-size"} <= CHECKED
    assert_fits(page)
