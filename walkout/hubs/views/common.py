"""What every console page shares: the navigation by capability, a one-time notice, pages."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from walkout.hubs import queries
from walkout.hubs.permissions import capabilities

NOTICE = "hub_notice"
PER_PAGE = 25


def render_hub(request, template, context=None, *, section="", status=200):
    context = {
        "caps": capabilities(request.user),
        "section": section,
        "hub_notice": request.session.pop(NOTICE, None),
        **(context or {}),
    }
    return render(request, template, context, status=status)


def notify(request, text: str) -> None:
    """A line shown once on the next console page (kept in the staff session, no cookie)."""
    request.session[NOTICE] = str(text)


def paginate(request, items, per_page=PER_PAGE, number=None):
    return Paginator(items, per_page).get_page(number or request.GET.get("page"))


def query_string(request, **changes) -> str:
    """The current query string with some parameters changed (for page links)."""
    params = {k: v for k, v in request.GET.items() if v}
    params.update({k: v for k, v in changes.items() if v})
    for key in [k for k, v in changes.items() if not v]:
        params.pop(key, None)
    return "?" + urlencode(params) if params else "?"


def walkout_or_404(request, public_id):
    walkout = queries.hub_walkout(request.user.hub_id, public_id)
    if walkout is None:
        raise Http404
    return walkout
