import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.crews.world import add_member, make_crew, organizer_of, url
from tests.factories import ActionFactory, SchoolFactory, make_staff
from tests.helpers import dump_everything, fresh_stamp, hidden_value, inline_code, sign_in_verified
from walkout.common import tokens
from walkout.crews import actions
from walkout.crews.models import (
    Connection,
    ConnectionStatus,
    Crew,
    Demand,
    Idea,
    Invite,
    ItemState,
    Member,
    Note,
    PlanItem,
    Role,
    RoleKind,
    Vote,
)
from walkout.walkouts.models import Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db

MEMBER_LINK = re.compile(r"readonly>http://testserver/crew/([A-Za-z0-9_-]{43})/</textarea>")
INVITE_LINK = re.compile(r"readonly>http://testserver/crew/join/([A-Za-z0-9_-]{43})/</textarea>")
ORGANIZER_LINK = re.compile(r"readonly>http://testserver/o/([A-Za-z0-9_-]{43})/</textarea>")


def error_box(text: str) -> str:
    return f'<div class="errors" role="alert"><p>{escape(text)}</p></div>'


def field_error(field: str, text: str) -> str:
    return f'<ul class="errorlist" id="id_{field}_error"><li>{escape(text)}</li></ul>'


def notice(text: str) -> str:
    return f'<p class="notice" role="status">{escape(text)}</p>'


def follow(client, response):
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response.headers["Location"]).content.decode()


@pytest.fixture
def crew():
    crew, token = make_crew(school=SchoolFactory(name="Lincoln High School"))
    crew.organizer_token = token
    return crew


@pytest.fixture
def fox(crew):
    member, token = add_member(crew, "fox")
    member.token = token
    return member


# --- the whole journey -------------------------------------------------------------------------


def test_journey_register_invite_join_role_demand_vote_adopt_rotate(client):
    action = ActionFactory()
    school = SchoolFactory(name="Lincoln High School")
    register = reverse("walkouts:register", args=[action.public_id, school.pk])
    saved = client.post(
        register,
        {"description": "We walk out", "organizer_pseudonym": "sunflower", "stamp": fresh_stamp()},
    )
    assert "The same link opens your crew, where you plan the walkout with friends." in (
        saved.content.decode()
    )
    organizer = ORGANIZER_LINK.search(saved.content.decode()).group(1)
    crew = Crew.objects.get()
    assert list(crew.members.values_list("pseudonym", "is_lead", "is_organizer")) == [
        ("sunflower", True, True)
    ]
    organizer_page = client.get(reverse("walkouts:organizer", args=[organizer])).content.decode()
    assert f'href="/crew/{organizer}/"' in organizer_page

    # The organizer opens the crew and makes an invite link.
    home = client.get(url("home", organizer)).content.decode()
    assert "You organize the walkout and lead the crew." in home
    made = client.post(url("people", organizer), {"op": "invite", "max_uses": "5", "days": "3"})
    assert "It is shown only once." in made.content.decode()
    invite = INVITE_LINK.search(made.content.decode()).group(1)
    assert 'class="qr" src="data:image/svg+xml' in made.content.decode()

    # A friend joins with a pseudonym and gets their own link.
    page = client.get(url("join", invite))
    assert "Join the crew at Lincoln High School" in page.content.decode()
    joined = client.post(
        url("join", invite),
        {"pseudonym": "fox", "stamp": hidden_value(page.content.decode(), "stamp")},
    )
    assert "You are in the crew at Lincoln High School" in joined.content.decode()
    friend = MEMBER_LINK.search(joined.content.decode()).group(1)
    assert Invite.objects.get().uses == 1

    # The friend takes the media role and proposes a demand; the organizer votes and adopts.
    media = crew.roles.get(kind=RoleKind.MEDIA)
    roles = follow(client, client.post(url("roles", friend), {"op": "take", "id": media.pk}))
    assert notice("Roles updated.") in roles
    assert "Held by <strong>fox</strong>" in roles
    demands = follow(
        client,
        client.post(url("demands", friend), {"op": "propose", "text": "Counselors, not cops"}),
    )
    assert notice("Demand proposed.") in demands
    demand = Demand.objects.get()
    voted = follow(client, client.post(url("demands", organizer), {"op": "vote", "id": demand.pk}))
    assert "1 vote · You voted" in voted
    follow(client, client.post(url("demands", organizer), {"op": "adopt", "id": demand.pk}))
    public = client.get(reverse("walkouts:walkout", args=[crew.walkout.public_id]))
    assert '<h2 id="our-demands-h">Our demands</h2>' in public.content.decode()
    assert "<li>Counselors, not cops</li>" in public.content.decode()
    assert "fox" not in public.content.decode()

    # The lead replaces the invite link: the old one answers like a random one.
    rotated = client.post(url("people", organizer), {"op": "rotate", "id": Invite.objects.get().pk})
    new_invite = INVITE_LINK.search(rotated.content.decode()).group(1)
    assert client.get(url("join", invite)).status_code == 404
    assert client.get(url("join", new_invite)).status_code == 200

    dump = dump_everything()
    for secret in (organizer, invite, friend, new_invite):
        assert secret not in dump


