"""The day at scale (`make bench` runs `day_figures` from bench/run.py; alone:
`python bench/day.py` builds its own data with BENCH_WALKOUTS listed walkouts).

Gives two thirds of the listed walkouts a check-in ("we're out" or "done", with a turnout
range, as on the busiest afternoon), then prints p50/p95 in milliseconds of:
- the live counts query (queries.live_checkins, one aggregate query);
- the live page's counts fragment, uncached (the page cache is emptied each time);
- a walkout's public day-of page, uncached;
- one "we're out" write (actions.check_in), on walkouts starting now.
"""

import datetime
import random
import statistics
import time

RUNS = 30


def _p(times):
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _seed_checkins(action) -> int:
    from walkout.day.models import Checkin, Turnout
    from walkout.walkouts.queries import listed_walkouts

    ids = list(listed_walkouts(action).filter(checkin__isnull=True).values_list("pk", flat=True))
    rng = random.Random(7)  # noqa: S311 (bench data, not a secret)
    chosen = ids[: len(ids) * 2 // 3]
    day = datetime.date.today()
    Checkin.objects.bulk_create(
        [
            Checkin(
                walkout_id=pk,
                state=rng.choice(["out", "done"]),
                turnout=rng.choice([""] + list(Turnout.values)),
                day=day,
            )
            for pk in chosen
        ],
        batch_size=2000,
    )
    return Checkin.objects.filter(walkout__action=action).count()


def day_figures(action):
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from walkout.crews import actions as crew_actions
    from walkout.day import actions, queries
    from walkout.walkouts.models import Walkout

    checkins = _seed_checkins(action)
    client = Client()
    print(f"\nThe day: {checkins:,} check-ins on one call (ms)")
    print(f"{'':<34}{'p50':>8}{'p95':>8}")

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        live = queries.live_checkins(action)
        times.append(time.perf_counter() - start)
    print(f"{'live counts query':<34}{_p(times)[0]:>8.2f}{_p(times)[1]:>8.2f}")

    fragment = f"/c/{action.campaign.slug}/{action.slug}/live/now/"
    walkout = Walkout.objects.filter(action=action, status="approved").first()
    for label, url in (
        ("live counts fragment", fragment),
        ("day-of page", f"/w/{walkout.public_id}/day/"),
    ):
        times = []
        for _ in range(RUNS):
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label + ' (uncached)':<34}{_p(times)[0]:>8.2f}{_p(times)[1]:>8.2f}")

    fresh = list(
        Walkout.objects.filter(action=action, status="approved", checkin__isnull=True)[:RUNS]
    )
    now = timezone.now()
    Walkout.objects.filter(pk__in=[w.pk for w in fresh]).update(starts_at=now)
    times = []
    for walkout in fresh:
        lead = crew_actions.ensure_crew(walkout).members.get(is_organizer=True)
        start = time.perf_counter()
        actions.check_in(by=lead, state="out", turnout="50-100")
        times.append(time.perf_counter() - start)
    print(f"{'one check-in write':<34}{_p(times)[0]:>8.2f}{_p(times)[1]:>8.2f}")
    print(f"(live: {live.out:,} out, {live.done:,} done, at least {live.at_least:,} students)")


if __name__ == "__main__":
    import run  # bench/run.py: a throw-away database, Django set up

    action = run.setup_data()
    print(f"{run.grow_to(action, run.WALKOUTS):,} listed walkouts")
    day_figures(action)
