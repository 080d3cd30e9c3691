"""Who may do what on the day and after. One function per capability, one condition a line.

Crew side (the acting member is already resolved from their own link, crews/queries.py):
- "we're out" and "done": crew leads, and whoever holds the crew's safety role: the people
  watching the group on the day. Any other member sees the state but cannot change it, so a
  single infiltrator cannot flip the national count.
- the after-action report and asking for a public summary: crew leads only, because the
  summary speaks for the crew in public.

Hub side: legal and emergency contacts are kept by admins and support staff; public
summaries are approved or rejected by those who moderate walkouts.
"""

from walkout.crews.models import Member, RoleKind
from walkout.hubs.permissions import can_moderate
from walkout.people.models import StaffRole, User


def can_check_in(member: Member, holds_safety: bool | None = None) -> bool:
    if member.is_lead:
        return True
    if holds_safety is None:
        holds_safety = member.roles.filter(kind=RoleKind.SAFETY).exists()
    return holds_safety


def can_report(member: Member) -> bool:
    return member.is_lead


def can_manage_contacts(user: User) -> bool:
    """Add, edit, hide and delete the legal and emergency contacts students see."""
    return user.role in {StaffRole.ADMIN, StaffRole.SUPPORT}


def can_review_summaries(user: User) -> bool:
    """Approve or reject a crew's public summary of how its walkout went."""
    return can_moderate(user)
