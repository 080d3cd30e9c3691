"""The review screen: add boxes, uncover false ones, keep one region; then the submission,
which keeps only the covered files and forgets the uploader."""

import io

import numpy as np
import pytest
from django.urls import reverse
from PIL import Image

from tests.helpers import dump_everything
from tests.media.web import (
    HOPPER_FACE,
    crew_member,
    face_jpeg_with_gps,
    files_in,
    media_url,
    upload_file,
    upload_url,
)
from walkout.media import worker
from walkout.media.models import MediaBox, MediaFile, MediaItem, MediaState

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(client):
    crew, member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    worker.process_next()
    item = MediaItem.objects.get()
    assert item.state == MediaState.REVIEW
    return crew, member, token, item


def _preview(client, token, item) -> Image.Image:
    response = client.get(reverse("media:preview", args=[token, item.public_id]))
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def _solid(image, box, fill=(0, 0, 0)) -> float:
    x1, y1, x2, y2 = (int(v) for v in box)
    region = np.asarray(image.crop((x1, y1, x2, y2)))
    return float((np.abs(region.astype(int) - fill) <= 8).all(axis=2).mean())


def test_the_review_page_shows_the_covered_picture_and_the_identifier_note(client, in_review):
    _crew, _member, token, item = in_review
    html = client.get(upload_url(token, item)).content.decode()
    assert "Check before you send" in html
    faces = item.boxes.filter(kind="face").count()
    assert faces >= 1  # Grace Hopper's face, and perhaps a false one (score < 0.3, unsure)
    assert f"We covered {faces} face" in html
    assert "name tags, signs with names, tattoos, school logos" in html
    assert reverse("media:preview", args=[token, item.public_id]) in html
    assert html.count('name="cells"') == 64
    assert 'name="boxes"' in html
    assert "media-review.js" in html
    # The face is covered in the preview (which is the medium size of the same picture).
    preview = _preview(client, token, item)
    assert preview.size == (512, 600)
    x1, y1, x2, y2 = HOPPER_FACE
    w, h = x2 - x1, y2 - y1
    assert _solid(preview, (x1 + 0.1 * w, y1 + 0.1 * h, x2 - 0.1 * w, y2 - 0.1 * h)) > 0.97


def test_an_unsure_face_is_highlighted(client, in_review):
    _crew, _member, token, item = in_review
    item.boxes.update(unsure=False)
    item.boxes.filter(pk=item.boxes.first().pk).update(unsure=True)
    html = client.get(upload_url(token, item)).content.decode()
    assert "1 of them we were unsure of: it has an orange frame. Check it." in html
    assert html.count('class="unsure"') == 1


def test_a_typed_box_covers_that_region(client, in_review):
    _crew, _member, token, item = in_review
    data = {"op": "box-cover", "left": "0", "top": "80", "width": "50", "height": "20"}
    response = client.post(upload_url(token, item), data)
    assert response.status_code == 302
    box = item.boxes.get(kind="manual")
    assert (box.x, box.y, box.w, box.h) == (0, 480, 256, 120)
    assert _solid(_preview(client, token, item), (2, 482, 254, 598)) > 0.97


def test_ticked_squares_are_covered_one_by_one(client, in_review):
    _crew, _member, token, item = in_review
    response = client.post(upload_url(token, item), {"op": "cells-cover", "cells": ["7-0", "7-7"]})
    assert response.status_code == 302
    boxes = sorted((b.x, b.y, b.w, b.h) for b in item.boxes.filter(kind="manual"))
    assert boxes == [(0, 525, 64, 75), (448, 525, 64, 75)]


def test_keep_only_a_region_covers_everything_else(client, in_review):
    _crew, _member, token, item = in_review
    response = client.post(upload_url(token, item), {"op": "cells-keep", "cells": ["7-0", "7-1"]})
    assert response.status_code == 302
    keep = item.boxes.get(kind="keep")
    assert (keep.x, keep.y, keep.w, keep.h) == (0, 525, 128, 75)
    preview = _preview(client, token, item)
    assert _solid(preview, (0, 0, 512, 500)) > 0.99
    # A second keep replaces the first.
    client.post(
        upload_url(token, item),
        {"op": "box-keep", "left": "0", "top": "0", "width": "10", "height": "10"},
    )
    assert item.boxes.filter(kind="keep").count() == 1


