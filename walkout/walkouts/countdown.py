"""A countdown rendered by the server, so it works without JavaScript."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def countdown(starts_at: datetime.datetime, now: datetime.datetime) -> str:
    """'in 3 days, 4 hours', 'in 25 minutes', 'happening now' or 'took place'."""
    seconds = (starts_at - now).total_seconds()
    if seconds <= -3600:
        return _("took place")
    if seconds <= 0:
        return _("happening now")
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours and days < 7:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not hours):
        shown = max(minutes, 1)  # under a minute to go reads "in 1 minute"
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", shown) % {"n": shown})
    return _("in %(time)s") % {"time": ", ".join(parts)}
