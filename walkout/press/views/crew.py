"""The crew's press page: the tiplines near the school with a call script, the media
advisory, the press contact, and tipline suggestions for the hub.

Everyone in the crew reads it; the forms are for leads and the press role (press/permissions.py).
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from walkout.crews.views.base import TOO_MANY, _member_for, _network_allows
from walkout.press import actions, advisory, permissions, queries
from walkout.press.actions import PressError, PressForbidden
from walkout.press.forms import HandleForm, TiplineForm

NOTICES = {
    "handle": _("Press contact saved. It is on your media advisory."),
    "handle-removed": _("Press contact removed."),
    "suggested": _("Thanks! The hub looks at your suggestion before it joins the directory."),
}


def _context(request, member, token, *, handle_form=None, suggest_form=None, error=None):
    crew, walkout = member.crew, member.crew.walkout
    handle = queries.press_contact(crew)
    speaks = permissions.can_speak_to_press(member)
    advisory_url = (
        request.build_absolute_uri(reverse("press:advisory", args=[walkout.public_id]))
        if walkout.is_public
        else ""
    )
    return {
        "member": member,
        "crew": crew,
        "walkout": walkout,
        "token": token,
        "page": "press",
        "notice": NOTICES.get(request.GET.get("ok", "")),
        "error": error,
        "speaks": speaks,
        "handle": handle,
        "tiplines": queries.tiplines_for(walkout),
        "advisory_url": advisory_url,
        "scripts": advisory.call_scripts(walkout, advisory_url=advisory_url, contact=handle),
        "suggestions": queries.crew_suggestions(crew) if speaks else [],
        "handle_form": handle_form or HandleForm(initial={"handle": handle}),
        "suggest_form": suggest_form
        or TiplineForm(initial={"state": walkout.school.state, "metro": walkout.school.city}),
    }


def _run(request, member, op):
    """Bind the op's form and run its action; returns (notice code, forms with errors)."""
    if op == "handle":
        form = HandleForm(request.POST)
        if form.is_valid():
            actions.set_press_contact(by=member, handle=form.cleaned_data["handle"])
            return "handle", {}
        return None, {"handle_form": form}
    if op == "remove-handle":
        actions.remove_press_contact(by=member)
        return "handle-removed", {}
    form = TiplineForm(request.POST)
    if form.is_valid():
        actions.suggest_tipline(by=member, data=form.cleaned_data)
        return "suggested", {}
    return None, {"suggest_form": form}


@require_http_methods(["GET", "POST"])
def press_page(request, token):
    member = _member_for(request, token)
    if request.method != "POST":
        return render(request, "press/crew.html", _context(request, member, token))
    op = request.POST.get("op", "")
    if op not in ("handle", "remove-handle", "suggest"):
        return HttpResponseBadRequest()
    if not permissions.can_speak_to_press(member):
        error = _("Only crew leads and whoever holds the press role can do this.")
        return render(
            request, "press/crew.html", _context(request, member, token, error=error), status=403
        )
    if not _network_allows(request):
        context = _context(request, member, token, error=TOO_MANY)
        return render(request, "press/crew.html", context, status=429)
    slot = "handle_form" if op == "handle" else "suggest_form"
    try:
        notice, forms = _run(request, member, op)
    except PressForbidden as refusal:
        context = _context(request, member, token, error=str(refusal))
        return render(request, "press/crew.html", context, status=403)
    except PressError as problem:
        form = HandleForm(request.POST) if op == "handle" else TiplineForm(request.POST)
        form.is_valid()
        if problem.field and problem.field in form.fields:
            form.add_error(problem.field, str(problem))
            context = _context(request, member, token, **{slot: form})
        else:
            context = _context(request, member, token, error=str(problem), **{slot: form})
        return render(request, "press/crew.html", context)
    # Refused input comes back with 200, as on every crew page (htmx swaps 2xx only).
    if notice is None:
        return render(request, "press/crew.html", _context(request, member, token, **forms))
    return redirect(f"{reverse('press:crew', args=[token])}?ok={notice}")
