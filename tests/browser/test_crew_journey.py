"""A crew on two phones: the organizer opens the crew and invites a friend, the friend joins
with a nickname, takes the media role and proposes a demand, the organizer votes and adopts
it, it appears on the public page, and a replaced invite link is dead. Once with JavaScript
off (every write a plain POST and redirect), once with it on (htmx updates in place)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, assert_fits, submit
from tests.factories import ActionFactory, SchoolFactory
from walkout.crews import actions as crew_actions
from walkout.crews.models import Demand, Member
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def walkout():
    action = ActionFactory(demands="No ICE in schools", chants="Education, not deportation!")
    school = SchoolFactory(name="Lincoln High School")
    walkout, token = walkout_actions.register_walkout(
        action=action,
        school=school,
        description="We walk out at 2.",
        organizer_pseudonym="sunflower",
        meeting_spot="By the flagpole",
    )
    crew_actions.ensure_crew(walkout)
    walkout.status = WalkoutStatus.APPROVED
    walkout.save()
    return walkout, token


def in_place(page, button, js: bool) -> None:
    """Send the form of `button`: with JavaScript, htmx swaps the crew area without loading a
    new page (checked by a marker that a page load would wipe); without, POST and redirect."""
    if js and button.evaluate("b => b.form.hasAttribute('hx-post')"):
        page.evaluate("window.__still_here = true")
        with page.expect_response(lambda r: r.request.method == "POST"):
            button.click()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__still_here === true"), "the page was reloaded"
    else:
        submit(page, button)


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_crew_journey(open_context, walkout, shots, js):
    walkout, organizer_token = walkout
    step = iter(range(1, 100))

    def shot(page, name):
        shots(page, f"crew-{'js' if js else 'nojs'}-{next(step):02d}-{name}")

    # The organizer opens the crew from the organizer page.
    lead = open_context("phone", js=js).new_page()
    lead.goto(f"/o/{organizer_token}/")
    lead.get_by_role("link", name="Open your crew").click()
    expect(lead).to_have_url(re.compile(rf"/crew/{organizer_token}/$"))
    expect(lead.get_by_text("Anyone with this link can see this page.")).to_be_visible()
    expect(lead.get_by_label("Where the crew meets")).to_have_value("By the flagpole")
    assert_fits(lead)
    shot(lead, "home")

    # ...and makes an invite link.
    lead.get_by_role("navigation", name="Crew pages").get_by_role("link", name="People").click()
    submit(lead, lead.get_by_role("button", name="Make an invite link"))
    expect(lead.get_by_role("heading", level=1)).to_have_text("Your invite link")
    invite = lead.locator("textarea#crew-link").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/crew/join/[\w-]{43}/", invite), invite
    shot(lead, "invite")
    lead.get_by_role("link", name="Back to the crew").click()

    # The friend joins with a nickname and gets their own link.
    friend = open_context("phone", js=js).new_page()
    friend.goto(invite)
    expect(friend.get_by_role("heading", level=1)).to_have_text(
        "Join the crew at Lincoln High School"
    )
    friend.get_by_label("Your nickname in the crew").fill("fox")
    shot(friend, "join")
    submit(friend, friend.get_by_role("button", name="Join the crew"))
    expect(friend.get_by_role("heading", level=1)).to_have_text(
        "You are in the crew at Lincoln High School"
    )
    own_link = friend.locator("textarea#crew-link").input_value()
    friend.get_by_role("link", name="Open my crew page").click()
    expect(friend).to_have_url(own_link)

    # The friend takes the media role...
    friend.get_by_role("navigation", name="Crew pages").get_by_role("link", name="Roles").click()
    media = friend.locator("li.card").filter(
        has=friend.get_by_role("heading", name="Pictures and videos")
    )
    in_place(friend, media.get_by_role("button", name="I'll do it"), js)
    expect(media).to_contain_text("Held by fox")
    expect(friend.get_by_role("status")).to_have_text("Roles updated.")
    assert_fits(friend)
    shot(friend, "roles")

    # ...and proposes a demand.
    friend.get_by_role("navigation", name="Crew pages").get_by_role("link", name="Demands").click()
    friend.get_by_label("Your demand").fill("Counselors, not cops")
    in_place(friend, friend.get_by_role("button", name="Propose it"), js)
    card = friend.locator("li.card").filter(has_text="Counselors, not cops")
    expect(card).to_contain_text("0 votes")
    shot(friend, "demands")

    # The organizer votes and adopts it.
    lead.get_by_role("navigation", name="Crew pages").get_by_role("link", name="Demands").click()
    card = lead.locator("li.card").filter(has_text="Counselors, not cops")
    in_place(lead, card.get_by_role("button", name="Vote for it"), js)
    expect(card).to_contain_text("1 vote · You voted")
    in_place(lead, card.get_by_role("button", name="Adopt"), js)
    expect(card.locator(".tag")).to_have_text("Adopted")
    assert_fits(lead)
    shot(lead, "demands-adopted")
    assert Demand.objects.get().adopted is True

    # It appears on the public page, with no member named.
    friend.goto(f"/w/{walkout.public_id}/")
    ours = friend.get_by_role("region", name="Our demands")
    expect(ours.get_by_role("listitem")).to_have_text(["Counselors, not cops"])
    expect(friend.get_by_text("fox")).to_have_count(0)
    shot(friend, "public")

    # The organizer replaces the invite link: the old one is dead, the new one works.
    lead.get_by_role("navigation", name="Crew pages").get_by_role("link", name="People").click()
    expect(lead.locator("#member-" + str(Member.objects.get(pseudonym="fox").pk))).to_contain_text(
        "Pictures and videos"
    )
    submit(lead, lead.get_by_role("button", name="Replace the link"))
    new_invite = lead.locator("textarea#crew-link").input_value()
    assert new_invite != invite
    stranger = open_context("phone", js=js).new_page()
    response = stranger.goto(invite)
    assert response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    stranger.context.watch.allow(invite)
    assert stranger.goto(new_invite).status == 200
    assert_clean(lead)
    assert_clean(friend)


def test_crew_pages_pass_axe_on_a_phone(open_context, walkout):
    """axe-core (WCAG 2.x A and AA) on every crew page, as a lead, in English and Spanish."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import AXE_OPTIONS

    walkout, token = walkout
    crew = walkout.crew
    lead = crew.members.get(is_organizer=True)
    fox, _ = crew_actions.crew._add_member(crew, "fox")
    crew_actions.take_role(member=fox, role=crew.roles.first())
    crew_actions.propose_demand(member=fox, text="Counselors, not cops")
    crew_actions.post_note(member=lead, text="We meet at 1:55.", decision=True)
    crew_actions.create_invite(by=lead, max_uses=5, days=2)
    page = open_context("phone", js=True).new_page()
    axe, problems = Axe(), []
    for prefix in ("", "/es"):
        for path in ("", "roles/", "plan/", "demands/", "chants/", "board/", "schools/", "people/"):
            page.goto(f"{prefix}/crew/{token}/{path}")
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                problems.append(f"{prefix}/{path}: {violation['id']}: {violation['help']}")
            assert_fits(page)
    assert problems == []
