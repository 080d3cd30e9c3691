"""Figures for the hub's moderation queue with 30,000 walkouts awaiting review (issue 10).

Called by bench/run.py after the page figures (the walkouts it adds are pending, so no public
page changes). Adds BENCH_QUEUE_WALKOUTS pending walkouts to the upcoming demo call with bulk
inserts, spread over 21 days with a burst day and a batch of 27 copies of one text (the troll
farm of ANCHORS.md section 2), then times, in-process, a moderator's requests:

- the first page of the queue (25 items with their signals: duplicates at the school, bursts,
  repeated text, distance from the ZIP);
- a deep page, and the queue opened at an item deep in it (`?focus=`), as after a decision;
- a decision (reject with a reason) and the redirect to the next item;
- the stats page of the call, and the console's walkout list.
"""

import datetime
import os
import random
import statistics
import time

QUEUE_WALKOUTS = int(os.environ.get("BENCH_QUEUE_WALKOUTS", "30000"))
WORDS = [
    "students",
    "families",
    "walk",
    "out",
    "together",
    "peaceful",
    "demands",
    "school",
    "front",
    "doors",
    "gym",
    "flag",
    "chant",
    "sign",
    "classmates",
    "teachers",
    "community",
    "justice",
    "safe",
    "learn",
    "stay",
    "voices",
    "friday",
]


def _p95(times):
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def add_pending(action, count: int, seed: int = 10) -> float:
    """Bulk-insert `count` pending walkouts at existing demo schools; returns seconds taken."""
    from django.utils import timezone

    from walkout.common import tokens
    from walkout.walkouts.models import School, Walkout, WalkoutStatus
    from walkout.walkouts.timing import local_instant

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 -- repeatable bench data, not secrets
    schools = list(School.objects.values_list("id", "timezone"))
    today = timezone.now().date()
    instants: dict[str, datetime.datetime] = {}
    rows = []
    for i in range(count):
        school_id, zone = rng.choice(schools)
        if zone not in instants:
            instants[zone] = local_instant(action.date, action.local_time, zone)
        if i < 27:
            text = "Walk out at 2PM, bring everyone, the police will not come."  # one troll text
        else:
            text = " ".join(rng.choices(WORDS, k=14)).capitalize() + "."
        burst = i % 7 == 0  # one day in seven of all registrations lands on the same day
        rows.append(
            Walkout(
                action=action,
                school_id=school_id,
                timezone=zone,
                starts_at=instants[zone],
                description=text,
                organizer_pseudonym=rng.choice(["comet", "maple", "river", "lynx"]),
                status=WalkoutStatus.PENDING,
                organizer_token_digest=tokens.new_token()[1],
                created_day=today - datetime.timedelta(days=3 if burst else rng.randint(1, 21)),
                public_id=tokens.new_public_id(),
            )
        )
    Walkout.objects.bulk_create(rows, batch_size=2000)
    return time.perf_counter() - started


def _moderator_client():
    from django.test import Client

    from walkout.people.middleware import SEEN_AT, SIGNED_IN_AT, VERIFIED
    from walkout.people.models import User

    staff = User.objects.get(username="hub-demo")
    User.objects.filter(pk=staff.pk).update(totp_confirmed=True)
    staff.refresh_from_db()
    client = Client()
    client.force_login(staff)
    session = client.session
    session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()
    session[VERIFIED] = True
    session.save()
    return client


def _time(client, method, url, runs, data=None, status=200):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = getattr(client, method)(url, data or {})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == status, (url, response.status_code)
    return statistics.median(times), _p95(times), len(response.content)


def queue_figures(action) -> None:
    from walkout.hubs.queries import review_queue
    from walkout.walkouts.models import Walkout, WalkoutStatus

    seconds = add_pending(action, QUEUE_WALKOUTS)
    pending = Walkout.objects.filter(status=WalkoutStatus.PENDING).count()
    print(
        f"\nModeration queue: {pending:,} walkouts awaiting review "
        f"({QUEUE_WALKOUTS:,} bulk-inserted in {seconds:.1f} s)"
    )
    client = _moderator_client()
    hub_id = action.campaign.hub_id
    deep = review_queue(hub_id)[pending - 30]
    rows = [
        ("queue, first page", "get", "/hub/", 30),
        ("queue, page 1000", "get", "/hub/?page=1000", 30),
        ("queue at a deep item", "get", f"/hub/?focus={deep.public_id}", 30),
        ("stats of the call", "get", f"/hub/stats/?action={action.public_id}", 20),
        ("walkout list", "get", "/hub/walkouts/", 30),
    ]
    print(f"{'request (in-process, ms)':<28}{'p50':>8}{'p95':>8}{'bytes':>9}")
    for label, method, url, runs in rows:
        p50, p95, size = _time(client, method, url, runs)
        print(f"{label:<28}{p50:>8.1f}{p95:>8.1f}{size:>9}")
    times = []
    for walkout in list(review_queue(hub_id)[:20]):
        start = time.perf_counter()
        response = client.post(
            f"/hub/walkouts/{walkout.public_id}/decide/", {"decision": "reject", "reason": "Bench"}
        )
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    print(f"{'reject + next item':<28}{statistics.median(times):>8.1f}{_p95(times):>8.1f}")


if __name__ == "__main__":  # only these figures: python bench/hub_queue.py
    import shutil

    import run  # bench/run.py: a throw-away database with the demo data

    queue_figures(run.setup_data())
    shutil.rmtree(run.DATA, ignore_errors=True)
