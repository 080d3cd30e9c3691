"""Who may upload. Holding a crew member link is membership (crews/permissions.py); the
walkout must be approved, since its gallery is public and nothing else has one."""

from walkout.crews.models import Member
from walkout.walkouts.models import WalkoutStatus


def can_upload(member: Member) -> bool:
    return member.crew.walkout.status == WalkoutStatus.APPROVED
