"""The media advisory as a page and a PDF: public for approved walkouts, and for the crew
(through a member's own link) whatever its walkout's state."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from walkout.common.pagecache import cached_page
from walkout.crews.views.base import _member_for
from walkout.outreach.pdf import PrintUnavailable, qr_svg, render_pdf
from walkout.press import advisory, queries

PDF_TEMPLATE = "press/_advisory_pdf.html"


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _context(request, walkout, *, pdf_url: str, crew_token: str = "") -> dict:
    public_url = request.build_absolute_uri(reverse("walkouts:walkout", args=[walkout.public_id]))
    return {
        "advisory": advisory.build(walkout),
        "walkout": walkout,
        "public_url": public_url if walkout.is_public else "",
        "pdf_url": pdf_url,
        "token": crew_token,
    }


def _pdf_response(context: dict, filename: str) -> HttpResponse:
    if context["public_url"]:
        context["qr"] = qr_svg(context["public_url"])
    try:
        body = render_pdf(PDF_TEMPLATE, context, language=_language())
    except PrintUnavailable:
        return HttpResponse(status=503)
    response = HttpResponse(body, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@cached_page
def public_advisory(request, public_id):
    walkout = queries.advisory_walkout(public_id)
    if walkout is None:
        raise Http404
    pdf_url = reverse("press:advisory_pdf", args=[public_id])
    return render(request, "press/advisory.html", _context(request, walkout, pdf_url=pdf_url))


@require_GET
@cached_page
def public_advisory_pdf(request, public_id):
    walkout = queries.advisory_walkout(public_id)
    if walkout is None:
        raise Http404
    context = _context(request, walkout, pdf_url="")
    return _pdf_response(context, f"media-advisory-{public_id}-{_language()}.pdf")


@require_GET
def crew_advisory(request, token):
    member = _member_for(request, token)
    walkout = member.crew.walkout
    pdf_url = reverse("press:crew_advisory_pdf", args=[token])
    context = _context(request, walkout, pdf_url=pdf_url, crew_token=token)
    return render(request, "press/advisory.html", context)


@require_GET
def crew_advisory_pdf(request, token):
    member = _member_for(request, token)
    walkout = member.crew.walkout
    context = _context(request, walkout, pdf_url="")
    return _pdf_response(context, f"media-advisory-{walkout.public_id}-{_language()}.pdf")
