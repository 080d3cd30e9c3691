"""The hub console's pages of the day app: legal and emergency contacts per state, and the
crews' public summaries awaiting approval. Every write is audited (day/actions.py)."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.day import actions, queries
from walkout.day.actions import DayError
from walkout.day.forms import ContactForm, SummaryDecisionForm
from walkout.day.permissions import can_manage_contacts, can_review_summaries
from walkout.hubs.permissions import staff_required
from walkout.hubs.views.common import notify, paginate, render_hub

CONTACT_FIELDS = actions.CONTACT_FIELDS


def _save_contact(request, form, contact=None):
    try:
        if contact is None:
            actions.add_contact(staff=request.user, data=form.cleaned_data)
        else:
            actions.edit_contact(contact, staff=request.user, data=form.cleaned_data)
    except DayError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    return True


@staff_required(can=can_manage_contacts)
@require_http_methods(["GET", "POST"])
def contacts(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_contact(request, form):
        notify(request, _("Contact added."))
        return redirect("day_hub:contacts")
    rows = paginate(request, queries.hub_contacts(request.user.hub_id), per_page=100)
    return render_hub(
        request,
        "day/hub_contacts.html",
        {"form": form, "page": rows},
        section="contacts",
        status=400 if form.is_bound else 200,
    )


@staff_required(can=can_manage_contacts)
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = queries.hub_contact(request.user.hub_id, pk)
    if contact is None:
        raise Http404
    initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_contact(request, form, contact):
        notify(request, _("Contact saved."))
        return redirect("day_hub:contacts")
    return render_hub(
        request,
        "day/hub_contact_edit.html",
        {"form": form, "contact": contact},
        section="contacts",
        status=400 if form.is_bound else 200,
    )


@staff_required(can=can_manage_contacts)
@require_POST
def contact_delete(request, pk):
    contact = queries.hub_contact(request.user.hub_id, pk)
    if contact is None:
        raise Http404
    actions.delete_contact(contact, staff=request.user)
    notify(request, _("Contact deleted."))
    return redirect("day_hub:contacts")


@staff_required(can=can_review_summaries)
def summaries(request, error=None, status=200):
    rows = paginate(request, queries.summaries_to_review(request.user.hub_id))
    return render_hub(
        request,
        "day/hub_summaries.html",
        {"page": rows, "error": error},
        section="summaries",
        status=status,
    )


@staff_required(can=can_review_summaries)
@require_POST
def decide_summary(request, public_id):
    report = queries.hub_report(request.user.hub_id, public_id)
    if report is None:
        raise Http404
    form = SummaryDecisionForm(request.POST)
    if not form.is_valid():
        return summaries(request, error=_("Choose approve or reject."), status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_summary(
            report, staff=request.user, approve=approve, reason=form.cleaned_data["reason"]
        )
    except DayError as error:
        return summaries(request, error=str(error), status=400)
    school = report.walkout.school.name
    if approve:
        notify(
            request,
            _("Approved: the summary is on the walkout page of %(school)s.") % {"school": school},
        )
    else:
        notify(
            request, _("Rejected: the crew of %(school)s sees your reason.") % {"school": school}
        )
    return redirect("day_hub:summaries")
