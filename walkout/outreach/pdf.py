"""PDF rendering (WeasyPrint) and QR codes (segno) for printed material.

Stable API, shared with the press kit:

- `render_pdf(template_name, context, *, language)` renders a Django template to PDF bytes in
  `language`. The template gets `font_faces` (the @font-face rules of the print fonts, for a
  `<style>` block: families "Walkout Text" 400/700 and "Walkout Display") and `language`.
- `qr_svg(url)` is inline SVG markup (sized by CSS, viewBox only); `qr_png(url, scale)` PNG
  bytes.

Privacy (SAFETY.md decision 5): the renderer never touches the network. Its URL fetcher
refuses every URL except `data:` URIs and `file://` paths inside our own static folder and the
merged print fonts (fonts.py); anything else, http(s) included, fails as a missing resource,
so no template, and nothing a student typed, can make the server fetch a remote asset.

WeasyPrint loads Pango through cffi: Debian `libpango-1.0-0` and `libpangoft2-1.0-0`
(`.ci/run` installs them). Without them, `PrintUnavailable` says so.
"""

import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from walkout.outreach import fonts

PANGO_HINT = (
    "WeasyPrint needs Pango: install the Debian packages libpango-1.0-0 and "
    "libpangoft2-1.0-0 (apt-get install -y libpango-1.0-0 libpangoft2-1.0-0)."
)


class PrintUnavailable(RuntimeError):
    """PDF rendering cannot run on this machine (a system library or the fonts are missing)."""


def _weasyprint():
    try:
        import weasyprint
    except (OSError, ImportError) as missing:  # cffi could not load libpango / libpangoft2
        raise PrintUnavailable(f"{PANGO_HINT} ({missing})") from missing
    from PIL import ImageFile

    # WeasyPrint turns on Pillow's "load truncated images" for the whole process when it is
    # imported; our uploads must keep refusing truncated files (media/pipeline/decode.py).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def _local_roots() -> list[Path]:
    static = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    return [*static, *fonts.font_roots()]


def allowed_url(url: str) -> bool:
    """True for data: URIs and file:// paths inside our static files and print fonts."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in _local_roots())


def _fetcher_class(weasyprint):
    class LocalOnlyFetcher(weasyprint.urls.URLFetcher):
        """Fetches data: URIs and our own local files; refuses everything else."""

        def fetch(self, url, headers=None):
            if not allowed_url(url):
                raise ValueError(f"refused non-local URL: {url[:80]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """`template_name` rendered in `language` as PDF bytes, fonts embedded and subset."""
    weasyprint = _weasyprint()
    try:
        font_css = fonts.font_face_css()
    except fonts.FontsMissing as missing:
        raise PrintUnavailable(str(missing)) from missing
    with translation.override(language):
        html = render_to_string(
            template_name,
            {**context, "font_faces": mark_safe(font_css), "language": language},  # noqa: S308 -- our own @font-face rules  # nosec
        )
    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    fetcher = _fetcher_class(weasyprint)(allowed_protocols=("data", "file"), timeout=1)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf()


def _qr(url: str):
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline <svg> (viewBox only: size it with CSS)."""
    return _qr(url).svg_inline(border=4, omitsize=True, dark="#000", light="#fff")


def qr_png(url: str, scale: int = 10) -> bytes:
    """The QR code of `url` as PNG bytes, `scale` pixels per module, 4-module quiet zone."""
    out = io.BytesIO()
    _qr(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
