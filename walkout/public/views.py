"""Public pages that read across campaigns and walkouts. No writes."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from walkout.campaigns import queries as campaign_queries
from walkout.campaigns.models import ActionStatus
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.us_states import STATE_NAMES


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    actions = list(campaign_queries.public_actions().order_by("-date"))
    upcoming = [a for a in actions if a.status == ActionStatus.OPEN]
    past = [a for a in actions if a.status == ActionStatus.CLOSED]
    return render(request, "public/home.html", {"upcoming": upcoming, "past": past})


def _action_or_404(campaign_slug, action_slug):
    action = campaign_queries.action_by_slugs(campaign_slug, action_slug)
    if action is None:
        raise Http404
    return action


def action_page(request, campaign_slug, action_slug):
    action = _action_or_404(campaign_slug, action_slug)
    counts = walkout_queries.state_counts(action)
    return render(
        request,
        "public/action.html",
        {
            "action": action,
            "total": sum(n for _, n in counts),
            "states": len(counts),
            "is_open": action.status == ActionStatus.OPEN,
            "today": timezone.now().date(),
        },
    )


def state_list(request, campaign_slug, action_slug):
    action = _action_or_404(campaign_slug, action_slug)
    rows = [
        {"code": code, "name": STATE_NAMES.get(code, code), "count": n}
        for code, n in walkout_queries.state_counts(action)
    ]
    rows.sort(key=lambda row: row["name"])
    return render(request, "public/states.html", {"action": action, "rows": rows})


def state_page(request, campaign_slug, action_slug, state):
    action = _action_or_404(campaign_slug, action_slug)
    state = state.upper()
    if state not in STATE_NAMES:
        raise Http404
    walkouts = walkout_queries.walkouts_in_state(action, state)
    return render(
        request,
        "public/state.html",
        {"action": action, "state": state, "state_name": STATE_NAMES[state], "walkouts": walkouts},
    )
