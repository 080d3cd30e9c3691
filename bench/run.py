"""`make bench`: figures for the main pages, in-process and through the real server.

Builds a throw-away SQLite database in a temporary folder with the demo data plus a directory
of extra demo schools, then prints p50/p95 per page in-process (Django test client) and, when
`wrk` is installed, requests per second through granian on 127.0.0.1 with the ratio to
/healthz. Figures, not pass/fail: compare them with docs/ and CEILINGS.md.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(tempfile.mkdtemp(prefix="walkout-bench-"))
os.environ.update(
    WALKOUT_DATA_DIR=str(DATA),
    DJANGO_SETTINGS_MODULE="walkout.settings",
    WALKOUT_ALLOWED_HOSTS="127.0.0.1,testserver",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402  (settings must see the environment above first)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

EXTRA_SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "30000"))


def setup_data():
    from walkout.common.text import normalize_name
    from walkout.walkouts.demo import load_demo
    from walkout.walkouts.models import School, SchoolKind, SchoolSource

    call_command("migrate", verbosity=0)
    load_demo(per_state=5)
    extra = [
        School(
            name=f"Bench School {i}",
            normalized_name=normalize_name(f"Bench School {i}"),
            kind=SchoolKind.HIGH,
            city=f"Town {i % 500}",
            state="TX",
            zip_code=f"{75000 + i % 999:05d}",
            latitude=32.0,
            longitude=-97.0,
            timezone="America/Chicago",
            source=SchoolSource.DEMO,
        )
        for i in range(EXTRA_SCHOOLS)
    ]
    School.objects.bulk_create(extra, batch_size=2000)


def pages():
    from walkout.walkouts.models import Walkout

    walkout = Walkout.objects.filter(status="approved").first()
    base = "/c/spring-surge/next-walkout"
    return {
        "healthz": "/healthz",
        "home": "/",
        "action page": f"{base}/",
        "states list": f"{base}/states/",
        "state page (CA)": f"{base}/states/CA/",
        "walkout page": f"/w/{walkout.public_id}/",
        "school search (name)": "/start/?q=lincoln",
        "school search (ZIP)": "/start/?q=75012",
        "walkout page (es)": f"/es/w/{walkout.public_id}/",
    }


def in_process(urls, runs=200):
    client = Client()
    print(f"\nIn-process, {runs} requests each (ms)")
    print(f"{'page':<24}{'p50':>8}{'p95':>8}{'bytes':>8}")
    for label, url in urls.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<24}{statistics.median(times):>8.2f}{p95:>8.2f}{len(response.content):>8}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        time.sleep(3)
        print(f"\ngranian WSGI 2 workers, wrk 2 threads 32 connections, {seconds} s each")
        print(f"{'page':<24}{'req/s':>10}{'p99 ms':>10}{'ratio':>8}")
        base = None
        for label, url in urls.items():
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c32",
                    f"-d{seconds}s",
                    "--latency",
                    f"http://127.0.0.1:{port}{url}",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rate = float(
                next(line for line in out.splitlines() if "Requests/sec" in line).split()[1]
            )
            p99 = next(line for line in out.splitlines() if line.strip().startswith("99%")).split()[
                1
            ]
            base = base or rate
            print(f"{label:<24}{rate:>10.0f}{p99:>10}{rate / base:>8.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    started = time.perf_counter()
    setup_data()
    print(f"Data: demo + {EXTRA_SCHOOLS} extra schools in {time.perf_counter() - started:.1f} s")
    urls = pages()
    in_process(urls)
    through_server(urls)
    shutil.rmtree(DATA, ignore_errors=True)
