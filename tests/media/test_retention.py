"""Deletion: expired uploads, stray files, and everything of a deleted walkout or member."""

import datetime
import os
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.media.web import (
    crew_member,
    face_jpeg_with_gps,
    files_in,
    media_url,
    stored_item,
    upload_file,
)
from walkout.common import retention
from walkout.crews import actions as crew_actions
from walkout.media import actions, storage, worker
from walkout.media.models import MediaFile, MediaItem, MediaState
from walkout.walkouts import actions as walkout_actions

pytestmark = pytest.mark.django_db


def _in_review(client):
    crew, member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    worker.process_next()
    return crew, member, token, MediaItem.objects.get()


def test_an_upload_not_sent_within_the_hour_is_purged_with_its_files(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _crew, _member, _token, item = _in_review(client)
    assert item.expires_at == timezone.now() + datetime.timedelta(minutes=60)
    assert len(files_in("work")) == 2
    assert actions.purge_media() == {}
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=61), tick=False)
    boxes = item.boxes.count()
    assert actions.purge_media() == {"media.MediaBox": boxes, "media.MediaItem": 1}
    assert MediaItem.objects.count() == 0
    assert files_in("work") == []


def test_failed_and_stuck_uploads_are_purged_but_submitted_ones_stay(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    crew, member, _token = crew_member()
    soon = timezone.now() + datetime.timedelta(minutes=30)
    for state in (MediaState.FAILED, MediaState.PROCESSING, MediaState.QUEUED):
        MediaItem.objects.create(
            walkout=crew.walkout,
            member=member,
            kind="photo",
            state=state,
            expires_at=soon,
            created_day=soon.date(),
        )
    kept = stored_item(crew.walkout)
    time_machine.move_to(soon + datetime.timedelta(seconds=1), tick=False)
    assert actions.purge_media() == {"media.MediaItem": 3}
    assert list(MediaItem.objects.all()) == [kept]
    assert len(files_in("files")) == 3


def test_the_daily_purge_includes_media_and_a_dry_run_keeps_files(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _in_review(client)
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2), tick=False)
    report = retention.purge(dry_run=True, vacuum=False)
    assert report.deleted["media.MediaItem"] == 1
    assert MediaItem.objects.count() == 1
    report = retention.purge(vacuum=False)
    assert report.deleted["media.MediaItem"] == 1
    assert MediaItem.objects.count() == 0


def test_stray_files_older_than_a_day_are_removed():
    old = storage.write("incoming", storage.new_name("upload"), b"left by a crash")
    fresh = storage.write("incoming", storage.new_name("upload"), b"being uploaded now")
    stale_work = storage.write("work", storage.new_name("px"), b"sealed pixels")
    day_ago = time.time() - 2 * 86400
    for path in (old, stale_work):
        os.utime(path, (day_ago, day_ago))
    assert actions.purge_media() == {"stray media files": 2}
    assert files_in("incoming") == [fresh]
    assert files_in("work") == []


def test_deleting_a_walkout_deletes_its_media_files():
    crew, member, _token = crew_member()
    stored_item(crew.walkout, state=MediaState.APPROVED)
    stored_item(crew.walkout)
    assert len(files_in("files")) == 6
    walkout_actions.delete_walkout(crew.walkout)
    assert MediaItem.objects.count() == MediaFile.objects.count() == 0
    assert files_in("files") == []


def test_deleting_a_crew_or_a_member_deletes_their_unsent_uploads(client):
    crew, member, token, item = _in_review(client)
    submitted = stored_item(crew.walkout)
    assert len(files_in("work")) == 2
    crew_actions.delete_crew(crew)
    assert list(MediaItem.objects.all()) == [submitted]
    assert files_in("work") == []


def test_a_member_who_leaves_takes_their_unsent_uploads(client):
    crew, member, token, item = _in_review(client)
    crew_actions.leave_crew(member=member)
    assert MediaItem.objects.count() == 0
    assert files_in("work") == []


def test_two_workers_never_claim_the_same_upload(client):
    crew, member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    first = worker.claim_next()
    assert first is not None and first.state == MediaState.PROCESSING
    assert worker.claim_next() is None
    actions.process(first)
    first.refresh_from_db()
    assert first.state == MediaState.REVIEW


def test_the_worker_command_processes_the_queue_once(client, capsys):
    crew, member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})
    call_command("media_worker", "--once")
    assert "Processed 1 upload(s)." in capsys.readouterr().out
    assert MediaItem.objects.get().state == MediaState.REVIEW


def test_a_pipeline_crash_fails_the_upload_and_deletes_the_original(client, monkeypatch):
    crew, member, token = crew_member()
    client.post(media_url(token), {"file": upload_file(face_jpeg_with_gps())})

    def explode(*args, **kwargs):
        raise RuntimeError("detector crashed")

    monkeypatch.setattr("walkout.media.pipeline.detect_faces", explode)
    worker.process_next()
    item = MediaItem.objects.get()
    assert (item.state, item.error_code) == (MediaState.FAILED, "broken")
    assert files_in("incoming") == files_in("work") == []
