"""The machinery every crew page shares: the link check, the ops table, and the
render-or-redirect of each write."""

from collections.abc import Callable
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from walkout.common import antispam
from walkout.crews import actions, permissions, queries
from walkout.crews.actions import CrewError, CrewForbidden
from walkout.crews.models import Member
from walkout.walkouts import queries as walkout_queries

TOO_MANY = _("Too many changes from this network in the last hour. Try again later.")
LEADS_ONLY = _("Only crew leads can do this.")
OUTREACH_ONLY = _("Only crew leads and whoever holds the other-schools role can do this.")
NOTICES = {
    "spot": _("Meeting spot saved."),
    "carried": _("Your crew moved to the next call. Its walkout is on the overview."),
    "role": _("Roles updated."),
    "plan": _("Plan updated."),
    "proposed": _("Demand proposed."),
    "voted": _("Vote counted."),
    "unvoted": _("Vote taken back."),
    "demands": _("Demands updated."),
    "idea": _("Added."),
    "ideas": _("Removed."),
    "posted": _("Note posted."),
    "note-deleted": _("Note deleted."),
    "requested": _("Request sent. They see your message, and your handle only if they accept."),
    "answered": _("Answer saved."),
    "people": _("Crew updated."),
    "revoked": _("Invite link revoked. It no longer works."),
}


@dataclass(frozen=True)
class Op:
    """One write a page accepts: `run(member, obj, data)` returns a notice code or a
    response. `model` names the crew relation holding the object POSTed as `id`; `slot` the
    page form that a bound form with errors replaces, so typed text is kept. `allowed`
    is checked first; when it says no, the page answers 403 with `refusal`."""

    run: Callable
    form: Callable | None = None
    model: str | None = None
    slot: str | None = None
    allowed: Callable[[Member, object], bool] | None = None
    refusal: str = LEADS_ONLY


@dataclass(frozen=True)
class Page:
    name: str
    template: str
    context: Callable
    ops: dict[str, Op] = field(default_factory=dict)


def _lead(member, obj) -> bool:
    return permissions.is_lead(member)


def _member_for(request, token) -> Member:
    request.noindex = True
    member = queries.member_by_token(token)
    if member is None:
        walkout = walkout_queries.walkout_for_organizer(token)
        if walkout is None:
            raise Http404
        actions.ensure_crew(walkout)  # walkouts registered before crews existed
        member = queries.member_by_token(token)
    return member


def _object(member: Member, relation: str, raw_id: str | None):
    try:
        pk = int(raw_id or "")
    except ValueError:
        raise Http404 from None
    obj = getattr(member.crew, relation).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _network_allows(request) -> bool:
    return antispam.within_limit(
        "crew-write", antispam.network_key(request), settings.WALKOUT_NETWORK_WRITES_PER_HOUR
    )


def _render(request, page: Page, member: Member, token: str, *, forms=None, error=None, status=200):
    context = {
        "member": member,
        "crew": member.crew,
        "walkout": member.crew.walkout,
        "token": token,
        "page": page.name,
        "notice": NOTICES.get(request.GET.get("ok", "")),
        "error": error,
        **page.context(request, member, **(forms or {})),
    }
    return render(request, page.template, context, status=status)


def _serve(request, token: str, page: Page):
    member = _member_for(request, token)
    if request.method != "POST":
        return _render(request, page, member, token)
    op = page.ops.get(request.POST.get("op", ""))
    if op is None:
        return HttpResponseBadRequest()
    obj = _object(member, op.model, request.POST.get("id")) if op.model else None
    if op.allowed is not None and not op.allowed(member, obj):
        return _render(request, page, member, token, error=op.refusal, status=403)
    form = op.form(request.POST, member) if op.form else None
    kept = {op.slot: form} if op.slot and form is not None else {}
    if form is not None and not form.is_valid():
        error = None if op.slot else " ".join(e for errors in form.errors.values() for e in errors)
        return _render(request, page, member, token, forms=kept, error=error)
    if not _network_allows(request):
        return _render(request, page, member, token, forms=kept, error=TOO_MANY, status=429)
    try:
        outcome = op.run(request, member, obj, form.cleaned_data if form else {})
    except CrewForbidden as refusal:
        return _render(request, page, member, token, error=str(refusal), status=403)
    except CrewError as problem:
        if kept and problem.field in form.fields:
            form.add_error(problem.field, str(problem))
            return _render(request, page, member, token, forms=kept)
        return _render(request, page, member, token, forms=kept, error=str(problem))
    if isinstance(outcome, HttpResponse):
        return outcome
    return redirect(f"{reverse(f'crews:{page.name}', args=[token])}?ok={outcome}")


def _show_link(request, member: Member, *, kind: str, token: str, viewer_token: str = ""):
    """A link shown once: a member's own (after joining or replacing it) or an invite."""
    request.noindex = True
    name = "crews:join" if kind == "invite" else "crews:home"
    link = request.build_absolute_uri(reverse(name, args=[token]))
    qr = segno.make(link, error="m").svg_data_uri(scale=4) if kind == "invite" else None
    context = {"kind": kind, "link": link, "qr": qr, "walkout": member.crew.walkout}
    context["back"] = reverse("crews:people", args=[viewer_token]) if viewer_token else None
    return render(request, "crews/link.html", context)


def _page_view(page: Page):
    @require_http_methods(["GET", "POST"])
    def view(request, token):
        return _serve(request, token, page)

    view.__name__ = page.name
    return view
