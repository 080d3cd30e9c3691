"""Starting a walkout, its public page, and its organizer's page (behind the secret link)."""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from walkout.campaigns import queries as campaign_queries
from walkout.campaigns.models import ActionStatus
from walkout.common import antispam
from walkout.common.pagecache import cached_page
from walkout.crews import actions as crew_actions
from walkout.crews import queries as crew_queries
from walkout.walkouts import actions, calendar, queries
from walkout.walkouts.countdown import countdown
from walkout.walkouts.forms import (
    AddSchoolForm,
    EditWalkoutForm,
    RegisterWalkoutForm,
    SchoolSearchForm,
)
from walkout.walkouts.models import School, Walkout, WalkoutStatus
from walkout.walkouts.timing import local_instant

TOO_MANY_WRITES = gettext_lazy(
    "Too many walkouts from this network in the last hour. Try again later."
)
TOO_MANY_CHANGES = gettext_lazy(
    "Too many changes to this walkout in the last hour. Nothing was changed: try again later."
)


def _open_action(public_id):
    action = campaign_queries.action_by_public_id(public_id)
    if action is None:
        raise Http404
    return action


def _network_allows(request, form) -> bool:
    return antispam.network_allows_write(request, work_done=form.work_done)


def _form_status(form) -> int:
    """400 when the anti-spam checks refused the form (requirement 45), else 200."""
    return 400 if form.refused else 200


def start(request):
    """Step 1: pick the call and find the school."""
    open_actions = campaign_queries.open_actions()
    chosen = campaign_queries.action_by_public_id(request.GET.get("action", ""))
    if chosen is None and len(open_actions) == 1:
        chosen = open_actions[0]
    form = SchoolSearchForm(request.GET if "q" in request.GET else None)
    schools = queries.search_schools(form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "walkouts/start.html",
        {"open_actions": open_actions, "action": chosen, "form": form, "schools": schools},
    )


@require_http_methods(["GET", "POST"])
def add_school(request, action_id):
    """Step 1b: a school missing from the directory, located by its ZIP code."""
    action = _open_action(action_id)
    form = AddSchoolForm(request.POST or None)
    context = {"action": action, "form": form}
    if request.method == "POST" and form.is_valid():
        if not _network_allows(request, form):
            form.add_error(None, TOO_MANY_WRITES)
            return render(request, "walkouts/add_school.html", context, status=429)
        try:
            school = actions.add_school(
                **{k: form.cleaned_data[k] for k in ("name", "kind", "zip_code")}
            )
        except actions.WalkoutError as error:
            form.add_error(error.field, str(error))
        else:
            return redirect("walkouts:register", action_id=action.public_id, school_id=school.pk)
    return render(request, "walkouts/add_school.html", context, status=_form_status(form))


@require_http_methods(["GET", "POST"])
def register(request, action_id, school_id):
    """Step 2: the walkout's details; the response shows the organizer link, once."""
    action = _open_action(action_id)
    school = get_object_or_404(School, pk=school_id)
    existing = queries.approved_walkout_at(action, school)
    form = RegisterWalkoutForm(request.POST or None)
    is_open = action.status == ActionStatus.OPEN
    when = Walkout(
        starts_at=local_instant(action.date, action.local_time, school.timezone),
        timezone=school.timezone,
    )
    context = {
        "action": action,
        "school": school,
        "existing": existing,
        "form": form,
        "is_open": is_open,
        "when": when,
    }
    if request.method == "POST" and existing is None and form.is_valid():
        if not _network_allows(request, form):
            form.add_error(None, TOO_MANY_WRITES)
            return render(request, "walkouts/register.html", context, status=429)
        try:
            # One transaction: a failure after the walkout is saved must not leave a walkout
            # whose organizer link was never shown.
            with transaction.atomic():
                walkout, token = actions.register_walkout(
                    action=action, school=school, **_details(form.cleaned_data)
                )
                crew_actions.ensure_crew(walkout)  # the organizer is its first lead
        except actions.WalkoutError as error:
            form.add_error(None, str(error))
        else:
            return _show_link(request, walkout, token, new=True)
    return render(request, "walkouts/register.html", context, status=_form_status(form))


def _details(data):
    return {
        k: data[k]
        for k in ("description", "organizer_pseudonym", "meeting_spot", "organizer_notes")
    }


def _show_link(request, walkout, token, *, new):
    request.noindex = True
    url = request.build_absolute_uri(reverse("walkouts:organizer", args=[token]))
    return render(request, "walkouts/save_link.html", {"walkout": walkout, "link": url, "new": new})


@cached_page(per_minute=True)
def walkout_page(request, public_id):
    walkout = queries.walkout_by_link(public_id)
    if walkout is None:
        raise Http404
    if walkout.status != WalkoutStatus.APPROVED:
        request.noindex = True
    return render(
        request,
        "walkouts/walkout.html",
        {
            "walkout": walkout,
            "action": walkout.action,
            "countdown": countdown(walkout.starts_at, timezone.now()),
            "adopted_demands": crew_queries.adopted_demands(walkout),
        },
    )


@cached_page
def walkout_calendar(request, public_id):
    """The walkout as an iCalendar event in its school's time zone (listed walkouts only)."""
    walkout = queries.listed_walkouts().filter(public_id=public_id).first()
    if walkout is None:
        raise Http404
    url = request.build_absolute_uri(reverse("walkouts:walkout", args=[public_id]))
    summary = _("Walkout at %(school)s") % {"school": walkout.school.name}
    body = calendar.walkout_calendar(walkout, summary=summary, url=url)
    return calendar.calendar_response(body, f"walkout-{public_id}.ics")


@require_http_methods(["GET", "POST"])
def organizer(request, token):
    """The organizer's page. Unknown, rotated and malformed links all get the same 404."""
    request.noindex = True
    walkout = queries.walkout_for_organizer(token)
    if walkout is None:
        raise Http404
    op = request.POST.get("op")
    initial = {
        k: getattr(walkout, k)
        for k in ("description", "organizer_pseudonym", "meeting_spot", "organizer_notes")
    }
    notice, status = None, 200
    if op and not antispam.object_allows_write("walkout", walkout.public_id):
        op, notice, status = None, TOO_MANY_CHANGES, 429
    form = EditWalkoutForm(request.POST if op == "edit" else None, initial=initial)
    if op == "delete" and request.POST.get("confirm") == "yes":
        actions.delete_walkout(walkout)
        return render(request, "walkouts/deleted.html", {"walkout": walkout})
    if op == "delete":
        notice = _("Tick the box to confirm that you want to delete the walkout.")
    if op == "rotate":
        return _show_link(request, walkout, actions.rotate_organizer_link(walkout), new=False)
    if op == "cancel" and request.POST.get("confirm") == "yes":
        try:
            actions.cancel_walkout(walkout)
        except actions.WalkoutError as error:
            notice = str(error)
        else:
            notice = _("Your walkout is cancelled. Its page now says so.")
    elif op == "cancel":
        notice = _("Tick the box to confirm that you want to cancel.")
    elif op == "edit" and form.is_valid():
        try:
            back = actions.update_walkout(walkout, **_details(form.cleaned_data))
        except actions.WalkoutError as error:
            form.add_error(None, str(error))
        else:
            notice = (
                _("Saved. Public changes go back to review before they are listed again.")
                if back
                else _("Saved.")
            )
    return render(
        request,
        "walkouts/organizer.html",
        {
            "walkout": walkout,
            "action": walkout.action,
            "form": form,
            "notice": notice,
            "token": token,
            "retain_days": settings.WALKOUT_RETAIN_WALKOUT_DAYS,
        },
        status=status,
    )
