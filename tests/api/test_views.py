"""The public JSON API: only listed walkouts, nothing about organizers, clear errors."""

import datetime
import json

import pytest
from django.utils import translation

from tests.factories import (
    ActionFactory,
    CampaignFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from tests.helpers import dump_everything
from walkout.campaigns.models import ActionStatus
from walkout.walkouts import actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

API = "/api/v1"
HIDDEN = [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
SECRETS = ["Behind the secret gym", "Secret organizer note", "secretfox", "Secret High"]
LOOP = {"latitude": 41.88, "longitude": -87.63}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def action():
    return ActionFactory(
        campaign=CampaignFactory(slug="spring-surge", name="Spring Surge"),
        slug="next-walkout",
        date=datetime.date(2030, 3, 15),
    )


def secret_walkouts(action, **school):
    """A walkout in each state that must never show, and private details everywhere."""
    return [
        WalkoutFactory(
            action=action,
            status=status,
            school=SchoolFactory(name=f"Secret High {status}", **school),
            meeting_spot="Behind the secret gym",
            organizer_notes="Secret organizer note",
            organizer_pseudonym="secretfox",
        )
        for status in HIDDEN
    ]


def listed(action, name="Lincoln High School", **school):
    return WalkoutFactory(
        action=action,
        school=SchoolFactory(name=name, **school),
        meeting_spot="Behind the secret gym",
        organizer_notes="Secret organizer note",
        organizer_pseudonym="secretfox",
    )


def get(client, url, **params):
    return client.get(API + url, params)


def error_of(response) -> dict:
    assert response.headers["Content-Type"] == "application/json"
    return response.json()["error"]


# --- what a walkout looks like ---------------------------------------------------------------


def test_walkout_item_has_exactly_the_public_fields(client, action):
    walkout = listed(action, city="Chicago", state="IL", latitude=41.8858, longitude=-87.6181)

    response = get(client, f"/walkouts/{walkout.public_id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": walkout.public_id,
        "action": action.public_id,
        "school": {"name": "Lincoln High School", "kind": "high", "city": "Chicago", "state": "IL"},
        "lat": 41.8858,
        "lon": -87.6181,
        "timezone": "America/Chicago",
        "starts_at": "2030-03-15T14:00:00-05:00",
        "status": "approved",
        "url": f"http://testserver/w/{walkout.public_id}/",
        "calendar_url": f"http://testserver/w/{walkout.public_id}/calendar.ics",
        "rsvps": 0,
    }


def test_starts_at_carries_each_schools_own_offset(client, action):
    phoenix = listed(action, timezone="America/Phoenix", state="AZ")
    honolulu = listed(action, timezone="Pacific/Honolulu", state="HI")

    items = {i["id"]: i["starts_at"] for i in get(client, "/walkouts").json()["results"]}

    assert items[phoenix.public_id] == "2030-03-15T14:00:00-07:00"
    assert items[honolulu.public_id] == "2030-03-15T14:00:00-10:00"


# --- privacy: nothing unlisted, nothing about organizers ----------------------------------


def test_no_endpoint_shows_unlisted_walkouts_or_organizer_details(client, action):
    hidden = secret_walkouts(action, **LOOP)
    kept = listed(action, **LOOP)
    urls = [
        "/campaigns",
        f"/campaigns/{action.campaign.slug}",
        "/walkouts",
        f"/walkouts?action={action.public_id}",
        "/walkouts?state=IL",
        "/walkouts?q=high",
        "/walkouts?near=60614",
        "/walkouts?near=41.88,-87.63&radius_km=5",
        f"/walkouts/{kept.public_id}",
        "/walkouts.geojson",
        f"/walkouts.geojson?action={action.public_id}",
        "/stats",
        f"/stats?action={action.public_id}",
        "/openapi.json",
        "/",
    ]

    bodies = {url: get(client, url).content.decode() for url in urls}

    for url, body in bodies.items():
        for secret in [*SECRETS, *(w.public_id for w in hidden)]:
            assert (url, secret, secret in body) == (url, secret, False)
    assert kept.public_id in bodies["/walkouts?near=60614"]
    for walkout in hidden:
        assert get(client, f"/walkouts/{walkout.public_id}").status_code == 404
    assert json.loads(bodies["/stats"])["total"] == 1


def test_drafts_and_their_campaigns_stay_out(client, action):
    draft = ActionFactory(campaign=CampaignFactory(slug="secret-plans"), status=ActionStatus.DRAFT)

    campaigns = get(client, "/campaigns").json()
    detail = get(client, "/campaigns/spring-surge").json()

    assert [c["slug"] for c in campaigns["results"]] == ["spring-surge"]
    assert get(client, "/campaigns/secret-plans").status_code == 404
    assert draft.public_id not in json.dumps(detail)


# --- lists, filters and the near search ------------------------------------------------------


def test_campaign_detail_lists_actions_with_counts(client, action):
    listed(action)
    secret_walkouts(action)
    closed = ActionFactory(
        campaign=action.campaign,
        slug="old",
        status=ActionStatus.CLOSED,
        title="Old call",
        date=datetime.date(2026, 2, 13),
    )

    body = get(client, "/campaigns/spring-surge").json()

    assert [(a["slug"], a["status"], a["walkouts"]) for a in body["actions"]] == [
        ("old", "closed", 0),
        ("next-walkout", "open", 1),
    ]
    assert body["actions"][1] == {
        "id": action.public_id,
        "slug": "next-walkout",
        "title": action.title,
        "date": "2030-03-15",
        "local_time": "14:00",
        "status": "open",
        "walkouts": 1,
        "url": "http://testserver/c/spring-surge/next-walkout/",
        "map_url": "http://testserver/c/spring-surge/next-walkout/map/",
        "calendar_url": "http://testserver/c/spring-surge/next-walkout/calendar.ics",
    }
    assert closed.public_id == body["actions"][0]["id"]


def test_filters_by_action_state_and_words(client, action):
    other = ActionFactory(campaign=action.campaign, slug="other")
    chicago = listed(action, "Lincoln High School")
    austin = listed(action, "Travis High School", state="TX", city="Austin")
    elsewhere = listed(other, "Lincoln Park High School")

    def ids(**params):
        return [i["id"] for i in get(client, "/walkouts", **params).json()["results"]]

    assert set(ids()) == {chicago.public_id, austin.public_id, elsewhere.public_id}
    assert set(ids(action=action.public_id)) == {chicago.public_id, austin.public_id}
    assert ids(state="tx") == [austin.public_id]
    assert set(ids(q="lincoln")) == {chicago.public_id, elsewhere.public_id}
    assert ids(q="austin") == [austin.public_id]
    assert ids(q="lincoln", action=other.public_id) == [elsewhere.public_id]


def test_near_orders_by_distance_and_gives_it(client, action):
    loop = listed(action, "Loop High", **LOOP)
    evanston = listed(action, "Evanston High", latitude=42.0451, longitude=-87.6877)
    listed(action, "Milwaukee High", latitude=43.0389, longitude=-87.9065)

    by_zip = get(client, "/walkouts", near="60614").json()
    by_point = get(client, "/walkouts", near="41.88,-87.63", radius_km="10").json()

    assert [(i["id"], i["distance_km"]) for i in by_zip["results"]] == [
        (loop.public_id, 5.0),
        (evanston.public_id, 14.0),
    ]
    assert by_zip["count"] == 2
    assert [(i["id"], i["distance_km"]) for i in by_point["results"]] == [(loop.public_id, 0.0)]
    assert "distance_km" not in get(client, "/walkouts").json()["results"][0]


def test_near_searches_are_never_kept(client, action, django_assert_num_queries):
    listed(action, **LOOP)
    get(client, "/walkouts", near="41.8765,-87.6543")

    with django_assert_num_queries(3):
        get(client, "/walkouts", near="41.8765,-87.6543")

    dump = dump_everything()
    assert "41.8765" not in dump and "87.6543" not in dump


def test_pages(client, action, monkeypatch):
    monkeypatch.setattr("walkout.api.views.PAGE_SIZE", 2)
    made = [listed(action, f"School {i}") for i in range(5)]

    first = get(client, "/walkouts", state="IL").json()
    last = get(client, "/walkouts", state="IL", page="3").json()

    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/walkouts?state=IL&page=2"
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/walkouts?state=IL&page=2"
    seen = [i["id"] for p in (1, 2, 3) for i in get(client, "/walkouts", page=p).json()["results"]]
    assert sorted(seen) == sorted(w.public_id for w in made)


def test_an_empty_list_is_one_empty_page(client, action):
    assert get(client, "/walkouts").json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_geojson_feature_collection(client, action):
    walkout = listed(action, city="Chicago", latitude=41.8858, longitude=-87.6181)

    response = get(client, "/walkouts.geojson", action=action.public_id)

    assert response.headers["Content-Type"] == "application/geo+json"
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-87.6181, 41.8858]},
                "properties": {
                    "id": walkout.public_id,
                    "school": "Lincoln High School",
                    "city": "Chicago",
                    "state": "IL",
                    "starts_at": "2030-03-15T14:00:00-05:00",
                    "url": f"http://testserver/w/{walkout.public_id}/",
                },
            }
        ],
    }


