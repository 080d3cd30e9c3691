"""Abuse limits for "I'm in", without storing an address (SAFETY.md decision 8, requirements
43 to 45; docs/decisions/0009-anonymous-rsvp.md).

A whole school answers from one address, so the per-network limits are far above the 300
RSVPs in ten minutes that requirement 44 asks for; what stops a flood is the proof of work
on every RSVP and the per-walkout limits. An RSVP without the proof of work (JavaScript
off) also counts against a smaller limit, per network and per walkout.
"""

from django.conf import settings

from walkout.common import antispam


def allows_rsvp(request, walkout, *, work_done: bool) -> bool:
    """Count one RSVP from this network to this walkout; False when a limit is reached."""
    network = antispam.network_key(request)
    target = antispam.object_key("rsvp", walkout.public_id)
    allowed = antispam.within_limit(
        "rsvp-network", network, settings.WALKOUT_RSVPS_PER_NETWORK_PER_HOUR
    )
    allowed = (
        antispam.within_limit("rsvp-walkout", target, settings.WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR)
        and allowed
    )
    if not work_done:
        limit = settings.WALKOUT_RSVPS_NO_POW_PER_HOUR
        allowed = antispam.within_limit("rsvp-no-pow-network", network, limit) and allowed
        allowed = antispam.within_limit("rsvp-no-pow-walkout", target, limit) and allowed
    return allowed


def allows_take_back(walkout) -> bool:
    """Taking an RSVP back needs its receipt; it still counts against the walkout's limit."""
    target = antispam.object_key("rsvp", walkout.public_id)
    return antispam.within_limit(
        "rsvp-walkout", target, settings.WALKOUT_RSVPS_PER_WALKOUT_PER_HOUR
    )
