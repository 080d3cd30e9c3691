import pytest

from tests.factories import HubFactory
from tests.press.conftest import tipline_data
from walkout.press import actions, queries
from walkout.press.models import Tipline

pytestmark = pytest.mark.django_db


def _tipline(hub, outlet, state, metro="", lat=None, lon=None, active=True):
    return Tipline.objects.create(
        hub=hub,
        outlet=outlet,
        state=state,
        metro=metro,
        latitude=lat,
        longitude=lon,
        channel="email",
        tipline="tips@example.com",
        active=active,
        updated_day="2026-01-01",
    )


def test_tiplines_for_a_walkout_nearest_first(hub, crew):
    walkout = crew.walkout  # Chicago, IL
    _tipline(hub, "Statewide Radio", "IL")
    _tipline(hub, "Springfield News", "IL", "Springfield", 39.80, -89.65)
    _tipline(hub, "Chicago Daily", "IL", "Chicago", 41.88, -87.63)
    _tipline(hub, "Gary Post", "IN", "Gary", 41.59, -87.35)  # other state, about 40 km
    _tipline(hub, "Indianapolis Star", "IN", "Indianapolis", 39.77, -86.16)  # 260 km
    _tipline(hub, "Indiana Statewide", "IN")
    _tipline(hub, "Closed Chicago", "IL", "Chicago", 41.88, -87.63, active=False)
    _tipline(HubFactory(), "Other Hub Chicago", "IL", "Chicago", 41.88, -87.63)

    found = queries.tiplines_for(walkout)

    assert [n.tipline.outlet for n in found] == [
        "Chicago Daily",
        "Gary Post",
        "Springfield News",
        "Statewide Radio",
    ]
    assert [round(n.distance_km) if n.distance_km is not None else None for n in found] == [
        1,
        40,
        288,
        None,
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_tiplines_for_is_one_query(hub, crew, django_assert_num_queries, n):
    for i in range(n):
        _tipline(hub, f"Outlet {i}", "IL", "Chicago", 41.88, -87.63)
    walkout = type(crew.walkout).objects.select_related("school", "action__campaign").get()

    with django_assert_num_queries(1):
        found = queries.tiplines_for(walkout)

    assert len(found) == n


def test_directory_filters_by_state_and_activity(hub, admin):
    chicago = actions.create_tipline(staff=admin, data=tipline_data())
    phoenix = actions.create_tipline(
        staff=admin, data=tipline_data(outlet="Arizona Republic", state="AZ", metro="Phoenix")
    )
    closed = actions.create_tipline(staff=admin, data=tipline_data(outlet="Gone Weekly"))
    actions.set_tipline_active(closed, staff=admin, active=False)

    assert list(queries.directory(hub)) == [phoenix, chicago]
    assert list(queries.directory(hub, state="IL")) == [chicago]
    assert list(queries.directory(hub, show="inactive")) == [closed]
    assert list(queries.directory(hub, state="IL", show="all")) == [chicago, closed]
    assert list(queries.directory(HubFactory())) == []


def test_press_contact_of_a_walkout(crew, organizer):
    assert queries.press_contact_of(crew.walkout) == ""
    actions.set_press_contact(by=organizer, handle="lincoln.walkout")
    assert queries.press_contact_of(crew.walkout) == "lincoln.walkout"
