"""The crew's plan: overview and meeting spot, roles, checklist, demands, chants and
posters, and the board."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from walkout.crews import actions, permissions, queries
from walkout.crews.forms import (
    DemandForm,
    IdeaForm,
    ItemForm,
    MemberChoiceForm,
    NoteForm,
    RoleForm,
    SpotForm,
    StateForm,
)
from walkout.crews.models import IdeaKind, ItemState, RoleKind
from walkout.crews.views.base import (
    Op,
    Page,
    _lead,
    _page_view,
)
from walkout.walkouts.models import WalkoutStatus

# --- overview: the walkout, the meeting spot, the next action ------------------------------


def _home_context(request, member, spot_form=None):
    walkout = member.crew.walkout
    lead = permissions.is_lead(member)
    return {
        "my_roles": [role.name for role in member.roles.all()],
        "spot_form": spot_form or SpotForm(initial={"meeting_spot": walkout.meeting_spot}),
        "next_action": queries.next_action(member.crew) if lead else None,
        "day_has_come": walkout.action.date <= timezone.now().date()
        or walkout.status in (WalkoutStatus.CANCELLED, WalkoutStatus.REJECTED),
    }


def _set_spot(request, member, obj, data):
    actions.set_meeting_spot(by=member, spot=data["meeting_spot"])
    return "spot"


def _carry(request, member, obj, data):
    actions.carry_to_next_action(by=member, action=queries.next_action(member.crew))
    return "carried"


HOME = Page(
    "home",
    "crews/home.html",
    _home_context,
    {
        "spot": Op(_set_spot, lambda d, m: SpotForm(d), slot="spot_form", allowed=_lead),
        "carry": Op(_carry, allowed=_lead),
    },
)


# --- roles ---------------------------------------------------------------------------------


ROLE_GUIDANCE = {
    RoleKind.MEDIA: _(
        "Takes pictures and videos. Keeps faces out of the frame, or covers them before "
        "anything is shared."
    ),
    RoleKind.PRESS: _(
        "Calls local news tiplines before the day and speaks for the crew, without names."
    ),
    RoleKind.CHANTS: _("Picks the chants and leads them."),
    RoleKind.POSTERS: _("Makes posters and signs with the crew."),
    RoleKind.OUTREACH: _("Reaches crews at other schools, on the Other schools page."),
    RoleKind.SAFETY: _(
        "Knows the know-your-rights card, watches for trouble and keeps the group together."
    ),
}


def _roles_context(request, member, role_form=None):
    roles = queries.roles(member.crew)
    for role in roles:
        role.guidance = ROLE_GUIDANCE.get(role.kind)
    return {
        "roles": roles,
        "open_roles": sum(role.holder_id is None for role in roles),
        "members": queries.members(member.crew) if permissions.is_lead(member) else [],
        "role_form": role_form or RoleForm(),
    }


def _choose(data, member):
    return MemberChoiceForm(data, members=member.crew.members.all())


def _picked(member, data):
    pk = data.get("member")
    return member.crew.members.filter(pk=pk).first() if pk else None


def _take_role(request, member, role, data):
    actions.take_role(member=member, role=role)
    return "role"


def _release_role(request, member, role, data):
    actions.release_role(by=member, role=role)
    return "role"


def _assign_role(request, member, role, data):
    actions.assign_role(by=member, role=role, holder=_picked(member, data))
    return "role"


def _add_role(request, member, obj, data):
    actions.add_role(by=member, label=data["label"])
    return "role"


def _delete_role(request, member, role, data):
    actions.delete_role(by=member, role=role)
    return "role"


ROLES = Page(
    "roles",
    "crews/roles.html",
    _roles_context,
    {
        "take": Op(_take_role, model="roles"),
        "release": Op(
            _release_role,
            model="roles",
            allowed=permissions.can_release_role,
            refusal=_("Only its holder or a crew lead can open this role again."),
        ),
        "assign": Op(_assign_role, _choose, model="roles", allowed=_lead),
        "add": Op(_add_role, lambda d, m: RoleForm(d), slot="role_form", allowed=_lead),
        "delete": Op(_delete_role, model="roles", allowed=_lead),
    },
)


# --- the plan ------------------------------------------------------------------------------


def _plan_context(request, member, item_form=None):
    items = queries.plan(member.crew)
    return {
        "items": items,
        "done": sum(item.state == ItemState.DONE for item in items),
        "states": ItemState.choices,
        "members": queries.members(member.crew) if permissions.is_lead(member) else [],
        "item_form": item_form or ItemForm(),
    }


def _add_item(request, member, obj, data):
    actions.add_plan_item(member=member, text=data["text"])
    return "plan"


def _item_state(request, member, item, data):
    actions.set_item_state(member=member, item=item, state=data["state"])
    return "plan"


def _take_item(request, member, item, data):
    actions.take_item(member=member, item=item)
    return "plan"


def _assign_item(request, member, item, data):
    actions.assign_item(by=member, item=item, owner=_picked(member, data))
    return "plan"


def _delete_item(request, member, item, data):
    actions.delete_item(by=member, item=item)
    return "plan"


PLAN = Page(
    "plan",
    "crews/plan.html",
    _plan_context,
    {
        "add": Op(_add_item, lambda d, m: ItemForm(d), slot="item_form"),
        "state": Op(_item_state, lambda d, m: StateForm(d), model="plan_items"),
        "take": Op(_take_item, model="plan_items"),
        "assign": Op(_assign_item, _choose, model="plan_items"),
        "delete": Op(_delete_item, model="plan_items", allowed=_lead),
    },
)


# --- demands -------------------------------------------------------------------------------


def _demands_context(request, member, demand_form=None):
    demands = queries.demands(member.crew, member)
    proposed = {d.text.casefold() for d in demands}
    suggestions = [
        line
        for line in member.crew.walkout.action.lines("demands")
        if line.casefold() not in proposed
    ]
    return {
        "demands": demands,
        "suggestions": suggestions,
        "demand_form": demand_form or DemandForm(),
    }


def _propose(request, member, obj, data):
    actions.propose_demand(member=member, text=data["text"])
    return "proposed"


def _vote(request, member, demand, data):
    actions.vote(member=member, demand=demand)
    return "voted"


def _unvote(request, member, demand, data):
    actions.unvote(member=member, demand=demand)
    return "unvoted"


def _adopt(request, member, demand, data):
    actions.adopt_demand(by=member, demand=demand, adopted=True)
    return "demands"


def _drop(request, member, demand, data):
    actions.adopt_demand(by=member, demand=demand, adopted=False)
    return "demands"


def _delete_demand(request, member, demand, data):
    actions.delete_demand(by=member, demand=demand)
    return "demands"


DEMANDS = Page(
    "demands",
    "crews/demands.html",
    _demands_context,
    {
        "propose": Op(_propose, lambda d, m: DemandForm(d), slot="demand_form"),
        "vote": Op(_vote, model="demands"),
        "unvote": Op(_unvote, model="demands"),
        "adopt": Op(_adopt, model="demands", allowed=_lead),
        "drop": Op(_drop, model="demands", allowed=_lead),
        "delete": Op(_delete_demand, model="demands", allowed=_lead),
    },
)


# --- chants and poster ideas ---------------------------------------------------------------


def _ideas_context(request, member, idea_form=None):
    ideas = queries.ideas(member.crew)
    return {
        "library": queries.chant_library(member.crew.walkout.action),
        "chants": [idea for idea in ideas if idea.kind == IdeaKind.CHANT],
        "posters": [idea for idea in ideas if idea.kind == IdeaKind.POSTER],
        "idea_form": idea_form or IdeaForm(initial={"kind": IdeaKind.CHANT}),
    }


def _add_idea(request, member, obj, data):
    actions.add_idea(member=member, kind=data["kind"], text=data["text"])
    return "idea"


def _delete_idea(request, member, idea, data):
    actions.delete_idea(by=member, idea=idea)
    return "ideas"


IDEAS = Page(
    "ideas",
    "crews/ideas.html",
    _ideas_context,
    {
        "add": Op(_add_idea, lambda d, m: IdeaForm(d), slot="idea_form"),
        "delete": Op(_delete_idea, model="ideas", allowed=_lead),
    },
)


# --- the board -----------------------------------------------------------------------------


def _note_form(data, member):
    form = NoteForm(data)
    if not permissions.is_lead(member):
        del form.fields["decision"]
    return form


def _board_context(request, member, note_form=None):
    return {
        "notes": queries.notes(member.crew),
        "note_form": note_form or _note_form(None, member),
        "retain_days": getattr(settings, "WALKOUT_RETAIN_WALKOUT_DAYS", 30),
    }


def _post(request, member, obj, data):
    actions.post_note(member=member, text=data["text"], decision=data.get("decision", False))
    return "posted"


def _delete_note(request, member, note, data):
    actions.delete_note(by=member, note=note)
    return "note-deleted"


BOARD = Page(
    "board",
    "crews/board.html",
    _board_context,
    {
        "post": Op(_post, _note_form, slot="note_form"),
        "delete": Op(
            _delete_note,
            model="notes",
            allowed=permissions.can_delete_note,
            refusal=_("Only its author or a crew lead can delete this note."),
        ),
    },
)


home = _page_view(HOME)
roles = _page_view(ROLES)
plan = _page_view(PLAN)
demands = _page_view(DEMANDS)
ideas = _page_view(IDEAS)
board = _page_view(BOARD)
