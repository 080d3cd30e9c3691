from django import forms
from django.utils.translation import gettext_lazy as _

# The no-JavaScript grid laid over the picture on the review page: GRID x GRID squares.
GRID = 8


class UploadForm(forms.Form):
    """The options beside the file; the file itself is streamed by uploads.py."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    keep_audio = forms.BooleanField(
        label=_("Keep the sound of a video"),
        help_text=_("Off by default: voices and names called out can identify people."),
        required=False,
    )
    high_risk = forms.BooleanField(
        label=_("A crowd: look extra hard for small faces (slower)"),
        required=False,
    )


def _percent(label):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


class BoxForm(forms.Form):
    """A box typed (or drawn, with JavaScript) in percent of the picture's width and height."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    left = _percent(_("From the left (%)"))
    top = _percent(_("From the top (%)"))
    width = _percent(_("Width (%)"))
    height = _percent(_("Height (%)"))

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data["left"] + data["width"] > 100 or data["top"] + data["height"] > 100:
                raise forms.ValidationError(_("The box goes past the edge of the picture."))
            if data["width"] <= 0 or data["height"] <= 0:
                raise forms.ValidationError(_("The box needs a width and a height."))
        return data

    def pixels(self, width: int, height: int) -> dict[str, int]:
        d = self.cleaned_data
        return {
            "x": int(d["left"] * width / 100),
            "y": int(d["top"] * height / 100),
            "w": int(round(d["width"] * width / 100)),
            "h": int(round(d["height"] * height / 100)),
        }


CELLS = [f"{r}-{c}" for r in range(GRID) for c in range(GRID)]


class GridForm(forms.Form):
    cells = forms.MultipleChoiceField(
        choices=[(cell, cell) for cell in CELLS],
        error_messages={"required": _("Tick at least one square.")},
    )

    def rectangles(self, width: int, height: int) -> list[dict[str, int]]:
        """One rectangle per ticked square, in pixels (edges rounded outwards)."""
        out = []
        for cell in self.cleaned_data["cells"]:
            r, c = (int(n) for n in cell.split("-"))
            x0, x1 = c * width // GRID, -(-(c + 1) * width // GRID)
            y0, y1 = r * height // GRID, -(-(r + 1) * height // GRID)
            out.append({"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0})
        return out

    def bounds(self, width: int, height: int) -> dict[str, int]:
        """The smallest rectangle holding every ticked square."""
        rects = self.rectangles(width, height)
        x0, y0 = min(r["x"] for r in rects), min(r["y"] for r in rects)
        x1 = max(r["x"] + r["w"] for r in rects)
        y1 = max(r["y"] + r["h"] for r in rects)
        return {"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}


class RemoveForm(forms.Form):
    boxes = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Tick the boxes to uncover.")},
    )

    def __init__(self, *args, box_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boxes"].choices = [(pk, pk) for pk in box_ids]
