"""The crew itself, its invites and members, and its move to the next action."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from walkout.common import tokens
from walkout.crews import permissions
from walkout.crews.actions.base import (
    MAX_INVITES,
    MAX_MEMBERS,
    STANDARD_ROLES,
    STANDARD_STEPS,
    CrewError,
    CrewForbidden,
    _below,
    _clean,
    _require,
    _today,
)
from walkout.crews.models import (
    Crew,
    Invite,
    Member,
    PlanItem,
    Role,
)
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts.models import Walkout, WalkoutStatus

# --- the crew itself -----------------------------------------------------------------------


@transaction.atomic
def ensure_crew(walkout: Walkout) -> Crew:
    """The walkout's crew, created with its organizer as first lead, standard roles and the
    plan prefilled from the call. Safe to call again (walkouts from before crews existed get
    theirs when their organizer first opens it)."""
    crew = Crew.objects.filter(walkout=walkout).first()
    if crew is not None:
        return crew
    try:
        with transaction.atomic():
            crew = Crew.objects.create(walkout=walkout, created_day=_today())
    except IntegrityError:  # created meanwhile by another request
        return Crew.objects.get(walkout=walkout)
    Member.objects.create(
        crew=crew,
        pseudonym=walkout.organizer_pseudonym[:40],
        is_lead=True,
        is_organizer=True,
        created_day=_today(),
    )
    Role.objects.bulk_create([Role(crew=crew, kind=kind) for kind in STANDARD_ROLES])
    _prefill_plan(crew)
    return crew


def _prefill_plan(crew: Crew) -> None:
    PlanItem.objects.bulk_create(
        [PlanItem(crew=crew, step=step, created_day=_today()) for step in STANDARD_STEPS]
    )


def delete_crew(crew: Crew) -> None:
    """Delete the crew and everything in it (members, links, plan, board, connections).

    Deleting its walkout does the same (on_delete=CASCADE); the purge may call either.
    """
    crew.delete()


# --- invites and members -------------------------------------------------------------------


@transaction.atomic
def create_invite(*, by: Member, max_uses: int, days: int) -> str:
    """A new invite link; return its token, which exists nowhere else."""
    _require(permissions.is_lead(by))
    _below(by.crew.invites.count(), MAX_INVITES)
    token, digest = tokens.new_token()
    Invite.objects.create(
        crew=by.crew,
        token_digest=digest,
        max_uses=max_uses,
        expires_day=_today() + datetime.timedelta(days=days),
        created_day=_today(),
    )
    return token


def revoke_invite(*, by: Member, invite: Invite) -> None:
    """The link stops working at once: the row is deleted, so it answers like a random one."""
    _require(permissions.is_lead(by))
    invite.delete()


@transaction.atomic
def rotate_invite(*, by: Member, invite: Invite) -> str:
    """Replace an invite link by a new one with the same limits; the old one stops at once."""
    _require(permissions.is_lead(by))
    token, invite.token_digest = tokens.new_token()
    invite.uses = 0
    invite.expires_day = max(invite.expires_day, _today())
    invite.save(update_fields=["token_digest", "uses", "expires_day"])
    return token


@transaction.atomic
def join_crew(*, invite: Invite, pseudonym: str) -> tuple[Member, str]:
    """Join with an invite; return the new member and their own link's token."""
    pseudonym = _clean(pseudonym)
    if not pseudonym:
        raise CrewError(_("Pick a nickname."), field="pseudonym")
    used = Invite.objects.filter(
        pk=invite.pk, uses__lt=F("max_uses"), expires_day__gte=_today()
    ).update(uses=F("uses") + 1)
    if not used:
        raise CrewError(_("This invite link has expired or has been used up. Ask for a new one."))
    crew = invite.crew
    if crew.members.count() >= MAX_MEMBERS:
        raise CrewError(_("This crew is full."))
    return _add_member(crew, pseudonym)


def _add_member(crew: Crew, pseudonym: str) -> tuple[Member, str]:
    if crew.members.filter(pseudonym__iexact=pseudonym).exists():
        raise CrewError(
            _("Someone in this crew already uses that nickname. Pick another one."),
            field="pseudonym",
        )
    token, digest = tokens.new_token()
    try:
        with transaction.atomic():
            member = Member.objects.create(
                crew=crew, pseudonym=pseudonym, token_digest=digest, created_day=_today()
            )
    except IntegrityError:
        raise CrewError(
            _("Someone in this crew already uses that nickname. Pick another one."),
            field="pseudonym",
        ) from None
    return member, token


def replace_member_link(*, member: Member) -> str:
    """A new link for this member; the old one stops working at once."""
    if member.is_organizer:
        raise CrewError(_("Your link is the organizer link: replace it on your organizer page."))
    token, member.token_digest = tokens.new_token()
    member.save(update_fields=["token_digest"])
    return token


def promote(*, by: Member, member: Member) -> None:
    _require(permissions.can_promote(by, member))
    member.is_lead = True
    member.save(update_fields=["is_lead"])


def remove_member(*, by: Member, member: Member) -> None:
    """Remove a member: their link stops working at once; their roles and items open up."""
    if member.is_organizer:
        raise CrewForbidden(_("The organizer can't be removed."))
    _require(permissions.can_remove(by, member))
    member.delete()


def leave_crew(*, member: Member) -> None:
    if not permissions.can_leave(member):
        raise CrewError(_("The organizer can't leave the crew."))
    member.delete()


# --- the meeting spot ----------------------------------------------------------------------


def set_meeting_spot(*, by: Member, spot: str) -> None:
    """Leads edit the walkout's private meeting spot; it never needs review."""
    _require(permissions.is_lead(by))
    try:
        walkout_actions.update_walkout(by.crew.walkout, meeting_spot=spot)
    except walkout_actions.WalkoutError as error:
        raise CrewError(str(error)) from None


# --- the next action -----------------------------------------------------------------------


@transaction.atomic
def carry_to_next_action(*, by: Member, action) -> Walkout:
    """Register the crew's school for the campaign's next action and move the crew there.

    People, roles, demands, chants and connections come along; the board and the plan start
    fresh (the old ones belonged to the past action and its retention). The organizer link
    moves to the new walkout, which goes through review unless the old one was trusted.
    """
    _require(permissions.is_lead(by))
    crew = by.crew
    current = crew.walkout
    if action is None:
        raise CrewError(_("Your campaign has no next call open yet."))
    if current.action.date > _today() and current.status not in (
        WalkoutStatus.CANCELLED,
        WalkoutStatus.REJECTED,
    ):
        raise CrewError(_("You can carry the crew on once this walkout's day has come."))
    try:
        walkout = walkout_actions.carry_forward(current, action=action)
    except walkout_actions.WalkoutError as error:
        raise CrewError(str(error)) from None
    crew.walkout = walkout
    crew.save(update_fields=["walkout"])
    crew.notes.all().delete()
    crew.plan_items.all().delete()
    _prefill_plan(crew)
    return walkout
