"""The day-of page (public, and the crew version behind a member's link), the
know-your-rights page, "we're out" and the after-action report.

Every write is a POST that redirects back, so every flow works without JavaScript.
Unknown, revoked and removed crew links get the same 404 (SAFETY.md requirement 23).
"""

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from walkout.campaigns import queries as campaign_queries
from walkout.common import antispam
from walkout.common.pagecache import cached_page
from walkout.crews import actions as crew_actions
from walkout.crews import queries as crew_queries
from walkout.day import actions, permissions, queries
from walkout.day.actions import DayError, DayForbidden
from walkout.day.forms import CheckinForm, ReportForm, SummaryForm
from walkout.day.models import CheckinState, SummaryStatus
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.models import WalkoutStatus
from walkout.walkouts.us_states import STATE_NAMES

TOO_MANY = _("Too many changes from this network in the last hour. Try again later.")
NOTICES = {
    "out": _("Marked: you're out. Stay together and stay safe."),
    "done": _("Marked done. Tell the hub how it went when you can."),
    "turnout": _("Turnout saved."),
    "report": _("Report saved. Thank you."),
    "summary": _("Summary sent to the hub. It appears on the walkout page once approved."),
    "withdrawn": _("Summary taken back."),
}


# --- public pages --------------------------------------------------------------------------


@cached_page(per_minute=True)
def day_page(request, public_id):
    """The public day-of page: no meeting spot, no crew chants (queries.day_context)."""
    walkout = walkout_queries.walkout_by_link(public_id)
    if walkout is None:
        raise Http404
    if walkout.status != WalkoutStatus.APPROVED:
        request.noindex = True
    return render(request, "day/day.html", queries.day_context(walkout))


@cached_page
def rights(request, campaign_slug, state=""):
    """Know your rights, with the campaign's hub's contacts for one state (and national)."""
    campaign = campaign_queries.public_campaign(campaign_slug)
    if campaign is None:
        raise Http404
    picked = request.GET.get("state", "")
    if not state and picked in STATE_NAMES:
        return redirect("day:rights_state", campaign_slug=campaign.slug, state=picked)
    if state and state not in STATE_NAMES:
        raise Http404
    context = {
        "campaign": campaign,
        "state": state,
        "state_name": STATE_NAMES.get(state, ""),
        "states": sorted(STATE_NAMES.items(), key=lambda kv: kv[1]),
        "contacts": queries.contacts_for(campaign.hub_id, state),
    }
    return render(request, "day/rights.html", context)


# --- the crew's pages ----------------------------------------------------------------------


def _member_for(request, token):
    request.noindex = True
    member = crew_queries.member_by_token(token)
    if member is None:
        walkout = walkout_queries.walkout_for_organizer(token)
        if walkout is None:
            raise Http404
        crew_actions.ensure_crew(walkout)
        member = crew_queries.member_by_token(token)
    return member


def _network_allows(request) -> bool:
    return antispam.within_limit(
        "crew-write", antispam.network_key(request), settings.WALKOUT_NETWORK_WRITES_PER_HOUR
    )


def _crew_base(request, member, token, page, error=None):
    return {
        "member": member,
        "crew": member.crew,
        "walkout": member.crew.walkout,
        "token": token,
        "page": page,
        "notice": NOTICES.get(request.GET.get("ok", "")),
        "error": error,
    }


def _render_day(request, member, token, *, checkin_form=None, error=None, status=200):
    walkout = member.crew.walkout
    context = queries.day_context(walkout, crew_member=member)
    checkin = context["checkin"]
    context.update(_crew_base(request, member, token, "day", error))
    opens, _closes = actions.checkin_window(walkout)
    context.update(
        {
            "can_check_in": permissions.can_check_in(member),
            "checkin_opens": SimpleNamespace(starts_at=opens, timezone=walkout.timezone),
            "checkin_form": checkin_form
            or CheckinForm(initial={"turnout": checkin.turnout if checkin else ""}),
            "walkout_on": walkout.status == WalkoutStatus.APPROVED,
        }
    )
    return render(request, "day/crew_day.html", context, status=status)


