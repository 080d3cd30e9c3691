"""Receiving an upload: bounded, sniffed, streamed to a private temp file.

The view checks Content-Length first (a 2 GB request is refused with 413 before one byte of
the body is read). MediaUploadHandler then decides the type from the first bytes (never the
name or the browser's content type), counts every chunk against that type's limit, and
streams to MEDIA_ROOT/incoming (storage.py). A refused file is deleted at once; nothing
partial is kept.
"""

import os

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

from walkout.media import pipeline, storage

PHOTO_TYPES = {"jpeg", "png", "webp", "heic"}
VIDEO_TYPES = {"mp4", "mov", "webm"}
# The first chunk must hold enough bytes to recognise every format.
SNIFF_BYTES = 64


def limit_for(media_type: str) -> int:
    mb = (
        settings.WALKOUT_MEDIA_MAX_VIDEO_MB
        if media_type in VIDEO_TYPES
        else settings.WALKOUT_MEDIA_MAX_PHOTO_MB
    )
    return mb * 1024 * 1024


def largest_upload() -> int:
    """Bytes a whole upload request may have: the larger limit plus room for the form."""
    return max(limit_for("mp4"), limit_for("jpeg")) + 64 * 1024


class IncomingFile(UploadedFile):
    """The streamed original: a path in incoming/ and the type its bytes say."""

    def __init__(self, path, media_type: str, size: int):
        super().__init__(file=None, name=os.path.basename(path), size=size)
        self.path = path
        self.media_type = media_type
        self.claimed = False  # set when an upload takes it over (then processing deletes it)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


class MediaUploadHandler(FileUploadHandler):
    """Streams the one file field `file` to incoming/; sets `problem` when it refuses."""

    def __init__(self, request=None):
        super().__init__(request)
        self.problem = ""
        self.path = None
        self.handle = None
        self.size = 0
        self.media_type = ""
        self.head = b""
        self.seen = False

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        if field_name != "file" or self.seen:
            self.problem = self.problem or "one_file"
            raise SkipFile
        self.seen = True
        self.path = storage.folder("incoming") / storage.new_name("upload")

    def _refuse(self, code: str):
        self.problem = code
        self._discard()
        raise SkipFile

    def _discard(self):
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None

    def receive_data_chunk(self, raw_data, start):
        if self.handle is None:
            self.head += raw_data
            if len(self.head) < SNIFF_BYTES:
                return None
            try:
                self.media_type = pipeline.sniff(self.head)
            except pipeline.MediaRejected as refusal:
                self._refuse(getattr(refusal, "code", "type") or "type")
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self.handle = os.fdopen(fd, "wb")
            raw_data, self.head = self.head, b""
        self.size += len(raw_data)
        if self.size > limit_for(self.media_type):
            self._refuse("too_big")
        self.handle.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.handle is None:
            if self.path is None or self.problem:
                return None
            # A file shorter than SNIFF_BYTES: sniff what there is (it is refused or tiny).
            if not self.head:
                self.problem = "empty"
                return None
            try:
                self.media_type = pipeline.sniff(self.head)
            except pipeline.MediaRejected as refusal:
                self.problem = getattr(refusal, "code", "type") or "type"
                return None
            storage.write("incoming", self.path.name, self.head)
            self.size = len(self.head)
        else:
            self.handle.close()
            self.handle = None
        done, self.path = self.path, None  # the view owns it now
        return IncomingFile(done, self.media_type, self.size)

    def upload_interrupted(self):
        self._discard()


class TooBigHandler(FileUploadHandler):
    """For a request whose Content-Length is over the limits: the fields before the file are
    read (the CSRF token comes first in our form), then reading stops at the file."""

    problem = "too_big"

    def new_file(self, *args, **kwargs):
        raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None

    def upload_interrupted(self):
        return None
