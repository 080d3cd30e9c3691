"""The permission matrix: every crew page and every write, for every kind of visitor.

Crew A holds data that could leak (a meeting spot, a board note, a connection message); each
visitor opens every page and sends every write with crew A's object ids. Strangers, removed
members, replaced links, revoked invites and hub staff get the same 404 and change nothing;
members of another crew reach only their own crew; members are refused what only leads may
do, with a 403 and a clear message, and change nothing.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tests.crews.world import PAGES, add_member, make_crew, url
from tests.factories import ActionFactory, SchoolFactory, make_staff
from tests.helpers import fresh_stamp, sign_in_verified
from walkout.common import tokens
from walkout.crews import actions
from walkout.crews.models import (
    Connection,
    Crew,
    Demand,
    Idea,
    Invite,
    Member,
    Note,
    PlanItem,
    Role,
    RoleKind,
    Vote,
)
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.models import Walkout

pytestmark = pytest.mark.django_db

SPOT = "Behind the gym, blue door canary-spot-51"
NOTE = "Bring water canary-note-77"
MESSAGE = "Hello from Kenwood canary-msg-93"


@pytest.fixture
def world():
    today = timezone.now().date()
    action = ActionFactory(date=today - datetime.timedelta(days=1))
    ActionFactory(campaign=action.campaign, date=today + datetime.timedelta(days=21))
    crew, organizer_token = make_crew(
        action=action, school=SchoolFactory(name="Lincoln High"), meeting_spot=SPOT
    )
    lead, lead_token = add_member(crew, "heron", lead=True)
    member, member_token = add_member(crew, "fox")
    removed, removed_token = add_member(crew, "mole")
    actions.remove_member(by=lead, member=removed)
    replaced, replaced_token = add_member(crew, "wren")
    actions.replace_member_link(member=replaced)
    rotated_organizer_token = organizer_token
    organizer_token = walkout_actions.rotate_organizer_link(crew.walkout)

    other, _ = make_crew(action=action, school=SchoolFactory(name="Kenwood Academy"))
    _, other_token = add_member(other, "lynx", lead=True)
    third, _ = make_crew(action=action, school=SchoolFactory(name="Hyde Park High"))

    crew.roles.filter(kind=RoleKind.PRESS).update(holder=lead)
    custom = actions.add_role(by=lead, label="Water")
    demand = actions.propose_demand(member=lead, text="Counselors, not cops")
    actions.vote(member=member, demand=demand)
    voted = actions.propose_demand(member=lead, text="Books, not badges")
    adopted = actions.propose_demand(member=lead, text="No punishment for walking out")
    actions.adopt_demand(by=lead, demand=adopted)
    for voter in crew.members.all():
        actions.vote(member=voter, demand=voted)
    idea = actions.add_idea(member=lead, kind="chant", text="We are here")
    note = actions.post_note(member=lead, text=NOTE)
    invite_token = actions.create_invite(by=lead, max_uses=5, days=3)
    invite = crew.invites.get()
    revoked_token = actions.create_invite(by=lead, max_uses=5, days=3)
    actions.revoke_invite(
        by=lead, invite=Invite.objects.get(token_digest=tokens.digest(revoked_token))
    )
    rotated_invite_token = actions.create_invite(by=lead, max_uses=5, days=3)
    actions.rotate_invite(
        by=lead, invite=Invite.objects.get(token_digest=tokens.digest(rotated_invite_token))
    )
    other_lead = other.members.get(pseudonym="lynx")
    connection = actions.request_connection(
        by=other_lead, walkout=crew.walkout, message=MESSAGE, handle="@kenwood_walks"
    )
    return {
        "crew": crew,
        "tokens": {
            "organizer": organizer_token,
            "lead": lead_token,
            "member": member_token,
            "removed member": removed_token,
            "replaced member link": replaced_token,
            "replaced organizer link": rotated_organizer_token,
            "stranger": tokens.new_token()[0],
            "hub staff": tokens.new_token()[0],
            "other crew": other_token,
        },
        "ids": {
            "open role": crew.roles.get(kind=RoleKind.MEDIA).pk,
            "held role": crew.roles.get(kind=RoleKind.PRESS).pk,
            "custom role": custom.pk,
            "item": crew.plan_items.first().pk,
            "demand": demand.pk,
            "voted demand": voted.pk,
            "adopted demand": adopted.pk,
            "idea": idea.pk,
            "note": note.pk,
            "invite": invite.pk,
            "fox": member.pk,
            "connection": connection.pk,
        },
        "invites": {
            "valid": invite_token,
            "revoked": revoked_token,
            "rotated": rotated_invite_token,
        },
        "third": third.walkout.public_id,
    }


def crew_rows(crew) -> str:
    """Everything of crew A, raw (ciphertexts included), to prove that nothing changed."""
    rows = [
        list(model.objects.filter(crew=crew).order_by("pk").values())
        for model in (Member, Invite, Role, PlanItem, Demand, Idea, Note)
    ]
    rows.append(list(Vote.objects.filter(demand__crew=crew).order_by("pk").values()))
    rows.append(
        list(Connection.objects.filter(Q(from_crew=crew) | Q(to_crew=crew)).order_by("pk").values())
    )
    rows.append(list(Crew.objects.filter(pk=crew.pk).values()))
    rows.append(list(Walkout.objects.filter(pk=crew.walkout_id).values()))
    return repr(rows)


# page, op, data (object names from world["ids"]), who may: "member", "lead" or "reach"
WRITES = [
    ("home", "spot", {"meeting_spot": "Front steps"}, "lead"),
    ("home", "carry", {}, "lead"),
    ("roles", "take", {"id": "open role"}, "member"),
    ("roles", "release", {"id": "held role"}, "lead"),
    ("roles", "assign", {"id": "open role", "member": "fox"}, "lead"),
    ("roles", "add", {"label": "Snacks"}, "lead"),
    ("roles", "delete", {"id": "custom role"}, "lead"),
    ("plan", "add", {"text": "Print flyers"}, "member"),
    ("plan", "state", {"id": "item", "state": "done"}, "member"),
    ("plan", "take", {"id": "item"}, "member"),
    ("plan", "assign", {"id": "item", "member": "fox"}, "lead"),
    ("plan", "delete", {"id": "item"}, "lead"),
    ("demands", "propose", {"text": "Ethnic studies now"}, "member"),
    ("demands", "vote", {"id": "demand"}, "member"),
    ("demands", "unvote", {"id": "voted demand"}, "member"),
    ("demands", "adopt", {"id": "demand"}, "lead"),
    ("demands", "drop", {"id": "adopted demand"}, "lead"),
    ("demands", "delete", {"id": "demand"}, "lead"),
    ("ideas", "add", {"kind": "poster", "text": "Books not badges"}, "member"),
    ("ideas", "delete", {"id": "idea"}, "lead"),
    ("board", "post", {"text": "Meet at 1:50"}, "member"),
    ("board", "delete", {"id": "note"}, "lead"),
    ("schools", "request", {"walkout": "third", "message": "Hi", "handle": "@a"}, "reach"),
    ("schools", "accept", {"id": "connection", "handle": "@lincoln"}, "reach"),
    ("schools", "decline", {"id": "connection"}, "reach"),
    ("people", "invite", {"max_uses": "5", "days": "2"}, "lead"),
    ("people", "revoke", {"id": "invite"}, "lead"),
    ("people", "rotate", {"id": "invite"}, "lead"),
    ("people", "promote", {"id": "fox"}, "lead"),
    ("people", "remove", {"id": "fox"}, "lead"),
    ("people", "leave", {"confirm": "yes"}, "self"),
    ("people", "new_link", {}, "self"),
    ("people", "delete_crew", {"confirm": "yes"}, "lead"),
]
REFUSALS = {
    "lead": "Only crew leads can do this.",
    "reach": "Only crew leads and whoever holds the other-schools role can do this.",
}
SPECIFIC_REFUSALS = {
    ("roles", "release"): "Only its holder or a crew lead can open this role again.",
    ("board", "delete"): "Only its author or a crew lead can delete this note.",
}
LOCKED_OUT = [
    "stranger",
    "removed member",
    "replaced member link",
    "replaced organizer link",
    "hub staff",
]


def post_data(world, op, data) -> dict:
    resolved = {"op": op}
    for key, value in data.items():
        if key in ("id", "member"):
            value = world["ids"][value]
        elif key == "walkout":
            value = world["third"]
        resolved[key] = value
    return resolved


def as_visitor(client, world, who) -> str:
    if who == "hub staff":
        staff, _ = make_staff(hub=world["crew"].walkout.action.campaign.hub)
        sign_in_verified(client, staff)
    return world["tokens"][who]


def _same_404(responses: dict[str, object]) -> None:
    """Same status, same headers, same body apart from the echoed token in the address."""
    assert {r.status_code for r in responses.values()} == {404}
    bodies = {r.content.replace(t.encode(), b"TOKEN") for t, r in responses.items()}
    assert len(bodies) == 1
    body = next(iter(bodies)).decode()
    for secret in (SPOT, NOTE, MESSAGE, "heron", "Lincoln High"):
        assert secret not in body


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", LOCKED_OUT)
def test_locked_out_visitors_get_the_same_404_everywhere_and_change_nothing(client, world, who):
    token = as_visitor(client, world, who)
    reference = tokens.new_token()[0]
    before = crew_rows(world["crew"])

    for page in PAGES:
        responses = {
            token: client.get(url(page, token)),
            reference: client.get(url(page, reference)),
        }
        _same_404(responses)
        assert responses[token].headers["X-Robots-Tag"] == "noindex, noarchive"
    sent = [
        (page, op, client.post(url(page, token), post_data(world, op, data)).status_code)
        for page, op, data, _ in WRITES
    ]

    assert sent == [(page, op, 404) for page, op, _, _ in WRITES]
    assert crew_rows(world["crew"]) == before


@pytest.mark.parametrize("who", ["organizer", "lead", "member"])
def test_members_read_every_page(client, world, who):
    for page in PAGES:
        response = client.get(url(page, world["tokens"][who]))

        html = response.content.decode()
        assert (page, response.status_code) == (page, 200)
        assert response.headers["X-Robots-Tag"] == "noindex, noarchive"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Anyone with this link can see this page." in html
        assert "Crew · Lincoln High" in html


def test_member_of_another_crew_sees_only_their_own(client, world):
    for page in PAGES:
        response = client.get(url(page, world["tokens"]["other crew"]))

        html = response.content.decode()
        assert (page, response.status_code) == (page, 200)
        assert "Crew · Kenwood Academy" in html
        # Lincoln High itself is public (a listed walkout near theirs); its crew's data is not.
        for secret in (SPOT, NOTE, "heron", "Counselors, not cops", "canary"):
            assert (page, secret in html) == (page, False)


def test_meeting_spot_and_board_are_for_members_only(client, world):
    member = world["tokens"]["member"]

    assert SPOT in client.get(url("home", member)).content.decode()
    assert NOTE in client.get(url("board", member)).content.decode()
    public = client.get(reverse("walkouts:walkout", args=[world["crew"].walkout.public_id]))
    assert SPOT not in public.content.decode()


def test_connection_message_is_for_leads_and_outreach_only(client, world):
    member, lead = world["tokens"]["member"], world["tokens"]["lead"]

    assert MESSAGE not in client.get(url("schools", member)).content.decode()
    assert MESSAGE in client.get(url("schools", lead)).content.decode()
    actions.take_role(
        member=world["crew"].members.get(pseudonym="fox"),
        role=world["crew"].roles.get(kind=RoleKind.OUTREACH),
    )
    assert MESSAGE in client.get(url("schools", member)).content.decode()


# --- writing ---------------------------------------------------------------------------------


@contextmanager
def undone():
    """Run one write, then roll it back, so each write meets the same crew."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_member_of_another_crew_cannot_touch_this_crew(client, world):
    before = crew_rows(world["crew"])
    sent = []

    for page, op, data, _ in WRITES:
        if op == "delete_crew":  # deletes their own crew and its connections with this one
            continue
        with undone():
            response = client.post(
                url(page, world["tokens"]["other crew"]), post_data(world, op, data)
            )
            if "id" in data:  # an object of crew A is not found in their crew
                sent.append((page, op, response.status_code))
            assert (page, op, crew_rows(world["crew"]) == before) == (page, op, True)

    assert sent == [(page, op, 404) for page, op, data, _ in WRITES if "id" in data]


