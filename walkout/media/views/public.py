"""Published media: the files themselves and the campaign's gallery.

Files are served by this Django view (FileResponse, streamed from MEDIA_ROOT/files), not by
WhiteNoise or the front server, because whether a file may be shown changes with time (the
embargo until the walkout starts) and with moderation (a rejection deletes it at once): the
view checks queries.visible_file on every request. Headers: the type decided when the file
was written, `Content-Disposition: inline` with a fixed harmless name, `nosniff` (global),
no caching by browsers (global `no-store`).
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from walkout.campaigns import queries as campaign_queries
from walkout.common.pagecache import cached_page
from walkout.media import queries, storage

DOWNLOAD_NAMES = {
    "image/jpeg": "walkout.jpg",
    "image/png": "walkout.png",
    "image/webp": "walkout.webp",
    "video/mp4": "walkout.mp4",
    "video/quicktime": "walkout.mov",
    "video/webm": "walkout.webm",
}


def file_response(media_file) -> FileResponse:
    try:
        handle = storage.path_of("files", media_file.filename).open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=media_file.content_type)
    name = DOWNLOAD_NAMES.get(media_file.content_type, "walkout.bin")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_GET
def media_file(request, name):
    media_file = queries.visible_file(name)
    if media_file is None:
        raise Http404
    return file_response(media_file)


@cached_page(per_minute=True)
def campaign_gallery(request, campaign_slug):
    campaign = campaign_queries.public_campaign(campaign_slug)
    if campaign is None:
        raise Http404
    items = queries.campaign_gallery(campaign)
    return render(request, "media/campaign_gallery.html", {"campaign": campaign, "items": items})
