import pytest

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from walkout.walkouts import nearby
from walkout.walkouts.models import WalkoutStatus
from walkout.walkouts.queries import listed_walkouts

pytestmark = pytest.mark.django_db

CHICAGO = nearby.Point(41.8781, -87.6298)


def school_at(name, lat, lon, **extra):
    return SchoolFactory(name=name, latitude=lat, longitude=lon, **extra)


# --- parsing and distances -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("41.88,-87.63", nearby.Point(41.88, -87.63)),
        (" 41.88 , -87.63 ", nearby.Point(41.88, -87.63)),
        ("-90,180", nearby.Point(-90.0, 180.0)),
        ("18,-66", nearby.Point(18.0, -66.0)),
    ],
)
def test_parse_point_reads_latitude_then_longitude(text, point):
    assert nearby.parse_point(text) == point


@pytest.mark.parametrize(
    "text", ["", "abc", "41.88", "91,0", "0,181", "1e3,2", "nan,0", "41.88;-87"]
)
def test_parse_point_refuses_anything_else(text):
    assert nearby.parse_point(text) is None


def test_haversine_known_distance():
    # Chicago to New York: 1,144 km along the great circle (mean Earth radius).
    assert round(nearby.haversine_km(41.8781, -87.6298, 40.7128, -74.0060)) == 1144
    assert nearby.haversine_km(10, 20, 10, 20) == 0


def test_bounding_box_wraps_at_the_antimeridian():
    adak = nearby.Point(51.88, -176.66)
    east = school_at("Far West Aleutian School", 52.0, 179.9, state="AK")
    west = school_at("Adak School", 51.88, -176.64, state="AK")
    school_at("Anchorage School", 61.2, -149.9, state="AK")

    found = nearby.schools_within(adak, 300)

    assert set(found) == {east.pk, west.pk}
    assert round(found[west.pk], 1) == 1.4


# --- ranking ---------------------------------------------------------------------------------


def test_walkouts_near_are_nearest_first_within_the_radius():
    action = ActionFactory()
    far = WalkoutFactory(action=action, school=school_at("Milwaukee High", 43.0389, -87.9065))
    near = WalkoutFactory(action=action, school=school_at("Loop High", 41.8800, -87.6300))
    middle = WalkoutFactory(action=action, school=school_at("Evanston High", 42.0451, -87.6877))

    found = nearby.walkouts_near(CHICAGO, 40)
    wider = nearby.walkouts_near(CHICAGO, 200)

    assert [n.walkout for n in found] == [near, middle]
    assert [round(n.distance_km, 1) for n in found] == [0.2, 19.2]
    assert [n.walkout for n in wider] == [near, middle, far]


def test_walkouts_near_lists_only_listed_walkouts():
    action = ActionFactory()
    listed = WalkoutFactory(action=action, school=school_at("Listed High", 41.88, -87.63))
    for status in (WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED):
        WalkoutFactory(
            action=action, status=status, school=school_at(f"{status} High", 41.88, -87.63)
        )

    assert [n.walkout for n in nearby.walkouts_near(CHICAGO, 10)] == [listed]


def test_walkouts_near_keeps_to_the_walkouts_given():
    mine, other = ActionFactory(), ActionFactory()
    school = school_at("Loop High", 41.88, -87.63)
    kept = WalkoutFactory(action=mine, school=school)
    WalkoutFactory(action=other, school=school)

    found = nearby.walkouts_near(CHICAGO, 10, listed_walkouts(mine))

    assert [n.walkout for n in found] == [kept]


def test_walkouts_near_limit():
    action = ActionFactory()
    for i in range(5):
        WalkoutFactory(action=action, school=school_at(f"School {i}", 41.88 + i / 100, -87.63))

    assert len(nearby.walkouts_near(CHICAGO, 50, limit=3)) == 3
    assert len(nearby.ranked_near(CHICAGO, 50)) == 5


def test_ranked_near_query_count_does_not_grow(django_assert_num_queries):
    action = ActionFactory()
    for i in range(3):
        WalkoutFactory(action=action, school=school_at(f"School {i}", 41.88, -87.63 + i / 100))

    # Schools in the box, then their listed walkouts; then one page of full rows.
    with django_assert_num_queries(3):
        found = nearby.walkouts_near(CHICAGO, 50)

    assert len(found) == 3


# --- what a visitor typed --------------------------------------------------------------------


def test_find_places_zip_code():
    assert nearby.find_places("60614") == [
        nearby.Place("zip", "60614", nearby.Point(41.9229, -87.6483), "IL", "Chicago")
    ]


def test_find_places_city_biggest_first_and_state_narrows():
    portland = nearby.find_places("Portland")
    maine = nearby.find_places("portland, me")

    assert [(p.kind, p.name, p.state) for p in portland[:2]] == [
        ("city", "Portland", "OR"),
        ("city", "Portland", "ME"),
    ]
    assert [(p.name, p.state) for p in maine] == [("Portland", "ME")]


def test_find_places_school_names_after_cities():
    school = school_at("Whitney Young Magnet High School", 41.878, -87.665)
    SchoolFactory(name="Whitney Hidden High", confirmed=False)

    assert nearby.find_places("whitney young") == [nearby.school_place(school)]


@pytest.mark.parametrize("text", ["", "00000", "6061", "zzzz qqqq"])
def test_find_places_nothing(text):
    assert nearby.find_places(text) == []


def test_place_of_school_only_confirmed_schools():
    confirmed = SchoolFactory()
    hidden = SchoolFactory(confirmed=False)

    assert nearby.place_of_school(confirmed.pk) == nearby.school_place(confirmed)
    assert nearby.place_of_school(hidden.pk) is None
