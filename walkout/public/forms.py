"""The near-me search: a ZIP code, a city or a school name, or the visitor's own location."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from walkout.walkouts import nearby

RADIUS_MILES = (10, 25, 50, 100)
DEFAULT_RADIUS_MILES = 25
NOT_FOUND = _(
    "We couldn't find “%(q)s”. Try a 5-digit ZIP code, a city such as “Austin, TX”, "
    "or your school's name."
)


def _radius_choices():
    return [(m, ngettext("%(n)s mile", "%(n)s miles", m) % {"n": m}) for m in RADIUS_MILES]


class RadiusField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Within"),
            choices=_radius_choices,
            coerce=int,
            required=False,
            empty_value=DEFAULT_RADIUS_MILES,
            initial=DEFAULT_RADIUS_MILES,
            **kwargs,
        )


class _Radius:
    def radius_miles(self) -> int:
        data = getattr(self, "cleaned_data", None) or {}
        return data.get("radius") or DEFAULT_RADIUS_MILES

    def radius_km(self) -> float:
        return self.radius_miles() * nearby.KM_PER_MILE


class NearForm(_Radius, forms.Form):
    q = forms.CharField(
        label=_("ZIP code, city or school"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "search"}),
    )
    school = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    radius = RadiusField()

    def clean(self):
        data = super().clean()
        q, school = data.get("q", "").strip(), data.get("school")
        self._places = []
        if school:
            place = nearby.place_of_school(school)
            self._places = [place] if place else []
            if not self._places:
                self.add_error("q", _("That school is not in the directory."))
        elif q.isdigit() and len(q) != 5:
            self.add_error("q", _("A ZIP code has 5 digits."))
        elif q:
            self._places = nearby.find_places(q)
            if not self._places:
                self.add_error("q", NOT_FOUND % {"q": q})
        elif "q" not in self.errors:
            self.add_error("q", _("Enter a ZIP code, a city or your school's name."))
        return data

    def places(self) -> list[nearby.Place]:
        """Where the words may be, best first (valid forms only)."""
        return self._places


class LocationForm(_Radius, forms.Form):
    """Filled in by locate.js from the browser's location, rounded to 2 decimals (~1 km)."""

    lat = forms.FloatField(min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(min_value=-180, max_value=180, widget=forms.HiddenInput)
    radius = RadiusField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "locate_%s")  # beside the search form's fields
        super().__init__(*args, **kwargs)

    def places(self) -> list[nearby.Place]:
        point = nearby.Point(round(self.cleaned_data["lat"], 2), round(self.cleaned_data["lon"], 2))
        return [nearby.Place("here", "", point)]
