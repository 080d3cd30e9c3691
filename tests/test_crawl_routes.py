"""The crawl's registry (tests/crawl_routes.py) names every URL pattern of the site, so that a
new page is crawled (tests/browser/test_crawl.py) or skipped for a stated reason."""

import pytest

from tests.crawl_routes import HUB_ROLES, ROUTES, STRANGER, all_patterns, visits
from walkout.people.models import StaffRole


def test_every_route_is_in_the_registry():
    names = {name for name, _ in all_patterns()}

    assert sorted(names - set(ROUTES)) == []
    assert sorted(set(ROUTES) - names) == []


@pytest.mark.parametrize(("name", "route"), ROUTES.items(), ids=list(ROUTES))
def test_every_route_is_visited_or_says_why_not(name, route):
    assert bool(route.roles) != bool(route.skip)


def test_every_staff_role_visits_the_console():
    roles = {visit.role for visit in visits()}

    assert tuple(f"hub-{role}" for role in StaffRole.values) == HUB_ROLES
    assert set(HUB_ROLES) <= roles
    assert STRANGER in roles
