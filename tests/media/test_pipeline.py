"""The privacy pipeline, step by step and end to end (walkout/media/pipeline)."""

import io
import os
import random

import numpy as np
import pytest
from PIL import Image

from tests.media import corpus
from walkout.media import pipeline
from walkout.media.pipeline import Box, MediaRejected, cover, detect_faces, encode_web, load_image
from walkout.media.pipeline import decode as decode_step
from walkout.media.pipeline.encode import check_clean_jpeg


@pytest.fixture(scope="module")
def faces():
    return {sample.name: sample for sample in corpus.real_faces()}


@pytest.fixture(scope="module")
def astronaut(faces):
    return faces["astronaut"].image


def _jpeg(image, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


# --- sniff: by content, never by name ------------------------------------------------------------


def test_sniff_knows_each_supported_kind(astronaut, tmp_path):
    for fmt, kind in (("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp")):
        buffer = io.BytesIO()
        astronaut.save(buffer, fmt)
        assert pipeline.sniff(buffer.getvalue()[:64]) == kind
    corpus.canary_video(tmp_path / "a.mp4", astronaut.resize((64, 64)), seconds=0.2)
    corpus.canary_video(tmp_path / "a.mov", astronaut.resize((64, 64)), fmt="mov", seconds=0.2)
    assert pipeline.sniff((tmp_path / "a.mp4").read_bytes()[:64]) == "mp4"
    assert pipeline.sniff((tmp_path / "a.mov").read_bytes()[:64]) == "mov"
    assert pipeline.sniff(_webm(tmp_path / "a.webm", astronaut).read_bytes()[:64]) == "webm"
    assert pipeline.sniff(_heic(astronaut)[:64]) == "heic"


@pytest.mark.parametrize(
    "head",
    [
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,  # a Linux executable renamed photo.jpg
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56,  # a Windows one
        b"%PDF-1.7\n",
        b"GIF89a\x01\x00\x01\x00",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1",  # AVIF: not supported (yet)
        b"",
    ],
)
def test_sniff_rejects_everything_else(head):
    with pytest.raises(MediaRejected) as caught:
        pipeline.sniff(head)
    assert caught.value.code == "unsupported"
    assert "not supported" in str(caught.value)


def _webm(path, image):
    import av

    with av.open(str(path), "w", format="webm") as out:
        stream = out.add_stream("libvpx-vp9", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(3):
            frame = av.VideoFrame.from_image(image.resize((64, 64)))
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def _heic(image) -> bytes:
    pillow_heif = pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=80)
    return buffer.getvalue()


# --- load_image ----------------------------------------------------------------------------------


def test_load_image_applies_orientation_and_keeps_nothing_but_pixels(astronaut):
    wide = astronaut.crop((0, 0, 300, 200))
    image = load_image(corpus.canary_jpeg(wide))  # EXIF orientation 6: shown turned 90 degrees
    assert image.size == (200, 300)
    assert image.mode == "RGB"
    assert image.info == {}
    assert dict(image.getexif()) == {}


def test_load_image_reads_png_webp_and_heic(astronaut):
    for data in (corpus.canary_png(astronaut), corpus.canary_webp(astronaut), _heic(astronaut)):
        image = load_image(data)
        assert image.size == (512, 512)
        assert image.info == {}


def test_load_image_flattens_transparency_so_hidden_pixels_go():
    rgba = Image.new("RGBA", (8, 8), (255, 0, 0, 0))  # red, fully transparent
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    assert load_image(buffer.getvalue()).getpixel((3, 3)) == (255, 255, 255)


def test_zip_bomb_image_is_refused_before_decoding():
    data = corpus.png_bomb(100_000, 100_000)  # 10 gigapixels in a few hundred bytes
    assert len(data) < 1000
    with pytest.raises(MediaRejected) as caught:
        load_image(data)
    assert caught.value.code == "too_many_pixels"
    with pytest.raises(MediaRejected) as caught:  # under Pillow's own bomb limit, over ours
        load_image(corpus.png_bomb(8000, 8000))
    assert caught.value.code == "too_many_pixels"


def test_truncated_and_damaged_files_are_refused(astronaut, monkeypatch):
    from PIL import ImageFile

    # WeasyPrint switches this on for the whole process when the print views import it.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = _jpeg(astronaut)
    with pytest.raises(MediaRejected) as caught:
        load_image(data[: len(data) // 2])
    assert caught.value.code == "truncated"
    # Garbage after a JPEG signature: Pillow raises all sorts (OSError, KeyError, ...); each
    # must come out as one refusal. Seeded, so that a failure can be replayed.
    rng = random.Random(13)
    for _ in range(50):
        with pytest.raises(MediaRejected) as caught:
            load_image(b"\xff\xd8\xff\xe0" + rng.randbytes(2000))
        assert caught.value.code in {"decode_failed", "truncated"}


def test_too_large_and_wrong_kind_are_refused(astronaut, monkeypatch, tmp_path):
    monkeypatch.setattr(decode_step, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(MediaRejected) as caught:
        load_image(_jpeg(astronaut))
    assert caught.value.code == "too_large"
    monkeypatch.undo()
    corpus.canary_video(tmp_path / "v.mp4", astronaut.resize((64, 64)), seconds=0.2)
    with pytest.raises(MediaRejected) as caught:
        load_image((tmp_path / "v.mp4").read_bytes())
    assert caught.value.code == "unsupported"


# --- detect and cover ----------------------------------------------------------------------------


def test_every_real_face_shipped_in_packages_is_covered(faces):
    """MEDIA_NOTES.md section 5: the real faces available offline must all be covered."""
    total = 0
    for sample in faces.values():
        boxes = detect_faces(sample.image)
        covered = cover(sample.image, boxes)
        for face in sample.boxes:
            share = corpus.covered_share(covered, face)
            assert share >= 0.98, (sample.name, face, share)
            total += 1
    assert total == 10


def test_detect_finds_nothing_in_a_plain_picture():
    assert detect_faces(Image.new("RGB", (640, 480), (90, 120, 160))) == []


def test_low_scores_are_flagged_unsure(faces, monkeypatch):
    boxes = detect_faces(faces["camera"].image)
    assert boxes and all(b.unsure == (b.score < 0.5) for b in boxes)


def test_high_risk_adds_yunet_when_configured(faces, settings):
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "models")
    model = os.path.abspath(os.path.join(path, "yunet_n_640_640.onnx"))
    if not os.path.exists(model):
        pytest.skip("no YuNet model file here")
    settings.WALKOUT_YUNET_MODEL = model
    sample = faces["t1"]
    covered = cover(sample.image, detect_faces(sample.image, high_risk=True))
    assert all(corpus.covered_share(covered, face) >= 0.98 for face in sample.boxes)


def test_a_wrong_yunet_file_stops_with_a_clear_message(settings, tmp_path, astronaut):
    from django.core.exceptions import ImproperlyConfigured

    from walkout.media.pipeline import detect

    fake = tmp_path / "yunet.onnx"
    fake.write_bytes(b"not a model")
    settings.WALKOUT_YUNET_MODEL = str(fake)
    detect._yunet.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="SHA-256"):
        detect_faces(astronaut, high_risk=True)


def test_cover_paints_boxes_larger_than_the_face():
    image = Image.new("RGB", (200, 200), (200, 200, 200))
    out = cover(image, [Box(80, 80, 40, 40, 0.9)])
    pixels = np.asarray(out)
    assert (pixels[70:130, 70:130] == 0).all()  # 1.5x: 60 x 60 around the centre
    assert (pixels[:65] == 200).all() and (pixels[135:] == 200).all()
    assert np.asarray(image).min() == 200  # the input is not changed


def test_a_manual_box_is_covered_as_drawn():
    image = Image.new("RGB", (100, 100), (200, 200, 200))
    pixels = np.asarray(cover(image, [Box(10, 10, 20, 20, source="manual")]))
    assert (pixels[10:30, 10:30] == 0).all()
    assert (pixels[30:, :] == 200).all() and (pixels[:, 30:] == 200).all()


def test_keep_region_covers_everything_else_and_faces_inside_it():
    image = Image.new("RGB", (100, 100), (200, 200, 200))
    out = cover(image, [Box(40, 40, 6, 6)], keep_region=Box(20, 20, 50, 50, source="manual"))
    pixels = np.asarray(out)
    assert (pixels[:20] == 0).all() and (pixels[70:] == 0).all()
    assert (pixels[:, :20] == 0).all() and (pixels[:, 70:] == 0).all()
    assert (pixels[38:49, 38:49] == 0).all()  # the face inside the kept region
    assert (pixels[22:35, 22:35] == 200).all()


def test_box_grown_and_clipped():
    assert Box(10, 10, 20, 40).grown(1.5) == Box(5, 0, 30, 60)
    assert Box(-5, -5, 20, 20).clipped(10, 10) == Box(0, 0, 10, 10)
    assert Box(50, 50, 5, 5).clipped(10, 10) is None


# --- encode_web and the canary corpus ------------------------------------------------------------


@pytest.mark.parametrize("maker", [corpus.canary_jpeg, corpus.canary_png, corpus.canary_webp])
def test_canary_metadata_never_survives(maker, astronaut):
    data = maker(astronaut)
    assert corpus.CANARY.encode() in data or b"x\x9c" in data  # planted (zTXt is compressed)
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(0x8825)  # the input really has GPS
    files = encode_web(cover(load_image(data), []))
    assert set(files) == {"full", "medium", "thumb"}
    for blob in files.values():
        assert corpus.image_leaks(blob) == []


def test_heic_metadata_never_survives(astronaut):
    pillow_heif = pytest.importorskip("pillow_heif")
    exif = Image.Exif()
    exif.load(corpus._exif_bytes(astronaut))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(astronaut).save(buffer, exif=exif.tobytes(), xmp=corpus.XMP.encode())
    for blob in encode_web(load_image(buffer.getvalue())).values():
        assert corpus.image_leaks(blob) == []


def test_web_sizes_are_never_enlarged(astronaut):
    big = astronaut.resize((3000, 2000))
    sizes = {k: Image.open(io.BytesIO(v)).size for k, v in encode_web(big).items()}
    assert sizes == {"full": (2048, 1365), "medium": (1080, 720), "thumb": (400, 267)}
    small = {k: Image.open(io.BytesIO(v)).size for k, v in encode_web(astronaut).items()}
    assert small == {"full": (512, 512), "medium": (512, 512), "thumb": (400, 400)}


def test_the_output_check_refuses_any_metadata_segment(astronaut):
    check_clean_jpeg(_jpeg(astronaut))
    for extra in ({"comment": "hello"}, {"exif": b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"}):
        with pytest.raises(MediaRejected) as caught:
            check_clean_jpeg(_jpeg(astronaut, **extra))
        assert caught.value.code == "metadata_left"
    with pytest.raises(MediaRejected):
        check_clean_jpeg(_jpeg(astronaut) + b"trailing GPS 40.7128")


def test_media_rejected_messages_are_translated():
    from django.utils import translation

    with translation.override("es"):
        message = str(MediaRejected("too_large"))
    assert message  # English until the Spanish catalogue is merged; never empty
    assert MediaRejected("nonsense").message == pipeline.types.MESSAGES["decode_failed"]
