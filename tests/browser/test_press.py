"""The press kit in a browser, on a phone with JavaScript off: the crew's press page (a lead
saves the press contact, a bad one is refused in place), the media advisory in English and
Spanish, and the hub's tipline directory. With --screenshots DIR, every page is saved there
(press-*.png), with the advisory PDF's first page rendered to PNG."""

from pathlib import Path

import pypdfium2
import pytest

from tests.browser.conftest import assert_fits, submit
from tests.browser.test_hub_console import make_role, sign_in
from tests.crews.world import add_member, make_crew
from tests.factories import ActionFactory, CampaignFactory, HubFactory, SchoolFactory
from walkout.crews import actions as crew_actions
from walkout.crews.models import RoleKind
from walkout.people.models import StaffRole
from walkout.press import actions

pytestmark = pytest.mark.browser


@pytest.fixture
def world():
    hub = HubFactory(name="National Student Walkout Hub")
    action = ActionFactory(
        campaign=CampaignFactory(hub=hub),
        title="Walk out for our families",
        call_text="Students walk out to stand with immigrant families and classmates facing "
        "deportation, and to ask our school board to keep immigration enforcement out of "
        "our schools.",
        translations={"es": {"title": "Salimos por nuestras familias"}},
    )
    school = SchoolFactory(
        name="Dolores Huerta Preparatory High School",
        city="Phoenix",
        state="AZ",
        zip_code="85004",
        latitude=33.4513,
        longitude=-112.0686,
        timezone="America/Phoenix",
    )
    crew, token = make_crew(action=action, school=school, meeting_spot="By the flagpole")
    organizer = crew.members.get(is_organizer=True)
    owl, owl_token = add_member(crew, "owl")
    crew_actions.take_role(member=owl, role=crew.roles.get(kind=RoleKind.PRESS))
    fox, fox_token = add_member(crew, "fox")
    for text in ("Counselors, not cops", "No ICE on campus, ever"):
        demand = crew_actions.propose_demand(member=organizer, text=text)
        crew_actions.adopt_demand(by=organizer, demand=demand)
    admin, _ = make_role(hub, "admin", StaffRole.ADMIN)
    moderator, seed = make_role(hub, "moderator", StaffRole.MODERATOR)
    for data in (
        {"outlet": "Example Channel 5 News (demo)", "metro": "Phoenix", "channel": "phone",
         "tipline": "602-555-0100", "language": "en", "notes": "Newsroom staffed 6 AM to 11 PM."},
        {"outlet": "Noticias Ejemplo 33 (demo)", "metro": "Phoenix", "channel": "web",
         "tipline": "https://example.org/tips", "language": "es"},
        {"outlet": "Example Statewide Radio (demo)", "metro": "", "channel": "email",
         "tipline": "news@example.org", "language": "both"},
    ):  # fmt: skip
        actions.create_tipline(staff=admin, data={"state": "AZ", **data}, is_demo=True)
    actions.suggest_tipline(
        by=owl,
        data={"outlet": "Example Valley Weekly", "state": "AZ", "metro": "Phoenix",
              "channel": "email", "tipline": "tips@example.net"},
    )  # fmt: skip
    return {
        "walkout": crew.walkout,
        "organizer": token,
        "owl": owl_token,
        "fox": fox_token,
        "moderator": seed,
    }


def test_press_kit_on_a_phone(open_context, shots, world, tmp_path, request):
    wanted = request.config.getoption("--screenshots")
    page = open_context("phone", js=False).new_page()
    public_id = world["walkout"].public_id

    page.goto(f"/crew/{world['owl']}/press/")
    assert_fits(page)
    page.get_by_role("textbox", name="Press contact").fill("312 555 0199")
    submit(page, page.get_by_role("button", name="Save the press contact"))
    assert page.locator("#id_handle_error").inner_text() == (
        "Don't publish a phone number: use a Signal username or a shared e-mail address."
    )
    assert_fits(page)
    shots(page, "press-01-crew-error")
    page.get_by_role("textbox", name="Press contact").fill("huerta.walkout.01")
    submit(page, page.get_by_role("button", name="Save the press contact"))
    assert page.get_by_role("status").inner_text() == (
        "Press contact saved. It is on your media advisory."
    )
    shots(page, "press-02-crew-press-role")

    page.goto(f"/crew/{world['fox']}/press/")
    assert_fits(page)
    assert page.get_by_role("button", name="Save the press contact").count() == 0
    shots(page, "press-03-crew-member-read-only")

    for lang, prefix in (("en", ""), ("es", "/es")):
        page.goto(f"{prefix}/w/{public_id}/")
        submit(page, page.locator(f"a[href='{prefix}/w/{public_id}/press/']"))
        assert_fits(page)
        text = page.locator("main").inner_text()
        assert "Dolores Huerta Preparatory High School" in text
        assert "huerta.walkout.01" in text
        assert "By the flagpole" not in text
        shots(page, f"press-04-advisory-{lang}")
        response = page.request.get(f"{prefix}/w/{public_id}/press.pdf")
        assert response.status == 200
        pdf = pypdfium2.PdfDocument(response.body())
        image = pdf[0].render(scale=1.5).to_pil()
        image.save(tmp_path / f"press-05-advisory-pdf-{lang}.png")
        if wanted:
            image.save(Path(wanted) / f"press-05-advisory-pdf-{lang}.png")

    hub = open_context("phone", js=False).new_page()
    sign_in(hub, "moderator", world["moderator"])
    hub.goto("/hub/tiplines/")
    assert_fits(hub)
    assert hub.locator("h2.h3").all_inner_texts() == [
        "Example Statewide Radio (demo) demo",
        "Example Channel 5 News (demo) demo",
        "Noticias Ejemplo 33 (demo) demo",
    ]
    shots(hub, "press-06-hub-tiplines")
    hub.goto("/hub/tiplines/new/")
    hub.get_by_label("News outlet").fill("Example Weekly")
    hub.get_by_label("State").select_option("AZ")
    hub.get_by_label("How to reach its tipline").select_option("web")
    hub.get_by_label("Phone number, e-mail address or web form address").fill("javascript:x")
    with hub.expect_navigation():
        hub.get_by_role("button", name="Save the tipline").click()
    assert hub.locator("#id_tipline_error").inner_text() == (
        "Enter a web address starting with https://."
    )
    assert_fits(hub)
    shots(hub, "press-07-hub-tipline-error")
    hub.goto("/hub/tiplines/suggestions/")
    assert_fits(hub)
    shots(hub, "press-08-hub-suggestions")
    hub.context.watch.allow("/hub/tiplines/new/")  # refused input answers 400, as console forms do
