"""The hub's media queue, the gallery, the embargo, and who can fetch which file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CampaignFactory, HubFactory, WalkoutFactory, make_staff
from tests.helpers import session_queries, sign_in_verified
from tests.media.web import files_in, stored_item
from walkout.hubs.models import AuditEntry
from walkout.media import actions, queries
from walkout.media.models import MediaFile, MediaItem, MediaState
from walkout.people.models import StaffRole
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

PAST = {"starts_at": timezone.now() - datetime.timedelta(hours=2)}


@pytest.fixture
def hub_and_moderator(client):
    hub = HubFactory()
    user, _seed = make_staff(hub)
    sign_in_verified(client, user)
    return hub, user


def _walkout(hub, **fields):
    return WalkoutFactory(action__campaign=CampaignFactory(hub=hub), **fields)


def _file_url(item, role="full"):
    return reverse("media:file", args=[item.files.get(role=role).filename])


def test_the_queue_lists_submitted_media_of_the_hub_only(client, hub_and_moderator):
    hub, _user = hub_and_moderator
    mine = stored_item(_walkout(hub))
    other_hub = stored_item(_walkout(HubFactory()))
    stored_item(_walkout(hub), state=MediaState.APPROVED)
    response = client.get(reverse("media_hub:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 item awaits review." in html
    assert mine.public_id in html
    assert other_hub.public_id not in html
    assert reverse("media_hub:queue") in html  # the console's navigation links it


def test_the_queue_costs_the_same_queries_for_one_item_or_ten(
    client, hub_and_moderator, django_assert_num_queries
):
    hub, _user = hub_and_moderator
    walkout = _walkout(hub)
    stored_item(walkout)
    with django_assert_num_queries(session_queries(8)):
        client.get(reverse("media_hub:queue"))
    for _ in range(9):
        stored_item(walkout)
    with django_assert_num_queries(session_queries(8)):
        response = client.get(reverse("media_hub:queue"))
    assert "10 items await review." in response.content.decode()


def test_moderators_see_submitted_files_and_the_public_does_not(client, hub_and_moderator):
    hub, _user = hub_and_moderator
    item = stored_item(_walkout(hub, **PAST))
    name = item.files.get(role="full").filename
    response = client.get(reverse("media_hub:file", args=[name]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("media:file", args=[name])).status_code == 404
    assert client.get(reverse("media_hub:file", args=[name])).status_code == 302


def test_support_staff_cannot_moderate_media(client):
    hub = HubFactory()
    user, _seed = make_staff(hub, "helper")
    user.role = StaffRole.SUPPORT
    user.save()
    sign_in_verified(client, user)
    item = stored_item(_walkout(hub))
    assert client.get(reverse("media_hub:queue")).status_code == 403
    response = client.post(
        reverse("media_hub:decide", args=[item.public_id]), {"decision": "approve"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == MediaState.SUBMITTED


def test_approving_publishes_from_the_start_time_and_is_audited(client, hub_and_moderator):
    hub, user = hub_and_moderator
    walkout = _walkout(hub, **PAST)
    item = stored_item(walkout)
    response = client.post(
        reverse("media_hub:decide", args=[item.public_id]), {"decision": "approve"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == MediaState.APPROVED
    entry = AuditEntry.objects.get()
    assert (entry.staff, entry.verb, entry.object_kind, entry.object_id) == (
        user,
        "approve media",
        "mediaitem",
        item.public_id,
    )
    client.logout()
    page = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()
    assert _file_url(item, "thumb") in page
    served = client.get(_file_url(item))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == 'inline; filename="walkout.jpg"'
    assert served["X-Content-Type-Options"] == "nosniff"
    gallery = client.get(reverse("media:campaign_gallery", args=[walkout.action.campaign.slug]))
    assert _file_url(item, "thumb") in gallery.content.decode()


def test_rejecting_deletes_the_item_and_its_files(client, hub_and_moderator):
    hub, user = hub_and_moderator
    item = stored_item(_walkout(hub))
    assert len(files_in("files")) == 3
    response = client.post(
        reverse("media_hub:decide", args=[item.public_id]), {"decision": "reject"}
    )
    assert response.status_code == 302
    assert MediaItem.objects.count() == MediaFile.objects.count() == 0
    assert files_in("files") == []
    assert AuditEntry.objects.get().verb == "reject media"


def test_a_bad_decision_changes_nothing(client, hub_and_moderator):
    hub, _user = hub_and_moderator
    item = stored_item(_walkout(hub))
    for data in ({"decision": "publish"}, {}):
        response = client.post(reverse("media_hub:decide", args=[item.public_id]), data)
        assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == MediaState.SUBMITTED
    assert AuditEntry.objects.count() == 0
    other = stored_item(_walkout(HubFactory()))
    response = client.post(
        reverse("media_hub:decide", args=[other.public_id]), {"decision": "approve"}
    )
    assert response.status_code == 404
    approved = stored_item(_walkout(hub), state=MediaState.APPROVED)
    with pytest.raises(actions.MediaError):
        actions.approve(approved, staff=_user)


def test_nothing_unapproved_or_embargoed_is_ever_public(client, time_machine):
    """Create every kind of media that must stay private, then prove the public sees none."""
    hub = HubFactory()
    start = timezone.now() + datetime.timedelta(days=3)
    walkout = _walkout(hub, starts_at=start)
    embargoed = stored_item(walkout, state=MediaState.APPROVED)
    submitted = stored_item(walkout, state=MediaState.SUBMITTED)
    in_review = stored_item(walkout, state=MediaState.REVIEW)
    pending_walkout = _walkout(hub, status=WalkoutStatus.PENDING, **PAST)
    of_pending = stored_item(pending_walkout, state=MediaState.APPROVED)
    rejected_walkout = _walkout(hub, status=WalkoutStatus.REJECTED, **PAST)
    of_rejected = stored_item(rejected_walkout, state=MediaState.APPROVED)
    hidden = [embargoed, submitted, in_review, of_pending, of_rejected]
    names = [f.filename for item in hidden for f in item.files.all()]
    assert len(names) == 15

    def public_text():
        pages = [
            client.get(reverse("walkouts:walkout", args=[w.public_id]))
            for w in (walkout, pending_walkout, rejected_walkout)
        ]
        pages.append(
            client.get(reverse("media:campaign_gallery", args=[walkout.action.campaign.slug]))
        )
        return "\n".join(p.content.decode() for p in pages)

    text = public_text()
    for name in names:
        assert name not in text
        assert client.get(reverse("media:file", args=[name])).status_code == 404
    assert queries.visible_items().count() == 0

    # The walkout starts: only the approved item of the approved walkout comes out.
    time_machine.move_to(start + datetime.timedelta(minutes=1), tick=False)
    text = public_text()
    visible = {f.filename for f in embargoed.files.all()}
    for name in names:
        expected = 200 if name in visible else 404
        assert client.get(reverse("media:file", args=[name])).status_code == expected
    assert embargoed.files.get(role="thumb").filename in text
    assert list(queries.visible_items()) == [embargoed]


def test_the_gallery_costs_the_same_queries_for_one_item_or_many(django_assert_num_queries):
    walkout = WalkoutFactory(**PAST)
    stored_item(walkout, state=MediaState.APPROVED)
    with django_assert_num_queries(2):
        assert len(queries.walkout_gallery(walkout)) == 1
    for _ in range(5):
        stored_item(walkout, state=MediaState.APPROVED)
    with django_assert_num_queries(2):
        items = queries.walkout_gallery(walkout)
        assert [len(i.files.all()) for i in items] == [3] * 6
    with django_assert_num_queries(2):
        items = queries.campaign_gallery(walkout.action.campaign)
        assert {i.walkout.school.name for i in items} == {walkout.school.name}


def test_an_unknown_campaign_gallery_is_404(client):
    assert client.get(reverse("media:campaign_gallery", args=["nope"])).status_code == 404
    assert client.get(reverse("media:file", args=["nope.jpg"])).status_code == 404
