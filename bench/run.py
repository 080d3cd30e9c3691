"""`make bench`: figures for the main pages, in-process and through the real server.

Builds a throw-away SQLite database in a temporary folder with the demo data, then grows the
upcoming demo call to 1,000 and then to 30,000 approved demo walkouts (`BENCH_WALKOUTS`;
ten times the 2018 national walkout), and prints:

- the near-me query (bounding box + haversine) p50/p95 in-process, at 1,000 and at 30,000;
- the national map: generation time cold (first in a process, and with the cache emptied),
  time from the cache, size and gzipped size; the GeoJSON of every walkout, gzipped;
- p50/p95 per page in-process (Django test client);
- when `wrk` is installed, requests per second through granian on 127.0.0.1 for each page,
  with the ratio to the same server's /healthz.

Figures, not pass/fail: compare them with docs/ and CEILINGS.md.
"""

import gzip
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(tempfile.mkdtemp(prefix="walkout-bench-"))
os.environ.update(
    WALKOUT_DATA_DIR=str(DATA),
    DJANGO_SETTINGS_MODULE="walkout.settings",
    WALKOUT_ALLOWED_HOSTS="127.0.0.1,testserver",
    WALKOUT_PURGE_IN_PROCESS="false",  # nothing may change the data while we measure
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402  (settings must see the environment above first)

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

WALKOUTS = int(os.environ.get("BENCH_WALKOUTS", "30000"))
SMALL = 1000
ZIP_SAMPLE = 200


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def setup_data():
    from walkout.walkouts.demo import demo_action, load_demo

    call_command("migrate", verbosity=0)
    load_demo(per_state=5)
    return demo_action()


def grow_to(action, total: int) -> int:
    """Add approved demo walkouts to `action` until it has `total` listed ones."""
    from walkout.walkouts.demo import add_demo_walkouts
    from walkout.walkouts.queries import listed_walkouts

    missing = total - listed_walkouts(action).count()
    if missing > 0:
        add_demo_walkouts(missing, action=action, seed=total)
    return listed_walkouts(action).count()


def sample_points(n: int):
    """ZIP code centres, drawn at random: searches land where people live."""
    from walkout.walkouts.demo import _located_zips
    from walkout.walkouts.nearby import Point

    rng = random.Random(7)  # noqa: S311 -- repeatable sample, not a secret
    rows = rng.sample(_located_zips(), n)
    return [Point(float(r["lat"]), float(r["long"])) for r in rows]


def near_me(action, points) -> tuple[float, float, float]:
    """(p50 ms, p95 ms, mean walkouts within the radius) of the near-me page's query: the
    walkouts within its default radius, nearest first, the first page loaded in full."""
    from walkout.public.forms import DEFAULT_RADIUS_MILES
    from walkout.public.views import NEAR_LIMIT
    from walkout.walkouts import nearby
    from walkout.walkouts.queries import listed_walkouts

    radius = DEFAULT_RADIUS_MILES * nearby.KM_PER_MILE
    listed = listed_walkouts(action)
    nearby.walkouts_near(points[0], radius, listed)  # warm the connection
    times, found = [], []
    for point in points:
        start = time.perf_counter()
        ranked = nearby.ranked_near(point, radius, listed)
        nearby.load(ranked[:NEAR_LIMIT], listed)
        times.append((time.perf_counter() - start) * 1000)
        found.append(len(ranked))
    return statistics.median(times), p95(times), statistics.mean(found)


def map_figures(action):
    """Generation times of the national map page, and sizes of the map and the GeoJSON."""
    client = Client()
    url = f"/c/{action.campaign.slug}/{action.slug}/map/"
    client.get("/healthz")
    start = time.perf_counter()
    page = client.get(url)
    first = (time.perf_counter() - start) * 1000
    cleared = []
    for _ in range(5):
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        cleared.append((time.perf_counter() - start) * 1000)
    cached = []
    for _ in range(50):
        start = time.perf_counter()
        client.get(url)
        cached.append((time.perf_counter() - start) * 1000)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    rows = [
        ("generated cold, first request of a process (boundaries too)", first),
        ("generated cold, cache emptied (median of 5)", statistics.median(cleared)),
        ("served from the cache (median of 50)", statistics.median(cached)),
    ]
    print("\nNational map page")
    for label, ms in rows:
        print(f"  {label:<62}{ms:8.2f} ms")
    print(
        f"  size: {len(page.content):,} bytes, gzipped {len(gzip.compress(page.content)):,} bytes"
        f" (server sends {len(zipped.content):,} with Accept-Encoding: gzip)"
    )
    start = time.perf_counter()
    geojson = client.get(f"/api/v1/walkouts.geojson?action={action.public_id}")
    built = (time.perf_counter() - start) * 1000
    assert geojson.status_code == 200, geojson.status_code
    features = geojson.content.count(b'"Feature"')
    print(
        f"GeoJSON of all {features:,} walkouts: {len(geojson.content):,} bytes, gzipped "
        f"{len(gzip.compress(geojson.content)):,} bytes (built in {built:.0f} ms, then cached)"
    )


def pages(action):
    from walkout.walkouts.models import Walkout

    walkout = Walkout.objects.filter(status="approved", action=action).first()
    base = f"/c/{action.campaign.slug}/{action.slug}"
    return {
        "healthz": "/healthz",
        "home": "/",
        "action page": f"{base}/",
        "walkout page": f"/w/{walkout.public_id}/",
        "national map": f"{base}/map/",
        "state page (CA)": f"{base}/states/CA/",
        "live day": f"{base}/live/",
        "near me (ZIP 60614)": "/near/?q=60614",
        "near me (city)": "/near/?q=Austin%2C+TX",
        "API walkouts list": f"/api/v1/walkouts?action={action.public_id}",
        "API near (ZIP)": "/api/v1/walkouts?near=60614",
        "API stats": f"/api/v1/stats?action={action.public_id}",
        "school search (name)": "/start/?q=lincoln",
        "walkout page (es)": f"/es/w/{walkout.public_id}/",
    }


def in_process(urls, runs=200):
    client = Client()
    print(f"\nIn-process, {runs} requests each (ms; cached pages are served from the cache)")
    print(f"{'page':<24}{'p50':>8}{'p95':>8}{'bytes':>9}")
    for label, url in urls.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<24}{statistics.median(times):>8.2f}{p95(times):>8.2f}"
            f"{len(response.content):>9}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wrk(port: int, url: str, seconds: int) -> tuple[float, str]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c32",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.splitlines()
    rate = float(next(line for line in lines if "Requests/sec" in line).split()[1])
    p99 = next(line for line in lines if line.strip().startswith("99%")).split()[1]
    if "Non-2xx or 3xx responses" in out:
        p99 += " (errors!)"
    return rate, p99


