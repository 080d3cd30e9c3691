"""Board notes and contact handles are stored encrypted, with a key kept outside the database.

AES-256-GCM with a random 96-bit nonce, under a key derived from WALKOUT_FIELD_KEY (which the
operator keeps out of database backups, docs/operations.md). The associated data names what
the text is and which crew row it belongs to, so a ciphertext cannot be moved to another
row. Unlike Fernet, the ciphertext carries no timestamp (SAFETY.md requirement 5).

This protects a database dump or backup, not a running server (docs/decisions/0008).
"""

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12


def aead(domain: str = "crew") -> AESGCM:
    """AES-256-GCM under a key derived from WALKOUT_FIELD_KEY for one use (`crew`, `media`)."""
    material = f"walkout-{domain}-v1:{settings.FIELD_ENCRYPTION_KEY}"
    return AESGCM(hashlib.sha256(material.encode()).digest())


def seal(text: str, *, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead().encrypt(nonce, text.encode(), context.encode())
    return base64.b64encode(nonce + sealed).decode()


def unseal(ciphertext: str, *, context: str) -> str:
    """The text, or "" when the ciphertext is damaged, moved or sealed under another key."""
    try:
        raw = base64.b64decode(ciphertext.encode(), validate=True)
        return aead().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except (InvalidTag, ValueError):
        return ""
