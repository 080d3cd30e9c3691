"""The near-me page: by ZIP code, city, school or the visitor's location."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import dump_everything, inline_code
from walkout.campaigns.models import ActionStatus
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

NEAR = reverse("public:near")
CLEAN = {"inline_scripts": 0, "handlers": [], "style_attributes": [], "style_tags": 0}
# ZIP 60614 is at 41.9229, -87.6483 (Lincoln Park, Chicago).
LINCOLN_PARK = {"latitude": 41.9200, "longitude": -87.6500}
LOOP = {"latitude": 41.8800, "longitude": -87.6300}
MILWAUKEE = {"latitude": 43.0389, "longitude": -87.9065}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def action():
    return ActionFactory(title="Walk out for our families")


def walkout_at(action, name, place, **extra):
    return WalkoutFactory(action=action, school=SchoolFactory(name=name, **place), **extra)


def hidden_walkouts(action, place=LINCOLN_PARK):
    for status in (WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED):
        walkout_at(
            action,
            f"Secret {status} High",
            place,
            status=status,
            meeting_spot="Behind the secret gym",
            organizer_notes="Secret organizer note",
        )


def names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="(?:/es)?/w/[^"]+/">([^<]+)</a>', html)


# --- by ZIP code -----------------------------------------------------------------------------


def test_zip_search_lists_listed_walkouts_nearest_first(client, action):
    hidden_walkouts(action)
    walkout_at(action, "Loop High", LOOP, meeting_spot="Behind the gym")
    walkout_at(action, "Lincoln Park High", LINCOLN_PARK, organizer_pseudonym="sunfox")
    walkout_at(action, "Milwaukee High", MILWAUKEE)

    response = client.get(NEAR, {"q": "60614"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Walkouts within 25 miles of 60614 (Chicago, IL)" in html
    assert names(html) == ["Lincoln Park High", "Loop High"]
    assert "<strong>0.2 mi (0.4 km)</strong>" in html
    assert "<strong>3.1 mi (5.0 km)</strong>" in html
    assert html.count("2:00 PM CST") + html.count("2:00 PM CDT") == 2
    for secret in ("Secret", "Behind the", "sunfox"):
        assert secret not in html
    assert inline_code(html) == CLEAN


def test_wider_radius_reaches_farther(client, action):
    walkout_at(action, "Loop High", LOOP)
    walkout_at(action, "Milwaukee High", MILWAUKEE)

    html = client.get(NEAR, {"q": "60614", "radius": "100"}).content.decode()

    assert names(html) == ["Loop High", "Milwaukee High"]
    assert '<option value="100" selected>100 miles</option>' in html


def test_nothing_near_leads_to_starting_one(client, action):
    walkout_at(action, "Milwaukee High", MILWAUKEE)

    html = client.get(NEAR, {"q": "60614"}).content.decode()

    assert "No walkout is listed within 25 miles yet." in html
    start = reverse("walkouts:start") + f"?action={action.public_id}"
    assert f'<a class="button primary" href="{start}">Start one at your school</a>' in html
    assert "The nearest ones, farther away" in html
    assert names(html) == ["Milwaukee High"]


def test_nothing_anywhere(client, action):
    html = client.get(NEAR, {"q": "60614"}).content.decode()

    assert "No walkout is listed within 25 miles yet." in html
    assert "The nearest ones, farther away" not in html


def test_only_open_calls_unless_one_is_chosen(client, action):
    closed = ActionFactory(status=ActionStatus.CLOSED, title="An old call")
    walkout_at(action, "Open Call High", LOOP)
    walkout_at(closed, "Closed Call High", LOOP)

    open_only = client.get(NEAR, {"q": "60614"}).content.decode()
    chosen = client.get(NEAR, {"q": "60614", "action": closed.public_id}).content.decode()

    assert names(open_only) == ["Open Call High"]
    assert names(chosen) == ["Closed Call High"]
    assert f'<input type="hidden" name="action" value="{closed.public_id}">' in chosen


# --- by city or school -----------------------------------------------------------------------


def test_city_search_offers_other_places_of_that_name(client, action):
    walkout_at(action, "Portland High", {"latitude": 45.52, "longitude": -122.68, "state": "OR"})

    html = client.get(NEAR, {"q": "portland"}).content.decode()

    assert "Walkouts within 25 miles of Portland, OR" in html
    assert names(html) == ["Portland High"]
    assert '<a href="/near/?q=Portland%2C%20ME&amp;radius=25">Portland, ME</a>' in html


def test_school_search_centres_on_the_school(client, action):
    school = SchoolFactory(name="Whitney Young Magnet High School", **LOOP)
    walkout_at(action, "Loop High", LOOP)

    by_name = client.get(NEAR, {"q": "whitney young"}).content.decode()
    by_id = client.get(NEAR, {"school": school.pk}).content.decode()

    heading = "Walkouts within 25 miles of Whitney Young Magnet High School (Chicago, IL)"
    assert heading in by_name
    assert heading in by_id
    assert names(by_name) == ["Loop High"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "xyzzy",
            "We couldn't find “xyzzy”. Try a 5-digit ZIP code, a city such as “Austin, TX”, "
            "or your school's name.",
        ),
        ("123", "A ZIP code has 5 digits."),
        (
            "00000",
            "We couldn't find “00000”. Try a 5-digit ZIP code, a city such as “Austin, TX”, "
            "or your school's name.",
        ),
        ("", "Enter a ZIP code, a city or your school's name."),
    ],
)
def test_unknown_place_says_what_to_type_and_keeps_it(client, action, query, message):
    walkout_at(action, "Loop High", LOOP)

    response = client.get(NEAR, {"q": query})
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<ul class="errorlist" id="id_q_error"><li>{escape(message)}</li></ul>' in html
    assert f'name="q" value="{query}"' in html or (query == "" and 'name="q"' in html)
    assert names(html) == []


def test_unknown_or_hidden_school_is_an_error(client, action):
    hidden = SchoolFactory(confirmed=False)

    for school_id in (hidden.pk, 999999):
        html = client.get(NEAR, {"school": school_id}).content.decode()
        assert "That school is not in the directory." in html


def test_bad_radius_is_an_error(client, action):
    html = client.get(NEAR, {"q": "60614", "radius": "-5"}).content.decode()

    assert 'id="id_radius_error"' in html
    assert "Select a valid choice. -5 is not one of the available choices." in html


# --- by the visitor's location ---------------------------------------------------------------

CANARY = {"lat": "39.741293", "lon": "-104.987654"}  # Denver
DENVER = {"latitude": 39.7000, "longitude": -105.0000, "state": "CO", "city": "Denver"}


def test_location_search_is_used_once_and_never_kept(client, action):
    walkout_at(action, "Denver High", DENVER)
    walkout_at(action, "Loop High", LOOP)

    response = client.post(NEAR, {**CANARY, "radius": "25"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Walkouts within 25 miles of you" in html
    assert names(html) == ["Denver High"]
    assert "<strong>2.8 mi (4.5 km)</strong>" in html
    dump = dump_everything()
    for text in ("39.741293", "-104.987654", "39.74", "-104.99", "39.741", "104.988"):
        assert (text, text in dump) == (text, False)
        assert (text, text in html) == (text, False)


def test_location_is_rounded_to_about_a_kilometre(client, action):
    # 0.004 degrees off the school: rounding puts the search on the school itself.
    walkout_at(action, "Lincoln Park High", {"latitude": 41.92, "longitude": -87.65})

    html = client.post(NEAR, {"lat": "41.9162", "lon": "-87.6539"}).content.decode()

    assert "<strong>under 0.1 mi</strong>" in html


@pytest.mark.parametrize("data", [{"lat": "999", "lon": "0"}, {"lat": "x", "lon": "y"}, {}])
def test_unreadable_location_is_an_error(client, action, data):
    html = client.post(NEAR, data).content.decode()

    assert "We couldn't read that location. Type your ZIP code instead." in html
    assert names(html) == []


def test_location_needs_the_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(NEAR, CANARY)

    assert response.status_code == 403


# --- the page itself -------------------------------------------------------------------------


def test_only_the_near_page_may_ask_for_the_location(client, action):
    near = client.get(NEAR)
    home = client.get(reverse("public:home"))

    policy = dict(p.split("=") for p in near.headers["Permissions-Policy"].split(", "))
    assert policy["geolocation"] == "(self)"
    assert policy["camera"] == policy["microphone"] == "()"
    assert "geolocation=()" in home.headers["Permissions-Policy"]
    assert near.headers["Cache-Control"] == "no-store"


def test_location_button_waits_for_javascript(client, action):
    html = client.get(NEAR).content.decode()

    assert '<form method="post" action="/near/" id="locate" class="locate" hidden' in html
    assert '<script src="/static/walkout/locate.js" defer></script>' in html
    assert inline_code(html) == CLEAN


def test_searches_are_never_cached(client, action, django_assert_num_queries):
    walkout_at(action, "Loop High", LOOP)
    client.get(NEAR, {"q": "60614"})

    with django_assert_num_queries(4):
        client.get(NEAR, {"q": "60614"})

    assert "60614" not in dump_everything()


@pytest.mark.parametrize("n", [1, 3])
def test_near_query_count(client, action, django_assert_num_queries, n):
    hidden_walkouts(action)
    for i in range(n):
        walkout_at(action, f"Chicago High {i}", {"latitude": 41.90 + i / 100, "longitude": -87.65})

    # Open calls, schools in the box, their listed walkouts, one page of full rows.
    with django_assert_num_queries(4):
        html = client.get(NEAR, {"q": "60614"}).content.decode()

    assert len(names(html)) == n


def test_near_page_in_spanish(client, action):
    walkout_at(action, "Loop High", LOOP)

    html = client.get("/es/near/", {"q": "60614"}).content.decode()

    assert '<html lang="es">' in html
    assert names(html) == ["Loop High"]
