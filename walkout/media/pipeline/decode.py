"""Step 2: decode a photo into plain RGB pixels, upright, in sRGB, with nothing else attached."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageCms, ImageFile, ImageOps

from .sniff import sniff
from .types import HEAD_BYTES, IMAGE_KINDS, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MediaRejected

PILLOW_FORMATS = {"jpeg": {"JPEG", "MPO"}, "png": {"PNG"}, "webp": {"WEBP"}, "heic": {"HEIF"}}
_heif_ready = False


def _register_heif() -> None:
    global _heif_ready
    if not _heif_ready:
        try:
            from pillow_heif import register_heif_opener
        except ImportError as exc:  # the dependency is in pyproject.toml; say so if it is missing
            raise MediaRejected("unsupported") from exc
        register_heif_opener(thumbnails=False)
        _heif_ready = True


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from an embedded ICC profile (e.g. Display P3) to sRGB, then drop the profile."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are


def _flatten(image: Image.Image) -> Image.Image:
    """RGB with transparency composited on white, so hidden pixels under alpha 0 are gone."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def load_image(data: bytes) -> Image.Image:
    """Decoded, upright, sRGB, RGB pixels in a fresh image that carries no metadata at all."""
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaRejected("too_large")
    kind = sniff(data[:HEAD_BYTES])
    if kind not in IMAGE_KINDS:
        raise MediaRejected("unsupported")
    if kind == "heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(PILLOW_FORMATS[kind]))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRejected("too_many_pixels") from exc
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's ways of saying "not readable"
        raise MediaRejected("decode_failed") from exc
    except Exception as exc:  # noqa: BLE001 -- a parser fed hostile bytes may raise anything
        raise MediaRejected("decode_failed") from exc
    width, height = image.size
    if width < 1 or height < 1:
        raise MediaRejected("decode_failed")
    if width * height > MAX_IMAGE_PIXELS:
        raise MediaRejected("too_many_pixels")
    # Another library in this process (WeasyPrint does) may have switched this on: a truncated
    # upload must be refused, never padded with grey and published.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
        image = ImageOps.exif_transpose(image)  # before EXIF is dropped, or portraits lie down
        image = _flatten(_to_srgb(image))
    except OSError as exc:
        code = (
            "truncated" if "truncat" in str(exc) or "broken data" in str(exc) else "decode_failed"
        )
        raise MediaRejected(code) from exc
    except (SyntaxError, ValueError, EOFError) as exc:
        raise MediaRejected("decode_failed") from exc
    except Exception as exc:  # noqa: BLE001 -- fail closed on any decoder error
        raise MediaRejected("decode_failed") from exc
    # A pixel copy: the new image has an empty `info` (no EXIF, XMP, ICC, comment, thumbnail).
    return Image.frombytes("RGB", image.size, image.tobytes())
