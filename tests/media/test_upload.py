"""Receiving uploads: type by content, size limits, clear errors, nothing partial kept."""

import pytest

from tests.media import corpus
from tests.media.web import (
    crew_member,
    face_jpeg_with_gps,
    files_in,
    media_url,
    plain_jpeg,
    upload_file,
    upload_url,
)
from walkout.media import worker
from walkout.media.models import MediaItem, MediaKind, MediaState
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db


def test_the_media_page_shows_the_upload_form_to_any_member(client):
    _crew, _member, token = crew_member()
    response = client.get(media_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="file"' in html
    assert "Photos: JPEG, PNG, WebP or HEIC, up to 20 MB." in html


def test_an_unknown_link_gets_404(client):
    assert client.get(media_url("x" * 43)).status_code == 404


def test_a_photo_is_queued_then_processed_into_review(client):
    _crew, member, token = crew_member()
    response = client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    item = MediaItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == upload_url(token, item)
    assert (item.kind, item.state, item.member) == (MediaKind.PHOTO, MediaState.QUEUED, member)
    assert [p.name for p in files_in("incoming")] == [item.original_file]

    page = client.get(upload_url(token, item)).content.decode()
    assert "Check again" in page and 'hx-trigger="every 2s"' in page

    assert worker.process_next() is True
    item.refresh_from_db()
    assert item.state == MediaState.REVIEW
    assert (item.width, item.height) == (512, 600)  # turned upright by its EXIF orientation
    assert item.original_file == ""
    assert files_in("incoming") == []
    assert item.boxes.filter(kind="face").count() >= 1
    # The kept pixels are sealed: no JPEG or PNG signature, no canary from the metadata.
    sealed = (files_in("work")[0]).read_bytes()
    assert corpus.CANARY.encode() not in sealed
    assert b"\x89PNG" not in sealed[:64] and b"\xff\xd8\xff" not in sealed[:64]
    assert worker.process_next() is False


def test_the_type_comes_from_the_content_not_the_name(client):
    _crew, _member, token = crew_member()
    png = corpus.canary_png(corpus.Image.new("RGB", (40, 30), (10, 200, 10)))
    client.post(media_url(token), {"file": upload_file(png, "holiday.mp4", "video/mp4")})
    item = MediaItem.objects.get()
    assert item.kind == MediaKind.PHOTO


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "photo.jpg"),  # a renamed executable
        (b"MZ\x90\x00" + b"\x00" * 200, "video.mp4"),  # a Windows one
        (b"GIF89a" + b"\x00" * 200, "photo.gif"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.png"),
        (b"PK\x03\x04" + b"\x00" * 200, "photos.zip"),
        (b"%PDF-1.7\n" + b"\x00" * 200, "flyer.jpg"),
    ],
)
def test_files_that_are_not_photos_or_videos_are_refused(client, data, name):
    _crew, _member, token = crew_member()
    response = client.post(media_url(token), {"file": upload_file(data, name)})
    assert response.status_code == 400
    assert "This file type is not supported." in response.content.decode()
    assert "Nothing was kept." in response.content.decode()
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_an_empty_file_and_no_file_are_refused(client):
    _crew, _member, token = crew_member()
    response = client.post(media_url(token), {"file": upload_file(b"", "empty.jpg")})
    assert response.status_code == 400
    assert "This file is empty." in response.content.decode()
    response = client.post(media_url(token), {"keep_audio": "on"})
    assert response.status_code == 400
    assert "Choose a photo or a video to upload." in response.content.decode()
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_a_2_gb_upload_is_refused_before_its_body_is_read(client):
    _crew, _member, token = crew_member()
    # The body holds 300 KB and claims 2 GB; the parser stops at the file's first bytes, so it
    # never asks for more than is there (the test client would fail loudly if it did).
    response = client.post(
        media_url(token),
        {"file": upload_file(plain_jpeg() + b"\0" * 300_000)},
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert "This file is too big. Photos can be up to 20 MB and videos up to 200 MB." in (
        response.content.decode()
    )
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_chunks_are_counted_against_the_limit_of_the_type_the_bytes_say(client, settings):
    """A 2 MB "photo" with a 1 MB photo limit: refused while streaming, nothing left."""
    settings.WALKOUT_MEDIA_MAX_PHOTO_MB = 1
    _crew, _member, token = crew_member()
    big = plain_jpeg() + b"\x00" * (2 * 1024 * 1024)
    response = client.post(media_url(token), {"file": upload_file(big)})
    assert response.status_code == 413
    assert "Photos can be up to 1 MB" in response.content.decode()
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_a_zip_bomb_image_is_rejected_and_nothing_is_kept(client):
    _crew, _member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(corpus.png_bomb(), "bomb.png")})
    item = MediaItem.objects.get()
    worker.process_next()
    item.refresh_from_db()
    assert (item.state, item.error_code) == (MediaState.FAILED, "too_many_pixels")
    assert item.boxes.count() == 0
    assert files_in("incoming") == files_in("work") == files_in("files") == []
    page = client.get(upload_url(token, item)).content.decode()
    assert "This picture or video has too many pixels." in page
    # Dismissing it deletes the row too.
    response = client.post(upload_url(token, item), {"op": "discard"})
    assert response.status_code == 302
    assert MediaItem.objects.count() == 0


