"""Test and benchmark data for the media pipeline, built at run time (no third-party file kept).

- `real_faces()`: the ten real faces shipped inside installed packages (MEDIA_NOTES.md section 5):
  insightface `t1.jpg` (6) and `Tom_Hanks_54745.png` (1, padded), scikit-image `astronaut` and
  `camera`, matplotlib `grace_hopper.jpg`. Boxes are [x1, y1, x2, y2], checked by eye.
- `crowd(n)`: the synthetic crowd *stress* set: face patches cut from those images (with hair and
  neck) pasted onto package-shipped backgrounds at 10-200 px, flipped, relit, some grey, blurred,
  rotated or with a bandana over the lower face. A regression test, not an accuracy estimate.
- `canary_*`: files full of metadata that must not survive (GPS, names, thumbnails ...).
"""

from __future__ import annotations

import io
import math
import os
import struct
import zlib
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

CANARY = "CANARY-7f3a"  # every text field planted below contains this
GPS = ((40, 1), (42, 1), (4620, 100))  # 40 deg 42' 46.2" N
LOCATION = "+40.7128-074.0060/"


@dataclass
class Sample:
    name: str
    image: Image.Image
    boxes: list[tuple[float, float, float, float]]  # faces, [x1, y1, x2, y2]
    tags: list[list[str]] = field(default_factory=list)


# --- real faces shipped in packages --------------------------------------------------------

_T1 = [
    (464.0, 269.1, 571.8, 414.4),
    (901.8, 57.0, 1009.2, 204.7),
    (58.5, 266.4, 162.4, 393.6),
    (1132.0, 269.2, 1228.6, 400.6),
    (745.3, 344.5, 845.8, 479.0),
    (271.2, 148.6, 369.7, 267.5),
]


def _insightface_image(name: str) -> Image.Image | None:
    """An image from the installed insightface wheel, found without importing the package (its
    import pulls in OpenCV and onnxruntime)."""
    import importlib.util

    spec = importlib.util.find_spec("insightface")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "data", "images", name)
    return Image.open(path).convert("RGB") if os.path.exists(path) else None


def real_faces() -> list[Sample]:
    """The real faces available from installed packages (10 when all three are installed)."""
    import skimage.data

    samples = [
        Sample(
            "astronaut", Image.fromarray(skimage.data.astronaut()), [(179.8, 61.6, 269.7, 177.1)]
        ),
        Sample(
            "camera",
            Image.fromarray(skimage.data.camera()).convert("RGB"),
            [(200.0, 116.2, 257.8, 196.5)],
        ),
    ]
    try:
        import matplotlib

        path = os.path.join(matplotlib.get_data_path(), "sample_data", "grace_hopper.jpg")
        samples.append(
            Sample("grace_hopper", Image.open(path).convert("RGB"), [(175.4, 125.6, 357.1, 334.9)])
        )
    except ImportError:
        pass
    t1 = _insightface_image("t1.jpg")
    if t1 is not None:
        samples.append(Sample("t1", t1, list(_T1)))
    hanks = _insightface_image("Tom_Hanks_54745.png")
    if hanks is not None:  # a tight 112 px crop: give it room, as a photo would
        pad = 112
        canvas = ImageOps.expand(hanks, border=pad, fill=(128, 128, 128))
        samples.append(
            Sample("tom_hanks", canvas, [(5.2 + pad, 5.5 + pad, 87.0 + pad, 114.2 + pad)])
        )
    return samples


# --- the synthetic crowd stress set ------------------------------------------------------------


def _backgrounds() -> list[Image.Image]:
    import skimage.data as sd

    out = []
    for name in (
        "coffee",
        "chelsea",
        "rocket",
        "hubble_deep_field",
        "brick",
        "grass",
        "gravel",
        "horse",
        "coins",
        "immunohistochemistry",
        "page",
    ):
        array = np.asarray(getattr(sd, name)())
        if array.dtype != np.uint8:
            array = array.astype(float)
            array = (255 * (array - array.min()) / (np.ptp(array) + 1e-9)).astype(np.uint8)
        out.append(Image.fromarray(array).convert("RGB"))
    out.append(Image.fromarray(sd.astronaut()[:, 300:]))  # the face is at x < 300
    return out