# a link shown once, "you left" or "the crew is deleted"
SHOWS_A_PAGE = {"invite", "rotate", "leave", "new_link", "delete_crew"}


def expected(who: str, page: str, op: str, may: str) -> tuple[int, bool, str | None]:
    """(status, whether crew A changed, a message the page must show) for `who` sending `op`."""
    if who == "organizer" and op == "leave":
        return 200, False, "The organizer can&#x27;t leave the crew."
    if who == "organizer" and op == "new_link":
        return 200, False, "Your link is the organizer link: replace it on your organizer page."
    if who == "member" and op == "vote":  # fox voted for it already
        return 200, False, "You already voted for this demand."
    if who == "member" and may in REFUSALS:
        return 403, False, SPECIFIC_REFUSALS.get((page, op), REFUSALS[may])
    return (200 if op in SHOWS_A_PAGE else 302), True, None


@pytest.mark.parametrize("who", ["organizer", "lead", "member"])
def test_members_and_leads(client, world, who):
    token = world["tokens"][who]
    seen, wanted = [], []

    for page, op, data, may in WRITES:
        with undone():
            before = crew_rows(world["crew"])
            response = client.post(url(page, token), post_data(world, op, data))
            status, changed, message = expected(who, page, op, may)
            html = response.content.decode()
            seen.append(
                (
                    page,
                    op,
                    response.status_code,
                    crew_rows(world["crew"]) != before,
                    message is None or message in html,
                    response.headers.get("Location", url(page, token)).startswith(url(page, token)),
                )
            )
            wanted.append((page, op, status, changed, True, True))

    assert seen == wanted


