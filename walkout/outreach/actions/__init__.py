"""Every write of the outreach app."""

from walkout.outreach.actions.rsvp import NOT_OPEN, RsvpError, say_in, take_back

__all__ = ["NOT_OPEN", "RsvpError", "say_in", "take_back"]
