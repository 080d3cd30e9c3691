import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    SchoolFactory,
    WalkoutFactory,
)
from walkout.campaigns.models import ActionStatus
from walkout.common import tokens
from walkout.walkouts import actions, queries
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


HIDDEN_STATUSES = [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]


def hidden_walkouts(action, school_name="Hidden High", state="IL"):
    """One walkout of each state that must never be listed, with recognisable names."""
    return [
        WalkoutFactory(
            action=action,
            school=SchoolFactory(name=f"{school_name} {status}", state=state),
            status=status,
            description=f"Secret {status} text",
        )
        for status in HIDDEN_STATUSES
    ]


# --- listed_walkouts, state_counts, walkouts_in_state ----------------------------------------


def test_listed_walkouts_only_approved():
    action = ActionFactory()
    hidden_walkouts(action)
    approved = WalkoutFactory(action=action, status=WalkoutStatus.APPROVED)

    assert list(queries.listed_walkouts()) == [approved]
    assert list(queries.listed_walkouts(action)) == [approved]


def test_listed_walkouts_for_action_excludes_other_actions():
    action, other = ActionFactory(), ActionFactory()
    mine = WalkoutFactory(action=action)
    theirs = WalkoutFactory(action=other)

    assert list(queries.listed_walkouts(action)) == [mine]
    assert list(queries.listed_walkouts(other)) == [theirs]


def test_listed_walkouts_ordered_by_start_then_school_name():
    action = ActionFactory(date=datetime.date(2026, 12, 18))
    honolulu = WalkoutFactory(
        action=action, school=SchoolFactory(name="Aloha High", timezone="Pacific/Honolulu")
    )
    new_york_b = WalkoutFactory(
        action=action, school=SchoolFactory(name="Beta High", timezone="America/New_York")
    )
    new_york_a = WalkoutFactory(
        action=action, school=SchoolFactory(name="Alpha High", timezone="America/New_York")
    )

    assert list(queries.listed_walkouts(action)) == [new_york_a, new_york_b, honolulu]


def test_state_counts_only_listed_walkouts():
    action = ActionFactory()
    hidden_walkouts(action, state="CA")
    hidden_walkouts(action, state="TX")
    for _ in range(2):
        WalkoutFactory(action=action, school=SchoolFactory(state="IL"))
    WalkoutFactory(action=action, school=SchoolFactory(state="AZ"))
    WalkoutFactory(school=SchoolFactory(state="NY"))  # another action

    assert queries.state_counts(action) == [("AZ", 1), ("IL", 2)]


def test_walkouts_in_state_only_listed_and_ordered_by_city_and_name():
    action = ActionFactory()
    hidden_walkouts(action, state="IL")
    b = WalkoutFactory(action=action, school=SchoolFactory(name="B High", city="Aurora"))
    a = WalkoutFactory(action=action, school=SchoolFactory(name="A High", city="Chicago"))
    c = WalkoutFactory(action=action, school=SchoolFactory(name="C High", city="Chicago"))
    WalkoutFactory(action=action, school=SchoolFactory(state="WI"))

    assert list(queries.walkouts_in_state(action, "IL")) == [b, a, c]


def test_approved_walkout_at():
    action = ActionFactory()
    school = SchoolFactory()
    WalkoutFactory(action=action, school=school, status=WalkoutStatus.PENDING)
    assert queries.approved_walkout_at(action, school) is None

    approved = WalkoutFactory(action=action, school=school)

    assert queries.approved_walkout_at(action, school) == approved
    assert queries.approved_walkout_at(ActionFactory(), school) is None


# --- walkout_by_link, walkout_for_organizer --------------------------------------------------


@pytest.mark.parametrize(
    "status", [WalkoutStatus.PENDING, WalkoutStatus.APPROVED, WalkoutStatus.CANCELLED]
)
def test_walkout_by_link_finds_non_rejected(status):
    walkout = WalkoutFactory(status=status)

    assert queries.walkout_by_link(walkout.public_id) == walkout


def test_walkout_by_link_hides_rejected():
    walkout = WalkoutFactory(status=WalkoutStatus.REJECTED)

    assert queries.walkout_by_link(walkout.public_id) is None


def test_walkout_by_link_unknown():
    WalkoutFactory()

    assert queries.walkout_by_link("not-a-walkout") is None
    assert queries.walkout_by_link("") is None


@pytest.mark.parametrize("status", list(WalkoutStatus))
def test_walkout_for_organizer_right_token_any_state(status):
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(status=status, organizer_token_digest=digest)

    assert queries.walkout_for_organizer(token) == walkout


def test_walkout_for_organizer_wrong_token():
    token, digest = tokens.new_token()
    WalkoutFactory(organizer_token_digest=digest)
    wrong = ("A" if token[0] != "A" else "B") + token[1:]

    assert queries.walkout_for_organizer(wrong) is None
    assert queries.walkout_for_organizer(tokens.new_token()[0]) is None


@pytest.mark.parametrize(
    "malformed",
    ["", "abc", "x" * 42, "x" * 44, "!" * 43, "a" * 42 + ".", None],
)
def test_walkout_for_organizer_malformed_token(malformed):
    WalkoutFactory()

    assert queries.walkout_for_organizer(malformed) is None


