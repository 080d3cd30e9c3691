import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import ActionFactory, CampaignFactory, SchoolFactory, WalkoutFactory
from tests.helpers import session_queries, sign_in_verified
from tests.hubs.conftest import pending
from walkout.hubs import review
from walkout.hubs.actions import moderation
from walkout.hubs.models import AuditEntry, ChangeRequest, Merge
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.actions import WalkoutError
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def queue_html(client, **params) -> str:
    response = client.get(reverse("hubs:queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def decide(client, walkout, decision, reason=""):
    return client.post(
        reverse("hubs:decide", args=[walkout.public_id]), {"decision": decision, "reason": reason}
    )


# --- the next-item flow ---------------------------------------------------------------------


def test_decision_opens_the_next_item_with_focus(client, moderator, call):
    first, second, third = (
        pending(call, created_day=DAY + datetime.timedelta(days=n)) for n in range(3)
    )
    sign_in_verified(client, moderator)

    response = decide(client, second, "approve")

    assert response.headers["Location"] == f"/hub/?focus={third.public_id}"
    html = queue_html(client, focus=third.public_id)
    assert (
        f'<h2 class="h3" tabindex="-1" autofocus><a href="/hub/walkouts/{third.public_id}/">'
    ) in html
    assert html.count("autofocus") == 1
    assert f"Approved: {escape(second.school.name)}." in html
    assert "Approved:" not in queue_html(client)  # the notice is shown once
    # The last item leads back to the first.
    assert decide(client, third, "approve").headers["Location"] == (
        f"/hub/?focus={first.public_id}"
    )


def test_focus_opens_the_page_holding_the_item(client, moderator, call):
    items = [pending(call, created_day=DAY) for _ in range(27)]
    sign_in_verified(client, moderator)

    html = queue_html(client, focus=items[26].public_id)

    assert f'id="w-{items[26].public_id}"' in html
    assert f'id="w-{items[0].public_id}"' not in html
    assert "Page 2 of 2" in html


def test_enter_in_the_reason_field_asks_for_changes_not_approval(client, moderator, call):
    walkout = pending(call)
    sign_in_verified(client, moderator)

    html = queue_html(client)

    forms = html.split(f'action="/hub/walkouts/{walkout.public_id}/decide/"')
    assert len(forms) == 3  # two forms: approving, and the one with the text field
    with_reason = forms[2]
    assert with_reason.index('name="reason"') < with_reason.index('value="changes"')
    assert with_reason.index('value="changes"') < with_reason.index('value="reject"')
    assert 'value="approve"' not in with_reason.split("</form>")[0]


# --- asking for changes ------------------------------------------------------------------------


def test_ask_for_changes_keeps_pending_and_leaves_review_list(client, moderator, call):
    walkout = pending(call, school=SchoolFactory(name="Roosevelt High"))
    sign_in_verified(client, moderator)

    response = decide(client, walkout, "changes", "Say which door you meet at.")

    assert response.headers["Location"] == "/hub/"
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING
    assert list(ChangeRequest.objects.values_list("message", "day")) == [
        ("Say which door you meet at.", walkout.created_day)
    ]
    assert list(AuditEntry.objects.values_list("verb", "object_kind", "object_id")) == [
        ("request_changes", "walkout", walkout.public_id)
    ]
    assert "Nothing awaits review." in queue_html(client)
    waiting = queue_html(client, tab="waiting")
    assert "Roosevelt High" in waiting
    assert "Say which door you meet at." in waiting
    assert "Sent back for changes (1)" in waiting


def test_ask_for_changes_without_message(client, moderator, call):
    walkout = pending(call)
    sign_in_verified(client, moderator)

    response = decide(client, walkout, "changes", "  ")

    assert response.status_code == 400
    assert (
        '<div class="errors" role="alert"><p>Tell the organizer what to change.</p></div>'
    ) in response.content.decode()
    assert ChangeRequest.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_reject_without_reason_keeps_nothing_and_focuses_item(client, moderator, call):
    walkout = pending(call)
    sign_in_verified(client, moderator)

    response = client.post(
        reverse("hubs:decide", args=[walkout.public_id]), {"decision": "reject", "reason": ""}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert '<div class="errors" role="alert"><p>Give the organizer a reason.</p></div>' in html
    assert f'<div class="field has-error"><label for="reason-{walkout.public_id}">' in html
    assert (
        f'<h2 class="h3" tabindex="-1" autofocus><a href="/hub/walkouts/{walkout.public_id}/"'
        in html
    )


def test_too_long_reason_is_refused_and_kept(client, moderator, call):
    walkout = pending(call)
    sign_in_verified(client, moderator)
    typed = "x" * 501

    response = decide(client, walkout, "reject", typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 500 characters (it has 501)." in html
    assert f'value="{typed}" aria-invalid="true"' in html
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING


def test_organizer_edit_returns_the_walkout_to_review(moderator, call):
    walkout = pending(call)
    moderation.request_changes(walkout, staff=moderator, message="Add the time.")

    walkout_actions.update_walkout(walkout, meeting_spot="Gym doors")  # private: not an answer
    assert ChangeRequest.objects.count() == 1
    walkout_actions.update_walkout(walkout, description="We walk out at 2PM sharp.")

    assert ChangeRequest.objects.count() == 0
    assert list(moderation_queue_ids(moderator)) == [walkout.pk]


def moderation_queue_ids(staff):
    from walkout.hubs.queries import review_queue

    return review_queue(staff.hub).values_list("pk", flat=True)


def test_changes_only_for_pending(moderator, call):
    walkout = WalkoutFactory(action=call, status=WalkoutStatus.APPROVED)

    with pytest.raises(WalkoutError) as error:
        moderation.request_changes(walkout, staff=moderator, message="Fix it")

    assert str(error.value) == "Only a walkout awaiting review can be sent back for changes."


def test_approval_clears_a_change_request(moderator, call):
    walkout = pending(call)
    moderation.request_changes(walkout, staff=moderator, message="Add the time.")

    moderation.decide(walkout, staff=moderator, decision="approve")

    assert ChangeRequest.objects.count() == 0


# --- merging duplicates -------------------------------------------------------------------------


def test_queue_offers_merge_of_two_walkouts_at_one_school(client, moderator, call, school):
    first = pending(call, school=school, organizer_pseudonym="comet")
    second = pending(call, school=school, organizer_pseudonym="maple")
    pending(ActionFactory(campaign=call.campaign), school=school)  # another call: no merge
    sign_in_verified(client, moderator)

    html = queue_html(client)

    card = html.split(f'id="w-{first.public_id}"')[1].split('<li class="card"')[0]
    assert "Another walkout is registered at this school for this call." in card
    assert "Same school and call: the walkout by maple (Awaiting review)." in card
    assert f'action="/hub/walkouts/{second.public_id}/merge/"' in card
    assert f'<input type="hidden" name="keep" value="{first.public_id}">' in card
    assert f'action="/hub/walkouts/{first.public_id}/merge/"' in card


def test_merge_rejects_the_duplicate_and_points_to_the_kept(client, moderator, call, school):
    kept = WalkoutFactory(action=call, school=school, status=WalkoutStatus.APPROVED)
    duplicate = pending(call, school=school)
    sign_in_verified(client, moderator)

    response = client.post(
        reverse("hubs:merge", args=[duplicate.public_id]), {"keep": kept.public_id}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert (duplicate.status, duplicate.rejection_reason) == (
        WalkoutStatus.REJECTED,
        "Merged with another walkout at the same school.",
    )
    assert kept.status == WalkoutStatus.APPROVED
    assert list(Merge.objects.values_list("walkout", "kept")) == [(duplicate.pk, kept.pk)]
    assert list(AuditEntry.objects.values_list("verb", "object_id")) == [
        ("merge", duplicate.public_id)
    ]


def test_merge_of_walkouts_at_different_schools_refused(client, moderator, call):
    one = pending(call, school=SchoolFactory(name="Lincoln High"))
    other = pending(call, school=SchoolFactory(name="Roosevelt High"))
    sign_in_verified(client, moderator)

    response = client.post(reverse("hubs:merge", args=[one.public_id]), {"keep": other.public_id})

    assert response.status_code == 400
    assert (
        '<div class="errors" role="alert"><p>Only walkouts at the same school can be merged.</p>'
        "</div>"
    ) in response.content.decode()
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.status, other.status) == (WalkoutStatus.PENDING, WalkoutStatus.PENDING)
    assert Merge.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("same", "Choose two different walkouts to merge."),
        ("other_call", "Only walkouts answering the same call can be merged."),
        ("drop_approved", "Only a walkout awaiting review can be merged into another."),
        ("keep_rejected", "The walkout to keep is no longer pending or approved."),
    ],
)
def test_merge_refusals(moderator, call, school, case, message):
    drop = pending(call, school=school)
    keep = pending(call, school=school)
    if case == "same":
        keep = drop
    elif case == "other_call":
        keep = pending(ActionFactory(campaign=call.campaign), school=school)
    elif case == "drop_approved":
        drop.status = WalkoutStatus.APPROVED
    elif case == "keep_rejected":
        keep.status = WalkoutStatus.REJECTED

    with pytest.raises(WalkoutError) as error:
        moderation.merge(drop=drop, keep=keep, staff=moderator)

    assert str(error.value) == message
    assert Merge.objects.count() == 0


def test_merge_with_unknown_walkout_to_keep(client, moderator, call):
    drop = pending(call)
    sign_in_verified(client, moderator)

    response = client.post(reverse("hubs:merge", args=[drop.public_id]), {"keep": "nope"})

    assert response.status_code == 400
    assert "<p>Choose the walkout to keep.</p>" in response.content.decode()


# --- signals ------------------------------------------------------------------------------------


def test_signal_burst_of_registrations(call):
    for n in range(5):  # five quiet days with two walkouts each
        for _ in range(2):
            WalkoutFactory(action=call, created_day=DAY + datetime.timedelta(days=n))
    burst = [pending(call, created_day=DAY + datetime.timedelta(days=5)) for _ in range(12)]
    quiet = pending(call, created_day=DAY)

    signals = review.signals_for([burst[0], quiet])

    assert signals[burst[0].pk].burst == {"count": 12, "median": 2}
    assert signals[quiet.pk].burst is None


def test_signal_small_days_are_no_burst(call):
    WalkoutFactory(action=call, created_day=DAY)
    spike = [pending(call, created_day=DAY + datetime.timedelta(days=1)) for _ in range(9)]

    assert review.signals_for(spike[:1])[spike[0].pk].burst is None  # under BURST_MIN


def test_signal_repeated_text_ignores_case(call):
    WalkoutFactory(action=call, description="WALK OUT with us at 2PM!")
    WalkoutFactory(action=call, description="walk out with us at 2pm!", status="rejected")
    WalkoutFactory(action=call, description="Walk out with us at 2PM.")  # not the same text
    WalkoutFactory(action=ActionFactory(), description="Walk out with us at 2PM!")  # other call
    mine = pending(call, description="Walk out with us at 2PM!")
    unique = pending(call, description="Our own words.")

    signals = review.signals_for([mine, unique])

    assert (signals[mine.pk].same_text, signals[unique.pk].same_text) == (2, 0)


def test_signal_school_far_from_its_zip(call):
    far = pending(call, school=SchoolFactory(zip_code="60601", latitude=40.0, longitude=-88.0))
    near = pending(call, school=SchoolFactory(zip_code="60601"))

    signals = review.signals_for([far, near])

    assert signals[far.pk].km_from_zip == 212
    assert signals[near.pk].km_from_zip is None


def test_signals_shown_in_the_queue(client, moderator, call):
    walkout = pending(
        call,
        school=SchoolFactory(name="Far High", zip_code="60601", latitude=40.0, longitude=-88.0),
        description="Copy paste",
    )
    pending(call, description="copy PASTE")
    sign_in_verified(client, moderator)

    card = queue_html(client).split(f'id="w-{walkout.public_id}"')[1].split('<li class="card"')[0]

    assert "The same text is on another walkout of this call." in card
    assert "The school's location is 212 km from the centre of its ZIP code 60601." in card


def test_km_between():
    chicago, new_york = (41.8781, -87.6298), (40.7128, -74.0060)

    assert round(review.km_between(chicago, new_york)) == 1144


# --- the queue: own hub only, counts ----------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_queue_query_count(client, django_assert_num_queries, moderator, call, n):
    school = SchoolFactory()
    WalkoutFactory(action=call, school=school)  # an approved one at the same school
    for i in range(n):
        pending(call, school=SchoolFactory(name=f"Queued High {i}") if i else school)
    waiting = pending(call)
    ChangeRequest.objects.create(walkout=waiting, message="x", day=DAY)
    pending(ActionFactory(), school=SchoolFactory(name="Other Hub High"))
    sign_in_verified(client, moderator)

    # session, user; count, ids, rows, other tab's count; siblings, bursts, text keys, text
    # counts; session save (3)
    with django_assert_num_queries(session_queries(13)):
        response = client.get(reverse("hubs:queue"))

    html = response.content.decode()
    assert html.count('<li class="card" id="w-') == n
    assert "Other Hub High" not in html
    assert f"To review ({n})" in html
    assert "Sent back for changes (1)" in html


def test_queue_pages_of_25(client, moderator, call):
    for _ in range(26):
        pending(call)
    sign_in_verified(client, moderator)

    first, second = queue_html(client), queue_html(client, page=2)

    assert first.count('<li class="card" id="w-') == 25
    assert second.count('<li class="card" id="w-') == 1
    assert 'href="?kind=walkouts&amp;tab=review&amp;page=2" rel="next"' in first


def test_console_campaign_of_other_hub_not_in_queue(client, moderator):
    theirs = pending(ActionFactory(campaign=CampaignFactory()))
    sign_in_verified(client, moderator)

    assert theirs.public_id not in queue_html(client)


def test_a_flood_at_one_school_offers_three_merges(client, moderator, call, school):
    first = pending(call, school=school)
    for _ in range(5):
        pending(call, school=school)
    sign_in_verified(client, moderator)

    card = queue_html(client).split(f'id="w-{first.public_id}"')[1].split('<li class="card"')[0]

    assert card.count("Merge: keep this one") == 3
    assert "And 2 more walkouts at this school: merge these first." in card
