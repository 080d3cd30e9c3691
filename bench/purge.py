"""`make bench`, last step (bench/run.py): how long the retention purge takes on the bench data.

Moves the clock past every action's retention period, purges (deleting every walkout, adding
the approved ones to the counts, then VACUUM), and purges again (the daily cost when there is
nothing to delete). Destroys the bench data, so it runs last.
"""

import datetime
import time

import time_machine


def purge_figures() -> None:
    from django.conf import settings

    from walkout.campaigns.models import Action
    from walkout.common import retention
    from walkout.walkouts.models import Walkout

    stored = Walkout.objects.count()
    last = Action.objects.order_by("-date").first().date
    day = last + datetime.timedelta(days=settings.WALKOUT_RETAIN_WALKOUT_DAYS + 1)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(3), datetime.UTC)):
        started = time.perf_counter()
        first = retention.purge()
        first_seconds = time.perf_counter() - started
        again = retention.purge()
    deleted = ", ".join(f"{label} {n:,}" for label, n in sorted(first.deleted.items()))
    print(f"\nRetention purge of {stored:,} stored walkouts, every action past its retention")
    print(f"  deleted: {deleted}; vacuum: {first.vacuum}")
    print(
        f"  took {first_seconds:.2f} s; a purge with nothing to delete took {again.seconds:.2f} s"
    )
