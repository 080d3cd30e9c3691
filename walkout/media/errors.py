"""What an upload's error code means, in words the uploader can act on (translated).

Codes from receiving the upload are ours; the pipeline's codes carry their own messages
(pipeline/types.py MESSAGES)."""

from django.conf import settings
from django.utils.translation import gettext as _

from walkout.media.pipeline.types import MESSAGES


def message(code: str) -> str:
    if code in ("too_big", "too_large"):
        text = _(
            "This file is too big. Photos can be up to %(photo)d MB and videos up to %(video)d MB."
        ) % {
            "photo": settings.WALKOUT_MEDIA_MAX_PHOTO_MB,
            "video": settings.WALKOUT_MEDIA_MAX_VIDEO_MB,
        }
    else:
        ours = {
            "missing": _("Choose a photo or a video to upload."),
            "empty": _("This file is empty."),
            "one_file": _("Upload one file at a time."),
        }
        text = ours.get(code) or str(
            MESSAGES.get(code, _("This file could not be processed safely, so it was not used."))
        )
    if code == "missing":
        return text
    nothing_kept = _("Nothing was kept.")
    return f"{text} {nothing_kept}"
