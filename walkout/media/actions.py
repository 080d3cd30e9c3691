"""Every write about media: upload, processing, review, submission, moderation, deletion.

The privacy steps themselves are the pipeline's (walkout/media/pipeline/); this module runs
them in order for one upload and keeps the database and the files in step. A step that
fails leaves the upload FAILED with only an error code: the original, the pixels and every
box are deleted (HOUSE_STYLE.md habit 10).
"""

import datetime
import io
import logging
import shutil
import struct

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.common import pagecache
from walkout.media import pipeline, storage
from walkout.media.models import (
    UNSUBMITTED,
    BoxKind,
    FileRole,
    MediaBox,
    MediaFile,
    MediaItem,
    MediaKind,
    MediaState,
)
from walkout.media.uploads import PHOTO_TYPES, IncomingFile

logger = logging.getLogger("walkout.media")

CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
}
SUFFIXES = {"jpeg": "jpg", "png": "png", "webp": "webp", "mp4": "mp4", "mov": "mov", "webm": "webm"}
# Unsubmitted uploads one crew member may have at once (each holds pixels on disk).
MAX_OPEN_UPLOADS = 10
# A box smaller than this (pixels) is refused: it would cover nothing useful.
MIN_BOX = 4


def _after_commit(func) -> None:
    """Unlink files only once the deletion is committed (a rolled-back purge keeps them)."""
    transaction.on_commit(func)


class MediaError(ValueError):
    """A write refused, with a translated reason the person can act on."""


def _now():
    return timezone.now()


def _review_deadline():
    return _now() + datetime.timedelta(minutes=settings.WALKOUT_MEDIA_REVIEW_MINUTES)


# --- upload --------------------------------------------------------------------------------


def start_upload(
    *, member, incoming: IncomingFile, keep_audio: bool = False, high_risk: bool = False
) -> MediaItem:
    """Queue a streamed upload for processing. The caller starts the work after commit."""
    walkout = member.crew.walkout
    try:
        if member.media_uploads.count() >= MAX_OPEN_UPLOADS:
            raise MediaError(
                _("You have %(n)d uploads waiting. Send or discard some first.")
                % {"n": MAX_OPEN_UPLOADS}
            )
        kind = MediaKind.PHOTO if incoming.media_type in PHOTO_TYPES else MediaKind.VIDEO
        item = MediaItem.objects.create(
            walkout=walkout,
            member=member,
            kind=kind,
            keep_audio=keep_audio and kind == MediaKind.VIDEO,
            high_risk=high_risk,
            original_file=incoming.path.name,
            # Processing time counts against the review window too; the purge deletes an
            # upload whose worker died.
            expires_at=_review_deadline(),
            created_day=_now().date(),
        )
    except Exception:
        incoming.delete()
        raise
    return item


# --- processing (background: worker.py) ----------------------------------------------------


def _set_progress(item: MediaItem, percent: int) -> None:
    percent = max(0, min(99, int(percent)))
    if percent >= item.progress + 5:
        item.progress = percent
        MediaItem.objects.filter(pk=item.pk, state=MediaState.PROCESSING).update(progress=percent)


def _progress_callback(item: MediaItem, start: int, end: int):
    def report(value, total=None):
        fraction = value / total if total else (value if value <= 1 else value / 100)
        _set_progress(item, start + (end - start) * fraction)

    return report


def _context(item: MediaItem) -> str:
    return f"media:{item.public_id}"


def process(item: MediaItem) -> None:
    """Run the pipeline for a claimed (PROCESSING) item. Never raises: a failure marks the
    item FAILED. The original is deleted in every case."""
    source = storage.path_of("incoming", item.original_file)
    try:
        if item.kind == MediaKind.PHOTO:
            _process_photo(item, source)
        else:
            _process_video(item, source)
    except pipeline.MediaRejected as refusal:
        fail(item, getattr(refusal, "code", "") or "rejected")
    except Exception:
        logger.exception("media processing failed")
        fail(item, "broken")
    finally:
        source.unlink(missing_ok=True)
        MediaItem.objects.filter(pk=item.pk).update(original_file="")