def _patches() -> list[tuple[Image.Image, tuple[float, float, float, float]]]:
    patches = []
    for sample in real_faces():
        width, height = sample.image.size
        for x1, y1, x2, y2 in sample.boxes:
            w, h, m = x2 - x1, y2 - y1, 0.45
            left, top = int(max(0, x1 - m * w)), int(max(0, y1 - m * h))
            right, bottom = int(min(width, x2 + m * w)), int(min(height, y2 + m * h))
            patch = sample.image.crop((left, top, right, bottom))
            patches.append((patch, (x1 - left, y1 - top, x2 - left, y2 - top)))
    return patches


def crowd(count: int = 24, *, seed: int = 12345, size=(1280, 800)) -> list[Sample]:
    """`count` synthetic crowd images, each with 12-30 faces, same images for the same seed."""
    rng = np.random.default_rng(seed)
    width, height = size
    patches, backgrounds = _patches(), _backgrounds()
    samples = []
    for n in range(count):
        canvas = Image.new("RGB", size)
        for qx, qy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            bg = backgrounds[rng.integers(len(backgrounds))]
            if rng.random() < 0.5:
                bg = ImageOps.mirror(bg)
            canvas.paste(bg.resize((width // 2, height // 2)), (qx * width // 2, qy * height // 2))
        canvas = canvas.filter(ImageFilter.GaussianBlur(1.0))
        taken = np.zeros((height, width), bool)
        boxes, tags_all = [], []
        wanted = int(rng.integers(12, 31))
        for _ in range(wanted * 20):
            if len(boxes) >= wanted:
                break
            patch, face = patches[rng.integers(len(patches))]
            face_h = float(np.exp(rng.uniform(np.log(10), np.log(200))))
            scale = face_h / (face[3] - face[1])
            pw, ph = max(4, int(patch.width * scale)), max(4, int(patch.height * scale))
            if pw >= width or ph >= height:
                continue
            x0, y0 = int(rng.integers(0, width - pw)), int(rng.integers(0, height - ph))
            if taken[y0 : y0 + ph, x0 : x0 + pw].any():
                continue
            q = patch.resize((pw, ph), Image.LANCZOS)
            f = [v * scale for v in face]
            tags = []
            if rng.random() < 0.5:
                q = ImageOps.mirror(q)
                f = [pw - f[2], f[1], pw - f[0], f[3]]
                tags.append("flip")
            arr = np.asarray(q).astype(np.float32) * rng.uniform(0.55, 1.3) + rng.uniform(-25, 25)
            if rng.random() < 0.2:
                arr = np.repeat(arr.mean(2, keepdims=True), 3, 2)
                tags.append("gray")
            q = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
            if rng.random() < 0.2:
                q = q.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 2.0)))
                tags.append("blur")
            if rng.random() < 0.25:  # a bandana over the lower face
                colour = tuple(int(c) for c in rng.integers(0, 255, 3))
                top = int(f[1] + 0.55 * (f[3] - f[1]))
                ImageDraw.Draw(q).rectangle((int(f[0]), top, int(f[2]), int(f[3])), fill=colour)
                tags.append("masked")
            alpha = Image.new("L", (pw, ph), 0)
            ImageDraw.Draw(alpha).ellipse((pw * 0.04, ph * 0.02, pw * 0.96, ph * 0.98), fill=255)
            alpha = alpha.filter(ImageFilter.GaussianBlur(max(0.8, 0.06 * min(pw, ph))))
            if rng.random() < 0.5:
                angle = float(rng.uniform(-20, 20))
                q = q.rotate(angle, resample=Image.BILINEAR)
                alpha = alpha.rotate(angle, resample=Image.BILINEAR)
                cx, cy = (f[0] + f[2]) / 2 - pw / 2, (f[1] + f[3]) / 2 - ph / 2
                rad = math.radians(angle)  # Pillow rotates counter-clockwise, y down
                ncx = cx * math.cos(rad) + cy * math.sin(rad) + pw / 2
                ncy = -cx * math.sin(rad) + cy * math.cos(rad) + ph / 2
                hw, hh = (f[2] - f[0]) / 2, (f[3] - f[1]) / 2
                f = [ncx - hw, ncy - hh, ncx + hw, ncy + hh]
                tags.append("rotated")
            canvas.paste(q, (x0, y0), alpha)
            taken[y0 : y0 + ph, x0 : x0 + pw] = True
            boxes.append((x0 + f[0], y0 + f[1], x0 + f[2], y0 + f[3]))
            tags_all.append(tags)
        buffer = io.BytesIO()
        canvas.save(buffer, "JPEG", quality=int(rng.integers(60, 92)))
        image = Image.open(buffer).convert("RGB")
        samples.append(Sample(f"crowd_{n:03d}", image, boxes, tags_all))
    return samples


