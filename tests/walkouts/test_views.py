import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import dump_everything, fresh_stamp, hidden_value
from walkout.campaigns.models import ActionStatus
from walkout.common import tokens
from walkout.walkouts import actions
from walkout.walkouts.models import School, Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db


DESCRIPTION = "Meet at the flagpole & bring <signs>"
PSEUDONYM = "sunflower"
MEETING_SPOT = "Behind the gym, by the blue door"
NOTES = "Ask Ms. R about the room"
ORGANIZER_LINK = re.compile(r"readonly>(http://testserver/o/([A-Za-z0-9_-]{43})/)</textarea>")


def register_url(action, school):
    return reverse("walkouts:register", args=[action.public_id, school.pk])


def add_school_url(action):
    return reverse("walkouts:add_school", args=[action.public_id])


def details(**extra):
    return {
        "description": DESCRIPTION,
        "organizer_pseudonym": PSEUDONYM,
        "meeting_spot": MEETING_SPOT,
        "organizer_notes": NOTES,
        "website": "",
        "stamp": fresh_stamp(),
    } | extra


def non_field_error(text: str) -> str:
    return f'<div class="errors" role="alert"><p>{escape(text)}</p></div>'


def field_error(field: str, text: str) -> str:
    return f'<ul class="errorlist" id="id_{field}_error"><li>{escape(text)}</li></ul>'


def typed_text_kept(html: str) -> bool:
    """The description, pseudonym and meeting spot the student typed are in the form again."""
    return (
        f'id="id_description">\n{escape(DESCRIPTION)}</textarea>' in html
        and f'name="organizer_pseudonym" value="{PSEUDONYM}"' in html
        and f'name="meeting_spot" value="{escape(MEETING_SPOT)}"' in html
        and f'id="id_organizer_notes">\n{escape(NOTES)}</textarea>' in html
    )


def organizer_token(response) -> str:
    match = ORGANIZER_LINK.search(response.content.decode())
    assert match, "no organizer link in the response"
    return match.group(2)


@pytest.fixture
def action():
    return ActionFactory(title="Walk out for our families")


@pytest.fixture
def school():
    return SchoolFactory(name="Lincoln High School", city="Chicago", zip_code="60614")


# --- the whole journey -----------------------------------------------------------------------


