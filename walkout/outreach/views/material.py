"""Flyers, posters and share images (docs/decisions/0010-print-material.md).

Public files exist only for approved walkouts: a pending, rejected or cancelled walkout's
files answer 404 like an unknown walkout, so a direct link never leaks an unreviewed
walkout's flyer. Its crew (members and the organizer, through their own links) get the same
files for a pending walkout too, and the poster maker. Files are cached by content
(outreach/material.py) and served with the site's no-store headers.
"""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from walkout.crews.views.base import _member_for, _network_allows
from walkout.outreach import material
from walkout.outreach.pdf import PrintUnavailable
from walkout.outreach.poster import PosterForm
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.models import WalkoutStatus

log = logging.getLogger(__name__)
TOO_MANY = _("Too many posters from this network in the last hour. Try again later.")
UNAVAILABLE = _("Printing is not available on this server right now. Try again later.")
PRINTABLE = (WalkoutStatus.APPROVED, WalkoutStatus.PENDING)


def _check(kind: str, language: str, kinds) -> None:
    if kind not in kinds or language not in material.LANGUAGES:
        raise Http404


def _file(body: bytes, content_type: str, name: str, *, disposition="inline") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def _flyer(request, walkout, paper, language):
    try:
        body, _cached = material.flyer_pdf(
            walkout, paper=paper, language=language, base=material.public_base_url(request)
        )
    except PrintUnavailable as problem:
        log.error("Flyers cannot be printed: %s", problem)
        return HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
    return _file(body, "application/pdf", material.file_name(walkout, paper, language, "pdf"))


def _share(request, walkout, kind, language):
    body, _cached = material.share_png(
        walkout, kind=kind, language=language, base=material.public_base_url(request)
    )
    return _file(body, "image/png", material.file_name(walkout, kind, language, "png"))


def _listed(public_id):
    walkout = walkout_queries.listed_walkouts().filter(public_id=public_id).first()
    if walkout is None:
        raise Http404
    return walkout


@require_GET
def flyer(request, public_id, paper, language):
    _check(paper, language, material.PAPERS)
    return _flyer(request, _listed(public_id), paper, language)


@require_GET
def share(request, public_id, kind, language):
    _check(kind, language, material.SHARE_SIZES)
    return _share(request, _listed(public_id), kind, language)


def _crew_walkout(request, token):
    member = _member_for(request, token)
    return member, member.crew.walkout


@require_GET
def crew_flyer(request, token, paper, language):
    _check(paper, language, material.PAPERS)
    _member, walkout = _crew_walkout(request, token)
    if walkout.status not in PRINTABLE:
        raise Http404
    return _flyer(request, walkout, paper, language)


@require_GET
def crew_share(request, token, kind, language):
    _check(kind, language, material.SHARE_SIZES)
    _member, walkout = _crew_walkout(request, token)
    if walkout.status not in PRINTABLE:
        raise Http404
    return _share(request, walkout, kind, language)


@require_http_methods(["GET", "POST"])
def crew_material(request, token):
    """The crew's print page: every flyer and image, and the poster maker (POST answers the
    PDF itself; nothing is stored)."""
    member, walkout = _crew_walkout(request, token)
    printable = walkout.status in PRINTABLE
    form, error, status = PosterForm(), None, 200
    if request.method == "POST" and printable:
        form = PosterForm(request.POST)
        if not form.is_valid():
            status = 400
        elif not _network_allows(request):
            error, status = TOO_MANY, 429
        else:
            data = form.cleaned_data
            try:
                body = material.slogan_pdf(
                    walkout,
                    slogan=data["slogan"],
                    paper=data["paper"],
                    language=data["language"],
                    base=material.public_base_url(request),
                )
            except PrintUnavailable as problem:
                log.error("Posters cannot be printed: %s", problem)
                error, status = UNAVAILABLE, 503
            else:
                name = material.file_name(
                    walkout, f"poster-{data['paper']}", data["language"], "pdf"
                )
                return _file(body, "application/pdf", name, disposition="attachment")
    elif request.method == "POST":
        status = 404
    context = {
        "member": member,
        "crew": member.crew,
        "walkout": walkout,
        "token": token,
        "page": "material",
        "printable": printable,
        "form": form,
        "error": error,
        "papers": material.paper_labels(),
        "languages": material.language_labels(),
    }
    return render(request, "outreach/crew_material.html", context, status=status)
