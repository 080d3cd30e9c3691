""" "I'm in" through the pages: without JavaScript (303 and a page), with it (a fragment), the
limits, every refusal, and that nothing about the browser is kept."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import WalkoutFactory
from tests.helpers import dump_everything, fresh_stamp, hidden_value, solve_work
from walkout.common import antispam
from walkout.outreach import queries
from walkout.outreach.models import RsvpReceipt
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SCHOOL_NAT = "203.0.113.77"


def url(walkout):
    return reverse("outreach:rsvp", args=[walkout.public_id])


def count(walkout) -> int:
    return queries.rsvp_count(walkout)


def say_in(client, walkout, *, work=True, **extra):
    stamp = fresh_stamp()
    data = {"op": "in", "stamp": stamp, "work": solve_work(stamp) if work else ""}
    return client.post(url(walkout), data, **extra)


def test_page_without_javascript_has_a_plain_form(client):
    walkout = WalkoutFactory()

    response = client.get(url(walkout))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, noarchive"
    assert f'<form method="post" action="{url(walkout)}"' in html
    assert hidden_value(html, "op") == "in"
    assert antispam.stamp_bits(hidden_value(html, "stamp")) > 0
    assert "csrfmiddlewaretoken" in html
    assert "I&#x27;m in" in html or "I'm in" in html
    assert "0</strong> people said" in html


def test_rsvp_without_javascript_redirects_and_shows_it(client):
    walkout = WalkoutFactory()

    response = say_in(client, walkout, work=False)

    assert response.status_code == 303
    assert response.headers["Location"] == url(walkout) + "?done=in"
    assert count(walkout) == 1
    page = client.get(response.headers["Location"]).content.decode()
    assert "You're in. Thank you!" in page
    assert "1</strong> person said" in page
    assert hidden_value(page, "op") == "out"


def test_the_receipt_cookie_ends_with_the_browser_session(client):
    walkout = WalkoutFactory()

    response = say_in(client, walkout)

    cookie = response.cookies["rsvp"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    (digest,) = RsvpReceipt.objects.values_list("token_digest", flat=True)
    (pid, receipt) = cookie.value.split(":")
    assert pid == walkout.public_id
    assert digest == antispam.hashlib.sha256(receipt.encode()).hexdigest()
    assert receipt not in dump_everything()


def test_the_same_browser_is_counted_once(client):
    walkout = WalkoutFactory()

    for _ in range(3):
        say_in(client, walkout)

    assert count(walkout) == 1
    assert RsvpReceipt.objects.count() == 1


def test_another_browser_counts_again(client, django_user_model):
    from django.test import Client

    walkout = WalkoutFactory()
    say_in(client, walkout)
    say_in(Client(), walkout)

    assert count(walkout) == 2


def test_undo_without_javascript(client):
    walkout = WalkoutFactory()
    say_in(client, walkout)

    response = client.post(url(walkout), {"op": "out"})

    assert response.status_code == 303
    assert response.headers["Location"] == url(walkout) + "?done=out"
    assert count(walkout) == 0
    assert RsvpReceipt.objects.count() == 0
    assert response.cookies["rsvp"].value == ""
    assert response.cookies["rsvp"]["max-age"] == ""
    page = client.get(response.headers["Location"]).content.decode()
    assert "Done: you're not counted anymore." in page
    assert hidden_value(page, "op") == "in"


def test_undo_twice_changes_nothing_the_second_time(client):
    walkout = WalkoutFactory()
    say_in(client, walkout)
    say_in(client.__class__(), walkout)  # someone else
    receipt_cookie = client.cookies["rsvp"].value
    client.post(url(walkout), {"op": "out"})
    client.cookies["rsvp"] = receipt_cookie  # a copied cookie, replayed

    response = client.post(url(walkout), {"op": "out"})

    assert response.status_code == 400
    assert "no RSVP to take back" in response.content.decode()
    assert count(walkout) == 1


def test_undo_without_a_receipt_is_refused(client):
    walkout = WalkoutFactory()
    say_in(client.__class__(), walkout)

    response = client.post(url(walkout), {"op": "out"}, **HTMX)

    assert response.status_code == 400
    assert "no RSVP to take back" in response.content.decode()
    assert count(walkout) == 1


def test_with_javascript_the_fragment_comes_back(client):
    walkout = WalkoutFactory()

    box = client.get(url(walkout), **HTMX)
    assert box.status_code == 200
    assert box.content.decode().lstrip().startswith("<section")
    assert "<html" not in box.content.decode()
    html = box.content.decode()
    stamp = hidden_value(html, "stamp")

    response = client.post(
        url(walkout), {"op": "in", "stamp": stamp, "work": solve_work(stamp)}, **HTMX
    )
    body = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in body
    assert "You're in. Thank you!" in body
    assert "1</strong> person said" in body
    assert count(walkout) == 1

    undone = client.post(url(walkout), {"op": "out"}, **HTMX)
    assert undone.status_code == 200
    assert "Done: you're not counted anymore." in undone.content.decode()
    assert count(walkout) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "in"}, "too old or was changed"),
        ({"op": "in", "stamp": "forged", "work": "1"}, "too old or was changed"),
        ({"op": "in", "stamp": "STAMP", "work": "WRONG"}, "anti-spam check"),
        ({"op": "in", "stamp": "STAMP", "work": "abc"}, "anti-spam check"),
        ({"op": "in", "stamp": "STAMP", "work": "SOLVED", "website": "x"}, "too old or"),
        ({"op": "maybe", "stamp": "STAMP", "work": "SOLVED"}, "Choose"),
        ({"stamp": "STAMP", "work": "SOLVED"}, "Choose"),
    ],
)
@pytest.mark.parametrize("extra", [{}, HTMX])
def test_bad_rsvps_change_nothing(client, data, message, extra):
    walkout = WalkoutFactory()
    stamp = fresh_stamp()
    work = solve_work(stamp)
    wrong = str(
        next(
            n
            for n in range(10**6)
            if n != int(work)
            and not antispam.work_is_valid(stamp, str(n), antispam.stamp_bits(stamp))
        )
    )
    values = {"STAMP": stamp, "SOLVED": work, "WRONG": wrong}
    data = {k: values.get(v, v) for k, v in data.items()}

    response = client.post(url(walkout), data, **extra)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert count(walkout) == 0
    assert RsvpReceipt.objects.count() == 0
    assert "rsvp" not in response.cookies


def test_a_replayed_stamp_is_refused(client):
    walkout = WalkoutFactory()
    stamp = fresh_stamp()
    data = {"op": "in", "stamp": stamp, "work": solve_work(stamp)}
    assert client.post(url(walkout), data).status_code == 303

    replay = client.__class__().post(url(walkout), data)

    assert replay.status_code == 400
    assert "already sent" in replay.content.decode()
    assert count(walkout) == 1


def test_without_proof_of_work_a_stamp_must_not_be_brand_new(client, settings):
    settings.WALKOUT_FORM_MIN_SECONDS = 60
    walkout = WalkoutFactory()

    too_fast = say_in(client, walkout, work=False)
    with_work = say_in(client.__class__(), walkout, work=True)

    assert too_fast.status_code == 400
    assert "very fast" in too_fast.content.decode()
    assert with_work.status_code == 303
    assert count(walkout) == 1


@pytest.mark.parametrize("status", [WalkoutStatus.PENDING, WalkoutStatus.CANCELLED])
@pytest.mark.parametrize("extra", [{}, HTMX])
def test_closed_walkouts_refuse_rsvps(client, status, extra):
    walkout = WalkoutFactory(status=status)

    page = client.get(url(walkout))
    response = say_in(client, walkout, **extra)

    assert page.status_code == 200
    assert "not taking RSVPs" in page.content.decode()
    assert 'name="stamp"' not in page.content.decode()
    assert response.status_code == 409
    assert "not taking RSVPs" in response.content.decode()
    assert count(walkout) == 0


def test_unknown_and_rejected_walkouts_are_not_found(client):
    rejected = WalkoutFactory(status=WalkoutStatus.REJECTED)
    stamp = fresh_stamp()
    data = {"op": "in", "stamp": stamp, "work": solve_work(stamp)}

    assert client.get(url(rejected)).status_code == 404
    assert client.post(url(rejected), data).status_code == 404
    assert client.post("/w/nosuchwalkout123/in/", data).status_code == 404
    assert RsvpReceipt.objects.count() == 0


def test_other_methods_are_refused(client):
    walkout = WalkoutFactory()

    assert client.put(url(walkout)).status_code == 405
    assert client.delete(url(walkout)).status_code == 405


def test_rsvps_need_the_csrf_token():
    from django.test import Client

    walkout = WalkoutFactory()
    strict = Client(enforce_csrf_checks=True)
    stamp = fresh_stamp()

    response = strict.post(url(walkout), {"op": "in", "stamp": stamp, "work": solve_work(stamp)})

    assert response.status_code == 403
    assert count(walkout) == 0


def test_three_hundred_students_behind_one_school_network(client):
    """SAFETY.md requirement 44, with JavaScript: all 300 from one address are counted."""
    from django.test import Client

    walkout = WalkoutFactory()

    statuses = [say_in(Client(REMOTE_ADDR=SCHOOL_NAT), walkout).status_code for _ in range(300)]

    assert statuses == [303] * 300
    assert count(walkout) == 300


def test_three_hundred_students_without_javascript_behind_one_network():
    """Requirement 44 without JavaScript: no proof of work, still all 300 counted."""
    from django.test import Client

    walkout = WalkoutFactory()

    statuses = [
        say_in(Client(REMOTE_ADDR=SCHOOL_NAT), walkout, work=False, **HTMX).status_code
        for _ in range(300)
    ]

    assert statuses == [200] * 300
    assert count(walkout) == 300


def test_without_proof_of_work_a_walkout_takes_a_limited_number(settings):
    from django.test import Client

    settings.WALKOUT_RSVPS_NO_POW_PER_HOUR = 5
    walkout = WalkoutFactory()

    statuses = [
        say_in(Client(REMOTE_ADDR=f"198.51.{n}.1"), walkout, work=False).status_code
        for n in range(6)
    ]
    with_work = say_in(Client(REMOTE_ADDR="198.51.100.1"), walkout).status_code

    assert statuses == [303] * 5 + [429]
    assert with_work == 303
    assert count(walkout) == 6


def test_the_limits_per_walkout_and_per_network(settings):
    from django.test import Client

    settings.WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR = 3
    settings.WALKOUT_RSVPS_PER_NETWORK_PER_HOUR = 4
    walkout, other, third = WalkoutFactory(), WalkoutFactory(), WalkoutFactory()

    per_walkout = [say_in(Client(), walkout).status_code for _ in range(4)]
    refused = say_in(Client(), walkout)
    per_network = [say_in(Client(), other).status_code for _ in range(1)]
    elsewhere = say_in(Client(REMOTE_ADDR="192.0.2.9"), third).status_code

    assert per_walkout == [303, 303, 303, 429]
    assert refused.status_code == 429
    assert "Too many RSVPs" in refused.content.decode()
    assert per_network == [429]  # the network's 4 are used
    assert elsewhere == 303
    assert (count(walkout), count(other), count(third)) == (3, 0, 1)


def test_nothing_about_the_browser_is_kept(client):
    walkout = WalkoutFactory()
    canaries = {
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_X_FORWARDED_FOR": "198.51.100.23",
        "HTTP_USER_AGENT": "CanaryBrowser/7.7 rsvp-ua-canary",
        "HTTP_REFERER": "https://referrer-canary.example/",
        "HTTP_ACCEPT_LANGUAGE": "tlh-canary",
    }
    say_in(client, walkout, **canaries)
    say_in(client.__class__(), walkout, work=False, **canaries)
    client.post(url(walkout), {"op": "out"}, **canaries)

    dump = dump_everything()
    for value in canaries.values():
        assert value not in dump
    assert "cb00:714d" not in dump and "cb00714d" not in dump  # 203.0.113.77 in hex
    assert count(walkout) == 1


def test_walkout_page_shows_the_count_and_links_here(client):
    walkout = WalkoutFactory()
    for _ in range(2):
        say_in(client.__class__(), walkout)

    html = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()

    assert "2</strong> people said" in html
    assert f'href="{url(walkout)}"' in html
    assert f'data-rsvp-live="{url(walkout)}"' in html
    assert 'name="stamp"' not in html  # the cached page carries nothing per browser


@pytest.mark.parametrize("status", [WalkoutStatus.PENDING, WalkoutStatus.CANCELLED])
def test_walkout_page_of_a_closed_walkout_has_no_rsvp_button(client, status):
    walkout = WalkoutFactory(status=status)

    html = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()

    assert f'href="{url(walkout)}"' not in html


def test_spanish_page(client):
    walkout = WalkoutFactory()

    response = client.get("/es" + url(walkout))

    assert response.status_code == 200
    assert re.search(r'<html lang="es"', response.content.decode())


def test_a_walkout_that_is_over_says_so(client):
    walkout = WalkoutFactory(starts_at=timezone.now() - datetime.timedelta(days=3))

    page = client.get(url(walkout)).content.decode()
    response = say_in(client, walkout)

    assert "This walkout is over, so the count is closed." in page
    assert 'name="stamp"' not in page
    assert response.status_code == 409
    assert count(walkout) == 0
