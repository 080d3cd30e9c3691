"""Flyers, posters and share images for a walkout: content, layout, rendering and caching.

Everything printed is what the walkout's public page already shows (school, place, local
date and time, the call, the crew's adopted demands or the call's chants) plus a QR code to
that page: never a meeting spot, a pseudonym or anything from the crew's private pages.

Generated files are kept in the default cache under a SHA-256 of everything they show
(`Material.signature`), so any change to the walkout, its school, its call or its adopted
demands gives a new key and the next request regenerates the file; old entries expire.
Cache keys and values hold nothing about a visitor.
"""

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from walkout.crews import queries as crew_queries
from walkout.outreach import fonts, pdf
from walkout.walkouts.models import Walkout
from walkout.walkouts.templatetags.walkout_tags import local_date, local_time

LANGUAGES = ("en", "es")
# Bump when a template or layout changes, so cached files are redrawn.
LAYOUT_VERSION = "3"
CACHE_SECONDS = 24 * 3600
SLOGAN_MAX = 80
DEMANDS_SHOWN = 5
CHANTS_SHOWN = 3
POSTER_POINTS = 3  # posters keep the type large


@dataclass(frozen=True)
class Paper:
    """A paper size in points (1/72 in)."""

    code: str
    css: str  # the CSS @page size
    width: float
    height: float
    poster: bool


PAPERS = {
    "letter": Paper("letter", "letter", 612, 792, False),
    "a4": Paper("a4", "A4", 595.3, 841.9, False),
    "tabloid": Paper("tabloid", "11in 17in", 792, 1224, True),
    "a3": Paper("a3", "A3", 841.9, 1190.6, True),
}
SHARE_SIZES = {"story": (1080, 1920), "preview": (1200, 630)}


def paper_labels() -> dict[str, str]:
    return {
        "letter": _("Letter flyer (8.5 × 11 in)"),
        "a4": _("A4 flyer"),
        "tabloid": _("Poster, 11 × 17 in (tabloid)"),
        "a3": _("Poster, A3"),
    }


def share_labels() -> dict[str, str]:
    return {
        "story": _("Story image (1080 × 1920)"),
        "preview": _("Link preview image (1200 × 630)"),
    }


def language_labels() -> dict[str, str]:
    return {"en": _("English"), "es": _("Spanish")}


# --- text fitting --------------------------------------------------------------------------


def _pieces(word: str, fits) -> list[str]:
    """`word` cut into the longest runs of characters that fit (a 40-letter word still fits)."""
    pieces, piece = [], ""
    for char in word:
        if piece and not fits(piece + char):
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def _wrap(text: str, face: fonts.Face, size: float, width: float) -> list[str] | None:
    """Greedy word wrap at `size`; words wider than `width` are cut. None if a single
    character does not fit."""
    font = fonts.pillow_font(face, 200)
    scale = size / 200

    def fits(chunk: str) -> bool:
        return font.getlength(chunk) * scale <= width

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        words = [
            p
            for word in paragraph.split()
            for p in (_pieces(word, fits) if not fits(word) else [word])
        ]
        for word in words:
            if not fits(word):
                return None
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) * scale > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fit(
    texts: list[str],
    face: fonts.Face,
    width: float,
    height: float,
    *,
    largest: float,
    smallest: float,
    leading: float = 1.15,
    gap: float = 0.4,
) -> tuple[float, list[list[str]]]:
    """The largest size (in the box's unit) at which every text wraps inside width × height.

    `gap` is the space between texts, in lines. Returns the size and the wrapped lines; at
    `smallest` the lines may still overflow (the templates clip them; the caller keeps texts
    short enough that it does not happen: SLOGAN_MAX, DEMANDS_SHOWN).
    """
    width *= 0.96  # margin for the renderer's kerning and rounding
    size = largest
    while True:
        wrapped = [_wrap(text, face, size, width) for text in texts]
        if all(w is not None for w in wrapped):
            lines = sum(len(w) for w in wrapped)
            total = size * leading * lines + size * gap * max(len(texts) - 1, 0)
            if total <= height:
                return size, wrapped
        if size <= smallest:
            return smallest, [w or [t] for w, t in zip(wrapped, texts, strict=True)]
        size = max(smallest, size * 0.94)


# --- content -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Material:
    """What a flyer, poster or share image of one walkout shows, in one language."""

    language: str
    url: str
    school: str
    place: str
    date: str
    time: str
    call: str
    heading: str
    points: list[str] = field(default_factory=list)

    def signature(self, kind: str) -> str:
        data = {"v": LAYOUT_VERSION, "kind": kind, **asdict(self)}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def public_base_url(request) -> str:
    """Where QR codes and share links point: WALKOUT_PUBLIC_BASE_URL, else this request's
    own scheme and host (checked against ALLOWED_HOSTS by Django)."""
    base = getattr(settings, "WALKOUT_PUBLIC_BASE_URL", "")
    if base:
        return base.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def walkout_url(walkout: Walkout, base: str, language: str) -> str:
    with translation.override(language):
        return base + reverse("walkouts:walkout", args=[walkout.public_id])