def _process_photo(item: MediaItem, source) -> None:
    image = pipeline.load_image(source.read_bytes())
    _set_progress(item, 20)
    found = pipeline.detect_faces(image, high_risk=item.high_risk)
    _set_progress(item, 80)
    pixels_file = storage.new_name("px")
    storage.write_sealed(pixels_file, _pack_pixels(image), context=_context(item))
    with transaction.atomic():
        if not MediaItem.objects.filter(pk=item.pk, state=MediaState.PROCESSING).exists():
            storage.unlink("work", pixels_file)  # dismissed meanwhile
            return
        MediaBox.objects.bulk_create(
            MediaBox(
                item=item,
                kind=BoxKind.MANUAL if box.source == "manual" else BoxKind.FACE,
                x=max(0, box.x),
                y=max(0, box.y),
                w=box.w,
                h=box.h,
                score=float(box.score),
                unsure=bool(box.unsure),
            )
            for box in found
        )
        item.pixels_file = pixels_file
        item.width, item.height = image.size
        item.save(update_fields=["pixels_file", "width", "height"])
        _render_preview(item, image)
        _to_review(item)


def _process_video(item: MediaItem, source) -> None:
    covered_name = storage.new_name("mp4")
    target = storage.path_of("work", covered_name)
    try:
        result = pipeline.process_video(
            str(source),
            str(target),
            keep_audio=item.keep_audio,
            high_risk=item.high_risk,
            progress=_progress_callback(item, 5, 95),
        )
        media_type = pipeline.sniff(target.open("rb").read(64))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    item.preview_file = covered_name
    item.width = int(getattr(result, "width", 0) or 0)
    item.height = int(getattr(result, "height", 0) or 0)
    if media_type not in CONTENT_TYPES:
        target.unlink(missing_ok=True)
        raise pipeline.MediaRejected("broken")
    with transaction.atomic():
        if not MediaItem.objects.filter(pk=item.pk, state=MediaState.PROCESSING).exists():
            target.unlink(missing_ok=True)
            return
        item.save(update_fields=["preview_file", "width", "height"])
        _to_review(item)


def _to_review(item: MediaItem) -> None:
    item.state = MediaState.REVIEW
    item.progress = 100
    item.expires_at = _review_deadline()
    item.save(update_fields=["state", "progress", "expires_at"])


def fail(item: MediaItem, code: str) -> None:
    """Keep only the error code: delete boxes and every file of the item."""
    with transaction.atomic():
        item = MediaItem.objects.filter(pk=item.pk).first()
        if item is None:
            return
        item.boxes.all().delete()
        _drop_work_files(item)
        item.state = MediaState.FAILED
        item.error_code = code[:40]
        item.progress = 0
        item.save(update_fields=["state", "error_code", "progress", "pixels_file", "preview_file"])


def _drop_work_files(item: MediaItem) -> None:
    names = [item.pixels_file, item.preview_file]
    _after_commit(lambda: [storage.unlink("work", name) for name in names])
    item.pixels_file = item.preview_file = ""


# --- review --------------------------------------------------------------------------------


PIXELS_MAGIC = b"WPX1"


def _pack_pixels(image) -> bytes:
    """Raw RGB pixels with their size: nothing else of the upload can be in them (and no
    encoder to wait for: a 12 MP PNG takes seconds, this takes tenths)."""
    rgb = image.convert("RGB")
    return PIXELS_MAGIC + struct.pack(">II", *rgb.size) + rgb.tobytes()


def _open_pixels(item: MediaItem):
    from PIL import Image

    raw = storage.read_sealed(item.pixels_file, context=_context(item))
    if raw[:4] != PIXELS_MAGIC:
        raise MediaError(_("This upload can no longer be changed."))
    width, height = struct.unpack(">II", raw[4:12])
    return Image.frombytes("RGB", (width, height), raw[12:])


def _as_pipeline_box(box: MediaBox):
    return pipeline.Box(
        x=box.x,
        y=box.y,
        w=box.w,
        h=box.h,
        score=box.score,
        source="manual" if box.kind == BoxKind.MANUAL else "detector",
        unsure=box.unsure,
    )


