"""Photos and videos of a walkout, with every face covered and no metadata (SAFETY.md
decision 3, requirements 10-12).

An upload's life: QUEUED (the original waits in a private temp file) -> PROCESSING (the
privacy pipeline, walkout/media/pipeline/) -> REVIEW (its uploader checks the covered
picture; only metadata-free, oriented pixels are kept, encrypted, never the original bytes)
-> SUBMITTED (the final covered files are rendered; boxes, work files and the link to the
uploader are deleted) -> APPROVED by the hub (public from the walkout's start) or deleted.
A failed step leaves FAILED with only an error code, until its uploader dismisses it or the
purge deletes it.

Dates are days (requirement 5). The one time of day, `expires_at`, exists only while an
upload is unsubmitted (at most WALKOUT_MEDIA_REVIEW_MINUTES) and is cleared at submission.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from walkout.common.tokens import new_public_id


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")


class MediaState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be processed")
    PROCESSING = "processing", _("Covering faces")
    REVIEW = "review", _("Ready for your check")
    FAILED = "failed", _("Could not be used")
    SUBMITTED = "submitted", _("Sent to the hub")
    APPROVED = "approved", _("Published")


UNSUBMITTED = (MediaState.QUEUED, MediaState.PROCESSING, MediaState.REVIEW, MediaState.FAILED)


class MediaItem(models.Model):
    """One photo or video for one walkout."""

    public_id = models.CharField(max_length=20, unique=True, default=new_public_id)
    walkout = models.ForeignKey("walkouts.Walkout", on_delete=models.CASCADE, related_name="media")
    # The crew member who uploaded it, only until submission (then NULL: nothing links a
    # published file to a person). Leaving the crew deletes their unsubmitted uploads.
    member = models.ForeignKey(
        "crews.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="media_uploads",
    )
    kind = models.CharField(max_length=10, choices=MediaKind.choices)
    state = models.CharField(
        max_length=12, choices=MediaState.choices, default=MediaState.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100 while processing
    error_code = models.CharField(max_length=40, blank=True)  # FAILED only
    keep_audio = models.BooleanField(default=False)
    high_risk = models.BooleanField(default=False)
    # Private files under MEDIA_ROOT/work, random names; empty once submitted.
    original_file = models.CharField(max_length=80, blank=True)  # QUEUED/PROCESSING only
    pixels_file = models.CharField(max_length=80, blank=True)  # REVIEW (encrypted)
    preview_file = models.CharField(max_length=80, blank=True)  # REVIEW
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_day = models.DateField()
    submitted_day = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) | Q(state__in=UNSUBMITTED),
                name="submitted_media_has_no_uploader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.state})"

    @property
    def is_photo(self) -> bool:
        return self.kind == MediaKind.PHOTO


class BoxKind(models.TextChoices):
    FACE = "face", _("Face found")
    MANUAL = "manual", _("Added by hand")
    KEEP = "keep", _("Only this region is shown")


class MediaBox(models.Model):
    """A region of a photo under review, in pixels of the oriented image. Deleted at
    submission: the final files keep the covering, not the positions."""

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="boxes")
    kind = models.CharField(max_length=10, choices=BoxKind.choices)
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    w = models.PositiveIntegerField()
    h = models.PositiveIntegerField()
    score = models.FloatField(default=1.0)
    unsure = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.x},{self.y} {self.w}x{self.h}"


class FileRole(models.TextChoices):
    FULL = "full", _("Full size")
    MEDIUM = "medium", _("Medium")
    THUMB = "thumb", _("Thumbnail")
    VIDEO = "video", _("Video")


class MediaFile(models.Model):
    """A final, covered, metadata-free file under MEDIA_ROOT/files, with a random name.

    Served by walkout/media/views/files.py only when its item is visible
    (queries.visible_files): approved, and the walkout has started (the embargo).
    """

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=10, choices=FileRole.choices)
    filename = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "role"], name="one_file_per_item_and_role")
        ]

    def __str__(self) -> str:
        return self.filename
