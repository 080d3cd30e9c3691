"""Finding walkouts in a browser: the map and the near-me search, on a phone and a desktop,
with JavaScript on and off, in English and Spanish; axe-core on each page. The conftest
checks that no request leaves the site and that the console stays clean."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits, submit
from tests.browser.test_accessibility import CHECKED, audit
from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from walkout.walkouts.models import SchoolSource, WalkoutStatus

pytestmark = pytest.mark.browser

LOOP = {"latitude": 41.88, "longitude": -87.63, "city": "Chicago", "zip_code": "60604"}


@pytest.fixture
def world():
    action = ActionFactory(date=datetime.date.today() + datetime.timedelta(days=21))
    WalkoutFactory(
        action=action,
        school=SchoolFactory(name="Loop Demo High School", source=SchoolSource.DEMO, **LOOP),
    )
    WalkoutFactory(
        action=action,
        school=SchoolFactory(
            name="Lincoln Park High School", latitude=41.92, longitude=-87.65, zip_code="60614"
        ),
    )
    WalkoutFactory(
        action=action,
        school=SchoolFactory(
            name="Desert Vista High School",
            city="Phoenix",
            state="AZ",
            latitude=33.45,
            longitude=-112.07,
            timezone="America/Phoenix",
        ),
    )
    WalkoutFactory(
        action=action,
        school=SchoolFactory(
            name="Roberto Clemente High School",
            city="San Juan",
            state="PR",
            latitude=18.45,
            longitude=-66.07,
            timezone="America/Puerto_Rico",
        ),
    )
    WalkoutFactory(
        action=action,
        status=WalkoutStatus.PENDING,
        school=SchoolFactory(name="Secret Pending High", **LOOP),
    )
    return action


def map_path(action, prefix=""):
    return f"{prefix}/c/{action.campaign.slug}/{action.slug}/map/"


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_map_links_each_state_to_its_page(open_context, world, shots, size, js):
    page = open_context(size, js=js).new_page()
    page.goto(map_path(world))

    expect(page.get_by_role("heading", level=1)).to_have_text("Map of walkouts")
    svg = page.locator("svg.map.national")
    expect(svg).to_be_visible()
    # Two Chicago walkouts share a circle; Phoenix and San Juan have one each.
    assert page.locator("svg.map.national circle").count() == 3
    box = svg.bounding_box()
    assert box["width"] >= (320 if size == "phone" else 700)
    shots(page, f"find-map-{size}-{'js' if js else 'nojs'}")
    assert_fits(page, 360 if size == "phone" else 1280)

    with page.expect_navigation():
        page.locator('svg.map a[aria-label="Arizona: 1 walkout"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walkouts in Arizona")
    expect(page.locator("svg.map.state")).to_be_visible()
    expect(page.get_by_role("link", name="Desert Vista High School")).to_be_visible()
    shots(page, f"find-state-{size}-{'js' if js else 'nojs'}")


def test_map_text_alternative_and_keyboard(open_context, world):
    page = open_context("desktop").new_page()
    page.goto(map_path(world))

    table = page.get_by_role("table", name="Number of listed walkouts in each state")
    expect(table.get_by_role("row")).to_have_count(4)  # header, Arizona, Illinois, Puerto Rico
    expect(table.get_by_role("link", name="Puerto Rico")).to_be_visible()
    link = page.locator('svg.map a[aria-label="Illinois: 2 walkouts"]')
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Illinois: 2 walkouts"
    )


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_near_me_by_zip_without_javascript(open_context, world, shots, size):
    page = open_context(size, js=False).new_page()
    page.goto("/near/")

    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    page.get_by_label("ZIP code, city or school").fill("60614")
    submit(page, page.get_by_role("button", name="Search"))

    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Walkouts within 25 miles of 60614 (Chicago, IL)"
    )
    cards = page.locator("ol.cards > li")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Lincoln Park High School")
    expect(cards.nth(0)).to_contain_text("0.2 mi (0.4 km)")
    expect(page.get_by_text("Secret Pending High")).to_have_count(0)
    assert_fits(page, 360 if size == "phone" else 1280)
    shots(page, f"find-near-zip-{size}-nojs")

    page.get_by_label("ZIP code, city or school").fill("99501")
    submit(page, page.get_by_role("button", name="Search"))
    expect(page.get_by_text("No walkout is listed within 25 miles yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Start one at your school")).to_be_visible()
    shots(page, f"find-near-nothing-{size}-nojs")


def test_use_my_location_posts_a_rounded_location(open_context, world, shots):
    context = open_context(
        "phone",
        geolocation={"latitude": 41.921234, "longitude": -87.651234},
        permissions=["geolocation"],
    )
    page = context.new_page()
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data or "")))
    page.goto("/near/")

    button = page.get_by_role("button", name="Use my location")
    expect(button).to_be_visible()
    shots(page, "find-near-start-phone-js")
    with page.expect_navigation():
        button.click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Walkouts within 25 miles of you")
    expect(page.locator("ol.cards > li").first).to_contain_text("Lincoln Park High School")
    posts = [(url, data) for method, url, data in sent if method == "POST"]
    assert len(posts) == 1
    url, data = posts[0]
    assert url.endswith("/near/")
    assert "lat=41.92&lon=-87.65&radius=25" in data
    assert all("41.92" not in u for _, u, _ in sent)  # never in a URL
    assert "41.92" not in page.content()
    shots(page, "find-near-located-phone-js")


def test_location_refused_says_what_to_do(open_context, world):
    page = open_context("phone", permissions=[]).new_page()
    page.goto("/near/")

    page.get_by_role("button", name="Use my location").click()

    expect(page.get_by_role("status").filter(has_text="Type your ZIP code instead")).to_be_visible()


@pytest.mark.parametrize("js", [False, True], ids=["nojs", "js"])
def test_spanish_map_and_near_me(open_context, world, shots, js):
    page = open_context("phone", js=js).new_page()
    page.goto(map_path(world, "/es"))
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator("svg.map.national")).to_be_visible()
    shots(page, f"find-map-es-phone-{'js' if js else 'nojs'}")

    page.goto("/es/near/?q=60614")
    expect(page.locator("ol.cards > li")).to_have_count(2)
    assert_fits(page)
    shots(page, f"find-near-es-phone-{'js' if js else 'nojs'}")


def test_live_day_page_refreshes_its_counts(open_context, world):
    page = open_context("phone").new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/live/now/" in r.url else None)
    page.clock.install()
    page.goto(f"/c/{world.campaign.slug}/{world.slug}/live/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The day, live")
    expect(page.locator(".tally")).to_contain_text("4")
    page.evaluate("document.querySelector('.tally').textContent = 'stale'")

    page.clock.run_for(61_000)  # live.js asks for the counts every minute

    expect(page.locator(".tally")).to_contain_text("4")
    assert len(fetched) == 1
    assert_fits(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_find_pages_have_no_wcag_violations(open_context, world, lang):
    prefix = "" if lang == "en" else f"/{lang}"
    page = open_context("phone").new_page()
    problems: list[str] = []
    for name, path in {
        "map": map_path(world, prefix),
        "state": f"{prefix}/c/{world.campaign.slug}/{world.slug}/states/IL/",
        "near": f"{prefix}/near/",
        "near results": f"{prefix}/near/?q=60614",
        "near nothing": f"{prefix}/near/?q=99501",
        "near error": f"{prefix}/near/?q=zzzz+qqqq",
        "live": f"{prefix}/c/{world.campaign.slug}/{world.slug}/live/",
    }.items():
        assert page.goto(path).ok, path
        audit(page, name, problems)

    assert not problems, "\n".join(problems)
    assert {"color-contrast", "label"} <= CHECKED
