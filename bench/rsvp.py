""" "I'm in" writes through the real server (`make bench` runs it after bench/run.py).

For SQLite (a throw-away data folder) and, when one answers on 127.0.0.1:5432 (user
postgres, or BENCH_PG_URL), PostgreSQL (a fresh database, dropped afterwards):

1. migrate and create one approved walkout (in a child process with that backend's settings);
2. precompute BENCH_RSVPS form stamps and their proofs of work, as browsers would, before
   the clock starts, so that the figure measures the server and not the client;
3. start granian as `make run` does (2 workers, 1 blocking thread each) on 127.0.0.1;
4. send every RSVP from BENCH_CLIENTS concurrent clients (threads with keep-alive
   connections), each RSVP as a new browser with JavaScript (the fragment response);
5. print RSVPs acknowledged per second, latency p50/p95, and the final count in the
   database next to the number acknowledged: they must be equal.

The per-network and per-walkout limits are raised for the run: every client is 127.0.0.1.
"""

import concurrent.futures
import hashlib
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
GRANIAN = str(ROOT / ".venv/bin/granian")
RSVPS = int(os.environ.get("BENCH_RSVPS", "4000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "48"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def child_env(data: Path, database_url: str = "") -> dict:
    env = dict(os.environ)
    env.update(
        WALKOUT_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="walkout.settings",
        WALKOUT_ALLOWED_HOSTS="127.0.0.1",
        WALKOUT_PURGE_IN_PROCESS="false",
        WALKOUT_COLLECTED_STATIC="false",
        WALKOUT_RSVPS_PER_NETWORK_PER_HOUR="10000000",
        WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR="10000000",
        WALKOUT_LOG_LEVEL="ERROR",
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --- child process: runs with one backend's settings ---------------------------------------


def _child(command: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if command == "prepare":
        from tests.factories import WalkoutFactory
        from walkout.walkouts.models import Walkout

        call_command("migrate", verbosity=0)
        existing = Walkout.objects.first()
        print(existing.public_id if existing else WalkoutFactory().public_id)
    elif command == "stamps":
        from walkout.common import antispam

        print(json.dumps([antispam.issue_stamp() for _ in range(int(sys.argv[3]))]))
    elif command == "count":
        from walkout.outreach.models import RsvpReceipt
        from walkout.outreach.queries import rsvp_count
        from walkout.walkouts.models import Walkout

        walkout = Walkout.objects.get(public_id=sys.argv[3])
        receipts = RsvpReceipt.objects.filter(walkout=walkout).count()
        print(json.dumps([rsvp_count(walkout), receipts]))


def run_child(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, __file__, "--child", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


# --- proof of work, as walkout/static/walkout/pow.js does it --------------------------------


def _zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def solve(stamp_and_bits: tuple[str, int]) -> str:
    stamp, bits = stamp_and_bits
    nonce = 0
    while _zero_bits(hashlib.sha256(f"{stamp}:{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def stamp_bits(stamp: str) -> int:
    import base64
    import zlib

    body = stamp.split(":")[0]
    compressed = body.startswith(".")
    raw = base64.urlsafe_b64decode(body.lstrip(".") + "=" * (-len(body.lstrip(".")) % 4))
    if compressed:
        raw = zlib.decompress(raw)
    return int(json.loads(raw)["d"])


def precompute(env: dict, n: int) -> list[tuple[str, str]]:
    stamps = json.loads(run_child(env, "stamps", str(n)))
    jobs = [(s, stamp_bits(s)) for s in stamps]
    with concurrent.futures.ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        works = list(pool.map(solve, jobs, chunksize=64))
    return list(zip(stamps, works, strict=True))


# --- the server and the clients -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            GRANIAN,
            "--interface",
            "wsgi",
            "--workers",
            os.environ.get("BENCH_WORKERS", "2"),
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
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("granian did not start")


def hammer(port: int, path: str, forms: list[tuple[str, str]]) -> tuple[int, int, float, list]:
    """Send every form; (acknowledged, refused, seconds, latencies in ms)."""
    lock = threading.Lock()
    queue = list(forms)
    acked, refused, latencies = [0], [0], []

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        csrf = secrets.token_hex(16)  # a 32-character secret, sent as cookie and field
        while True:
            with lock:
                if not queue:
                    break
                stamp, work = queue.pop()
            body = f"op=in&stamp={stamp}&work={work}&csrfmiddlewaretoken={csrf}"
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "HX-Request": "true",
            }
            start = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read()
            elapsed = (time.perf_counter() - start) * 1000
            ok = response.status == 200 and b"re in. Thank you" in text
            with lock:
                latencies.append(elapsed)
                if ok:
                    acked[0] += 1
                else:
                    refused[0] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    cpu = time.process_time()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    hammer.client_cpu = time.process_time() - cpu
    return acked[0], refused[0], seconds, latencies


def measure(label: str, env: dict, forms: list[tuple[str, str]]) -> None:
    public_id = run_child(env, "prepare")
    port = free_port()
    server = start_server(env, port)
    path = f"/w/{public_id}/in/"
    try:
        warm, forms = forms[:50], forms[50:]
        hammer(port, path, warm)  # both workers connected and warm
        before = json.loads(run_child(env, "count", public_id))[0]
        acked, refused, seconds, latencies = hammer(port, path, forms)
    finally:
        server.terminate()
        server.wait(timeout=20)
    count, receipts = json.loads(run_child(env, "count", public_id))
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label:<11}{acked / seconds:>9.0f}{statistics.median(latencies):>9.1f}{p95:>9.1f}"
        f"{acked:>8}{refused:>8}{count - before:>8}{receipts - before:>9}"
        f"  {'OK' if count - before == acked == receipts - before else 'MISMATCH'}"
        f"  (client used {hammer.client_cpu / seconds:.0%} of a CPU)"
    )


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3, autocommit=True):
            return PG_URL
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"(PostgreSQL at {PG_URL} not reachable: {error.__class__.__name__}; skipped)")
        return None


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="walkout-bench-rsvp-"))
    try:
        env = child_env(data)
        run_child(env, "prepare")  # creates the secret key the stamps are signed with
        started = time.perf_counter()
        forms = precompute(env, RSVPS + 50)
        print(
            f'\n"I\'m in" through granian (2 workers) on 127.0.0.1, {CLIENTS} concurrent '
            f"clients, {RSVPS} RSVPs each a new browser with JavaScript "
            f"({len(forms)} proofs of work precomputed in {time.perf_counter() - started:.0f} s)"
        )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"({os.cpu_count()} CPUs, load average {load:.1f} before the runs)")
        print(
            f"{'database':<11}{'RSVP/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'acked':>8}{'refused':>8}"
            f"{'count':>8}{'receipts':>9}"
        )
        measure("SQLite", env, forms)
        base = postgres_url()
        if base:
            import psycopg

            name = f"walkout_bench_{secrets.token_hex(4)}"
            with psycopg.connect(base, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = base.rsplit("/", 1)[0] + f"/{name}"
                pg_data = data / "pg"
                pg_data.mkdir()
                shutil.copy(data / "secret_key", pg_data / "secret_key")
                measure("PostgreSQL", child_env(pg_data, url), forms)
            finally:
                with psycopg.connect(base, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.path.insert(0, str(ROOT))
        _child(sys.argv[2])
    else:
        main()
