"""Step 4: cover faces with solid boxes (never blur: blurred faces can be re-identified)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from .types import Box

FILL = (0, 0, 0)
MARGIN = 1.5  # a detector's box is grown to 1.5x its width and height (hair, ears, chin)
MIN_MARGIN = 3  # pixels on each side, for tiny faces
MANUAL_MARGIN = 1.0  # a box drawn by hand is covered exactly as drawn


def cover_boxes(boxes: list[Box], width: int, height: int) -> list[Box]:
    """The rectangles actually painted for `boxes` (grown, clipped), e.g. to show on review."""
    painted = []
    for box in boxes:
        factor = MANUAL_MARGIN if box.source == "manual" else MARGIN
        grown = box.grown(factor, minimum=0 if box.source == "manual" else MIN_MARGIN)
        clipped = grown.clipped(width, height)
        if clipped is not None:
            painted.append(clipped)
    return painted


def cover(image: Image.Image, boxes: list[Box], *, keep_region: Box | None = None) -> Image.Image:
    """A new image with every box painted solid. With `keep_region`, everything outside that
    region is painted too ("cover everything except this"); faces inside it are still covered."""
    out = image.convert("RGB").copy()
    width, height = out.size
    draw = ImageDraw.Draw(out)
    if keep_region is not None:
        keep = keep_region.clipped(width, height)
        if keep is None:
            draw.rectangle((0, 0, width, height), fill=FILL)
        else:
            for rect in (
                (0, 0, width, keep.y),
                (0, keep.y2, width, height),
                (0, keep.y, keep.x, keep.y2),
                (keep.x2, keep.y, width, keep.y2),
            ):
                if rect[2] > rect[0] and rect[3] > rect[1]:
                    draw.rectangle((rect[0], rect[1], rect[2] - 1, rect[3] - 1), fill=FILL)
    for box in cover_boxes(boxes, width, height):
        draw.rectangle((box.x, box.y, box.x2 - 1, box.y2 - 1), fill=FILL)
    return out
