"""Automatic deletion (SAFETY.md decision 6, requirements 40 and 41).

One purge, run daily (walkout/common/scheduler.py, or `python -m walkout purge`):

* walkouts, with everything that hangs off them, WALKOUT_RETAIN_WALKOUT_DAYS (30) days after
  their action's date; approved ones are added to the public counts first (WalkoutTally);
* staff audit entries after WALKOUT_RETAIN_AUDIT_DAYS (365) days;
* crews' tipline suggestions 30 days after the hub decided them (press/actions.py);
* repercussion cases WALKOUT_RETAIN_CLOSED_CASE_DAYS (90) days after they close, and any case
  WALKOUT_RETAIN_CASE_MAX_DAYS (365) days after it was filed (cases/actions.py);
* photo and video uploads not sent within WALKOUT_MEDIA_REVIEW_MINUTES (60), failed ones,
  and stray media files left by a crash (media/actions.py); published media goes with its
  walkout;
* expired staff sessions and expired rows of the shared cache table;
* the server's cached copies of public pages;
* then VACUUM, so that deleted rows leave the database files (on SQLite also the WAL).

Each app deletes its own rows (walkouts/actions.py, hubs/actions/retention.py); this module
only orders the steps. docs/data-inventory.yaml says field by field what goes when.
"""

import datetime
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

from walkout.cases.actions import purge_reports
from walkout.hubs.actions.retention import purge_audit_entries
from walkout.media.actions import purge_media
from walkout.press.actions import purge_suggestions
from walkout.walkouts.actions import purge_walkouts

LOCK_KEY = "purge-running"
LOCK_SECONDS = 3600


class RetentionError(ValueError):
    """A period or option the purge refuses; the message says what to change."""


@dataclass(frozen=True)
class Periods:
    """Days each kind of record is kept; see the module docstring."""

    walkout_days: int
    audit_days: int

    def __post_init__(self):
        for name in ("walkout_days", "audit_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RetentionError(
                    f"{name.replace('_', ' ')} must be a whole number of days, 0 or more "
                    f"(got {value!r})."
                )

    @classmethod
    def from_settings(cls, **overrides: int | None) -> "Periods":
        values = {
            "walkout_days": settings.WALKOUT_RETAIN_WALKOUT_DAYS,
            "audit_days": settings.WALKOUT_RETAIN_AUDIT_DAYS,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class PurgeReport:
    today: datetime.date
    periods: Periods
    dry_run: bool
    deleted: dict[str, int] = field(default_factory=dict)
    vacuum: str = "not run"
    seconds: float = 0.0

    def add(self, counts: dict[str, int]) -> None:
        for label, n in counts.items():
            self.deleted[label] = self.deleted.get(label, 0) + n

    def lines(self) -> list[str]:
        walkouts_before = self.today - datetime.timedelta(days=self.periods.walkout_days)
        audit_before = self.today - datetime.timedelta(days=self.periods.audit_days)
        verb = "Would delete" if self.dry_run else "Deleted"
        lines = [
            f"{verb} walkouts of actions dated before {walkouts_before} "
            f"({self.periods.walkout_days} days), audit entries before {audit_before} "
            f"({self.periods.audit_days} days), expired sessions and cache entries:",
        ]
        lines += [f"  {label}: {n}" for label, n in sorted(self.deleted.items())]
        if not self.deleted:
            lines.append("  nothing")
        lines.append(f"Vacuum: {self.vacuum}.")
        lines.append(f"Took {self.seconds:.2f} s.")
        if self.dry_run:
            lines.append("Dry run: nothing was deleted.")
        return lines


def expire_sessions() -> dict[str, int]:
    """Delete expired sessions (staff only: visitors never get one)."""
    _, deleted = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {label: n for label, n in deleted.items() if n}


def expire_shared_cache() -> dict[str, int]:
    """Delete expired rows of the database cache table (SQLite mode); Redis expires its own."""
    shared = settings.CACHES["shared"]
    if not shared["BACKEND"].endswith("DatabaseCache"):
        return {}
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
    with connection.cursor() as cursor:
        table, expires = ops.quote_name(shared["LOCATION"]), ops.quote_name("expires")
        cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])  # noqa: S608 -- names from settings  # nosec
        count = cursor.rowcount
    return {"shared cache entries": count} if count else {}


def forget_cached_pages() -> None:
    """Drop this server's cached copies of public pages (common/pagecache.py), which may show
    deleted walkouts. The in-process cache is cleared; in Redis only the page entries go."""
    cache = caches["default"]
    if cache.__class__.__name__ == "RedisCache":
        client = cache._cache.get_client()
        pattern = cache.make_key("page:*")
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)
    else:
        cache.clear()


def vacuum_database(*, full: bool = False) -> str:
    """Rewrite the database files so deleted rows are gone from them (requirement 41)."""
    if connection.in_atomic_block:
        return "skipped (inside a transaction)"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
            return "SQLite VACUUM, WAL truncated" + (" (busy: retry later)" if busy else "")
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(t) for t in connection.introspection.table_names()
            )
            options = "FULL, ANALYZE" if full else "ANALYZE"
            cursor.execute(f"VACUUM ({options}) {tables}")
            return f"PostgreSQL VACUUM ({options}) of our tables"
    return f"not supported on {connection.vendor}"


def _delete_everything_expired(report: PurgeReport) -> None:
    periods = report.periods
    report.add(purge_walkouts(before=report.today - datetime.timedelta(days=periods.walkout_days)))
    report.add(
        purge_audit_entries(before=report.today - datetime.timedelta(days=periods.audit_days))
    )
    report.add(purge_suggestions(today=report.today))
    report.add(purge_reports(today=report.today))
    report.add(purge_media())
    report.add(expire_sessions())
    report.add(expire_shared_cache())


def purge(
    *,
    periods: Periods | None = None,
    dry_run: bool = False,
    vacuum: bool = True,
    full: bool = False,
) -> PurgeReport:
    """Delete everything whose retention has ended; see the module docstring.

    A dry run does the same deletions inside a transaction and rolls it back, so its counts
    are exact (cascades included) and nothing changes.
    """
    started = time.monotonic()
    report = PurgeReport(
        today=timezone.now().date(), periods=periods or Periods.from_settings(), dry_run=dry_run
    )
    if dry_run:
        with transaction.atomic():
            _delete_everything_expired(report)
            transaction.set_rollback(True)
    else:
        with transaction.atomic():
            _delete_everything_expired(report)
        forget_cached_pages()
        if vacuum:
            report.vacuum = vacuum_database(full=full)
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def exclusive() -> Iterator[bool]:
    """Yield True when no other process is purging (a shared-cache lock), else False."""
    cache = caches["shared"]
    if not cache.add(LOCK_KEY, 1, timeout=LOCK_SECONDS):
        yield False
        return
    try:
        yield True
    finally:
        cache.delete(LOCK_KEY)
