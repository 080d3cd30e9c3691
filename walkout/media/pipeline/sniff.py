"""Step 1: what the file is, from its first bytes. The name and the browser's type are ignored."""

from __future__ import annotations

from .types import MediaRejected

HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VP",
    b"dash",
    b"mmp4",
    b"3gp4",
    b"3gp5",
    b"3gp6",
}


def _ftyp_brands(head: bytes) -> tuple[bytes, set[bytes]]:
    size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    end = min(len(head), size if size >= 16 else 16)
    compatible = {head[i : i + 4] for i in range(16, end - 3, 4)}
    return major, compatible


def sniff(head: bytes) -> str:
    """The kind: jpeg, png, webp, heic, mp4, mov or webm. Anything else raises MediaRejected."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        major, compatible = _ftyp_brands(head)
        if major in HEIC_BRANDS or (major in (b"mif1", b"msf1") and compatible & HEIC_BRANDS):
            return "heic"
        if major == b"qt  ":
            return "mov"
        if major in MP4_BRANDS:
            return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return "webm"
    raise MediaRejected("unsupported")
