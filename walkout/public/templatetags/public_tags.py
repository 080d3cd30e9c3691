"""Distances for the near-me page, in miles first (US readers) with kilometres."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from walkout.walkouts.nearby import KM_PER_MILE

register = template.Library()


@register.filter
def distance(km: float) -> str:
    """'2.3 mi (3.7 km)'; '2,3 mi (3,7 km)' in Spanish; 'under 0.1 mi' when closer."""
    miles = km / KM_PER_MILE
    if miles < 0.05:
        return _("under %(miles)s mi") % {"miles": number_format(0.1, 1)}
    return _("%(miles)s mi (%(km)s km)") % {
        "miles": number_format(round(miles, 1), 1),
        "km": number_format(round(km, 1), 1),
    }
