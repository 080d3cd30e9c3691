"""Reaching other schools, the people of the crew and their links, and joining."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from walkout.common import antispam
from walkout.crews import actions, permissions, queries
from walkout.crews.actions import CrewError
from walkout.crews.forms import (
    AnswerForm,
    ConnectForm,
    DeleteCrewForm,
    InviteForm,
    JoinForm,
    LeaveForm,
)
from walkout.crews.views.base import (
    OUTREACH_ONLY,
    Op,
    Page,
    _lead,
    _page_view,
    _show_link,
)
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.models import WalkoutStatus
from walkout.walkouts.nearby import KM_PER_MILE

# --- other schools -------------------------------------------------------------------------


def _reach(member, obj) -> bool:
    return permissions.can_reach_out(member)


def _schools_context(request, member, connect_form=None, answer_form=None):
    crew = member.crew
    can_reach = permissions.can_reach_out(member)
    connections = queries.connections(crew)
    answer_for = int(request.POST.get("id", 0) or 0) if answer_form is not None else None
    for c in connections:
        if can_reach:
            c.message_text = c.unsealed("message")
            c.from_handle_text = c.unsealed("from_handle")
            c.to_handle_text = c.unsealed("to_handle")
            c.answer_form = AnswerForm(auto_id=f"id_%s_{c.pk}")
    linked = {c.to_crew.walkout_id for c in connections}
    linked |= {c.from_crew.walkout_id for c in connections}
    nearby = [
        {"walkout": near.walkout, "miles": round(near.distance_km / KM_PER_MILE)}
        for near in queries.nearby_walkouts(crew.walkout)
    ]
    target = None
    if can_reach:
        wanted = connect_form.data.get("walkout") if connect_form else request.GET.get("to")
        target = next(
            (n["walkout"] for n in nearby if n["walkout"].public_id == wanted),
            None,
        )
        target = None if target is None or target.pk in linked else target
    return {
        "can_reach": can_reach,
        "listed": crew.walkout.status == WalkoutStatus.APPROVED,
        "nearby": nearby,
        "linked": linked,
        "connections": connections,
        "target": target,
        "connect_form": connect_form
        or ConnectForm(initial={"walkout": target.public_id if target else ""}),
        "answer_form": answer_form,
        "answer_for": answer_for,
    }


def _request(request, member, obj, data):
    walkout = walkout_queries.walkout_by_link(data["walkout"])
    if walkout is None:
        raise CrewError(_("That walkout is not listed."))
    actions.request_connection(
        by=member, walkout=walkout, message=data["message"], handle=data["handle"]
    )
    return "requested"


def _accept(request, member, connection, data):
    actions.answer_connection(by=member, connection=connection, accept=True, handle=data["handle"])
    return "answered"


def _decline(request, member, connection, data):
    actions.answer_connection(by=member, connection=connection, accept=False)
    return "answered"


SCHOOLS = Page(
    "schools",
    "crews/schools.html",
    _schools_context,
    {
        "request": Op(
            _request,
            lambda d, m: ConnectForm(d),
            slot="connect_form",
            allowed=_reach,
            refusal=OUTREACH_ONLY,
        ),
        "accept": Op(
            _accept,
            lambda d, m: AnswerForm(d, auto_id=f"id_%s_{d.get('id', '')}"),
            model="received_connections",
            slot="answer_form",
            allowed=_reach,
            refusal=OUTREACH_ONLY,
        ),
        "decline": Op(
            _decline, model="received_connections", allowed=_reach, refusal=OUTREACH_ONLY
        ),
    },
)


# --- people: members, invites, your own link -----------------------------------------------


def _people_context(request, member, invite_form=None):
    today = timezone.now().date()
    invites = queries.invites(member.crew) if permissions.is_lead(member) else []
    for invite in invites:
        invite.usable = invite.usable_on(today)
    return {
        "members": list(member.crew.members.prefetch_related("roles")),
        "invites": invites,
        "invite_form": invite_form or InviteForm(),
    }


def _invite(request, member, obj, data):
    token = actions.create_invite(by=member, max_uses=data["max_uses"], days=data["days"])
    return _show_link(request, member, kind="invite", token=token, viewer_token=_token(request))


def _revoke(request, member, invite, data):
    actions.revoke_invite(by=member, invite=invite)
    return "revoked"


def _rotate(request, member, invite, data):
    token = actions.rotate_invite(by=member, invite=invite)
    return _show_link(request, member, kind="invite", token=token, viewer_token=_token(request))


def _promote(request, member, other, data):
    actions.promote(by=member, member=other)
    return "people"


def _remove(request, member, other, data):
    actions.remove_member(by=member, member=other)
    return "people"


def _leave(request, member, obj, data):
    actions.leave_crew(member=member)
    return render(request, "crews/left.html")


def _delete_crew(request, member, obj, data):
    actions.delete_crew(member.crew)
    return render(request, "crews/deleted.html")


def _new_link(request, member, obj, data):
    token = actions.replace_member_link(member=member)
    return _show_link(request, member, kind="member", token=token)


def _token(request) -> str:
    return request.resolver_match.kwargs["token"]


PEOPLE = Page(
    "people",
    "crews/people.html",
    _people_context,
    {
        "invite": Op(_invite, lambda d, m: InviteForm(d), slot="invite_form", allowed=_lead),
        "revoke": Op(_revoke, model="invites", allowed=_lead),
        "rotate": Op(_rotate, model="invites", allowed=_lead),
        "promote": Op(_promote, model="members", allowed=_lead),
        "remove": Op(_remove, model="members", allowed=_lead),
        "leave": Op(_leave, lambda d, m: LeaveForm(d)),
        "delete_crew": Op(_delete_crew, lambda d, m: DeleteCrewForm(d), allowed=_lead),
        "new_link": Op(_new_link),
    },
)


schools = _page_view(SCHOOLS)
people = _page_view(PEOPLE)


# --- joining with an invite ----------------------------------------------------------------


TOO_MANY_JOINS = _("Too many forms from this network in the last hour. Try again later.")


@require_http_methods(["GET", "POST"])
def join(request, token):
    """Pick a nickname and join. Unknown and revoked invites get the 404 every bad link gets;
    an expired or used-up one says so, without naming the crew."""
    request.noindex = True
    invite = queries.invite_by_token(token)
    if invite is None:
        raise Http404
    if not invite.usable_on(timezone.now().date()):
        return render(request, "crews/stale_invite.html", status=410)
    form = JoinForm(request.POST or None)
    context = {"form": form, "walkout": invite.crew.walkout}
    if request.method == "POST" and form.is_valid():
        if not antispam.network_allows_write(request, work_done=form.work_done):
            form.add_error(None, TOO_MANY_JOINS)
            return render(request, "crews/join.html", context, status=429)
        try:
            member, member_token = actions.join_crew(
                invite=invite, pseudonym=form.cleaned_data["pseudonym"]
            )
        except CrewError as problem:
            form.add_error(problem.field, str(problem))
        else:
            return _show_link(request, member, kind="member", token=member_token)
    # 400 when the anti-spam checks refused the form (requirement 45), as walkouts/views.py.
    return render(request, "crews/join.html", context, status=400 if form.refused else 200)