@require_http_methods(["GET", "POST"])
def crew_day(request, token):
    member = _member_for(request, token)
    if request.method != "POST":
        return _render_day(request, member, token)
    form = CheckinForm(request.POST)
    if not form.is_valid():
        return _render_day(
            request,
            member,
            token,
            checkin_form=form,
            error=_("Pick one of the choices."),
            status=400,
        )
    if not permissions.can_check_in(member):
        error = _("Only crew leads and whoever holds the safety role can do this.")
        return _render_day(request, member, token, error=error, status=403)
    if not _network_allows(request):
        return _render_day(request, member, token, error=TOO_MANY, status=429)
    before = queries.checkin_of(member.crew.walkout)
    try:
        checkin = actions.check_in(by=member, **form.cleaned_data)
    except DayForbidden as refusal:
        return _render_day(request, member, token, error=str(refusal), status=403)
    except DayError as problem:
        return _render_day(
            request, member, token, checkin_form=form, error=str(problem), status=400
        )
    same = before is not None and before.state == checkin.state
    code = "turnout" if same else ("out" if checkin.state == CheckinState.OUT else "done")
    return redirect(f"{reverse('day:crew_day', args=[token])}?ok={code}#checkin")


def _report_forms(report):
    initial = {}
    if report is not None:
        initial = {
            "turnout": report.turnout,
            "happened": report.unsealed("happened"),
            "coverage": "\n".join(report.coverage),
            "next_steps": report.unsealed("next_steps"),
        }
    return {
        "report_form": ReportForm(initial=initial),
        "summary_form": SummaryForm(initial={"summary": report.summary if report else ""}),
    }


def _render_report(request, member, token, *, forms=None, error=None, status=200):
    walkout = member.crew.walkout
    report = queries.report_of(walkout)
    context = _crew_base(request, member, token, "report", error)
    context.update(_report_forms(report))
    context.update(forms or {})
    context.update(
        {
            "report": report,
            "can_report": permissions.can_report(member),
            "started": queries.phase(walkout) != queries.BEFORE,
            "walkout_on": walkout.status == WalkoutStatus.APPROVED,
            "SummaryStatus": SummaryStatus,
        }
    )
    return render(request, "day/report.html", context, status=status)


@require_http_methods(["GET", "POST"])
def crew_report(request, token):
    member = _member_for(request, token)
    if request.method != "POST":
        return _render_report(request, member, token)
    op = request.POST.get("op", "")
    if op not in {"report", "summary", "withdraw"}:
        return HttpResponseBadRequest()
    if not permissions.can_report(member):
        return _render_report(
            request, member, token, error=_("Only crew leads can do this."), status=403
        )
    form, slot = None, None
    if op == "report":
        form, slot = ReportForm(request.POST), "report_form"
    elif op == "summary":
        form, slot = SummaryForm(request.POST), "summary_form"
    kept = {slot: form} if form is not None else {}
    if form is not None and not form.is_valid():
        return _render_report(request, member, token, forms=kept, status=400)
    if not _network_allows(request):
        return _render_report(request, member, token, forms=kept, error=TOO_MANY, status=429)
    try:
        if op == "report":
            data = form.cleaned_data
            actions.save_report(
                by=member,
                turnout=data["turnout"],
                happened=data["happened"],
                coverage=form.coverage_links(),
                next_steps=data["next_steps"],
            )
        elif op == "summary":
            actions.request_summary(by=member, summary=form.cleaned_data["summary"])
        else:
            actions.withdraw_summary(by=member)
    except DayForbidden as refusal:
        return _render_report(request, member, token, error=str(refusal), status=403)
    except DayError as problem:
        if form is not None and problem.field in form.fields:
            form.add_error(problem.field, str(problem))
            return _render_report(request, member, token, forms=kept, status=400)
        return _render_report(request, member, token, forms=kept, error=str(problem), status=400)
    code = {"report": "report", "summary": "summary", "withdraw": "withdrawn"}[op]
    return redirect(f"{reverse('day:crew_report', args=[token])}?ok={code}")
