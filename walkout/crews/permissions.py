"""Who in a crew may do what. Holding a member link is membership; everything else is here.

Every check takes the acting member, already resolved from their own link (queries.py), so a
stranger, a removed member or a revoked link never reaches these functions: they got a 404.
"""

from walkout.crews.models import Member, Note, Role, RoleKind


def is_lead(member: Member) -> bool:
    return member.is_lead


def can_remove(member: Member, other: Member) -> bool:
    """Leads remove anyone but the organizer, whose link is the walkout's own."""
    return (
        member.is_lead
        and other.crew_id == member.crew_id
        and not other.is_organizer
        and other.pk != member.pk
    )


def can_promote(member: Member, other: Member) -> bool:
    return member.is_lead and other.crew_id == member.crew_id and not other.is_lead


def can_release_role(member: Member, role: Role) -> bool:
    return member.is_lead or role.holder_id == member.pk


def can_delete_note(member: Member, note: Note) -> bool:
    return member.is_lead or note.author_id == member.pk


def can_reach_out(member: Member, holds_outreach: bool | None = None) -> bool:
    """Leads and whoever holds an "other schools" role speak for the crew to other crews."""
    if member.is_lead:
        return True
    if holds_outreach is None:
        holds_outreach = member.roles.filter(kind=RoleKind.OUTREACH).exists()
    return holds_outreach


def can_leave(member: Member) -> bool:
    return not member.is_organizer