def _covered(item: MediaItem, image):
    boxes = list(item.boxes.all())
    cover = [_as_pipeline_box(b) for b in boxes if b.kind != BoxKind.KEEP]
    keep = next((_as_pipeline_box(b) for b in boxes if b.kind == BoxKind.KEEP), None)
    return pipeline.cover(image, cover, keep_region=keep), boxes


def _render_preview(item: MediaItem, image=None) -> None:
    """The covered picture the uploader reviews, with unsure faces and the kept region
    outlined (outlines are never in the final files)."""
    from PIL import ImageDraw

    image = image if image is not None else _open_pixels(item)
    covered, boxes = _covered(item, image)
    covered = covered.copy()
    draw = ImageDraw.Draw(covered)
    line = max(3, min(covered.size) // 150)
    for box in boxes:
        if box.unsure or box.kind == BoxKind.KEEP:
            colour = (255, 170, 0) if box.unsure else (0, 160, 255)
            for i in range(line):
                draw.rectangle(
                    [box.x - line + i, box.y - line + i, box.x + box.w + i, box.y + box.h + i],
                    outline=colour,
                )
    medium = pipeline.encode_web(covered)["medium"]
    name = storage.new_name("pv")
    storage.write_sealed(name, medium, context=_context(item) + ":preview")
    old = item.preview_file
    item.preview_file = name
    item.save(update_fields=["preview_file"])
    if old:
        _after_commit(lambda: storage.unlink("work", old))


def preview_bytes(item: MediaItem) -> bytes:
    """The covered preview of a photo under review (JPEG/WebP bytes)."""
    return storage.read_sealed(item.preview_file, context=_context(item) + ":preview")


def _check_reviewable(item: MediaItem) -> None:
    if item.state != MediaState.REVIEW or item.kind != MediaKind.PHOTO:
        raise MediaError(_("This upload can no longer be changed."))


def _clip(item: MediaItem, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int]:
    x, y = max(0, min(x, item.width)), max(0, min(y, item.height))
    w, h = max(0, min(w, item.width - x)), max(0, min(h, item.height - y))
    if w < MIN_BOX or h < MIN_BOX:
        raise MediaError(_("That box is too small or outside the picture."))
    return x, y, w, h


@transaction.atomic
def add_box(item: MediaItem, *, x: int, y: int, w: int, h: int, keep: bool = False) -> MediaBox:
    """Cover a region by hand, or (keep=True) cover everything except that region."""
    _check_reviewable(item)
    x, y, w, h = _clip(item, x, y, w, h)
    if keep:
        item.boxes.filter(kind=BoxKind.KEEP).delete()
    box = MediaBox.objects.create(
        item=item, kind=BoxKind.KEEP if keep else BoxKind.MANUAL, x=x, y=y, w=w, h=h
    )
    _render_preview(item)
    return box


@transaction.atomic
def remove_boxes(item: MediaItem, box_ids: list[int]) -> int:
    """Uncover boxes (a false face, a wrong hand-drawn box, the kept region)."""
    _check_reviewable(item)
    deleted, _ = item.boxes.filter(pk__in=box_ids).delete()
    if deleted:
        _render_preview(item)
    return deleted


@transaction.atomic
def submit(item: MediaItem) -> MediaItem:
    """Render the final files with the final boxes, then forget everything else: the
    pixels, the preview, the boxes and who uploaded it."""
    if item.state != MediaState.REVIEW:
        raise MediaError(_("This upload can no longer be changed."))
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind == MediaKind.PHOTO:
        covered, _boxes = _covered(item, _open_pixels(item))
        for role, data in pipeline.encode_web(covered).items():
            _store_file(item, role, data)
    else:
        source = storage.path_of("work", item.preview_file)
        head = source.open("rb").read(64)
        media_type = pipeline.sniff(head)
        name = storage.new_name(SUFFIXES[media_type])
        shutil.copyfile(source, storage.path_of("files", name))
        MediaFile.objects.create(
            item=item,
            role=FileRole.VIDEO,
            filename=name,
            content_type=CONTENT_TYPES[media_type],
            size=source.stat().st_size,
            width=item.width,
            height=item.height,
        )
    item.boxes.all().delete()
    _drop_work_files(item)
    item.member = None
    item.expires_at = None
    item.state = MediaState.SUBMITTED
    item.submitted_day = _now().date()
    item.save()
    return item


def _store_file(item: MediaItem, role: str, data: bytes) -> MediaFile:
    from PIL import Image

    media_type = pipeline.sniff(data[:64])
    if media_type not in ("jpeg", "png", "webp"):
        raise MediaError(_("The covered picture could not be saved."))
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    name = storage.new_name(SUFFIXES[media_type])
    storage.write("files", name, data)
    return MediaFile.objects.create(
        item=item,
        role=role,
        filename=name,
        content_type=CONTENT_TYPES[media_type],
        size=len(data),
        width=width,
        height=height,
    )


@transaction.atomic
def discard(item: MediaItem) -> None:
    """The uploader deletes an unsubmitted upload (any state): rows and files go."""
    if item.state not in UNSUBMITTED:
        raise MediaError(_("This upload was already sent to the hub."))
    item.delete()


# --- moderation ----------------------------------------------------------------------------


@transaction.atomic
def approve(item: MediaItem, *, staff) -> None:
    from walkout.hubs.actions import record_audit

    if item.state != MediaState.SUBMITTED:
        raise MediaError(_("Only media waiting for review can be approved."))
    item.state = MediaState.APPROVED
    item.save(update_fields=["state"])
    record_audit(staff=staff, verb="approve media", obj=item)
    pagecache.bump_version()


@transaction.atomic
def reject(item: MediaItem, *, staff) -> None:
    """Rejected media is deleted at once, files included; the audit keeps its id."""
    from walkout.hubs.actions import record_audit

    if item.state not in (MediaState.SUBMITTED, MediaState.APPROVED):
        raise MediaError(_("Only submitted media can be rejected."))
    was_public = item.state == MediaState.APPROVED
    record_audit(staff=staff, verb="reject media", obj=item)
    item.delete()
    if was_public:
        pagecache.bump_version()


# --- deletion: files follow their rows ------------------------------------------------------


@receiver(post_delete, sender=MediaItem)
def _item_deleted(sender, instance: MediaItem, **kwargs):
    work = [instance.pixels_file, instance.preview_file]
    incoming = instance.original_file

    def unlink():
        for name in work:
            storage.unlink("work", name)
        storage.unlink("incoming", incoming)

    _after_commit(unlink)


@receiver(post_delete, sender=MediaFile)
def _file_deleted(sender, instance: MediaFile, **kwargs):
    name = instance.filename
    _after_commit(lambda: storage.unlink("files", name))


def purge_media(*, now=None) -> dict[str, int]:
    """Delete unsubmitted uploads past their deadline (review not finished, failed ones, or
    a worker that died), and stray files no row names (left by a crash)."""
    now = now or _now()
    _, deleted = MediaItem.objects.filter(state__in=UNSUBMITTED, expires_at__lt=now).delete()
    counts = {label: n for label, n in deleted.items() if n}
    strays = _remove_stray_files(older_than=now - datetime.timedelta(days=1))
    if strays:
        counts["stray media files"] = strays
    return counts


def _remove_stray_files(*, older_than) -> int:
    """Files in incoming/ and work/ that no row names, older than `older_than`."""
    known = set()
    for row in MediaItem.objects.values_list("original_file", "pixels_file", "preview_file"):
        known.update(n for n in row if n)
    cutoff = older_than.timestamp()
    removed = 0
    for kind in ("incoming", "work"):
        for path in storage.folder(kind).iterdir():
            if path.name in known or not path.is_file():
                continue
            if path.stat().st_mtime < cutoff:

                def unlink(path=path):
                    path.unlink(missing_ok=True)

                _after_commit(unlink)
                removed += 1
    return removed
