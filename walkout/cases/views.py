"""The public side: the report form and the reporter's case page (behind the case code).

With JavaScript the browser seals the report (walkout/static/walkout/cases.js) and sends only
the envelope; without it the plaintext form arrives here and is sealed in memory before
anything is stored. Django's error reports leave every POST field of these views out
(`sensitive_post_parameters`), and nothing here logs.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from walkout.cases import actions, keyring, queries
from walkout.cases.forms import EnvelopeForm, MoreEnvelopeForm, MoreForm, ReportForm
from walkout.cases.models import EntryKind
from walkout.common import antispam

TOO_MANY = gettext_lazy(
    "Too many reports from this network in the last hour. Nothing was saved: try later."
)


def _recipients():
    try:
        return keyring.recipients(), None
    except keyring.KeyListProblem as problem:
        return None, problem.message


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Something in the form is not right. Nothing was saved.")


def _json_error(message, status=400, form=None) -> JsonResponse:
    """The browser keeps the text; a fresh stamp lets it send again."""
    answer = {"error": str(message)}
    if form is not None:
        answer["stamp"] = form.initial["stamp"]
        answer["bits"] = antispam.stamp_bits(answer["stamp"])
    return JsonResponse(answer, status=status)


def _sealed_path(request) -> bool:
    return "envelope" in request.POST


@sensitive_post_parameters()
@sensitive_variables("form")
@require_http_methods(["GET", "POST"])
def report(request):
    request.noindex = True
    recipients, problem = _recipients()
    if request.method == "POST" and _sealed_path(request):
        return _report_sealed(request, recipients, problem)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if problem:
            form.add_error(None, problem)
            status = 503
        elif form.is_valid():
            if not antispam.network_allows_write(request, work_done=form.work_done):
                form.add_error(None, TOO_MANY)
                status = 429
            else:
                try:
                    envelope = actions.seal_on_server(form.message(), recipients)
                    stats = form.stats(form.cleaned_data["kind"])
                    _report, code = actions.file_report(envelope, stats=stats)
                except actions.CaseError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(reverse("cases:case", args=[code]) + "?new=1")
    return render(
        request,
        "cases/report.html",
        {"form": form, "problem": problem, "keys": keyring.browser_material()},
        status=status,
    )


def _report_sealed(request, recipients, problem):
    if problem:
        return _json_error(problem, 503)
    form = EnvelopeForm(request.POST)
    if not form.is_valid():
        return _json_error(_first_error(form), form=form)
    if not antispam.network_allows_write(request, work_done=form.work_done):
        return _json_error(TOO_MANY, 429, form=form)
    try:
        envelope = actions.check_envelope(form.cleaned_data["envelope"], recipients)
        _report, code = actions.file_report(envelope, stats=form.stats(form.cleaned_data["kind"]))
    except actions.CaseError as error:
        return _json_error(error, form=form)
    return JsonResponse({"next": reverse("cases:case", args=[code]) + "?new=1"})


def _case_or_404(code):
    found = queries.report_by_code(code)
    if found is None:
        raise Http404
    return found


def case(request, code):
    """The reporter's page: the status and a form to add information. Never the content."""
    request.noindex = True
    found = _case_or_404(code)
    return _case_page(request, found, code, MoreForm())


def _case_page(request, found, code, form, *, status=200):
    _recipients_now, problem = _recipients()
    return render(
        request,
        "cases/case.html",
        {
            "case": found,
            "code": code,
            "form": form,
            "problem": problem,
            "keys": keyring.browser_material(),
            "new": request.GET.get("new") == "1",
            "added": request.GET.get("added") == "1",
            "closed_days": settings.WALKOUT_RETAIN_CLOSED_CASE_DAYS,
            "case_link": request.build_absolute_uri(reverse("cases:case", args=[code])),
        },
        status=status,
    )


@sensitive_post_parameters()
@sensitive_variables("form")
@require_POST
def case_more(request, code):
    request.noindex = True
    found = _case_or_404(code)
    recipients, problem = _recipients()
    sealed = _sealed_path(request)
    form = (MoreEnvelopeForm if sealed else MoreForm)(request.POST)
    error, status, from_form = None, 400, False
    if problem:
        error, status = problem, 503
    elif not form.is_valid():
        error, from_form = _first_error(form), True
    elif not antispam.object_allows_write("case", found.public_id):
        error, status = _("Too many additions to this case in the last hour. Try later."), 429
    else:
        try:
            if sealed:
                envelope = actions.check_envelope(form.cleaned_data["envelope"], recipients)
            else:
                envelope = actions.seal_on_server(form.message(), recipients)
            actions.add_entry(found, envelope, kind=EntryKind.REPORTER)
        except actions.CaseError as failure:
            error = str(failure)
        else:
            target = reverse("cases:case", args=[code]) + "?added=1"
            return JsonResponse({"next": target}) if sealed else redirect(target)
    if sealed:
        return _json_error(error, status, form=form)
    if not from_form:
        form.add_error(None, error)
    return _case_page(request, found, code, form, status=status)