def material_for(walkout: Walkout, *, language: str, base: str) -> Material:
    """The printable content of `walkout` in `language` (two queries: demands, none else)."""
    demands = crew_queries.adopted_demands(walkout)
    with translation.override(language):
        if demands:
            heading, points = _("Our demands"), demands[:DEMANDS_SHOWN]
        else:
            heading, points = _("Chants"), walkout.action.lines("chants")[:CHANTS_SHOWN]
        return Material(
            language=language,
            url=walkout_url(walkout, base, language),
            school=walkout.school.name,
            place=f"{walkout.school.city}, {walkout.school.state}",
            date=local_date(walkout),
            time=local_time(walkout),
            call=walkout.action.t("title"),
            heading=heading if points else "",
            points=points,
        )


def _cached(key: str, build) -> tuple[bytes, bool]:
    """(bytes, True) from the cache, or (build(), False) after storing it."""
    found = cache.get(key)
    if found is not None:
        return found, True
    made = build()
    cache.set(key, made, CACHE_SECONDS)
    return made, False


# --- PDFs ----------------------------------------------------------------------------------


def _css(sizes: dict) -> dict:
    """Point sizes as CSS lengths, never localized ('12.50pt', not '12,50pt')."""
    return {name: f"{value:.2f}pt" for name, value in sizes.items()}


def _layout(paper: Paper, school: str, points: list[str]) -> dict:
    """Sizes (pt) for the flyer template, fitted so long names and demands never overflow."""
    s = paper.width / 612  # 1 on Letter
    margin = (48 if paper.poster else 36) * s
    inner = paper.width - 2 * margin
    big = 1.25 if paper.poster else 1.0
    qr = (190 if paper.poster else 150) * s
    fixed = {
        "kicker": 30 * s * big,
        "place": 16 * s * big,
        "date": 22 * s * big,
        "time": 40 * s * big,
        "call": 13 * s * big,
        "heading": 18 * s * big,
        "qr_text": 12 * s,
    }
    school_box = (150 if paper.poster else 130) * s
    school_size, _lines = fit(
        [school], fonts.DISPLAY, inner, school_box, largest=64 * s * big, smallest=14 * s
    )
    used = (
        fixed["kicker"] * 1.4
        + school_box
        + fixed["place"] * 1.8
        + fixed["date"] * 1.4
        + fixed["time"] * 1.3
        + 24 * s  # when-box padding
        + fixed["call"] * 2.2
        + (fixed["heading"] * 1.6 if points else 0)
        + qr
        + 24 * s  # space above the QR row
    )
    points_box = max(paper.height - 2 * margin - used, 40 * s)
    points_size, _lines = fit(
        points or [""],
        fonts.BODY_BOLD,
        inner - 24 * s,
        points_box,
        largest=40 * s * big,
        smallest=9 * s,
        leading=1.25,
        gap=0.35,
    )
    return _css(
        {
            **fixed,
            "margin": margin,
            "school": school_size,
            "school_box": school_box,
            "points": points_size,
            "points_box": points_box,
            "qr": qr,
        }
    )


def flyer_pdf(walkout: Walkout, *, paper: str, language: str, base: str) -> tuple[bytes, bool]:
    """The flyer or poster PDF of `walkout` (cached). Returns (bytes, came_from_cache)."""
    material = material_for(walkout, language=language, base=base)
    size = PAPERS[paper]
    key = "outreach:pdf:" + material.signature(f"flyer-{paper}")

    def build() -> bytes:
        shown = material.points[: POSTER_POINTS if size.poster else DEMANDS_SHOWN]
        context = {
            "m": material,
            "points": shown,
            "paper": size,
            "box": _layout(size, material.school, shown),
            "qr": pdf.qr_svg(material.url),
        }
        return pdf.render_pdf("outreach/print/_flyer.html", context, language=language)

    return _cached(key, build)


def slogan_pdf(walkout: Walkout, *, slogan: str, paper: str, language: str, base: str) -> bytes:
    """A big-type poster of the crew's own slogan, with the QR code (never stored)."""
    material = material_for(walkout, language=language, base=base)
    size = PAPERS[paper]
    s = size.width / 612
    margin = (48 if size.poster else 36) * s
    qr = (170 if size.poster else 130) * s
    box_w = size.width - 2 * margin
    box_h = size.height - 2 * margin - qr - 90 * s
    slogan_size, lines = fit(
        [slogan], fonts.DISPLAY, box_w, box_h, largest=220 * s, smallest=18 * s, leading=1.1
    )
    context = {
        "m": material,
        "paper": size,
        "slogan_lines": lines[0],
        "box": _css(
            {
                "margin": margin,
                "slogan": slogan_size,
                "slogan_box": box_h,
                "qr": qr,
                "small": 14 * s,
                "qr_text": 12 * s,
            }
        ),
        "qr": pdf.qr_svg(material.url),
    }
    return pdf.render_pdf("outreach/print/_slogan.html", context, language=language)


# --- share images --------------------------------------------------------------------------

INK = (27, 27, 31)
ACCENT = (179, 38, 30)
PAPER_WHITE = (255, 253, 248)


