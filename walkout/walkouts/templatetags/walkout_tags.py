"""Dates and times of walkouts, always in the school's own time zone."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import dateformat, translation
from django.utils.formats import get_format

register = template.Library()

# English and Spanish with the weekday; any other language in Django's own format for it.
DATE_FORMATS = {"en": "l, F j, Y", "es": r"l j \d\e F \d\e Y"}
TIME_FORMATS = {"en": "g:i A", "es": "H:i"}


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _date_format() -> str:
    return DATE_FORMATS.get(_lang()) or get_format("DATE_FORMAT", translation.get_language())


def _time_format() -> str:
    return TIME_FORMATS.get(_lang()) or get_format("TIME_FORMAT", translation.get_language())


@register.filter
def local_date(walkout) -> str:
    moment = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
    return dateformat.format(moment, _date_format())


@register.filter
def local_time(walkout) -> str:
    """'2:00 PM EST' in English, '14:00 EST' in Spanish."""
    moment = walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))
    clock = dateformat.format(moment, _time_format())
    return f"{clock} {moment.strftime('%Z')}"


@register.filter
def call_date(action) -> str:
    return dateformat.format(action.date, _date_format())


@register.filter
def call_time(action) -> str:
    return dateformat.time_format(action.local_time, _time_format())


@register.filter
def tr(obj, field: str) -> str:
    """Hub-written text in the active language: {{ action|tr:"title" }}."""
    return obj.t(field)


@register.filter
def lines(obj, field: str) -> list[str]:
    """Hub-written text split into its non-empty lines (demands, chants)."""
    return obj.lines(field)
