"""`make bench` (bench/run.py) or `python bench/media.py`: figures for the media privacy pipeline.

All test data is built at run time from images that ship inside installed packages
(tests/media/corpus.py); no third-party photo is in the repository. Prints:

- the synthetic crowd *stress* set (MEDIA_NOTES.md section 6): share of faces fully covered
  (>= 90% of the face's central 80% painted), by face height, for photos, for video frames
  (no 2x pass) and, when WALKOUT_YUNET_MODEL is set, for high-risk mode; false boxes per MP;
- the real faces shipped in packages: how many are covered (all 10 must be);
- seconds for a 12 MP photo end to end and frames per second for a 720p video, on ONE core
  (process pinned to one CPU, onnxruntime with one thread; medians);
- the metadata canary corpus: leaks found by parsers (Pillow, PyAV) and by byte search.

Figures, not pass/fail; on a shared machine timings are noisy. A stress/regression benchmark,
not an accuracy estimate for real protest photos.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkout.settings")

BUCKETS = [(0, 16), (16, 32), (32, 64), (64, 128), (128, 10_000)]
FULLY = 0.9


def _django():
    import django

    django.setup()


def _false_boxes(boxes, faces) -> int:
    false = 0
    for box in boxes:
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        hit = any(
            x1 - 0.5 * (x2 - x1) <= cx <= x2 + 0.5 * (x2 - x1)
            and y1 - 0.5 * (y2 - y1) <= cy <= y2 + 0.5 * (y2 - y1)
            for x1, y1, x2, y2 in faces
        )
        false += not hit
    return false


def crowd_figures(samples, label: str, **detect_options) -> None:
    from tests.media.corpus import covered_share
    from walkout.media.pipeline import cover, detect_faces

    hits = {bucket: [0, 0] for bucket in BUCKETS}
    masked = [0, 0]
    false = 0
    megapixels = 0.0
    started = time.process_time()
    for sample in samples:
        boxes = detect_faces(sample.image, **detect_options)
        covered = cover(sample.image, boxes)
        false += _false_boxes(boxes, sample.boxes)
        megapixels += sample.image.width * sample.image.height / 1e6
        for face, tags in zip(sample.boxes, sample.tags, strict=True):
            ok = covered_share(covered, face) >= FULLY
            height = face[3] - face[1]
            bucket = next(b for b in BUCKETS if b[0] <= height < b[1])
            hits[bucket][0] += ok
            hits[bucket][1] += 1
            if "masked" in tags:
                masked[0] += ok
                masked[1] += 1
    seconds = time.process_time() - started
    total = sum(h[0] for h in hits.values()), sum(h[1] for h in hits.values())
    big = [hits[b] for b in BUCKETS if b[0] >= 32]
    big_share = sum(h[0] for h in big) / max(1, sum(h[1] for h in big))
    cells = "".join(f"{h[0] / max(1, h[1]):>9.2f}" for h in hits.values())
    print(
        f"{label:<22}{total[0] / total[1]:>8.2f}{cells}{big_share:>8.2f}"
        f"{masked[0] / max(1, masked[1]):>8.2f}{false / megapixels:>8.2f}"
        f"{1000 * seconds / megapixels:>10.0f}"
    )


def real_faces_figures() -> None:
    from tests.media.corpus import covered_share, real_faces
    from walkout.media.pipeline import cover, detect_faces

    covered = total = false = 0
    names = []
    for sample in real_faces():
        boxes = detect_faces(sample.image)
        out = cover(sample.image, boxes)
        for face in sample.boxes:
            ok = covered_share(out, face) >= 0.98
            covered += ok
            total += 1
            if not ok:
                names.append(sample.name)
        false += _false_boxes(boxes, sample.boxes)
    missed = f"; missed: {', '.join(names)}" if names else ""
    print(
        f"\nReal faces shipped in packages: {covered}/{total} covered, {false} extra boxes{missed}"
    )


def _one_core():
    if hasattr(os, "sched_getaffinity"):
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(before)})
        return before
    return None


def timing_figures(samples) -> None:
    from tests.media.corpus import canary_jpeg
    from walkout.media.pipeline import cover, detect_faces, encode_web, load_image

    def end_to_end(data: bytes) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        image = load_image(data)
        encode_web(cover(image, detect_faces(image)))
        return time.perf_counter() - wall, time.process_time() - cpu

    twelve = canary_jpeg(samples[0].image.resize((4032, 3024)))
    one = canary_jpeg(samples[1].image.resize((1155, 866)))
    print(
        "\nOne core (pinned), end to end: decode, detect, cover, 3 web sizes; median of 3 "
        "(CPU seconds of this process, and wall seconds, which include waiting for a shared core)"
    )
    for label, data in (("1 MP photo", one), ("12 MP photo", twelve)):
        end_to_end(data)  # warm-up at the same size
        runs = [end_to_end(data) for _ in range(3)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"  {label:<14}{cpu:>7.2f} s CPU {wall:>7.2f} s wall")


def _clip(path, frames: int, fps: int = 30):
    """A 720p H.264 clip panning across a synthetic crowd; returns the face boxes per frame."""
    import av

    from tests.media.corpus import crowd

    scene = crowd(1, seed=777, size=(1280 + 2 * frames, 720))[0]
    boxes = []
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "20"}
        for i in range(frames):
            frame = av.VideoFrame.from_image(scene.image.crop((2 * i, 0, 2 * i + 1280, 720)))
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in stream.encode(frame):
                out.mux(packet)
            boxes.append(
                [
                    (x1 - 2 * i, y1, x2 - 2 * i, y2)
                    for x1, y1, x2, y2 in scene.boxes
                    if x1 - 2 * i >= 0 and x2 - 2 * i <= 1280
                ]
            )
        for packet in stream.encode(None):
            out.mux(packet)
    return boxes


def video_figures(frames: int) -> None:
    import av

    from tests.media.corpus import covered_share
    from walkout.media.pipeline import process_video

    with tempfile.TemporaryDirectory() as folder:
        src, dst = Path(folder) / "clip.mp4", Path(folder) / "out.mp4"
        truth = _clip(src, frames)
        started, cpu = time.perf_counter(), time.process_time()
        result = process_video(src, dst)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        ok = total = 0
        with av.open(str(dst)) as container:
            for i, frame in enumerate(container.decode(video=0)):
                image = frame.to_image().point(lambda v: 0 if v < 24 else v)
                for face in truth[i]:
                    ok += covered_share(image, face) >= FULLY
                    total += 1
    print(
        f"  720p video    {result.frames / cpu:>7.2f} frames/s CPU {result.frames / seconds:>7.2f} "
        f"frames/s wall ({result.frames} frames); faces covered in output frames "
        f"{ok / max(1, total):.2f} ({total} face-frames)"
    )


def canary_figures() -> None:
    from PIL import Image

    from tests.media import corpus
    from walkout.media.pipeline import cover, encode_web, load_image, process_video

    image = corpus.real_faces()[0].image
    leaks = {}
    files = {
        "JPEG (EXIF GPS, thumbnail, XMP, IPTC, ICC, COM)": corpus.canary_jpeg(image),
        "PNG (tEXt, iTXt XMP, zTXt, eXIf)": corpus.canary_png(image),
        "WebP (EXIF, XMP)": corpus.canary_webp(image),
    }
    try:
        import pillow_heif

        exif = Image.Exif()
        exif.load(corpus._exif_bytes(image))
        buffer = io.BytesIO()
        pillow_heif.from_pillow(image).save(buffer, exif=exif.tobytes(), xmp=corpus.XMP.encode())
        files["HEIC (EXIF, XMP)"] = buffer.getvalue()
    except ImportError:
        pass
    for name, data in files.items():
        out = encode_web(cover(load_image(data), []))
        leaks[name] = sorted({leak for blob in out.values() for leak in corpus.image_leaks(blob)})
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("mp4", "mov"):
            src, dst = Path(folder) / f"c.{fmt}", Path(folder) / f"o{fmt}.mp4"
            corpus.canary_video(src, image.resize((320, 320)), fmt=fmt, seconds=0.5)
            process_video(src, dst)
            found = corpus.video_leaks(dst)
            if corpus.movie_header_times(dst) != (0, 0):
                found.append("mvhd times")
            leaks[f"{fmt.upper()} (title, artist, location/loci/©xyz, make, audio)"] = found
    print("\nMetadata canary corpus (Pillow / PyAV parsers, then byte search)")
    for name, found in leaks.items():
        print(f"  {name:<58}{len(found):>3} leaks {', '.join(found)}")
    print(f"  total leaks: {sum(len(f) for f in leaks.values())}")


def media_figures() -> None:
    _django()
    import onnxruntime
    import PIL

    from tests.media.corpus import crowd
    from walkout.media.pipeline.detect import yunet_path

    count = int(os.environ.get("BENCH_MEDIA_IMAGES", "24"))
    before = _one_core()
    try:
        print(
            f"\nMedia pipeline (one core pinned; onnxruntime {onnxruntime.__version__}, "
            f"Pillow {PIL.__version__}; {os.cpu_count()} CPUs on the machine)"
        )
        samples = crowd(count)
        faces = sum(len(s.boxes) for s in samples)
        print(
            f"Synthetic crowd stress set: {count} images of 1280x800, {faces} faces of 10-200 px "
            "(fully covered = >= 90% of the face's central 80% painted)"
        )
        heads = "".join(f"{f'{lo}-{hi}' if hi < 10_000 else f'>={lo}':>9}" for lo, hi in BUCKETS)
        print(f"{'mode':<22}{'all':>8}{heads}{'>=32':>8}{'masked':>8}{'FP/MP':>8}{'CPU ms/MP':>10}")
        crowd_figures(samples, "photo (CenterFace)")
        crowd_figures(samples, "video frame (no 2x)", fast=True)
        if yunet_path():
            crowd_figures(samples, "high risk (+YuNet)", high_risk=True)
        else:
            print("high risk (+YuNet)    not measured: WALKOUT_YUNET_MODEL is not set")
        real_faces_figures()
        timing_figures(samples)
        video_figures(int(os.environ.get("BENCH_MEDIA_FRAMES", "60")))
        canary_figures()
    finally:
        if before:
            os.sched_setaffinity(0, before)


if __name__ == "__main__":
    media_figures()
