import argparse
import re
import time

from django.core.management.base import BaseCommand, CommandError

from walkout.common import retention

_DURATION = re.compile(r"^(\d+)([mhd])$")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400}


def days(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days, 0 or more (got {value!r})"
        )
    return number


def duration(value: str) -> int:
    match = _DURATION.match(value.strip())
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(
            f"must be a number and a unit: 30m, 24h or 1d (got {value!r})"
        )
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


class Command(BaseCommand):
    help = (
        "Delete what has passed its retention (SAFETY.md decision 6): walkouts and everything "
        "attached to them N days after their action's date (public counts survive), old staff "
        "audit entries, expired sessions and cache entries; then VACUUM the database. Periods "
        "come from WALKOUT_RETAIN_WALKOUT_DAYS and WALKOUT_RETAIN_AUDIT_DAYS unless given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--walkout-days", type=days, metavar="DAYS", help="Days after an action's date."
        )
        parser.add_argument(
            "--audit-days", type=days, metavar="DAYS", help="Days staff audit entries are kept."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="PostgreSQL: VACUUM FULL, which rewrites the tables but locks them meanwhile.",
        )
        parser.add_argument(
            "--every",
            type=duration,
            metavar="DURATION",
            help="Keep running for a worker: purge, wait DURATION (30m, 24h, 1d), again.",
        )

    def handle(self, *args, walkout_days, audit_days, dry_run, full, every, **options):
        try:
            periods = retention.Periods.from_settings(
                walkout_days=walkout_days, audit_days=audit_days
            )
        except retention.RetentionError as exc:
            raise CommandError(f"{exc} Nothing was deleted.") from exc
        while True:
            self.purge_once(periods, dry_run=dry_run, full=full, keep_going=bool(every))
            if not every:
                return
            time.sleep(every)

    def purge_once(self, periods, *, dry_run, full, keep_going):
        with retention.exclusive() as mine:
            if not mine:
                message = "Another purge is running; nothing was deleted."
                if keep_going:
                    self.stderr.write(message)
                    return
                raise CommandError(message)
            report = retention.purge(periods=periods, dry_run=dry_run, full=full)
        for line in report.lines():
            self.stdout.write(line)