def test_organizer_link_rotation_keeps_the_crew(client, crew):
    old = crew.organizer_token
    rotated = client.post(reverse("walkouts:organizer", args=[old]), {"op": "rotate"})
    new = ORGANIZER_LINK.search(rotated.content.decode()).group(1)

    assert client.get(url("home", old)).status_code == 404
    response = client.get(url("home", new))
    assert "You organize the walkout and lead the crew." in response.content.decode()


def test_walkout_from_before_crews_gets_its_crew_when_the_organizer_opens_it(client):
    token, digest = tokens.new_token()
    walkout = Walkout.objects.create(
        action=ActionFactory(),
        school=SchoolFactory(),
        starts_at=timezone.now(),
        timezone="America/Chicago",
        description="Old",
        organizer_pseudonym="owl",
        organizer_token_digest=digest,
        created_day=timezone.now().date(),
    )

    response = client.get(url("home", token))

    assert response.status_code == 200
    assert list(walkout.crew.members.values_list("pseudonym", "is_organizer")) == [("owl", True)]
    assert walkout.crew.roles.count() == 6
    assert walkout.crew.plan_items.count() == 9


def test_removed_member_link_stops_at_once_and_roles_open(client, crew, fox):
    media = crew.roles.get(kind=RoleKind.MEDIA)
    actions.take_role(member=fox, role=media)
    assert client.get(url("home", fox.token)).status_code == 200

    response = client.post(url("people", crew.organizer_token), {"op": "remove", "id": fox.pk})

    assert notice("Crew updated.") in follow(client, response)
    assert client.get(url("home", fox.token)).status_code == 404
    media.refresh_from_db()
    assert media.holder is None


def test_member_replaces_own_link(client, crew, fox):
    response = client.post(url("people", fox.token), {"op": "new_link"})

    new = MEMBER_LINK.search(response.content.decode()).group(1)
    assert client.get(url("home", fox.token)).status_code == 404
    assert client.get(url("home", new)).status_code == 200


def test_member_leaves(client, crew, fox):
    response = client.post(url("people", fox.token), {"op": "leave", "confirm": "yes"})

    assert "<h1>You left the crew</h1>" in response.content.decode()
    assert not Member.objects.filter(pk=fox.pk).exists()
    assert client.get(url("home", fox.token)).status_code == 404


def test_lead_promotes_member(client, crew, fox):
    client.post(url("people", crew.organizer_token), {"op": "promote", "id": fox.pk})

    fox.refresh_from_db()
    assert fox.is_lead is True
    assert "Make lead" not in client.get(url("people", crew.organizer_token)).content.decode()


