"""Anonymous "I'm in" (docs/decisions/0009-anonymous-rsvp.md).

The walkout page is cached and shared by everyone, so it shows the count and a link here.
This page is per browser (it holds a form stamp, a CSRF token and this browser's state):

* without JavaScript, GET shows the "I'm in" (or "I'm not in anymore") button; POST acts
  and redirects back here (303), so a reload never sends twice;
* with JavaScript (walkout/static/walkout/rsvp.js), the walkout page fetches this view's
  fragment (`HX-Request: true`), solves the proof of work and posts it in place.

Nothing here calls `pagecache.bump_version()`: the cached walkout page is keyed per minute,
so its count is at most a minute old, and this view always shows the live count.
"""

from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from walkout.outreach import actions, limits, queries, receipts
from walkout.outreach.forms import RsvpForm

TOO_MANY = gettext_lazy(
    "Too many RSVPs from this network or to this walkout in the last hour. "
    "Nothing was counted: try again later."
)
NO_RECEIPT = gettext_lazy(
    "This browser has no RSVP to take back for this walkout (it may have been closed since). "
    "Nothing was changed."
)
UNKNOWN_OP = gettext_lazy("Choose “I'm in” or “I'm not in anymore”. Nothing was changed.")


def _fragment_wanted(request) -> bool:
    return bool(getattr(request, "htmx", False))


@require_http_methods(["GET", "POST"])
def rsvp(request, public_id):
    walkout = queries.rsvp_walkout(public_id)
    if walkout is None:
        raise Http404
    request.noindex = True
    held = receipts.read(request)
    error, status, done = "", 200, None
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op == "in":
            error, status, token = _say_in(request, walkout, RsvpForm(request.POST), held)
            if token:
                held[walkout.public_id] = token
                done = "in"
        elif op == "out":
            error, status, gone = _take_back(walkout, held)
            if gone:
                held.pop(walkout.public_id, None)
                done = "out"
        else:
            error, status = str(UNKNOWN_OP), 400
        if done and not _fragment_wanted(request):
            response = HttpResponseRedirect(
                reverse("outreach:rsvp", args=[walkout.public_id]) + f"?done={done}"
            )
            response.status_code = 303
            receipts.write(response, held)
            return response
    elif request.GET.get("done") in ("in", "out"):
        done = request.GET["done"]
    receipt = held.get(walkout.public_id, "")
    is_open = queries.takes_rsvps(walkout)
    is_in = (request.method == "POST" and done == "in") or (
        bool(receipt) and queries.receipt_is_live(walkout, receipt)
    )
    context = {
        "walkout": walkout,
        # A fresh form (a fresh stamp) whenever the button is shown.
        "form": RsvpForm() if is_open and not is_in else None,
        "count": queries.rsvp_count(walkout),
        "is_open": is_open,
        "is_in": is_in,
        "error": error,
        "done": done,
    }
    template = "outreach/_rsvp_live.html" if _fragment_wanted(request) else "outreach/rsvp.html"
    response = render(request, template, context, status=status)
    if done:
        receipts.write(response, held)
    return response


def _say_in(request, walkout, form, held) -> tuple[str, int, str]:
    """(error, status, receipt): a receipt when the RSVP was counted."""
    receipt = held.get(walkout.public_id, "")
    if receipt and queries.receipt_is_live(walkout, receipt):
        return "", 200, receipt  # already in: counted once, whatever the clicks
    if not queries.takes_rsvps(walkout):
        return str(actions.NOT_OPEN), 409, ""
    # One transaction for the stamp, the limit counters (the shared cache is a table in
    # SQLite mode) and the count: one write lock per RSVP instead of six.
    with transaction.atomic():
        return _count_in(request, walkout, form)


def _count_in(request, walkout, form) -> tuple[str, int, str]:
    if not form.is_valid():
        return form.first_error, 400, ""
    if not limits.allows_rsvp(request, walkout, work_done=form.work_done):
        return str(TOO_MANY), 429, ""
    try:
        return "", 200, actions.say_in(walkout)
    except actions.RsvpError as problem:
        return str(problem), 409, ""


def _take_back(walkout, held) -> tuple[str, int, bool]:
    receipt = held.get(walkout.public_id, "")
    if not receipt:
        return str(NO_RECEIPT), 400, False
    if not limits.allows_take_back(walkout):
        return str(TOO_MANY), 429, False
    if not actions.take_back(walkout, receipt):
        return str(NO_RECEIPT), 400, False
    return "", 200, True
