"""`python -m walkout media_worker`: process queued uploads outside the web processes."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import connections

from walkout.media import worker


class Command(BaseCommand):
    help = (
        "Process queued photo and video uploads (face covering, metadata stripping) until "
        "stopped. Run one per spare core, with WALKOUT_MEDIA_IN_PROCESS=false on the web "
        "processes; workers share the database and MEDIA_ROOT with them. --once processes "
        "what is queued now and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument(
            "--poll", type=float, default=3.0, help="Seconds between looks at an empty queue."
        )

    def handle(self, *args, once=False, poll=3.0, **options):
        if once:
            done = worker.drain()
            self.stdout.write(f"Processed {done} upload(s).")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        while not stop.is_set():
            if not worker.process_next():
                connections.close_all()
                stop.wait(poll)
