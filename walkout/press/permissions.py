"""Who may do what with the press kit: one condition a line.

Crew side: the press role (crews.RoleKind.PRESS) speaks for the crew to reporters, and so do
the crew's leads; every other member reads the press page without its forms. Hub side: admins
and moderators keep the tipline directory and decide suggestions; every staff role reads it.
"""

from walkout.crews.models import Member, RoleKind
from walkout.people.models import StaffRole, User


def holds_press(member: Member) -> bool:
    return member.roles.filter(kind=RoleKind.PRESS).exists()


def can_speak_to_press(member: Member, holds: bool | None = None) -> bool:
    """Choose the press contact and suggest tiplines: leads and the press role."""
    if member.is_lead:
        return True
    return holds_press(member) if holds is None else holds


def can_view_tiplines(user: User) -> bool:
    return user.role in {StaffRole.ADMIN, StaffRole.MODERATOR, StaffRole.SUPPORT}


def can_edit_tiplines(user: User) -> bool:
    """Create, edit, deactivate tiplines and decide crews' suggestions."""
    return user.role in {StaffRole.ADMIN, StaffRole.MODERATOR}