def through_server(urls, seconds=5):
    if not shutil.which("wrk"):
        print("\n(wrk not installed: skipping the server figures; apt-get install wrk)")
        return
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/granian"),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "--no-access-log",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "walkout.wsgi:application",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)  # the workers start and load the near-me tables in the background
        for url in urls.values():  # fill each worker's cache once before measuring
            for _ in range(4):
                address = f"http://127.0.0.1:{port}{url}"  # our own server, on loopback
                with urllib.request.urlopen(address) as response:  # noqa: S310
                    response.read()
        print(f"\ngranian WSGI 2 workers, wrk 2 threads 32 connections, {seconds} s each, gzip")
        print(f"{'page':<24}{'req/s':>10}{'p99':>12}{'/healthz':>10}")
        base = None
        for label, url in urls.items():
            rate, p99 = _wrk(port, url, seconds)
            base = base or rate
            print(f"{label:<24}{rate:>10.0f}{p99:>12}{rate / base:>10.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    started = time.perf_counter()
    action = setup_data()
    points = sample_points(ZIP_SAMPLE)
    print(f"Near-me query, {ZIP_SAMPLE} random ZIP code centres, 25-mile radius (ms)")
    print(f"{'listed walkouts':<18}{'p50':>8}{'p95':>8}{'within':>8}")
    for total in (SMALL, WALKOUTS):
        count = grow_to(action, total)
        p50, p95_ms, found = near_me(action, points)
        print(f"{count:<18,}{p50:>8.2f}{p95_ms:>8.2f}{found:>8.1f}")
    print(f"(data: demo + {count:,} listed walkouts, {time.perf_counter() - started:.1f} s)")
    map_figures(action)
    urls = pages(action)
    in_process(urls)
    through_server(urls)
    from print import print_figures  # bench/print.py: flyer PDF and story PNG, cold and cached

    print_figures(action)
    from press import press_figures  # bench/press.py: media advisory page and PDF, tiplines

    press_figures(action)
    from hub_queue import queue_figures  # bench/hub_queue.py: adds pending walkouts only

    queue_figures(action)
    from media import media_figures  # bench/media.py: face covering, timings, metadata canaries

    media_figures()
    from media_web import media_web_figures  # bench/media_web.py: upload, review, gallery

    media_web_figures(action)
    from day import day_figures  # bench/day.py: adds check-ins to the listed walkouts

    day_figures(action)
    from cases import cases_figures  # bench/cases.py: repercussion reports, sealing and posting

    cases_figures()
    from purge import purge_figures  # bench/purge.py: destroys the data, so it runs last

    purge_figures()
    shutil.rmtree(DATA, ignore_errors=True)
