"""Dates and times of walkouts, always in the school's own time zone."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import dateformat, translation

register = template.Library()

DATE_FORMATS = {"en": "l, F j, Y", "es": r"l j \d\e F \d\e Y"}
TIME_FORMATS = {"en": "g:i A", "es": "H:i"}


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


@register.filter
def local_date(walkout) -> str:
    moment = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
    return dateformat.format(moment, DATE_FORMATS.get(_lang(), DATE_FORMATS["en"]))


@register.filter
def local_time(walkout) -> str:
    """'2:00 PM EST' in English, '14:00 EST' in Spanish."""
    moment = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
    clock = dateformat.format(moment, TIME_FORMATS.get(_lang(), TIME_FORMATS["en"]))
    return f"{clock} {moment.strftime('%Z')}"


@register.filter
def call_date(action) -> str:
    return dateformat.format(action.date, DATE_FORMATS.get(_lang(), DATE_FORMATS["en"]))


@register.filter
def call_time(action) -> str:
    return dateformat.time_format(action.local_time, TIME_FORMATS.get(_lang(), TIME_FORMATS["en"]))


@register.filter
def tr(obj, field: str) -> str:
    """Hub-written text in the active language: {{ action|tr:"title" }}."""
    return obj.t(field)


@register.filter
def lines(obj, field: str) -> list[str]:
    """Hub-written text split into its non-empty lines (demands, chants)."""
    return obj.lines(field)
