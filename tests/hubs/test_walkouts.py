"""The console's walkout list and walkout page, and featuring on the action's page."""

import pytest
from django.urls import reverse

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import session_queries, sign_in_verified
from tests.hubs.conftest import pending
from walkout.hubs.actions import moderation
from walkout.hubs.models import AuditEntry, Feature
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.actions import WalkoutError
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


def public_action_url(action):
    return reverse("public:action", args=[action.campaign.slug, action.slug])


def test_feature_puts_a_walkout_on_the_action_page(client, moderator, call):
    walkout = WalkoutFactory(action=call, school=SchoolFactory(name="Boosted High"))
    WalkoutFactory(action=call, school=SchoolFactory(name="Plain High"))
    hidden = pending(call, school=SchoolFactory(name="Pending High"))
    Feature.objects.create(walkout=hidden, day=call.date)  # never shown while pending
    assert "Featured walkouts" not in client.get(public_action_url(call)).content.decode()
    sign_in_verified(client, moderator)

    response = client.post(reverse("hubs:feature", args=[walkout.public_id]), {"featured": "1"})

    assert response.headers["Location"] == reverse("hubs:walkout", args=[walkout.public_id])
    client.logout()
    html = client.get(public_action_url(call)).content.decode()
    featured = html.split('<h2 id="featured-h">Featured walkouts</h2>')[1].split("</section>")[0]
    assert "Boosted High" in featured
    assert "Plain High" not in featured
    assert "Pending High" not in html
    assert list(AuditEntry.objects.values_list("verb", "object_id")) == [
        ("feature", walkout.public_id)
    ]


def test_unfeature(client, moderator, call):
    walkout = WalkoutFactory(action=call)
    moderation.set_featured(walkout, staff=moderator, featured=True)
    sign_in_verified(client, moderator)

    client.post(reverse("hubs:feature", args=[walkout.public_id]), {"featured": "0"})

    assert Feature.objects.count() == 0
    assert walkout_queries.featured_walkouts(call) == []
    assert list(AuditEntry.objects.order_by("id").values_list("verb", flat=True)) == [
        "feature",
        "unfeature",
    ]


def test_feature_pending_walkout_refused(client, moderator, call):
    walkout = pending(call)
    sign_in_verified(client, moderator)

    response = client.post(reverse("hubs:feature", args=[walkout.public_id]), {"featured": "1"})

    assert response.status_code == 400
    assert (
        '<div class="errors" role="alert"><p>Only an approved walkout can be featured.</p></div>'
    ) in response.content.decode()
    assert Feature.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_feature_twice_is_one_row_one_audit(moderator, call):
    walkout = WalkoutFactory(action=call)

    moderation.set_featured(walkout, staff=moderator, featured=True)
    moderation.set_featured(walkout, staff=moderator, featured=True)

    assert Feature.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_set_featured_refuses_cancelled(moderator, call):
    walkout = WalkoutFactory(action=call, status=WalkoutStatus.CANCELLED)

    with pytest.raises(WalkoutError):
        moderation.set_featured(walkout, staff=moderator, featured=True)


def test_walkout_page_shows_no_private_fields(client, support_staff, call):
    walkout = pending(
        call, meeting_spot="Behind the gym", organizer_notes="Bring the banner", description="Hi"
    )
    sign_in_verified(client, support_staff)

    html = client.get(reverse("hubs:walkout", args=[walkout.public_id])).content.decode()

    assert "Behind the gym" not in html
    assert "Bring the banner" not in html
    assert '<h2 id="decide-h">' not in html  # support does not moderate
    assert '<h2 id="thread">Messages with the organizers</h2>' in html


def test_walkout_list_filters(client, moderator, call):
    WalkoutFactory(action=call, school=SchoolFactory(name="Texas High", state="TX"))
    pending(call, school=SchoolFactory(name="Illinois Pending High", state="IL"))
    WalkoutFactory(action=ActionFactory(), school=SchoolFactory(name="Other Hub High"))
    sign_in_verified(client, moderator)
    url = reverse("hubs:walkouts")

    everything = client.get(url).content.decode()
    texas = client.get(url, {"state": "TX"}).content.decode()
    waiting = client.get(url, {"status": "pending", "action": call.public_id}).content.decode()

    assert ("Texas High" in everything, "Illinois Pending High" in everything) == (True, True)
    assert "Other Hub High" not in everything
    assert ("Texas High" in texas, "Illinois Pending High" in texas) == (True, False)
    assert ("Texas High" in waiting, "Illinois Pending High" in waiting) == (False, True)


@pytest.mark.parametrize("n", [1, 3])
def test_walkout_list_query_count(client, django_assert_num_queries, moderator, call, n):
    for i in range(n):
        WalkoutFactory(action=call, school=SchoolFactory(name=f"Listed High {i}"))
    sign_in_verified(client, moderator)

    # session, user; actions for the filter; count, walkouts; session save (3)
    with django_assert_num_queries(session_queries(8)):
        response = client.get(reverse("hubs:walkouts"))

    assert response.content.decode().count("Listed High") == n


@pytest.mark.parametrize("n", [1, 3])
def test_action_page_featured_query_count(client, django_assert_num_queries, moderator, call, n):
    for i in range(n):
        moderation.set_featured(
            WalkoutFactory(action=call, school=SchoolFactory(name=f"Featured High {i}")),
            staff=moderator,
            featured=True,
        )

    with django_assert_num_queries(3):  # action, counts by state, featured walkouts
        response = client.get(public_action_url(call))

    assert response.content.decode().count("Featured High") == n
