"""Figures for flyers and share images (issue 7): time to produce them, cold and cached.

Called by bench/run.py with the demo call (`print_figures(action)`), or on its own
(`python bench/print.py`, which builds a throw-away database with the demo data). Prints, for
one approved walkout with five adopted demands and a long school name, in-process:

- the first flyer PDF in a process (WeasyPrint import, font merge and first layout included);
- a Letter flyer PDF and a 1080x1920 story PNG with the cache emptied each time (cold) and
  from the cache (cached): p50 and p95 in milliseconds, and their size.
"""

import os
import time

from common import demo_call, times  # noqa: E402  (bench/common.py)

ROUNDS = int(os.environ.get("BENCH_PRINT_ROUNDS", "15"))


def print_figures(action) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from walkout.crews import actions as crew_actions
    from walkout.crews.models import Demand
    from walkout.outreach import material

    walkout = action.walkouts.filter(status="approved").select_related("school").first()
    walkout.school.name = "Escuela Preparatoria Internacional Bilingüe César Chávez de Mayagüez"
    walkout.school.save()
    crew = crew_actions.ensure_crew(walkout)
    for n in range(5):
        text = f"Demanda {n}: que ICE no entre a nuestras escuelas ni a los alrededores"
        Demand.objects.create(crew=crew, text=text, adopted=True, created_day=timezone.now().date())
    base = "https://walkout.example.org"

    def flyer():
        return material.flyer_pdf(walkout, paper="letter", language="es", base=base)

    def story():
        return material.share_png(walkout, kind="story", language="es", base=base)

    cache.clear()
    start = time.perf_counter()
    body, _cached = flyer()
    first = (time.perf_counter() - start) * 1000
    print(f"\nFlyers and share images, in-process ({ROUNDS} rounds; ms)")
    print(f"first flyer PDF in this process (import, fonts, layout): {first:.0f} ms")
    print(f"{'file':<26}{'cold p50':>10}{'cold p95':>10}{'cached p50':>12}{'KB':>8}")
    for label, fn in (("flyer PDF, Letter, es", flyer), ("story PNG 1080x1920, es", story)):
        cold = times(fn, ROUNDS, before=cache.clear)
        fn()
        warm = times(fn, ROUNDS * 10)
        size = len(fn()[0]) / 1024
        print(f"{label:<26}{cold[0]:>10.1f}{cold[1]:>10.1f}{warm[0]:>12.3f}{size:>8.0f}")


if __name__ == "__main__":
    print_figures(demo_call("print"))
