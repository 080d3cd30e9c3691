"""Organizer support: the hub's inbox of threads, its announcements, and the organizer's
side of the thread, reached through the organizer's secret link (no account, no e-mail)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.hubs import queries
from walkout.hubs.actions import support
from walkout.hubs.forms import AnnouncementForm, MessageForm
from walkout.hubs.models import Announcement
from walkout.hubs.permissions import can_announce, can_support, staff_required
from walkout.hubs.views.common import notify, paginate, render_hub
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.actions import WalkoutError


@staff_required(can=can_support)
def inbox(request):
    waiting_only = request.GET.get("show") != "all"
    threads = queries.support_threads(request.user.hub_id, waiting_only=waiting_only)
    return render_hub(
        request,
        "hubs/support.html",
        {"page": paginate(request, threads), "waiting_only": waiting_only},
        section="support",
    )


def _announcement_form(request, data=None):
    return AnnouncementForm(data, actions=queries.hub_actions(request.user.hub_id))


@staff_required(can=can_announce)
@require_http_methods(["GET", "POST"])
def announcements(request):
    form = _announcement_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support.announce(
                action=data["action"],
                staff=request.user,
                body=data["body"],
                body_es=data["body_es"],
            )
        except WalkoutError as error:
            form.add_error(error.field, str(error))
        else:
            notify(request, _("Posted. Every organizer of this call sees it on their page."))
            return redirect("hubs:announcements")
    posted = paginate(request, queries.announcements(request.user.hub_id))
    status = 400 if form.is_bound else 200
    return render_hub(
        request,
        "hubs/announcements.html",
        {"form": form, "page": posted},
        section="announcements",
        status=status,
    )


@staff_required(can=can_announce)
@require_POST
def withdraw(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk, action__campaign__hub=request.user.hub_id)
    support.withdraw_announcement(announcement, staff=request.user)
    notify(request, _("Withdrawn. Organizers no longer see it."))
    return redirect("hubs:announcements")


# --- the organizer's side -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def organizer_thread(request, token):
    """The organizer writes to the hub. Unknown, rotated and malformed links get the same 404.

    On success the organizer goes back to their page, where the thread is; a refused message
    is shown again here with the reason and the text kept.
    """
    request.noindex = True
    walkout = walkout_queries.walkout_for_organizer(token)
    if walkout is None:
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support.write_to_hub(walkout, body=form.cleaned_data["body"])
        except WalkoutError as error:
            form.add_error("body", str(error))
        else:
            return redirect(reverse("walkouts:organizer", args=[token]) + "#support")
    return render(
        request,
        "hubs/organizer_thread.html",
        {"walkout": walkout, "token": token, "form": form},
        status=400 if form.is_bound else 200,
    )
