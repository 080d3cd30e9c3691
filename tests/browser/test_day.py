"""The day and after in a browser, on a phone: the public and crew day-of pages, know your
rights, "we're out" and the report form with JavaScript off, the hub's legal contacts, the
quick exit (Esc twice replaces the page, so Back does not return to it) and the live
countdown. With --screenshots DIR every page is saved there (day-*.png) in English and
Spanish."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_fits, submit
from tests.browser.test_hub_console import make_role, sign_in
from tests.crews.world import add_member, make_crew
from tests.factories import ActionFactory, CampaignFactory, HubFactory, SchoolFactory
from walkout.crews import actions as crew_actions
from walkout.day.models import Checkin, LegalContact, Report
from walkout.people.models import StaffRole

pytestmark = pytest.mark.browser
SPOT = "By the flagpole, north lawn"


def _school(name):
    return SchoolFactory(
        name=name, city="Phoenix", state="AZ", zip_code="85004", latitude=33.4513,
        longitude=-112.0686, timezone="America/Phoenix",
    )  # fmt: skip


def _crew(action, school, starts_in):
    crew, token = make_crew(action=action, school=school, meeting_spot=SPOT)
    walkout = crew.walkout
    walkout.starts_at = timezone.now() + starts_in
    walkout.save(update_fields=["starts_at"])
    lead = crew.members.get(is_organizer=True)
    for text in ("Counselors, not cops", "No ICE on campus, ever"):
        crew_actions.adopt_demand(
            by=lead, demand=crew_actions.propose_demand(member=lead, text=text)
        )
    crew_actions.add_idea(member=lead, kind="chant", text="Here to learn, here to stay!")
    return crew, token


@pytest.fixture
def world():
    hub = HubFactory(name="National Student Walkout Hub")
    action = ActionFactory(
        campaign=CampaignFactory(hub=hub, slug="spring-surge"),
        chants="Education, not deportation!\nWhose schools? Our schools!",
        translations={
            "es": {"chants": "¡Educación, no deportación!\n¿De quién son las escuelas? ¡Nuestras!"}
        },
    )
    soon, soon_token = _crew(
        action,
        _school("Dolores Huerta Preparatory High School"),
        datetime.timedelta(hours=1, minutes=30),
    )
    started, started_token = _crew(
        action, _school("César Chávez High School"), datetime.timedelta(minutes=-20)
    )
    _, member_token = add_member(started, "fox")
    for state, name, kind, phone in (
        ("AZ", "Demo Arizona legal aid line", "legal_aid", "555-0100"),
        ("", "Demo national hotline", "hotline", "555-0199"),
    ):
        LegalContact.objects.create(
            hub=hub, state=state, name=name, kind=kind, phone=phone, languages="English, Spanish",
            hours="24 hours", demo=True, created_day=timezone.now().date(),
        )  # fmt: skip
    _, seed = make_role(hub, "helper", StaffRole.SUPPORT)
    return {
        "soon": soon.walkout,
        "soon_token": soon_token,
        "started": started.walkout,
        "started_token": started_token,
        "member_token": member_token,
        "seed": seed,
    }


def test_day_pages_on_a_phone(open_context, shots, world):
    for js in (True, False):
        page = open_context("phone", js=js).new_page()
        suffix = "" if js else "-nojs"
        for lang, prefix in (("en", ""), ("es", "/es")):
            page.goto(f"{prefix}/w/{world['soon'].public_id}/day/")
            assert_fits(page)
            main = page.locator("main").inner_text()
            assert SPOT not in main
            assert "Here to learn, here to stay!" not in main
            assert "¡Educación, no deportación!" in main
            assert page.locator(".quick-exit").is_visible()
            shots(page, f"day-01-public-{lang}{suffix}")
            page.goto(f"{prefix}/crew/{world['soon_token']}/day/")
            assert_fits(page)
            main = page.locator("main").inner_text()
            assert SPOT in main
            assert "Here to learn, here to stay!" in main
            shots(page, f"day-02-crew-{lang}{suffix}")
            page.goto(f"{prefix}/rights/spring-surge/AZ/")
            assert_fits(page)
            shots(page, f"day-03-rights-{lang}{suffix}")
        if js:  # the countdown ticks: digits, under a day to go
            page.goto(f"/w/{world['soon'].public_id}/day/")
            assert re.fullmatch(r"1:2\d:\d\d", page.locator("[data-countdown]").inner_text())


def test_check_in_and_report_without_javascript(open_context, shots, world):
    page = open_context("phone", js=False).new_page()
    token = world["started_token"]
    for lang, prefix in (("en", ""), ("es", "/es")):
        page.goto(f"{prefix}/crew/{token}/day/#checkin")
        assert_fits(page)
        page.locator("#checkin").scroll_into_view_if_needed()
        shots(page, f"day-04-checkin-form-{lang}")
    page.goto(f"/crew/{token}/day/")
    page.get_by_label("About how many walked out?").select_option("100-250")
    submit(page, page.get_by_role("button", name="We're out!"))
    assert (
        "Your walkout is marked out. Turnout: 100 to 250."
        in page.locator(".checkin-state").inner_text()
    )
    submit(page, page.get_by_role("button", name="We're done"))
    assert Checkin.objects.get(walkout=world["started"]).state == "done"
    shots(page, "day-05-checked-in-done")

    page.goto(f"/crew/{world['member_token']}/day/")
    assert page.get_by_role("button", name="We're out!").count() == 0

    for lang, prefix in (("en", ""), ("es", "/es")):
        page.goto(f"{prefix}/crew/{token}/how-it-went/")
        assert_fits(page)
        shots(page, f"day-06-report-form-{lang}")
    page.goto(f"/crew/{token}/how-it-went/")
    page.get_by_label("What happened?").fill("About 150 of us met at the doors.")
    page.get_by_label("News or posts about it").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save the report").click()
    page.wait_for_load_state()
    error = page.locator("#id_coverage_error").inner_text()
    assert "is not a web address" in error
    assert page.get_by_label("What happened?").input_value() == "About 150 of us met at the doors."
    assert Report.objects.count() == 0
    shots(page, "day-07-report-error")
    page.get_by_label("News or posts about it").fill("https://news.example.org/walkout")
    submit(page, page.get_by_role("button", name="Save the report"))
    page.get_by_label("A short summary for the public walkout page").fill(
        "Around 150 students walked out."
    )
    submit(page, page.get_by_role("button", name="Ask the hub to show it"))
    assert Report.objects.get().summary_status == "pending"
    assert_fits(page)
    shots(page, "day-08-report-saved")
    page.context.watch.allow("400")  # the refused link, answered 400 on purpose


def test_hub_legal_contacts(open_context, shots, world):
    hub = open_context("phone", js=False).new_page()
    sign_in(hub, "helper", world["seed"])
    for lang, prefix in (("en", ""), ("es", "/es")):
        hub.goto(f"{prefix}/hub/legal-contacts/")
        assert_fits(hub)
        shots(hub, f"day-09-hub-contacts-{lang}")
    hub.goto("/hub/legal-contacts/")
    hub.get_by_label("Organization").fill("Example legal aid")
    hub.get_by_label("Web address").fill("javascript:alert(1)")
    hub.get_by_role("button", name="Add").click()
    hub.wait_for_load_state()
    assert "starting with https://" in hub.locator("#id_url_error").inner_text()
    shots(hub, "day-10-hub-contact-error")
    assert LegalContact.objects.count() == 2
    hub.context.watch.allow("400")  # the refused address, answered 400 on purpose


def test_quick_exit_replaces_the_page(open_context, world):
    context = open_context("phone")
    context.route(
        "https://en.wikipedia.org/**",
        lambda route: route.fulfill(body="<p>Weather</p>", content_type="text/html"),
    )
    page = context.new_page()
    page.goto("/rights/spring-surge/")
    page.goto(f"/w/{world['soon'].public_id}/day/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://en.wikipedia.org/**")
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/rights/spring-surge/")  # the day page is gone from the history
    context.watch.requests = [url for url in context.watch.requests if "wikipedia.org" not in url]
