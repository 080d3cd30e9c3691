"""The hub's media queue: submitted photos and videos, approve or reject, oldest first."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from walkout.hubs.permissions import can_moderate, staff_required
from walkout.hubs.views.common import notify, paginate, render_hub
from walkout.media import actions, queries
from walkout.media.views.public import file_response


@staff_required(can=can_moderate)
@require_GET
def media_queue(request):
    items = queries.hub_queue(request.user.hub_id)
    page = paginate(request, items, per_page=12)
    return render_hub(
        request,
        "media/hub_queue.html",
        {"page": page, "items": list(page.object_list), "query": "?"},
        section="media",
    )


@staff_required(can=can_moderate)
@require_POST
def decide(request, public_id):
    item = queries.hub_item(request.user.hub_id, public_id)
    if item is None:
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        notify(request, _("Choose approve or reject."))
        return redirect("media_hub:queue")
    try:
        if decision == "approve":
            actions.approve(item, staff=request.user)
            notify(request, _("Approved. It is public from the walkout's start time."))
        else:
            actions.reject(item, staff=request.user)
            notify(request, _("Rejected and deleted."))
    except actions.MediaError as problem:
        notify(request, str(problem))
    return redirect("media_hub:queue")


@staff_required(can=can_moderate)
@require_GET
def staff_file(request, name):
    media_file = queries.hub_file(request.user.hub_id, name)
    if media_file is None:
        raise Http404
    return file_response(media_file)
