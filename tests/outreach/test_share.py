"""Share texts in both languages, the calendar link and the count on the walkout and crew
pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.crews.world import add_member, make_crew
from tests.factories import SchoolFactory, WalkoutFactory
from walkout.outreach import actions, share
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def walkout():
    return WalkoutFactory(
        school=SchoolFactory(name="Lincoln High School", city="Chicago", state="IL"),
        organizer_pseudonym="secretfox",
        meeting_spot="Behind the secret gym",
    )


def test_texts_name_the_school_local_time_and_url(walkout):
    url = f"https://walkout.example/w/{walkout.public_id}/"

    english, spanish = share.share_texts(walkout, url)

    assert (english.lang, spanish.lang) == ("en", "es")
    with translation.override("en"):
        from walkout.walkouts.templatetags.walkout_tags import local_date, local_time

        date, time = local_date(walkout), local_time(walkout)
    for text in (english.chat, english.caption, english.sms):
        assert "Lincoln High School" in text
        assert url in text
        assert date in text and time in text
        assert "#" not in text
    assert len(english.sms) <= 160
    assert "Chicago" in english.caption
    for text in (spanish.chat, spanish.caption, spanish.sms):
        assert "Lincoln High School" in text and url in text
        assert "secretfox" not in text and "secret gym" not in text


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_walkout_page_shows_both_languages_whatever_its_own(client, walkout, prefix):
    html = client.get(prefix + reverse("walkouts:walkout", args=[walkout.public_id])).content
    html = html.decode()

    assert 'id="share-chat-en" lang="en"' in html
    assert 'id="share-chat-es" lang="es"' in html
    assert 'id="share-sms-es" lang="es"' in html
    assert f"http://testserver/w/{walkout.public_id}/" in html
    assert "/es/w/" not in html.split('id="share-chat-en"')[1].split("</textarea>")[0]
    assert 'data-copy="share-caption-en" hidden' in html
    assert "walkout/share.js" in html
    assert f'href="/w/{walkout.public_id}/calendar.ics"' in html or prefix


def test_cancelled_walkouts_have_no_share_texts(client, walkout):
    walkout.status = WalkoutStatus.CANCELLED
    walkout.save()

    html = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()

    assert "share-chat-en" not in html


def test_crew_page_shows_count_calendar_and_texts(client):
    crew, _ = make_crew(school=SchoolFactory(name="Lincoln High School"))
    _, token = add_member(crew, "heron")
    walkout = crew.walkout
    for _ in range(3):
        actions.say_in(walkout)

    html = client.get(reverse("crews:home", args=[token])).content.decode()

    assert "3</strong> people said" in html
    assert f'href="/w/{walkout.public_id}/calendar.ics"' in html
    assert "Reminders the day before and 30 minutes before." in html
    assert f'href="/w/{walkout.public_id}/in/"' in html
    assert 'id="share-chat-es" lang="es"' in html


def test_api_shows_the_count(client, walkout):
    actions.say_in(walkout)
    actions.say_in(walkout)

    item = client.get(f"/api/v1/walkouts/{walkout.public_id}").json()
    listed = client.get("/api/v1/walkouts").json()["results"]

    assert item["rsvps"] == 2
    assert [w["rsvps"] for w in listed] == [2]


def test_hub_stats_sum_rsvps_by_state_for_approved_walkouts():
    from tests.factories import ActionFactory
    from walkout.outreach.stats import rsvps_by_state

    action = ActionFactory()
    for state, n in (("CA", 2), ("AZ", 3), ("CA", 1)):
        walkout = WalkoutFactory(action=action, school=SchoolFactory(state=state))
        for _ in range(n):
            actions.say_in(walkout)
    pending = WalkoutFactory(action=action, school=SchoolFactory(state="IL"))
    actions.say_in(WalkoutFactory(school=SchoolFactory(state="IL")))  # another call
    pending.status = WalkoutStatus.PENDING
    pending.save()

    assert rsvps_by_state(action) == [("AZ", "Arizona", 3), ("CA", "California", 3)]
