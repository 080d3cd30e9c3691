"""Videos: every frame decoded, faces found and covered, the video stream encoded anew (H.264 MP4).

Only new streams are written: no container or stream tags, no chapters, no subtitle or data
tracks (GoPro GPMF and DJI SRT carry GPS), no audio unless the uploader keeps it (then re-encoded),
bit-exact muxing (no "encoder" tag), and the encoder's SEI units removed from the H.264 stream.
Each frame is covered with the boxes found in it and in the frames around it (WINDOW), so a face
the detector misses for a frame or two stays covered.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable
from fractions import Fraction

from PIL import Image

from .cover import cover
from .detect import detect_faces
from .sniff import sniff
from .types import (
    HEAD_BYTES,
    MAX_VIDEO_BYTES,
    MAX_VIDEO_PIXELS,
    MAX_VIDEO_SECONDS,
    VIDEO_KINDS,
    Box,
    MediaRejected,
    VideoResult,
)

OUT_LONGEST = 1280  # output frames are at most 1280 px on their longest side
WINDOW = 2  # frames before and after whose boxes also cover a frame
MAX_FPS = 30
CRF = "23"


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def _out_size(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, OUT_LONGEST / max(width, height))
    return _even(width * scale), _even(height * scale)


def _check_source(src_path, max_bytes: int) -> None:
    try:
        size = os.stat(src_path).st_size
        with open(src_path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise MediaRejected("decode_failed") from exc
    if size > max_bytes:
        raise MediaRejected("too_large")
    if sniff(head) not in VIDEO_KINDS:
        raise MediaRejected("unsupported")


def _duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def _upright(frame) -> Image.Image:
    image = frame.to_image()
    rotation = getattr(frame, "rotation", 0) or 0
    if rotation % 360:
        image = image.rotate(rotation, expand=True)  # display-matrix rotation (phones)
    return image


def process_video(
    src_path,
    dst_path,
    *,
    keep_audio: bool = False,
    high_risk: bool = False,
    progress: Callable[[float], None] | None = None,
    max_bytes: int = MAX_VIDEO_BYTES,
    max_seconds: float = MAX_VIDEO_SECONDS,
) -> VideoResult:
    """Write a covered, metadata-free MP4 of `src_path` to `dst_path`. On any failure `dst_path`
    is removed and MediaRejected raised."""
    import av

    _check_source(src_path, max_bytes)
    try:
        return _process(av, src_path, dst_path, keep_audio, high_risk, progress, max_seconds)
    except MediaRejected:
        _remove(dst_path)
        raise
    except (av.FFmpegError, OSError, ValueError, EOFError) as exc:
        _remove(dst_path)
        raise MediaRejected("decode_failed") from exc
    except BaseException:
        _remove(dst_path)
        raise


def _remove(path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


def _process(av, src_path, dst_path, keep_audio, high_risk, progress, max_seconds):
    with av.open(str(src_path), "r") as source:
        if not source.streams.video:
            raise MediaRejected("no_video_stream")
        vin = source.streams.video[0]
        vin.thread_type = "AUTO"
        vin.codec_context.thread_count = 1
        width, height = vin.codec_context.width, vin.codec_context.height
        if not width or not height:
            raise MediaRejected("decode_failed")
        if width * height > MAX_VIDEO_PIXELS:
            raise MediaRejected("too_many_pixels")
        duration = _duration(source, vin)
        if duration is not None and duration > max_seconds:
            raise MediaRejected("video_too_long")
        rate = vin.average_rate or vin.guessed_rate or Fraction(25)
        rate = min(Fraction(rate).limit_denominator(1001), Fraction(MAX_FPS))
        ain = source.streams.audio[0] if keep_audio and source.streams.audio else None

        with av.open(
            str(dst_path), "w", format="mp4", container_options={"fflags": "+bitexact"}
        ) as sink:
            vout = sink.add_stream("libx264", rate=rate)
            vout.thread_count = 1
            vout.pix_fmt = "yuv420p"
            vout.options = {"preset": "veryfast", "crf": CRF, "flags": "+bitexact"}
            aout = None
            if ain is not None:
                aout = sink.add_stream("aac", rate=48000)
                aout.layout = "stereo"
                resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
            sei = []  # the SEI filter, made when the first packet exists
            frames = covered = 0
            size = None

            def mux_video(packets) -> None:
                for packet in packets:
                    if not sei:
                        sei.append(av.BitStreamFilterContext("filter_units=remove_types=6", vout))
                    for clean in sei[0].filter(packet):
                        clean.stream = vout
                        sink.mux(clean)

            history: deque[list[Box]] = deque(maxlen=WINDOW)
            pending: deque[tuple[Image.Image, list[Box], int]] = deque()
            last_pts = -1

            def release() -> None:
                """Write the oldest pending frame, covered with the boxes of its neighbours."""
                nonlocal frames, covered
                image, boxes, pts = pending.popleft()
                near = [b for bs in history for b in bs] + boxes
                near += [b for _, bs, _ in pending for b in bs]
                covered += len(boxes)
                history.append(boxes)
                out = av.VideoFrame.from_image(cover(image, near))
                out.pts = pts
                out.time_base = 1 / rate
                frames += 1
                mux_video(vout.encode(out))

            streams = [vin] + ([ain] if ain is not None else [])
            for packet in source.demux(*streams):
                for frame in packet.decode():
                    if frame.time is not None and frame.time > max_seconds + 1:
                        raise MediaRejected("video_too_long")
                    if packet.stream is ain:
                        for chunk in resampler.resample(frame):
                            chunk.pts = None
                            for apacket in aout.encode(chunk):
                                sink.mux(apacket)
                        continue
                    # at most MAX_FPS: frames whose time slot is taken are dropped (60 fps -> 30)
                    slot = int(frame.time * rate + 1e-3) if frame.time is not None else last_pts + 1
                    if slot <= last_pts:
                        continue
                    last_pts = slot
                    image = _upright(frame)
                    if size is None:
                        size = _out_size(*image.size)
                        vout.width, vout.height = size
                    if image.size != size:
                        image = image.resize(size, Image.BILINEAR)
                    boxes = detect_faces(image, high_risk=high_risk, fast=True)
                    pending.append((image, boxes, slot))
                    if len(pending) > WINDOW:  # its WINDOW following frames are known
                        release()
                    if progress and duration:
                        progress(min(1.0, float(frame.time or 0) / duration))
            while pending:
                release()
            if frames == 0:
                raise MediaRejected("decode_failed")
            mux_video(vout.encode(None))
            if sei:
                for clean in sei[0].filter(None) or []:  # drain the filter
                    clean.stream = vout
                    sink.mux(clean)
            if aout is not None:
                for apacket in aout.encode(None):
                    sink.mux(apacket)
    if progress:
        progress(1.0)
    return VideoResult(
        width=size[0],
        height=size[1],
        frames=frames,
        duration=float(frames / rate),
        fps=float(rate),
        has_audio=aout is not None,
        faces_covered=covered,
        container="mp4",
    )