def test_pages_show_the_warning_and_carry_no_inline_code(client, crew, fox):
    for page in ("home", "roles", "plan", "demands", "ideas", "board", "schools", "people"):
        html = client.get(url(page, fox.token)).content.decode()
        assert (
            '<p class="warning crew-warning"><strong>Anyone with this link can see this page.'
            "</strong>" in html
        )
        assert '<meta name="robots" content="noindex, noarchive">' in html
        assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
        assert '"includeIndicatorStyles":false' in html
        assert inline_code(html) == {
            "inline_scripts": 0,
            "handlers": [],
            "style_attributes": [],
            "style_tags": 0,
        }
        forms = re.findall(r"<form [^>]*>", html)
        assert (page, bool(forms)) == (page, page not in ("home", "schools"))  # fox: no lead
        assert [f for f in forms if 'autocomplete="off"' not in f] == []


def test_spanish_crew_page(client, crew, fox):
    response = client.get(f"/es{url('home', fox.token)}")

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


# --- the plan, roles, ideas, the board ----------------------------------------------------


def test_plan_is_prefilled_and_states_change(client, crew, fox):
    items = list(crew.plan_items.all())
    assert [str(item) for item in items] == [
        "Tell your friends and invite them to the crew",
        "Agree on your demands",
        "Pick your chants",
        "Make posters",
        "Find someone to take pictures and videos",
        "Call news tiplines",
        "Reach crews at other schools",
        "Everyone reads the know-your-rights card",
        "After the walkout: tell the hub how it went",
    ]

    client.post(url("plan", fox.token), {"op": "take", "id": items[0].pk})
    html = follow(
        client,
        client.post(url("plan", fox.token), {"op": "state", "id": items[0].pk, "state": "done"}),
    )

    items[0].refresh_from_db()
    assert (items[0].owner, items[0].state) == (fox, ItemState.DONE)
    assert "1 of 9 done." in html
    assert "Owner: <strong>fox</strong>" in html


def test_crew_adds_plan_item_and_custom_role(client, crew, fox):
    follow(client, client.post(url("plan", fox.token), {"op": "add", "text": "Print flyers"}))
    follow(client, client.post(url("roles", crew.organizer_token), {"op": "add", "label": "Water"}))

    assert PlanItem.objects.filter(crew=crew, text="Print flyers", step="custom").count() == 1
    assert Role.objects.filter(crew=crew, kind=RoleKind.CUSTOM, label="Water").count() == 1
    assert "5 roles are still open." not in client.get(url("roles", fox.token)).content.decode()
    assert "7 roles are still open." in client.get(url("roles", fox.token)).content.decode()


def test_chant_library_in_both_languages_and_crew_ideas(client, crew, fox):
    action = crew.walkout.action
    action.chants = "Education, not deportation!"
    action.translations = {"es": {"chants": "¡No tenemos miedo!\n¡Libertad para los secuestrados!"}}
    action.save()
    client.post(url("ideas", fox.token), {"op": "add", "kind": "chant", "text": "Here to stay!"})
    client.post(
        url("ideas", fox.token), {"op": "add", "kind": "poster", "text": "Books not badges"}
    )

    english = client.get(url("ideas", fox.token)).content.decode()
    spanish = client.get(f"/es{url('ideas', fox.token)}").content.decode()

    assert english.index("In English") < english.index("In Spanish")
    assert "<li>Education, not deportation!</li>" in english
    assert "<li>¡No tenemos miedo!</li>" in english
    assert spanish.index("Libertad para los secuestrados") < spanish.index("Education, not")
    assert '<span class="chant">Here to stay!</span>' in english
    assert "<span>Books not badges</span>" in english


def test_board_note_is_encrypted_at_rest_and_dated_to_the_day(client, crew, fox):
    canary = "Gym door at 1:55 canary-7f3a"

    html = follow(client, client.post(url("board", fox.token), {"op": "post", "text": canary}))

    assert notice("Note posted.") in html
    assert canary in html
    note = Note.objects.get()
    assert canary not in dump_everything()
    assert isinstance(note.created_day, datetime.date)
    assert not isinstance(note.created_day, datetime.datetime)
    assert note.text == canary
    assert note.is_decision is False  # only leads mark decisions