def test_stats_by_state_and_time_zone(client, action):
    secret_walkouts(action, state="WY")
    listed(action)
    listed(action, state="AZ", timezone="America/Phoenix")
    listed(action, state="AZ", timezone="America/Phoenix")

    body = get(client, "/stats", action=action.public_id).json()

    assert body == {
        "action": action.public_id,
        "total": 3,
        "by_state": [
            {"state": "AZ", "name": "Arizona", "count": 2},
            {"state": "IL", "name": "Illinois", "count": 1},
        ],
        "by_timezone": [
            {"timezone": "America/Chicago", "count": 1},
            {"timezone": "America/Phoenix", "count": 2},
        ],
    }


def test_urls_stay_english_whatever_the_browser_language(client, action):
    walkout = listed(action)

    body = client.get(f"{API}/walkouts", HTTP_ACCEPT_LANGUAGE="es").json()

    assert body["results"][0]["url"] == f"http://testserver/w/{walkout.public_id}/"


def test_headers(client, action):
    response = get(client, "/walkouts")

    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "message", "parameter"),
    [
        (
            {"near": "abc"},
            400,
            "near must be a 5-digit ZIP code or latitude,longitude "
            "(for example near=60614 or near=41.88,-87.63).",
            "near",
        ),
        ({"near": "91,0"}, 400, None, "near"),
        ({"near": "00000"}, 400, "Unknown ZIP code 00000.", "near"),
        (
            {"near": "60614", "radius_km": "-5"},
            400,
            "radius_km must be a number above 0 and at most 500.",
            "radius_km",
        ),
        ({"near": "60614", "radius_km": "abc"}, 400, None, "radius_km"),
        ({"near": "60614", "radius_km": "nan"}, 400, None, "radius_km"),
        ({"near": "60614", "radius_km": "501"}, 400, None, "radius_km"),
        ({"radius_km": "5"}, 400, "radius_km needs near.", "radius_km"),
        ({"state": "ZZ"}, 400, "Unknown state 'ZZ': use a two-letter code such as CA.", "state"),
        (
            {"action": "nope"},
            400,
            "Unknown action 'nope': use an action id from /campaigns/.",
            "action",
        ),
        ({"q": "a"}, 400, "q must be 2 to 100 characters long.", "q"),
        ({"page": "0"}, 400, "page must be a whole number from 1.", "page"),
        ({"page": "abc"}, 400, "page must be a whole number from 1.", "page"),
        ({"page": "2"}, 404, "Page 2 does not exist: there are 1.", "page"),
    ],
)
def test_bad_input_gets_a_clear_json_error(client, action, params, status, message, parameter):
    listed(action)

    response = get(client, "/walkouts", **params)
    problem = error_of(response)

    assert response.status_code == status
    assert problem["status"] == status
    assert problem["parameter"] == parameter
    if message:
        assert problem["message"] == message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/walkouts/nope", "No listed walkout 'nope'."),
        ("/campaigns/nope", "No public campaign 'nope'."),
    ],
)
def test_unknown_ids_are_404(client, url, message):
    response = get(client, url)

    assert response.status_code == 404
    assert error_of(response) == {"status": 404, "message": message}