def test_walkout_for_organizer_digest_is_not_a_token():
    # Knowing the stored digest (from a leaked dump) does not open the organizer page.
    token, digest = tokens.new_token()
    WalkoutFactory(organizer_token_digest=digest)

    assert queries.walkout_for_organizer(digest) is None
    assert queries.walkout_for_organizer(digest[:43]) is None


def test_walkout_for_organizer_rotated_token():
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(organizer_token_digest=digest)

    new = actions.rotate_organizer_link(walkout)

    assert queries.walkout_for_organizer(token) is None
    assert queries.walkout_for_organizer(new) == walkout


# --- search_schools --------------------------------------------------------------------------


@pytest.fixture
def directory():
    return {
        "lincoln_chicago": SchoolFactory(
            name="Lincoln High School", city="Chicago", zip_code="60614"
        ),
        "lincoln_ny": SchoolFactory(
            name="Lincoln Academy", city="New York", state="NY", zip_code="10001"
        ),
        "kenwood": SchoolFactory(name="Kenwood Academy", city="Chicago", zip_code="60615"),
        "phoenix": SchoolFactory(
            name="Central High School", city="Phoenix", state="AZ", zip_code="85001"
        ),
        # Added by a student and not yet confirmed by a moderator: never in the directory.
        "unconfirmed": SchoolFactory(
            name="Lincoln Hoax School", city="Chicago", zip_code="60614", confirmed=False
        ),
    }


def test_search_schools_by_zip_prefix(directory):
    assert queries.search_schools("606") == [directory["kenwood"], directory["lincoln_chicago"]]
    assert queries.search_schools("60614") == [directory["lincoln_chicago"]]
    assert queries.search_schools("85") == [directory["phoenix"]]
    assert queries.search_schools("99") == []


def test_search_schools_by_name(directory):
    assert queries.search_schools("lincoln") == [
        directory["lincoln_ny"],
        directory["lincoln_chicago"],
    ]
    assert queries.search_schools("Lincoln H.S.") == [directory["lincoln_chicago"]]
    assert queries.search_schools("  KENWOOD  ") == [directory["kenwood"]]


def test_search_schools_by_city(directory):
    assert queries.search_schools("chicago") == [
        directory["kenwood"],
        directory["lincoln_chicago"],
    ]
    assert queries.search_schools("New York") == [directory["lincoln_ny"]]


def test_search_schools_hides_unconfirmed(directory):
    assert directory["unconfirmed"] not in queries.search_schools("Hoax")
    assert queries.search_schools("Hoax") == []


def test_search_schools_too_short(directory):
    assert queries.search_schools("") == []
    assert queries.search_schools("L") == []
    assert queries.search_schools("  6 ") == []


def test_search_schools_limited():
    for n in range(queries.SEARCH_LIMIT + 5):
        SchoolFactory(name=f"Roosevelt {n:02d}")

    found = queries.search_schools("Roosevelt")

    assert [s.name for s in found] == [f"Roosevelt {n:02d}" for n in range(queries.SEARCH_LIMIT)]


# --- query counts of every list page (1 item vs 3 items) -------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count(client, django_assert_num_queries, n):
    for _ in range(n):
        ActionFactory(status=ActionStatus.OPEN)
        ActionFactory(status=ActionStatus.CLOSED)
    ActionFactory(status=ActionStatus.DRAFT, title="Unpublished draft call")

    with django_assert_num_queries(1):
        response = client.get(reverse("public:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<li class="card">') == 2 * n
    assert "Unpublished draft call" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_state_page_query_count(client, django_assert_num_queries, n):
    action = ActionFactory()
    hidden_walkouts(action)
    for i in range(n):
        WalkoutFactory(action=action, school=SchoolFactory(name=f"Listed High {i}"))
    url = reverse("public:state", args=[action.campaign.slug, action.slug, "IL"])

    # The action, the map's points (which also count the pages), one page of walkouts.
    with django_assert_num_queries(3):
        response = client.get(url)

    html = response.content.decode()
    assert html.count('<li class="card">') == n
    assert [f"Listed High {i}" in html for i in range(n)] == [True] * n
    assert "Hidden High" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_states_list_query_count(client, django_assert_num_queries, n):
    action = ActionFactory()
    hidden_walkouts(action, state="TX")
    states = ["AZ", "CA", "IL"][:n]
    for state in states:
        WalkoutFactory(action=action, school=SchoolFactory(state=state))
    url = reverse("public:states", args=[action.campaign.slug, action.slug])

    with django_assert_num_queries(2):
        response = client.get(url)

    html = response.content.decode()
    assert html.count("<tr><td>") == n
    assert "Texas" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_start_search_results_query_count(client, django_assert_num_queries, n):
    action = ActionFactory()
    for i in range(n):
        SchoolFactory(name=f"Lincoln High {i}")
    SchoolFactory(name="Lincoln Unconfirmed", confirmed=False)

    with django_assert_num_queries(2):
        response = client.get(reverse("walkouts:start"), {"q": "Lincoln"})

    html = response.content.decode()
    assert html.count('<li class="card row">') == n
    assert html.count(f'href="/start/{action.public_id}/school/') == n
    assert "Lincoln Unconfirmed" not in html
