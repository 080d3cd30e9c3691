"""The crew's plan: roles, checklist, demands, chants and posters, the board."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from walkout.common import pagecache
from walkout.crews import crypto, permissions
from walkout.crews.actions.base import (
    MAX_DEMANDS,
    MAX_IDEAS,
    MAX_NOTES,
    MAX_PLAN_ITEMS,
    MAX_ROLES,
    CrewError,
    CrewForbidden,
    _below,
    _clean,
    _require,
    _today,
)
from walkout.crews.models import (
    Demand,
    Idea,
    IdeaKind,
    ItemState,
    Member,
    Note,
    PlanItem,
    PlanStep,
    Role,
    RoleKind,
    Vote,
    note_context,
)

# --- roles ---------------------------------------------------------------------------------


def take_role(*, member: Member, role: Role) -> None:
    if role.holder_id is not None and role.holder_id != member.pk:
        raise CrewError(_("Someone already holds this role."))
    role.holder = member
    role.save(update_fields=["holder"])


def release_role(*, by: Member, role: Role) -> None:
    _require(permissions.can_release_role(by, role))
    role.holder = None
    role.save(update_fields=["holder"])


def assign_role(*, by: Member, role: Role, holder: Member | None) -> None:
    _require(permissions.is_lead(by))
    role.holder = holder
    role.save(update_fields=["holder"])


def add_role(*, by: Member, label: str) -> Role:
    _require(permissions.is_lead(by))
    label = _clean(label)
    if not label:
        raise CrewError(_("Name the role."), field="label")
    _below(by.crew.roles.count(), MAX_ROLES)
    return Role.objects.create(crew=by.crew, kind=RoleKind.CUSTOM, label=label)


def delete_role(*, by: Member, role: Role) -> None:
    _require(permissions.is_lead(by))
    role.delete()


# --- the plan ------------------------------------------------------------------------------


def add_plan_item(*, member: Member, text: str) -> PlanItem:
    text = _clean(text)
    if not text:
        raise CrewError(_("Write what needs doing."), field="text")
    _below(member.crew.plan_items.count(), MAX_PLAN_ITEMS)
    return PlanItem.objects.create(
        crew=member.crew, step=PlanStep.CUSTOM, text=text, created_day=_today()
    )


def set_item_state(*, member: Member, item: PlanItem, state: str) -> None:
    if state not in ItemState.values:
        raise CrewError(_("Pick a state from the list."))
    item.state = state
    item.save(update_fields=["state"])


def take_item(*, member: Member, item: PlanItem) -> None:
    if item.owner_id is not None and item.owner_id != member.pk and not member.is_lead:
        raise CrewError(_("Someone already owns this item."))
    item.owner = member
    item.save(update_fields=["owner"])


def assign_item(*, by: Member, item: PlanItem, owner: Member | None) -> None:
    _require(permissions.is_lead(by) or (owner is None and item.owner_id == by.pk))
    item.owner = owner
    item.save(update_fields=["owner"])


def delete_item(*, by: Member, item: PlanItem) -> None:
    _require(permissions.is_lead(by))
    item.delete()


# --- demands -------------------------------------------------------------------------------


def propose_demand(*, member: Member, text: str) -> Demand:
    text = _clean(text)
    if not text:
        raise CrewError(_("Write the demand."), field="text")
    crew = member.crew
    if crew.demands.filter(text__iexact=text).exists():
        raise CrewError(_("This demand is already on the list."), field="text")
    _below(crew.demands.count(), MAX_DEMANDS)
    try:
        with transaction.atomic():
            return Demand.objects.create(crew=crew, text=text, created_day=_today())
    except IntegrityError:
        raise CrewError(_("This demand is already on the list."), field="text") from None


def vote(*, member: Member, demand: Demand) -> None:
    """One vote per member per demand; a second one is refused."""
    try:
        with transaction.atomic():
            Vote.objects.create(demand=demand, member=member)
    except IntegrityError:
        raise CrewError(_("You already voted for this demand.")) from None


def unvote(*, member: Member, demand: Demand) -> None:
    Vote.objects.filter(demand=demand, member=member).delete()


def adopt_demand(*, by: Member, demand: Demand, adopted: bool = True) -> None:
    """Adopted demands appear on the walkout's public page."""
    _require(permissions.is_lead(by))
    demand.adopted = adopted
    demand.save(update_fields=["adopted"])
    pagecache.bump_version()


def delete_demand(*, by: Member, demand: Demand) -> None:
    _require(permissions.is_lead(by))
    demand.delete()
    if demand.adopted:
        pagecache.bump_version()


# --- chants and poster ideas ---------------------------------------------------------------


def add_idea(*, member: Member, kind: str, text: str) -> Idea:
    text = _clean(text)
    if kind not in IdeaKind.values:
        raise CrewError(_("Pick a chant or a poster idea."), field="kind")
    if not text:
        raise CrewError(_("Write the chant or the poster idea."), field="text")
    _below(member.crew.ideas.count(), MAX_IDEAS)
    return Idea.objects.create(crew=member.crew, kind=kind, text=text, created_day=_today())


def delete_idea(*, by: Member, idea: Idea) -> None:
    _require(permissions.is_lead(by))
    idea.delete()


# --- the board -----------------------------------------------------------------------------


def post_note(*, member: Member, text: str, decision: bool = False) -> Note:
    """A short note, stored encrypted and dated to the day."""
    text = (text or "").strip()
    if not text:
        raise CrewError(_("Write a note first."), field="text")
    _below(member.crew.notes.count(), MAX_NOTES)
    return Note.objects.create(
        crew=member.crew,
        author=member,
        body=crypto.seal(text, context=note_context(member.crew_id)),
        is_decision=decision and member.is_lead,
        created_day=_today(),
    )


def delete_note(*, by: Member, note: Note) -> None:
    if not permissions.can_delete_note(by, note):
        raise CrewForbidden(_("Only its author or a crew lead can delete this note."))
    note.delete()
