"""Organizer support: the organizer writes through their link, the hub answers in the console,
announcements reach every organizer of a call."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import session_queries, sign_in_verified
from tests.hubs.conftest import pending
from walkout.hubs.actions import moderation, support
from walkout.hubs.models import Announcement, AuditEntry, SupportMessage
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.actions import WalkoutError
from walkout.walkouts.models import Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 2, 2, 23, 59, 30, tzinfo=datetime.UTC)


@pytest.fixture
def registered(call):
    """A walkout registered through the real action, with its organizer token."""
    walkout, token = walkout_actions.register_walkout(
        action=call,
        school=SchoolFactory(name="Lincoln High School"),
        description="We walk out at 2PM.",
        organizer_pseudonym="comet",
        meeting_spot="By the flagpole",
    )
    return walkout, token


def organizer_url(token):
    return reverse("walkouts:organizer", args=[token])


def thread_url(token):
    return reverse("organizer_support:thread", args=[token])


# --- the organizer writes -----------------------------------------------------------------------


def test_organizer_writes_and_reads_the_hubs_answer(client, registered, support_staff):
    walkout, token = registered

    response = client.post(thread_url(token), {"body": "Can you  help\n\n\n\nwith flyers?"})

    assert response.status_code == 302
    assert response.headers["Location"] == organizer_url(token) + "#support"
    assert list(SupportMessage.objects.values_list("walkout", "from_hub", "body")) == [
        (walkout.pk, False, "Can you help\n\nwith flyers?")
    ]
    support.reply_to_organizer(walkout, staff=support_staff, body="Yes! Print the PDF.")
    html = client.get(organizer_url(token)).content.decode()
    assert '<h2 id="support">Talk to the hub</h2>' in html
    assert html.index("Can you help") < html.index("Yes! Print the PDF.")
    assert '<li class="message from-hub"><p class="muted">The hub · ' in html
    assert '<li class="message"><p class="muted">You · ' in html
    assert f'action="/o/{token}/support/"' in html


def test_message_dates_are_days(client, registered, time_machine):
    walkout, token = registered
    time_machine.move_to(T0, tick=False)

    client.post(thread_url(token), {"body": "Hello"})

    field = SupportMessage._meta.get_field("day")
    assert type(field).__name__ == "DateField"
    assert SupportMessage.objects.get().day == T0.date()
    for model in (SupportMessage, Announcement):
        kinds = {type(f).__name__ for f in model._meta.get_fields()}
        assert "DateTimeField" not in kinds


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_organizer_empty_message_refused(client, registered, body):
    _, token = registered

    response = client.post(thread_url(token), {"body": body})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert SupportMessage.objects.count() == 0


def test_organizer_too_long_message_refused_and_kept(client, registered):
    _, token = registered
    typed = "help " * 401

    response = client.post(thread_url(token), {"body": typed})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters (it has 2004)." in html
    assert typed.strip() in html
    assert SupportMessage.objects.count() == 0


def test_organizer_daily_limit(client, registered):
    walkout, token = registered
    for _ in range(support.ORGANIZER_MESSAGES_PER_DAY):
        support.write_to_hub(walkout, body="again")

    response = client.post(thread_url(token), {"body": "one more"})

    assert response.status_code == 400
    assert "That&#x27;s a lot of messages for one day. Write again tomorrow." in (
        response.content.decode()
    )
    assert SupportMessage.objects.count() == support.ORGANIZER_MESSAGES_PER_DAY


@pytest.mark.parametrize("token", ["x" * 43, "short", "A" * 44])
def test_thread_wrong_link_is_not_found(client, registered, token):
    response = client.post(thread_url(token), {"body": "Hello"})

    assert response.status_code == 404
    assert SupportMessage.objects.count() == 0


def test_thread_rotated_link_is_not_found(client, registered):
    walkout, token = registered
    walkout_actions.rotate_organizer_link(walkout)

    assert client.post(thread_url(token), {"body": "Hello"}).status_code == 404
    assert client.get(thread_url(token)).status_code == 404


def test_thread_page_is_noindex_and_no_store(client, registered):
    _, token = registered

    response = client.get(thread_url(token))

    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert response.headers["Cache-Control"] == "no-store"


def test_messages_die_with_their_walkout(registered, support_staff):
    walkout, _ = registered
    support.write_to_hub(walkout, body="Hello")
    support.reply_to_organizer(walkout, staff=support_staff, body="Hi")

    Walkout.objects.filter(pk=walkout.pk).delete()

    assert SupportMessage.objects.count() == 0


# --- what the organizer page shows from the hub ---------------------------------------------------


def test_organizer_sees_changes_asked(client, registered, moderator):
    walkout, token = registered
    moderation.request_changes(walkout, staff=moderator, message="Name the door you meet at.")

    html = client.get(organizer_url(token)).content.decode()

    assert "<h2>The hub asks for changes</h2>\n<p>“Name the door you meet at.”</p>" in html
    assert "Awaiting review" in html


def test_organizer_of_merged_walkout_sees_the_kept_one(client, registered, moderator, call):
    walkout, token = registered
    kept = WalkoutFactory(action=call, school=walkout.school)

    moderation.merge(drop=walkout, keep=kept, staff=moderator)

    html = client.get(organizer_url(token)).content.decode()
    assert "Merged with another walkout at the same school." in html
    assert f'<a href="/w/{kept.public_id}/">the walkout at your school</a>' in html


def test_organizer_sees_announcements_of_their_call_in_their_language(client, registered, admin):
    walkout, token = registered
    support.announce(
        action=walkout.action, staff=admin, body="Bring water.", body_es="Traigan agua."
    )
    support.announce(
        action=ActionFactory(campaign=walkout.action.campaign), staff=admin, body="Other call"
    )

    english = client.get(organizer_url(token)).content.decode()
    spanish = client.get("/es" + organizer_url(token)).content.decode()

    assert "Bring water." in english
    assert "Other call" not in english
    assert "Traigan agua." in spanish
    assert "Bring water." not in spanish


@pytest.mark.parametrize("n", [1, 3])
def test_organizer_page_query_count_does_not_grow_with_messages(
    client, django_assert_num_queries, registered, admin, n
):
    walkout, token = registered
    for i in range(n):
        support.write_to_hub(walkout, body=f"Question {i}")
        support.reply_to_organizer(walkout, staff=admin, body=f"Answer {i}")
        support.announce(action=walkout.action, staff=admin, body=f"News {i}")
    client.get(organizer_url(token))  # warm anything cached per process

    # the walkout; the hub's part: change asked (pending walkout), announcements, the thread
    with django_assert_num_queries(4):
        response = client.get(organizer_url(token))

    html = response.content.decode()
    assert html.count('<li class="message') == 2 * n
    assert html.count("News ") == n


# --- the hub answers ----------------------------------------------------------------------------


def test_hub_reply_from_the_walkout_page(client, registered, support_staff):
    walkout, _ = registered
    support.write_to_hub(walkout, body="Help with flyers?")
    sign_in_verified(client, support_staff)
    page = client.get(reverse("hubs:walkout", args=[walkout.public_id])).content.decode()
    assert "Help with flyers?" in page
    assert "By the flagpole" not in page  # the meeting spot is the organizers' only

    response = client.post(
        reverse("hubs:reply", args=[walkout.public_id]), {"body": "Here is the PDF."}
    )

    assert response.headers["Location"] == f"/hub/walkouts/{walkout.public_id}/#thread"
    assert list(SupportMessage.objects.values_list("from_hub", "body")) == [
        (False, "Help with flyers?"),
        (True, "Here is the PDF."),
    ]
    assert list(AuditEntry.objects.values_list("staff", "verb", "object_id")) == [
        (support_staff.pk, "reply", walkout.public_id)
    ]


def test_hub_empty_reply_refused(client, registered, support_staff):
    walkout, _ = registered
    sign_in_verified(client, support_staff)

    response = client.post(reverse("hubs:reply", args=[walkout.public_id]), {"body": " "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert SupportMessage.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_inbox_lists_threads_waiting_for_the_hub(client, call, support_staff):
    waiting = pending(call, school=SchoolFactory(name="Waiting High"))
    answered = pending(call, school=SchoolFactory(name="Answered High"))
    pending(call, school=SchoolFactory(name="Quiet High"))
    support.write_to_hub(waiting, body="Anyone there?")
    support.write_to_hub(answered, body="Question")
    support.reply_to_organizer(answered, staff=support_staff, body="Answer")
    sign_in_verified(client, support_staff)

    waiting_html = client.get(reverse("hubs:support")).content.decode()
    all_html = client.get(reverse("hubs:support"), {"show": "all"}).content.decode()

    assert "Waiting High" in waiting_html
    assert "Anyone there?" in waiting_html
    assert "Answered High" not in waiting_html
    assert "Quiet High" not in all_html
    assert all_html.index("Answered High") < all_html.index("Waiting High")  # latest first


@pytest.mark.parametrize("n", [1, 3])
def test_inbox_query_count(client, django_assert_num_queries, call, support_staff, n):
    for i in range(n):
        walkout = pending(call, school=SchoolFactory(name=f"Thread High {i}"))
        support.write_to_hub(walkout, body=f"Question {i}")
    sign_in_verified(client, support_staff)

    # session, user; count, threads; session save (3)
    with django_assert_num_queries(session_queries(7)):
        response = client.get(reverse("hubs:support"))

    assert response.content.decode().count("Thread High") == n


# --- announcements ------------------------------------------------------------------------------


def test_post_an_announcement(client, call, support_staff):
    sign_in_verified(client, support_staff)

    response = client.post(
        reverse("hubs:announcements"),
        {"action": call.pk, "body": "Know your rights before Friday.", "body_es": ""},
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert (announcement.action, announcement.body, announcement.translations) == (
        call,
        "Know your rights before Friday.",
        {},
    )
    assert list(AuditEntry.objects.values_list("verb", "object_kind")) == [
        ("announce", "announcement")
    ]


def test_empty_announcement_refused_and_typed_spanish_kept(client, call, support_staff):
    sign_in_verified(client, support_staff)

    response = client.post(
        reverse("hubs:announcements"), {"action": call.pk, "body": "", "body_es": "Hola a todos"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert ">\nHola a todos</textarea>" in html
    assert Announcement.objects.count() == 0


def test_announcement_to_another_hubs_call_refused(client, support_staff):
    theirs = ActionFactory()
    sign_in_verified(client, support_staff)

    response = client.post(reverse("hubs:announcements"), {"action": theirs.pk, "body": "Hi"})

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert Announcement.objects.count() == 0


def test_withdraw_an_announcement(client, call, support_staff):
    announcement = support.announce(action=call, staff=support_staff, body="Oops")
    sign_in_verified(client, support_staff)

    response = client.post(reverse("hubs:withdraw_announcement", args=[announcement.pk]))

    assert response.status_code == 302
    assert Announcement.objects.count() == 0
    assert list(AuditEntry.objects.order_by("id").values_list("verb", flat=True)) == [
        "announce",
        "withdraw_announcement",
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_announcements_query_count(client, django_assert_num_queries, call, admin, n):
    for i in range(n):
        support.announce(action=call, staff=admin, body=f"News item {i}")
    sign_in_verified(client, admin)

    # session, user; actions for the form; count, announcements; session save (3)
    with django_assert_num_queries(session_queries(8)):
        response = client.get(reverse("hubs:announcements"))

    assert response.content.decode().count("News item ") == n


# --- errors --------------------------------------------------------------------------------------


def test_support_write_refusals(call):
    walkout = pending(call)

    with pytest.raises(WalkoutError) as error:
        support.write_to_hub(walkout, body="x" * 2001)

    assert str(error.value) == "Keep it under 2000 characters."
    assert walkout.status == WalkoutStatus.PENDING
