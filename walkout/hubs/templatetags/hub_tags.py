"""The hub's parts of the organizer page, and console helpers.

The organizer page includes `{% hub_notices walkout %}` (changes asked, a merge, the hub's
announcements) and `{% organizer_support walkout token %}` (the thread with the hub and the
form to write to it), so that walkouts/views.py does not need to know about the hub.
"""

from django import template

from walkout.hubs import queries
from walkout.hubs.forms import MessageForm
from walkout.hubs.models import ChangeRequest, Merge
from walkout.hubs.phrases import AUDIT_VERBS
from walkout.walkouts.models import WalkoutStatus

register = template.Library()


@register.inclusion_tag("hubs/_organizer_notices.html")
def hub_notices(walkout):
    """Two queries: the change asked (pending) or the merge (rejected), and announcements."""
    change = merge = None
    if walkout.status == WalkoutStatus.PENDING:
        change = ChangeRequest.objects.filter(walkout=walkout).first()
    elif walkout.status == WalkoutStatus.REJECTED:
        merge = Merge.objects.filter(walkout=walkout).select_related("kept").first()
    return {
        "change": change,
        "merge": merge,
        "announcements": queries.announcements_for(walkout.action),
    }


@register.inclusion_tag("hubs/_organizer_support.html", takes_context=True)
def organizer_support(context, walkout, token, form=None):
    return {
        "walkout": walkout,
        "token": token,
        "thread": queries.thread(walkout),
        "form": form or MessageForm(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def audit_verb(verb: str) -> str:
    return AUDIT_VERBS.get(verb, verb)
