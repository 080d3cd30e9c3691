"""The daily purge inside the server process (docs/decisions/0006-purge-in-process.md).

walkout/wsgi.py starts one daemon thread per server process. It purges a minute after the
start and then every 24 hours; a shared-cache lock lets only one process purge at a time.
With WALKOUT_PURGE_IN_PROCESS=false a worker or cron runs `python -m walkout purge` instead.
"""

import logging
import threading

from django.conf import settings
from django.db import connections

from walkout.common import retention

logger = logging.getLogger("walkout.purge")

FIRST_RUN_SECONDS = 60
EVERY_SECONDS = 24 * 3600
_thread: threading.Thread | None = None


def run_once() -> retention.PurgeReport | None:
    """Purge unless another process is at it; errors are logged, never raised."""
    try:
        with retention.exclusive() as mine:
            if not mine:
                logger.info("purge skipped: another process is purging")
                return None
            report = retention.purge()
        for line in report.lines():
            logger.info(line)
        return report
    except Exception:
        logger.exception("purge failed")
        return None


def run_forever(
    stop: threading.Event, first: float = FIRST_RUN_SECONDS, every: float = EVERY_SECONDS
) -> None:
    delay = first
    while not stop.wait(delay):
        run_once()
        connections.close_all()  # this thread's own connections; the next run opens new ones
        delay = every


def start_daily_purge() -> threading.Thread | None:
    """Start the purge thread once per process, when the settings ask for it."""
    global _thread
    if not settings.WALKOUT_PURGE_IN_PROCESS or (_thread is not None and _thread.is_alive()):
        return None
    _thread = threading.Thread(
        target=run_forever, args=(threading.Event(),), name="walkout-purge", daemon=True
    )
    _thread.start()
    return _thread
