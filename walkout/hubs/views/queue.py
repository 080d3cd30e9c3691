"""The moderation queue: one form per item, and after each decision the next item.

After a decision the queue reopens at the next item (`?focus=<id>`): its heading has the focus
(`autofocus`, which also scrolls it into view), so Tab reaches its buttons at once, without
access keys or JavaScript.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from walkout.hubs import queries
from walkout.hubs.actions import moderation
from walkout.hubs.forms import DecisionForm, MergeForm
from walkout.hubs.permissions import can_moderate, landing_page, staff_required
from walkout.hubs.queue import KINDS, kind_named
from walkout.hubs.views.common import PER_PAGE, notify, paginate, render_hub, walkout_or_404
from walkout.walkouts.actions import WalkoutError

DONE = {
    "approve": gettext_lazy("Approved: %(school)s."),
    "trust": gettext_lazy("Approved, organizer trusted: %(school)s."),
    "reject": gettext_lazy("Rejected: %(school)s."),
    "changes": gettext_lazy("Sent back for changes: %(school)s."),
}


def _queue_page(request, *, tab: str, focus=None, error=None, status=200):
    """One page of the queue; with `focus`, the page holding that item."""
    hub = request.user.hub_id
    kind = kind_named(request.GET.get("kind", ""))
    to_review, waiting = kind.to_review(hub), kind.waiting(hub)
    items = waiting if tab == "waiting" else to_review
    number = request.GET.get("page")
    if focus is not None and tab == "review" and focus.status == "pending":
        number = queries.position_in_queue(to_review, focus) // PER_PAGE + 1
    # Ids first, then the rows: a deep page skips thousands of ids, not thousands of joined
    # rows with their annotations (30,000 walkouts: bench/hub_queue.py).
    page = paginate(request, items.values_list("pk", flat=True), number=number)
    by_id = items.in_bulk(list(page.object_list))
    rows = [by_id[pk] for pk in page.object_list if pk in by_id]
    signals = kind.signals(rows) if tab == "review" else {}
    for row in rows:
        row.signals = signals.get(row.pk)
    counts = {
        "review": page.paginator.count if tab == "review" else to_review.count(),
        "waiting": page.paginator.count if tab == "waiting" else waiting.count(),
    }
    return render_hub(
        request,
        "hubs/queue.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "tab": tab,
            "page": page,
            "pending": rows,
            "counts": counts,
            "focus": focus.public_id if focus is not None else request.GET.get("focus", ""),
            "error": error,
        },
        section="queue",
        status=status,
    )


@staff_required
def queue(request):
    if not can_moderate(request.user):
        return redirect(landing_page(request.user))
    tab = "waiting" if request.GET.get("tab") == "waiting" else "review"
    focus = request.GET.get("focus")
    focus = queries.hub_walkout(request.user.hub_id, focus) if focus else None
    return _queue_page(request, tab=tab, focus=focus)


def _to_next(request, decided, notice: str):
    notify(request, notice)
    following = queries.next_in_queue(queries.review_queue(request.user.hub_id), decided)
    if following is None:
        return redirect("hubs:queue")
    url = reverse("hubs:queue")
    # No #fragment: browsers skip `autofocus` when the address targets an element.
    return redirect(f"{url}?focus={following.public_id}")


def _refused(request, walkout, error: str):
    """The queue again, at the item, with the reason and what was typed (HTTP 400)."""
    error = {"for": walkout.public_id, "text": error, "typed": request.POST.get("reason", "")}
    return _queue_page(request, tab="review", focus=walkout, error=error, status=400)


@staff_required(can=can_moderate)
@require_POST
def decide(request, public_id):
    walkout = walkout_or_404(request, public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, walkout, " ".join(e for es in form.errors.values() for e in es))
    decision = form.cleaned_data["decision"]
    try:
        moderation.decide(
            walkout, staff=request.user, decision=decision, message=form.cleaned_data["reason"]
        )
    except WalkoutError as error:
        return _refused(request, walkout, str(error))
    return _to_next(request, walkout, DONE[decision] % {"school": walkout.school.name})


@staff_required(can=can_moderate)
@require_POST
def merge(request, public_id):
    """Merge the walkout `public_id` (rejected as a duplicate) into the one named `keep`."""
    drop = walkout_or_404(request, public_id)
    form = MergeForm(request.POST)
    keep = queries.hub_walkout(request.user.hub_id, form.data.get("keep", ""))
    if keep is None:
        return _refused(request, drop, _("Choose the walkout to keep."))
    try:
        moderation.merge(drop=drop, keep=keep, staff=request.user)
    except WalkoutError as error:
        return _refused(request, drop, str(error))
    notice = _(
        "Merged: the duplicate at %(school)s was rejected; its organizer is pointed to the "
        "walkout kept."
    ) % {"school": drop.school.name}
    return _to_next(request, drop, notice)
