import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.day.world import add_member, crew_starting_in, organizer_of
from tests.factories import HubFactory, WalkoutFactory, make_staff
from tests.helpers import sign_in_verified
from walkout.crews import actions as crew_actions
from walkout.day import actions, queries
from walkout.day.models import Checkin, LegalContact, Report
from walkout.hubs.models import AuditEntry
from walkout.people.models import StaffRole
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)
SPOT = "CANARY-spot-behind-the-gym-7731"
CREW_CHANT = "CANARY-crew-chant-2290"


def _crew_with_secrets(delta=3 * H, **fields):
    crew, token = crew_starting_in(delta, **fields)
    lead = organizer_of(crew)
    crew_actions.set_meeting_spot(by=lead, spot=SPOT)
    crew_actions.add_idea(member=lead, kind="chant", text=CREW_CHANT)
    demand = crew_actions.propose_demand(member=lead, text="Counselors, not cops")
    crew_actions.adopt_demand(by=lead, demand=demand)
    action = crew.walkout.action
    action.translations = {"es": {"chants": "¡Educación, no deportación!"}}
    action.save(update_fields=["translations"])
    return crew, token


def _contact(hub, state, name, **fields):
    return LegalContact.objects.create(
        hub=hub,
        state=state,
        name=name,
        kind=fields.pop("kind", "hotline"),
        phone="555-0100",
        created_day=datetime.date(2026, 1, 1),
        **fields,
    )


# --- the day-of page: public and crew ------------------------------------------------------


def test_public_day_page_never_shows_the_meeting_spot_or_crew_chants(client):
    crew, _ = _crew_with_secrets()

    html = client.get(reverse("day:day", args=[crew.walkout.public_id])).content.decode()

    assert SPOT not in html
    assert CREW_CHANT not in html
    assert "Counselors, not cops" in html
    assert "Education, not deportation!" in html
    assert "¡Educación, no deportación!" in html
    assert 'lang="es"' in html
    assert "General information, not legal advice." in html
    assert "https://ilrc.org/resources/10-things-noncitizen-protestors-need-know" in html
    assert "data-quick-exit" in html
    assert "data-countdown" in html


def test_crew_day_page_shows_the_spot_and_the_crews_chants(client):
    crew, token = _crew_with_secrets()
    _, member_token = add_member(crew, "fox")

    for link in (token, member_token):
        response = client.get(reverse("day:crew_day", args=[link]))
        html = response.content.decode()
        assert SPOT in html
        assert CREW_CHANT in html
        assert "data-quick-exit" in html
        assert "no-store" in response.headers["Cache-Control"]
        assert '<meta name="robots" content="noindex, noarchive">' in html


def test_crew_pages_with_an_unknown_link_are_404(client):
    for name in ("day:crew_day", "day:crew_report"):
        assert client.get(reverse(name, args=["x" * 43])).status_code == 404


@pytest.mark.parametrize(
    ("delta", "expected"),
    [(3.5 * H, "in 3 hours"), (-H, "Happening now"), (-5 * H, "It took place")],
)
def test_day_page_before_during_after(client, delta, expected):
    crew, _ = crew_starting_in(delta)

    html = client.get(reverse("day:day", args=[crew.walkout.public_id])).content.decode()

    assert expected in html
    assert ("data-countdown" in html) == (delta > datetime.timedelta(0))


def test_day_page_of_a_rejected_walkout_is_404(client):
    crew, _ = crew_starting_in(H, status=WalkoutStatus.REJECTED)
    assert client.get(reverse("day:day", args=[crew.walkout.public_id])).status_code == 404


def test_day_page_shows_the_states_contacts_and_national_ones_only(client):
    crew, _ = crew_starting_in(3 * H)  # a school in IL
    hub = crew.walkout.action.campaign.hub
    _contact(hub, "IL", "Illinois line")
    _contact(hub, "", "National line", kind="emergency")
    _contact(hub, "AZ", "Arizona line")
    _contact(hub, "IL", "Hidden line", active=False)
    _contact(HubFactory(), "IL", "Other hub line")
    _contact(hub, "IL", "Demo line", demo=True)

    html = client.get(reverse("day:day", args=[crew.walkout.public_id])).content.decode()

    shown = re.findall(r"<strong>([^<]+ line)</strong>", html)
    assert shown == ["Demo line", "Illinois line", "National line"]
    assert "demo, not a real contact" in html