def test_lead_marks_a_decision(client, crew):
    client.post(
        url("board", crew.organizer_token), {"op": "post", "text": "We go", "decision": "on"}
    )

    assert Note.objects.get().is_decision is True


def test_meeting_spot_edited_by_lead(client, crew):
    html = follow(
        client,
        client.post(
            url("home", crew.organizer_token), {"op": "spot", "meeting_spot": "Front steps"}
        ),
    )

    assert notice("Meeting spot saved.") in html
    assert 'name="meeting_spot" value="Front steps"' in html
    fox, fox_token = add_member(crew, "fox")
    assert '<p class="spot">Front steps</p>' in client.get(url("home", fox_token)).content.decode()
    crew.walkout.refresh_from_db()
    assert crew.walkout.meeting_spot == "Front steps"


# --- other schools -------------------------------------------------------------------------


@pytest.fixture
def neighbours(crew):
    """Two more listed walkouts near Chicago and one far away, each with a crew and a lead."""
    action = crew.walkout.action
    near, _ = make_crew(
        action=action,
        school=SchoolFactory(name="Kenwood Academy", latitude=41.80, longitude=-87.59),
    )
    second, _ = make_crew(
        action=action,
        school=SchoolFactory(name="Evanston Township", latitude=42.05, longitude=-87.69),
    )
    far, _ = make_crew(
        action=action, school=SchoolFactory(name="Far Away High", latitude=34.05, longitude=-118.24)
    )
    leads = {}
    for other in (near, second):
        member, token = add_member(other, f"lead-{other.pk}", lead=True)
        member.token = token
        leads[other.walkout.school.name] = member
    return {"near": near, "second": second, "far": far, "leads": leads}


def test_connection_reveals_handles_only_after_acceptance(client, crew, neighbours):
    kenwood = neighbours["near"]
    schools = client.get(url("schools", crew.organizer_token)).content.decode()
    assert "Kenwood Academy" in schools
    assert "Evanston Township" in schools
    assert "Far Away High" not in schools
    assert f'href="?to={kenwood.walkout.public_id}#connect"' in schools

    form = client.get(url("schools", crew.organizer_token), {"to": kenwood.walkout.public_id})
    assert "Ask the crew at Kenwood Academy to connect" in form.content.decode()
    sent = client.post(
        url("schools", crew.organizer_token),
        {
            "op": "request",
            "walkout": kenwood.walkout.public_id,
            "message": "Walk out together?",
            "handle": "@lincoln_walks",
        },
    )
    assert notice(
        "Request sent. They see your message, and your handle only if they accept."
    ) in follow(client, sent)
    kenwood_lead = neighbours["leads"]["Kenwood Academy"]
    theirs = client.get(url("schools", kenwood_lead.token)).content.decode()
    assert "Walk out together?" in theirs
    assert "@lincoln_walks" not in theirs
    connection = Connection.objects.get()
    assert "@lincoln_walks" not in dump_everything()

    client.post(
        url("schools", kenwood_lead.token),
        {"op": "accept", "id": connection.pk, "handle": "@kenwood_signal"},
    )

    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED
    ours = client.get(url("schools", crew.organizer_token)).content.decode()
    assert "Their handle: <strong>@kenwood_signal</strong> · Yours: @lincoln_walks" in ours
    theirs = client.get(url("schools", kenwood_lead.token)).content.decode()
    assert "Their handle: <strong>@lincoln_walks</strong> · Yours: @kenwood_signal" in theirs


def test_declined_request_reveals_nothing(client, crew, neighbours):
    lead = neighbours["leads"]["Kenwood Academy"]
    connection = actions.request_connection(
        by=organizer_of(crew), walkout=neighbours["near"].walkout, message="Psst", handle="@us"
    )

    client.post(url("schools", lead.token), {"op": "decline", "id": connection.pk})

    ours = client.get(url("schools", crew.organizer_token)).content.decode()
    assert "Not accepted" in ours
    assert "Their handle" not in ours
    assert "Psst" not in client.get(url("schools", lead.token)).content.decode()


