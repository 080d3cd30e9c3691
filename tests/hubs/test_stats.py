"""Stats for one action: charts drawn on the server, numbers as tables, CSV of aggregates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, CampaignFactory, SchoolFactory, WalkoutFactory
from tests.helpers import session_queries, sign_in_verified
from tests.hubs.conftest import pending
from walkout.campaigns.models import ActionStatus
from walkout.hubs import stats
from walkout.walkouts.models import WalkoutStatus, WalkoutTally

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def counted(call):
    """Three approved walkouts in Illinois (Chicago time), one in Arizona, one pending,
    one rejected, over three days with a gap, plus a tally of two deleted ones in Hawaii."""
    phoenix = {"state": "AZ", "timezone": "America/Phoenix"}
    for offset in (0, 0, 2):
        WalkoutFactory(action=call, created_day=DAY + datetime.timedelta(days=offset))
    WalkoutFactory(action=call, school=SchoolFactory(**phoenix), created_day=DAY)
    pending(call, created_day=DAY + datetime.timedelta(days=2), description="Secret plan text")
    WalkoutFactory(action=call, status=WalkoutStatus.REJECTED, created_day=DAY)
    WalkoutFactory(action=ActionFactory(campaign=call.campaign), created_day=DAY)  # other call
    WalkoutTally.objects.create(action=call, state="HI", timezone="Pacific/Honolulu", walkouts=2)
    return call


def test_registration_days_read_day_first_in_spanish(counted):
    with translation.override("es"):
        labels = [label for _, label, _ in stats.registrations_per_day(counted)]

    assert labels == ["2 Mar", "3 Mar", "4 Mar"]


def test_sections(counted):
    assert stats.registrations_per_day(counted) == [
        ("2026-03-02", "Mar 2", 4),
        ("2026-03-03", "Mar 3", 0),
        ("2026-03-04", "Mar 4", 2),
    ]
    assert stats.by_status(counted) == [
        ("pending", "Awaiting review", 1),
        ("approved", "Approved", 4),
        ("rejected", "Not approved", 1),
    ]
    assert stats.by_state(counted) == [
        ("AZ", "Arizona", 1),
        ("HI", "Hawaii", 2),
        ("IL", "Illinois", 3),
    ]
    assert stats.by_time_zone(counted) == [
        ("America/Chicago", "America/Chicago", 3),
        ("Pacific/Honolulu", "Pacific/Honolulu", 2),
        ("America/Phoenix", "America/Phoenix", 1),
    ]


def test_stats_page_draws_accessible_charts_and_tables(client, moderator, counted):
    sign_in_verified(client, moderator)

    html = client.get(reverse("hubs:stats"), {"action": counted.public_id}).content.decode()

    assert html.count('<svg class="chart"') == 4
    assert 'role="img" aria-labelledby="registrations-title registrations-desc"' in html
    assert '<title id="states-title">Approved walkouts by state</title>' in html
    assert (
        '<desc id="states-desc">Approved walkouts only, including those deleted after the '
        "day. Total: 6.</desc>" in html
    )
    assert '<tr><td>Hawaii <span class="muted">(HI)</span></td><td>2</td></tr>' in html
    assert "<script" not in html.split("<main")[1]
    assert "Secret plan text" not in html


def test_export_csv_of_aggregates_suppresses_small_counts(client, moderator, counted):
    sign_in_verified(client, moderator)

    response = client.get(reverse("hubs:stats_export"), {"action": counted.public_id})

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="walkout-{counted.campaign.slug}-{counted.slug}-aggregates.csv"'
    )
    assert response.content.decode().splitlines() == [
        "section,key,count",
        "registrations,2026-03-02,4",
        "registrations,2026-03-03,0",
        "registrations,2026-03-04,<3",
        "status,pending,<3",
        "status,approved,4",
        "status,rejected,<3",
        "states,AZ,<3",
        "states,HI,<3",
        "states,IL,3",
        "time_zones,America/Chicago,3",
        "time_zones,Pacific/Honolulu,<3",
        "time_zones,America/Phoenix,<3",
    ]


@pytest.mark.parametrize("status", [ActionStatus.CLOSED, ActionStatus.DRAFT])
def test_export_of_a_closed_call_refused(client, moderator, counted, status):
    counted.status = status
    counted.save()
    sign_in_verified(client, moderator)

    response = client.get(reverse("hubs:stats_export"), {"action": counted.public_id})

    html = response.content.decode()
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    label = {"closed": "closed", "draft": "draft"}[status]
    assert (
        f"Only calls open for walkouts can be exported. This call is {label}: after a call "
        "closes its walkouts are deleted on schedule, so its figures would change from one "
        "day to the next. Its counts by state and time zone stay on this page."
    ) in html
    assert html.count('<svg class="chart"') == 4  # the page itself still answers


def test_export_unknown_call(client, moderator, counted):
    theirs = ActionFactory()
    sign_in_verified(client, moderator)

    response = client.get(reverse("hubs:stats_export"), {"action": theirs.public_id})

    assert response.status_code == 404
    assert "There is no such call." in response.content.decode()


def test_stats_without_any_walkout(client, moderator, call):
    sign_in_verified(client, moderator)

    html = client.get(reverse("hubs:stats")).content.decode()

    # with the day's check-ins and turnout, and the "I'm in" counts
    assert html.count("Nothing to count yet.") == 7
    assert "<svg" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_stats_query_count(client, django_assert_num_queries, moderator, call, n):
    for i in range(n):
        WalkoutFactory(
            action=call,
            school=SchoolFactory(state=["AZ", "CA", "IL"][i]),
            created_day=DAY + datetime.timedelta(days=i),
        )
    ActionFactory(campaign=CampaignFactory(hub=moderator.hub))
    sign_in_verified(client, moderator)

    # session, user; actions; registrations, status, states, zones, check-ins, turnout,
    # RSVPs; session save (3)
    with django_assert_num_queries(session_queries(13)):
        response = client.get(reverse("hubs:stats"), {"action": call.public_id})

    # n days, n states, one zone (every factory school is in Chicago), one status
    assert response.content.decode().count("<tr><td>") == 2 * n + 2


def test_export_value():
    assert [stats.export_value(n) for n in (0, 1, 2, 3, 40)] == ["0", "<3", "<3", "3", "40"]