def test_holder_of_outreach_role_may_reach_out(client, world):
    crew = world["crew"]
    fox = crew.members.get(pseudonym="fox")
    actions.take_role(member=fox, role=crew.roles.get(kind=RoleKind.OUTREACH))

    response = client.post(
        url("schools", world["tokens"]["member"]),
        post_data(world, "accept", {"id": "connection", "handle": "@lincoln"}),
    )

    assert response.status_code == 302
    assert Connection.objects.get().status == "accepted"


def test_author_may_delete_own_note(client, world):
    fox = world["crew"].members.get(pseudonym="fox")
    note = actions.post_note(member=fox, text="Mine")

    response = client.post(url("board", world["tokens"]["member"]), {"op": "delete", "id": note.pk})

    assert response.status_code == 302
    assert list(Note.objects.filter(crew=world["crew"]).values_list("pk", flat=True)) == [
        world["ids"]["note"]
    ]


# --- invite links ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["revoked", "rotated"])
def test_revoked_and_rotated_invites_answer_like_random_ones(client, world, which):
    dead, random_token = world["invites"][which], tokens.new_token()[0]
    join = {"pseudonym": "otter", "stamp": fresh_stamp()}

    responses = {
        dead: client.get(url("join", dead)),
        random_token: client.get(url("join", random_token)),
    }
    posted = client.post(url("join", dead), join)

    _same_404(responses)
    assert posted.status_code == 404
    assert not Member.objects.filter(pseudonym="otter").exists()


def test_valid_invite_works(client, world):
    response = client.post(
        url("join", world["invites"]["valid"]), {"pseudonym": "otter", "stamp": fresh_stamp()}
    )

    assert response.status_code == 200
    assert Member.objects.get(pseudonym="otter").crew == world["crew"]
