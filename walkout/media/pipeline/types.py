"""What every pipeline step speaks: the rejection, a box, the video result and the limits."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Limits. A file over any of them is rejected before (or while) it is decoded.
MAX_IMAGE_BYTES = 40 * 1024 * 1024  # a 48 MP phone HEIC/JPEG is ~25 MB
MAX_IMAGE_PIXELS = 50_000_000  # width x height; stops decompression bombs before decoding
MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_VIDEO_SECONDS = 180
MAX_VIDEO_PIXELS = 3840 * 2160  # one frame; larger input is refused, smaller is scaled to 1280
HEAD_BYTES = 64  # how much of a file `sniff` needs

IMAGE_KINDS = ("jpeg", "png", "webp", "heic")
VIDEO_KINDS = ("mp4", "mov", "webm")

MESSAGES = {
    "unsupported": _(
        "This file type is not supported. Upload a photo (JPEG, PNG, WebP or HEIC) "
        "or a video (MP4, MOV or WebM)."
    ),
    "too_large": _("This file is too big."),
    "too_many_pixels": _(
        "This picture or video has too many pixels. Make it smaller and try again."
    ),
    "truncated": _("This file is incomplete. Upload it again."),
    "decode_failed": _("We could not read this file. It may be damaged."),
    "video_too_long": _("This video is too long. Cut it to three minutes or less."),
    "no_video_stream": _("This file has no video in it."),
    "encode_failed": _("We could not make a safe copy of this file."),
    "metadata_left": _("We could not remove all hidden data from this file."),
}


class MediaRejected(Exception):  # noqa: N818 - the name says what the caller does with it
    """A step refused the file. `code` is stable (for tests and logic); `message` is for people."""

    def __init__(self, code: str, message=None):
        self.code = code
        self.message = (
            message if message is not None else MESSAGES.get(code, MESSAGES["decode_failed"])
        )
        super().__init__(code)

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Box:
    """A rectangle in image pixels (top-left x, y, width, height)."""

    x: int
    y: int
    w: int
    h: int
    score: float = 1.0
    source: str = "detector"  # or "manual"
    unsure: bool = False

    @property
    def x2(self) -> int:
        return self.x + self.w

    @property
    def y2(self) -> int:
        return self.y + self.h

    def grown(self, factor: float, *, minimum: int = 0) -> Box:
        """The same box, `factor` times as wide and tall around its centre (at least `minimum` px
        more on each side)."""
        dw = max((factor - 1) * self.w / 2, minimum)
        dh = max((factor - 1) * self.h / 2, minimum)
        return Box(
            round(self.x - dw),
            round(self.y - dh),
            round(self.w + 2 * dw),
            round(self.h + 2 * dh),
            self.score,
            self.source,
            self.unsure,
        )

    def clipped(self, width: int, height: int) -> Box | None:
        """The part of the box inside a width x height image, or None when nothing is."""
        x1, y1 = max(0, self.x), max(0, self.y)
        x2, y2 = min(width, self.x2), min(height, self.y2)
        if x2 <= x1 or y2 <= y1:
            return None
        return Box(x1, y1, x2 - x1, y2 - y1, self.score, self.source, self.unsure)


@dataclass(frozen=True)
class VideoResult:
    """What `process_video` wrote."""

    width: int
    height: int
    frames: int
    duration: float  # seconds
    fps: float
    has_audio: bool
    faces_covered: int  # sum over frames of boxes drawn (a rough "how busy" figure)
    container: str  # "mp4"