def test_journey_search_register_review_edit_rotate_cancel(client, action, school):
    # 1. Find the school.
    response = client.get(reverse("walkouts:start"), {"q": "lincoln", "action": action.public_id})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Lincoln High School</strong>" in html
    assert f'href="{register_url(action, school)}"' in html

    # 2. The form, then the registration.
    page = client.get(register_url(action, school))
    assert page.status_code == 200
    response = client.post(
        register_url(action, school),
        details(stamp=hidden_value(page.content.decode(), "stamp")),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your walkout is registered" in html
    assert response.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert response.headers["Cache-Control"] == "no-store"
    token = organizer_token(response)
    link = f"http://testserver/o/{token}/"
    assert html.count(link) == 2  # the read-only field and the button, on this response only
    walkout = Walkout.objects.get()
    assert walkout.status == WalkoutStatus.PENDING
    assert walkout.organizer_token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in dump_everything()

    # 3. The public page: reachable by its link, marked as awaiting review, not indexed.
    public = client.get(reverse("walkouts:walkout", args=[walkout.public_id]))
    html = public.content.decode()
    assert public.status_code == 200
    assert (
        '<p class="notice" role="status">Awaiting review: this walkout is not listed publicly '
        "until a hub moderator has checked it.</p>"
    ) in html
    assert public.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert escape(DESCRIPTION) in html
    assert "Organized by sunflower" in html
    assert escape(MEETING_SPOT) not in html
    assert escape(NOTES) not in html
    assert token not in html
    state = client.get(
        reverse("public:state", args=[action.campaign.slug, action.slug, "IL"])
    ).content.decode()
    assert "Lincoln High School" not in state

    # 4. The organizer page, then an edit.
    organizer_url = reverse("walkouts:organizer", args=[token])
    page = client.get(organizer_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert page.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert '<dd class="status-pending">Awaiting review</dd>' in html
    assert f'name="meeting_spot" value="{escape(MEETING_SPOT)}"' in html
    response = client.post(
        organizer_url,
        {
            "op": "edit",
            "description": "New plan: the front steps.",
            "organizer_pseudonym": PSEUDONYM,
            "meeting_spot": "Front steps",
            "organizer_notes": "",
        },
    )
    assert '<p class="notice" role="status">Saved.</p>' in response.content.decode()
    walkout.refresh_from_db()
    assert (walkout.description, walkout.meeting_spot, walkout.organizer_notes) == (
        "New plan: the front steps.",
        "Front steps",
        "",
    )

    # 5. A new organizer link: the old one stops working at once.
    response = client.post(organizer_url, {"op": "rotate"})
    html = response.content.decode()
    assert "Your new organizer link" in html
    assert "The old link has stopped working." in html
    new_token = organizer_token(response)
    assert new_token != token
    assert client.get(organizer_url).status_code == 404
    new_url = reverse("walkouts:organizer", args=[new_token])
    assert client.get(new_url).status_code == 200

    # 6. Cancelling needs the box ticked.
    response = client.post(new_url, {"op": "cancel"})
    assert (
        '<p class="notice" role="status">Tick the box to confirm that you want to cancel.</p>'
        in response.content.decode()
    )
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.PENDING
    response = client.post(new_url, {"op": "cancel", "confirm": "yes"})
    assert (
        '<p class="notice" role="status">Your walkout is cancelled. Its page now says so.</p>'
        in response.content.decode()
    )
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.CANCELLED
    public = client.get(reverse("walkouts:walkout", args=[walkout.public_id]))
    assert "This walkout has been cancelled by its organizers." in public.content.decode()


def test_organizer_edit_of_approved_walkout_goes_back_to_review(client):
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(status=WalkoutStatus.APPROVED, organizer_token_digest=digest)

    response = client.post(
        reverse("walkouts:organizer", args=[token]),
        {"op": "edit", "description": "Swapped text", "organizer_pseudonym": "fox"},
    )

    assert (
        '<p class="notice" role="status">Saved. Public changes go back to review before they '
        "are listed again.</p>"
    ) in response.content.decode()
    walkout.refresh_from_db()
    assert (walkout.status, walkout.description) == (WalkoutStatus.PENDING, "Swapped text")


def test_organizer_cannot_cancel_rejected_walkout_back_into_view(client):
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(
        status=WalkoutStatus.REJECTED, rejection_reason="Hoax", organizer_token_digest=digest
    )

    response = client.post(
        reverse("walkouts:organizer", args=[token]), {"op": "cancel", "confirm": "yes"}
    )

    assert (
        '<p class="notice" role="status">This walkout can no longer be changed.</p>'
        in response.content.decode()
    )
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.REJECTED
    assert client.get(reverse("walkouts:walkout", args=[walkout.public_id])).status_code == 404


def test_organizer_page_shows_rejection_reason_without_forms(client):
    token, digest = tokens.new_token()
    WalkoutFactory(
        status=WalkoutStatus.REJECTED,
        rejection_reason="Not a real school",
        organizer_token_digest=digest,
    )

    html = client.get(reverse("walkouts:organizer", args=[token])).content.decode()

    assert "<dt>Reason given</dt><dd>Not a real school</dd>" in html
    # Only deleting is left to a rejected walkout's organizer.
    assert re.findall(r'name="op" value="(\w+)"', html) == ["delete"]


def test_add_school_redirects_to_register(client, action):
    response = client.post(
        add_school_url(action),
        {"name": "Freedom High", "kind": "high", "zip_code": "85001", "stamp": fresh_stamp()},
    )

    school = School.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == register_url(action, school)
    assert (school.name, school.timezone, school.confirmed) == (
        "Freedom High",
        "America/Phoenix",
        False,
    )


def test_register_page_for_school_with_approved_walkout_offers_to_join(client, action, school):
    existing = WalkoutFactory(action=action, school=school, status=WalkoutStatus.APPROVED)

    response = client.post(register_url(action, school), details())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Join it instead of starting a second one." in html
    assert f'href="/w/{existing.public_id}/"' in html
    assert list(Walkout.objects.all()) == [existing]


def test_walkout_page_rejected_answers_like_unknown(client):
    walkout = WalkoutFactory(status=WalkoutStatus.REJECTED, description="Hoax text")

    rejected = client.get(reverse("walkouts:walkout", args=[walkout.public_id]))
    unknown = client.get(reverse("walkouts:walkout", args=["x" * len(walkout.public_id)]))

    assert (rejected.status_code, unknown.status_code) == (404, 404)
    assert len(rejected.content) == len(unknown.content)
    assert "Hoax text" not in rejected.content.decode()


def test_register_page_for_closed_action_offers_no_form(client, school):
    closed = ActionFactory(status=ActionStatus.CLOSED)

    response = client.get(register_url(closed, school))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p class="notice">This call is closed: new walkouts can\'t be registered for it.</p>'
        in html
    )
    assert '<form method="post"' not in html


def test_walkout_page_approved_is_indexable_and_in_school_time(client):
    walkout = WalkoutFactory(
        action=ActionFactory(date=datetime.date(2026, 12, 18)),
        school=SchoolFactory(timezone="America/Phoenix", city="Phoenix", state="AZ"),
    )

    response = client.get(reverse("walkouts:walkout", args=[walkout.public_id]))

    html = response.content.decode()
    assert "X-Robots-Tag" not in response.headers
    assert '<p class="date">Friday, December 18, 2026</p>' in html
    assert '<p class="time">2:00 PM MST</p>' in html
    assert "Awaiting review" not in html


@pytest.mark.parametrize("bad", ["nope", "draft"])
def test_register_unknown_or_draft_action_is_not_found(client, school, bad):
    draft = ActionFactory(status=ActionStatus.DRAFT)
    action_id = draft.public_id if bad == "draft" else "no-such-call"

    response = client.post(reverse("walkouts:register", args=[action_id, school.pk]), details())

    assert response.status_code == 404
    assert Walkout.objects.count() == 0


# --- bad input -------------------------------------------------------------------------------


def test_add_school_unknown_zip(client, action):
    response = client.post(
        add_school_url(action),
        {"name": "Typed Name High", "kind": "high", "zip_code": "00000", "stamp": fresh_stamp()},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        field_error("zip_code", "We don't know the ZIP code 00000. Check it and try again.") in html
    )
    assert School.objects.count() == 0
    assert 'name="name" value="Typed Name High"' in html
    assert 'name="zip_code" value="00000"' in html


@pytest.mark.parametrize("zip_code", ["6060", "60a01", "606011"])
def test_add_school_malformed_zip(client, action, zip_code):
    response = client.post(
        add_school_url(action),
        {"name": "Typed Name High", "kind": "high", "zip_code": zip_code, "stamp": fresh_stamp()},
    )

    html = response.content.decode()
    assert field_error("zip_code", "Enter a 5-digit ZIP code.") in html
    assert School.objects.count() == 0
    assert 'name="name" value="Typed Name High"' in html


@pytest.mark.parametrize("name", ["", "    "])
def test_add_school_empty_name(client, action, name):
    response = client.post(
        add_school_url(action),
        {"name": name, "kind": "middle", "zip_code": "60601", "stamp": fresh_stamp()},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert field_error("name", "This field is required.") in html
    assert School.objects.count() == 0
    assert 'name="zip_code" value="60601"' in html
    assert '<option value="middle" selected>' in html


def test_register_description_too_long(client, action, school):
    too_long = "x" * 1001

    response = client.post(register_url(action, school), details(description=too_long))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        field_error("description", "Ensure this value has at most 1000 characters (it has 1001).")
        in html
    )
    assert Walkout.objects.count() == 0
    assert f'id="id_description">\n{too_long}</textarea>' in html
    assert f'name="organizer_pseudonym" value="{PSEUDONYM}"' in html


def test_register_missing_pseudonym(client, action, school):
    response = client.post(register_url(action, school), details(organizer_pseudonym="  "))

    html = response.content.decode()
    assert field_error("organizer_pseudonym", "This field is required.") in html
    assert Walkout.objects.count() == 0
    assert f'id="id_description">\n{escape(DESCRIPTION)}</textarea>' in html


def test_register_for_closed_action(client, school):
    closed = ActionFactory(status=ActionStatus.CLOSED)

    response = client.post(register_url(closed, school), details())

    html = response.content.decode()
    assert response.status_code == 200
    assert non_field_error("This call is closed: new walkouts can't be registered for it.") in html
    assert Walkout.objects.count() == 0
    assert typed_text_kept(html)


def test_register_honeypot_filled(client, action, school):
    response = client.post(register_url(action, school), details(website="http://spam.example"))

    html = response.content.decode()
    assert (
        non_field_error(
            "This form is too old or was changed. Your text is still here: send it again."
        )
        in html
    )
    assert Walkout.objects.count() == 0
    assert typed_text_kept(html)


def test_register_without_stamp(client, action, school):
    response = client.post(register_url(action, school), details(stamp="forged"))

    html = response.content.decode()
    assert (
        non_field_error(
            "This form is too old or was changed. Your text is still here: send it again."
        )
        in html
    )
    assert Walkout.objects.count() == 0
    assert typed_text_kept(html)


def test_register_reused_stamp(client, action, school):
    stamp = fresh_stamp()
    first = client.post(register_url(action, school), details(stamp=stamp))
    assert "Your walkout is registered" in first.content.decode()
    other_school = SchoolFactory(name="Kenwood Academy")

    response = client.post(register_url(action, other_school), details(stamp=stamp))

    html = response.content.decode()
    assert (
        non_field_error("This form was already sent. Your text is still here: send it again.")
        in html
    )
    assert list(Walkout.objects.values_list("school", flat=True)) == [school.pk]
    assert typed_text_kept(html)
    # The form shown again carries a fresh stamp, so sending it again works.
    again = client.post(
        register_url(action, other_school), details(stamp=hidden_value(html, "stamp"))
    )
    assert "Your walkout is registered" in again.content.decode()
    assert Walkout.objects.count() == 2


def test_register_sent_too_fast(client, settings, action, school):
    settings.WALKOUT_FORM_MIN_SECONDS = 5
    page = client.get(register_url(action, school))

    response = client.post(
        register_url(action, school), details(stamp=hidden_value(page.content.decode(), "stamp"))
    )

    html = response.content.decode()
    assert (
        non_field_error("That was very fast. Check your answers and send the form again.") in html
    )
    assert Walkout.objects.count() == 0
    assert typed_text_kept(html)


def test_register_network_rate_limit(client, settings, time_machine, school):
    time_machine.move_to(datetime.datetime(2026, 1, 20, 15, 10, tzinfo=datetime.UTC), tick=False)
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 2
    action = ActionFactory()
    schools = [school, SchoolFactory(), SchoolFactory()]
    for s in schools[:2]:
        ok = client.post(register_url(action, s), details(), REMOTE_ADDR="203.0.113.7")
        assert "Your walkout is registered" in ok.content.decode()

    # Another address in the same /24 counts against the same network.
    response = client.post(register_url(action, schools[2]), details(), REMOTE_ADDR="203.0.113.200")

    html = response.content.decode()
    assert response.status_code == 429
    assert (
        non_field_error("Too many walkouts from this network in the last hour. Try again later.")
        in html
    )
    assert Walkout.objects.count() == 2
    assert typed_text_kept(html)
    # Another network is not affected.
    other = client.post(register_url(action, schools[2]), details(), REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200
    assert Walkout.objects.count() == 3


def test_register_network_rate_limit_resets_next_hour(client, settings, time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 20, 15, 10, tzinfo=datetime.UTC), tick=False)
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 1
    action = ActionFactory()
    first, second = SchoolFactory(), SchoolFactory()
    client.post(register_url(action, first), details())
    assert client.post(register_url(action, second), details()).status_code == 429

    time_machine.move_to(datetime.datetime(2026, 1, 20, 16, 1, tzinfo=datetime.UTC), tick=False)
    response = client.post(register_url(action, second), details())

    assert response.status_code == 200
    assert Walkout.objects.count() == 2


# --- organizer links: wrong, rotated and malformed look alike --------------------------------


def test_organizer_bad_links_are_indistinguishable(client):
    _, token = actions.register_walkout(
        action=ActionFactory(),
        school=SchoolFactory(),
        description="Real walkout",
        organizer_pseudonym="fox",
    )
    walkout = Walkout.objects.get()
    rotated = token
    token = actions.rotate_organizer_link(walkout)
    tampered = ("A" if token[5] != "A" else "B").join([token[:5], token[6:]])
    random_token = tokens.new_token()[0]
    malformed_same_length = token[:42] + "."
    malformed_short = "abc"
    assert client.get(reverse("walkouts:organizer", args=[token])).status_code == 200

    responses = {
        bad: client.get(reverse("walkouts:organizer", args=[bad]))
        for bad in (tampered, random_token, rotated, malformed_same_length, malformed_short)
    }

    assert {r.status_code for r in responses.values()} == {404}
    same_length = [responses[b] for b in (tampered, random_token, rotated, malformed_same_length)]
    assert len({len(r.content) for r in same_length}) == 1
    # Apart from the echoed address itself, every body is byte-for-byte the same.
    bodies = {r.content.replace(bad.encode(), b"TOKEN") for bad, r in responses.items()}
    assert len(bodies) == 1
    headers = {
        tuple(sorted((k, v) for k, v in r.headers.items() if k != "Content-Length"))
        for r in responses.values()
    }
    assert len(headers) == 1
    assert dict(next(iter(headers)))["X-Robots-Tag"] == "noindex, noarchive"
    assert b"Real walkout" not in next(iter(bodies))


def test_organizer_post_with_bad_link_changes_nothing(client):
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(organizer_token_digest=digest)

    response = client.post(
        reverse("walkouts:organizer", args=[tokens.new_token()[0]]),
        {"op": "cancel", "confirm": "yes"},
    )

    assert response.status_code == 404
    walkout.refresh_from_db()
    assert walkout.status == WalkoutStatus.APPROVED


# --- Spanish ---------------------------------------------------------------------------------


def test_start_in_spanish(client):
    ActionFactory()

    response = client.get("/es/start/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert '<li><a href="/es/start/">' in html
    assert '<a class="brand" href="/es/">' in html
    assert 'action="/es/start/"' in html
    assert '<a href="/language/en/?next=%2Fstart%2F" hreflang="en" lang="en">English</a>' in html


def test_add_school_network_rate_limit(client, settings, action):
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 1
    first = {"name": "Freedom High", "kind": "high", "zip_code": "85001"}
    assert client.post(add_school_url(action), first | {"stamp": fresh_stamp()}).status_code == 302

    second = {"name": "Liberty Middle", "kind": "middle", "zip_code": "85001"}
    response = client.post(add_school_url(action), second | {"stamp": fresh_stamp()})

    html = response.content.decode()
    assert response.status_code == 429
    assert (
        non_field_error("Too many walkouts from this network in the last hour. Try again later.")
        in html
    )
    assert list(School.objects.values_list("name", flat=True)) == ["Freedom High"]
    assert 'name="name" value="Liberty Middle"' in html


def test_register_keeps_nothing_when_the_crew_cannot_be_made(client, action, school, monkeypatch):
    def broken(walkout):
        raise RuntimeError("crew storage unavailable")

    monkeypatch.setattr("walkout.walkouts.views.crew_actions.ensure_crew", broken)

    with pytest.raises(RuntimeError):
        client.post(register_url(action, school), details())

    assert Walkout.objects.count() == 0  # no walkout whose organizer link nobody ever saw
