"""Uploading and checking photos and videos, behind a crew member's own link.

Every page needs the member's link (crews/queries.py); an upload is seen only by the member
who sent it, until it is submitted (then by nobody but the hub, and the public once approved).
"""

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from walkout.common import antispam
from walkout.crews import queries as crew_queries
from walkout.media import actions, errors, pipeline, queries, storage
from walkout.media.forms import GRID, BoxForm, GridForm, RemoveForm, UploadForm
from walkout.media.middleware import receives_media
from walkout.media.models import BoxKind, MediaState
from walkout.media.permissions import can_upload
from walkout.media.worker import wake

NOTICES = {
    "covered": _("Covered. Check the picture again."),
    "uncovered": _("Uncovered. Check the picture again."),
    "sent": _(
        "Sent to the hub. It is public once a moderator approves it, and never before your "
        "walkout starts."
    ),
    "discarded": _("Deleted. Nothing of it is kept."),
}
TOO_MANY = _("Too many uploads from this network in the last hour. Try again later.")
NOT_YET = _("Uploads open once the hub has approved your walkout.")


def _member(request, token):
    request.noindex = True
    member = crew_queries.member_by_token(token)
    if member is None:
        raise Http404
    return member


def _item(member, public_id):
    item = queries.own_upload(member, public_id)
    if item is None:
        raise Http404
    return item


def _context(member, token, **extra):
    return {
        "member": member,
        "crew": member.crew,
        "walkout": member.crew.walkout,
        "token": token,
        "page": "media",
        **extra,
    }


def _media_page(request, member, token, *, form=None, error=None, file_error=None, status=200):
    context = _context(
        member,
        token,
        form=form or UploadForm(),
        uploads=list(queries.open_uploads(member)),
        sent=queries.sent_count(member.crew.walkout),
        allowed=can_upload(member),
        max_photo_mb=settings.WALKOUT_MEDIA_MAX_PHOTO_MB,
        max_video_mb=settings.WALKOUT_MEDIA_MAX_VIDEO_MB,
        notice=NOTICES.get(request.GET.get("ok", "")),
        error=error,
        file_error=file_error,
        from_report=request.GET.get("from") == "report",
    )
    return render(request, "media/crew_media.html", context, status=status)


@receives_media  # MediaUploadMiddleware streams the file before the CSRF check reads the form
@require_http_methods(["GET", "POST"])
def media(request, token):
    """The crew's photos and videos: the upload form and the member's own open uploads."""
    member = _member(request, token)
    if request.method != "POST":
        return _media_page(request, member, token)
    handler = request.media_handler
    if handler.problem == "too_big" and not request.FILES:
        # Refused before the file's bytes were read (Content-Length over the limits).
        return _media_page(request, member, token, file_error=errors.message("too_big"), status=413)
    incoming = request.FILES.get("file")
    if not can_upload(member):
        return _media_page(request, member, token, error=NOT_YET, status=403)
    form = UploadForm(request.POST)
    if handler.problem or incoming is None:
        code = handler.problem or "missing"
        status = 413 if code == "too_big" else 400
        return _media_page(
            request, member, token, form=form, file_error=errors.message(code), status=status
        )
    if not form.is_valid():
        return _media_page(request, member, token, form=form, status=400)
    key = antispam.network_key(request)
    if not antispam.within_limit("media-upload", key, settings.WALKOUT_NETWORK_WRITES_PER_HOUR):
        return _media_page(request, member, token, form=form, error=TOO_MANY, status=429)
    incoming.claimed = True  # from here start_upload owns it (and deletes it if it fails)
    try:
        item = actions.start_upload(member=member, incoming=incoming, **form.cleaned_data)
    except actions.MediaError as problem:
        return _media_page(request, member, token, form=form, error=str(problem), status=400)
    transaction.on_commit(wake)
    return redirect("media:upload", token, item.public_id)


def _upload_page(request, member, token, item, *, forms=None, error=None, status=200):
    boxes = list(item.boxes.all()) if item.state == MediaState.REVIEW else []
    faces = [b for b in boxes if b.kind == BoxKind.FACE]
    context = _context(
        member,
        token,
        item=item,
        boxes=boxes,
        faces=faces,
        unsure=sum(b.unsure for b in faces),
        grid=[[f"{r}-{c}" for c in range(GRID)] for r in range(GRID)],
        notice=NOTICES.get(request.GET.get("ok", "")),
        error=error,
        error_text=errors.message(item.error_code) if item.error_code else "",
    )
    context["box_form"] = (forms or {}).get("box_form") or BoxForm()
    if request.htmx and item.state in (MediaState.QUEUED, MediaState.PROCESSING):
        return render(request, "media/_progress.html", context)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "media/crew_upload.html", context, status=status)


@require_http_methods(["GET", "POST"])
def upload(request, token, public_id):
    """One upload: its progress, then the review, then the send."""
    member = _member(request, token)
    item = _item(member, public_id)
    if request.method != "POST":
        return _upload_page(request, member, token, item)
    op = request.POST.get("op", "")
    try:
        if op == "discard":
            actions.discard(item)
            return redirect(f"{reverse('media:media', args=[token])}?ok=discarded")
        if op == "submit":
            actions.submit(item)
            return redirect(f"{reverse('media:media', args=[token])}?ok=sent")
        if op in ("box-cover", "box-keep"):
            form = BoxForm(request.POST)
            if not form.is_valid():
                return _upload_page(
                    request, member, token, item, forms={"box_form": form}, status=400
                )
            actions.add_box(item, keep=op == "box-keep", **form.pixels(item.width, item.height))
            return redirect(f"{request.path}?ok=covered#picture")
        if op in ("cells-cover", "cells-keep"):
            form = GridForm(request.POST)
            if not form.is_valid():
                return _upload_page(
                    request, member, token, item, error=form.errors["cells"][0], status=400
                )
            if op == "cells-keep":
                actions.add_box(item, keep=True, **form.bounds(item.width, item.height))
            else:
                for rect in form.rectangles(item.width, item.height):
                    actions.add_box(item, **rect)
            return redirect(f"{request.path}?ok=covered#picture")
        if op == "remove":
            form = RemoveForm(request.POST, box_ids=item.boxes.values_list("pk", flat=True))
            if not form.is_valid():
                return _upload_page(
                    request, member, token, item, error=form.errors["boxes"][0], status=400
                )
            actions.remove_boxes(item, form.cleaned_data["boxes"])
            return redirect(f"{request.path}?ok=uncovered#picture")
    except actions.MediaError as problem:
        return _upload_page(request, member, token, item, error=str(problem), status=400)
    except pipeline.MediaRejected as refusal:
        error = errors.message(getattr(refusal, "code", ""))
        return _upload_page(request, member, token, item, error=error, status=400)
    return HttpResponseBadRequest()


@require_GET
def preview(request, token, public_id):
    """The covered picture (or video) under review; only its uploader can open it."""
    member = _member(request, token)
    item = _item(member, public_id)
    if item.state != MediaState.REVIEW or not item.preview_file:
        raise Http404
    if item.is_photo:
        data = actions.preview_bytes(item)
        content_type = actions.CONTENT_TYPES[pipeline.sniff(data[:64])]
        response = HttpResponse(data, content_type=content_type)
    else:
        path = storage.path_of("work", item.preview_file)
        content_type = actions.CONTENT_TYPES.get(pipeline.sniff(path.open("rb").read(64)))
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    return response
