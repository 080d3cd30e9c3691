"""Builders for the media web tests (uploads, review, moderation, gallery); also used by the
browser test. Pictures are made at run time from package-shipped images (MEDIA_NOTES.md
section 5): matplotlib's public-domain Grace Hopper portrait; nothing third-party is committed."""

import io
import os
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.crews.world import add_member, make_crew
from tests.media import corpus

# Grace Hopper's face in the 512x600 portrait, [x1, y1, x2, y2] (corpus.real_faces).
HOPPER_FACE = (175.4, 125.6, 357.1, 334.9)


def hopper() -> Image.Image:
    import matplotlib

    path = os.path.join(matplotlib.get_data_path(), "sample_data", "grace_hopper.jpg")
    return Image.open(path).convert("RGB")


def face_jpeg_with_gps() -> bytes:
    """The portrait as a phone would send it: EXIF GPS, names, a thumbnail, XMP, IPTC, ICC and a
    comment (corpus.canary_jpeg), stored sideways with Orientation 6 like a portrait shot."""
    upright = hopper()
    return corpus.canary_jpeg(upright.transpose(Image.Transpose.ROTATE_90))


def plain_jpeg(size=(64, 48), colour=(30, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def upload_file(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def crew_member(**walkout_fields):
    """(crew, member, member token): an approved walkout's crew and one plain member."""
    crew, _organizer_token = make_crew(**walkout_fields)
    member, token = add_member(crew, "lens")
    return crew, member, token


def media_url(token: str) -> str:
    return reverse("media:media", args=[token])


def upload_url(token: str, item) -> str:
    return reverse("media:upload", args=[token, item.public_id])


def files_in(kind: str) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / kind
    return sorted(folder.iterdir()) if folder.exists() else []


def stored_item(walkout, *, state="submitted", kind="photo"):
    """A submitted (or approved) item with real files on disk, without running the pipeline:
    what actions.submit leaves."""
    from django.utils import timezone

    from walkout.media import actions
    from walkout.media.models import MediaItem

    item = MediaItem.objects.create(
        walkout=walkout,
        kind=kind,
        state=state,
        created_day=timezone.now().date(),
        submitted_day=timezone.now().date(),
    )
    if kind == "photo":
        for role, size in (("full", (96, 64)), ("medium", (48, 32)), ("thumb", (24, 16))):
            actions._store_file(item, role, plain_jpeg(size))
    return item