# --- the next action -----------------------------------------------------------------------


def _past_crew(**walkout_fields):
    today = timezone.now().date()
    action = ActionFactory(date=today - datetime.timedelta(days=2))
    upcoming = ActionFactory(
        campaign=action.campaign, date=today + datetime.timedelta(days=30), title="Again"
    )
    crew, token = make_crew(action=action, **walkout_fields)
    return crew, token, upcoming


@pytest.mark.parametrize(
    ("trusted", "status"), [(False, WalkoutStatus.PENDING), (True, WalkoutStatus.APPROVED)]
)
def test_lead_carries_crew_to_the_next_action(client, trusted, status):
    crew, token, upcoming = _past_crew(trusted=trusted, meeting_spot="Flagpole")
    old = crew.walkout
    fox, fox_token = add_member(crew, "fox")
    actions.take_role(member=fox, role=crew.roles.get(kind=RoleKind.MEDIA))
    demand = actions.propose_demand(member=fox, text="Books")
    actions.post_note(member=fox, text="Old plan")
    crew.plan_items.update(state=ItemState.DONE)
    home = client.get(url("home", token)).content.decode()
    assert "Next call: Again," in home

    html = follow(client, client.post(url("home", token), {"op": "carry"}))

    assert notice("Your crew moved to the next call. Its walkout is on the overview.") in html
    crew.refresh_from_db()
    new = crew.walkout
    assert (new.action, new.school, new.status, new.meeting_spot) == (
        upcoming,
        old.school,
        status,
        "Flagpole",
    )
    assert new.organizer_token_digest == tokens.digest(token)
    assert client.get(reverse("walkouts:organizer", args=[token])).context["walkout"] == new
    old.refresh_from_db()
    assert old.organizer_token_digest != tokens.digest(token)
    assert list(crew.members.values_list("pseudonym", flat=True)) == ["sunflower", "fox"]
    assert crew.roles.get(kind=RoleKind.MEDIA).holder == fox
    assert list(crew.demands.all()) == [demand]
    assert crew.notes.count() == 0
    assert set(crew.plan_items.values_list("state", flat=True)) == {ItemState.TODO}
    assert client.get(url("home", fox_token)).status_code == 200


def test_carry_before_the_day_is_refused(client, crew):
    ActionFactory(
        campaign=crew.walkout.action.campaign,
        date=crew.walkout.action.date + datetime.timedelta(days=30),
    )
    before = Walkout.objects.count()

    response = client.post(url("home", crew.organizer_token), {"op": "carry"})

    assert error_box("You can carry the crew on once this walkout's day has come.") in (
        response.content.decode()
    )
    assert Walkout.objects.count() == before


def test_carry_without_next_action_is_refused(client):
    crew, token, upcoming = _past_crew()
    upcoming.delete()

    response = client.post(url("home", token), {"op": "carry"})

    assert error_box("Your campaign has no next call open yet.") in response.content.decode()
    assert Walkout.objects.count() == 1


# --- bad input: a clear error, nothing saved, typed text kept -------------------------------


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_note(client, crew, fox, text):
    response = client.post(url("board", fox.token), {"op": "post", "text": text})

    assert response.status_code == 200
    assert field_error("text", "This field is required.") in response.content.decode()
    assert Note.objects.count() == 0


def test_oversized_note(client, crew, fox):
    text = "x" * 501

    response = client.post(url("board", fox.token), {"op": "post", "text": text})

    html = response.content.decode()
    assert field_error("text", "Ensure this value has at most 500 characters (it has 501).") in html
    assert f'id="id_text">\n{text}</textarea>' in html
    assert Note.objects.count() == 0


def test_vote_twice(client, crew, fox):
    demand = actions.propose_demand(member=fox, text="Books")
    client.post(url("demands", fox.token), {"op": "vote", "id": demand.pk})

    response = client.post(url("demands", fox.token), {"op": "vote", "id": demand.pk})

    assert response.status_code == 200
    assert error_box("You already voted for this demand.") in response.content.decode()
    assert Vote.objects.count() == 1


