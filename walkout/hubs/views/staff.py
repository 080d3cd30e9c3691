"""Staff accounts (admins only): create with a one-time setup link, reset, deactivate; and
the audit log of every staff action."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.hubs import queries
from walkout.hubs.forms import AuditFilterForm, StaffForm
from walkout.hubs.permissions import (
    can_manage_member,
    can_manage_staff,
    can_view_audit,
    staff_required,
)
from walkout.hubs.phrases import AUDIT_VERBS
from walkout.hubs.views.common import notify, paginate, query_string, render_hub
from walkout.people import actions as people_actions
from walkout.people.actions import SETUP_LINK_HOURS, StaffError
from walkout.people.models import User


def _staff_page(request, form, *, error=None, status=200):
    return render_hub(
        request,
        "hubs/staff.html",
        {"form": form, "members": queries.staff_of(request.user.hub_id), "error": error},
        section="staff",
        status=status,
    )


def _show_link(request, member, token, *, new: bool):
    link = request.build_absolute_uri(reverse("hubs:setup", args=[token]))
    return render_hub(
        request,
        "hubs/staff_link.html",
        {"member": member, "link": link, "new": new, "hours": SETUP_LINK_HOURS},
        section="staff",
    )


@staff_required(can=can_manage_staff)
@require_http_methods(["GET", "POST"])
def staff(request):
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member, token = people_actions.invite_staff_member(
                admin=request.user, **form.cleaned_data
            )
        except StaffError as error:
            form.add_error(error.field, str(error))
        else:
            return _show_link(request, member, token, new=True)
    return _staff_page(request, form, status=400 if form.is_bound else 200)


def _member_or_404(request, pk) -> User:
    member = User.objects.filter(pk=pk, hub=request.user.hub_id).first()
    if member is None:
        raise Http404
    return member


@staff_required(can=can_manage_staff)
@require_POST
def setup_link(request, pk):
    member = _member_or_404(request, pk)
    if not can_manage_member(request.user, member):
        return _staff_page(
            request, StaffForm(), error=_("You can't reset your own account."), status=400
        )
    token = people_actions.reissue_setup_link(admin=request.user, member=member)
    return _show_link(request, member, token, new=False)


@staff_required(can=can_manage_staff)
@require_POST
def deactivate(request, pk):
    member = _member_or_404(request, pk)
    try:
        people_actions.deactivate_staff_member(admin=request.user, member=member)
    except StaffError as error:
        return _staff_page(request, StaffForm(), error=str(error), status=400)
    notify(request, _("%(name)s can no longer sign in.") % {"name": member.username})
    return redirect("hubs:staff")


@staff_required(can=can_view_audit)
def audit(request):
    hub = request.user.hub_id
    form = AuditFilterForm(request.GET or None, staff=queries.staff_of(hub), verbs=AUDIT_VERBS)
    filters = form.cleaned_data if form.is_valid() else {}
    member = filters.get("staff")
    entries = queries.audit_entries(
        hub, staff_id=member.pk if member else None, verb=filters.get("verb", "")
    )
    return render_hub(
        request,
        "hubs/audit.html",
        {
            "form": form,
            "page": paginate(request, entries, per_page=50),
            "verbs": AUDIT_VERBS,
            "query": query_string(request, page=""),
        },
        section="audit",
    )