def test_a_false_box_can_be_uncovered(client, in_review):
    _crew, _member, token, item = in_review
    faces = list(item.boxes.filter(kind="face").values_list("pk", flat=True))
    response = client.post(upload_url(token, item), {"op": "remove", "boxes": faces})
    assert response.status_code == 302
    assert item.boxes.count() == 0
    assert _solid(_preview(client, token, item), HOPPER_FACE) < 0.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"op": "box-cover", "left": "60", "top": "0", "width": "50", "height": "10"},
            "The box goes past the edge of the picture.",
        ),
        (
            {"op": "box-cover", "left": "-1", "top": "0", "width": "5", "height": "10"},
            "greater than or equal to 0",
        ),
        (
            {"op": "box-cover", "left": "x", "top": "0", "width": "5", "height": "10"},
            "Enter a number.",
        ),
        (
            {"op": "box-cover", "left": "0", "top": "0", "width": "0", "height": "0"},
            "The box needs a width and a height.",
        ),
        (
            {"op": "box-cover", "left": "0", "top": "0", "width": "0.1", "height": "0.1"},
            "That box is too small or outside the picture.",
        ),
        ({"op": "cells-cover"}, "Tick at least one square."),
        ({"op": "cells-keep", "cells": ["8-8"]}, "Select a valid choice."),
        ({"op": "remove"}, "Tick the boxes to uncover."),
        ({"op": "remove", "boxes": ["999999"]}, "Select a valid choice."),
    ],
)
def test_bad_review_input_is_refused_and_changes_nothing(client, in_review, data, message):
    _crew, _member, token, item = in_review
    before = list(MediaBox.objects.values_list("kind", "x", "y", "w", "h"))
    preview = item.preview_file
    response = client.post(upload_url(token, item), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(MediaBox.objects.values_list("kind", "x", "y", "w", "h")) == before
    item.refresh_from_db()
    assert item.preview_file == preview


def test_an_unknown_operation_is_a_bad_request(client, in_review):
    _crew, _member, token, item = in_review
    assert client.post(upload_url(token, item), {"op": "publish"}).status_code == 400


def test_submitting_keeps_only_covered_metadata_free_files_and_forgets_the_uploader(
    client, in_review
):
    _crew, member, token, item = in_review
    client.post(
        upload_url(token, item),
        {"op": "box-cover", "left": "0", "top": "90", "width": "20", "height": "10"},
    )
    response = client.post(upload_url(token, item), {"op": "submit"})
    assert response.status_code == 302
    assert response["Location"] == media_url(token) + "?ok=sent"
    item.refresh_from_db()
    assert item.state == MediaState.SUBMITTED
    assert (item.member_id, item.expires_at, item.pixels_file, item.preview_file) == (
        None,
        None,
        "",
        "",
    )
    assert MediaBox.objects.count() == 0
    assert files_in("work") == files_in("incoming") == []
    roles = dict(MediaFile.objects.values_list("role", "content_type"))
    assert roles == {"full": "image/jpeg", "medium": "image/jpeg", "thumb": "image/jpeg"}
    full = MediaFile.objects.get(role="full")
    from walkout.media import storage

    data = storage.path_of("files", full.filename).read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.size == (512, 600)
    assert not image.getexif()
    assert set(image.info) <= {
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "progressive",
        "progression",
    }
    assert b"CANARY" not in data
    assert _solid(image.convert("RGB"), (200, 150, 330, 310)) > 0.97
    # Nothing ties any media row to the member any more.
    dump = dump_everything()
    assert f"'member_id': {member.pk}" not in "\n".join(
        line for line in dump.splitlines() if "media" in line.lower()
    )
    assert list(MediaItem.objects.values_list("member_id", flat=True)) == [None]
    # It left the member's list and cannot be changed.
    assert client.get(upload_url(token, item)).status_code == 404
    assert client.post(upload_url(token, item), {"op": "discard"}).status_code == 404


def test_discarding_deletes_the_row_and_every_file(client, in_review):
    _crew, _member, token, item = in_review
    response = client.post(upload_url(token, item), {"op": "discard"})
    assert response.status_code == 302
    assert MediaItem.objects.count() == MediaBox.objects.count() == 0
    assert files_in("work") == files_in("incoming") == files_in("files") == []


def test_a_video_is_covered_reviewed_and_submitted_without_sound(client, tmp_path):
    from tests.media import corpus
    from tests.media.web import hopper

    _crew, _member, token = crew_member()
    path = tmp_path / "clip.mov"
    corpus.canary_video(path, hopper(), fmt="mov")
    client.post(
        media_url(token), {"file": upload_file(path.read_bytes(), "clip.mov", "video/quicktime")}
    )
    item = MediaItem.objects.get()
    assert item.kind == "video"
    worker.process_next()
    item.refresh_from_db()
    assert item.state == MediaState.REVIEW, item.error_code
    html = client.get(upload_url(token, item)).content.decode()
    assert "<video" in html and "The sound was removed." in html
    preview = client.get(reverse("media:preview", args=[token, item.public_id]))
    assert preview.status_code == 200 and preview["Content-Type"] == "video/mp4"
    client.post(upload_url(token, item), {"op": "submit"})
    video = MediaFile.objects.get()
    assert (video.role, video.content_type) == ("video", "video/mp4")
    import av

    from walkout.media import storage

    with av.open(str(storage.path_of("files", video.filename))) as container:
        assert [s.type for s in container.streams] == ["video"]
        assert not any(corpus.CANARY in str(v) for v in container.metadata.values())
    assert files_in("work") == files_in("incoming") == []