def covered_share(image: Image.Image, box, *, fill=(0, 0, 0)) -> float:
    """Share of the central 80% of a face box painted with the solid fill."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    left, top = int(round(x1 + 0.1 * w)), int(round(y1 + 0.1 * h))
    right, bottom = int(round(x2 - 0.1 * w)), int(round(y2 - 0.1 * h))
    left, top = max(0, left), max(0, top)
    right, bottom = min(image.width, max(right, left + 1)), min(image.height, max(bottom, top + 1))
    region = np.asarray(image.crop((left, top, right, bottom)))
    return float((region == np.array(fill, np.uint8)).all(axis=2).mean())


# --- metadata canaries ---------------------------------------------------------------------------


def _exif_bytes(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = f"Make {CANARY}"  # Make
    exif[0x0110] = f"Model {CANARY}"  # Model
    exif[0x013B] = f"Artist {CANARY}"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to show
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0xA431] = f"Serial {CANARY}"  # BodySerialNumber
    exif_ifd[0xA430] = f"Owner {CANARY}"  # CameraOwnerName
    exif_ifd[0x927C] = f"MakerNote {CANARY}".encode()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", tuple(Fraction(a, b) for a, b in GPS)
    gps[3], gps[4] = "W", (Fraction(74), Fraction(0), Fraction(216, 10))
    return exif.tobytes()


XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    f'exif:GPSLatitude="40,42.77N" exif:GPSLongitude="74,0.36W" dc:creator="{CANARY}"/>'
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _icc_with_description() -> bytes:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return profile.tobytes()


def _exif_with_thumbnail(image: Image.Image, thumbnail: bytes) -> bytes:
    """EXIF whose IFD1 holds a JPEG thumbnail (an unmasked copy of the picture, as cameras do)."""
    exif = Image.Exif()
    exif.load(_exif_bytes(image))
    data = exif.tobytes()
    tiff = bytearray(data[6:])
    e = "<" if tiff[:2] == b"II" else ">"
    ifd0 = struct.unpack(e + "I", tiff[4:8])[0]
    entries = struct.unpack(e + "H", tiff[ifd0 : ifd0 + 2])[0]
    next_pointer = ifd0 + 2 + 12 * entries
    if len(tiff) % 2:
        tiff += b"\x00"
    ifd1 = len(tiff)
    start = ifd1 + 2 + 12 * 3 + 4
    tiff[next_pointer : next_pointer + 4] = struct.pack(e + "I", ifd1)
    tiff += struct.pack(e + "H", 3)
    tiff += struct.pack(e + "HHIHH", 0x0103, 3, 1, 6, 0)  # Compression: JPEG
    tiff += struct.pack(e + "HHII", 0x0201, 4, 1, start)  # JPEGInterchangeFormat
    tiff += struct.pack(e + "HHII", 0x0202, 4, 1, len(thumbnail))  # ...Length
    tiff += struct.pack(e + "I", 0) + thumbnail
    return b"Exif\x00\x00" + bytes(tiff)


def canary_jpeg(image: Image.Image) -> bytes:
    """JPEG with EXIF (GPS, names, serial, MakerNote, orientation 6) and its thumbnail, XMP,
    IPTC (APP13), an ICC profile and a comment."""
    thumb = io.BytesIO()
    image.resize((160, 120)).save(thumb, "JPEG")
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        exif=_exif_with_thumbnail(image, thumb.getvalue()),
        icc_profile=_icc_with_description(),
        comment=f"shot at 5th & Main {CANARY}",
        xmp=XMP.encode(),
        quality=90,
    )
    data = buffer.getvalue()
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(CANARY) + 7) + f"Byline {CANARY}".encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    app13 = _segment(0xED, b"Photoshop 3.0\x00" + resource)
    return data[:2] + app13 + data[2:]


def canary_png(image: Image.Image) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", f"Author {CANARY}")
    info.add_itxt("XML:com.adobe.xmp", XMP)
    info.add_text("Comment", f"GPS {LOCATION} {CANARY}", zip=True)  # zTXt
    exif = Image.Exif()
    exif.load(_exif_bytes(image))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif)
    return buffer.getvalue()


def canary_webp(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif.load(_exif_bytes(image))
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", exif=exif, xmp=XMP.encode(), quality=85)
    return buffer.getvalue()


def canary_video(path, image: Image.Image, *, fmt: str = "mp4", seconds: float = 1.0) -> None:
    """An MP4 or MOV with title, artist, comment, a location (written as the loci/©xyz atom),
    creation time, make and model, stream tags and an audio track."""
    import av

    options = {"movflags": "use_metadata_tags"} if fmt == "mov" else {}
    with av.open(str(path), "w", format=fmt, container_options=options) as out:
        out.metadata.update(
            {
                "title": f"Title {CANARY}",
                "artist": f"Artist {CANARY}",
                "comment": f"Comment {CANARY}",
                "location": LOCATION,
                "com.apple.quicktime.location.ISO6709": LOCATION,
                "creation_time": "2026-02-13T09:30:00Z",
                "make": f"Make {CANARY}",
                "model": f"Model {CANARY}",
            }
        )
        fps = 10
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height = image.width // 2 * 2, image.height // 2 * 2
        video.pix_fmt = "yuv420p"
        video.metadata["handler_name"] = f"Handler {CANARY}"
        audio = out.add_stream("aac", rate=48000)
        audio.layout = "mono"
        audio.metadata["title"] = f"Voice {CANARY}"
        frame_image = image.crop((0, 0, video.width, video.height))
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_image(frame_image)
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        samples = int(48000 * seconds)
        tone = (0.2 * np.sin(np.arange(samples) * 2 * np.pi * 440 / 48000)).astype(np.float32)
        for start in range(0, samples, 1024):
            chunk = tone[start : start + 1024]
            if len(chunk) < 1024:
                break
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
            frame.sample_rate = 48000
            frame.pts = start
            for packet in audio.encode(frame):
                out.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                out.mux(packet)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG that claims to be width x height (a decompression bomb's header)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


# --- leak checks, with parsers first and a byte search second -------------------------------------

JPEG_INFO_ALLOWED = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "progressive",
    "progression",
}
CONTAINER_TAGS_ALLOWED = {"major_brand", "minor_version", "compatible_brands"}
STREAM_TAGS_ALLOWED = {
    "language": {"und"},
    "handler_name": {"VideoHandler", "SoundHandler"},
    "vendor_id": {"[0][0][0][0]"},
}


def image_leaks(data: bytes) -> list[str]:
    """What an output JPEG still carries that it should not (empty when clean)."""
    leaks = []
    image = Image.open(io.BytesIO(data))
    if image.format != "JPEG":
        leaks.append(f"format {image.format}")
    leaks += [f"info:{key}" for key in image.info if key not in JPEG_INFO_ALLOWED]
    leaks += [f"exif:{tag}" for tag in image.getexif()]
    leaks += [
        f"segment:{name}"
        for name, payload in image.applist
        if not (name == "APP0" and payload.startswith(b"JFIF\x00"))
    ]
    if data.count(b"\xff\xd8") > 1:
        leaks.append("second SOI (an embedded thumbnail?)")
    for needle in (CANARY.encode(), b"Exif", b"http://ns.adobe.com", b"8BIM", b"ICC_PROFILE"):
        if needle in data:
            leaks.append(f"bytes:{needle!r}")
    return leaks


def video_leaks(path, *, audio_allowed: bool = False) -> list[str]:
    """What an output video still carries that it should not (empty when clean)."""
    import av

    leaks = []
    with av.open(str(path)) as container:
        leaks += [f"tag:{k}" for k in container.metadata if k not in CONTAINER_TAGS_ALLOWED]
        for stream in container.streams:
            if stream.type not in ("video", "audio") or (
                stream.type == "audio" and not audio_allowed
            ):
                leaks.append(f"stream:{stream.type}")
            for key, value in stream.metadata.items():
                if value not in STREAM_TAGS_ALLOWED.get(key, ()):
                    leaks.append(f"stream tag:{key}={value}")
        if len(container.streams.video) != 1:
            leaks.append("video streams != 1")
        if container.chapters() if hasattr(container, "chapters") else False:
            leaks.append("chapters")
    data = open(path, "rb").read()  # noqa: SIM115 - small test files
    for needle in (
        CANARY.encode(),
        b"x264 - core",
        b"Lavf",
        b"\xa9xyz",
        b"loci",
        b"ISO6709",
        b"creation_time",
    ):
        if needle in data:
            leaks.append(f"bytes:{needle!r}")
    return leaks


def movie_header_times(path) -> tuple[int, int]:
    """Creation and modification times in the `mvhd` atom (0 means "not set")."""
    data = open(path, "rb").read()  # noqa: SIM115 - small test files
    at = data.find(b"mvhd")
    version = data[at + 4]
    if version == 1:
        return struct.unpack(">QQ", data[at + 8 : at + 24])
    return struct.unpack(">II", data[at + 8 : at + 16])
