"""Small charts drawn on the server as inline SVG: no JavaScript, no style attributes.

Each chart carries a <title> and a <desc> (named by aria-labelledby) so a screen reader
announces what it shows; pages also give the same numbers as a table. Colours and fonts come
from site.css (`.chart` classes), so the strict Content-Security-Policy holds.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Text is drawn at FONT units in a WIDTH-unit-wide box: about 12px on a 360px phone.
WIDTH = 560
FONT = 20
CHAR = 0.6 * FONT  # a generous average character width, for the widest system fonts


def _frame(key: str, height: int, title: str, description: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{k}-title {k}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{k}-title">{t}</title><desc id="{k}-desc">{d}</desc>{b}</svg>',
        w=WIDTH,
        h=height,
        k=key,
        t=title,
        d=description,
        b=body,
    )


def bar_chart(
    rows: list[tuple[str, int]], *, key: str, title: str, description: str, label_width: int = 150
) -> SafeString:
    """Horizontal bars, one row per (label, value), value written at the end of each bar.

    The label column grows to fit the longest label (a translation is often longer), up to
    all but 160 units of the width, so that no label is cut at the left edge."""
    row_h, bar_h = 30, 22
    longest = max((len(str(label)) for label, _ in rows), default=0)
    label_width = max(label_width, min(round(CHAR * longest) + 12, WIDTH - 160))
    top = max((value for _, value in rows), default=0) or 1
    room = WIDTH - label_width - 70
    parts = []
    for i, (label, value) in enumerate(rows):
        y = 4 + i * row_h
        width = round(room * value / top, 1) if value else 0
        parts.append(
            format_html(
                '<text class="label" x="{lx}" y="{ty}" text-anchor="end" font-size="{f}">{label}'
                '</text><rect class="bar" x="{bx}" y="{y}" width="{bw}" height="{bh}"></rect>'
                '<text class="value" x="{vx}" y="{ty}" font-size="{f}">{value}</text>',
                lx=label_width - 6,
                ty=y + bar_h - 4,
                f=FONT,
                label=label,
                bx=label_width,
                y=y,
                bw=width,
                bh=bar_h,
                vx=label_width + width + 5,
                value=value,
            )
        )
    height = 8 + len(rows) * row_h
    return _frame(key, height, title, description, mark_safe("".join(parts)))  # noqa: S308 -- parts built by format_html  # nosec


def column_chart(
    rows: list[tuple[str, int]], *, key: str, title: str, description: str
) -> SafeString:
    """Vertical columns over a series (days): the largest value, 0, the first and last label."""
    left, right, top_y, bottom_y, height = 56, WIDTH - 6, 8, 200, 236
    top = max((value for _, value in rows), default=0) or 1
    step = (right - left) / max(len(rows), 1)
    gap = min(2, step / 4)
    columns = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>',
        (
            (
                round(left + i * step + gap / 2, 1),
                round(bottom_y - (bottom_y - top_y) * value / top, 1),
                round(step - gap, 1),
                round((bottom_y - top_y) * value / top, 1),
            )
            for i, (_, value) in enumerate(rows)
        ),
    )
    axes = format_html(
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"></line>'
        '<text class="value" x="{lt}" y="{ty}" text-anchor="end" font-size="{f}">{top}</text>'
        '<text class="value" x="{lt}" y="{b}" text-anchor="end" font-size="{f}">0</text>'
        '<text class="label" x="{l}" y="{ly}" font-size="{f}">{first}</text>'
        '<text class="label" x="{r}" y="{ly}" text-anchor="end" font-size="{f}">{last}</text>',
        l=left,
        r=right,
        b=bottom_y,
        lt=left - 6,
        ty=top_y + FONT - 2,
        f=FONT,
        top=top,
        ly=bottom_y + FONT + 8,
        first=rows[0][0] if rows else "",
        last=rows[-1][0] if len(rows) > 1 else "",
    )
    return _frame(key, height, title, description, columns + axes)
