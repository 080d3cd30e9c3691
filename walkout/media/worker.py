"""Background processing of uploads: in the server process by default, on workers at scale.

The queue is the MediaItem table itself: an upload waits as QUEUED until one process claims
it (QUEUED -> PROCESSING). On PostgreSQL the claim is `SELECT ... FOR UPDATE SKIP LOCKED`, so
many workers never wait on each other; on SQLite (one writer at a time, transactions
IMMEDIATE) it is a compare-and-set UPDATE, which only one process can win.

* In-process (WALKOUT_MEDIA_IN_PROCESS=true, the default), as common/scheduler.py runs the
  purge: each server process has WALKOUT_MEDIA_THREADS daemon threads (default 1). An upload
  wakes them after its transaction commits; they also look for work left queued when the
  process starts.
* Workers (`python -m walkout media_worker`): set WALKOUT_MEDIA_IN_PROCESS=false on the web
  processes and run as many workers as there are cores to spare. They poll every few seconds.
  They need the same MEDIA_ROOT (and incoming folder) as the web processes.
"""

import logging
import threading

from django.conf import settings
from django.db import connection, connections, transaction

from walkout.media import actions
from walkout.media.models import MediaItem, MediaState

logger = logging.getLogger("walkout.media")

_lock = threading.Lock()
_wake = threading.Event()
_threads: list[threading.Thread] = []


def claim_next() -> MediaItem | None:
    """Claim the oldest queued upload for this process, or None when there is none."""
    queued = MediaItem.objects.filter(state=MediaState.QUEUED).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            item = queued.select_for_update(skip_locked=True).first()
            if item is None:
                return None
            item.state = MediaState.PROCESSING
            item.save(update_fields=["state"])
            return item
    for pk in queued.values_list("pk", flat=True)[:10]:
        won = MediaItem.objects.filter(pk=pk, state=MediaState.QUEUED).update(
            state=MediaState.PROCESSING
        )
        if won:
            return MediaItem.objects.get(pk=pk)
    return None


def process_next() -> bool:
    """Claim and process one upload; False when the queue was empty."""
    item = claim_next()
    if item is None:
        return False
    actions.process(item)
    return True


def drain() -> int:
    """Process uploads until none is queued; returns how many."""
    done = 0
    while process_next():
        done += 1
    return done


def _run_forever(stop: threading.Event, poll: float) -> None:
    while not stop.is_set():
        if not settings.WALKOUT_MEDIA_IN_PROCESS:
            return  # turned off (workers took over, or a test processes by itself)
        try:
            drain()
        except Exception:
            logger.exception("media worker step failed")
        finally:
            connections.close_all()  # this thread's own connections
        _wake.wait(poll)
        _wake.clear()


def start_in_process() -> list[threading.Thread]:
    """Start this process's media threads once, when the settings ask for it."""
    if not settings.WALKOUT_MEDIA_IN_PROCESS:
        return []
    with _lock:
        alive = [t for t in _threads if t.is_alive()]
        for n in range(len(alive), settings.WALKOUT_MEDIA_THREADS):
            thread = threading.Thread(
                target=_run_forever,
                args=(threading.Event(), 60.0),
                name=f"walkout-media-{n}",
                daemon=True,
            )
            thread.start()
            alive.append(thread)
        _threads[:] = alive
    return list(_threads)


def wake() -> None:
    """Tell this process's media threads that an upload is queued (after commit)."""
    if settings.WALKOUT_MEDIA_IN_PROCESS:
        start_in_process()
        _wake.set()