def test_errors_for_other_endpoints(client, action):
    assert get(client, "/stats", action="nope").status_code == 400
    assert get(client, "/walkouts.geojson", action="nope").status_code == 400
    assert get(client, "/campaigns", page="9").status_code == 404


# --- cache -----------------------------------------------------------------------------------


def test_lists_are_cached_until_something_public_changes(client, action, django_assert_num_queries):
    listed(action)
    pending = WalkoutFactory(action=action, status=WalkoutStatus.PENDING)
    staff, _ = make_staff(hub=action.campaign.hub)
    first = get(client, "/walkouts")

    with django_assert_num_queries(0):
        again = get(client, "/walkouts")
    actions.approve_walkout(pending, staff=staff)
    after = get(client, "/walkouts")

    assert again.content == first.content
    assert (first.json()["count"], after.json()["count"]) == (1, 2)
    assert again.headers["Cache-Control"] == "no-store"
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_cached_responses_are_gzipped_for_clients_that_ask(client, action):
    import gzip

    for i in range(20):
        listed(action, f"School {i}")
    plain = get(client, "/walkouts")

    zipped = client.get(f"{API}/walkouts", HTTP_ACCEPT_ENCODING="gzip, br")

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.content) == plain.content


# --- query counts (1 item vs 3) --------------------------------------------------------------

COUNTED = [
    # url, queries: the count of the page (when paginated) and the items; the action when asked
    ("/walkouts", 2),
    ("/walkouts?state=IL&q=high", 2),
    ("/walkouts?near=60614", 3),
    ("/walkouts.geojson", 1),
    ("/stats", 2),
]


@pytest.mark.parametrize(("url", "queries"), COUNTED)
@pytest.mark.parametrize("n", [1, 3])
def test_walkout_endpoints_query_count(client, action, django_assert_num_queries, url, queries, n):
    secret_walkouts(action, **LOOP)
    for i in range(n):
        listed(action, f"Listed High {i}", latitude=41.88 + i / 100, longitude=-87.63)

    with django_assert_num_queries(queries):
        response = get(client, url)

    body = response.json()
    items = body.get("results", body.get("features"))
    assert len(items) == n if items is not None else body["total"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_campaign_endpoints_query_count(client, django_assert_num_queries, n):
    for i in range(n):
        ActionFactory(campaign=CampaignFactory(slug=f"campaign-{i}"))
    campaign = CampaignFactory(slug="many")
    for i in range(n):
        WalkoutFactory(action=ActionFactory(campaign=campaign, slug=f"a-{i}"))

    with django_assert_num_queries(2):
        campaigns = get(client, "/campaigns").json()
    # The campaign, its actions, their counts.
    with django_assert_num_queries(3):
        detail = get(client, "/campaigns/many").json()

    assert campaigns["count"] == n + 1
    assert len(detail["actions"]) == n
