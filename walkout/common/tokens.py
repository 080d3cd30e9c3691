"""Capability tokens: 256 random bits given once, kept only as a SHA-256 digest.

SAFETY.md requirements 22 and 23: tokens come from `secrets.token_urlsafe(32)`, the database
holds only their digest, and comparisons run in constant time.
"""

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """Return (token, digest): give the token to its holder, store the digest."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    return bool(_TOKEN_SHAPE.match(token or ""))


def matches(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(token), stored_digest)


def new_public_id() -> str:
    """A non-sequential, non-guessable id for public URLs (requirement 26): 96 bits."""
    return secrets.token_urlsafe(12)
