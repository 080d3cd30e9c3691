"""Step 5: new web files made from pixels only, then checked: only known JPEG segments remain."""

from __future__ import annotations

import io

from PIL import Image

from .types import MediaRejected

SIZES = {"full": 2048, "medium": 1080, "thumb": 400}  # longest side, pixels
QUALITY = {"full": 85, "medium": 82, "thumb": 78}

# JPEG markers a clean baseline/progressive file from Pillow may contain. APP0 must be plain JFIF.
_STANDALONE = {0xD8, 0xD9} | set(range(0xD0, 0xD8))
_ALLOWED = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xDA, 0xE0}


def check_clean_jpeg(data: bytes) -> None:
    """Walk the JPEG segments; anything but image data and a bare JFIF header is a failure
    (no EXIF, XMP, IPTC, ICC, comment or thumbnail can pass)."""
    if not data.startswith(b"\xff\xd8"):
        raise MediaRejected("encode_failed")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise MediaRejected("metadata_left")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            if marker == 0xD9:
                if data[pos + 2 :].strip(b"\x00"):
                    raise MediaRejected("metadata_left")  # bytes after the end of the image
                return
            pos += 2
            continue
        if marker not in _ALLOWED:
            raise MediaRejected("metadata_left")
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xE0 and (not segment.startswith(b"JFIF\x00") or len(segment) != 14):
            raise MediaRejected("metadata_left")  # JFIF with an embedded thumbnail, or JFXX
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data: skip to the next real marker
            while pos < len(data) - 1:
                if data[pos] == 0xFF and data[pos + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                pos += 1
    raise MediaRejected("encode_failed")  # no end-of-image marker


def _jpeg(image: Image.Image, longest: int, quality: int) -> bytes:
    copy = Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())  # drops `info`
    if max(copy.size) > longest:
        copy.thumbnail((longest, longest), Image.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    data = buffer.getvalue()
    check_clean_jpeg(data)
    return data


def encode_web(image: Image.Image) -> dict[str, bytes]:
    """{"full": ..., "medium": ..., "thumb": ...} JPEG bytes, longest side at most 2048 / 1080 /
    400 px (never enlarged)."""
    try:
        return {name: _jpeg(image, side, QUALITY[name]) for name, side in SIZES.items()}
    except MediaRejected:
        raise
    except (OSError, ValueError) as exc:
        raise MediaRejected("encode_failed") from exc
