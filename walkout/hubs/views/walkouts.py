"""The console's walkouts: a filtered list, one walkout's page (its thread with the
organizers, featuring), and the hub's answers."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from walkout.hubs import queries, review
from walkout.hubs.actions import moderation, support
from walkout.hubs.forms import DecisionForm, FeatureForm, ReplyForm, WalkoutFilterForm
from walkout.hubs.permissions import can_feature, can_support, staff_required
from walkout.hubs.views.common import notify, paginate, query_string, render_hub, walkout_or_404
from walkout.walkouts.actions import WalkoutError


@staff_required
def walkout_list(request):
    hub = request.user.hub_id
    form = WalkoutFilterForm(request.GET or None, actions=queries.hub_actions(hub))
    filters = form.cleaned_data if form.is_valid() else {}
    walkouts = queries.console_walkouts(
        hub,
        action=filters.get("action"),
        status=filters.get("status", ""),
        state=filters.get("state", ""),
        featured=filters.get("featured", False),
    )
    page = paginate(request, walkouts, per_page=50)
    return render_hub(
        request,
        "hubs/walkouts.html",
        {"form": form, "page": page, "query": query_string(request, page="")},
        section="walkouts",
    )


def _walkout_page(request, walkout, *, reply_form=None, error=None, status=200):
    return render_hub(
        request,
        "hubs/walkout.html",
        {
            "walkout": walkout,
            "messages_": queries.thread(walkout) if can_support(request.user) else [],
            "signals": review.signals_for([walkout])[walkout.pk],
            "reply_form": reply_form or ReplyForm(),
            "decision_form": DecisionForm(),
            "error": error,
        },
        section="walkouts",
        status=status,
    )


@staff_required
def walkout_detail(request, public_id):
    return _walkout_page(request, walkout_or_404(request, public_id))


@staff_required(can=can_support)
@require_POST
def reply(request, public_id):
    walkout = walkout_or_404(request, public_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            support.reply_to_organizer(walkout, staff=request.user, body=form.cleaned_data["body"])
        except WalkoutError as error:
            form.add_error("body", str(error))
        else:
            notify(request, _("Sent. The organizer reads it on their page."))
            return redirect(reverse("hubs:walkout", args=[public_id]) + "#thread")
    return _walkout_page(request, walkout, reply_form=form, status=400)


@staff_required(can=can_feature)
@require_POST
def feature(request, public_id):
    walkout = walkout_or_404(request, public_id)
    form = FeatureForm(request.POST)
    if not form.is_valid():
        return _walkout_page(request, walkout, error=_("Choose to feature or not."), status=400)
    try:
        moderation.set_featured(walkout, staff=request.user, featured=form.cleaned_data["featured"])
    except WalkoutError as error:
        return _walkout_page(request, walkout, error=str(error), status=400)
    notify(
        request,
        _("Featured on the call's page.")
        if form.cleaned_data["featured"]
        else _("No longer featured."),
    )
    return redirect("hubs:walkout", public_id=public_id)
