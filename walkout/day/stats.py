"""The day app's rows for the hub's stats page (hubs/stats.py SECTIONS): check-ins and the
turnout ranges crews gave, for approved walkouts of one action."""

from django.db.models import Count

from walkout.day.models import Checkin, CheckinState, Turnout

Row = tuple[str, str, int]


def _approved(action):
    return Checkin.objects.filter(walkout__action=action, walkout__status="approved").order_by()


def checkins(action) -> list[Row]:
    counts = dict(_approved(action).values_list("state").annotate(n=Count("id")))
    if not counts:
        return []
    return [(state.value, str(state.label), counts.get(state.value, 0)) for state in CheckinState]


def turnout(action) -> list[Row]:
    counts = dict(
        _approved(action).exclude(turnout="").values_list("turnout").annotate(n=Count("id"))
    )
    if not counts:
        return []
    return [(value.value, str(value.label), counts.get(value.value, 0)) for value in Turnout]
