"""Campaigns and actions managed in the console."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActionFactory, CampaignFactory, SchoolFactory, WalkoutFactory
from tests.helpers import session_queries, sign_in_verified
from walkout.campaigns import actions as campaign_actions
from walkout.campaigns.models import Action, ActionStatus, Campaign
from walkout.hubs.models import AuditEntry
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 18, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


def action_data(**changes):
    data = {
        "title": "Walk out for our families",
        "slug": "",
        "date": "2026-03-13",
        "local_time": "14:00",
        "status": "open",
        "call_text": "At 2PM local time, walk out.",
        "demands": "No ICE in schools",
        "chants": "Education, not deportation!",
        "resources": "",
        "title_es": "Salimos por nuestras familias",
        "call_text_es": "A las 2PM hora local, sal de clase.",
        "demands_es": "",
        "chants_es": "",
        "resources_es": "",
    }
    return {**data, **changes}


def audit_verbs():
    return list(AuditEntry.objects.order_by("id").values_list("verb", flat=True))


# --- campaigns ----------------------------------------------------------------------------------


def test_create_a_campaign_with_spanish_text(client, admin):
    sign_in_verified(client, admin)

    response = client.post(
        reverse("hubs:campaign_new"),
        {
            "name": "Spring Surge",
            "slug": "",
            "summary": "Students walking out.",
            "name_es": "Oleada de Primavera",
            "summary_es": "",
        },
    )

    assert response.headers["Location"] == reverse("hubs:campaigns")
    campaign = Campaign.objects.get()
    assert (campaign.hub, campaign.slug, campaign.name, campaign.translations) == (
        admin.hub,
        "spring-surge",
        "Spring Surge",
        {"es": {"name": "Oleada de Primavera"}},
    )
    assert audit_verbs() == ["create_campaign"]


def test_edit_a_campaign_drops_emptied_spanish(client, admin, call):
    campaign = call.campaign
    campaign.translations = {"es": {"name": "Viejo"}, "fr": {"name": "Vague"}}
    campaign.save()
    sign_in_verified(client, admin)
    form = client.get(reverse("hubs:campaign_edit", args=[campaign.slug])).content.decode()
    assert 'value="Viejo"' in form

    client.post(
        reverse("hubs:campaign_edit", args=[campaign.slug]),
        {"name": "Spring Surge 2", "slug": campaign.slug, "summary": "", "name_es": ""},
    )

    campaign.refresh_from_db()
    assert (campaign.name, campaign.translations) == ("Spring Surge 2", {"fr": {"name": "Vague"}})
    assert audit_verbs() == ["edit_campaign"]


def test_campaign_short_name_taken(client, admin):
    CampaignFactory(slug="spring-surge")
    sign_in_verified(client, admin)

    response = client.post(
        reverse("hubs:campaign_new"), {"name": "Spring Surge", "summary": "Typed summary"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "This short name is already used. Choose another." in html
    assert ">\nTyped summary</textarea>" in html
    assert Campaign.objects.count() == 1
    assert AuditEntry.objects.count() == 0


# --- actions ------------------------------------------------------------------------------------


def test_create_an_action(client, now, admin, call):
    sign_in_verified(client, admin)

    response = client.post(reverse("hubs:action_new", args=[call.campaign.slug]), action_data())

    assert response.headers["Location"] == reverse("hubs:campaigns")
    action = Action.objects.exclude(pk=call.pk).get()
    assert (action.slug, action.date, action.local_time, action.status) == (
        "walk-out-for-our-families",
        datetime.date(2026, 3, 13),
        datetime.time(14, 0),
        ActionStatus.OPEN,
    )
    assert action.translations == {
        "es": {
            "title": "Salimos por nuestras familias",
            "call_text": "A las 2PM hora local, sal de clase.",
        }
    }
    assert audit_verbs() == ["create_action"]


def test_action_date_in_the_past_refused(client, now, admin, call):
    sign_in_verified(client, admin)

    response = client.post(
        reverse("hubs:action_new", args=[call.campaign.slug]),
        action_data(date="2026-02-27", call_text="Typed call text"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_date_error"><li>This date is in the past. Choose today or '
        "a later day.</li></ul>"
    ) in html
    assert 'value="2026-02-27"' in html
    assert ">\nTyped call text</textarea>" in html
    assert Action.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_today_in_the_last_us_zone_is_not_past(time_machine, admin, call):
    # 08:00 UTC on March 3 is still March 2 in American Samoa (UTC-11).
    time_machine.move_to(datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC), tick=False)

    action = campaign_actions.save_action(
        staff=admin,
        campaign=call.campaign,
        date=datetime.date(2026, 3, 2),
        local_time=datetime.time(14, 0),
        status="draft",
        spanish={},
        title="Same day",
        call_text="Now",
    )

    assert action.date == datetime.date(2026, 3, 2)


def test_moving_an_action_moves_every_walkout_in_its_zone(client, now, admin):
    action = ActionFactory(campaign=CampaignFactory(hub=admin.hub), date=datetime.date(2026, 3, 13))
    chicago = WalkoutFactory(action=action)
    honolulu = WalkoutFactory(
        action=action, school=SchoolFactory(timezone="Pacific/Honolulu", state="HI")
    )
    sign_in_verified(client, admin)
    data = action_data(slug=action.slug, date="2026-03-20", local_time="10:30")

    response = client.post(reverse("hubs:action_edit", args=[action.public_id]), data)

    assert response.status_code == 302
    chicago.refresh_from_db()
    honolulu.refresh_from_db()
    assert chicago.starts_at == datetime.datetime(2026, 3, 20, 15, 30, tzinfo=datetime.UTC)
    assert honolulu.starts_at == datetime.datetime(2026, 3, 20, 20, 30, tzinfo=datetime.UTC)
    assert audit_verbs() == ["reschedule_action", "edit_action"]


def test_editing_a_past_action_keeps_its_date(client, now, admin):
    action = ActionFactory(
        campaign=CampaignFactory(hub=admin.hub),
        date=datetime.date(2026, 2, 13),
        status=ActionStatus.CLOSED,
    )
    sign_in_verified(client, admin)
    data = action_data(slug=action.slug, date="2026-02-13", status="closed", call_text="Fixed")

    response = client.post(reverse("hubs:action_edit", args=[action.public_id]), data)

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.call_text, action.date) == ("Fixed", datetime.date(2026, 2, 13))


def test_open_and_close_registration(client, now, admin, call):
    sign_in_verified(client, admin)
    url = reverse("hubs:action_status", args=[call.public_id])

    client.post(url, {"status": "closed"})
    call.refresh_from_db()
    assert call.status == ActionStatus.CLOSED
    client.post(url, {"status": "open"})
    call.refresh_from_db()
    assert call.status == ActionStatus.OPEN
    assert audit_verbs() == ["set_status_closed", "set_status_open"]


def test_opening_a_past_action_refused(client, now, admin):
    action = ActionFactory(
        campaign=CampaignFactory(hub=admin.hub),
        date=datetime.date(2026, 2, 13),
        status=ActionStatus.CLOSED,
    )
    sign_in_verified(client, admin)

    response = client.post(
        reverse("hubs:action_status", args=[action.public_id]), {"status": "open"}
    )

    assert response.status_code == 400
    assert (
        '<div class="errors" role="alert"><p>This call&#x27;s date has passed: it can&#x27;t be '
        "opened for new walkouts.</p></div>"
    ) in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert AuditEntry.objects.count() == 0


def test_action_short_name_taken_in_campaign(client, now, admin, call):
    sign_in_verified(client, admin)

    response = client.post(
        reverse("hubs:action_new", args=[call.campaign.slug]), action_data(slug=call.slug)
    )

    assert response.status_code == 400
    assert "This short name is already used. Choose another." in response.content.decode()
    assert Action.objects.count() == 1


@pytest.mark.parametrize("n", [1, 3])
def test_campaigns_list_query_count(client, django_assert_num_queries, admin, n):
    for i in range(n):
        campaign = CampaignFactory(hub=admin.hub, name=f"Campaign {i}")
        action = ActionFactory(campaign=campaign, title=f"Call {i}")
        WalkoutFactory(action=action, status=WalkoutStatus.PENDING)
    CampaignFactory(name="Someone else's campaign")
    sign_in_verified(client, admin)

    # session, user; campaigns, their actions with counts; session save (3)
    with django_assert_num_queries(session_queries(7)):
        response = client.get(reverse("hubs:campaigns"))

    html = response.content.decode()
    assert html.count("0 approved, 1 awaiting review") == n
    assert "Someone else" not in html
