"""The national and state maps: projection, clustering, privacy, cache, query counts."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory, make_staff
from tests.helpers import inline_code
from walkout.public import svgmap
from walkout.walkouts import actions
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

HIDDEN = [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
CLEAN = {"inline_scripts": 0, "handlers": [], "style_attributes": [], "style_tags": 0}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def map_url(action):
    return reverse("public:map", args=[action.campaign.slug, action.slug])


def state_url(action, state):
    return reverse("public:state", args=[action.campaign.slug, action.slug, state])


def hidden_walkouts(action, state="WY", lat=41.14, lon=-104.82):
    """Walkouts that must never show, in a state of their own, with private details."""
    return [
        WalkoutFactory(
            action=action,
            status=status,
            school=SchoolFactory(
                name=f"Secret {status} High", state=state, latitude=lat, longitude=lon
            ),
            meeting_spot="Behind the secret gym",
            organizer_notes="Secret organizer note",
            organizer_pseudonym="secretfox",
        )
        for status in HIDDEN
    ]


def circles(html: str) -> list[str]:
    return re.findall(r"<circle [^>]*/>", html)


# --- projection and drawing ------------------------------------------------------------------

# d3-geo 3.1.1: geoAlbersUsa().scale(1300).translate([487.5, 305]) of each place.
D3 = {
    "lower48": [
        ((-122.4194, 37.7749), (34.84109325358304, 261.43554026274137)),
        ((-87.6298, 41.8781), (638.2196155652965, 226.11226483166013)),
        ((-74.006, 40.7128), (869.7187650199265, 215.74052187301095)),
        ((-80.1918, 25.7617), (822.7383158297632, 572.5407791128295)),
    ],
    # Ours sit 30 and 20 px right of d3's, to keep the Aleutians in the frame.
    "alaska": [((-149.9003, 61.2181), (112.277427569713 + 30, 544.2779162203778))],
    "hawaii": [((-157.8583, 21.3069), (266.95994676863154 + 20, 549.1903729395863))],
}


@pytest.mark.parametrize("inset", sorted(D3))
def test_projection_matches_d3_albers_usa(inset):
    for (lon, lat), (x, y) in D3[inset]:
        px, py = svgmap.INSETS[inset](lon, lat)
        assert (round(px, 9), round(py, 9)) == (round(x, 9), round(y, 9))


def test_points_land_in_their_state_inset_and_pacific_territories_are_off_the_map():
    x, y = svgmap.project_point("PR", -66.1057, 18.4655)  # San Juan

    assert 838 < x < 975 and 576 < y < 620  # inside the Caribbean box
    assert svgmap.project_point("GU", 144.79, 13.44) is None
    assert svgmap.project_point("AS", -170.7, -14.28) is None


def test_every_state_and_puerto_rico_is_drawn_inside_the_frame():
    paths = svgmap.national_paths()

    assert len(paths) == 53  # 50 states, DC, Puerto Rico, the U.S. Virgin Islands
    assert {"AK", "HI", "PR", "VI", "DC"} <= set(paths)
    for code, d in paths.items():
        absolute = [float(n) for n in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", d)[0]]
        assert 0 <= absolute[0] <= 975 and 0 <= absolute[1] <= 620, code


def test_clusters_group_a_grid_cell_and_keep_counts():
    groups = svgmap.clusters([(1, 1), (3, 3), (7.9, 0), (9, 9)], cell=8)

    assert sorted(groups) == [(11.9 / 3, 4 / 3, 3), (9.0, 9.0, 1)]


def test_circle_area_is_proportional_to_the_count():
    assert svgmap.radius(4, 1.5) == 2 * svgmap.radius(1, 1.5)
    assert svgmap.radius(100, 1.0) == 10.0


def test_circles_scale_to_the_busiest_cell_within_limits():
    assert svgmap.unit_for([(0, 0, 400), (1, 1, 1)], biggest=20) == 1.0
    assert svgmap.unit_for([(0, 0, 10_000)], biggest=20) == 1.0  # a lone walkout: 1 px
    assert svgmap.unit_for([(0, 0, 4)], biggest=20) == 6.0  # few walkouts: still visible
    assert svgmap.unit_for([(0, 0, 64)], biggest=20) == 2.5


def test_national_svg_links_every_state_and_escapes_labels():
    svg = svgmap.national_svg(
        [("IL", 41.88, -87.63), ("IL", 41.881, -87.631), ("GU", 13.44, 144.79)],
        state_url=lambda code: f"/s/{code}/?a=1&b=2",
        state_label=lambda code: f"{code} <&> 1",
        title='Map "of" walkouts',
    )

    assert svg.count("<a href=") == 53
    assert '<a href="/s/IL/?a=1&amp;b=2" aria-label="IL &lt;&amp;&gt; 1">' in svg
    assert 'aria-label="Map &quot;of&quot; walkouts"' in svg
    assert len(circles(svg)) == 1  # both Chicago walkouts in one cell; Guam is off the map
    assert inline_code(svg) == CLEAN


def test_state_svg_draws_the_state_and_its_walkouts():
    svg = svgmap.state_svg("AK", [(61.2, -149.9), (51.88, -176.65)], title="Alaska")

    assert svg.startswith('<svg class="map state" viewBox="0 0 640 ')
    assert len(circles(svg)) == 2
    assert svgmap.state_svg("ZZ", [], title="x") == ""


# --- the map page ----------------------------------------------------------------------------


def test_map_page_shows_listed_walkouts_only():
    action = ActionFactory()
    hidden_walkouts(action)
    WalkoutFactory(action=action, school=SchoolFactory(name="Listed Chicago High"))
    WalkoutFactory(
        action=action,
        school=SchoolFactory(state="CA", city="Oakland", latitude=37.8, longitude=-122.27),
    )

    response = client_get(map_url(action))
    html = response.content.decode()

    assert response.status_code == 200
    assert len(circles(html)) == 2
    assert 'aria-label="Illinois: 1 walkout"' in html
    assert 'aria-label="Wyoming: 0 walkouts"' in html
    assert "<td>Wyoming</td>" not in html and ">Wyoming</a></td>" not in html
    for secret in ("Secret", "secretfox", "Behind the secret gym", "Secret organizer note"):
        assert secret not in html
    assert inline_code(html) == CLEAN


def test_map_page_text_alternative_lists_counts_by_state_and_places_off_the_map():
    action = ActionFactory()
    WalkoutFactory(action=action)
    WalkoutFactory(
        action=action,
        school=SchoolFactory(state="GU", city="Hagatna", latitude=13.47, longitude=144.75),
    )

    html = client_get(map_url(action)).content.decode()

    table = html[html.index('<table class="counts">') :]
    assert f'<a href="{state_url(action, "IL")}">Illinois</a></td><td>1</td>' in table
    assert f'<a href="{state_url(action, "GU")}">Guam</a></td><td>1</td>' in table
    assert f'Not on the map: <a href="{state_url(action, "GU")}">Guam</a> (1)' in html


@pytest.mark.parametrize("n", [1, 3])
def test_map_page_query_count(django_assert_num_queries, n):
    action = ActionFactory()
    hidden_walkouts(action)
    for i in range(n):
        WalkoutFactory(action=action, school=SchoolFactory(latitude=30 + 3 * i, longitude=-90))

    # The action, the counts by state (with deleted walkouts' tallies), the points.
    with django_assert_num_queries(3):
        html = client_get(map_url(action)).content.decode()

    assert len(circles(html)) == n


def test_map_page_is_served_from_cache_until_a_walkout_changes(django_assert_num_queries):
    action = ActionFactory()
    WalkoutFactory(action=action)
    pending = WalkoutFactory(action=action, status=WalkoutStatus.PENDING)
    staff, _ = make_staff(hub=action.campaign.hub)
    first = client_get(map_url(action))

    with django_assert_num_queries(0):
        again = client_get(map_url(action))
    actions.approve_walkout(pending, staff=staff)
    after = client_get(map_url(action))

    assert again.content == first.content
    assert again.headers["Cache-Control"] == "no-store"
    assert 'aria-label="Illinois: 1 walkout"' in first.content.decode()
    assert 'aria-label="Illinois: 2 walkouts"' in after.content.decode()


def test_map_page_in_spanish():
    action = ActionFactory()
    WalkoutFactory(action=action)

    response = client_get("/es" + map_url(action))

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_map_page_without_boundary_data_keeps_its_text(monkeypatch, caplog):
    action = ActionFactory()
    WalkoutFactory(action=action)

    def missing():
        raise svgmap.MapDataMissing("node_modules/us-atlas/states-10m.json is missing")

    monkeypatch.setattr(svgmap, "national_paths", missing)
    html = client_get(map_url(action)).content.decode()

    assert "<svg" not in html
    assert "The map can't be drawn right now." in html
    assert '<table class="counts">' in html
    assert "us-atlas" in caplog.text


def test_unknown_action_map_is_404():
    assert client_get("/c/nope/nothing/map/").status_code == 404


# --- state pages -----------------------------------------------------------------------------


def test_state_page_map_and_list_show_listed_walkouts_only():
    action = ActionFactory()
    hidden_walkouts(action, state="IL", lat=41.9, lon=-87.7)
    WalkoutFactory(action=action, school=SchoolFactory(name="Listed Chicago High"))

    html = client_get(state_url(action, "IL")).content.decode()

    assert '<svg class="map state"' in html
    assert len(circles(html)) == 1
    assert "Listed Chicago High" in html
    assert "1 walkout listed" in html
    for secret in ("Secret", "secretfox", "Behind the secret gym", "Secret organizer note"):
        assert secret not in html


def test_state_page_pages(monkeypatch):
    monkeypatch.setattr("walkout.public.views.STATE_PAGE_SIZE", 2)
    action = ActionFactory()
    for name in ("A High", "B High", "C High"):
        WalkoutFactory(action=action, school=SchoolFactory(name=name))

    first = client_get(state_url(action, "IL")).content.decode()
    second = client_get(state_url(action, "IL") + "?page=2").content.decode()

    assert first.count('<li class="card">') == 2 and "C High" not in first
    assert second.count('<li class="card">') == 1 and "C High" in second
    assert "Page 2 of 2" in second
    assert '<a href="?page=1" rel="prev">Previous</a>' in second


@pytest.mark.parametrize("page", ["0", "3", "abc", "-1"])
def test_state_page_bad_page_is_404(monkeypatch, page):
    monkeypatch.setattr("walkout.public.views.STATE_PAGE_SIZE", 2)
    action = ActionFactory()
    WalkoutFactory(action=action)

    assert client_get(state_url(action, "IL") + f"?page={page}").status_code == 404


def test_unknown_state_is_404():
    assert client_get(state_url(ActionFactory(), "ZZ")).status_code == 404


def client_get(url, **extra):
    from django.test import Client

    return Client().get(url, **extra)


def test_system_check_warns_when_boundary_data_is_missing(settings, tmp_path):
    from walkout.public.apps import check_map_data

    assert check_map_data() == []
    settings.BASE_DIR = tmp_path

    (warning,) = check_map_data()
    assert warning.id == "walkout.W001"
    assert (
        warning.msg
        == "node_modules/us-atlas/states-10m.json is missing: maps show their text list only."
    )
