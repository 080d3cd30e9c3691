"""Figures for the press kit (issue 7): the media advisory and the crew's tipline list.

Called by bench/run.py with the demo call (`press_figures(action)`), or on its own
(`python bench/press.py`, which builds a throw-away database with the demo data). Prints,
in-process through the Django test client, p50 and p95 in milliseconds:

- the public media advisory page and its PDF, cold (page cache emptied) and cached;
- the crew's press page with 2,000 demo tiplines in the directory (40 a state), and the
  nearest-first tipline query alone.
"""

import os
import time

from common import demo_call, times  # noqa: E402  (bench/common.py)

ROUNDS = int(os.environ.get("BENCH_PRESS_ROUNDS", "15"))


def _demo_tiplines(hub, per_state: int = 40) -> None:
    from django.utils import timezone

    from walkout.press.models import Tipline
    from walkout.walkouts.models import School
    from walkout.walkouts.us_states import STATE_NAMES

    today = timezone.now().date()
    rows = []
    for state in STATE_NAMES:
        cities = list(
            School.objects.filter(state=state).values_list("city", "latitude", "longitude")[
                :per_state
            ]
        )
        for n in range(per_state):
            city, lat, lon = cities[n % len(cities)] if cities else ("", None, None)
            rows.append(
                Tipline(
                    hub=hub, outlet=f"Demo Outlet {state} {n} (demo)", state=state, metro=city,
                    latitude=lat, longitude=lon, channel="web", tipline="https://example.org/tips",
                    is_demo=True, updated_day=today,
                )
            )  # fmt: skip
    Tipline.objects.bulk_create(rows, batch_size=500)


def press_figures(action) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from walkout.crews import actions as crew_actions
    from walkout.press import actions, queries
    from walkout.walkouts.models import Walkout

    walkout = (
        Walkout.objects.filter(action=action, status="approved")
        .select_related("school", "action__campaign")
        .first()
    )
    crew = crew_actions.ensure_crew(walkout)
    organizer = crew.members.get(is_organizer=True)
    actions.set_press_contact(by=organizer, handle="demo.press.contact")
    _demo_tiplines(action.campaign.hub)
    client = Client()
    page = reverse("press:advisory", args=[walkout.public_id])
    pdf = reverse("press:advisory_pdf", args=[walkout.public_id])
    start = time.perf_counter()
    assert client.get(pdf).status_code == 200
    first = (time.perf_counter() - start) * 1000
    print(f"\nPress kit, in-process ({ROUNDS} rounds; ms)")
    print(f"first advisory PDF in this process: {first:.0f} ms")
    print(f"{'':<34}{'cold p50':>10}{'cold p95':>10}{'cached p50':>12}")
    for label, url in (("advisory page", page), ("advisory PDF", pdf)):
        cold = times(lambda url=url: client.get(url), ROUNDS, before=cache.clear)
        warm = times(lambda url=url: client.get(url), ROUNDS * 4)
        print(f"{label:<34}{cold[0]:>10.1f}{cold[1]:>10.1f}{warm[0]:>12.2f}")
    near = times(lambda: queries.tiplines_for(walkout), ROUNDS * 4)
    found = len(queries.tiplines_for(walkout))
    label = "tiplines nearest first (2,000)"
    print(f"{label:<34}{near[0]:>10.2f}{near[1]:>10.2f}   ({found} shown, no page cache)")


if __name__ == "__main__":
    press_figures(demo_call("press"))
