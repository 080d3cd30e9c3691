"""What the in-process bench scripts share: timing, and a throw-away demo database for running
one of them on its own (`python bench/print.py`)."""

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def times(fn, rounds: int, before=None) -> tuple[float, float]:
    """p50 and p95 of `fn()` over `rounds` calls, in milliseconds; `before()` runs untimed."""
    spent = []
    for _ in range(rounds):
        if before:
            before()
        start = time.perf_counter()
        fn()
        spent.append((time.perf_counter() - start) * 1000)
    spent.sort()
    return statistics.median(spent), spent[max(0, int(len(spent) * 0.95) - 1)]


def demo_call(prefix: str):
    """Set up Django on a fresh data directory with the demo data; the demo call's Action."""
    root = Path(__file__).resolve().parent.parent
    os.environ.update(
        WALKOUT_DATA_DIR=tempfile.mkdtemp(prefix=f"walkout-bench-{prefix}-"),
        DJANGO_SETTINGS_MODULE="walkout.settings",
        WALKOUT_PURGE_IN_PROCESS="false",
        WALKOUT_ALLOWED_HOSTS="127.0.0.1,testserver",
    )
    sys.path.insert(0, str(root))
    import django

    django.setup()
    from django.core.management import call_command

    from walkout.campaigns.models import Action

    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):  # demo_data prints a staff sign-in QR
        call_command("demo_data", verbosity=0)
    return Action.objects.filter(walkouts__status="approved").distinct().first()