def share_png(walkout: Walkout, *, kind: str, language: str, base: str) -> tuple[bytes, bool]:
    """The 1080×1920 story or 1200×630 preview PNG (cached). Returns (bytes, from_cache)."""
    material = material_for(walkout, language=language, base=base)
    key = "outreach:png:" + material.signature(f"share-{kind}")
    return _cached(key, lambda: _draw(material, kind))


def _draw_lines(draw, lines, face, size, x, y, fill, leading=1.15) -> float:
    font = fonts.pillow_font(face, int(size))
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += size * leading
    return y


def _whole_modules(qr_image, side: int):
    """The one-pixel-per-module QR scaled by a whole factor to at most `side` pixels."""
    from PIL import Image

    factor = max(1, side // qr_image.width)
    return qr_image.resize((qr_image.width * factor, qr_image.width * factor), Image.NEAREST)


def _draw(material: Material, kind: str) -> bytes:
    from PIL import Image, ImageDraw

    width, height = SHARE_SIZES[kind]
    image = Image.new("RGB", (width, height), PAPER_WHITE)
    draw = ImageDraw.Draw(image)
    with translation.override(material.language):
        kicker = _("Student walkout")
        scan = _("Scan for details")
    qr_image = Image.open(io.BytesIO(pdf.qr_png(material.url, scale=1))).convert("RGB")
    if kind == "story":
        pad = 80
        inner = width - 2 * pad
        draw.rectangle((0, 0, width, 300), fill=ACCENT)
        kicker_size, kicker_lines = fit(
            [kicker.upper()], fonts.DISPLAY, inner, 200, largest=110, smallest=40
        )
        _draw_lines(draw, kicker_lines[0], fonts.DISPLAY, kicker_size, pad, 90, (255, 255, 255))
        school_size, school_lines = fit(
            [material.school], fonts.DISPLAY, inner, 380, largest=120, smallest=40
        )
        y = _draw_lines(draw, school_lines[0], fonts.DISPLAY, school_size, pad, 360, INK)
        y = _draw_lines(draw, [material.place], fonts.BODY, 48, pad, y + 10, INK)
        date_size, date_lines = fit(
            [material.date], fonts.BODY_BOLD, inner, 140, largest=64, smallest=36
        )
        y = _draw_lines(draw, date_lines[0], fonts.BODY_BOLD, date_size, pad, y + 50, INK)
        time_size, time_lines = fit(
            [material.time], fonts.DISPLAY, inner, 130, largest=110, smallest=50
        )
        y = _draw_lines(draw, time_lines[0], fonts.DISPLAY, time_size, pad, y + 10, ACCENT)
        qr_big = _whole_modules(qr_image, 540)
        qr_side = qr_big.width
        qr_top = height - qr_side - 170  # text above ends by 1,131 px (boxes fitted above)
        image.paste(qr_big, ((width - qr_side) // 2, qr_top))
        font = fonts.pillow_font(fonts.BODY_BOLD, 52)
        draw.text((width // 2, qr_top + qr_side + 40), scan, font=font, fill=INK, anchor="ma")
    else:
        pad = 56
        qr_side = 420
        text_w = width - qr_side - 3 * pad
        draw.rectangle((0, 0, width, 16), fill=ACCENT)
        kicker_size, kicker_lines = fit(
            [kicker.upper()], fonts.DISPLAY, text_w, 60, largest=48, smallest=24
        )
        y = _draw_lines(draw, kicker_lines[0], fonts.DISPLAY, kicker_size, pad, 60, ACCENT)
        school_size, school_lines = fit(
            [material.school], fonts.DISPLAY, text_w, 230, largest=78, smallest=28
        )
        y = _draw_lines(draw, school_lines[0], fonts.DISPLAY, school_size, pad, y + 20, INK)
        y = _draw_lines(draw, [material.place], fonts.BODY, 32, pad, y + 6, INK)
        date_size, date_lines = fit(
            [material.date], fonts.BODY_BOLD, text_w, 90, largest=40, smallest=24
        )
        y = _draw_lines(draw, date_lines[0], fonts.BODY_BOLD, date_size, pad, y + 24, INK)
        time_size, time_lines = fit(
            [material.time], fonts.DISPLAY, text_w, 66, largest=56, smallest=30
        )
        _draw_lines(draw, time_lines[0], fonts.DISPLAY, time_size, pad, y + 4, ACCENT)
        qr_big = _whole_modules(qr_image, qr_side)
        qr_side = qr_big.width
        qr_top = (height - qr_side) // 2 - 20
        image.paste(qr_big, (width - qr_side - pad, qr_top))
        font = fonts.pillow_font(fonts.BODY_BOLD, 30)
        draw.text(
            (width - pad - qr_side // 2, qr_top + qr_side + 12),
            scan,
            font=font,
            fill=INK,
            anchor="ma",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def local_moment(walkout: Walkout):
    return walkout.starts_at.astimezone(ZoneInfo(walkout.timezone))


def file_name(walkout: Walkout, stem: str, language: str, ext: str) -> str:
    day = dateformat.format(local_moment(walkout), "Y-m-d")
    return f"walkout-{walkout.public_id}-{day}-{stem}-{language}.{ext}"
