"""The support console: cases (ciphertext plus status), decrypted only in the member's own
browser (walkout/static/walkout/support.js), and the support keys."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from walkout.cases import actions, crypto, keyring, queries
from walkout.cases.forms import KINDS, NewKeyForm, NoteEnvelopeForm, NoteForm, StatusForm
from walkout.cases.models import CaseStatus, EntryKind
from walkout.hubs.permissions import can_manage_staff, can_support, staff_required
from walkout.hubs.views.common import notify, paginate, render_hub


def _key_warning() -> str:
    active = queries.active_key_count()
    if active >= 2:
        return ""
    return ngettext(
        "Only %(count)s support key is active. Activate a second one: a lost key loses every "
        "case sealed only to it.",
        "Only %(count)s support keys are active. Activate a second one: a lost key loses every "
        "case sealed only to it.",
        active,
    ) % {"count": active}


def _list_problem() -> str:
    try:
        keyring.recipients()
    except keyring.KeyListProblem as problem:
        return problem.message
    return ""


@staff_required(can=can_support)
def cases(request):
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    page = paginate(request, queries.case_list(status))
    return render_hub(
        request,
        "cases/hub_cases.html",
        {
            "page": page,
            "status": status,
            "statuses": CaseStatus.choices,
            "key_warning": _key_warning(),
            "list_problem": _list_problem(),
            "my_kids": set(queries.keys_of(request.user).values_list("kid", flat=True)),
            "query": f"?status={status}" if status else "?",
        },
        section="cases",
    )


def _case_or_404(public_id):
    found = queries.case(public_id)
    if found is None:
        raise Http404
    return found


@staff_required(can=can_support)
def case(request, public_id, *, note_form=None, status_code=200):
    found = _case_or_404(public_id)
    return render_hub(
        request,
        "cases/hub_case.html",
        {
            "case": found,
            "entries": list(queries.entries(found)),
            "status_form": StatusForm(initial={"status": found.status}),
            "note_form": note_form or NoteForm(),
            "my_keys": list(queries.keys_of(request.user)),
            "keys": keyring.browser_material(),
            "list_problem": _list_problem(),
            "kinds": KINDS,
        },
        section="cases",
        status=status_code,
    )


@staff_required(can=can_support)
@require_POST
def set_status(request, public_id):
    found = _case_or_404(public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        actions.set_status(found, form.cleaned_data["status"], staff=request.user)
        notify(
            request, _("Status changed to “%(status)s”.") % {"status": found.get_status_display()}
        )
    else:
        notify(request, _("Choose a status from the list. Nothing was changed."))
    return redirect("cases_hub:case", public_id)


@sensitive_post_parameters()
@sensitive_variables("form")
@staff_required(can=can_support)
@require_POST
def add_note(request, public_id):
    found = _case_or_404(public_id)
    sealed = "envelope" in request.POST
    form = (NoteEnvelopeForm if sealed else NoteForm)(request.POST)
    try:
        recipients = keyring.recipients()
        if not form.is_valid():
            raise actions.CaseError(_("Write the note first. Nothing was saved."))
        if sealed:
            envelope = actions.check_envelope(form.cleaned_data["envelope"], recipients)
        else:
            envelope = actions.seal_on_server(form.message(), recipients)
        actions.add_entry(found, envelope, kind=EntryKind.NOTE, staff=request.user)
    except (actions.CaseError, keyring.KeyListProblem) as error:
        message = error.message if isinstance(error, keyring.KeyListProblem) else str(error)
        if sealed:
            return JsonResponse({"error": message}, status=400)
        note_form = NoteForm(request.POST if not sealed else None)
        note_form.is_valid()
        note_form.add_error(None, message)
        return case(request, public_id, note_form=note_form, status_code=400)
    notify(request, _("Note added, encrypted."))
    if sealed:
        return JsonResponse({"next": reverse("cases_hub:case", args=[public_id])})
    return redirect("cases_hub:case", public_id)


@staff_required(can=can_support)
@require_http_methods(["GET", "POST"])
def keys(request):
    form = NewKeyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.add_support_key(
                    owner=request.user,
                    public_key=form.cleaned_data["public_key"],
                    wrapped=form.cleaned_data["wrapped"],
                )
            except actions.CaseError as error:
                form.add_error(None, str(error))
            else:
                notify(
                    request, _("Key added. An admin must activate it, then sign a new key list.")
                )
                return redirect("cases_hub:keys")
        else:
            form.add_error(None, _("Make the key on this page first (it needs JavaScript)."))
    key_list = keyring.newest_list()
    listed = set()
    list_data = None
    if key_list is not None:
        try:
            list_data = crypto.parse_list(key_list.body.encode())
            listed = {key["kid"] for key in list_data["keys"]}
        except crypto.CryptoError:
            list_data = None
    return render_hub(
        request,
        "cases/hub_keys.html",
        {
            "form": form,
            "keys": queries.support_keys(),
            "listed": listed,
            "key_list": key_list,
            "list_data": list_data,
            "key_warning": _key_warning(),
            "list_problem": _list_problem(),
            "can_manage": can_manage_staff(request.user),
        },
        section="cases",
        status=status,
    )


def _key_or_404(kid):
    key = queries.support_key(kid)
    if key is None:
        raise Http404
    return key


@staff_required(can=can_manage_staff)
@require_POST
def activate_key(request, kid):
    key = _key_or_404(kid)
    try:
        actions.activate_key(key, staff=request.user)
    except actions.CaseError as error:
        notify(request, str(error))
    else:
        notify(request, _("Key activated. Sign a new key list so that reports reach it."))
    return redirect("cases_hub:keys")


@staff_required(can=can_manage_staff)
@require_POST
def revoke_key(request, kid):
    key = _key_or_404(kid)
    try:
        actions.revoke_key(key, staff=request.user)
    except actions.CaseError as error:
        notify(request, str(error))
    else:
        notify(request, _("Key revoked. It gets no new report from now on."))
    return redirect("cases_hub:keys")