def test_day_page_queries_do_not_grow_with_demands_chants_and_contacts(client):
    def count(n):
        crew, _ = crew_starting_in(3 * H)
        lead = organizer_of(crew)
        for i in range(n):
            crew_actions.adopt_demand(
                by=lead, demand=crew_actions.propose_demand(member=lead, text=f"D{i}")
            )
            _contact(crew.walkout.action.campaign.hub, "IL", f"L{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("day:day", args=[crew.walkout.public_id])).status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(6)


# --- know your rights ----------------------------------------------------------------------


def test_rights_page_per_state(client):
    crew, _ = crew_starting_in(3 * H)
    campaign = crew.walkout.action.campaign
    _contact(campaign.hub, "IL", "Illinois line")
    _contact(campaign.hub, "AZ", "Arizona line")

    html = client.get(reverse("day:rights_state", args=[campaign.slug, "IL"])).content.decode()
    assert "Know your rights in Illinois" in html
    assert "Illinois line" in html and "Arizona line" not in html
    assert "data-quick-exit" in html

    picked = client.get(reverse("day:rights", args=[campaign.slug]) + "?state=AZ")
    assert picked.status_code == 302
    assert picked.url == reverse("day:rights_state", args=[campaign.slug, "AZ"])
    assert client.get(reverse("day:rights_state", args=[campaign.slug, "ZZ"])).status_code == 404
    assert client.get(reverse("day:rights", args=["no-such-campaign"])).status_code == 404


def test_rights_page_in_spanish_uses_the_spanish_quick_exit(client):
    crew, _ = crew_starting_in(3 * H)
    html = client.get(
        "/es" + reverse("day:rights", args=[crew.walkout.action.campaign.slug])
    ).content.decode()
    assert "https://es.wikipedia.org/" in html


# --- "we're out" through the page -----------------------------------------------------------


def _post_checkin(client, token, **data):
    return client.post(reverse("day:crew_day", args=[token]), data)


def test_check_in_through_the_page(client):
    crew, token = crew_starting_in(-0.5 * H)

    response = _post_checkin(client, token, state="out", turnout="10-50")

    assert response.status_code == 302
    assert response.url.endswith("?ok=out#checkin")
    html = client.get(response.url).content.decode()
    assert "Your walkout is marked out." in html and "Turnout: 10 to 50." in html


@pytest.mark.parametrize(
    ("delta", "data", "status", "message"),
    [
        (-0.5 * H, {"state": "out", "turnout": "9000"}, 400, "Pick one of the choices."),
        (-0.5 * H, {"state": ""}, 400, "Pick one of the choices."),
        (-0.5 * H, {"state": "done"}, 400, "Say you&#x27;re out first."),
        (5 * H, {"state": "out"}, 400, "Too early"),
    ],
)
def test_bad_check_ins_through_the_page(client, delta, data, status, message):
    crew, token = crew_starting_in(delta)

    response = _post_checkin(client, token, **data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert Checkin.objects.count() == 0


def test_a_plain_member_cannot_check_in_through_the_page(client):
    crew, _ = crew_starting_in(-0.5 * H)
    _, member_token = add_member(crew, "fox")

    response = _post_checkin(client, member_token, state="out")

    assert response.status_code == 403
    assert Checkin.objects.count() == 0


# --- how it went through the page ----------------------------------------------------------


def test_report_through_the_page_and_its_errors(client):
    crew, token = crew_starting_in(-H)
    url = reverse("day:crew_report", args=[token])

    bad = client.post(
        url, {"op": "report", "coverage": "javascript:alert(1)", "happened": "CANARY-typed"}
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "is not a web address" in html
    assert "CANARY-typed" in html  # the typed text is kept
    assert 'id="media"' in html  # the place the media helper fills
    assert Report.objects.count() == 0

    ok = client.post(
        url,
        {"op": "report", "turnout": "1-10", "happened": "Fine.", "coverage": "https://a.example/x"},
    )
    assert ok.status_code == 302
    summary = client.post(url, {"op": "summary", "summary": ""})
    assert summary.status_code == 400
    assert client.post(url, {"op": "summary", "summary": "We were 8."}).status_code == 302
    assert Report.objects.get().summary_status == "pending"
    assert client.post(url, {"op": "nope"}).status_code == 400


def test_a_plain_member_cannot_report(client):
    crew, _ = crew_starting_in(-H)
    _, member_token = add_member(crew, "fox")

    response = client.post(
        reverse("day:crew_report", args=[member_token]), {"op": "report", "happened": "x"}
    )

    assert response.status_code == 403
    assert Report.objects.count() == 0


# --- the public summary ---------------------------------------------------------------------


def test_summary_is_public_only_once_approved():
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    staff, _ = make_staff(crew.walkout.action.campaign.hub)
    report = actions.save_report(by=lead, turnout="", happened="x", coverage=[], next_steps="")
    actions.request_summary(by=lead, summary="CANARY-summary-5150")
    walkout = crew.walkout

    assert "CANARY-summary-5150" not in render_to_string(
        "day/_public_summary.html", {"walkout": walkout}
    )

    actions.decide_summary(report, staff=staff, approve=True)
    html = render_to_string("day/_public_summary.html", {"walkout": walkout})
    assert "CANARY-summary-5150" in html
    walkout.status = WalkoutStatus.CANCELLED
    walkout.save(update_fields=["status"])
    assert "CANARY-summary-5150" not in render_to_string(
        "day/_public_summary.html", {"walkout": walkout}
    )


# --- the live view ---------------------------------------------------------------------------


def test_live_counts_are_exact_and_count_approved_walkouts_only(client, django_assert_num_queries):
    crew, _ = crew_starting_in(-0.5 * H)
    action = crew.walkout.action
    states = [("out", "10-50"), ("out", ""), ("done", "100-250"), ("done", "500+")]
    for state, turnout in states:
        Checkin.objects.create(
            walkout=WalkoutFactory(action=action),
            state=state,
            turnout=turnout,
            day=datetime.date(2026, 1, 1),
        )
    Checkin.objects.create(
        walkout=WalkoutFactory(action=action, status=WalkoutStatus.CANCELLED),
        state="out",
        turnout="500+",
        day=datetime.date(2026, 1, 1),
    )

    with django_assert_num_queries(1):
        live = queries.live_checkins(action)

    assert (live.out, live.done, live.with_turnout, live.at_least) == (2, 2, 3, 610)
    html = client.get(
        reverse("public:live_counts", args=[action.campaign.slug, action.slug])
    ).content.decode()
    assert "crews say they're out now" in html
    assert "At least 610 students walked out" in html


# --- the hub console -------------------------------------------------------------------------


def _staff(client, role=StaffRole.ADMIN, hub=None):
    user, _ = make_staff(hub or HubFactory(), username=f"s-{role}")
    user.role = role
    user.save(update_fields=["role"])
    sign_in_verified(client, user)
    return user


GOOD = {
    "state": "AZ",
    "name": "Arizona line",
    "kind": "hotline",
    "phone": "555-0100",
    "active": "on",
}


def test_hub_adds_a_contact_and_refuses_bad_input(client):
    user = _staff(client)
    url = reverse("day_hub:contacts")

    bad = client.post(url, GOOD | {"url": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert "starting with https://" in bad.content.decode()
    assert client.post(url, GOOD | {"phone": "", "url": ""}).status_code == 400
    assert client.post(url, GOOD | {"state": "ZZ"}).status_code == 400
    assert LegalContact.objects.count() == 0

    assert client.post(url, GOOD).status_code == 302
    contact = LegalContact.objects.get()
    assert (contact.hub_id, contact.state, contact.active) == (user.hub_id, "AZ", True)
    assert AuditEntry.objects.get().verb == "add_contact"
    html = client.get(url).content.decode()
    assert "Arizona line" in html


def test_hub_list_queries_do_not_grow_with_contacts(client):
    user = _staff(client)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("day_hub:contacts")).status_code == 200
        return len(ctx.captured_queries)

    _contact(user.hub, "AZ", "A line")
    first = count()
    for n in range(5):
        _contact(user.hub, "IL", f"L{n}")
    assert count() == first


def test_hub_cannot_touch_another_hubs_contact(client):
    _staff(client)
    other = _contact(HubFactory(), "AZ", "Other line")

    assert client.get(reverse("day_hub:contact_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("day_hub:contact_delete", args=[other.pk])).status_code == 404
    assert LegalContact.objects.count() == 1


def test_who_may_use_which_console_page(client):
    _staff(client, StaffRole.MODERATOR)
    assert client.get(reverse("day_hub:contacts")).status_code == 403
    assert client.get(reverse("day_hub:summaries")).status_code == 200
    client.logout()
    _staff(client, StaffRole.SUPPORT)
    assert client.get(reverse("day_hub:contacts")).status_code == 200
    assert client.get(reverse("day_hub:summaries")).status_code == 403
    client.logout()
    assert client.get(reverse("day_hub:contacts")).status_code == 302


def test_hub_decides_a_summary(client):
    crew, _ = crew_starting_in(-H)
    lead = organizer_of(crew)
    actions.save_report(by=lead, turnout="", happened="x", coverage=[], next_steps="")
    actions.request_summary(by=lead, summary="We were 40.")
    _staff(client, StaffRole.MODERATOR, hub=crew.walkout.action.campaign.hub)
    decide = reverse("day_hub:decide_summary", args=[crew.walkout.public_id])

    assert "We were 40." in client.get(reverse("day_hub:summaries")).content.decode()
    assert client.post(decide, {"decision": "maybe"}).status_code == 400
    assert client.post(decide, {"decision": "reject", "reason": ""}).status_code == 400
    assert Report.objects.get().summary_status == "pending"
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    assert Report.objects.get().summary_status == "approved"
    other = WalkoutFactory()
    assert (
        client.post(
            reverse("day_hub:decide_summary", args=[other.public_id]), {"decision": "approve"}
        ).status_code
        == 404
    )


def test_hub_edits_a_contact_and_refuses_bad_input(client):
    user = _staff(client)
    contact = _contact(user.hub, "AZ", "Arizona line")
    url = reverse("day_hub:contact_edit", args=[contact.pk])

    assert client.post(url, GOOD | {"name": ""}).status_code == 400
    assert client.post(url, GOOD | {"phone": "call me"}).status_code == 400
    contact.refresh_from_db()
    assert contact.name == "Arizona line"
    assert AuditEntry.objects.count() == 0

    assert client.post(url, GOOD | {"name": "Arizona legal line", "active": ""}).status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.active) == ("Arizona legal line", False)
    assert client.post(reverse("day_hub:contact_delete", args=[contact.pk])).status_code == 302
    assert LegalContact.objects.count() == 0
    assert list(AuditEntry.objects.order_by("id").values_list("verb", flat=True)) == [
        "edit_contact",
        "delete_contact",
    ]


def test_hub_stats_page_shows_the_day_sections(client):
    crew, _ = crew_starting_in(-H)
    Checkin.objects.create(
        walkout=crew.walkout, state="out", turnout="10-50", day=datetime.date(2026, 1, 1)
    )
    _staff(client, StaffRole.MODERATOR, hub=crew.walkout.action.campaign.hub)

    response = client.get(reverse("hubs:stats") + f"?action={crew.walkout.action.public_id}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Check-ins on the day" in html
    assert "Turnout crews reported" in html


def test_walkout_page_shows_the_approved_summary_and_never_the_spot(client):
    crew, _ = _crew_with_secrets(delta=-H)
    lead = organizer_of(crew)
    staff, _ = make_staff(crew.walkout.action.campaign.hub)
    report = actions.save_report(by=lead, turnout="", happened="x", coverage=[], next_steps="")
    actions.request_summary(by=lead, summary="CANARY-summary-8080")
    url = reverse("walkouts:walkout", args=[crew.walkout.public_id])

    html = client.get(url).content.decode()
    assert "CANARY-summary-8080" not in html
    assert reverse("day:day", args=[crew.walkout.public_id]) in html

    actions.decide_summary(report, staff=staff, approve=True)
    html = client.get(url).content.decode()
    assert "CANARY-summary-8080" in html
    assert SPOT not in html