def test_a_truncated_photo_is_rejected_and_nothing_is_kept(client):
    _crew, _member, token = crew_member()
    data = face_jpeg_with_gps()
    client.post(media_url(token), {"file": upload_file(data[: len(data) // 2])})
    worker.process_next()
    item = MediaItem.objects.get()
    assert item.state == MediaState.FAILED
    assert item.error_code in {"truncated", "decode_failed"}
    assert files_in("incoming") == files_in("work") == files_in("files") == []


def test_a_truncated_video_is_rejected_and_nothing_is_kept(client, tmp_path):
    _crew, _member, token = crew_member()
    path = tmp_path / "clip.mp4"
    corpus.canary_video(path, corpus.Image.new("RGB", (64, 48), (90, 90, 90)))
    data = path.read_bytes()
    client.post(media_url(token), {"file": upload_file(data[: len(data) // 3], "clip.mp4")})
    worker.process_next()
    item = MediaItem.objects.get()
    assert item.state == MediaState.FAILED
    assert files_in("incoming") == files_in("work") == files_in("files") == []


def test_uploads_wait_until_the_walkout_is_approved(client):
    _crew, _member, token = crew_member(status=WalkoutStatus.PENDING)
    assert "Uploads open once the hub has approved your walkout." in (
        client.get(media_url(token)).content.decode()
    )
    response = client.post(media_url(token), {"file": upload_file(plain_jpeg())})
    assert response.status_code == 403
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_a_forged_post_is_refused_and_its_file_deleted(settings):
    from django.test import Client

    _crew, _member, token = crew_member()
    client = Client(enforce_csrf_checks=True)
    response = client.post(media_url(token), {"file": upload_file(plain_jpeg())})
    assert response.status_code == 403
    assert MediaItem.objects.count() == 0
    assert files_in("incoming") == []


def test_the_network_limit_applies(client, settings):
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 1
    _crew, _member, token = crew_member()
    assert client.post(media_url(token), {"file": upload_file(plain_jpeg())}).status_code == 302
    response = client.post(media_url(token), {"file": upload_file(plain_jpeg())})
    assert response.status_code == 429
    assert MediaItem.objects.count() == 1
    assert len(files_in("incoming")) == 1


def test_one_member_cannot_see_another_members_upload(client):
    crew, _member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    worker.process_next()
    item = MediaItem.objects.get()
    from tests.crews.world import add_member

    _other, other_token = add_member(crew, "other", lead=True)
    from django.urls import reverse

    assert client.get(upload_url(other_token, item)).status_code == 404
    assert (
        client.get(reverse("media:preview", args=[other_token, item.public_id])).status_code == 404
    )
    preview = client.get(reverse("media:preview", args=[token, item.public_id]))
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/jpeg"
    assert upload_url(token, item) not in client.get(media_url(other_token)).content.decode()
    assert upload_url(token, item) in client.get(media_url(token)).content.decode()


def test_the_media_page_costs_the_same_queries_for_one_upload_or_five(
    client, django_assert_num_queries
):
    from django.utils import timezone

    crew, member, token = crew_member()

    def add():
        MediaItem.objects.create(
            walkout=crew.walkout, member=member, kind="photo", created_day=timezone.now().date()
        )

    add()
    with django_assert_num_queries(3):
        client.get(media_url(token))
    for _ in range(4):
        add()
    with django_assert_num_queries(3):
        html = client.get(media_url(token)).content.decode()
    assert html.count("Waiting to be processed") == 5
