"""The print fonts: installed by the project's own set-up, never fetched at render time.

The faces come from npm (`@fontsource/atkinson-hyperlegible`, `@fontsource/archivo-black`,
OFL-1.1), which `npm ci --ignore-scripts` puts in node_modules/ (make run and make test do;
docs/decisions/0010-print-material.md). Fontsource splits each face into a `latin` and a
`latin-ext` WOFF2 file; the first use merges the two into one TrueType file under
DATA_DIR/fonts/ with fontTools, so WeasyPrint (through a local file:// @font-face) and Pillow
(ImageFont.truetype) read the same single file with full Spanish and Latin Extended
coverage. Nothing is committed and nothing is downloaded.
"""

import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FONTSOURCE = "node_modules/@fontsource"


class FontsMissing(RuntimeError):
    """The npm font packages are not installed."""


@dataclass(frozen=True)
class Face:
    family: str  # the CSS family name the print templates use
    package: str  # the @fontsource package
    weight: int


BODY = Face("Walkout Text", "atkinson-hyperlegible", 400)
BODY_BOLD = Face("Walkout Text", "atkinson-hyperlegible", 700)
DISPLAY = Face("Walkout Display", "archivo-black", 400)
FACES = (BODY, BODY_BOLD, DISPLAY)


def _package_dir(face: Face) -> Path:
    return settings.BASE_DIR / FONTSOURCE / face.package


def _sources(face: Face) -> list[Path]:
    files = _package_dir(face) / "files"
    names = [
        f"{face.package}-{subset}-{face.weight}-normal.woff2" for subset in ("latin", "latin-ext")
    ]
    paths = [files / name for name in names]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FontsMissing(
            f"Print fonts are missing ({', '.join(missing)}). Run `npm ci --ignore-scripts` "
            "in the project folder (make run and make test do it)."
        )
    return paths


@functools.cache
def _version(face: Face) -> str:
    import json

    meta = json.loads((_package_dir(face) / "package.json").read_text())
    return meta.get("version", "0")


def _fonts_dir() -> Path:
    return Path(settings.DATA_DIR) / "fonts"


def font_path(face: Face) -> Path:
    """One TrueType file for `face`, merged from its npm subsets on first use."""
    sources = _sources(face)
    target = _fonts_dir() / f"{face.package}-{face.weight}-{_version(face)}.ttf"
    if target.exists():
        return target
    from fontTools.merge import Merger

    merged = Merger().merge([str(p) for p in sources])
    merged.flavor = None  # plain TrueType: Pillow and Pango both read it
    target.parent.mkdir(parents=True, exist_ok=True)
    # Two processes may merge at once: write aside, then rename atomically.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            merged.save(out)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def font_face_css() -> str:
    """@font-face rules for the print templates, pointing at the local merged files."""
    rules = []
    for face in FACES:
        rules.append(
            "@font-face{"
            f"font-family:'{face.family}';font-weight:{face.weight};font-style:normal;"
            f"src:url('{font_path(face).as_uri()}') format('truetype')}}"
        )
    return "\n".join(rules)


@functools.cache
def pillow_font(face: Face, size: int):
    """A Pillow font for `face` at `size` pixels (cached per process)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path(face)), size)


def font_roots() -> list[Path]:
    """Folders the PDF renderer may read fonts from."""
    return [_fonts_dir().resolve()]
