import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.crews.world import PAGES, add_member, make_crew, organizer_of, url
from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from walkout.crews import actions, queries
from walkout.walkouts.models import Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


def filled(n: int):
    """A crew with n of everything a page lists, each by a different member, and n
    listed walkouts nearby with a connection each; returns (crew, a lead's token)."""
    crew, _ = make_crew(school=SchoolFactory(name="Lincoln High"))
    lead, token = add_member(crew, "heron", lead=True)
    organizer = organizer_of(crew)
    for i in range(n):
        member, _ = add_member(crew, f"member-{i}")
        role = actions.add_role(by=lead, label=f"Role {i}")
        actions.take_role(member=member, role=role)
        actions.take_role(member=lead, role=actions.add_role(by=lead, label=f"Lead role {i}"))
        item = actions.add_plan_item(member=member, text=f"Item {i}")
        actions.take_item(member=member, item=item)
        demand = actions.propose_demand(member=member, text=f"Demand {i}")
        actions.vote(member=member, demand=demand)
        actions.vote(member=lead, demand=demand)
        actions.add_idea(member=member, kind="chant", text=f"Chant {i}")
        actions.add_idea(member=member, kind="poster", text=f"Poster {i}")
        actions.post_note(member=member, text=f"Note {i}")
        actions.create_invite(by=lead, max_uses=3, days=2)
        other, _ = make_crew(
            action=crew.walkout.action,
            school=SchoolFactory(name=f"Near {i}", latitude=41.88 + i / 100),
        )
        other_lead, _ = add_member(other, f"lead-{i}", lead=True)
        if i % 2:
            actions.request_connection(
                by=organizer, walkout=other.walkout, message="Hi", handle="@a"
            )
        else:
            connection = actions.request_connection(
                by=other_lead, walkout=crew.walkout, message="Hi", handle="@b"
            )
            actions.answer_connection(by=lead, connection=connection, accept=True, handle="@c")
    return crew, token


QUERIES = {
    "home": 4,  # the member (with crew, walkout, school, action), their roles, next action,
    # the walkout's "I'm in" count
    "roles": 3,  # the member, roles with holders, members to assign
    "plan": 3,  # the member, items with owners, members to assign
    "demands": 2,  # the member, demands with vote counts and the member's own vote
    "ideas": 2,  # the member, ideas
    "board": 2,  # the member, notes with authors
    "schools": 5,  # the member, connections, schools in the box, their walkouts, rows
    "people": 4,  # the member, members, their roles, invites
}


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("page", PAGES)
def test_page_query_count(client, django_assert_num_queries, page, n):
    crew, token = filled(n)

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url(page, token))

    assert response.status_code == 200
    html = response.content.decode()
    shown = {
        "roles": "Role",
        "plan": "Item",
        "demands": "Demand",
        "ideas": "Poster",
        "board": "Note",
        "people": "member-",
        "schools": "Near",
    }
    if page in shown:
        assert html.count(f"{shown[page]} {n - 1}" if page != "people" else f"member-{n - 1}")


def _public_page_queries(client, n: int) -> int:
    crew, _ = make_crew()
    organizer = organizer_of(crew)
    for i in range(n):
        demand = actions.propose_demand(member=organizer, text=f"Demand {i}")
        actions.adopt_demand(by=organizer, demand=demand)
    path = reverse("walkouts:walkout", args=[crew.walkout.public_id])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    assert f"<li>Demand {n - 1}</li>" in html
    return len(captured.captured_queries)


def test_public_page_with_adopted_demands_query_count(client):
    # walkout with school and call, adopted demands, "I'm in" count, approved summary
    assert _public_page_queries(client, 1) == _public_page_queries(client, 3) == 4


# --- which link opens what ---------------------------------------------------------------


def test_member_by_token_paths():
    crew, organizer_token = make_crew()
    fox, fox_token = add_member(crew, "fox")

    assert queries.member_by_token(fox_token) == fox
    assert queries.member_by_token(organizer_token) == organizer_of(crew)
    assert queries.member_by_token(fox_token[:-1] + ("A" if fox_token[-1] != "A" else "B")) is None
    assert queries.member_by_token("short") is None
    assert queries.member_by_token("") is None


def test_adopted_demands_of_a_walkout_only():
    crew, _ = make_crew()
    other, _ = make_crew()
    for c, text in ((crew, "Ours"), (other, "Theirs")):
        organizer = organizer_of(c)
        actions.adopt_demand(
            by=organizer, demand=actions.propose_demand(member=organizer, text=text)
        )
    actions.propose_demand(member=organizer_of(crew), text="Not adopted")

    assert queries.adopted_demands(crew.walkout) == ["Ours"]


def test_nearby_walkouts_are_listed_same_action_and_close():
    crew, _ = make_crew(school=SchoolFactory(latitude=41.88, longitude=-87.62))
    action = crew.walkout.action
    near = WalkoutFactory(action=action, school=SchoolFactory(latitude=41.80, longitude=-87.60))
    WalkoutFactory(action=action, status=WalkoutStatus.PENDING, school=SchoolFactory())
    WalkoutFactory(action=ActionFactory(), school=SchoolFactory())
    WalkoutFactory(action=action, school=SchoolFactory(latitude=40.0, longitude=-87.6))
    farther = WalkoutFactory(action=action, school=SchoolFactory(latitude=42.3, longitude=-87.8))

    found = queries.nearby_walkouts(crew.walkout)

    assert [n.walkout for n in found] == [near, farther]
    assert [round(n.distance_km) for n in found] == [9, 49]


def test_with_crew_size_for_hub_staff():
    crew, _ = make_crew()
    add_member(crew, "fox")
    add_member(crew, "owl")
    lone = WalkoutFactory()

    sizes = dict(queries.with_crew_size(Walkout.objects.all()).values_list("pk", "crew_size"))

    assert sizes == {crew.walkout.pk: 3, lone.pk: None}


def test_next_action_is_the_campaigns_next_open_one():
    today = timezone.now().date()
    crew, _ = make_crew(action=ActionFactory(date=today))
    campaign = crew.walkout.action.campaign
    later = ActionFactory(campaign=campaign, date=today + datetime.timedelta(days=40))
    sooner = ActionFactory(campaign=campaign, date=today + datetime.timedelta(days=20))
    ActionFactory(campaign=campaign, date=today + datetime.timedelta(days=10), status="draft")
    ActionFactory(date=today + datetime.timedelta(days=5))  # another campaign

    assert queries.next_action(crew) == sooner
    sooner.delete()
    assert queries.next_action(crew) == later
