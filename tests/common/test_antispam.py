"""Abuse limits without addresses: proof of work, per-network and per-walkout limits
(SAFETY.md decision 8, requirements 43 to 45)."""

import datetime
import hashlib

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory
from tests.helpers import dump_everything, fresh_stamp, hidden_value, solve_work, stamp_and_work
from walkout.common import antispam, tokens
from walkout.walkouts.models import School, Walkout

pytestmark = pytest.mark.django_db

SCHOOL_IP = "203.0.113.40"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _easy_work(settings):
    settings.WALKOUT_POW_BITS = 8


def register_url(action, school):
    return reverse("walkouts:register", args=[action.public_id, school.pk])


def details(**extra) -> dict:
    return {
        "description": "We walk out at 2",
        "organizer_pseudonym": "heron",
        "meeting_spot": "By the flagpole",
    } | extra


def non_field_error(text: str) -> str:
    return f'<div class="errors" role="alert"><p>{escape(text)}</p></div>'


def wrong_work(stamp: str) -> str:
    """A nonce that does not solve `stamp`."""
    return next(str(n) for n in range(10_000) if not antispam.work_is_valid(stamp, str(n), 8))


# --- the proof of work itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("digest", "bits"),
    [
        (bytes([0x80]) + bytes(31), 0),
        (bytes([0x01]) + bytes(31), 7),
        (bytes([0x00, 0x40]) + bytes(30), 9),
        (bytes(32), 256),
    ],
    ids=["0", "7", "9", "256"],
)
def test_leading_zero_bits(digest, bits):
    assert antispam.leading_zero_bits(digest) == bits


def test_stamp_carries_the_difficulty_in_force(settings):
    settings.WALKOUT_POW_BITS = 11

    stamp = antispam.issue_stamp()

    assert antispam.stamp_bits(stamp) == 11
    assert antispam.stamp_bits("forged") == 0


def test_solved_work_meets_the_difficulty():
    stamp = fresh_stamp()
    nonce = solve_work(stamp)

    digest = hashlib.sha256(f"{stamp}:{nonce}".encode()).digest()
    assert antispam.leading_zero_bits(digest) >= 8
    assert antispam.check_stamp(stamp, nonce) is None


def test_wrong_work_is_refused_and_does_not_use_up_the_stamp():
    stamp = fresh_stamp()

    assert antispam.check_stamp(stamp, wrong_work(stamp)) == "work"
    assert antispam.check_stamp(stamp, "12ab") == "work"
    assert antispam.check_stamp(stamp, "1" * 13) == "work"
    assert antispam.check_stamp(stamp, solve_work(stamp)) is None


def test_replayed_and_forged_stamps_are_refused():
    stamp = fresh_stamp()
    nonce = solve_work(stamp)
    assert antispam.check_stamp(stamp, nonce) is None

    assert antispam.check_stamp(stamp, nonce) == "reused"
    assert antispam.check_stamp(stamp[:-2] + "xx", nonce) == "invalid"


# --- forms and views -------------------------------------------------------------------------


def test_register_with_work_is_counted_as_done(client):
    action, school = ActionFactory(), SchoolFactory()

    response = client.post(register_url(action, school), details() | stamp_and_work())

    assert "Your walkout is registered" in response.content.decode()
    assert Walkout.objects.count() == 1


def test_register_with_wrong_work_is_refused(client):
    action, school = ActionFactory(), SchoolFactory()
    stamp = fresh_stamp()
    data = {"stamp": stamp, "work": wrong_work(stamp)}

    response = client.post(register_url(action, school), details() | data)

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        non_field_error(
            "The anti-spam check of this form failed. Your text is still here: send it again."
        )
        in html
    )
    assert Walkout.objects.count() == 0
    assert 'name="organizer_pseudonym" value="heron"' in html
    # The form comes back with a new stamp and an empty proof of work, ready to be sent again.
    assert hidden_value(html, "stamp") != data["stamp"]
    assert 'name="work" value=""' not in html
    assert 'data-pow-bits="8"' in html


@pytest.mark.parametrize("stamp", ["", "forged"])
def test_register_without_a_valid_stamp_is_refused(client, stamp):
    action, school = ActionFactory(), SchoolFactory()

    response = client.post(register_url(action, school), details(stamp=stamp))

    assert response.status_code == 400
    assert (
        non_field_error(
            "This form is too old or was changed. Your text is still here: send it again."
        )
        in response.content.decode()
    )
    assert Walkout.objects.count() == 0


def test_register_with_a_replayed_stamp_is_refused(client):
    action = ActionFactory()
    first, second = SchoolFactory(), SchoolFactory()
    data = stamp_and_work()
    assert client.post(register_url(action, first), details() | data).status_code == 200

    response = client.post(register_url(action, second), details() | data)

    assert response.status_code == 400
    assert (
        non_field_error("This form was already sent. Your text is still here: send it again.")
        in response.content.decode()
    )
    assert list(Walkout.objects.values_list("school", flat=True)) == [first.pk]


def test_forms_carry_the_work_field_and_the_script(client):
    action, school = ActionFactory(), SchoolFactory()

    for url in (
        register_url(action, school),
        reverse("walkouts:add_school", args=[action.public_id]),
    ):
        html = client.get(url).content.decode()
        assert '<input type="hidden" name="work" data-pow-bits="8" id="id_work">' in html
        assert '<script src="/static/walkout/pow.js" defer></script>' in html


