"""Where media bytes live: three private folders under MEDIA_ROOT, random file names.

* `incoming/`: an upload's original, streamed there by the upload handler (uploads.py) and
  deleted in a `finally` as soon as the pipeline has read it (or the upload is refused).
  Not encrypted: the decoders need a plain file (PyAV opens a path), so encrypting would only
  move the plaintext; put WALKOUT_MEDIA_INCOMING_DIR on a tmpfs so a power cut erases it
  (docs/operations.md, "Photos and videos").
* `work/`: what review needs: the oriented, metadata-free pixels (AES-GCM under a key derived
  from WALKOUT_FIELD_KEY, so a copy of the disk alone shows no uncovered face), and the covered
  preview. Deleted at submission, dismissal or expiry.
* `files/`: the final covered files, served by views/files.py only when visible.

Names are 128 random bits: nothing about the walkout, the uploader or the time.
"""

import contextlib
import os
import secrets
from pathlib import Path

from django.conf import settings

from walkout.crews import crypto

NONCE_BYTES = crypto.NONCE_BYTES
FOLDERS = ("incoming", "work", "files")


def root() -> Path:
    return Path(settings.MEDIA_ROOT)


def folder(kind: str) -> Path:
    if kind == "incoming" and settings.WALKOUT_MEDIA_INCOMING_DIR:
        path = Path(settings.WALKOUT_MEDIA_INCOMING_DIR)
    else:
        path = root() / kind
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def new_name(suffix: str) -> str:
    return f"{secrets.token_urlsafe(16)}.{suffix}"


def path_of(kind: str, name: str) -> Path:
    """The path of `name` in folder `kind`; refuses names that are not plain file names."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError("not a media file name")
    return folder(kind) / name


def write(kind: str, name: str, data: bytes) -> Path:
    path = path_of(kind, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def unlink(kind: str, name: str) -> None:
    if not name:
        return
    with contextlib.suppress(ValueError):
        path_of(kind, name).unlink(missing_ok=True)


def write_sealed(name: str, data: bytes, *, context: str) -> None:
    """Write `data` to work/`name`, encrypted; `context` binds it to its item."""
    nonce = os.urandom(NONCE_BYTES)
    write("work", name, nonce + crypto.aead("media").encrypt(nonce, data, context.encode()))


def read_sealed(name: str, *, context: str) -> bytes:
    raw = path_of("work", name).read_bytes()
    return crypto.aead("media").decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
