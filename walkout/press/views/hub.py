"""The hub's news tipline directory: list by state, add, edit, deactivate, and the crews'
suggestions to approve or reject. Every staff role reads it; admins and moderators change it."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.hubs.permissions import staff_required
from walkout.hubs.views.common import notify, paginate, query_string, render_hub
from walkout.press import actions, permissions, queries
from walkout.press.actions import PressError
from walkout.press.forms import StateFilterForm, TiplineForm

FIELDS = ("outlet", "state", "metro", "channel", "tipline", "language", "notes")


@staff_required(can=permissions.can_view_tiplines)
def tipline_list(request):
    hub = request.user.hub_id
    filters = StateFilterForm(request.GET or None)
    state, show = "", "active"
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        show = filters.cleaned_data["show"] or "active"
    tiplines = queries.directory(hub, state=state, show=show)
    editable = permissions.can_edit_tiplines(request.user)
    context = {
        "filters": filters if filters.is_bound else StateFilterForm(),
        "page": paginate(request, tiplines),
        "query": query_string(request, page=""),
        "editable": editable,
        "pending_count": queries.pending_suggestions(hub).count() if editable else 0,
        "filtered": bool(state) or show != "active",
    }
    return render_hub(request, "press/hub_tiplines.html", context, section="tiplines")


def _save(request, form, run):
    """Run `run(data)` on a valid form; on PressError put the reason on its field."""
    if not form.is_valid():
        return False
    try:
        run(form.cleaned_data)
    except PressError as problem:
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        return False
    return True


@staff_required(can=permissions.can_edit_tiplines)
@require_http_methods(["GET", "POST"])
def tipline_form(request, pk=None):
    tipline = None
    if pk is not None:
        tipline = queries.hub_tipline(request.user.hub_id, pk)
        if tipline is None:
            raise Http404
    initial = {name: getattr(tipline, name) for name in FIELDS} if tipline else None
    form = TiplineForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if tipline is None:
            saved = _save(
                request, form, lambda data: actions.create_tipline(staff=request.user, data=data)
            )
        else:
            saved = _save(
                request,
                form,
                lambda data: actions.update_tipline(tipline, staff=request.user, data=data),
            )
        if saved:
            notify(
                request, _("Tipline saved: %(outlet)s.") % {"outlet": form.cleaned_data["outlet"]}
            )
            return redirect("press_hub:tiplines")
    return render_hub(
        request,
        "press/hub_tipline_form.html",
        {"form": form, "tipline": tipline},
        section="tiplines",
        status=400 if form.is_bound else 200,
    )


@staff_required(can=permissions.can_edit_tiplines)
@require_POST
def tipline_active(request, pk):
    tipline = queries.hub_tipline(request.user.hub_id, pk)
    if tipline is None:
        raise Http404
    active = request.POST.get("active") == "1"
    actions.set_tipline_active(tipline, staff=request.user, active=active)
    if active:
        notify(request, _("Active again: %(outlet)s.") % {"outlet": tipline.outlet})
    else:
        notify(
            request,
            _("Deactivated: %(outlet)s. Crews no longer see it.") % {"outlet": tipline.outlet},
        )
    return redirect("press_hub:tiplines")


@staff_required(can=permissions.can_edit_tiplines)
def suggestion_list(request):
    suggestions = queries.pending_suggestions(request.user.hub_id)
    return render_hub(
        request,
        "press/hub_suggestions.html",
        {"page": paginate(request, suggestions)},
        section="tiplines",
    )


@staff_required(can=permissions.can_edit_tiplines)
@require_POST
def suggestion_decide(request, pk):
    suggestion = queries.hub_suggestion(request.user.hub_id, pk)
    if suggestion is None:
        raise Http404
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            actions.approve_suggestion(suggestion, staff=request.user)
            notify(
                request, _("Added to the directory: %(outlet)s.") % {"outlet": suggestion.outlet}
            )
        elif decision == "reject":
            actions.reject_suggestion(suggestion, staff=request.user)
            notify(request, _("Not added: %(outlet)s.") % {"outlet": suggestion.outlet})
        else:
            notify(request, _("Choose to add it or not."))
    except PressError as problem:
        notify(request, str(problem))
    return redirect("press_hub:suggestions")
