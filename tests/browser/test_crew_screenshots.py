"""The crew's screenshot tour (`make screenshots`): every crew page on a phone, in English and
Spanish, with JavaScript off and on, seen by a lead and by a member.

Writes <lang>-<js>-crew-<nn>-<page>.png into the --screenshots folder. Skipped unless
--screenshots is given.
"""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_fits, submit
from tests.crews.world import add_member, make_crew, organizer_of
from tests.factories import ActionFactory, SchoolFactory
from walkout.crews import actions
from walkout.crews.models import ItemState, RoleKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        "not config.getoption('--screenshots')", reason="no --screenshots DIR given"
    ),
]


def _seed():
    today = timezone.now().date()
    action = ActionFactory(
        title="Walk out for our families",
        date=today - datetime.timedelta(days=1),
        demands="Keep immigration enforcement out of our schools.\nNo student punished for "
        "walking out.\nCounselors and legal help for families, in their languages.",
        chants="Education, not deportation!\nWho keeps us safe? We keep us safe!",
        translations={
            "es": {
                "title": "Salimos por nuestras familias",
                "chants": "¡No tenemos miedo!\n¡Libertad para los secuestrados!",
            }
        },
    )
    ActionFactory(
        campaign=action.campaign, title="Walk out again", date=today + datetime.timedelta(days=30)
    )
    crew, organizer_token = make_crew(
        action=action,
        school=SchoolFactory(name="Dolores Huerta Preparatory High School", latitude=41.88),
        meeting_spot="By the flagpole, north lawn",
    )
    organizer = organizer_of(crew)
    fox, fox_token = add_member(crew, "fox")
    owl, _ = add_member(crew, "owl", lead=True)
    actions.take_role(member=fox, role=crew.roles.get(kind=RoleKind.MEDIA))
    actions.take_role(member=owl, role=crew.roles.get(kind=RoleKind.SAFETY))
    actions.add_role(by=organizer, label="Water and snacks")
    items = list(crew.plan_items.all())
    actions.take_item(member=fox, item=items[0])
    actions.set_item_state(member=fox, item=items[0], state=ItemState.DONE)
    actions.set_item_state(member=fox, item=items[1], state=ItemState.DOING)
    actions.add_plan_item(member=fox, text="Print 30 flyers at the library")
    first = actions.propose_demand(member=fox, text="Counselors, not cops")
    actions.propose_demand(member=owl, text="Ethnic studies in every grade")
    for voter in (fox, owl, organizer):
        actions.vote(member=voter, demand=first)
    actions.adopt_demand(by=organizer, demand=first)
    actions.add_idea(member=fox, kind="chant", text="Here to learn, here to stay!")
    actions.add_idea(member=owl, kind="poster", text="Books, not badges (big letters, no faces)")
    actions.post_note(member=organizer, text="We go out the east doors at 1:58.", decision=True)
    actions.post_note(member=fox, text="I'll bring markers and poster board.\nTwo packs.")
    actions.create_invite(by=organizer, max_uses=10, days=7)
    near, _ = make_crew(action=action, school=SchoolFactory(name="Kenwood Academy", latitude=41.80))
    near_lead, _ = add_member(near, "lynx", lead=True)
    connection = actions.request_connection(
        by=near_lead,
        walkout=crew.walkout,
        message="Walk out together? We can share chants.",
        handle="@kenwood_walks",
    )
    accepted_crew, _ = make_crew(
        action=action, school=SchoolFactory(name="Evanston Township High School", latitude=42.0)
    )
    other_lead, _ = add_member(accepted_crew, "heron", lead=True)
    accepted = actions.request_connection(
        by=other_lead, walkout=crew.walkout, message="Hi from Evanston!", handle="@evanston_out"
    )
    actions.answer_connection(
        by=organizer, connection=accepted, accept=True, handle="@lincoln_walks"
    )
    make_crew(action=action, school=SchoolFactory(name="Lane Tech College Prep", latitude=41.95))
    assert connection.status == "pending"
    return {"organizer": organizer_token, "fox": fox_token, "crew": crew}


PAGES = ["", "roles/", "plan/", "demands/", "chants/", "board/", "schools/", "people/"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_crew_tour(open_context, shots, lang, js):
    world = _seed()
    prefix = "" if lang == "en" else "/es"
    tag = f"{lang}-{'js' if js else 'nojs'}-crew"
    page = open_context("phone", js=js, locale="es-US" if lang == "es" else "en-US").new_page()
    n = iter(range(1, 100))
    for who in ("organizer", "fox"):
        for path in PAGES:
            page.goto(f"{prefix}/crew/{world[who]}/{path}")
            assert_fits(page)
            shots(page, f"{tag}-{next(n):02d}-{who}-{path.strip('/') or 'home'}")
    page.goto(f"{prefix}/crew/{world['organizer']}/schools/")
    page.locator("a[href^='?to=']").first.click()
    page.wait_for_selector("#connect")
    assert_fits(page)
    shots(page, f"{tag}-{next(n):02d}-connect")
    # Shown-once links, joining, a stale invite, leaving.
    page.goto(f"{prefix}/crew/{world['organizer']}/people/")
    submit(
        page, page.locator("form").filter(has=page.locator("input[value=invite]")).locator("button")
    )
    shots(page, f"{tag}-{next(n):02d}-invite-link")
    invite = page.locator("textarea#crew-link").input_value().replace("/es/", "/")
    page.goto(invite.replace("/crew/", f"{prefix}/crew/"))
    assert_fits(page)
    shots(page, f"{tag}-{next(n):02d}-join")
    page.get_by_role("textbox").first.fill("otter")
    submit(page, page.locator("button.primary"))
    assert_fits(page)
    shots(page, f"{tag}-{next(n):02d}-member-link")
    page.goto(f"{prefix}/crew/{world['fox']}/board/")
    post = page.locator("form").filter(has=page.locator("input[value=post]")).locator("button")
    if js:  # htmx shows the errors in place
        post.click()
        page.wait_for_selector(".errorlist")
    else:
        submit(page, post)
    assert_fits(page)
    shots(page, f"{tag}-{next(n):02d}-board-error")
    page.goto(f"{prefix}/w/{world['crew'].walkout.public_id}/")
    shots(page, f"{tag}-{next(n):02d}-public")
    stale = actions.create_invite(by=organizer_of(world["crew"]), max_uses=1, days=1)
    world["crew"].invites.filter(uses=0, max_uses=1).update(uses=1)
    response = page.goto(f"{prefix}/crew/join/{stale}/")
    assert response.status == 410
    page.context.watch.allow(stale)
    shots(page, f"{tag}-{next(n):02d}-stale-invite")
    page.goto(f"{prefix}/crew/{world['fox']}/people/")
    page.locator("input[name=confirm]").check()
    submit(
        page, page.locator("form").filter(has=page.locator("input[value=leave]")).locator("button")
    )
    shots(page, f"{tag}-{next(n):02d}-left")
