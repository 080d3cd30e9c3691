"""Tags for the day app's partials included in other apps' templates (the public walkout
page, the live page), so those views need no change."""

from django import template

from walkout.day import queries

register = template.Library()


@register.simple_tag
def public_summary(walkout) -> str:
    """The hub-approved summary of how the walkout went; "" when there is none."""
    return queries.public_summary(walkout)


@register.simple_tag
def live_checkins(action):
    return queries.live_checkins(action)