# --- limits ----------------------------------------------------------------------------------


def test_without_work_a_network_gets_the_stricter_limit(client, settings):
    settings.WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR = 2
    action = ActionFactory()
    schools = [SchoolFactory() for _ in range(4)]
    for school in schools[:2]:
        ok = client.post(
            register_url(action, school), details(stamp=fresh_stamp()), REMOTE_ADDR=SCHOOL_IP
        )
        assert ok.status_code == 200

    refused = client.post(
        register_url(action, schools[2]), details(stamp=fresh_stamp()), REMOTE_ADDR=SCHOOL_IP
    )
    with_work = client.post(
        register_url(action, schools[3]), details() | stamp_and_work(), REMOTE_ADDR=SCHOOL_IP
    )

    assert refused.status_code == 429
    assert (
        non_field_error("Too many walkouts from this network in the last hour. Try again later.")
        in refused.content.decode()
    )
    assert with_work.status_code == 200
    assert sorted(Walkout.objects.values_list("school", flat=True)) == sorted(
        [schools[0].pk, schools[1].pk, schools[3].pk]
    )


def test_three_hundred_writes_from_one_school_network_in_ten_minutes(client, time_machine):
    """Requirement 44: a whole school behind one address, each write with its proof of work."""
    start = datetime.datetime(2026, 3, 2, 13, 50, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    action = ActionFactory(date=datetime.date(2026, 3, 20))
    schools = SchoolFactory.create_batch(300)

    statuses = []
    for n, school in enumerate(schools):
        time_machine.move_to(start + datetime.timedelta(seconds=2 * n), tick=False)
        response = client.post(
            register_url(action, school), details() | stamp_and_work(), REMOTE_ADDR=SCHOOL_IP
        )
        statuses.append(response.status_code)

    assert statuses == [200] * 300
    assert Walkout.objects.count() == 300


def test_add_school_without_work_counts_against_the_stricter_limit(client, settings):
    settings.WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR = 1
    action = ActionFactory()
    url = reverse("walkouts:add_school", args=[action.public_id])
    school = {"name": "Freedom High", "kind": "high", "zip_code": "85001"}
    assert client.post(url, school | {"stamp": fresh_stamp()}).status_code == 302

    refused = client.post(url, school | {"name": "Liberty High", "stamp": fresh_stamp()})
    with_work = client.post(url, school | {"name": "Liberty High"} | stamp_and_work())

    assert refused.status_code == 429
    assert with_work.status_code == 302
    assert sorted(School.objects.values_list("name", flat=True)) == ["Freedom High", "Liberty High"]


def test_limit_keys_hold_no_address(client, settings):
    settings.WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR = 5
    client.post(
        register_url(ActionFactory(), SchoolFactory()),
        details(stamp=fresh_stamp()),
        REMOTE_ADDR=SCHOOL_IP,
    )

    dump = dump_everything()

    assert "limit:anon-write-no-pow:" in dump
    assert SCHOOL_IP not in dump
    assert "203.0.113." not in dump


def test_client_address_comes_from_the_configured_proxy_header(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7, 10.0.0.1"
    )
    assert antispam.client_address(request) == "127.0.0.1"

    settings.WALKOUT_CLIENT_IP_HEADER = "X-Real-IP"

    assert antispam.client_address(request) == "198.51.100.7"
    behind = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.99")
    elsewhere = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="192.0.2.1")
    assert antispam.network_key(request) == antispam.network_key(behind)
    assert antispam.network_key(request) != antispam.network_key(elsewhere)


def test_per_walkout_limit_stops_organizer_writes(client, settings):
    settings.WALKOUT_WRITES_PER_WALKOUT_PER_HOUR = 2
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(organizer_token_digest=digest, description="First")
    other_token, other_digest = tokens.new_token()
    WalkoutFactory(organizer_token_digest=other_digest)
    url = reverse("walkouts:organizer", args=[token])
    edit = {"op": "edit", "organizer_pseudonym": "fox", "meeting_spot": "", "organizer_notes": ""}
    for text in ("Second", "Third"):
        assert client.post(url, edit | {"description": text}).status_code == 200

    refused = client.post(url, edit | {"description": "Fourth"})
    other = client.post(
        reverse("walkouts:organizer", args=[other_token]), edit | {"description": "Other"}
    )

    walkout.refresh_from_db()
    assert refused.status_code == 429
    assert (
        "Too many changes to this walkout in the last hour. Nothing was changed: try again later."
        in refused.content.decode()
    )
    assert walkout.description == "Third"
    assert other.status_code == 200
    assert client.get(url).status_code == 200  # reading is never limited
    assert not any(walkout.public_id in key for key in _shared_keys())


def _shared_keys() -> list[str]:
    cache = caches["shared"]
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        return [str(k) for k in cache._cache]
    from django.db import connection

    if cache.__class__.__name__ == "DatabaseCache":
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM walkout_shared_cache")
            return [row[0] for row in cursor.fetchall()]
    client = cache._cache.get_client()
    return [k.decode() for k in client.scan_iter("*")]
