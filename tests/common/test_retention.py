"""The purge: what it deletes and keeps with its defaults, its command, its schedule
(SAFETY.md decision 6, requirements 40 and 41)."""

import datetime
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory, make_staff
from walkout.campaigns.models import Action
from walkout.common import retention, scheduler
from walkout.hubs.models import AuditEntry
from walkout.settings import env_int
from walkout.walkouts import queries
from walkout.walkouts.models import School, Walkout, WalkoutStatus

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def world(now):
    """Old and recent walkouts, audit entries and sessions, each just either side of a limit."""
    old, recent = ActionFactory(date=days_ago(31)), ActionFactory(date=days_ago(30))
    old_walkouts = [
        WalkoutFactory(action=old, school=SchoolFactory(state="IL")),
        WalkoutFactory(action=old, school=SchoolFactory(state="NY")),
        WalkoutFactory(action=old, status=WalkoutStatus.REJECTED, rejection_reason="Hoax 4d1c"),
    ]
    kept_walkout = WalkoutFactory(action=recent)
    staff, _ = make_staff(hub=old.campaign.hub)
    AuditEntry.objects.create(staff=staff, verb="approve", object_id="a", day=days_ago(366))
    kept_entry = AuditEntry.objects.create(
        staff=staff, verb="approve", object_id="b", day=days_ago(365)
    )
    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(datetime.datetime(2026, 5, 31, tzinfo=UTC))
    expired.create()
    live.set_expiry(3600)
    live.create()
    return {
        "old": old,
        "old_walkouts": old_walkouts,
        "kept_walkout": kept_walkout,
        "kept_entry": kept_entry,
        "live_session": live.session_key,
    }


def database_cache_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM walkout_shared_cache ORDER BY cache_key")
        return [row[0] for row in cursor.fetchall()]


def test_purge_with_the_defaults(world):
    counts = queries.state_counts(world["old"])

    report = retention.purge()

    assert report.periods == retention.Periods(walkout_days=30, audit_days=365)
    assert report.deleted == {
        "walkouts.Walkout": 3,
        "hubs.AuditEntry": 1,
        "sessions.Session": 1,
    }
    assert report.vacuum == "skipped (inside a transaction)"
    assert list(Walkout.objects.all()) == [world["kept_walkout"]]
    assert list(AuditEntry.objects.all()) == [world["kept_entry"]]
    assert list(Session.objects.values_list("session_key", flat=True)) == [world["live_session"]]
    # What stays: the counts, the schools, the calls.
    assert queries.state_counts(world["old"]) == counts == [("IL", 1), ("NY", 1)]
    assert School.objects.count() == 4
    assert Action.objects.count() == 2


def test_purge_with_other_periods(world):
    report = retention.purge(periods=retention.Periods(walkout_days=60, audit_days=0))

    assert report.deleted == {"hubs.AuditEntry": 2, "sessions.Session": 1}
    assert Walkout.objects.count() == 4


def test_purge_follows_the_settings(world, settings):
    settings.WALKOUT_RETAIN_WALKOUT_DAYS = 29

    report = retention.purge()

    assert report.deleted["walkouts.Walkout"] == 4


def test_dry_run_counts_exactly_and_deletes_nothing(world):
    before = (Walkout.objects.count(), AuditEntry.objects.count(), Session.objects.count())

    report = retention.purge(dry_run=True)

    assert report.deleted == {"walkouts.Walkout": 3, "hubs.AuditEntry": 1, "sessions.Session": 1}
    assert report.vacuum == "not run"
    assert (Walkout.objects.count(), AuditEntry.objects.count(), Session.objects.count()) == before
    assert queries.deleted_walkout_count(world["old"]) == 0


@pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")),
    reason="the shared cache is Redis, which expires its own keys",
)
def test_purge_deletes_expired_shared_cache_rows(now, time_machine):
    shared = caches["shared"]
    shared.set("stamp:old", 1, timeout=60)
    shared.set("stamp:new", 1, timeout=7200)
    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)

    report = retention.purge()

    assert report.deleted == {"shared cache entries": 1}
    assert [key.split(":", 2)[-1] for key in database_cache_keys()] == ["stamp:new"]


def test_purge_forgets_cached_pages(now):
    caches["default"].set("page:abc", {"body": b"Canary approved walkout"}, timeout=300)

    retention.purge()

    assert caches["default"].get("page:abc") is None


def test_report_lines(world):
    report = retention.purge()
    report.seconds = 0.25

    assert report.lines() == [
        "Deleted walkouts of actions dated before 2026-05-02 (30 days), audit entries before "
        "2025-06-01 (365 days), expired sessions and cache entries:",
        "  hubs.AuditEntry: 1",
        "  sessions.Session: 1",
        "  walkouts.Walkout: 3",
        "Vacuum: skipped (inside a transaction).",
        "Took 0.25 s.",
    ]


# --- the command -----------------------------------------------------------------------------


def test_command_prints_what_it_deleted(world, capsys):
    call_command("purge")

    out = capsys.readouterr().out
    assert "  walkouts.Walkout: 3\n" in out
    assert Walkout.objects.count() == 1


