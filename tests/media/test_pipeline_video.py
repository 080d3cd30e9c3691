"""Videos through the pipeline: metadata, audio, limits, and faces covered in the frames."""

import os

import av
import pytest

from tests.media import corpus
from walkout.media.pipeline import MediaRejected, process_video


@pytest.fixture(scope="module")
def astronaut():
    return {s.name: s for s in corpus.real_faces()}["astronaut"]


@pytest.fixture
def canary_mp4(tmp_path, astronaut):
    path = tmp_path / "canary.mp4"
    corpus.canary_video(path, astronaut.image.resize((256, 256)), seconds=0.6)
    return path


@pytest.mark.parametrize("fmt", ["mp4", "mov"])
def test_video_metadata_audio_and_encoder_tags_are_gone(fmt, tmp_path, astronaut):
    src = tmp_path / f"canary.{fmt}"
    corpus.canary_video(src, astronaut.image.resize((256, 256)), fmt=fmt, seconds=0.6)
    with av.open(str(src)) as container:  # the canaries are really there
        assert container.metadata["title"] == f"Title {corpus.CANARY}"
        assert "location" in container.metadata
        assert container.streams.audio
    dst = tmp_path / "out.mp4"
    progress = []
    result = process_video(src, dst, progress=progress.append)
    assert corpus.video_leaks(dst) == []
    assert corpus.movie_header_times(dst) == (0, 0)
    assert result.has_audio is False and result.frames == 6 and result.container == "mp4"
    assert progress[-1] == 1.0
    with av.open(str(dst)) as container:
        assert [s.type for s in container.streams] == ["video"]
        assert sum(1 for _ in container.decode(video=0)) == 6


def test_the_uploader_may_keep_the_audio_without_its_tags(canary_mp4, tmp_path):
    dst = tmp_path / "out.mp4"
    result = process_video(canary_mp4, dst, keep_audio=True)
    assert result.has_audio is True
    assert corpus.video_leaks(dst, audio_allowed=True) == []
    with av.open(str(dst)) as container:
        assert [s.type for s in container.streams] == ["video", "audio"]


def test_faces_in_frames_are_covered(canary_mp4, tmp_path, astronaut):
    dst = tmp_path / "out.mp4"
    process_video(canary_mp4, dst)
    scale = 256 / 512
    face = [v * scale for v in astronaut.boxes[0]]
    with av.open(str(dst)) as container:
        for frame in container.decode(video=0):
            # H.264 turns solid black into near-black: count pixels under 24
            image = frame.to_image().point(lambda v: 0 if v < 24 else v)
            assert corpus.covered_share(image, face) >= 0.95


def test_a_2_gb_video_is_refused_without_reading_it(tmp_path):
    src = tmp_path / "huge.mp4"
    head = (tmp_path / "h").write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
    with open(src, "wb") as handle:  # sparse: 2 GB on paper, a few bytes on disk
        handle.write((tmp_path / "h").read_bytes())
        handle.truncate(2 * 1024**3)
    assert head and os.stat(src).st_size == 2 * 1024**3
    dst = tmp_path / "out.mp4"
    with pytest.raises(MediaRejected) as caught:
        process_video(src, dst)
    assert caught.value.code == "too_large"
    assert not dst.exists()


def test_a_long_video_is_refused_and_nothing_partial_is_kept(canary_mp4, tmp_path):
    dst = tmp_path / "out.mp4"
    with pytest.raises(MediaRejected) as caught:
        process_video(canary_mp4, dst, max_seconds=0.2)
    assert caught.value.code == "video_too_long"
    assert not dst.exists()


def test_truncated_renamed_and_unsupported_videos_are_refused(canary_mp4, tmp_path):
    data = canary_mp4.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 3])
    renamed = tmp_path / "movie.mp4"
    renamed.write_bytes(b"\x7fELF\x02\x01\x01\x00" + os.urandom(4000))
    image = tmp_path / "photo.mov"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    for src, codes in (
        (cut, {"decode_failed", "truncated"}),
        (renamed, {"unsupported"}),
        (image, {"unsupported"}),
    ):
        dst = tmp_path / "out.mp4"
        with pytest.raises(MediaRejected) as caught:
            process_video(src, dst)
        assert caught.value.code in codes, (src.name, caught.value.code)
        assert not dst.exists()


def test_a_60_fps_video_becomes_30_fps_of_the_same_length(tmp_path, astronaut):
    from fractions import Fraction

    src = tmp_path / "fast.mp4"
    with av.open(str(src), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=60)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(60):
            frame = av.VideoFrame.from_image(astronaut.image.resize((64, 64)))
            frame.pts, frame.time_base = i, Fraction(1, 60)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    result = process_video(src, tmp_path / "out.mp4")
    assert (result.fps, result.frames, result.duration) == (30.0, 30, 1.0)
    with av.open(str(tmp_path / "out.mp4")) as container:
        stream = container.streams.video[0]
        assert float(stream.duration * stream.time_base) == pytest.approx(1.0, abs=0.05)
