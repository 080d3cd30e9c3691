"""Repercussion reports (`make bench` runs `cases_figures` from bench/run.py; alone:
`python bench/cases.py`). Prints p50/p95 in milliseconds, in-process, of:
- sealing a 2 KB report to 3 support keys (the no-JavaScript path's work) and opening it;
- the report form page, and one no-JavaScript report POST through the view (seal + insert);
- one JavaScript report POST (envelope checks + insert);
- unwrapping a key file (PBKDF2-SHA256, 600,000 iterations: the cost of a wrong guess too).
"""

import json
import statistics
import time

RUNS = 30


def _p(times):
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _timed(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return _p(times)


def cases_figures() -> None:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from tests.cases.keys import make_keyring
    from tests.helpers import stamp_and_work
    from walkout.cases import crypto, keyring
    from walkout.cases.models import Report
    from walkout.people.models import User

    owner = User.objects.order_by("pk").first()
    with override_settings(
        ALLOWED_HOSTS=["testserver"],
        WALKOUT_FORM_MIN_SECONDS=0,
        WALKOUT_NETWORK_WRITES_PER_HOUR=10**6,
        WALKOUT_NETWORK_WRITES_NO_POW_PER_HOUR=10**6,
    ):
        old_root = settings.WALKOUT_REPORT_ROOT_KEY
        ring = make_keyring(settings, owner, names=("bench-A", "bench-B", "bench-C"))
        recipients = keyring.recipients()
        message = {"type": "report", "kind": "police", "what": "x" * 2000, "school": "Lincoln"}
        envelope = crypto.seal_envelope(
            message,
            item_id=crypto.new_item_id(),
            list_version=recipients.version,
            recipients=recipients.keys,
        )
        rows = [
            (
                "seal 2 KB to 3 keys",
                _timed(
                    lambda: crypto.seal_envelope(
                        message,
                        item_id=crypto.new_item_id(),
                        list_version=recipients.version,
                        recipients=recipients.keys,
                    )
                ),
            )
        ]
        rows.append(("open with one key", _timed(lambda: ring.open("bench-A", envelope))))
        client = Client()
        rows.append(("report form page", _timed(lambda: client.get("/report/"))))
        before = Report.objects.count()

        def nojs():
            response = client.post(
                "/report/", {"kind": "police", "what": "x" * 2000, **stamp_and_work()}
            )
            assert response.status_code == 302, response.status_code

        rows.append(("no-JS report POST", _timed(nojs)))

        def js():
            sealed = crypto.seal_envelope(
                message,
                item_id=crypto.new_item_id(),
                list_version=recipients.version,
                recipients=recipients.keys,
            )
            data = {"envelope": json.dumps(sealed), **stamp_and_work()}
            started = time.perf_counter()
            response = client.post("/report/", data)
            assert response.status_code == 200, response.status_code
            return time.perf_counter() - started

        js_times = [js() for _ in range(RUNS)]
        rows.append(("JS report POST", _p(js_times)))
        key_file = crypto.wrap_private(ring.privates["bench-A"], "bench passphrase")
        rows.append(
            (
                "unwrap key file",
                _timed(lambda: crypto.unwrap_private(key_file, "bench passphrase"), runs=5),
            )
        )
        print("\nRepercussion reports (in-process, ms)")
        print(f"{'':<24}{'p50':>8}{'p95':>8}")
        for name, (p50, p95) in rows:
            print(f"{name:<24}{p50:>8.2f}{p95:>8.2f}")
        print(f"(reports stored: {Report.objects.count() - before})")
        settings.WALKOUT_REPORT_ROOT_KEY = old_root


if __name__ == "__main__":
    import os
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkout.settings")
    os.environ.setdefault("WALKOUT_DATA_DIR", tempfile.mkdtemp(prefix="walkout-bench-cases-"))
    import django

    django.setup()
    from django.core.management import call_command

    from tests.factories import make_staff

    call_command("migrate", verbosity=0)
    make_staff(username="bench-support")
    cases_figures()