def test_demand_adopted_by_non_lead(client, crew, fox):
    demand = actions.propose_demand(member=fox, text="Books")

    response = client.post(url("demands", fox.token), {"op": "adopt", "id": demand.pk})

    assert response.status_code == 403
    assert error_box("Only crew leads can do this.") in response.content.decode()
    demand.refresh_from_db()
    assert demand.adopted is False
    public = client.get(reverse("walkouts:walkout", args=[crew.walkout.public_id]))
    assert "Our demands" not in public.content.decode()


def test_duplicate_demand(client, crew, fox):
    actions.propose_demand(member=fox, text="Books, not badges")

    response = client.post(
        url("demands", fox.token), {"op": "propose", "text": "books,  NOT badges"}
    )

    html = response.content.decode()
    assert field_error("text", "This demand is already on the list.") in html
    assert 'name="text" value="books,  NOT badges"' in html
    assert Demand.objects.count() == 1


def test_oversized_demand(client, crew, fox):
    response = client.post(url("demands", fox.token), {"op": "propose", "text": "y" * 201})

    html = response.content.decode()
    assert field_error("text", "Ensure this value has at most 200 characters (it has 201).") in html
    assert f'value="{"y" * 201}"' in html
    assert Demand.objects.count() == 0


def test_connection_request_to_own_crew(client, crew):
    response = client.post(
        url("schools", crew.organizer_token),
        {"op": "request", "walkout": crew.walkout.public_id, "message": "Hi me", "handle": "@me"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert error_box("That is your own crew.") in html
    assert Connection.objects.count() == 0


def test_connection_request_while_not_listed(client, neighbours):
    crew, token = make_crew(
        action=neighbours["near"].walkout.action,
        status=WalkoutStatus.PENDING,
        school=SchoolFactory(name="Pending High"),
    )

    response = client.post(
        url("schools", token),
        {
            "op": "request",
            "walkout": neighbours["near"].walkout.public_id,
            "message": "Typed message",
            "handle": "@typed",
        },
    )

    html = response.content.decode()
    assert (
        error_box("Your walkout must be approved by the hub before you can reach other schools.")
        in html
    )
    assert 'id="id_message">\nTyped message</textarea>' in html
    assert 'name="handle" value="@typed"' in html
    assert Connection.objects.count() == 0


def test_connection_request_twice(client, crew, neighbours):
    target = neighbours["near"].walkout
    actions.request_connection(by=organizer_of(crew), walkout=target, message="Hi", handle="@a")

    response = client.post(
        url("schools", crew.organizer_token),
        {"op": "request", "walkout": target.public_id, "message": "Again", "handle": "@a"},
    )

    assert error_box("You already asked that crew.") in response.content.decode()
    assert Connection.objects.count() == 1


def test_accept_without_handle(client, crew, neighbours):
    lead = neighbours["leads"]["Kenwood Academy"]
    connection = actions.request_connection(
        by=lead, walkout=crew.walkout, message="Hi", handle="@kenwood"
    )

    response = client.post(
        url("schools", crew.organizer_token), {"op": "accept", "id": connection.pk}
    )

    html = response.content.decode()
    assert (
        field_error(f"handle_{connection.pk}", "Give a handle the other crew can reach you on.")
        in html
    )
    connection.refresh_from_db()
    assert (connection.status, connection.to_handle) == (ConnectionStatus.PENDING, "")


@pytest.mark.parametrize("stale", ["expired", "used up"])
def test_stale_invite(client, crew, stale):
    token = actions.create_invite(by=organizer_of(crew), max_uses=2, days=1)
    invite = Invite.objects.get()
    if stale == "expired":
        invite.expires_day = timezone.now().date() - datetime.timedelta(days=1)
    else:
        invite.uses = 2
    invite.save()

    page = client.get(url("join", token))
    posted = client.post(url("join", token), {"pseudonym": "otter", "stamp": fresh_stamp()})

    for response in (page, posted):
        html = response.content.decode()
        assert response.status_code == 410
        assert (
            "This invite link has expired or has been used up. Ask the person who sent it for a "
            "new one." in html
        )
        assert "Lincoln High" not in html
    assert crew.members.count() == 1


def test_join_with_a_nickname_already_taken(client, crew, fox):
    token = actions.create_invite(by=organizer_of(crew), max_uses=2, days=1)

    response = client.post(url("join", token), {"pseudonym": "FOX", "stamp": fresh_stamp()})

    html = response.content.decode()
    assert (
        field_error(
            "pseudonym", "Someone in this crew already uses that nickname. Pick another one."
        )
        in html
    )
    assert 'name="pseudonym" value="FOX"' in html
    assert crew.members.count() == 2
    assert Invite.objects.get().uses == 0


def test_join_without_stamp(client, crew):
    token = actions.create_invite(by=organizer_of(crew), max_uses=2, days=1)

    response = client.post(url("join", token), {"pseudonym": "otter", "stamp": "forged"})

    html = response.content.decode()
    assert (
        error_box("This form is too old or was changed. Your text is still here: send it again.")
        in html
    )
    assert 'name="pseudonym" value="otter"' in html
    assert crew.members.count() == 1


def test_invite_with_bad_limits(client, crew):
    response = client.post(
        url("people", crew.organizer_token), {"op": "invite", "max_uses": "0", "days": "31"}
    )

    html = response.content.decode()
    assert field_error("max_uses", "Ensure this value is greater than or equal to 1.") in html
    assert field_error("days", "Ensure this value is less than or equal to 30.") in html
    assert Invite.objects.count() == 0


def test_leave_without_confirming(client, crew, fox):
    response = client.post(url("people", fox.token), {"op": "leave"})

    assert error_box("Tick the box to confirm that you want to leave.") in response.content.decode()
    assert Member.objects.filter(pk=fox.pk).exists()


def test_oversized_meeting_spot(client, crew):
    spot = "z" * 301

    response = client.post(url("home", crew.organizer_token), {"op": "spot", "meeting_spot": spot})

    html = response.content.decode()
    assert (
        field_error("meeting_spot", "Ensure this value has at most 300 characters (it has 301).")
        in html
    )
    assert f'value="{spot}"' in html
    crew.walkout.refresh_from_db()
    assert crew.walkout.meeting_spot == ""


def test_bad_item_state(client, crew, fox):
    item = crew.plan_items.first()

    response = client.post(url("plan", fox.token), {"op": "state", "id": item.pk, "state": "nope"})

    assert error_box("Select a valid choice. nope is not one of the available choices.") in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert item.state == ItemState.TODO


def test_empty_idea(client, crew, fox):
    response = client.post(url("ideas", fox.token), {"op": "add", "kind": "poster", "text": " "})

    html = response.content.decode()
    assert field_error("text", "This field is required.") in html
    assert '<input type="radio" name="kind" value="poster" required id="id_kind_1" checked>' in html
    assert Idea.objects.count() == 0


@pytest.mark.parametrize(("op", "object_id"), [("nope", "1"), ("vote", "x"), ("vote", "999999")])
def test_unknown_op_or_object(client, crew, fox, op, object_id):
    response = client.post(url("demands", fox.token), {"op": op, "id": object_id})

    assert response.status_code == (400 if op == "nope" else 404)
    assert Vote.objects.count() == 0


def test_network_limit(client, settings, crew, fox):
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 1
    client.post(url("board", fox.token), {"op": "post", "text": "First"})

    response = client.post(url("board", fox.token), {"op": "post", "text": "Second, typed"})

    html = response.content.decode()
    assert response.status_code == 429
    assert (
        error_box("Too many changes from this network in the last hour. Try again later.") in html
    )
    assert 'id="id_text">\nSecond, typed</textarea>' in html
    assert Note.objects.count() == 1


# --- public page, hub staff, deletion -------------------------------------------------------


def test_public_page_shows_adopted_demands_only(client, crew, fox):
    kept = actions.propose_demand(member=fox, text="Counselors, not cops")
    actions.propose_demand(member=fox, text="Secret idea not adopted")
    actions.adopt_demand(by=organizer_of(crew), demand=kept)

    html = client.get(reverse("walkouts:walkout", args=[crew.walkout.public_id])).content.decode()

    assert '<h2 id="our-demands-h">Our demands</h2>' in html
    assert "<li>Counselors, not cops</li>" in html
    assert """<h2 id="demands-h">The call's demands</h2>""" in html
    assert "Secret idea not adopted" not in html
    assert "fox" not in html


def test_deleting_the_walkout_deletes_the_crew(client, crew, fox):
    actions.post_note(member=fox, text="bye")
    actions.propose_demand(member=fox, text="x")

    client.post(
        reverse("walkouts:organizer", args=[crew.organizer_token]),
        {"op": "delete", "confirm": "yes"},
    )

    for model in (Crew, Member, Role, PlanItem, Demand, Note, Invite):
        assert (model.__name__, model.objects.count()) == (model.__name__, 0)


def test_hub_staff_see_that_a_crew_exists_and_its_size_not_its_board(client):
    crew, _ = make_crew(status=WalkoutStatus.PENDING, school=SchoolFactory(name="Pending High"))
    fox, _ = add_member(crew, "fox-canary")
    actions.post_note(member=fox, text="Board canary 4411")
    lone = make_crew(status=WalkoutStatus.PENDING, action=crew.walkout.action)[0].walkout
    Crew.objects.filter(walkout=lone).delete()
    staff, _ = make_staff(hub=crew.walkout.action.campaign.hub)
    sign_in_verified(client, staff)

    html = client.get(reverse("hubs:queue")).content.decode()

    assert '<p class="muted crew-size">Crew: 2 members</p>' in html
    assert '<p class="muted crew-size">No crew yet</p>' in html
    assert "fox-canary" not in html
    assert "Board canary 4411" not in html


def test_join_network_limit(client, settings, crew):
    settings.WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR = 1
    token = actions.create_invite(by=organizer_of(crew), max_uses=5, days=1)
    client.post(url("join", token), {"pseudonym": "otter", "stamp": fresh_stamp()})

    response = client.post(url("join", token), {"pseudonym": "badger", "stamp": fresh_stamp()})

    html = response.content.decode()
    assert response.status_code == 429
    assert error_box("Too many forms from this network in the last hour. Try again later.") in html
    assert 'name="pseudonym" value="badger"' in html
    assert list(crew.members.values_list("pseudonym", flat=True)) == ["sunflower", "otter"]


def test_lead_deletes_the_crew_at_once(client, crew, fox):
    crew_id, walkout = crew.pk, crew.walkout
    actions_before = Walkout.objects.filter(pk=walkout.pk).count()

    response = client.post(
        url("people", crew.organizer_token), {"op": "delete_crew", "confirm": "yes"}
    )

    assert response.status_code == 200
    assert "The crew is deleted" in response.content.decode()
    assert Crew.objects.filter(pk=crew_id).count() == 0
    assert Member.objects.filter(crew_id=crew_id).count() == 0
    assert client.get(url("home", fox.token)).status_code == 404
    assert Walkout.objects.filter(pk=walkout.pk).count() == actions_before == 1


def test_delete_crew_without_confirming_deletes_nothing(client, crew, fox):
    response = client.post(url("people", crew.organizer_token), {"op": "delete_crew"})

    assert error_box("Tick the box to confirm that you want to delete the crew.") in (
        response.content.decode()
    )
    assert Crew.objects.filter(pk=crew.pk).count() == 1
    assert client.get(url("home", fox.token)).status_code == 200


def test_member_cannot_delete_the_crew(client, crew, fox):
    response = client.post(url("people", fox.token), {"op": "delete_crew", "confirm": "yes"})

    assert response.status_code == 403
    assert Crew.objects.filter(pk=crew.pk).count() == 1