def test_command_dry_run(world, capsys):
    call_command("purge", "--dry-run", "--walkout-days", "0")

    out = capsys.readouterr().out
    assert out.splitlines()[1:4] == [
        "  hubs.AuditEntry: 1",
        "  sessions.Session: 1",
        "  walkouts.Walkout: 4",
    ]
    assert out.splitlines()[-1] == "Dry run: nothing was deleted."
    assert Walkout.objects.count() == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--walkout-days", "-3"],
            "Error: argument --walkout-days: must be a whole number of days, 0 or more (got '-3')",
        ),
        (
            ["--audit-days", "a year"],
            "Error: argument --audit-days: must be a whole number of days, 0 or more "
            "(got 'a year')",
        ),
        (["--walkout-days", "2.5"], None),
        (["--every", "0h"], None),
        (["--every", "daily"], None),
        (["--forever"], "Error: unrecognized arguments: --forever"),
    ],
)
def test_command_refuses_bad_input_and_deletes_nothing(world, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("purge", *args)

    if message:
        assert str(refused.value) == message
    else:
        assert str(refused.value).startswith(f"Error: argument {args[0]}: must be ")
    assert Walkout.objects.count() == 4
    assert AuditEntry.objects.count() == 2


def test_command_refuses_negative_periods_from_python(world):
    with pytest.raises(CommandError) as refused:
        call_command("purge", walkout_days=-1)

    assert str(refused.value) == (
        "walkout days must be a whole number of days, 0 or more (got -1). Nothing was deleted."
    )
    assert Walkout.objects.count() == 4


def test_command_from_the_shell_explains_bad_input(tmp_path):
    result = subprocess.run(  # noqa: S603 -- our own interpreter and module, fixed arguments
        [sys.executable, "-m", "walkout", "purge", "--walkout-days=-3"],
        cwd=ROOT,
        env={**os.environ, "WALKOUT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "walkout purge: error: argument --walkout-days: must be a whole number of days, 0 or "
        "more (got '-3')"
    )
    assert result.stdout == ""


def test_command_waits_for_another_purge(world):
    with retention.exclusive() as mine:
        assert mine is True
        with pytest.raises(CommandError) as refused:
            call_command("purge")

    assert str(refused.value) == "Another purge is running; nothing was deleted."
    assert Walkout.objects.count() == 4
    with retention.exclusive() as mine:  # the lock went with the first purge
        assert mine is True


def test_periods_refuse_bad_values():
    for value in (-1, 1.5, "30", True):
        with pytest.raises(retention.RetentionError):
            retention.Periods(walkout_days=value, audit_days=1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "WALKOUT_RETAIN_WALKOUT_DAYS must be 0 or more; it is -5."),
        ("thirty", "WALKOUT_RETAIN_WALKOUT_DAYS must be a whole number; it is 'thirty'."),
    ],
)
def test_bad_retention_setting_stops_the_start(monkeypatch, raw, message):
    monkeypatch.setenv("WALKOUT_RETAIN_WALKOUT_DAYS", raw)

    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("WALKOUT_RETAIN_WALKOUT_DAYS", 30)

    assert str(refused.value) == message


def test_pow_bits_setting_is_bounded(monkeypatch):
    monkeypatch.setenv("WALKOUT_POW_BITS", "30")

    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("WALKOUT_POW_BITS", 13, maximum=24)

    assert str(refused.value) == "WALKOUT_POW_BITS must be between 0 and 24; it is 30."


# --- the schedule ----------------------------------------------------------------------------


def test_scheduled_run_purges_and_logs(world, caplog):
    caplog.set_level(logging.INFO, logger="walkout.purge")

    report = scheduler.run_once()

    assert report.deleted["walkouts.Walkout"] == 3
    assert "  walkouts.Walkout: 3" in caplog.messages


def test_scheduled_run_skips_while_another_purges(world, caplog):
    caplog.set_level(logging.INFO, logger="walkout.purge")
    with retention.exclusive():
        assert scheduler.run_once() is None

    assert caplog.messages == ["purge skipped: another process is purging"]
    assert Walkout.objects.count() == 4


def test_scheduled_run_logs_errors_and_carries_on(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "purge", broken)

    assert scheduler.run_once() is None
    assert caplog.messages == ["purge failed"]
    with retention.exclusive() as mine:  # the lock was released
        assert mine is True


def test_schedule_runs_first_soon_then_daily(monkeypatch):
    runs, waits = [], []

    class Clock:
        def wait(self, seconds):
            waits.append(seconds)
            return len(waits) > 3

    monkeypatch.setattr(scheduler, "run_once", lambda: runs.append(1))
    monkeypatch.setattr(scheduler.connections, "close_all", lambda: None)

    scheduler.run_forever(Clock(), first=60, every=86400)

    assert waits == [60, 86400, 86400, 86400]
    assert len(runs) == 3


def test_schedule_starts_once_and_only_when_asked(monkeypatch, settings):
    started = []
    release = threading.Event()
    monkeypatch.setattr(scheduler, "run_forever", lambda stop: (started.append(1), release.wait(5)))
    monkeypatch.setattr(scheduler, "_thread", None)
    settings.WALKOUT_PURGE_IN_PROCESS = False
    assert scheduler.start_daily_purge() is None

    settings.WALKOUT_PURGE_IN_PROCESS = True
    thread = scheduler.start_daily_purge()
    again = scheduler.start_daily_purge()
    release.set()
    thread.join(5)

    assert (thread.name, thread.daemon, again, started) == ("walkout-purge", True, None, [1])


# --- VACUUM (outside a transaction) ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_vacuum_runs_outside_a_transaction():
    result = retention.vacuum_database()

    assert (
        result
        == {
            "sqlite": "SQLite VACUUM, WAL truncated",
            "postgresql": "PostgreSQL VACUUM (ANALYZE) of our tables",
        }[connection.vendor]
    )


@pytest.mark.django_db(transaction=True)
def test_full_vacuum_on_postgresql():
    result = retention.vacuum_database(full=True)

    if connection.vendor == "postgresql":
        assert result == "PostgreSQL VACUUM (FULL, ANALYZE) of our tables"
    else:
        assert result == "SQLite VACUUM, WAL truncated"
